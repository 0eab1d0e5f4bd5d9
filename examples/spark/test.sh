#!/usr/bin/env bash
# Proves that toponym on Spark (examples/spark/toponym_spark.py, local mode, local[2]) writes the
# same documents as one `toponym resolve --input jsonl --format jsonl` process over the same
# partitioned JSONL, and that a failing toponym process fails the Spark job with its stderr.
#
# Usage, from the repository root:  examples/spark/test.sh
#   TOPONYM=path/to/toponym   the binary to test (default: target/release/toponym)
# Installs: a venv at .cache/spark-venv with examples/spark/requirements.txt (pyspark, py4j);
# a JRE with apt-get (default-jre-headless) if there is no `java`.
# Writes its input, outputs and Spark logs under target/spark-test.
set -euo pipefail
cd "$(dirname "$0")/../.."

toponym=${TOPONYM:-target/release/toponym}
[ -x "$toponym" ] || { echo "error: no toponym binary at $toponym (cargo build --release, or set TOPONYM)" >&2; exit 2; }
toponym=$(realpath "$toponym")
venv=.cache/spark-venv
work=target/spark-test
job=examples/spark/toponym_spark.py

step() { printf '\n=== %s\n' "$*"; }
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

step "Java (Spark 4 needs 17 or later)"
if ! command -v java >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null) \
    || sudo -n apt-get install -y -qq default-jre-headless >/dev/null \
    || { echo "error: no java and could not install default-jre-headless" >&2; exit 2; }
fi
java -version 2>&1 | head -1
major=$(java -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
[ "${major:-0}" -ge 17 ] || { echo "error: Spark 4 needs Java 17 or later" >&2; exit 2; }

step "PySpark in $venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r examples/spark/requirements.txt
"$venv/bin/python" -c 'import pyspark; print("pyspark", pyspark.__version__)'
export PYSPARK_PYTHON="$PWD/$venv/bin/python" PYSPARK_DRIVER_PYTHON="$PWD/$venv/bin/python"
export SPARK_LOCAL_IP=127.0.0.1
# Both sides must use the same gazetteer: the one compiled into the binary.
export TOPONYM_GAZETTEER=embedded

rm -rf "$work"
mkdir -p "$work"

step "input: partitioned JSONL made from examples/*.txt"
# Paragraphs, whole stories, sentences in three cases (lower case and headline capitals take
# different recognition paths), sentences mixed across stories, datelines moved to other
# paragraphs, possessives turned into demonyms from gazetteer/demonyms.tsv ("Russia's port" ->
# "Russian port", for --adjectives); plus a numeric id, an empty text, a line of invalid UTF-8,
# an empty line and a line of only a no-break space (both skipped, no document).
"$venv/bin/python" - "$work/input" <<'PY'
import json, pathlib, random, re, sys

out = pathlib.Path(sys.argv[1])
out.mkdir(parents=True)
stories = {p.stem: p.read_text(encoding="utf-8") for p in sorted(pathlib.Path("examples").glob("*.txt"))}
paragraphs = [(stem, i, para.strip()) for stem, text in stories.items()
              for i, para in enumerate(text.split("\n\n")) if para.strip()]
sentences = [s for _, _, para in paragraphs for s in re.split(r"(?<=[.;])\s+", para) if s]
datelines = [text.split(" — ", 1)[0] for text in stories.values() if " — " in text]
rng = random.Random(2024)
demonyms = [line.split("\t")[0] for line in pathlib.Path("gazetteer/demonyms.tsv").read_text(encoding="utf-8").splitlines()[1:]]

def demonymise(text):
    for demonym in sorted(demonyms, key=len, reverse=True):
        if demonym.endswith("n"):
            text = text.replace(f"{demonym[:-1]}'s ", f"{demonym} ")
    return text

docs = []
def add(doc_id, text):
    docs.append(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False).encode("utf-8"))

for stem, text in stories.items():
    add(stem, text)
for stem, i, para in paragraphs:
    add(f"{stem}-p{i}", para)
    for d, dateline in enumerate(datelines):
        add(f"{stem}-p{i}-dateline{d}", f"{dateline} — {para}")
    if demonymise(para) != para:
        add(f"{stem}-p{i}-demonyms", demonymise(para))
for i, s in enumerate(sentences):
    add(f"s{i}", s)
    if demonymise(s) != s:
        add(f"s{i}-demonyms", demonymise(s))
    add(f"s{i}-upper", s.upper())
    add(f"s{i}-lower", s.lower())
for k in range(300):
    add(f"mix{k}", rng.choice([" ", "\n\n"]).join(rng.sample(sentences, rng.randint(2, 5))))
docs.append(json.dumps({"id": 4711, "text": sentences[0]}).encode("utf-8"))
add("empty", "")
mojibake = next(para for _, _, para in paragraphs if "—" in para)
docs.append(b'{"id": "cp1252-dash", "text": "' + mojibake.encode("utf-8").replace("—".encode("utf-8"), b"\x97") + b'"}')

rng.shuffle(docs)
files = 6
for n in range(files):
    chunk = docs[n::files]
    if n == 0:
        chunk.insert(len(chunk) // 2, b"")
    if n == 1:
        chunk.insert(len(chunk) // 3, "\u00a0".encode("utf-8"))
    (out / f"news-{n}.jsonl").write_bytes(b"".join(line + b"\n" for line in chunk))
(out.parent / "expected-count").write_text(str(len(docs)))
print(f"{len(docs)} documents in {files} files, {sum(map(len, docs))} bytes")
PY

# The job in local mode with two worker threads, the binary shipped the way a cluster gets it.
run_spark() {  # run_spark LOG ARGS…: exit status of the job; its output and Spark's log in LOG
  local log=$1
  shift
  "$venv/bin/python" "$job" --master 'local[2]' --toponym "$toponym" --ship "$@" >"$log" 2>&1
}
compare() {  # compare SPARK_DIR SINGLE_FILE ADJECTIVES(yes|no)
  "$venv/bin/python" - "$1" "$2" "$(cat "$work/expected-count")" "$3" <<'PY'
import json, pathlib, sys

spark_dir, single_file, expected = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
adjectives_expected = sys.argv[4] == "yes"

def load(paths):
    docs, duplicates = {}, []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            if doc["id"] in docs:
                duplicates.append(doc["id"])
            docs[doc["id"]] = doc
    return docs, duplicates

parts = sorted(spark_dir.glob("part-*"))
spark, spark_dups = load(parts)
single, single_dups = load([single_file])
non_empty = sum(1 for p in parts if p.stat().st_size)
print(f"spark: {len(spark)} documents in {len(parts)} part files ({non_empty} non-empty); "
      f"single process: {len(single)}; input: {expected}")

problems = []
if not spark:
    problems.append("Spark produced zero documents")
if len(single) != expected:
    problems.append(f"single process wrote {len(single)} documents for {expected} input documents")
if non_empty < 2:
    problems.append(f"only {non_empty} non-empty part file(s): the input was not partitioned")
for name, dups in (("spark", spark_dups), ("single process", single_dups)):
    if dups:
        problems.append(f"{name}: {len(dups)} duplicate ids, e.g. {dups[:5]}")
missing = sorted(single.keys() - spark.keys())
extra = sorted(spark.keys() - single.keys())
if missing:
    problems.append(f"{len(missing)} ids missing from the Spark output, e.g. {missing[:5]}")
if extra:
    problems.append(f"{len(extra)} ids only in the Spark output, e.g. {extra[:5]}")
differing = sorted(i for i in spark.keys() & single.keys() if spark[i] != single[i])
if differing:
    problems.append(f"{len(differing)} documents differ, e.g. {differing[:5]}")
# The demonym variants in the input find adjectives exactly when --adjectives reached toponym.
adjectives = sum(m.get("adjective", False) for d in spark.values() for m in d["mentions"])
if (adjectives > 0) != adjectives_expected:
    problems.append(f"{adjectives} adjective mentions in the Spark output, expected "
                    + ("some (--adjectives)" if adjectives_expected else "none (no --adjectives)"))
if problems:
    print("MISMATCH:\n  " + "\n  ".join(problems))
    for doc_id in differing[:3]:
        a, b = single[doc_id]["mentions"], spark[doc_id]["mentions"]
        k = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        print(f"  {doc_id}: {len(a)} vs {len(b)} mentions; first difference at mention {k}:")
        print(f"    single: {json.dumps(a[k] if k < len(a) else None, ensure_ascii=False)}")
        print(f"    spark:  {json.dumps(b[k] if k < len(b) else None, ensure_ascii=False)}")
    sys.exit(1)
mentions = sum(len(d["mentions"]) for d in spark.values())
print(f"identical: {len(spark)} documents, {mentions} mentions ({adjectives} adjectives)")
PY
}

for flags in "" "--adjectives"; do
  name=spark${flags:+-adjectives}
  step "Spark (local[2], at least 8 partitions) ${flags:-without --adjectives} vs one process"
  t=$(now)
  if ! run_spark "$work/$name.log" --partitions 8 $flags "$work/input" "$work/$name"; then
    tail -n 40 "$work/$name.log" >&2
    echo "error: the Spark job failed (log: $work/$name.log)" >&2
    exit 1
  fi
  echo "spark job: $(since "$t") s ($(grep '^toponym_spark:' "$work/$name.log"))"
  t=$(now)
  "$toponym" resolve --input jsonl --format jsonl $flags "$work"/input/*.jsonl \
    >"$work/$name.single.jsonl" 2>"$work/$name.single.log"
  echo "single process: $(since "$t") s; its warnings (the line of invalid UTF-8 is expected):"
  sed 's/^/  /' "$work/$name.single.log"
  compare "$work/$name" "$work/$name.single.jsonl" "$([ -n "$flags" ] && echo yes || echo no)"
done

step "a failing toponym process fails the Spark job with its stderr"
mkdir -p "$work/bad"
printf '%s\n' '{"id": "fine", "text": "From Lisbon to Madrid."}' '{"id": "broken", "text": ' >"$work/bad/bad.jsonl"
t=$(now)
if run_spark "$work/bad.log" "$work/bad" "$work/bad-out"; then
  echo "error: the Spark job succeeded on a malformed line (log: $work/bad.log)" >&2
  exit 1
fi
for expected in "exited with status 2" "not a JSON object"; do
  grep -q "$expected" "$work/bad.log" \
    || { echo "error: the failed job's log does not say \"$expected\" (log: $work/bad.log)" >&2; exit 1; }
done
echo "failed as it should ($(since "$t") s): $(grep -m1 -o 'exited with status 2.*' "$work/bad.log")"

echo
echo "spark test passed"
