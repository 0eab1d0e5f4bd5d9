//! Your own places: rows from CSV, TSV or GeoJSON files (or a program's own rows) laid over a
//! compiled gazetteer at run time (`--user-places FILE`, `TOPONYM_PLACES`, Python `add_places`).
//!
//! Rows are read ([`read_places`]), checked one by one ([`BadRow`] names the file, the line and
//! the field), given stable ids and indexed in an overlay the gazetteer consults alongside its
//! own index: look-ups, the matcher's automaton walk, `nearest` and `by_id` all see both, so a
//! user's name is found in running text like any other.
//!
//! Invariants:
//! - overlay records take the record indices after the base's (`base_len..`), in id order; their
//!   ids lie in [`USER_ID_BASE`]`..=u32::MAX` and are unique across base and overlay;
//! - overlay fst values carry `USER_VALUE`, which no base value has (base values are POST
//!   offsets or inline postings, both far below 2^62), so a value says which index it is from;
//! - names and aliases are folded with [`fold_name`], as the build folds them;
//! - a user place carries [`flags::USER`] and ranks above every gazetteer place of its name (see
//!   [`super::Place::importance`]): only a qualifier or the context of a text overrides it.
//!
//! Ids: a numeric `id` column `n` gives `USER_ID_BASE + n` (so a newsroom can read its own id
//! back); any other id, or no id, gives a hash of the id (or of name, kind and position) in the
//! same range, moved to the next free id on a collision. Same files, same ids.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::sync::Arc;

use super::format::{flags, posting, RawRecord, NONE_U16, NONE_U8, USER_ID_BASE};
use super::{fold_name, Gazetteer, Kind, PlaceId, Posting};

/// Marks an fst value of the overlay's name index (see the module invariants).
pub(crate) const USER_VALUE: u64 = 1 << 62;

/// How many ids the user range holds.
const USER_ID_SPAN: u32 = u32::MAX - USER_ID_BASE;

/// Longest name or alias indexed, in bytes (the build's limit).
const MAX_KEY_BYTES: usize = 120;

/// The kind of a row that names none: a site (a shipyard, a base, a square) more often than not.
pub const DEFAULT_KIND: Kind = Kind::Landmark;

/// Where a row comes from: a file (or a program) and a line, feature or row number in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file as named on the command line, or what a program calls its rows.
    pub source: Arc<str>,
    /// Where in it.
    pub at: At,
}

/// A position in a source of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// A line of a CSV or TSV file (1-based, the header is line 1).
    Line(u64),
    /// A feature of a GeoJSON FeatureCollection (1-based).
    Feature(usize),
    /// A row a program gave (1-based).
    Row(usize),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            At::Line(n) => write!(f, "{}, line {n}", self.source),
            At::Feature(n) => write!(f, "{}, feature {n}", self.source),
            At::Row(n) => write!(f, "{}, row {n}", self.source),
        }
    }
}

/// One row of places as read: field name (lowercase, as the header spells it after
/// [`canonical_field`]) and value.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    /// Where it comes from.
    pub origin: Origin,
    /// `(field, value)` pairs; values are trimmed.
    pub fields: Vec<(&'static str, String)>,
    /// A problem the reader found already (a GeoJSON feature that is no Point): field, message.
    problem: Option<(String, String)>,
}

impl UserRow {
    /// A row from `(field, value)` pairs; field names are read as a header is
    /// ([`canonical_field`]: `latitude` is `lat`, `alias` is `aliases` …).
    pub fn new(origin: Origin, fields: impl IntoIterator<Item = (String, String)>) -> UserRow {
        let fields =
            fields.into_iter().filter_map(|(k, v)| Some((canonical_field(&k)?, v.trim().to_string()))).collect();
        UserRow { origin, fields, problem: None }
    }

    fn get(&self, field: &str) -> &str {
        self.fields.iter().find(|(k, _)| *k == field).map_or("", |(_, v)| v.as_str())
    }
}

/// The field a header column stands for, if any: the names of the format and the spellings
/// people use for them (`latitude`, `lng`, `alias`, `type` …). Other columns are ignored.
pub fn canonical_field(column: &str) -> Option<&'static str> {
    let c = column.trim().trim_start_matches('\u{feff}').to_ascii_lowercase();
    Some(match c.as_str() {
        "name" => "name",
        "lat" | "latitude" => "lat",
        "lon" | "lng" | "long" | "longitude" => "lon",
        "kind" | "type" => "kind",
        "country" | "country_code" | "cc" => "country",
        "admin1" | "state" | "province" | "region" => "admin1",
        "aliases" | "alias" | "alternate_names" => "aliases",
        "population" => "population",
        "priority" => "priority",
        "id" => "id",
        _ => return None,
    })
}

/// A row that cannot be a place: where it is, which field, and why. Displays as one line:
/// `places.csv, line 4, field lat: "95.2" is out of range (-90 to 90)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}, field {field}: {message}")]
pub struct BadRow {
    /// Where the row is.
    pub origin: Origin,
    /// The field at fault.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// Errors reading a places file, or a bad row when bad rows are not skipped.
#[derive(Debug, thiserror::Error)]
pub enum PlacesError {
    /// The file cannot be read.
    #[error("cannot read places file {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file as a whole is not a places table: no header, no `lat` column, not GeoJSON …
    #[error("{path}: {message}")]
    Format {
        /// The file (and line, when there is one).
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A bad row (see `skip_bad_lines`).
    #[error("{0}")]
    Bad(#[from] BadRow),
}

/// Read a places file: GeoJSON (`.geojson`, `.json`, or text starting with `{`), TSV (`.tsv`,
/// `.tab`, or a header with tabs and no commas) or CSV. Rows are not checked yet (see
/// [`Gazetteer::with_places`]); a file without the required columns is refused here.
pub fn read_places(path: &Path) -> Result<Vec<UserRow>, PlacesError> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| PlacesError::Read { path: shown.clone(), source })?;
    read_places_bytes(&bytes, &shown, path.extension().and_then(|e| e.to_str()))
}

/// [`read_places`] over bytes already read; `source` names them in messages, `extension` (if
/// any) chooses the format.
pub fn read_places_bytes(bytes: &[u8], source: &str, extension: Option<&str>) -> Result<Vec<UserRow>, PlacesError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let ext = extension.map(str::to_ascii_lowercase);
    let geojson = matches!(ext.as_deref(), Some("geojson" | "json"))
        || bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if geojson {
        return read_geojson(bytes, source);
    }
    let tsv = matches!(ext.as_deref(), Some("tsv" | "tab"))
        || (ext.as_deref() != Some("csv") && first_line.contains(&b'\t') && !first_line.contains(&b','));
    read_delimited(bytes, source, if tsv { b'\t' } else { b',' })
}

fn read_delimited(bytes: &[u8], source: &str, delimiter: u8) -> Result<Vec<UserRow>, PlacesError> {
    let source_arc: Arc<str> = Arc::from(source);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        // TSV has no quoting: a name may hold a quote mark.
        .quoting(delimiter == b',')
        .from_reader(bytes);
    let mut records = reader.byte_records();
    let format_error = |message: String| PlacesError::Format { path: source.to_string(), message };
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(format_error(e.to_string())),
        None => return Err(format_error("empty file (a places table starts with a header: name,lat,lon)".into())),
    };
    let columns: Vec<Option<&'static str>> =
        header.iter().map(|c| canonical_field(&String::from_utf8_lossy(c))).collect();
    for required in ["name", "lat", "lon"] {
        if !columns.contains(&Some(required)) {
            let kind = if delimiter == b'\t' { "tab" } else { "comma" };
            return Err(format_error(format!(
                "line 1: the header has no {required} column (it needs name, lat and lon, {kind}-separated; \
                 optional: kind, country, admin1, aliases, population, priority, id)"
            )));
        }
    }
    let mut rows = Vec::new();
    for record in records {
        let record = record.map_err(|e| format_error(e.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let origin = Origin { source: source_arc.clone(), at: At::Line(line) };
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let mut problem = None;
        if record.len() > columns.len() {
            problem = Some((
                "-".to_string(),
                format!(
                    "{} fields, but the header has {} (a comma in a name needs quotes)",
                    record.len(),
                    columns.len()
                ),
            ));
        }
        let mut fields = Vec::new();
        for (column, value) in columns.iter().zip(record.iter()) {
            let Some(column) = column else { continue };
            match std::str::from_utf8(value) {
                Ok(v) => fields.push((*column, v.trim().to_string())),
                Err(_) => {
                    problem.get_or_insert_with(|| (column.to_string(), "not UTF-8 text".to_string()));
                }
            }
        }
        rows.push(UserRow { origin, fields, problem });
    }
    Ok(rows)
}

fn read_geojson(bytes: &[u8], source: &str) -> Result<Vec<UserRow>, PlacesError> {
    let source_arc: Arc<str> = Arc::from(source);
    let format_error = |message: String| PlacesError::Format { path: source.to_string(), message };
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format_error(format!("not GeoJSON: {e}")))?;
    let features: Vec<&serde_json::Value> = match value.get("type").and_then(|t| t.as_str()) {
        Some("FeatureCollection") => value
            .get("features")
            .and_then(|f| f.as_array())
            .ok_or_else(|| format_error("a FeatureCollection without a features array".into()))?
            .iter()
            .collect(),
        Some("Feature") => vec![&value],
        other => {
            return Err(format_error(format!(
                "a GeoJSON FeatureCollection of Points is needed, found {}",
                other.map_or("no \"type\"".to_string(), |t| format!("type {t:?}"))
            )))
        }
    };
    let mut rows = Vec::with_capacity(features.len());
    for (i, feature) in features.into_iter().enumerate() {
        let origin = Origin { source: source_arc.clone(), at: At::Feature(i + 1) };
        let mut fields: Vec<(&'static str, String)> = Vec::new();
        if let Some(props) = feature.get("properties").and_then(|p| p.as_object()) {
            for (k, v) in props {
                let Some(field) = canonical_field(k) else { continue };
                if field == "lat" || field == "lon" {
                    continue; // the geometry says where
                }
                let text = match v {
                    serde_json::Value::Null => String::new(),
                    serde_json::Value::String(s) => s.trim().to_string(),
                    serde_json::Value::Array(items) => items
                        .iter()
                        .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
                        .collect::<Vec<_>>()
                        .join("|"),
                    other => other.to_string(),
                };
                fields.push((field, text));
            }
        }
        let geometry = feature.get("geometry");
        let point = geometry
            .filter(|g| g.get("type").and_then(|t| t.as_str()) == Some("Point"))
            .and_then(|g| g.get("coordinates"))
            .and_then(|c| c.as_array())
            .filter(|c| c.len() >= 2);
        let mut problem = None;
        match point {
            Some(c) => {
                fields.push(("lon", c[0].to_string()));
                fields.push(("lat", c[1].to_string()));
            }
            None => {
                let found = geometry.and_then(|g| g.get("type")).and_then(|t| t.as_str()).unwrap_or("no geometry");
                problem = Some(("geometry".to_string(), format!("a Point with [lon, lat] is needed, found {found}")));
            }
        }
        rows.push(UserRow { origin, fields, problem });
    }
    Ok(rows)
}

/// A row that passed the checks.
#[derive(Debug, Clone)]
struct Checked {
    name: String,
    aliases: Vec<String>,
    lat: f64,
    lon: f64,
    kind: Kind,
    country: u8,
    /// Index into the base admin1 table, or the name of a division the base does not know.
    admin1: Result<u16, String>,
    population: u64,
    priority: Option<f64>,
    id: Option<String>,
}

/// The overlay of user places a gazetteer consults alongside its own records and index.
pub(crate) struct Overlay {
    base_admin1: u16,
    /// Records in id order; record `i` is the gazetteer's record `base_len + i`.
    recs: Vec<RawRecord>,
    names: String,
    aliases: Vec<Vec<String>>,
    /// The `id` column as the user wrote it, and the `priority` column.
    user_ids: Vec<Option<String>>,
    priorities: Vec<Option<f64>>,
    /// Names of divisions the base does not know (admin1 indices `base_admin1..`).
    admin1: Vec<String>,
    fst: fst::Map<Vec<u8>>,
    post: Vec<u32>,
    /// Every row it was built from (so more places can be added later), and its sources.
    rows: Vec<UserRow>,
    sources: Vec<(String, usize)>,
}

impl Overlay {
    pub(crate) fn len(&self) -> usize {
        self.recs.len()
    }
    pub(crate) fn record(&self, i: usize) -> Option<RawRecord> {
        self.recs.get(i).copied()
    }
    pub(crate) fn name(&self, raw: &RawRecord) -> &str {
        let start = raw.name_off as usize;
        self.names.get(start..start + usize::from(raw.name_len)).unwrap_or("")
    }
    pub(crate) fn aliases(&self, i: usize) -> &[String] {
        self.aliases.get(i).map_or(&[], Vec::as_slice)
    }
    pub(crate) fn user_id(&self, i: usize) -> Option<&str> {
        self.user_ids.get(i).and_then(|x| x.as_deref())
    }
    pub(crate) fn priority(&self, i: usize) -> Option<f64> {
        self.priorities.get(i).copied().flatten()
    }
    /// The name of an admin1 index at or past the base's table.
    pub(crate) fn admin1_name(&self, index: u16) -> Option<&str> {
        self.admin1.get(usize::from(index.checked_sub(self.base_admin1)?)).map(String::as_str)
    }
    pub(crate) fn index(&self) -> &fst::Map<Vec<u8>> {
        &self.fst
    }
    pub(crate) fn sources(&self) -> &[(String, usize)] {
        &self.sources
    }
    /// The record with this id, as an overlay position.
    pub(crate) fn position_of(&self, id: u32) -> Option<usize> {
        self.recs.binary_search_by_key(&id, |r| r.id).ok()
    }
    pub(crate) fn postings(&self, folded: &str) -> Vec<Posting> {
        self.fst.get(folded).map(|v| self.postings_of_value(v)).unwrap_or_default()
    }
    pub(crate) fn postings_of_value(&self, value: u64) -> Vec<Posting> {
        let at = (value & !USER_VALUE) as usize;
        let Some(&count) = self.post.get(at) else { return Vec::new() };
        self.post.get(at + 1..at + 1 + count as usize).unwrap_or_default().iter().map(|&p| Posting::unpack(p)).collect()
    }
}

/// What [`Gazetteer::with_places`] did with the rows.
#[derive(Debug, Clone, Default)]
pub struct PlacesReport {
    /// Places added.
    pub added: usize,
    /// Rows skipped (only with `skip_bad_lines`), each with why.
    pub skipped: Vec<BadRow>,
}

fn stable_hash64(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

impl Gazetteer {
    /// This gazetteer with user places laid over it (see [the module](self)). Places added
    /// before (an earlier `with_places`) stay. A bad row fails the whole call with its
    /// [`BadRow`], unless `skip_bad_lines`: then it is left out and listed in the report.
    pub fn with_places(
        &self,
        rows: Vec<UserRow>,
        skip_bad_lines: bool,
    ) -> Result<(Gazetteer, PlacesReport), PlacesError> {
        let mut all: Vec<UserRow> = self.user.as_ref().map(|o| o.rows.clone()).unwrap_or_default();
        let before = all.len();
        all.extend(rows);
        let mut report = PlacesReport::default();
        let reject = |bad: BadRow, report: &mut PlacesReport| -> Result<(), PlacesError> {
            if skip_bad_lines {
                report.skipped.push(bad);
                Ok(())
            } else {
                Err(PlacesError::Bad(bad))
            }
        };
        // Check every row; then give ids: numeric ones first (they are the user's), then hashes.
        let mut checked: Vec<(usize, Checked)> = Vec::with_capacity(all.len());
        let mut seen_ids: HashMap<String, Origin> = HashMap::new();
        for (i, row) in all.iter().enumerate() {
            match self.check_row(row).and_then(|c| {
                if let Some(id) = &c.id {
                    if let Some(first) = seen_ids.get(id) {
                        return Err(bad(row, "id", format!("duplicate id {id:?} (first at {first})")));
                    }
                    seen_ids.insert(id.clone(), row.origin.clone());
                }
                Ok(c)
            }) {
                Ok(c) => checked.push((i, c)),
                Err(b) => reject(b, &mut report)?,
            }
        }
        let mut taken: HashSet<u32> = HashSet::new();
        let mut ids: Vec<Option<u32>> = vec![None; checked.len()];
        let is_free = |id: u32, taken: &HashSet<u32>| !taken.contains(&id) && self.base_by_id(PlaceId(id)).is_none();
        let mut bad_ids: HashSet<usize> = HashSet::new();
        for (k, (i, c)) in checked.iter().enumerate() {
            let Some(n) = c.id.as_deref().and_then(|s| s.parse::<u32>().ok()).filter(|&n| n < USER_ID_SPAN) else {
                continue;
            };
            let id = USER_ID_BASE + n;
            if is_free(id, &taken) {
                taken.insert(id);
                ids[k] = Some(id);
            } else {
                let b = bad(&all[*i], "id", format!("id {n} is already a place of the gazetteer or of these files"));
                reject(b, &mut report)?;
                bad_ids.insert(k);
            }
        }
        for (k, (_, c)) in checked.iter().enumerate() {
            if ids[k].is_some() || bad_ids.contains(&k) {
                continue;
            }
            let key = match &c.id {
                Some(id) => format!("id:{id}"),
                None => format!("{}|{}|{:.6}|{:.6}", c.kind, c.name, c.lat, c.lon),
            };
            let mut id = USER_ID_BASE + (stable_hash64(&key) % u64::from(USER_ID_SPAN)) as u32;
            while !is_free(id, &taken) {
                id = if id == u32::MAX { USER_ID_BASE } else { id + 1 };
            }
            taken.insert(id);
            ids[k] = Some(id);
        }
        let mut kept: Vec<bool> = vec![false; all.len()];
        let mut places: Vec<(u32, Checked)> = Vec::with_capacity(checked.len());
        for ((i, c), id) in checked.into_iter().zip(ids) {
            if let Some(id) = id {
                kept[i] = true;
                places.push((id, c));
            }
        }
        let kept_rows: Vec<UserRow> = all.into_iter().zip(kept).filter_map(|(row, k)| k.then_some(row)).collect();
        places.sort_by_key(|(id, _)| *id);
        report.added = places.len().saturating_sub(before);

        let mut sources: Vec<(String, usize)> = Vec::new();
        for row in &kept_rows {
            match sources.last_mut() {
                Some((s, n)) if **s == *row.origin.source => *n += 1,
                _ => sources.push((row.origin.source.to_string(), 1)),
            }
        }
        let overlay = self.build_overlay(places, kept_rows, sources)?;
        let mut gaz = self.base_copy();
        gaz.user = Some(Arc::new(overlay));
        Ok((gaz, report))
    }

    fn check_row(&self, row: &UserRow) -> Result<Checked, BadRow> {
        if let Some((field, message)) = &row.problem {
            return Err(bad(row, field, message.clone()));
        }
        let name = row.get("name").to_string();
        if name.is_empty() || fold_name(&name).is_empty() {
            return Err(bad(row, "name", "empty name".into()));
        }
        let coordinate = |field: &str, limit: f64| -> Result<f64, BadRow> {
            let text = row.get(field);
            if text.is_empty() {
                return Err(bad(row, field, "missing".into()));
            }
            let v: f64 = text.parse().map_err(|_| bad(row, field, format!("{text:?} is not a number of degrees")))?;
            if !v.is_finite() || v.abs() > limit {
                return Err(bad(row, field, format!("{text} is out of range (-{limit} to {limit})")));
            }
            Ok(v)
        };
        let lat = coordinate("lat", 90.0)?;
        let lon = coordinate("lon", 180.0)?;
        let kind = match row.get("kind") {
            "" => DEFAULT_KIND,
            k => Kind::from_supplement(&k.to_ascii_lowercase()).ok_or_else(|| {
                let known: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
                bad(row, "kind", format!("unknown kind {k:?} (kinds: {})", known.join(", ")))
            })?,
        };
        let country = match row.get("country") {
            "" => NONE_U8,
            c => self.country_index(c).ok_or_else(|| {
                bad(
                    row,
                    "country",
                    format!("unknown country {c:?} (an ISO 3166-1 code such as UA, or an English name)"),
                )
            })?,
        };
        let admin1 = match row.get("admin1") {
            "" => Ok(NONE_U16),
            a => self.admin1_index(a, country).ok_or_else(|| a.to_string()),
        };
        let population = match row.get("population") {
            "" => 0,
            p => p
                .parse::<u64>()
                .ok()
                .or_else(|| p.parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0).map(|v| v.round() as u64))
                .ok_or_else(|| bad(row, "population", format!("{p:?} is not a whole number of people")))?,
        };
        let priority = match row.get("priority") {
            "" => None,
            p => Some(
                p.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(|| bad(row, "priority", format!("{p:?} is not a number")))?,
            ),
        };
        let aliases: Vec<String> = row
            .get("aliases")
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty() && *a != name && !fold_name(a).is_empty())
            .map(str::to_string)
            .collect();
        let id = Some(row.get("id").to_string()).filter(|s| !s.is_empty());
        Ok(Checked { name, aliases, lat, lon, kind, country, admin1, population, priority, id })
    }

    /// The CTRY index of a country code (UA) or English name (Ukraine).
    fn country_index(&self, text: &str) -> Option<u8> {
        let code = text.to_ascii_uppercase();
        let folded = fold_name(text);
        let at = self.countries.iter().position(|(cc, _)| *cc == code);
        let at = at.or_else(|| self.countries.iter().position(|(_, name)| fold_name(name) == folded))?;
        u8::try_from(at).ok().filter(|&i| i != NONE_U8)
    }

    /// The ADM1 index of a division named `text` in the country (or, without one, the only
    /// division of that name anywhere).
    fn admin1_index(&self, text: &str, country: u8) -> Option<u16> {
        let folded = fold_name(text);
        let cc = self.countries.get(usize::from(country)).map(|(cc, _)| *cc);
        let mut found = self.admin1.iter().enumerate().filter(|(_, (code, name))| {
            fold_name(name) == folded && cc.is_none_or(|cc| code.split_once('.').is_some_and(|(c, _)| c == cc))
        });
        let first = found.next()?;
        if cc.is_none() && found.next().is_some() {
            return None; // ambiguous without a country: keep the user's words
        }
        u16::try_from(first.0).ok().filter(|&i| i != NONE_U16)
    }

    fn build_overlay(
        &self,
        places: Vec<(u32, Checked)>,
        rows: Vec<UserRow>,
        sources: Vec<(String, usize)>,
    ) -> Result<Overlay, PlacesError> {
        let base_len = self.base_len() as u32;
        let base_admin1 = self.admin1.len() as u16;
        let first_source = sources.first().map_or_else(String::new, |s| s.0.clone());
        let too_many = || PlacesError::Format {
            path: first_source.clone(),
            message: "more places than a gazetteer can index".into(),
        };
        if (base_len as usize).saturating_add(places.len()) > posting::MAX_RECORD as usize {
            return Err(too_many());
        }
        let mut o = Overlay {
            base_admin1,
            recs: Vec::with_capacity(places.len()),
            names: String::new(),
            aliases: Vec::with_capacity(places.len()),
            user_ids: Vec::with_capacity(places.len()),
            priorities: Vec::with_capacity(places.len()),
            admin1: Vec::new(),
            fst: fst::Map::default(),
            post: Vec::new(),
            rows: Vec::new(),
            sources,
        };
        let mut new_admin1: HashMap<String, u16> = HashMap::new();
        // (folded key, record, flag), sorted and grouped below: fewer allocations than a map
        let mut keys: Vec<(String, u32, u8)> = Vec::with_capacity(places.len() * 2);
        for (i, (id, c)) in places.into_iter().enumerate() {
            let index = base_len + i as u32;
            let admin1 = match c.admin1 {
                Ok(a) => a,
                Err(name) => match new_admin1.get(&name) {
                    Some(&a) => a,
                    None => {
                        let a = base_admin1.checked_add(o.admin1.len() as u16).filter(|&a| a < NONE_U16);
                        let Some(a) = a else { return Err(too_many()) };
                        o.admin1.push(name.clone());
                        new_admin1.insert(name, a);
                        a
                    }
                },
            };
            let name = super::build::truncate_utf8(&c.name, 400);
            o.recs.push(RawRecord {
                id,
                lat_e6: (c.lat * 1e6).round() as i32,
                lon_e6: (c.lon * 1e6).round() as i32,
                population: c.population.min(u64::from(u32::MAX)) as u32,
                name_off: o.names.len() as u32,
                name_len: name.len() as u16,
                admin1,
                kind: c.kind as u8,
                fcode: NONE_U8,
                country: c.country,
                flags: flags::USER,
                alt_count: c.aliases.len().min(usize::from(u16::MAX)) as u16,
            });
            o.names.push_str(name);
            let mut add_key = |text: &str, flag: u8| {
                let k = fold_name(text);
                if !k.is_empty() && k.len() <= MAX_KEY_BYTES {
                    keys.push((k, index, flag));
                }
            };
            add_key(&c.name, posting::PRIMARY);
            for a in &c.aliases {
                add_key(a, posting::ALTERNATE);
            }
            o.aliases.push(c.aliases);
            o.user_ids.push(c.id);
            o.priorities.push(c.priority);
        }
        keys.sort_unstable();
        let mut builder = fst::MapBuilder::memory();
        for group in keys.chunk_by(|a, b| a.0 == b.0) {
            let at = o.post.len() as u64;
            o.post.push(0);
            for same_record in group.chunk_by(|a, b| a.1 == b.1) {
                let flags = same_record.iter().fold(0, |f, k| f | k.2);
                o.post.push(posting::pack(same_record[0].1, flags));
            }
            o.post[at as usize] = (o.post.len() - at as usize - 1) as u32;
            builder.insert(&group[0].0, USER_VALUE | at).expect("keys are sorted and distinct");
        }
        o.fst = builder.into_map();
        o.rows = rows;
        Ok(o)
    }
}

fn bad(row: &UserRow, field: &str, message: String) -> BadRow {
    BadRow { origin: row.origin.clone(), field: field.to_string(), message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(csv: &str) -> Vec<UserRow> {
        read_places_bytes(csv.as_bytes(), "t.csv", Some("csv")).expect("a places table")
    }

    #[test]
    fn bad_rows_name_their_line_and_field() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let cases: &[(&str, &str)] = &[
            ("name,lat,lon\n,1,2\n", "t.csv, line 2, field name: empty name"),
            ("name,lat,lon\nA,91,2\n", "t.csv, line 2, field lat: 91 is out of range (-90 to 90)"),
            ("name,lat,lon\nA,1,-180.5\n", "t.csv, line 2, field lon: -180.5 is out of range (-180 to 180)"),
            ("name,lat,lon\nA,north,2\n", "t.csv, line 2, field lat: \"north\" is not a number of degrees"),
            (
                "name,lat,lon,id\nA,1,2,x\nB,1,2,x\n",
                "t.csv, line 3, field id: duplicate id \"x\" (first at t.csv, line 2)",
            ),
            ("name,lat,lon,country\nA,1,2,Atlantis\n", "t.csv, line 2, field country: unknown country \"Atlantis\""),
            (
                "name,lat,lon,kind\nA,1,2,starship\n",
                "t.csv, line 2, field kind: unknown kind \"starship\" (kinds: country,",
            ),
        ];
        for (text, want) in cases {
            let err = gaz.with_places(rows(text), false).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.starts_with(want), "{text:?}: got {err:?}");
            let (g, report) = gaz.with_places(rows(text), true).expect("skipping");
            assert_eq!(report.skipped.len(), 1, "{text:?}");
            assert!(g.len() >= gaz.len(), "{text:?}");
        }
    }

    #[test]
    fn user_places_are_found_by_name_and_alias_with_stable_ids() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let text = "name,lat,lon,kind,country,aliases,id\nGreywater Yard,10.5,20.25,port,UA,Greywater|GW Yard,42\n\
                    Tarn Relay,-3,4,,,,\n";
        let (g, report) = gaz.with_places(rows(text), false).expect("good rows");
        assert_eq!((report.added, g.len()), (2, gaz.len() + 2));
        let yard = &g.lookup("Greywater", &Default::default())[0].place;
        assert_eq!((yard.name(), yard.id(), yard.is_user()), ("Greywater Yard", PlaceId(USER_ID_BASE + 42), true));
        assert_eq!((yard.country_code(), yard.kind(), yard.user_id()), (Some("UA"), Kind::Port, Some("42")));
        assert_eq!(g.by_id(yard.id()).map(|p| p.name()), Some("Greywater Yard"));
        let relay = g.lookup("Tarn Relay", &Default::default());
        assert_eq!(relay[0].place.kind(), DEFAULT_KIND);
        // the same rows give the same ids
        let (again, _) = gaz.with_places(rows(text), false).expect("good rows");
        assert_eq!(again.lookup("Tarn Relay", &Default::default())[0].place.id(), relay[0].place.id());
        // added on top, the first places stay
        let (more, _) = g.with_places(rows("name,lat,lon\nOther Place,1,1\n"), false).expect("good rows");
        assert_eq!(more.len(), gaz.len() + 3);
    }

    #[test]
    fn formats_are_told_apart() {
        let tsv = read_places_bytes(b"name\tlat\tlon\nA \"B\"\t1\t2\n", "t", None).expect("tsv");
        assert_eq!(tsv[0].get("name"), "A \"B\"");
        let geo = br#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[30.5,46.4]},"properties":{"name":"Q","aliases":["R","S"]}}]}"#;
        let geo = read_places_bytes(geo, "t", None).expect("geojson");
        assert_eq!((geo[0].get("lat"), geo[0].get("lon"), geo[0].get("aliases")), ("46.4", "30.5", "R|S"));
        assert!(read_places_bytes(b"place,x,y\n", "t.csv", None).is_err());
    }
}
