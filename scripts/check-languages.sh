#!/usr/bin/env bash
# Prove that the committed stopword table is what the recipe builds: download the pinned package
# (languages/SOURCES.md), build, and compare. Usage: scripts/check-languages.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-.cache/languages}
languages/fetch.sh "$dir" >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 languages/build.py "$dir" "$tmp/stopwords.tsv" >/dev/null
if cmp -s languages/stopwords.tsv "$tmp/stopwords.tsv"; then
  echo "languages/stopwords.tsv reproducible: sha256 $(sha256sum languages/stopwords.tsv | cut -d' ' -f1)"
else
  echo "languages/stopwords.tsv differs from a fresh build" >&2
  diff languages/stopwords.tsv "$tmp/stopwords.tsv" | head -20 >&2
  exit 1
fi
