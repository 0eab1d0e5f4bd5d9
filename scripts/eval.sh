#!/usr/bin/env bash
# Score `toponym resolve` on the annotated corpora in ../shared/eval with its scorer, and fail if
# a figure drops below the committed floor (eval/floor.json).
# LGL annotates demonyms as toponyms, GeoVirus does not: LGL runs with --adjectives.
# WikToR (one ambiguous name per article) measures disambiguation: its precision means nothing.
# lgl-spans: LGL's gold spans given to `resolve --spans` (resolution alone, score.py --gold-spans).
# Last, a sweep lists country and state names resolved to towns in LGL and GeoVirus.
# Usage: scripts/eval.sh [EVAL_DIR]   (default ../shared/eval)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/eval}
out=target/eval
mkdir -p "$out"
cargo build --release -q
bin=target/release/toponym
for corpus in lgl geovirus wiktor; do
  flags=()
  [ "$corpus" = lgl ] && flags=(--adjectives)
  /usr/bin/time -f "$corpus: %e s, %M KB peak RSS" "$bin" resolve --input jsonl --format jsonl "${flags[@]}" \
    "$dir/$corpus.jsonl" > "$out/$corpus.pred.jsonl"
  python3 "$dir/score.py" "$dir/$corpus.jsonl" "$out/$corpus.pred.jsonl" | tee "$out/$corpus.score.txt"
  python3 "$dir/score.py" "$dir/$corpus.jsonl" "$out/$corpus.pred.jsonl" --json > "$out/$corpus.score.json"
done
python3 "$dir/score.py" --export-spans "$dir/lgl.jsonl" > "$out/lgl.spans.jsonl"
"$bin" resolve --spans "$out/lgl.spans.jsonl" --format jsonl > "$out/lgl-spans.pred.jsonl"
python3 "$dir/score.py" "$dir/lgl.jsonl" "$out/lgl-spans.pred.jsonl" --gold-spans | tee "$out/lgl-spans.score.txt"
python3 "$dir/score.py" "$dir/lgl.jsonl" "$out/lgl-spans.pred.jsonl" --gold-spans --json > "$out/lgl-spans.score.json"
python3 scripts/sweep-areal.py "$bin" "$out/lgl.pred.jsonl" "$out/geovirus.pred.jsonl" > "$out/areal-sweep.txt" \
  || { tail -1 "$out/areal-sweep.txt"; echo "areal sweep: too many country/state names resolved to towns" >&2; exit 1; }
tail -1 "$out/areal-sweep.txt"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
floor = json.load(open("eval/floor.json"))
failed = False
for corpus, limits in floor.items():
    got = json.load(open(f"{out}/{corpus}.score.json"))
    flat = {}
    def walk(prefix, v):
        if isinstance(v, dict):
            for k, x in v.items():
                walk(f"{prefix}.{k}" if prefix else k, x)
        else:
            flat[prefix] = v
    walk("", got)
    for key, bound in limits.items():
        value = flat.get(key)
        lower_is_better = key.endswith("auc") or key.endswith("km")
        ok = value is not None and (value <= bound if lower_is_better else value >= bound)
        print(f"{corpus} {key}: {value} (floor {bound}) {'ok' if ok else 'BELOW FLOOR'}")
        failed |= not ok
sys.exit(1 if failed else 0)
PY
