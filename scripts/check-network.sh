#!/usr/bin/env bash
# Prove that the committed routing networks are what the recipe builds: download the pinned
# packages (network/SOURCES.md), build, and compare checksums. Usage: scripts/check-network.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-.cache/network}
network/fetch.sh "$dir" >/dev/null
venv="$dir/venv"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r network/requirements.txt
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$venv/bin/python" network/build.py "$dir" "$tmp" rail sea road
status=0
for f in rail sea road; do
  want=$(sha256sum "network/$f.net.zst" | cut -d' ' -f1)
  got=$(sha256sum "$tmp/$f.net.zst" | cut -d' ' -f1)
  if [ "$want" != "$got" ]; then
    echo "network/$f.net.zst ($want) differs from a fresh build ($got)" >&2
    status=1
  else
    echo "network/$f.net.zst reproducible: sha256 $got"
  fi
done
exit $status
