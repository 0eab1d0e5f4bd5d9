#!/usr/bin/env bash
# Prove that the committed motion lexicon is what the recipe builds: download the pinned packages
# (lexicon/SOURCES.md), build, and compare. Usage: scripts/check-lexicon.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-.cache/lexicon}
lexicon/fetch.sh "$dir" >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 lexicon/build.py "$dir" "$tmp/motion.tsv" >/dev/null
if cmp -s lexicon/motion.tsv "$tmp/motion.tsv"; then
  echo "lexicon/motion.tsv reproducible: sha256 $(sha256sum lexicon/motion.tsv | cut -d' ' -f1)"
else
  echo "lexicon/motion.tsv differs from a fresh build" >&2
  diff lexicon/motion.tsv "$tmp/motion.tsv" | head -20 >&2
  exit 1
fi
