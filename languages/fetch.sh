#!/usr/bin/env bash
# Download the pinned language-data package into DIR, check it against SOURCES.md, unpack it.
# usage: languages/fetch.sh DIR        (e.g. languages/fetch.sh .cache/languages)
# Needs: npm, sha256sum, tar.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mkdir -p "$1" && cd "$1" && pwd)
DL="$DIR/dl"
mkdir -p "$DL"
[ -f "$DL/stopwords-iso-1.1.0.tgz" ] || (cd "$DL" && npm pack --silent stopwords-iso@1.1.0 >/dev/null)
awk -F'|' 'NF >= 8 { gsub(/ /, "", $5); gsub(/ /, "", $6); if (length($6) == 64 && $6 ~ /^[0-9a-f]+$/) print $6 "  " $5 }' \
    "$HERE/SOURCES.md" > "$DL/SHA256SUMS"
[ -s "$DL/SHA256SUMS" ] || { echo "no checksums found in SOURCES.md" >&2; exit 1; }
(cd "$DL" && sha256sum --check --strict --quiet SHA256SUMS)
rm -rf "$DIR/stopwords-iso"
mkdir -p "$DIR/stopwords-iso"
tar -xzf "$DL/stopwords-iso-1.1.0.tgz" -C "$DIR/stopwords-iso" package/stopwords-iso.json package/package.json
echo "fetched into $DIR"
