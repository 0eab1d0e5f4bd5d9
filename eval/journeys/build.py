#!/usr/bin/env python3
"""Build gold.jsonl from annot.py (the compact annotation source) and the corpora.

Every article of ../shared/eval/{lgl,geovirus}.jsonl gets one line, with or without journeys.
A stop's coordinates come from the article's own gold toponym of the same name when there is
one, else from `toponym lookup NAME` (first hit, or the hit in `HINT` below), else from an
explicit "@lat,lon" in annot.py. Areal stops also get the country code (and admin1) the
lookup reports, which the scorer uses to match a predicted point inside the area.

    python3 eval/journeys/build.py --bin /work/baseline/toponym --eval ../shared/eval
"""
import argparse, json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
# name -> extra `toponym lookup` arguments where the first hit is not the place the text means
HINT = {"Punjab": ["--country", "PK"]}


def load_ann():
    env = {}
    with open(os.path.join(HERE, "annot.py"), encoding="utf-8") as f:
        exec(f.read(), env)
    return env["ANN"]


def lookup(bin_, name, extra):
    out = subprocess.run([bin_, "lookup", name, "--limit", "5", "--format", "json"] + extra,
                         capture_output=True, text=True)
    try:
        return json.loads(out.stdout)
    except json.JSONDecodeError:
        return []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/toponym")
    ap.add_argument("--eval", default=os.path.join(HERE, "..", "..", "..", "shared", "eval"))
    ap.add_argument("--out", default=os.path.join(HERE, "gold.jsonl"))
    ap.add_argument("--report", action="store_true", help="print how every stop was resolved")
    a = ap.parse_args()
    ann = load_ann()
    by_id = {}
    for j in ann:
        by_id.setdefault(j["id"], []).append(j)
    docs = []
    for corpus in ("lgl", "geovirus"):
        with open(os.path.join(a.eval, corpus + ".jsonl"), encoding="utf-8") as f:
            docs += [json.loads(l) for l in f if l.strip()]
    ids = {d["id"] for d in docs}
    unknown = set(by_id) - ids
    if unknown:
        sys.exit(f"annotations for unknown ids: {sorted(unknown)}")
    lines = []
    missing = 0
    for d in docs:
        tops = {}
        for t in d.get("toponyms", []):
            tops.setdefault(t["name"].lower(), (t["lat"], t["lon"]))
        journeys = []
        for j in by_id.get(d["id"], []):
            stops = []
            for raw in j["stops"]:
                m = re.fullmatch(r"(\*?)([^@|]+?)(?:@(-?[\d.]+),(-?[\d.]+))?(\|p)?", raw)
                if not m:
                    sys.exit(f"{d['id']}: bad stop {raw!r}")
                areal, name, plat, plon, planned = m.groups()
                stop = {"name": name, "status": "planned" if planned else "travelled",
                        "areal": bool(areal)}
                how = ""
                if plat:
                    stop["lat"], stop["lon"] = float(plat), float(plon); how = "pinned"
                elif name.lower() in tops:
                    stop["lat"], stop["lon"] = tops[name.lower()]; how = "corpus"
                near = ["--near", f"{stop['lat']},{stop['lon']}"] if how else []
                hits = lookup(a.bin, name, HINT.get(name, []) + near) if (areal or not how) else []
                if not how and hits:
                    stop["lat"], stop["lon"] = hits[0]["lat"], hits[0]["lon"]; how = "lookup"
                if not how:
                    print(f"{d['id']}: cannot place {name!r}", file=sys.stderr)
                    missing += 1
                    continue
                if areal and hits:
                    h = hits[0]
                    stop["country_code"] = h.get("country_code")
                    if h.get("kind") != "country" and h.get("admin1"):
                        stop["admin1"] = h["admin1"]
                if a.report:
                    extra = f" {hits[0].get('kind')} {hits[0].get('country_code')} {hits[0].get('admin1')}" if hits else ""
                    print(f"{d['id']:18} {name:28} {how:7} {stop['lat']:.3f},{stop['lon']:.3f}{extra}")
                stops.append(stop)
            journeys.append({"traveller": j["traveller"], "stops": stops, "mode": j["mode"],
                             "evidence": j["evidence"], "borderline": j["borderline"]})
        lines.append(json.dumps({"id": d["id"], "journeys": journeys}, ensure_ascii=False))
    if missing:
        sys.exit(f"{missing} stops could not be placed; pin them with @lat,lon in annot.py")
    with open(a.out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {a.out}: {len(lines)} articles, {sum(len(by_id.get(d['id'], [])) for d in docs)} journeys",
          file=sys.stderr)


if __name__ == "__main__":
    main()
