#!/usr/bin/env bash
# Routing figures: binary size, cold `lookup` start-up (the networks must not slow it), and
# route query times per network (benches/route.rs). Prints figures; never fails on a slow one.
# Usage: bench/route.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/toponym
printf 'binary: %s bytes\n' "$(stat -c %s "$bin")"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs 50 "$bin lookup Vladivostok --limit 1 --format json" 2>/dev/null | grep -E "Time|Range"
else
  # 50 cold runs of lookup, mean wall time
  start=$(date +%s%N)
  for _ in $(seq 50); do "$bin" lookup Vladivostok --limit 1 --format json >/dev/null; done
  end=$(date +%s%N)
  printf 'lookup start-up: %.2f ms mean over 50 runs\n' "$(echo "($end - $start) / 50 / 1000000" | bc -l)"
fi
for r in "Shanghai > Singapore > Rotterdam|sea" "Beijing > Ulaanbaatar > Irkutsk > Moscow|rail" "Lyon > Geneva > Milan|road"; do
  spec=${r%|*}; mode=${r#*|}
  start=$(date +%s%N)
  "$bin" route "$spec" --mode "$mode" >/dev/null
  end=$(date +%s%N)
  printf 'toponym route %-45s --mode %-4s whole process %6.1f ms\n' "'$spec'" "$mode" "$(echo "($end - $start) / 1000000" | bc -l)"
done
cargo bench -q --bench route 2>/dev/null
