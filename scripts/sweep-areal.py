#!/usr/bin/env python3
"""Sweep resolved documents for country or first-level-division names resolved to towns.

usage: sweep-areal.py TOPONYM_BIN PRED.jsonl [PRED.jsonl ...]

A mention counts when its text, resolved alone, is a country or first-level division but the
document resolved it to a town. The text may have qualified it ("Mexico, Mo."), so each is
printed with its context for review; the exit status is 0 unless the share of such mentions
among all mentions of areal names exceeds 8 % (5.9 % on LGL + GeoVirus when written, 8.5 % before the areal-name rule).
"""
import json
import subprocess
import sys

binary, preds = sys.argv[1], sys.argv[2:]
mentions = []
for path in preds:
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            for m in d.get("mentions", []):
                mentions.append((d["id"], m))
texts = sorted({m["text"] for _, m in mentions})
docs = "".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts))
out = subprocess.run([binary, "resolve", "--input", "jsonl", "--format", "jsonl", "-"],
                     input=docs, capture_output=True, text=True, check=True).stdout
areal = set()
for line in out.splitlines():
    d = json.loads(line)
    t = texts[int(d["id"])]
    if any(m["start"] == 0 and m["text"] == t and m["kind"] in ("country", "admin1") for m in d["mentions"]):
        areal.add(t)
named = [(doc, m) for doc, m in mentions if m["text"] in areal]
# A city of a million ("New York") is no blunder: the resolver exempts those on purpose.
towns = [(doc, m) for doc, m in named
         if m["kind"] in ("city", "admin2", "district") and m.get("population", 0) < 1_000_000]
for doc, m in towns:
    print(f"{doc}: {m['text']!r} -> {m['name']}, {m.get('admin1')}, {m.get('country_code')} ({m['kind']})")
share = len(towns) / len(named) if named else 0.0
print(f"areal names resolved to towns: {len(towns)} of {len(named)} ({share:.1%})")
sys.exit(1 if share > 0.08 else 0)
