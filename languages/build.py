#!/usr/bin/env python3
"""Build languages/stopwords.tsv from the fetched stopwords-iso package (see SOURCES.md).
usage: languages/build.py FETCH_DIR OUT.tsv
Deterministic: languages in a fixed order, words lowercased, deduplicated and sorted; the output
is written atomically.
"""
import json
import os
import sys

LANGS = ["ar", "de", "es", "fr", "ru", "uk"]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: languages/build.py FETCH_DIR OUT.tsv")
    src = os.path.join(sys.argv[1], "stopwords-iso", "package", "stopwords-iso.json")
    data = json.load(open(src, encoding="utf-8"))
    rows = []
    for lang in LANGS:
        words = {w.strip().lower() for w in data[lang]}
        words = sorted(w for w in words if len(w) >= 2 and all(c.isalpha() for c in w))
        rows.extend(f"{lang}\t{w}" for w in words)
    out = sys.argv[2]
    tmp = out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    os.replace(tmp, out)
    print(f"{out}: {len(rows)} words")


main()
