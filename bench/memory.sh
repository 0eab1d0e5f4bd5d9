#!/usr/bin/env bash
# Peak RSS and time of the rows of issue 15's table (memory that stays bounded on any input).
# Figures, not tests: nothing here fails on a slow or big result (tests/it/memory_scaling.rs
# asserts the growth at reduced size). Each row runs under `timeout` (default 600 s).
#
# Usage: bench/memory.sh [quick|full]
#   quick (default)  every row at 1 MB and at 8 MB of input, with the growth between them
#   full             the table's sizes: one 200 MB document (text, single line, JSONL line),
#                    1,000,000 tiny JSONL documents, LGL x100, clause documents of 250 KB and
#                    10 MB, 250 KB of bare names, 30,000 one-place documents for map
# Environment: TOPONYM (default: target/release/toponym, built first), EVAL_DIR (LGL texts, default
#              ../shared/eval; without it the texts are made from examples/*.txt), TIMEOUT (s),
#              ONLY (a regular expression: run only the rows whose name matches), MEM_LIMIT_MB
#              (address-space cap per row, default 6144: a row past it fails instead of pushing a
#              shared machine into the kernel's OOM killer).
# Inputs are written to target/bench-memory/ (reused when present).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
mode=${1:-quick}
eval_dir=${EVAL_DIR:-../shared/eval}
data=target/bench-memory
mkdir -p "$data"
if [ -z "${TOPONYM:-}" ]; then
  cargo build --release -q
  TOPONYM=target/release/toponym
fi
bin=$TOPONYM
limit=${TIMEOUT:-600}
mem_kb=$(( ${MEM_LIMIT_MB:-6144} * 1024 ))
lgl="$eval_dir/lgl.jsonl"
[ -f "$lgl" ] || lgl=""

# Inputs: gen KIND SIZE PATH, written once.
gen() {
  [ -s "$3" ] && return 0
  python3 - "$1" "$2" "$3.part" "$lgl" "$bin" <<'PY'
import json, subprocess, sys
kind, size, path, lgl, bin = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
def sized(s):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(s[:-1]) * units[s[-1]] if s[-1] in units else int(s)
if lgl:
    texts = [json.loads(l)["text"] for l in open(lgl)]
else:
    texts = [open(f"examples/{n}.txt").read() for n in ("summit", "iberia")]
names = ["Paris", "Lyon", "Madrid", "Lisbon", "Berlin", "Warsaw", "Kyiv", "Vladivostok", "Pyongyang",
         "Seoul", "Tokyo", "Osaka", "Cairo", "Nairobi", "Lagos", "Dakar", "Lima", "Quito", "Denver",
         "Chicago", "Toronto", "Oslo", "Helsinki", "Tallinn", "Riga", "Vilnius", "Prague", "Vienna"]
def document(n, newlines=True):
    out, total, i = [], 0, 0
    while total < n:
        t = texts[i % len(texts)] if newlines else texts[i % len(texts)].replace("\n", " ")
        out.append(t); total += len(t.encode()) + 2; i += 1
    return ("\n\n" if newlines else " ").join(out)
with open(path, "w") as f:
    if kind == "doc":          # one document of paragraphs
        f.write(document(sized(size)))
    elif kind == "line":       # one document on a single line
        f.write(document(sized(size), newlines=False))
    elif kind == "jsonl":      # one document as one JSONL line
        f.write(json.dumps({"id": "big", "text": document(sized(size))}) + "\n")
    elif kind == "tiny":       # SIZE tiny documents (or SIZE bytes of them, with a unit)
        n, i, total = size, 0, 0
        while (i < int(n)) if n.isdigit() else (total < sized(n)):
            line = json.dumps({"id": i, "text": f"Rain fell on {names[i % len(names)]}."}) + "\n"
            f.write(line); total += len(line); i += 1
    elif kind == "lgl":        # the LGL lines SIZE times over, ids made unique
        lines = [l for l in open(lgl).read().split("\n") if l.strip()] if lgl else [json.dumps({"id": 0, "text": t}) for t in texts]
        for k in range(int(size)):
            for l in lines:
                d = json.loads(l); d["id"] = f"{d['id']}-{k}"; f.write(json.dumps(d) + "\n")
    elif kind == "clauses":    # clauses ended by newlines or ';', no sentence ends
        n, i, total = sized(size), 0, 0
        while total < n:
            c = f"the convoy left {names[i % len(names)]} for {names[(i * 7 + 3) % len(names)]}" + ("\n" if i % 2 else "; ")
            f.write(c); total += len(c); i += 1
    elif kind == "names":      # bare place names, one per line
        n, i, total = sized(size), 0, 0
        while total < n:
            c = names[i % len(names)] + "\n"; f.write(c); total += len(c); i += 1
    elif kind == "oneplace":   # SIZE documents naming one place each, all different (from `nearest`)
        seen, places = set(), []
        for lat in range(-40, 65, 6):
            for lon in range(-175, 180, 10):
                out = subprocess.run([bin, "nearest", f"{lat},{lon}", "--limit", "120", "--kind", "city",
                                      "--format", "json"], capture_output=True, text=True).stdout
                for p in json.loads(out or "[]"):
                    if p["name"] not in seen and p["name"].isascii() and p["name"][:1].isupper():
                        seen.add(p["name"]); places.append(p["name"])
        n = int(size) if size.isdigit() else sized(size) // 50
        for i in range(n):
            f.write(json.dumps({"id": f"d{i}", "text": f"Officials in {places[i % len(places)]} said the road had reopened."}) + "\n")
PY
  mv "$3.part" "$3"
}

# row NAME COMMAND...: one line "NAME | peak RSS MB | seconds | exit status".
row() {
  local name=$1; shift
  if [ -n "${ONLY:-}" ] && ! [[ $name =~ $ONLY ]]; then return 0; fi
  local t status
  t=$(mktemp)
  status=0
  (ulimit -v "$mem_kb"; exec /usr/bin/time -f "%M %e" -o "$t" timeout "$limit" "$@") > /dev/null 2> "$t.err" || status=$?
  read -r kb secs < <(tail -1 "$t")
  printf '| %-52s | %7.0f MB | %7.2f s | %s |\n' "$name" "$((kb / 1024))" "$secs" \
    "$([ "$status" = 0 ] || [ "$status" = 1 ] && echo ok || echo "exit $status$([ "$status" = 124 ] && echo ', timed out')")"
  rm -f "$t" "$t.err"
}

out=$data/out
echo "binary: $bin ($("$bin" --version)); $(nproc) cores; texts: ${lgl:-examples/*.txt}"
echo "| input | peak RSS | time | |"
echo "|---|---:|---:|---|"
if [ "$mode" = quick ]; then
  for s in 1M 8M; do
    gen doc $s "$data/doc-$s.txt"; gen line $s "$data/line-$s.txt"; gen jsonl $s "$data/doc-$s.jsonl"
    gen tiny $s "$data/tiny-$s.jsonl"; gen clauses $s "$data/clauses-$s.txt"; gen oneplace $s "$data/oneplace-$s.jsonl"
    row "resolve, one $s document" "$bin" resolve --format jsonl "$data/doc-$s.txt"
    row "resolve, one $s document on one line" "$bin" resolve --format jsonl "$data/line-$s.txt"
    row "resolve, one $s JSONL line" "$bin" resolve --format jsonl "$data/doc-$s.jsonl"
    row "geojson, $s of tiny JSONL documents" "$bin" geojson "$data/tiny-$s.jsonl" -o -
    row "geojson, $s document of clauses" "$bin" geojson "$data/clauses-$s.txt" -o -
    row "map, $s of one-place documents" "$bin" map "$data/oneplace-$s.jsonl" -o "$data/map-$s.png"
  done
else
  gen doc 200M "$data/doc-200M.txt"; gen line 200M "$data/line-200M.txt"; gen jsonl 200M "$data/doc-200M.jsonl"
  gen doc 10M "$data/doc-10M.txt"; gen doc 50M "$data/doc-50M.txt"
  gen line 10M "$data/line-10M.txt"; gen line 50M "$data/line-50M.txt"
  gen tiny 1000000 "$data/tiny-1000000.jsonl"; gen lgl 100 "$data/lgl-x100.jsonl"
  gen clauses 250K "$data/clauses-250K.txt"; gen clauses 10M "$data/clauses-10M.txt"
  gen names 250K "$data/names-250K.txt"; gen oneplace 30000 "$data/oneplace-30000.jsonl"
  row "resolve, one 10 MB document" "$bin" resolve --format jsonl "$data/doc-10M.txt"
  row "resolve, one 50 MB document" "$bin" resolve --format jsonl "$data/doc-50M.txt"
  row "resolve, one 10 MB document on one line" "$bin" resolve --format jsonl "$data/line-10M.txt"
  row "resolve, one 50 MB document on one line" "$bin" resolve --format jsonl "$data/line-50M.txt"
  # 200 MB is over the default --max-doc-bytes (64M): refused at once, or read with the limit raised
  row "resolve, one 200 MB document, refused (default limit)" "$bin" resolve "$data/doc-200M.txt"
  row "resolve, one 200 MB document" "$bin" resolve --format jsonl --max-doc-bytes 256M "$data/doc-200M.txt"
  row "resolve, one 200 MB document on one line" "$bin" resolve --format jsonl --max-doc-bytes 256M "$data/line-200M.txt"
  row "resolve, one 200 MB JSONL line" "$bin" resolve --format jsonl --max-doc-bytes 256M "$data/doc-200M.jsonl"
  row "geojson, 1,000,000 tiny JSONL documents" "$bin" geojson "$data/tiny-1000000.jsonl" -o -
  row "geojson, LGL x100 (58,800 documents)" "$bin" geojson "$data/lgl-x100.jsonl" -o -
  row "geojson, 250 KB of clauses" "$bin" geojson "$data/clauses-250K.txt" -o -
  row "geojson, 250 KB of clauses, --no-route" "$bin" geojson --no-route "$data/clauses-250K.txt" -o -
  row "geojson, 10 MB of clauses" "$bin" geojson "$data/clauses-10M.txt" -o -
  row "map, 10 MB of clauses" "$bin" map "$data/clauses-10M.txt" -o "$data/clauses.png"
  row "geojson, 250 KB of bare names" "$bin" geojson "$data/names-250K.txt" -o -
  row "resolve, 250 KB of bare names" "$bin" resolve "$data/names-250K.txt"
  row "map, 30,000 one-place documents" "$bin" map "$data/oneplace-30000.jsonl" -o "$data/map-30000.png"
  row "map, 30,000 one-place documents, --no-labels" "$bin" map --no-labels "$data/oneplace-30000.jsonl" -o "$data/map-30000.png"
fi
