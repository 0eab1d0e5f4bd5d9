#!/usr/bin/env python3
"""Score `toponym resolve` on the multilingual dev set (eval/languages/<lang>.jsonl, built from
eval/languages/markup by scripts/languages-markup.py) and print span precision, recall, F1 and
acc@161 (matched and end-to-end) per language.

The protocol is the one of /work/shared/eval/score.py (EUPEG): a mention matches a gold toponym
when the strings are equal ignoring case and the span midpoints are less than 10 characters
apart, one-to-one, closest first; error is the haversine distance. The holdout
(eval/languages/holdout/) is scored only with --holdout, once, at the end of a piece of work.

usage: scripts/score-languages.py [--bin PATH] [--holdout] [--json] [--show-errors] [LANG...]
"""
import argparse
import json
import math
import os
import subprocess
import sys

R_KM = 6371.0088
MAX_ERR_KM = 20039.0
ACC_KM = 161.0
MID_TOL = 10.0
SETS = {"dev": (), "holdout": ("holdout",), "news": ("news", "tune"), "news-check": ("news", "check")}


def haversine_km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R_KM * math.asin(min(1.0, math.sqrt(a)))


def match(gold, pred):
    """Pairs (gold index, pred index), closest midpoints first, one-to-one."""
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if g["name"].lower() != p["text"].lower():
                continue
            d = abs((g["start"] + g["end"]) / 2 - (p["start"] + p["end"]) / 2)
            if d < MID_TOL:
                pairs.append((d, gi, pi))
    pairs.sort()
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def error_km(g, p):
    lat, lon = p.get("lat"), p.get("lon")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return MAX_ERR_KM
    return haversine_km(g["lat"], g["lon"], lat, lon)


def score(gold_path, binary, show):
    gold = [json.loads(line) for line in open(gold_path, encoding="utf-8") if line.strip()]
    run = subprocess.run([binary, "resolve", "--input", "jsonl", "--format", "jsonl", gold_path],
                         capture_output=True, text=True)
    if run.returncode not in (0, 1):
        sys.exit(f"score-languages: {binary} failed on {gold_path}: {run.stderr.strip()}")
    pred = {}
    for line in run.stdout.splitlines():
        if line.strip():
            d = json.loads(line)
            pred[d["id"]] = d.get("mentions", [])
    tp = fp = fn = 0
    matched_err, all_err = [], []
    for doc in gold:
        g, p = doc["toponyms"], pred.get(doc["id"], [])
        pairs = match(g, p)
        tp += len(pairs)
        fp += len(p) - len(pairs)
        fn += len(g) - len(pairs)
        got = {gi: error_km(g[gi], p[pi]) for gi, pi in pairs}
        matched_err.extend(got.values())
        all_err.extend(got.get(i, MAX_ERR_KM) for i in range(len(g)))
        if show:
            hit_p = {pi for _, pi in pairs}
            for i, t in enumerate(g):
                if i not in got:
                    print(f"  {doc['id']} FN {t['name']}")
                elif got[i] >= ACC_KM:
                    print(f"  {doc['id']} FAR {t['name']} {got[i]:.0f} km")
            for i, m in enumerate(p):
                if i not in hit_p:
                    print(f"  {doc['id']} FP {m['text']} ({m.get('lat')}, {m.get('lon')})")
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    acc = lambda errs: sum(e < ACC_KM for e in errs) / len(errs) if errs else 0.0
    return {"docs": len(gold), "gold": tp + fn, "precision": prec, "recall": rec, "f1": f1,
            "acc161_matched": acc(matched_err), "acc161_end_to_end": acc(all_err)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("langs", nargs="*")
    ap.add_argument("--bin", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"),
                                                  "release", "toponym"))
    ap.add_argument("--holdout", action="store_true", help="score eval/languages/holdout instead")
    ap.add_argument("--set", choices=sorted(SETS), default=None,
                    help="which set: dev (default), holdout, news (held-out news, tune part), news-check")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-errors", action="store_true", help="list misses, far points and extras")
    args = ap.parse_args()
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "eval", "languages")
    which = args.set or ("holdout" if args.holdout else "dev")
    if args.holdout and which != "holdout":
        sys.exit("score-languages: --holdout and --set disagree")
    root = os.path.join(root, *SETS[which])
    langs = args.langs or sorted(f[:-6] for f in os.listdir(root) if f.endswith(".jsonl"))
    results = {}
    if not args.json:
        print(f"{'lang':5} {'docs':>4} {'gold':>4} {'P':>6} {'R':>6} {'F1':>6} {'acc161':>7} {'e2e161':>7}")
    for lang in langs:
        path = os.path.join(root, f"{lang}.jsonl")
        if not os.path.exists(path):
            sys.exit(f"score-languages: no {path}")
        if args.show_errors and not args.json:
            print(f"{lang}:")
        r = results[lang] = score(path, args.bin, args.show_errors and not args.json)
        if not args.json:
            print(f"{lang:5} {r['docs']:4} {r['gold']:4} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
                  f"{r['acc161_matched']:7.3f} {r['acc161_end_to_end']:7.3f}")
    if args.json:
        print(json.dumps(results, indent=1, sort_keys=True))


main()
