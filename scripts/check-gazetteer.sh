#!/usr/bin/env bash
# Prove that the committed gazetteer is what the recipe builds: download the pinned sources,
# build, and compare checksums. Usage: scripts/check-gazetteer.sh [SOURCE_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-.cache/gazsrc}
gazetteer/fetch-sources.sh "$src" >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cargo run --release -q -- gazetteer build --from "$src" -o "$tmp/toponym.gaz.zst" >/dev/null
want=$(sha256sum gazetteer/toponym.gaz.zst | cut -d' ' -f1)
got=$(sha256sum "$tmp/toponym.gaz.zst" | cut -d' ' -f1)
# A build ends in a 48-byte checksum trailer (a zstd skippable frame holding the SHA-256 of the
# bytes before it; see src/gazetteer/format.rs). The committed file may predate it: then the
# build without its trailer must equal it byte for byte (the trailer is a function of them).
if [ "$want" != "$got" ]; then
  got=$(head -c -48 "$tmp/toponym.gaz.zst" | sha256sum | cut -d' ' -f1)
fi
if [ "$want" != "$got" ]; then
  echo "gazetteer/toponym.gaz.zst ($want) differs from a fresh build ($got)" >&2
  exit 1
fi
echo "gazetteer reproducible: sha256 $got"
