//! Extend a compiled gazetteer with GeoNames export-dump files (`toponym gazetteer fetch`).
//!
//! Every record of the base gazetteer is turned back into a builder `Entry` (name, ASCII name,
//! alternate names, codes and demonyms recovered from the name index, kind, feature code,
//! country, admin1, population, flags), the dump rows are laid over them, and the result is
//! written by the same writer that builds the embedded gazetteer.
//!
//! Invariants:
//! - Nothing the base knew is lost: a dump row with a known id replaces the record's name,
//!   position and codes from the dump, but the old name, ASCII name, alternate names, codes, kind
//!   and curation flag stay; records the dump does not mention are kept as they are.
//! - Country and admin1 names of the base win over the dump's (they are the curated English
//!   labels); the dump only adds codes the base lacks.
//! - Extending with no rows reproduces the base gazetteer's records and name index exactly.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use fst::Streamer;

use super::sources::GeonameRow;
use super::{self as builder, BuildError, BuildSummary, Entry};
use crate::gazetteer::format::{self, flags};
use crate::gazetteer::kind::Kind;
use crate::gazetteer::Gazetteer;

/// Ids at and above this are not GeoNames ids (airports, supplement rows).
const FIRST_NON_GEONAMES_ID: u32 = builder::AIRPORT_ID_BASE;

/// Names and codes alternateNamesV2 gives one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExtraNames {
    /// Alternate names.
    pub names: Vec<String>,
    /// IATA and ICAO codes: matched only as codes.
    pub codes: Vec<String>,
}

/// What a dump adds to a gazetteer.
#[derive(Default)]
pub struct Overlay {
    /// Rows of the `geoname` table (`cities500.txt`, `allCountries.txt` …).
    pub rows: Vec<GeonameRow>,
    /// admin1CodesASCII.txt: "CC.code" -> name.
    pub admin1_names: BTreeMap<String, String>,
    /// countryInfo.txt: ISO code -> name.
    pub country_names: BTreeMap<String, String>,
    /// alternateNamesV2: geonameid -> names and codes.
    pub alternates: HashMap<u32, ExtraNames>,
    /// Manifest rows (sources.tsv columns) describing the dump files.
    pub manifest_rows: Vec<String>,
}

/// A gazetteer taken apart into what the writer needs.
pub(crate) struct Recovered {
    pub(crate) entries: BTreeMap<u32, Entry>,
    pub(crate) country_names: BTreeMap<String, String>,
    pub(crate) admin1_labels: BTreeMap<String, String>,
    pub(crate) demonyms: BTreeSet<(String, String)>,
    pub(crate) manifest: String,
}

/// Decode every record's (ASCII name, alternate names), one block decompression per block.
fn all_alternate_names(gaz: &Gazetteer) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::with_capacity(gaz.len());
    let base_len = gaz.base_len();
    let blocks = base_len.div_ceil(format::ALT_BLOCK);
    let offset = |i: usize| -> Option<usize> {
        let b = gaz.alt_index.get(i * 4..i * 4 + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    for block in 0..blocks {
        let in_block = (base_len - block * format::ALT_BLOCK).min(format::ALT_BLOCK);
        let raw = match (offset(block), offset(block + 1)) {
            (Some(start), Some(end)) => {
                gaz.alt_blocks.get(start..end).and_then(|z| zstd::stream::decode_all(z).ok()).unwrap_or_default()
            }
            _ => Vec::new(),
        };
        let mut pos = 0;
        for _ in 0..in_block {
            let mut names = Vec::new();
            if let Some(count) = format::get_varint(&raw, &mut pos) {
                for _ in 0..count {
                    let Some(len) = format::get_varint(&raw, &mut pos) else { break };
                    let end = pos.saturating_add(len as usize);
                    names.push(String::from_utf8_lossy(raw.get(pos..end).unwrap_or_default()).into_owned());
                    pos = end;
                }
            }
            let mut it = names.into_iter();
            let ascii = it.next().unwrap_or_default();
            out.push((ascii, it.collect()));
        }
    }
    // user places laid over the records (`gazetteer build --add`) keep their names apart
    out.extend((base_len..gaz.len()).map(|i| gaz.alternate_names(i as u32)));
    out
}

/// Turn every record of a gazetteer back into builder entries.
pub(crate) fn recover(gaz: &Gazetteer) -> Recovered {
    let alternates = all_alternate_names(gaz);
    let mut by_index: Vec<(u32, Entry)> = Vec::with_capacity(gaz.len());
    let mut admin1_labels: BTreeMap<String, String> =
        gaz.admin1.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect();
    for (p, (ascii, alts)) in gaz.places().zip(alternates) {
        let name = p.name().to_string();
        // A division only a user place names gets a code of its own ("UA.~Mykolaiv Oblast").
        let admin1 = match (p.admin1_code(), p.admin1()) {
            (Some(code), _) => code.to_string(),
            (None, Some(label)) => {
                let code = format!("{}.~{label}", p.country_code().unwrap_or(""));
                admin1_labels.entry(code.clone()).or_insert_with(|| label.to_string());
                code
            }
            (None, None) => String::new(),
        };
        let e = Entry {
            ascii: if ascii.is_empty() { name.clone() } else { ascii },
            name,
            alts,
            codes: Vec::new(),
            lat: p.lat(),
            lon: p.lon(),
            kind: Some(p.kind()),
            fcode: p.feature_code().unwrap_or("").to_string(),
            cc: p.country_code().unwrap_or("").to_string(),
            admin1,
            population: p.population(),
            flags: p.raw.flags,
        };
        by_index.push((p.id().0, e));
    }
    // Codes and demonyms exist only as keys of the name index: walk it once.
    let mut demonyms = BTreeSet::new();
    let mut stream = gaz.fst.stream();
    while let Some((key, value)) = stream.next() {
        let key = String::from_utf8_lossy(key).into_owned();
        for p in gaz.postings_of_value(value) {
            let Some((_, e)) = by_index.get_mut(p.record().0 as usize) else { continue };
            if p.is_code() && !e.codes.contains(&key) {
                e.codes.push(key.clone());
            }
            if p.is_demonym() && !e.cc.is_empty() {
                demonyms.insert((key.clone(), e.cc.clone()));
            }
        }
    }
    let table = |rows: &[(&str, &str)]| rows.iter().map(|(c, n)| (c.to_string(), n.to_string())).collect();
    Recovered {
        entries: by_index.into_iter().collect(),
        country_names: table(&gaz.countries),
        admin1_labels,
        demonyms,
        manifest: gaz.metadata()["manifest"].as_str().unwrap_or("").to_string(),
    }
}

/// The kind a GeoNames feature code stands for (for records the base gazetteer did not have).
pub(crate) fn kind_for_feature_code(fcode: &str) -> Kind {
    match fcode {
        "PCLI" | "PCLD" | "PCLF" | "PCLS" | "PCLIX" | "PCL" | "TERR" => Kind::Country,
        "ADM1" | "ADM1H" => Kind::Admin1,
        "ADM2" | "ADM2H" => Kind::Admin2,
        "ADM3" | "ADM4" | "ADM5" | "ADMD" | "PPLX" => Kind::District,
        "CONT" => Kind::Continent,
        "OCN" => Kind::Ocean,
        "SEA" => Kind::Sea,
        "GULF" => Kind::Gulf,
        "BAY" | "BAYS" | "COVE" | "FJD" | "INLT" => Kind::Bay,
        "STRT" | "CHN" | "CHNM" | "NRWS" => Kind::Strait,
        "CNL" | "CNLN" | "CNLSB" => Kind::Canal,
        "LK" | "LKS" | "LKI" | "LKN" | "LGN" | "RSV" => Kind::Lake,
        "STM" | "STMS" | "STMI" | "STMA" => Kind::River,
        "RGN" | "RGNE" | "RGNH" | "AREA" | "PRSH" => Kind::Region,
        "ISL" | "ISLS" | "ISLET" | "ATOL" | "ISLF" | "ISLM" | "ISLT" | "PEN" => Kind::Island,
        "MTS" | "HLLS" | "RDGE" | "UPLD" => Kind::MountainRange,
        "AIRP" | "AIRF" | "AIRH" | "AIRB" => Kind::Airport,
        "RSTN" | "RSTP" | "MTRO" => Kind::RailStation,
        "PSTB" => Kind::BorderCrossing,
        "RSTD" => Kind::LaunchSite,
        f if f.starts_with("PPL") || f == "STLMT" => Kind::City,
        _ => Kind::Point,
    }
}

fn feature_code_flags(fcode: &str) -> u8 {
    match fcode {
        "PPLC" => flags::CAPITAL,
        "PPLA" => flags::ADMIN_SEAT,
        _ => 0,
    }
}

/// Lay a dump's row over the base record with the same id (if any).
fn merge_row(row: GeonameRow, old: Option<Entry>) -> Entry {
    let mut e = Entry {
        admin1: if row.admin1.is_empty() { String::new() } else { format!("{}.{}", row.cc, row.admin1) },
        kind: Some(kind_for_feature_code(&row.fcode)),
        flags: feature_code_flags(&row.fcode),
        name: row.name,
        ascii: row.ascii,
        lat: row.lat,
        lon: row.lon,
        fcode: row.fcode,
        cc: row.cc,
        population: row.population,
        ..Entry::default()
    };
    e.add_alts(row.alternates);
    if let Some(old) = old {
        // The builder chose this record's kind (and curation) for reasons the dump cannot know.
        e.kind = old.kind;
        e.flags |= old.flags & flags::CURATED;
        if e.population == 0 {
            e.population = old.population;
        }
        if e.fcode.is_empty() {
            e.fcode = old.fcode;
        }
        if e.admin1.is_empty() {
            e.admin1 = old.admin1;
        }
        if e.cc.is_empty() {
            e.cc = old.cc;
        }
        let old_ascii = (old.ascii != e.ascii).then_some(old.ascii);
        e.add_alts(std::iter::once(old.name).chain(old_ascii).chain(old.alts));
        e.codes = old.codes;
    }
    e
}

/// At most 254 feature codes fit the record format: keep the most frequent, drop the rest to
/// "unknown" (their records keep their kind, so look-up and filtering are unaffected).
fn cap_feature_codes(entries: &mut BTreeMap<u32, Entry>) {
    let limit = usize::from(format::NONE_U8) - 1;
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for e in entries.values().filter(|e| !e.fcode.is_empty()) {
        *counts.entry(e.fcode.as_str()).or_default() += 1;
    }
    if counts.len() <= limit {
        return;
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let keep: BTreeSet<String> = ranked.into_iter().take(limit).map(|(f, _)| f.to_string()).collect();
    for e in entries.values_mut() {
        if !e.fcode.is_empty() && !keep.contains(&e.fcode) {
            e.fcode.clear();
        }
    }
}

/// Compile a gazetteer with user places laid over it ([`Gazetteer::with_places`]) into a new
/// gazetteer file that holds them for good (`toponym gazetteer build --add`). `manifest_rows`
/// (sources.tsv columns) record where they came from, for `gazetteer info`.
pub fn compile_user_places(gaz: &Gazetteer, manifest_rows: Vec<String>) -> Result<(Vec<u8>, BuildSummary), BuildError> {
    extend(gaz, Overlay { manifest_rows, ..Overlay::default() })
}

/// Build a new compressed gazetteer: the base's records with the overlay laid over them.
pub fn extend(base: &Gazetteer, overlay: Overlay) -> Result<(Vec<u8>, BuildSummary), BuildError> {
    let Recovered { mut entries, mut country_names, mut admin1_labels, demonyms, manifest } = recover(base);
    for row in overlay.rows {
        let id = row.id;
        let e = merge_row(row, entries.remove(&id));
        entries.insert(id, e);
    }
    for (id, extra) in overlay.alternates {
        let Some(e) = entries.get_mut(&id) else { continue };
        e.add_alts(extra.names);
        for c in extra.codes {
            if !e.codes.contains(&c) {
                e.codes.push(c);
            }
        }
    }
    for (code, name) in overlay.admin1_names {
        admin1_labels.entry(code).or_insert(name);
    }
    for (cc, name) in overlay.country_names {
        country_names.entry(cc).or_insert(name);
    }
    cap_feature_codes(&mut entries);
    let mut manifest = manifest;
    for row in &overlay.manifest_rows {
        if !manifest.is_empty() && !manifest.ends_with('\n') {
            manifest.push('\n');
        }
        manifest.push_str(row);
        manifest.push('\n');
    }
    // The matcher's word lists and the news abbreviations carry over unchanged.
    let lexicon: Vec<super::lexicon::Section> =
        [*b"WORD", *b"PERS"].into_iter().filter_map(|tag| Some((tag, base.section_bytes(&tag)?.to_vec()))).collect();
    let abbreviations: Vec<(String, String, String)> = base
        .abbreviations()
        .iter()
        .map(|&(abbr, idx)| {
            let p = base.place(idx);
            let cc = p.country_code().unwrap_or("").to_string();
            let admin1 = if p.kind() == Kind::Admin1 { p.name().to_string() } else { String::new() };
            (abbr.to_string(), cc, admin1)
        })
        .collect();
    builder::write(entries, &country_names, &admin1_labels, &demonyms, &lexicon, &abbreviations, &manifest)
}

fn bad(what: &str, line: usize, message: &str) -> BuildError {
    BuildError::Parse(format!("{what} line {line}"), message.to_string())
}

/// One line of the GeoNames `geoname` table (19 tab-separated columns).
pub(crate) fn parse_geoname_line(line: &str) -> Result<GeonameRow, String> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < 19 {
        return Err(format!("expected 19 tab-separated columns, found {}", f.len()));
    }
    let num = |s: &str, what: &str| s.trim().parse::<f64>().map_err(|_| format!("bad {what} {s:?}"));
    let lat = num(f[4], "latitude")?;
    let lon = num(f[5], "longitude")?;
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates out of range: {lat}, {lon}"));
    }
    Ok(GeonameRow {
        id: f[0].trim().parse().map_err(|_| format!("bad geonameid {:?}", f[0]))?,
        name: f[1].to_string(),
        ascii: f[2].to_string(),
        alternates: f[3].split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
        lat,
        lon,
        fcode: f[7].to_string(),
        cc: f[8].to_string(),
        admin1: f[10].to_string(),
        admin2: f[11].to_string(),
        population: f[14].trim().parse().unwrap_or(0),
    })
}

/// The longest line a dump file may have. GeoNames caps its longest column (alternatenames) at
/// 10,000 characters; a longer line is not a GeoNames line, and is never read into memory whole
/// (a small zip can hold one line of gigabytes).
pub(crate) const MAX_LINE_BYTES: usize = 1 << 20;

/// Lines of a text file (lossy UTF-8, so one bad byte cannot stop a build), with 1-based numbers;
/// a line longer than [`MAX_LINE_BYTES`] is an error.
fn for_each_line(
    mut reader: impl BufRead,
    what: &str,
    mut f: impl FnMut(usize, &str) -> Result<(), BuildError>,
) -> Result<(), BuildError> {
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        buf.clear();
        let mut line = reader.by_ref().take(MAX_LINE_BYTES as u64 + 1);
        let n = line.read_until(b'\n', &mut buf).map_err(|e| BuildError::Io(what.to_string(), e))?;
        if n == 0 {
            return Ok(());
        }
        number += 1;
        if buf.len() > MAX_LINE_BYTES && buf.last() != Some(&b'\n') {
            return Err(bad(what, number, &format!("the line is longer than {MAX_LINE_BYTES} bytes")));
        }
        let line = String::from_utf8_lossy(&buf);
        let line = line.trim_end_matches(['\n', '\r']);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        f(number, line)?;
    }
}

fn open_zip_member<'a>(
    archive: &'a mut zip::ZipArchive<BufReader<File>>,
    member: &str,
    what: &str,
) -> Result<impl Read + 'a, BuildError> {
    archive.by_name(member).map_err(|e| BuildError::Parse(what.to_string(), format!("member {member}: {e}")))
}

fn open_zip(path: &Path) -> Result<zip::ZipArchive<BufReader<File>>, BuildError> {
    let what = path.display().to_string();
    let file = File::open(path).map_err(|e| BuildError::Io(what.clone(), e))?;
    zip::ZipArchive::new(BufReader::new(file)).map_err(|e| BuildError::Parse(what, e.to_string()))
}

/// The `geoname` rows of a dump archive (`cities500.zip` holds `cities500.txt`).
pub fn read_geonames_zip(path: &Path, member: &str) -> Result<Vec<GeonameRow>, BuildError> {
    let what = format!("{}:{member}", path.display());
    let mut archive = open_zip(path)?;
    let reader = BufReader::with_capacity(1 << 20, open_zip_member(&mut archive, member, &what)?);
    let mut rows = Vec::new();
    for_each_line(reader, &what, |n, line| {
        rows.push(parse_geoname_line(line).map_err(|m| bad(&what, n, &m))?);
        Ok(())
    })?;
    Ok(rows)
}

/// admin1CodesASCII.txt: "CC.code\tname\tasciiname\tgeonameid".
pub fn read_admin1_codes(path: &Path) -> Result<BTreeMap<String, String>, BuildError> {
    let what = path.display().to_string();
    let file = File::open(path).map_err(|e| BuildError::Io(what.clone(), e))?;
    let mut out = BTreeMap::new();
    for_each_line(BufReader::new(file), &what, |n, line| {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 2 || !f[0].contains('.') {
            return Err(bad(&what, n, "expected CODE<TAB>NAME…"));
        }
        out.insert(f[0].to_string(), f[1].to_string());
        Ok(())
    })?;
    Ok(out)
}

/// countryInfo.txt: ISO code (column 1) -> country name (column 5); `#` lines are comments.
pub fn read_country_info(path: &Path) -> Result<BTreeMap<String, String>, BuildError> {
    let what = path.display().to_string();
    let file = File::open(path).map_err(|e| BuildError::Io(what.clone(), e))?;
    let mut out = BTreeMap::new();
    for_each_line(BufReader::new(file), &what, |n, line| {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 || f[0].len() != 2 {
            return Err(bad(&what, n, "expected ISO<TAB>ISO3<TAB>numeric<TAB>fips<TAB>Country…"));
        }
        out.insert(f[0].to_string(), f[4].to_string());
        Ok(())
    })?;
    Ok(out)
}

/// alternateNamesV2.zip: names (and IATA/ICAO codes) of the ids `wanted` accepts. Links, postal
/// codes, Wikidata ids and other non-names are skipped.
pub fn read_alternate_names(path: &Path, wanted: impl Fn(u32) -> bool) -> Result<HashMap<u32, ExtraNames>, BuildError> {
    let what = format!("{}:alternateNamesV2.txt", path.display());
    let mut archive = open_zip(path)?;
    let reader = BufReader::with_capacity(1 << 20, open_zip_member(&mut archive, "alternateNamesV2.txt", &what)?);
    let mut out: HashMap<u32, ExtraNames> = HashMap::new();
    for_each_line(reader, &what, |n, line| {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 4 {
            return Err(bad(&what, n, "expected at least 4 tab-separated columns"));
        }
        let id: u32 = f[1].trim().parse().map_err(|_| bad(&what, n, "bad geonameid"))?;
        let name = f[3].trim();
        if id >= FIRST_NON_GEONAMES_ID || !wanted(id) || name.is_empty() {
            return Ok(());
        }
        match f[2] {
            "iata" | "icao" => out.entry(id).or_default().codes.push(name.to_string()),
            "link" | "wkdt" | "post" | "unlc" | "phon" | "piny" | "faac" | "tcid" | "fr_1793" => {}
            _ => out.entry(id).or_default().names.push(name.to_string()),
        }
        Ok(())
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::PlaceId;

    fn entry(name: &str, kind: Kind, cc: &str) -> Entry {
        Entry {
            name: name.into(),
            ascii: name.into(),
            lat: 43.105621,
            lon: -131.873535,
            kind: Some(kind),
            fcode: if kind == Kind::City { "PPLA".into() } else { "PCLI".into() },
            cc: cc.into(),
            admin1: format!("{cc}.59"),
            population: 604_901,
            ..Entry::default()
        }
    }

    fn tiny_base() -> Vec<u8> {
        let mut entries = BTreeMap::new();
        let mut city = entry("Vladivostok", Kind::City, "RU");
        city.alts = vec!["Владивосток".into(), "VVO".into(), "Vladivostock".into()];
        city.flags = flags::ADMIN_SEAT | flags::CURATED;
        entries.insert(2013348, city);
        let mut ru = entry("Russia", Kind::Country, "RU");
        ru.codes = vec!["RU".into(), "RUS".into()];
        ru.alts = vec!["Россия".into(), "Russian Federation".into()];
        entries.insert(2017370, ru);
        let mut zurich = entry("Zürich", Kind::City, "CH");
        zurich.ascii = "Zurich".into();
        zurich.admin1 = "CH.25".into();
        entries.insert(2657896, zurich);
        let mut airport = entry("Vladivostok International Airport", Kind::Airport, "RU");
        airport.fcode = "AIRP".into();
        airport.codes = vec!["VVO".into(), "UHWW".into()];
        entries.insert(builder::AIRPORT_ID_BASE + 7, airport);
        let countries = BTreeMap::from([("CH".to_string(), "Switzerland".to_string()), ("RU".into(), "Russia".into())]);
        let admin1 = BTreeMap::from([("RU.59".to_string(), "Primorye".to_string())]);
        let demonyms = BTreeSet::from([("Russian".to_string(), "RU".to_string())]);
        builder::write(entries, &countries, &admin1, &demonyms, &[], &[], "# manifest\n").expect("tiny build").0
    }

    fn load(bytes: &[u8]) -> Gazetteer {
        Gazetteer::from_compressed(bytes).expect("loads")
    }

    #[test]
    fn extending_with_nothing_reproduces_the_base_exactly() {
        let base = tiny_base();
        let (again, _) = extend(&load(&base), Overlay::default()).expect("extend");
        assert_eq!(again, base, "a round trip through entries must be byte-identical");
    }

    #[test]
    fn dump_rows_replace_known_ids_and_add_new_ones_without_losing_names() {
        let base = load(&tiny_base());
        let row = |line: &str| parse_geoname_line(line).expect("valid row");
        let overlay = Overlay {
            rows: vec![
                row("2013348\tVladivostok\tVladivostok\tVlad Test Alias\t43.1\t131.9\tP\tPPLA\tRU\t\t59\t\t\t\t600000\t\t8\tAsia/Vladivostok\t2024-01-01"),
                row("99000001\tZyxwvut Village\tZyxwvut Village\tZyx\t10.5\t20.5\tP\tPPL\tZZ\t\t01\t\t\t\t700\t\t8\tUTC\t2024-01-01"),
            ],
            admin1_names: BTreeMap::from([("ZZ.01".into(), "Test Province".into()), ("RU.59".into(), "Primorskiy Kray".into())]),
            country_names: BTreeMap::from([("ZZ".into(), "Testland".into()), ("RU".into(), "Russian Federation".into())]),
            alternates: HashMap::from([(
                2013348,
                ExtraNames { names: vec!["Wladiwostok".into()], codes: vec!["VVO".into()] },
            )]),
            manifest_rows: vec!["geonames\tdump\t-\tcities500.zip\t-\tcities500.txt\tCC BY 4.0".into()],
        };
        let (bytes, summary) = extend(&base, overlay).expect("extend");
        assert_eq!(summary.records, 5);
        let gaz = load(&bytes);
        let opts = Default::default();
        let rows: &[(&str, u32)] = &[
            ("Zyxwvut Village", 99000001),
            ("Zyx", 99000001),
            ("Vladivostok", 2013348),
            ("Владивосток", 2013348),
            ("Vladivostock", 2013348),
            ("Vlad Test Alias", 2013348),
            ("Wladiwostok", 2013348),
            ("Zurich", 2657896),
            ("Russia", 2017370),
        ];
        for (name, id) in rows {
            let found = gaz.lookup(name, &opts);
            assert_eq!(found.first().map(|m| m.place.id().0), Some(*id), "{name}");
        }
        let vlad = gaz.by_id(PlaceId(2013348)).expect("kept");
        assert_eq!((vlad.population(), vlad.admin1(), vlad.is_curated()), (600000, Some("Primorye"), true));
        let new = gaz.by_id(PlaceId(99000001)).expect("added");
        assert_eq!((new.country(), new.admin1(), new.kind()), (Some("Testland"), Some("Test Province"), Kind::City));
        assert_eq!(gaz.by_id(PlaceId(2017370)).and_then(|p| p.country()), Some("Russia"), "base country names win");
        assert!(gaz.metadata()["manifest"].as_str().unwrap_or("").contains("cities500.zip"));
        let russian = gaz.lookup("Russian", &opts);
        assert_eq!(russian.first().map(|m| m.place.id().0), Some(2017370), "demonyms survive");
    }

    #[test]
    fn lines_longer_than_the_limit_are_refused_at_the_limit() {
        let count = |text: Vec<u8>| {
            let mut n = 0;
            for_each_line(std::io::Cursor::new(text), "t", |_, _| {
                n += 1;
                Ok(())
            })
            .map(|_| n)
            .map_err(|e| e.to_string())
        };
        let longest = [vec![b'x'; MAX_LINE_BYTES], b"\nok\n".to_vec()].concat();
        assert_eq!(count(longest), Ok(2));
        let unterminated = vec![b'x'; MAX_LINE_BYTES];
        assert_eq!(count(unterminated), Ok(1));
        let too_long = [b"ok\n".to_vec(), vec![b'x'; MAX_LINE_BYTES + 1], b"\n".to_vec()].concat();
        let err = count(too_long).unwrap_err();
        assert!(err.contains("t line 2") && err.contains("longer than"), "{err}");
    }

    #[test]
    fn geoname_lines_parse_or_say_why_not() {
        let good = "1\tA\tA\tB,C\t1.5\t-2.5\tP\tPPL\tXX\t\t01\t02\t\t\t42\t\t1\tUTC\t2024-01-01";
        let row = parse_geoname_line(good).expect("parses");
        assert_eq!((row.id, row.alternates.len(), row.population, row.admin2.as_str()), (1, 2, 42, "02"));
        let rows = [
            ("1\tA\tA", "19 tab-separated"),
            ("x\tA\tA\t\t1\t2\tP\tPPL\tXX\t\t\t\t\t\t0\t\t\t\t", "geonameid"),
            ("1\tA\tA\t\tnorth\t2\tP\tPPL\tXX\t\t\t\t\t\t0\t\t\t\t", "latitude"),
            ("1\tA\tA\t\t95\t2\tP\tPPL\tXX\t\t\t\t\t\t0\t\t\t\t", "out of range"),
        ];
        for (line, want) in rows {
            let err = parse_geoname_line(line).err().unwrap_or_default();
            assert!(err.contains(want), "{line:?}: {err:?}");
        }
    }

    #[test]
    fn feature_codes_map_to_kinds() {
        let rows = [
            ("PPL", Kind::City),
            ("PPLC", Kind::City),
            ("PPLX", Kind::District),
            ("ADM1", Kind::Admin1),
            ("PCLI", Kind::Country),
            ("SEA", Kind::Sea),
            ("STM", Kind::River),
            ("AIRP", Kind::Airport),
            ("HTL", Kind::Point),
            ("", Kind::Point),
        ];
        for (code, kind) in rows {
            assert_eq!(kind_for_feature_code(code), kind, "{code:?}");
        }
    }

    #[test]
    fn feature_codes_beyond_the_format_limit_are_dropped_rarest_first() {
        let mut entries = BTreeMap::new();
        for i in 0..300u32 {
            for j in 0..=(i / 100) {
                let e = Entry { name: format!("p{i}-{j}"), fcode: format!("F{i:03}"), ..Entry::default() };
                entries.insert(i * 10 + j, e);
            }
        }
        cap_feature_codes(&mut entries);
        let kept: BTreeSet<&str> = entries.values().map(|e| e.fcode.as_str()).filter(|f| !f.is_empty()).collect();
        assert_eq!(kept.len(), 254);
        assert!(kept.contains("F299") && kept.contains("F100") && !kept.contains("F099"));
    }
}
