#!/usr/bin/env python3
"""Score `toponym lookup` on news-features.tsv: the top hit is right when it lies within the row's
radius of the feature (25 km for sites, more for rivers, lakes, seas and large islands).
Usage: eval/features/score.py TOPONYM_BIN [--half tune|check|all] [--gazetteer FILE] [-v]
Prints right/total per class and overall; -v lists every miss with what came first."""
import argparse, collections, json, math, os, subprocess, sys

here = os.path.dirname(os.path.abspath(__file__))

def km(a, b):
    (la1, lo1), (la2, lo2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))

ap = argparse.ArgumentParser()
ap.add_argument("bin")
ap.add_argument("--half", default="all", choices=["tune", "check", "all"])
ap.add_argument("--gazetteer")
ap.add_argument("-v", action="store_true")
a = ap.parse_args()
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(here, "news-features.tsv"), encoding="utf-8")
        if l.strip() and not l.startswith("#")]
score = collections.defaultdict(lambda: [0, 0])
for cls, name, lat, lon, radius, half in rows:
    if a.half != "all" and half != a.half:
        continue
    cmd = [a.bin, "lookup", "-q", "-n", "1", name] + (["--gazetteer", a.gazetteer] if a.gazetteer else [])
    p = subprocess.run(cmd, capture_output=True, text=True)
    hits = json.loads(p.stdout) if p.returncode == 0 and p.stdout.strip() else []
    ok = bool(hits) and km((float(lat), float(lon)), (hits[0]["lat"], hits[0]["lon"])) <= float(radius)
    score[cls][0] += ok
    score[cls][1] += 1
    if a.v and not ok:
        top = f"{hits[0]['name']} ({hits[0]['kind']}, {hits[0]['country_code']})" if hits else "nothing"
        print(f"  miss {cls:8} {name:40} -> {top}")
total = [sum(v[0] for v in score.values()), sum(v[1] for v in score.values())]
for cls, (r, n) in score.items():
    print(f"{cls:9} {r:3}/{n}")
print(f"{'all':9} {total[0]:3}/{total[1]}")
