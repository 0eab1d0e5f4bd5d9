#!/usr/bin/env python3
"""Cross-check the hand-curated rows of gazetteer/supplement.tsv against GeoNames towns.

For every point row with a country code (rivers, lakes, seas and ranges are lines or areas and
are left out), ask `toponym nearest --kind city` for the towns nearest its point and report the
row when none of the eight nearest is in the row's country or the nearest is over 60 km away.
A reported row is not wrong by itself (a volcano far out at sea, a peak on a border, a test site
in a desert): it is a row to look at by eye. Exit status 0 always; the list is for a person.

    scripts/check-supplement.py [--bin target/release/toponym]
"""
import argparse, csv, json, math, os, subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
AREAS = {"river", "lake", "sea", "range", "ocean", "gulf", "bay", "strait", "region", "desert", "peninsula"}


def km(a, b, c, d):
    p1, p2 = math.radians(a), math.radians(c)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(d - b) / 2) ** 2
    return 2 * 6371 * math.asin(min(1, math.sqrt(h)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/toponym"))
    args = ap.parse_args()
    checked, odd = 0, []
    with open(os.path.join(ROOT, "gazetteer/supplement.tsv"), encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if not row["country_code"] or row["kind"] in AREAS:
                continue
            lat, lon = float(row["lat"]), float(row["lon"])
            out = subprocess.run([args.bin, "nearest", f"{lat},{lon}", "-n", "8", "--kind", "city", "--format", "json", "-q"],
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


if __name__ == "__main__":
    main()
