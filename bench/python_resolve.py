#!/usr/bin/env python3
"""toponym's Python binding for bench/run.sh: resolve_many over every document at once.

usage: python_resolve.py [JOBS] < docs.jsonl > predictions.jsonl

Input: one {"id", "text"} per line. Output: one {"id", "mentions": [Mention.to_dict(), ...]}
per line, for score.py. On exit, one JSON line on stderr: {"load_s", "process_s",
"process_cpu_s", "docs"}, where process_s is the `toponym.resolve_many(texts, jobs=JOBS,
adjectives=True)` call alone (wall time; process_cpu_s its CPU time over all threads) and
load_s everything before it: imports, reading the JSONL into a list, and a first resolve()
that loads the gazetteer. Writing the predictions afterwards is in neither.
"""
import json
import sys
import time

START = time.perf_counter()


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and not sys.argv[1].isdigit()):
        sys.exit(__doc__)
    jobs = int(sys.argv[1]) if len(sys.argv) == 2 else None
    import toponym

    docs = [json.loads(line) for line in sys.stdin if line.strip()]
    texts = [d["text"] for d in docs]
    toponym.resolve("Warm-up in Vladivostok.")  # loads the gazetteer, as the CLI does at start-up
    load_s, cpu0 = time.perf_counter() - START, time.process_time()
    results = toponym.resolve_many(texts, jobs=jobs, adjectives=True)
    process_s, process_cpu_s = time.perf_counter() - START - load_s, time.process_time() - cpu0
    out = sys.stdout
    for doc, mentions in zip(docs, results):
        out.write(json.dumps({"id": doc["id"], "mentions": [m.to_dict() for m in mentions]}) + "\n")
    out.flush()
    print(json.dumps({"load_s": round(load_s, 3), "process_s": round(process_s, 3),
                      "process_cpu_s": round(process_cpu_s, 3), "docs": len(docs)}), file=sys.stderr)


if __name__ == "__main__":
    main()
