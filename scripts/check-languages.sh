#!/usr/bin/env bash
# Prove that the committed language tables (stopwords, Russian and Ukrainian case endings) are
# what the recipe builds: download the pinned packages (languages/SOURCES.md), build, compare.
# Usage: scripts/check-languages.sh [DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-.cache/languages}
languages/fetch.sh "$dir" >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$dir/venv/bin/python" languages/build.py "$dir" "$tmp" >/dev/null
status=0
for f in stopwords.tsv case-endings.tsv; do
  if cmp -s "languages/$f" "$tmp/$f"; then
    echo "languages/$f reproducible: sha256 $(sha256sum "languages/$f" | cut -d' ' -f1)"
  else
    echo "languages/$f differs from a fresh build" >&2
    diff "languages/$f" "$tmp/$f" | head -20 >&2
    status=1
  fi
done
exit $status
