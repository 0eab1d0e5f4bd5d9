#!/usr/bin/env python3
"""Build the language tables under languages/ from the packages fetch.sh downloaded (SOURCES.md).
usage: languages/build.py FETCH_DIR OUT_DIR

Writes OUT_DIR/stopwords.tsv (from stopwords-iso) and OUT_DIR/case-endings.tsv (Russian and
Ukrainian case endings, from OpenCorpora's dictionaries as packaged for pymorphy3). The second
needs pymorphy3 importable with the two dictionary packages installed: run this with the Python
of FETCH_DIR/venv, which fetch.sh makes.

Deterministic: languages and rows in a fixed order, the outputs written atomically.
"""
import collections
import json
import os
import sys

STOPWORD_LANGS = ["ar", "de", "es", "fr", "ru", "uk"]
MORPH_LANGS = ["ru", "uk"]

# How many dictionary lemmas must share a (written ending, name ending) pair for it to be kept:
# rare paradigms (a handful of irregular words) would only add false matches. Russian nouns are
# the dictionary's toponyms (grammeme Geox); the Ukrainian dictionary has no such grammeme, so
# its inanimate common nouns stand in, with a higher bar (50 keeps Київ → Києва, Києві).
MIN_LEMMAS = {"ru": {"noun": 3, "adj": 100}, "uk": {"noun": 50, "adj": 100}}


def write_atomic(path, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    os.replace(tmp, path)


def stopwords(fetch_dir):
    src = os.path.join(fetch_dir, "stopwords-iso", "package", "stopwords-iso.json")
    data = json.load(open(src, encoding="utf-8"))
    rows = []
    for lang in STOPWORD_LANGS:
        words = {w.strip().lower() for w in data[lang]}
        words = sorted(w for w in words if len(w) >= 2 and all(c.isalpha() for c in w))
        rows.extend(f"{lang}\t{w}" for w in words)
    return rows


def lexeme_kind(lang, tag):
    """'noun' or 'adj' for a lexeme whose case forms teach place-name endings, else None."""
    g = tag.grammemes
    if tag.POS == "ADJF":
        # Pronominal, ordinal and superlative adjectives never stand in a place's name.
        return None if g & {"Apro", "Anum", "Supr"} else "adj"
    if tag.POS != "NOUN":
        return None
    if lang == "ru":
        return "noun" if "Geox" in g else None
    return "noun" if "inan" in g and not g & {"Surn", "Name", "Patr", "Abbr"} else None


def case_endings(lang):
    """(kind, written ending, name ending, lemmas) rows of one language.

    For each noun or adjective paradigm of the dictionary: the stem is what all its case forms
    share; each oblique case form's ending is paired with the ending of the nominative of the
    same number (and, for adjectives, gender): «Амурской» → «Амурская», «Курилах» → «Курилы»,
    «Владивостоці» → «Владивосток». A pair counts the dictionary lemmas that decline so.
    """
    import pymorphy3

    d = pymorphy3.MorphAnalyzer(lang=lang).dictionary
    lemmas = collections.Counter(pid for _, (pid, idx) in d.words.items() if idx == 0)
    pairs = collections.Counter()
    for pid in sorted(lemmas):
        p = d.paradigms[pid]
        n = len(p) // 3
        forms = [(d.paradigm_prefixes[p[2 * n + i]], d.suffixes[p[i]], d.gramtab[p[n + i]]) for i in range(n)]
        first = forms[0][2]
        kind = lexeme_kind(lang, first)
        if kind is None:
            continue
        forms = [
            (s, t)
            for pre, s, t in forms
            if not pre
            and t.case
            and t.case != "voct"
            and t.POS == first.POS
            # Superlatives and non-standard spellings (Ukrainian "Dist": «Київа») are left out.
            and not t.grammemes & {"Supr", "Dist"}
        ]
        if not forms:
            continue
        stem = os.path.commonprefix([s for s, _ in forms])

        def key(t):
            return (t.number, t.gender if kind == "adj" else None)

        nominative = {}
        for s, t in forms:
            if t.case == "nomn":
                nominative.setdefault(key(t), s[len(stem):])
        for s, t in forms:
            written, name = s[len(stem):], nominative.get(key(t))
            if t.case == "nomn" or name is None or not written or written == name:
                continue
            # Reflexive participles and hyphenated compounds are no place-name endings.
            if written.endswith(("ся", "сь")) or "-" in written or "-" in name:
                continue
            pairs[(kind, written, name)] += lemmas[pid]
    floor = MIN_LEMMAS[lang]
    return sorted((k, w, nm, c) for (k, w, nm), c in pairs.items() if c >= floor[k])


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: languages/build.py FETCH_DIR OUT_DIR")
    fetch_dir, out_dir = sys.argv[1], sys.argv[2]
    rows = stopwords(fetch_dir)
    write_atomic(os.path.join(out_dir, "stopwords.tsv"), rows)
    print(f"stopwords.tsv: {len(rows)} words")
    rows = ["# lang\tkind\twritten ending\tname ending\tlemmas"]
    for lang in MORPH_LANGS:
        rows.extend(f"{lang}\t{k}\t{w}\t{nm}\t{c}" for k, w, nm, c in case_endings(lang))
    write_atomic(os.path.join(out_dir, "case-endings.tsv"), rows)
    print(f"case-endings.tsv: {len(rows) - 1} endings")


main()
