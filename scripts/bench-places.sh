#!/usr/bin/env bash
# Time user places (`--user-places FILE`): 100,000 generated rows loaded and one look-up among
# them. Targets (issue 24): the load under 1 s, a look-up with them under 10 ms. Figures go in
# notes, never in tests (tests assert no wall-clock times).
#
# Usage: scripts/bench-places.sh [ROWS]   (default 100000)
#   TOPONYM_BIN    the binary (default target/release/toponym; build it with --release first)
#   PYTHONPATH     where `import toponym` finds the binding, for the in-process split of load
#                  and look-up (skipped when it does not import)
set -euo pipefail
rows=${1:-100000}
bin=${TOPONYM_BIN:-target/release/toponym}
[ -x "$bin" ] || { echo "no $bin: cargo build --release (or set TOPONYM_BIN)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# Deterministic rows: names with a shared stem (the worst case for the name index), aliases,
# every optional column.
python3 - "$rows" "$dir/places.csv" <<'PY'
import csv, random, sys
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(24)
kinds = ["landmark", "port", "airport", "border_crossing", "launch_site", "city", "point"]
with open(path, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["name", "lat", "lon", "kind", "country", "aliases", "population", "id"])
    for i in range(n):
        w.writerow([f"Benchmark Site {i}", f"{rnd.uniform(-80, 80):.5f}", f"{rnd.uniform(-179, 179):.5f}",
                    kinds[i % len(kinds)], "", f"Bench {i} yard|BS-{i}", rnd.randrange(0, 50000), i])
PY
echo "rows: $rows ($(du -h "$dir/places.csv" | cut -f1) CSV)"

# Best of 5 wall-clock runs of a command, in milliseconds.
best() {
  python3 - "$@" <<'PY'
import subprocess, sys, time
cmd = sys.argv[1:]
times = []
for _ in range(5):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    times.append((time.perf_counter() - t) * 1000)
print(f"{min(times):.0f}")
PY
}
query="Benchmark Site $((rows / 2))"
plain=$(best "$bin" --gazetteer embedded lookup "Vladivostok" --format json)
with=$(best "$bin" --gazetteer embedded --user-places "$dir/places.csv" lookup "$query" --format json)
echo "CLI lookup, no places:             ${plain} ms"
echo "CLI lookup, $rows places:      ${with} ms  (load + look-up ≈ $((with - plain)) ms more)"

if python3 -c "import toponym" 2>/dev/null; then
  python3 - "$dir/places.csv" "$query" <<'PY'
import sys, time, toponym
path, query = sys.argv[1], sys.argv[2]
toponym.lookup("Vladivostok")  # the embedded gazetteer, loaded before timing
t = time.perf_counter(); added = toponym.add_places(path); load = time.perf_counter() - t
runs = []
for q in (query, "Bench 17 yard", "Vladivostok", "Springfield"):
    t = time.perf_counter(); toponym.lookup(q); runs.append((q, (time.perf_counter() - t) * 1000))
print(f"in process: add_places({added} rows) {load * 1000:.0f} ms")
for q, ms in runs:
    print(f"in process: lookup({q!r}) {ms:.2f} ms")
PY
else
  echo "(no Python binding on PYTHONPATH: in-process split skipped)"
fi
