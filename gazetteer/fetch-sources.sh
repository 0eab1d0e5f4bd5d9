#!/usr/bin/env bash
# Download the pinned registry packages listed in gazetteer/sources.tsv into DIR, check their
# sha256, unpack them, and export CLDR territory names from babel's pickled locale data
# (only Python can read those pickles). Then: toponym gazetteer build --from DIR -o FILE
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
echo "sources ready in $dir"
