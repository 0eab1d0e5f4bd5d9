#!/usr/bin/env bash
# The page of `toponym serve` in a real browser: headless Chromium (Debian's chromium and
# chromium-driver) driven by Selenium (PyPI). Pastes the seed articles (../shared/corpus/seeds,
# else examples/*.txt), fixes a mention and the journey, exports, checks the export against the
# CLI's replay, and writes a screenshot to output/serve.png.
# Usage: scripts/browser-test.sh [TOPONYM_BINARY]   (default target/release/toponym)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-${CARGO_TARGET_DIR:-target}/release/toponym}

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
    || sudo -n apt-get install -y -qq chromium chromium-driver >/dev/null
fi
venv=${BROWSER_VENV:-${CARGO_TARGET_DIR:-target}/browser-venv}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q selenium==4.41.0
fi

if [ -d ../shared/corpus/seeds ]; then
  texts=(../shared/corpus/seeds/*.txt)
else
  texts=(examples/*.txt)
fi

log=$(mktemp)
"$bin" serve --addr 127.0.0.1:0 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
url=
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*/' "$log" | head -1 || true)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "error: toponym serve did not start:"; cat "$log"; exit 1; }

"$venv/bin/python" scripts/browser_test.py --bin "$bin" --url "$url" "${texts[@]}"
