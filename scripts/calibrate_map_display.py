#!/usr/bin/env python3
"""Calibrate the map's display rule: how often a place toponym resolved is right, by its
confidence and by whether it lies in the document's core area (the framing rule of
src/emit/story_map.rs for a story without journey anchors: weight = mentions, halved for
regions and waters; weighted medoid; core radius R = distance holding 60 % of the weight;
core = within max(1.5 R, R + 300 km), or named twice with a fifth of the weight).

Usage: scripts/calibrate_map_display.py GOLD.jsonl PRED.jsonl [GOLD PRED ...]
  (PRED from `toponym resolve --input jsonl --format jsonl GOLD`). Prints precision per bin.
"""
import json, math, sys
from collections import defaultdict

AREAS = {"country", "ocean", "continent"}
HALF = {"admin1", "admin2", "region", "mountain_range", "sea", "gulf", "bay", "strait", "lake", "river", "canal"}

def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))

def core_test(places):
    """places: list of (pos, weight, mentions). Returns per-place bool: inside the core area."""
    if not places:
        return []
    top = sorted(range(len(places)), key=lambda i: -places[i][1])[:300]
    centre = min(top, key=lambda i: sum(places[j][1] * km(places[i][0], places[j][0]) for j in top))
    d = [km(places[centre][0], p[0]) for p in places]
    total = sum(p[1] for p in places)
    acc, r = 0.0, 0.0
    for i in sorted(range(len(places)), key=lambda i: d[i]):
        acc += places[i][1]
        r = d[i]
        if acc >= 0.6 * total:
            break
    limit = max(1.5 * r, r + 300.0)
    return [x <= limit or (places[i][2] >= 2 and places[i][1] >= 0.2 * total) for i, x in enumerate(d)]

def main(pairs):
    bins = defaultdict(lambda: [0, 0])
    for gold_path, pred_path in pairs:
        gold = {}
        for line in open(gold_path):
            g = json.loads(line)
            gold[g["id"]] = g["toponyms"]
        for line in open(pred_path):
            doc = json.loads(line)
            by_place = {}
            for m in doc["mentions"]:
                if m.get("adjective") or m.get("kind") in AREAS or m.get("lat") is None:
                    continue
                key = m["id"]
                p = by_place.setdefault(key, {"pos": (m["lat"], m["lon"]), "n": 0, "conf": 0.0, "ok": False,
                                              "half": m.get("kind") in HALF})
                p["n"] += 1
                p["conf"] = max(p["conf"], m["confidence"])
                for t in gold.get(doc["id"], []):
                    if t["start"] < m["end"] and m["start"] < t["end"] and t.get("lat") is not None:
                        if km((t["lat"], t["lon"]), p["pos"]) <= 161:
                            p["ok"] = True
            places = list(by_place.values())
            inside = core_test([(p["pos"], p["n"] * (0.5 if p["half"] else 1.0), p["n"]) for p in places])
            for p, core in zip(places, inside):
                c = p["conf"]
                cb = next(b for b in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01) if c < b)
                b = bins[(cb, core)]
                b[0] += p["ok"]
                b[1] += 1
    print("confidence below | in core | places | precision")
    for (cb, core), (ok, n) in sorted(bins.items()):
        print(f"{cb:>5} | {'yes' if core else 'no ':3} | {n:5d} | {ok / n:.2f}")
    rules = {
        "confidence >= 0.5 (the old cut)": lambda cb, core: cb > 0.5,
        "core from 0.4, far from 0.8 (story_map)": lambda cb, core: cb > (0.4 if core else 0.8),
    }
    for name, shown in rules.items():
        ok = sum(v[0] for k, v in bins.items() if shown(*k))
        n = sum(v[1] for k, v in bins.items() if shown(*k))
        print(f"{name}: {n} places shown, {ok} right, precision {ok / max(n, 1):.3f}")

if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) < 2 or len(a) % 2:
        sys.exit(__doc__)
    main(list(zip(a[0::2], a[1::2])))
