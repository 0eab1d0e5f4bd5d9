#!/usr/bin/env python3
"""Score the journeys `toponym geojson` draws on real news against eval/journeys/gold.jsonl.

Every article of the corpora (LGL, GeoVirus) is a document of its own: the binary runs once
over a JSONL of all scored articles with --per-document (each document keeps its own story,
as if run alone); --one-by-one runs it once per article instead (slow; a cross-check).

Predicted journeys: the route features of a document, in output order; a route whose first
waypoint is the previous route's last waypoint continues it (a travelled leg and its planned
continuation are one journey). A waypoint's point is the document's place feature of that
name, else the route line's end point.

Matching a stop (gold stop G, predicted stop P):
  - G is a point: P within 100 km of G.
  - G is areal (a country, state, province, county or region): P within 300 km of G's point,
    or P inside G by the output's own codes: same country_code, and for a sub-national area
    also the same admin1.
A gold journey and a predicted journey are compared by the longest in-order chain of matching
stops (LCS). Each gold journey takes the predicted journey sharing most stops with it (each
predicted journey used once).
  - right:   every gold stop matched, in order, and every predicted stop matched too;
  - partly:  at least 2 stops matched in order, but not right;
  - missed:  fewer than 2 stops matched.
  - false route: a predicted journey on an article whose gold has no journey (borderline
    journeys excluded: a route on an article whose only journeys are borderline is neither
    false nor counted); extra routes on articles with a journey are reported apart.
  - mode right: among right and partly right journeys whose gold mode is set, every leg's
    travel_mode equals the gold mode.
Borderline gold journeys are not counted as journeys; drawing them or not is both accepted.

Split: an article's position in its corpus file (0-based); even = tune, odd = check.

    scripts/score-journeys.py --bin target/release/toponym [--verbose]
"""
import argparse, json, math, os, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPORA = ("lgl", "geovirus")


def km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    dp, dl = p2 - p1, math.radians(lo2 - lo1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def stop_matches(g, p):
    if p.get("lat") is None:
        return False
    d = km((g["lat"], g["lon"]), (p["lat"], p["lon"]))
    if not g.get("areal"):
        return d <= 100.0
    if d <= 300.0:
        return True
    cc = g.get("country_code")
    if cc and p.get("country_code") == cc:
        return not g.get("admin1") or p.get("admin1") == g["admin1"]
    return False


def lcs(gs, ps):
    n, m = len(gs), len(ps)
    t = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n):
        for j in range(m):
            t[i + 1][j + 1] = t[i][j] + 1 if stop_matches(gs[i], ps[j]) else max(t[i][j + 1], t[i + 1][j])
    return t[n][m]


def predicted_journeys(features):
    """Route features of one document -> list of journeys {stops, modes, statuses}."""
    points = {}
    for f in features:
        p = f["properties"]
        if f["geometry"]["type"] == "Point" and p.get("name"):
            lon, lat = f["geometry"]["coordinates"][:2]
            rec = {"lat": lat, "lon": lon, "country_code": p.get("country_code"),
                   "admin1": p.get("admin1"), "kind": p.get("kind")}
            if p.get("role") == "waypoint" or p["name"] not in points:
                points[p["name"]] = rec
    journeys = []
    for f in features:
        p = f["properties"]
        if p.get("role") != "route":
            continue
        names = [w.strip() for w in p.get("waypoints", "").split(">") if w.strip()]
        coords = f["geometry"]["coordinates"]
        if f["geometry"]["type"] == "MultiLineString":
            coords = [c for part in coords for c in part]
        stops = []
        for i, n in enumerate(names):
            s = dict(points.get(n, {}))
            if not s and coords and i in (0, len(names) - 1):
                lon, lat = coords[0][:2] if i == 0 else coords[-1][:2]
                s = {"lat": lat, "lon": lon}
            s["name"] = n
            stops.append(s)
        if journeys and journeys[-1]["stops"] and stops and journeys[-1]["stops"][-1]["name"] == stops[0]["name"]:
            journeys[-1]["stops"] += stops[1:]
            journeys[-1]["modes"].append(p.get("travel_mode"))
            journeys[-1]["statuses"].append(p.get("status"))
        else:
            journeys.append({"stops": stops, "modes": [p.get("travel_mode")], "statuses": [p.get("status")]})
    return journeys


def run_binary(bin_, docs, one_by_one, timeout):
    """id -> list of features, running the binary per document or once over all."""
    out = {d["id"]: [] for d in docs}
    with tempfile.TemporaryDirectory() as tmp:
        batches = [[d] for d in docs] if one_by_one else [docs]
        for batch in batches:
            path = os.path.join(tmp, "docs.jsonl")
            with open(path, "w", encoding="utf-8") as f:
                for d in batch:
                    f.write(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n")
            r = subprocess.run([bin_, "geojson", path, "--per-document", "--no-style", "-o", "-"],
                               capture_output=True, text=True, timeout=timeout)
            if r.returncode not in (0, 1):
                sys.exit(f"{bin_} failed ({r.returncode}): {r.stderr.strip()[:500]}")
            if not r.stdout.strip():
                continue
            fc = json.loads(r.stdout)
            for f in fc.get("features", []):
                doc = f["properties"].get("document")
                if len(batch) == 1:
                    doc = batch[0]["id"]
                if doc in out:
                    out[doc].append(f)
    return out


class Tally:
    KEYS = ["articles", "no_journey", "journeys", "borderline", "right", "partly", "missed",
            "false_routes", "false_articles", "extra_routes", "borderline_drawn", "mode_base", "mode_right"]

    def __init__(self):
        self.v = dict.fromkeys(self.KEYS, 0)

    def add(self, other):
        for k in self.KEYS:
            self.v[k] += other.v[k]


def score_article(gold, preds):
    t = Tally()
    t.v["articles"] = 1
    real = [j for j in gold["journeys"] if not j["borderline"]]
    t.v["journeys"] = len(real)
    t.v["borderline"] = len(gold["journeys"]) - len(real)
    if not gold["journeys"]:
        t.v["no_journey"] = 1
    pairs = []
    for gi, g in enumerate(gold["journeys"]):
        for pi, p in enumerate(preds):
            pairs.append((lcs(g["stops"], p["stops"]), gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    g_of, p_used = {}, {}
    for n, gi, pi in pairs:
        if n >= 2 and gi not in g_of and pi not in p_used:
            g_of[gi], p_used[pi] = (pi, n), gi
    verdicts = []
    for gi, g in enumerate(gold["journeys"]):
        pi, n = g_of.get(gi, (None, 0))
        p = preds[pi] if pi is not None else None
        if p is not None and n == len(g["stops"]) and n == len(p["stops"]):
            v = "right"
        elif p is not None:
            v = "partly"
        else:
            v = "missed"
        if g["borderline"]:
            if p is not None:
                t.v["borderline_drawn"] += 1
            v = "borderline/" + v
        else:
            t.v[v] += 1
            if v in ("right", "partly") and g.get("mode"):
                t.v["mode_base"] += 1
                if all(m == g["mode"] for m in p["modes"]):
                    t.v["mode_right"] += 1
        verdicts.append((g, p, v))
    unmatched = [p for pi, p in enumerate(preds) if pi not in p_used]
    if not gold["journeys"]:
        t.v["false_routes"] = len(unmatched)
        t.v["false_articles"] = 1 if unmatched else 0
    elif real:
        t.v["extra_routes"] = len(unmatched)
    return t, verdicts, unmatched


def fmt_stops(stops):
    return " > ".join(s["name"] + ("*" if s.get("areal") else "") for s in stops)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "toponym"))
    ap.add_argument("--gold", default=os.path.join(ROOT, "eval", "journeys", "gold.jsonl"))
    ap.add_argument("--eval", default=os.path.join(ROOT, "..", "shared", "eval"),
                    help="directory with lgl.jsonl and geovirus.jsonl (default ../shared/eval)")
    ap.add_argument("--one-by-one", action="store_true", help="run the binary once per article")
    ap.add_argument("--verbose", "-v", action="store_true", help="list the articles scored wrong")
    ap.add_argument("--json", help="also write the figures here as JSON")
    ap.add_argument("--timeout", type=int, default=1800)
    a = ap.parse_args()

    gold = {}
    with open(a.gold, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                g = json.loads(line)
                gold[g["id"]] = g
    docs, where = [], {}
    for corpus in CORPORA:
        path = os.path.join(a.eval, corpus + ".jsonl")
        with open(path, encoding="utf-8") as f:
            for pos, line in enumerate(l for l in f if l.strip()):
                d = json.loads(line)
                if d["id"] in gold:  # only articles the gold covers are scored
                    docs.append(d)
                    where[d["id"]] = (corpus, "tune" if pos % 2 == 0 else "check")
    missing = set(gold) - set(where)
    if missing:
        sys.exit(f"gold ids not in the corpora: {sorted(missing)[:5]} ...")

    feats = run_binary(a.bin, docs, a.one_by_one, a.timeout)
    cells = {}
    wrong = []
    for d in docs:
        corpus, split = where[d["id"]]
        preds = predicted_journeys(feats[d["id"]])
        t, verdicts, unmatched = score_article(gold[d["id"]], preds)
        for key in [(corpus, split), (corpus, "all"), ("all", split), ("all", "all")]:
            cells.setdefault(key, Tally()).add(t)
        bad = [x for x in verdicts if x[2] in ("partly", "missed")]
        if bad or (unmatched and not any(j["borderline"] for j in gold[d["id"]]["journeys"])):
            wrong.append((d["id"], split, verdicts, unmatched))

    cols = [(c, s) for c in CORPORA + ("all",) for s in ("tune", "check", "all")]
    names = {"lgl": "LGL", "geovirus": "GeoVirus", "all": "all"}
    head = "| | " + " | ".join(f"{names[c]} {s}" for c, s in cols) + " |"
    print(head)
    print("|---" * (len(cols) + 1) + "|")

    def row(label, fn):
        print(f"| {label} | " + " | ".join(fn(cells.get(k, Tally()).v) for k in cols) + " |")

    row("articles", lambda v: str(v["articles"]))
    row("journeys (borderline)", lambda v: f"{v['journeys']} ({v['borderline']})")
    row("journeys right", lambda v: f"{v['right']} of {v['journeys']}")
    row("partly right", lambda v: str(v["partly"]))
    row("missed", lambda v: str(v["missed"]))
    row("false routes (articles)", lambda v: f"{v['false_routes']} ({v['false_articles']} of {v['no_journey']})")
    row("extra routes on articles with a journey", lambda v: str(v["extra_routes"]))
    row("mode right, of right+partly with a mode", lambda v: f"{v['mode_right']} of {v['mode_base']}")
    row("borderline drawn", lambda v: f"{v['borderline_drawn']} of {v['borderline']}")

    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({f"{c}/{s}": cells.get((c, s), Tally()).v for c, s in cols}, f, indent=1)
    if a.verbose:
        print(f"\n{len(wrong)} articles scored wrong:")
        for doc, split, verdicts, unmatched in wrong:
            print(f"\n{doc} ({split})")
            for g, p, v in verdicts:
                print(f"  {v:18} gold: {fmt_stops(g['stops'])}  [{g.get('mode')}]")
                if p:
                    print(f"  {'':18} pred: {fmt_stops(p['stops'])}  [{','.join(map(str, p['modes']))}]")
            for p in unmatched:
                print(f"  {'unmatched route':18} pred: {fmt_stops(p['stops'])}  [{','.join(map(str, p['modes']))}]")


if __name__ == "__main__":
    main()
