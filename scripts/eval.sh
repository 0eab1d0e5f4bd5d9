#!/usr/bin/env bash
# Score `toponym resolve` on the annotated corpora in ../shared/eval with its scorer, and fail if
# a figure drops below the committed floor (eval/floor.json).
# LGL annotates demonyms as toponyms, GeoVirus does not: LGL runs with --adjectives.
# WikToR (one ambiguous name per article) measures disambiguation: its precision means nothing.
# lgl-spans: LGL's gold spans given to `resolve --spans` (resolution alone, score.py --gold-spans);
# GeoVirus and WikToR's gold spans too, for the README's table.
# Last, a sweep lists country and state names resolved to towns in LGL and GeoVirus, and
# scripts/check-readme-figures.py checks the README's accuracy figures against these scores.
# Usage: scripts/eval.sh [EVAL_DIR]   (default ../shared/eval; without it, says where the corpora come from, exit 2)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/eval}
if [ ! -f "$dir/score.py" ] || [ ! -f "$dir/lgl.jsonl" ]; then
  cat >&2 <<MSG
scripts/eval.sh: no evaluation data in $dir (it needs score.py, lgl.jsonl, geovirus.jsonl and
wiktor.jsonl).

The corpora are public but not redistributed with toponym, and no package registry (PyPI, npm,
crates.io) carries them, so this script cannot fetch them for you. Where they come from (GNU GPL
v3, as their repositories state):
  LGL       Lieberman, Samet & Sankaranarayanan (ICDE 2010), local US news, 588 articles:
            github.com/geoai-lab/EUPEG corpora/lgl.xml at commit 97d5b6c (the same file is
            data/lgl.xml in github.com/milangritta/Geocoding-with-Map-Vector)
  GeoVirus  Gritta, Pilehvar & Collier (ACL 2018), WikiNews on disease outbreaks, 229 articles:
            github.com/geoai-lab/EUPEG corpora/GeoVirus.xml at commit 97d5b6c (also
            data/GeoVirus.xml in github.com/milangritta/Geocoding-with-Map-Vector)
  WikToR    Gritta et al. (2018), 5,000 Wikipedia articles on ambiguous place names:
            github.com/geoai-lab/EUPEG project/src/main/webapp/corpora/WikToR/ and
            project/src/main/webapp/gold/WikToR_gold.txt at commit 97d5b6c
This script reads them converted to JSONL, one {"id", "text", "toponyms": [{"start", "end",
"name", "lat", "lon"}]} per line (character offsets into text, end exclusive; LGL's toponyms
without coordinates left out), and scores with score.py (EUPEG's protocol: acc@161, AUC; the
README's Accuracy section). The project's converted copies have these SHA-256 sums:
  a77f315a0a4b2584e8b168114dbacb135995056034942fa8e57915f71cb8a162  lgl.jsonl
  543b0fc0ae47658f0fcb397febb68064391c31b5b150838152859ca859c6b63d  geovirus.jsonl
  152e3c62f66defa69934f8cd2c50ec3f5f6366825d8597a08eff3364b7ee879a  wiktor.jsonl
  573efdf15f64b42dd848a0ce4b8b0342cb988865d290a352370605a79d8cdb76  score.py
Give the directory that holds them: scripts/eval.sh DIR
MSG
  exit 2
fi
out=target/eval
mkdir -p "$out"
cargo build --release -q
# The binary cargo just built, wherever CARGO_TARGET_DIR puts it.
bin=${CARGO_TARGET_DIR:-target}/release/toponym
for corpus in lgl geovirus wiktor; do
  flags=()
  [ "$corpus" = lgl ] && flags=(--adjectives)
  /usr/bin/time -f "$corpus: %e s, %M KB peak RSS" "$bin" resolve --input jsonl --format jsonl "${flags[@]}" \
    "$dir/$corpus.jsonl" > "$out/$corpus.pred.jsonl"
  python3 "$dir/score.py" "$dir/$corpus.jsonl" "$out/$corpus.pred.jsonl" | tee "$out/$corpus.score.txt"
  python3 "$dir/score.py" "$dir/$corpus.jsonl" "$out/$corpus.pred.jsonl" --json > "$out/$corpus.score.json"
done
for corpus in lgl geovirus wiktor; do
  python3 "$dir/score.py" --export-spans "$dir/$corpus.jsonl" > "$out/$corpus.spans.jsonl"
  "$bin" resolve --spans "$out/$corpus.spans.jsonl" --format jsonl > "$out/$corpus-spans.pred.jsonl"
  python3 "$dir/score.py" "$dir/$corpus.jsonl" "$out/$corpus-spans.pred.jsonl" --gold-spans --json \
    > "$out/$corpus-spans.score.json"
done
python3 "$dir/score.py" "$dir/lgl.jsonl" "$out/lgl-spans.pred.jsonl" --gold-spans | tee "$out/lgl-spans.score.txt"
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
# The README's accuracy figures are the ones just measured (a stale figure fails here).
python3 scripts/check-readme-figures.py "$dir" "$out"
