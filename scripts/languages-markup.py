#!/usr/bin/env python3
"""Build eval/languages/<lang>.jsonl (and holdout/<lang>.jsonl) from the markup we write by hand.

Markup, eval/languages/markup/<lang>.txt, one paragraph a line:
    <id> TAB <text with [surface|lat,lon] around every place>
A line that starts with "H " goes to the holdout; "#" lines are comments. The held-out news set,
eval/languages/news/markup/<lang>.txt, is written the same way by other hands and turned into
news/tune/<lang>.jsonl and news/check/<lang>.jsonl (lines that start with "C "). Gold spans are
character (code point) offsets into the text without the markup, end exclusive, as
/work/shared/eval/README.md describes. Writes atomically; deterministic.
usage: scripts/languages-markup.py [eval/languages]
"""
import json
import os
import re
import sys

MARK = re.compile(r"\[([^\[\]|]+)\|(-?[0-9.]+),(-?[0-9.]+)\]")


def parse(line, lang):
    ident, marked = line.split("\t", 1)
    text, toponyms, at = [], [], 0
    pos = 0
    for m in MARK.finditer(marked):
        before = marked[pos:m.start()]
        text.append(before)
        at += len(before)
        name = m.group(1)
        toponyms.append({"start": at, "end": at + len(name), "name": name,
                         "lat": float(m.group(2)), "lon": float(m.group(3))})
        text.append(name)
        at += len(name)
        pos = m.end()
    text.append(marked[pos:])
    text = "".join(text)
    if "[" in text or "|" in text:
        sys.exit(f"languages-markup: {ident}: stray markup")
    for t in toponyms:
        assert text[t["start"]:t["end"]] == t["name"]
    return {"id": ident, "lang": lang, "text": text, "toponyms": toponyms}


def write(path, docs):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def build(root, tag, apart):
    """markup/<lang>.txt under root -> <lang>.jsonl (or tune/<lang>.jsonl) and <apart>/<lang>.jsonl."""
    main_dir = root if tag == "H " else os.path.join(root, "tune")
    for name in sorted(os.listdir(os.path.join(root, "markup"))):
        lang = name.removesuffix(".txt")
        dev, held = [], []
        for line in open(os.path.join(root, "markup", name), encoding="utf-8"):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith(tag):
                held.append(parse(line[2:], lang))
            else:
                dev.append(parse(line, lang))
        write(os.path.join(main_dir, f"{lang}.jsonl"), dev)
        write(os.path.join(root, apart, f"{lang}.jsonl"), held)
        print(f"{os.path.basename(root)} {lang}: {len(dev)} + {len(held)} {apart}, "
              f"{sum(len(d['toponyms']) for d in dev)}+{sum(len(d['toponyms']) for d in held)} toponyms")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "eval/languages"
    build(root, "H ", "holdout")
    if os.path.isdir(os.path.join(root, "news", "markup")):
        build(os.path.join(root, "news"), "C ", "check")


main()
