#!/usr/bin/env bash
# Route budgets (issue 25): `geojson` over 1 MB of far-apart "The convoy reached <town>."
# clauses (target < 30 s), `map` of a 10k-stop story (target < 20 s), told three ways: an
# inferred air route through 10,000 distinct towns (capped at story::route::MAX_INFERRED_STOPS
# stops, every town still a place on the map), an explicit 10,000-pin `--route --mode air`, and
# the same pins `--mode road` (network legs until the route's time budget is spent).
# Texts are generated from `toponym nearest` around a world grid: nothing but the binary is
# needed. Figures, not tests: a slow run never fails.
# Usage: bench/route_budget.sh            (writes to $CARGO_TARGET_DIR or target, under bench-route/)
#        TOPONYM=/path/to/toponym bench/route_budget.sh
set -euo pipefail
cd "$(dirname "$0")/.."
target=${CARGO_TARGET_DIR:-target}
if [ -z "${TOPONYM:-}" ]; then cargo build --release -q; fi
bin=${TOPONYM:-$target/release/toponym}
out=$target/bench-route
mkdir -p "$out"
[ -s "$out/pins.txt" ] || python3 - "$bin" "$out" <<'PY'
import json, random, subprocess, sys
bin, out = sys.argv[1], sys.argv[2]
names, seen = [], set()
for lat in range(-40, 66, 5):
    for lon in range(-175, 180, 8):
        got = subprocess.run([bin, "nearest", f"{lat},{lon}", "--limit", "400", "--kind", "city", "--format", "json"],
                             capture_output=True, text=True, check=True).stdout
        for p in json.loads(got or "[]"):
            n = p["name"]
            if n not in seen and n.isascii() and n.replace(" ", "").isalpha() and n[:1].isupper():
                seen.add(n); names.append(n)
random.Random(25).shuffle(names)  # consecutive towns far apart
with open(f"{out}/convoy.txt", "w") as f:
    size, i = 0, 0
    while size < 1_000_000:
        line = f"The convoy reached {names[i % len(names)]}.\n"
        f.write(line); size += len(line); i += 1
with open(f"{out}/flight.txt", "w") as f:
    for n in names[:10_000]:
        f.write(f"The plane flew to {n}.\n")
pins = [f"p{i}@{lat},{lon}" for i, (lat, lon) in
        enumerate((lat, lon) for lat in range(-55, 70) for lon in range(-179, 180, 4))][:10_000]
with open(f"{out}/pins.txt", "w") as f:
    f.write(">".join(pins))
print(f"{len(names)} distinct towns; {len(pins)} pins", file=sys.stderr)
PY
run() { timeout "${BENCH_TIMEOUT:-300}" /usr/bin/time -f "$1: %e s wall, %U s user, %M KB peak RSS" "${@:2}" >/dev/null 2>"$out/stderr" || true
        tail -n 1 "$out/stderr"; grep -m 3 -i "warning\|toponym:" "$out/stderr" | sed 's/^/    /' || true; }
run "geojson, 1 MB of convoy clauses" "$bin" geojson "$out/convoy.txt" -o "$out/convoy.geojson"
run "geojson, 1 MB of convoy clauses, --no-route" "$bin" geojson "$out/convoy.txt" --no-route -o "$out/convoy.geojson"
run "map, 10k-town inferred air route" "$bin" map "$out/flight.txt" -o "$out/flight.png"
run "map, 10k-pin explicit route, --mode air" "$bin" map examples/summit.txt --route "$(cat "$out/pins.txt")" --mode air -o "$out/pins.png"
run "map, 10k-pin explicit route, --mode road" "$bin" map examples/summit.txt --route "$(cat "$out/pins.txt")" --mode road -o "$out/pins-road.png"
