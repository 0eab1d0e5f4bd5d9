#!/usr/bin/env python3
"""Peak memory of the Python binding on one huge text (issue 25): each case runs in a fresh
interpreter and reports its wall time and peak RSS (ru_maxrss). Figures, not tests.

usage: python_memory.py [MB]   (default 100; run with the venv's python that has toponym)

Cases, on MB megabytes of news-like text (the bundled examples repeated, paragraphs apart):
  resolve            toponym.resolve(text): refused past max_doc_bytes (64 MiB by default)
  iter_resolve       for m in toponym.iter_resolve(text, max_doc_bytes=...): counts mentions
  resolve, 10 MB     toponym.resolve() of the first 10 MB: the list of every mention held
  baseline           the text alone (made, encoded), nothing resolved
"""
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CASE = r"""
import json, resource, sys, time
from pathlib import Path
import toponym
repo, mb, case = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
unit = "\n\n".join((repo / "examples" / n).read_text(encoding="utf-8") for n in ("summit.txt", "iberia.txt")) + "\n\n"
text = unit * (mb * 1_000_000 // len(unit.encode()) + 1)
t0 = time.perf_counter()
out = {"case": case, "mb": round(len(text.encode()) / 1e6, 1)}
if case == "resolve":
    try:
        out["mentions"] = len(toponym.resolve(text))
    except ValueError as e:
        out["refused"] = str(e)
elif case == "iter_resolve":
    out["mentions"] = sum(1 for _ in toponym.iter_resolve(text, max_doc_bytes=len(text.encode())))
elif case == "resolve10":
    text = text[:10_000_000]
    out["mb"] = 10
    out["mentions"] = len(toponym.resolve(text))
out["s"] = round(time.perf_counter() - t0, 1)
out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps(out))
"""


def main():
    mb = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    for case in ("baseline", "resolve", "iter_resolve", "resolve10"):
        done = subprocess.run([sys.executable, "-c", CASE, str(REPO), str(mb), case], capture_output=True, text=True)
        line = done.stdout.strip() or json.dumps({"case": case, "error": done.stderr.strip()[-300:]})
        print(line, flush=True)


if __name__ == "__main__":
    main()
