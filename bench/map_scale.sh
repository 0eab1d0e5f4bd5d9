#!/usr/bin/env bash
# Time `toponym map` on many points (issue 15: 30,000 one-place documents label in under 3 s)
# and on the example stories. Documents are generated from `toponym nearest` around a world
# grid, so the run needs nothing but the binary.
# Usage: bench/map_scale.sh [N_DOCS]   (default 30000; writes to target/bench-map/)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-30000}
out=target/bench-map
mkdir -p "$out"
cargo build --release -q
bin=target/release/toponym
python3 - "$bin" "$n" "$out/docs.jsonl" <<'PY'
import json, subprocess, sys
bin, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
names, seen = [], set()
for lat in range(-40, 65, 6):
    for lon in range(-175, 180, 10):
        out = subprocess.run([bin, "nearest", f"{lat},{lon}", "--limit", "120", "--kind", "city", "--format", "json"],
                             capture_output=True, text=True, check=True).stdout
        for p in json.loads(out or "[]"):
            if p["name"] not in seen and p["name"].isascii() and p["name"][:1].isupper():
                seen.add(p["name"]); names.append(p["name"])
with open(path, "w") as f:
    for i in range(n):
        f.write(json.dumps({"id": f"d{i}", "text": f"Officials in {names[i % len(names)]} said the road had reopened."}) + "\n")
PY
run() { /usr/bin/time -f "$1: %e s wall, %U s user, %M KB peak RSS" "${@:2}" >/dev/null; }
run "map, $n one-place documents" "$bin" map "$out/docs.jsonl" -o "$out/many.png"
run "map, $n one-place documents, --no-labels" "$bin" map "$out/docs.jsonl" -o "$out/many.png" --no-labels
run "map examples/summit.txt" "$bin" map examples/summit.txt -o "$out/summit.png"
if [ -d ../shared/corpus/seeds ]; then
  run "map of the five seed articles" "$bin" map ../shared/corpus/seeds/*.txt -o "$out/seeds.png"
fi
