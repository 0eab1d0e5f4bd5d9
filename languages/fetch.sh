#!/usr/bin/env bash
# Download the pinned language-data packages into DIR, check them against SOURCES.md, unpack the
# stopword list and install the morphology packages into DIR/venv (offline, from the checked
# wheels), which languages/build.py runs in.
# usage: languages/fetch.sh DIR        (e.g. languages/fetch.sh .cache/languages)
# Needs: npm, pip (python3 -m venv), sha256sum, tar.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mkdir -p "$1" && cd "$1" && pwd)
DL="$DIR/dl"
mkdir -p "$DL"
[ -f "$DL/stopwords-iso-1.1.0.tgz" ] || (cd "$DL" && npm pack --silent stopwords-iso@1.1.0 >/dev/null)
# PyPI packages: name==version, as pinned in SOURCES.md.
WHEELS=(pymorphy3==2.0.6 dawg2-python==0.9.0 pymorphy3-dicts-ru==2.4.417150.4580142 pymorphy3-dicts-uk==2.4.1.1.1663094765)
for spec in "${WHEELS[@]}"; do
  name=${spec%%==*}; version=${spec##*==}
  ls "$DL/${name//-/_}-$version-"*.whl >/dev/null 2>&1 ||
    python3 -m pip download -q --no-deps --only-binary :all: -d "$DL" "$spec"
done
awk -F'|' 'NF >= 8 { gsub(/ /, "", $5); gsub(/ /, "", $6); if (length($6) == 64 && $6 ~ /^[0-9a-f]+$/) print $6 "  " $5 }' \
    "$HERE/SOURCES.md" > "$DL/SHA256SUMS"
[ -s "$DL/SHA256SUMS" ] || { echo "no checksums found in SOURCES.md" >&2; exit 1; }
(cd "$DL" && sha256sum --check --strict --quiet SHA256SUMS)
rm -rf "$DIR/stopwords-iso"
mkdir -p "$DIR/stopwords-iso"
tar -xzf "$DL/stopwords-iso-1.1.0.tgz" -C "$DIR/stopwords-iso" package/stopwords-iso.json package/package.json
if [ ! -x "$DIR/venv/bin/python" ]; then
  python3 -m venv "$DIR/venv"
fi
# Only the checked wheels: no index, no dependency resolution.
"$DIR/venv/bin/pip" install -q --no-index --no-deps $(awk '{print "'"$DL"'/" $2}' "$DL/SHA256SUMS" | grep '\.whl$')
echo "fetched into $DIR"
