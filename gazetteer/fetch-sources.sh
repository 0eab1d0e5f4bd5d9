#!/usr/bin/env bash
# Download the pinned registry packages listed in gazetteer/sources.tsv into DIR, check their
# sha256, unpack them, export CLDR territory names from babel's pickled locale data (only Python
# can read those pickles) and the Global Volcanism Program's volcano list from gvp's spreadsheet
# (read with the standard library's zip and XML modules). Then:
# toponym gazetteer build --from DIR -o FILE
set -euo pipefail
dir=${1:?usage: gazetteer/fetch-sources.sh DIR}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir" && cd "$dir"
grep -v '^#' "$here/sources.tsv" | while IFS=$'\t' read -r registry package version archive sha _files _licence; do
  case $registry in
    pypi) [ -f "$archive" ] || case $archive in
            # an sdist pinned where a wheel exists too (searoute: the sdist is the pinned file)
            *.tar.gz) pip download -q --no-deps --no-binary :all: -d . "$package==$version" ;;
            *) pip download -q --no-deps -d . "$package==$version" ;;
          esac ;;
    npm)  [ -f "$archive" ] || npm pack -q "$package@$version" >/dev/null ;;
    project) cp "$here/$(basename "$archive")" . ; continue ;;
  esac
  echo "$sha  $archive" | sha256sum -c --quiet - || { echo "checksum mismatch: $archive" >&2; exit 2; }
  rm -rf "x/$package" && mkdir -p "x/$package"
  case $archive in
    *.whl) (cd "x/$package" && unzip -qo "../../$archive") ;;
    *.tgz|*.tar.gz) tar -xzf "$archive" -C "x/$package" ;;
  esac
done
mkdir -p cldr
PYTHONPATH=x/babel python3 - <<'PY'
from babel import Locale, localedata
rows = []
for ident in sorted(l for l in localedata.locale_identifiers() if "_" not in l):
    try:
        loc = Locale.parse(ident)
    except Exception:
        continue
    for code, name in sorted(loc.territories.items()):
        if len(code) == 2 and code.isalpha():
            rows.append(f"{ident}\t{code}\t{name}")
with open("cldr/territories.tsv", "w", encoding="utf-8") as f:
    f.write("\n".join(rows) + "\n")
PY
# gvp's Excel sheet -> gvp/volcanoes.tsv (header row first; tabs and newlines in cells become spaces).
mkdir -p gvp
python3 - x/gvp/gvp/resources/gvp_202507041754.xlsx > gvp/volcanoes.tsv <<'PY'
import re, sys, zipfile
import xml.etree.ElementTree as ET
M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
book = zipfile.ZipFile(sys.argv[1])
text = lambda node: "".join(t.text or "" for t in node.iter(M + "t"))
shared = [text(si) for si in ET.fromstring(book.read("xl/sharedStrings.xml")).iter(M + "si")]
def column(ref):
    n = 0
    for ch in re.match(r"[A-Z]+", ref).group(0):
        n = n * 26 + ord(ch) - 64
    return n - 1
for row in ET.fromstring(book.read("xl/worksheets/sheet1.xml")).iter(M + "row"):
    cells = {}
    for c in row.iter(M + "c"):
        v, inline = c.find(M + "v"), c.find(M + "is")
        if v is not None:
            value = shared[int(v.text)] if c.get("t") == "s" else (v.text or "")
        else:
            value = text(inline) if inline is not None else ""
        cells[column(c.get("r"))] = " ".join(value.split())
    if cells:
        print("\t".join(cells.get(i, "") for i in range(max(cells) + 1)))
PY
echo "sources ready in $dir"
