#!/usr/bin/env python3
"""Check that the README's accuracy figures are the ones `scripts/eval.sh` just measured.

usage: check-readme-figures.py EVAL_DIR OUT_DIR [--readme README.md]

EVAL_DIR holds the gold corpora and score.py; OUT_DIR is where scripts/eval.sh left its
predictions and scores (target/eval). Checked, each to the digits the README prints:
  - every row of the table under "### Accuracy" (LGL, GeoVirus, WikToR, and their gold-span rows);
  - the held-out halves in the paragraph below it (matched acc@161 end-to-end on the odd-index
    documents, and acc@161 over all gold spans of the odd half), rescored here with score.py;
  - the share of country and state names resolved to towns (scripts/sweep-areal.py's last line);
  - toponym's F1 and acc@161 in the table under "### Speed and accuracy beside other geoparsers"
    (the bench runs the same command on LGL as eval.sh does).
A figure that differs fails the run (exit 1) and names the figure: a stale README fails CI.
Python standard library only.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

args = [a for a in sys.argv[1:] if not a.startswith("--")]
if len(args) != 2:
    sys.exit(__doc__.split("\n\n")[1])
EVAL_DIR, OUT = args
readme_path = sys.argv[sys.argv.index("--readme") + 1] if "--readme" in sys.argv else "README.md"
readme = open(readme_path, encoding="utf-8").read()
failures = []
checked = 0


def score(name):
    with open(os.path.join(OUT, f"{name}.score.json"), encoding="utf-8") as f:
        return json.load(f)


def same(what, shown, value):
    """The README shows `shown` (a string, maybe bold); `value` rounded to its digits must equal it."""
    global checked
    checked += 1
    shown = shown.strip().strip("*")
    digits = len(shown.split(".")[1]) if "." in shown else 0
    want = f"{value:.{digits}f}"
    if shown != want:
        failures.append(f"{what}: README shows {shown}, measured {want}")


def section(title):
    """The README's text from a heading line to the next heading."""
    m = re.search(rf"^#+ {re.escape(title)}.*?$(.*?)(?=^#+ )", readme, re.M | re.S)
    if not m:
        failures.append(f"no section {title!r} in {readme_path}")
        return ""
    return m.group(1)


def table_rows(text):
    """Rows of the markdown tables in text: lists of stripped cells."""
    rows = []
    for line in text.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
    return rows


# ---------- the accuracy table --------------------------------------------------------------------
accuracy = section("Accuracy")
# row label prefix -> (score file, columns P R F1 acc@161 AUC e2e as keys into the score JSON)
COLUMNS = [("recognition", "precision"), ("recognition", "recall"), ("recognition", "f1"),
           ("resolution_matched", "acc161"), ("resolution_matched", "auc"), ("resolution_end_to_end", "acc161")]
ROWS = [("LGL (with", "lgl"), ("GeoVirus |", "geovirus"), ("WikToR (", "wiktor"),
        ("LGL gold spans", "lgl-spans"), ("GeoVirus gold spans", "geovirus-spans"),
        ("WikToR gold spans", "wiktor-spans")]
seen = set()
for row in table_rows(accuracy):
    line = " | ".join(row)
    for prefix, name in ROWS:
        if line.startswith(prefix):
            seen.add(name)
            got = score(name)
            for (part, key), cell in zip(COLUMNS, row[1:]):
                if re.fullmatch(r"\**[0-9.]+\**", cell):
                    same(f"Accuracy table, {row[0]}, {part}.{key}", cell, got[part][key])
for _, name in ROWS:
    if name not in seen:
        failures.append(f"Accuracy table: no row for {name}")


# ---------- the held-out halves ---------------------------------------------------------------------
def odd_half(corpus, pred_name, spans):
    """score.py on the odd-index documents of a corpus (0-based position in its file)."""
    with open(os.path.join(EVAL_DIR, f"{corpus}.jsonl"), encoding="utf-8") as f:
        gold = [line for i, line in enumerate(l for l in f if l.strip()) if i % 2 == 1]
    ids = {json.loads(line)["id"] for line in gold}
    with open(os.path.join(OUT, f"{pred_name}.pred.jsonl"), encoding="utf-8") as f:
        pred = [line for line in f if line.strip() and json.loads(line)["id"] in ids]
    with tempfile.TemporaryDirectory() as tmp:
        g, p = os.path.join(tmp, "gold.jsonl"), os.path.join(tmp, "pred.jsonl")
        open(g, "w", encoding="utf-8").writelines(gold)
        open(p, "w", encoding="utf-8").writelines(pred)
        cmd = [sys.executable, os.path.join(EVAL_DIR, "score.py"), g, p, "--json"] + (["--gold-spans"] if spans else [])
        return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


m = re.search(r"held-out\s+half:\s+LGL\s+([0-9.]+),\s+GeoVirus\s+([0-9.]+),\s+WikToR\s+([0-9.]+);", accuracy)
if not m:
    failures.append("Accuracy: no 'held-out half: LGL …, GeoVirus …, WikToR …;' sentence")
else:
    for corpus, shown in zip(("lgl", "geovirus", "wiktor"), m.groups()):
        same(f"held-out half, {corpus}, matched acc@161", shown,
             odd_half(corpus, corpus, False)["resolution_matched"]["acc161"])
m = re.search(r"odd\s+half:\s+LGL\s+([0-9.]+),\s+GeoVirus\s+([0-9.]+),\s+WikToR\s+([0-9.]+)\)", accuracy)
if not m:
    failures.append("Accuracy: no 'odd half: LGL …, GeoVirus …, WikToR …)' sentence")
else:
    for corpus, shown in zip(("lgl", "geovirus", "wiktor"), m.groups()):
        same(f"odd half, {corpus} gold spans, acc@161 over all gold spans", shown,
             odd_half(corpus, f"{corpus}-spans", True)["resolution_end_to_end"]["acc161"])

# ---------- the areal sweep ------------------------------------------------------------------------
m = re.search(r"sweep-areal\.py`:\s+([0-9.]+)\s+%\s+of\s+such", accuracy)
sweep = open(os.path.join(OUT, "areal-sweep.txt"), encoding="utf-8").read().strip().splitlines()[-1]
got = re.search(r"\(([0-9.]+)%\)", sweep)
if not (m and got):
    failures.append(f"areal sweep: README or {OUT}/areal-sweep.txt lacks the share ({sweep!r})")
else:
    same("areal sweep share (%)", m.group(1), float(got.group(1)))

# ---------- toponym's accuracy in the bench table --------------------------------------------------
lgl = score("lgl")
bench_rows = [r for r in table_rows(section("Speed and accuracy beside other geoparsers"))
              if r[0].startswith("**toponym**")]
if not bench_rows:
    failures.append("Speed and accuracy: no **toponym** rows")
for row in bench_rows:
    same(f"bench table, {row[0]}, F1", row[5], lgl["recognition"]["f1"])
    same(f"bench table, {row[0]}, acc@161", row[6], lgl["resolution_matched"]["acc161"])

if failures:
    print(f"{len(failures)} README figures are stale ({checked} checked):", file=sys.stderr)
    for f in failures:
        print(f"  {f}", file=sys.stderr)
    sys.exit(1)
print(f"README figures: {checked} checked, all as measured")
