#!/usr/bin/env bash
# Measure `toponym gazetteer fetch` per dataset without reaching geonames.org: serve a dump made by
# scripts/fake-geonames-dump.py from 127.0.0.1 and time each fetch into a throw-away data dir.
# usage: scripts/measure-fetch.sh DUMP_DIR [DATASET…]   (needs python3; run after cargo build --release)
set -euo pipefail
dump=$1; shift
datasets=("${@:-cities15000 cities5000 cities1000 cities500}")
bin=$(cd "$(dirname "$0")/.." && pwd)/target/release/toponym
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$dump" >/dev/null 2>&1 &
server=$!
work=$(mktemp -d)
trap 'kill $server; rm -rf "$work"' EXIT
sleep 1
printf '%-14s %12s %10s %12s %10s %12s\n' dataset zip_bytes rows gaz_bytes wall_s max_rss_mb
for d in ${datasets[@]}; do
  rows=$(python3 -c "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); print(sum(1 for _ in z.open(sys.argv[2])))" "$dump/$d.zip" "$d.txt")
  XDG_DATA_HOME=$work/data /usr/bin/time -f '%e %M' -o "$work/time" \
    "$bin" gazetteer fetch --quiet --dataset "$d" --url "http://127.0.0.1:$port/" >/dev/null
  read -r wall rss < "$work/time"
  printf '%-14s %12s %10s %12s %10s %12s\n' "$d" "$(stat -c %s "$dump/$d.zip")" "$rows" \
    "$(stat -c %s "$work/data/toponym/gazetteer.gaz.zst")" "$wall" "$((rss / 1024))"
done
