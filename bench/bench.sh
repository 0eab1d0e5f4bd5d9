#!/usr/bin/env bash
# Benchmarks for look-up and resolve (figures, not tests). Needs hyperfine (Debian), and for the
# comparison geotext (PyPI). Resolve figures need ../shared/eval (or EVAL_DIR).
# Usage: bench/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir=${EVAL_DIR:-../shared/eval}
cargo build --release -q
bin=target/release/toponym
echo "## machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -m), $(rustc --version)"
echo
echo "## binary"
echo "size: $(stat -c %s $bin) bytes"
echo
echo "## cold look-up (whole process)"
hyperfine -N --warmup 5 --runs 50 "$bin lookup Vladivostok --format json" 'python3 -c "import geotext"' 2>/dev/null \
  | grep -E "Benchmark|Time" || hyperfine -N --warmup 5 --runs 50 "$bin lookup Vladivostok --format json"
/usr/bin/time -f "peak RSS of one look-up: %M KB" $bin lookup Vladivostok --format json >/dev/null
echo
echo "## warm look-ups"
cargo bench -q --bench lookup 2>/dev/null | grep -E "load|warm"
if [ -f "$eval_dir/lgl.jsonl" ]; then
  echo
  echo "## resolve on LGL (single thread, whole process)"
  docs=$(wc -l < "$eval_dir/lgl.jsonl")
  bytes=$(stat -c %s "$eval_dir/lgl.jsonl")
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  for i in $(seq 10); do cat "$eval_dir/lgl.jsonl"; done > "$tmp/lgl10.jsonl"
  for f in "$eval_dir/lgl.jsonl" "$tmp/lgl10.jsonl"; do
    n=$(wc -l < "$f"); b=$(stat -c %s "$f")
    s=$( { /usr/bin/time -f "%e %M" $bin resolve --input jsonl --format jsonl --adjectives "$f" > /dev/null; } 2>&1 | tail -1)
    secs=${s% *}; rss=${s#* }
    python3 -c "n,b,s,r=$n,$b,$secs,$rss; print(f'{n} docs, {b/1e6:.1f} MB: {s:.2f} s = {n/s:,.0f} docs/s, {b/1e6/s:.1f} MB/s, peak RSS {r/1024:.0f} MB')"
  done
fi
