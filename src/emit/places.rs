//! Places as a table, JSON, CSV or GeoJSON: what `toponym lookup` and `toponym nearest` print,
//! one [`PlaceRow`] per place. Tables escape control characters ([`escape_control`]); JSON, CSV
//! and GeoJSON keep every string exactly.

use std::io::Write;

use serde::Serialize;

use super::escape::escape_control;
use super::WriteError;
use crate::gazetteer::{Match, Place, PlaceId};

/// The formats places are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceFormat {
    /// Aligned columns for a terminal, latitude first.
    Table,
    /// A pretty-printed JSON array of rows.
    Json,
    /// CSV with a header row.
    Csv,
    /// A GeoJSON FeatureCollection of Points, the other fields as properties.
    Geojson,
}

/// One output row: a place plus how it was found.
#[derive(Serialize)]
pub struct PlaceRow {
    /// Stable gazetteer id (GeoNames id where there is one; 0 for an online result).
    pub id: PlaceId,
    /// Primary name.
    pub name: String,
    /// Latitude, degrees, rounded to 6 decimals.
    pub lat: f64,
    /// Longitude, degrees, rounded to 6 decimals.
    pub lon: f64,
    /// Place kind by name (`city`, `country`, …).
    pub kind: &'static str,
    /// GeoNames feature code (PPLC, ADM1, …), when known.
    pub feature_code: Option<String>,
    /// ISO 3166-1 alpha-2 code.
    pub country_code: Option<String>,
    /// Country name.
    pub country: Option<String>,
    /// First-level division name.
    pub admin1: Option<String>,
    /// Population (0 when unknown).
    pub population: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// `"user"` for a user's own place (`--user-places`); absent for gazetteer places.
    pub source: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// The `id` the user's places file gave it, as written there.
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Look-up results: the name or alternate name that matched.
    pub matched: Option<String>,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    /// Look-up results: how it matched (exact, folded, alternate, fuzzy, online).
    pub match_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Look-up results of a structured query: how the place satisfies its qualifiers
    /// ("TX → admin1 Texas").
    pub qualifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Look-up results: the ranking score, rounded to 4 decimals.
    pub score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    /// Kilometres from the point asked about, rounded to 0.1.
    pub distance_km: Option<f64>,
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

impl PlaceRow {
    /// A gazetteer record, with no look-up fields.
    pub fn new(p: &Place<'_>) -> PlaceRow {
        PlaceRow {
            id: p.id(),
            name: p.name().to_string(),
            lat: round(p.lat(), 6),
            lon: round(p.lon(), 6),
            kind: p.kind().as_str(),
            feature_code: p.feature_code().map(str::to_string),
            country_code: p.country_code().map(str::to_string),
            country: p.country().map(str::to_string),
            admin1: p.admin1().map(str::to_string),
            population: p.population(),
            source: p.is_user().then_some("user"),
            user_id: p.user_id().map(str::to_string),
            matched: None,
            match_kind: None,
            qualifier: None,
            score: None,
            distance_km: None,
        }
    }
    /// The row with a ranking score (rounded to 4 decimals).
    pub fn with_score(mut self, score: f64) -> Self {
        self.score = Some(round(score, 4));
        self
    }

    /// A reverse look-up result (`toponym nearest`): the record and its distance from the
    /// point, to 0.1 km.
    pub fn at_distance(p: &Place<'_>, km: f64) -> PlaceRow {
        let mut row = PlaceRow::new(p);
        row.distance_km = Some((km * 10.0).round() / 10.0);
        row
    }

    /// A look-up result: the record, what matched and how, its score, and with `near`
    /// its distance from that point.
    pub fn of_match(m: &Match<'_>, near: Option<geo::Point>) -> PlaceRow {
        let mut row = PlaceRow::new(&m.place).with_score(m.score);
        row.matched = Some(m.matched.clone());
        row.match_kind = Some(m.kind.as_str());
        row.qualifier = m.qualifier.clone();
        if let Some(at) = near {
            row.distance_km = Some((m.place.distance_km(at) * 10.0).round() / 10.0);
        }
        row
    }
}

/// Write rows in the chosen format.
pub fn write(rows: &[PlaceRow], format: PlaceFormat, out: &mut dyn Write) -> Result<(), WriteError> {
    match format {
        PlaceFormat::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)?;
        }
        PlaceFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record([
                "id",
                "name",
                "lat",
                "lon",
                "kind",
                "feature_code",
                "country_code",
                "country",
                "admin1",
                "population",
                "matched",
                "match",
                "score",
                "distance_km",
                "qualifier",
            ])?;
            for r in rows {
                w.write_record([
                    r.id.to_string(),
                    r.name.clone(),
                    r.lat.to_string(),
                    r.lon.to_string(),
                    r.kind.to_string(),
                    r.feature_code.clone().unwrap_or_default(),
                    r.country_code.clone().unwrap_or_default(),
                    r.country.clone().unwrap_or_default(),
                    r.admin1.clone().unwrap_or_default(),
                    r.population.to_string(),
                    r.matched.clone().unwrap_or_default(),
                    r.match_kind.unwrap_or_default().to_string(),
                    r.score.map(|s| s.to_string()).unwrap_or_default(),
                    r.distance_km.map(|s| s.to_string()).unwrap_or_default(),
                    r.qualifier.clone().unwrap_or_default(),
                ])?;
            }
            w.flush()?;
        }
        PlaceFormat::Geojson => {
            let features: Vec<serde_json::Value> = rows
                .iter()
                .map(|r| {
                    let mut props = serde_json::to_value(r).unwrap_or_default();
                    if let Some(obj) = props.as_object_mut() {
                        obj.remove("lat");
                        obj.remove("lon");
                    }
                    serde_json::json!({
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [r.lon, r.lat]},
                        "properties": props,
                    })
                })
                .collect();
            let fc = serde_json::json!({"type": "FeatureCollection", "features": features});
            serde_json::to_writer_pretty(&mut *out, &fc)?;
            writeln!(out)?;
        }
        PlaceFormat::Table => write_table(rows, out)?,
    }
    Ok(())
}

fn write_table(rows: &[PlaceRow], out: &mut dyn Write) -> Result<(), WriteError> {
    let last = if rows.iter().any(|r| r.distance_km.is_some()) { "distance km" } else { "match" };
    let header = ["#", "name", "lat, lon", "kind", "country", "admin1", "population", last];
    let body: Vec<[String; 8]> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut last = match (r.distance_km, r.match_kind) {
                (Some(d), _) => format!("{d:.1}"),
                (None, Some(k)) if r.matched.as_deref() != Some(r.name.as_str()) => {
                    format!("{k} ({})", r.matched.clone().unwrap_or_default())
                }
                (None, Some(k)) => k.to_string(),
                _ => String::new(),
            };
            if let Some(q) = &r.qualifier {
                last.push_str("; ");
                last.push_str(q);
            }
            [
                (i + 1).to_string(),
                r.name.clone(),
                format!("{:.5}, {:.5}", r.lat, r.lon),
                r.kind.to_string(),
                r.country_code.clone().unwrap_or_else(|| "-".into()),
                r.admin1.clone().unwrap_or_else(|| "-".into()),
                r.population.to_string(),
                last,
            ]
            .map(|cell| escape_control(&cell).into_owned())
        })
        .collect();
    // Columns are clipped at 40 characters, except the last (how it matched), which ends the line.
    let width = |c: usize| {
        let w = body.iter().map(|row| row[c].chars().count()).chain([header[c].len()]).max().unwrap_or(0);
        if c + 1 == header.len() {
            w
        } else {
            w.min(40)
        }
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| {
                let clipped: String = c.chars().take(*w).collect();
                format!("{clipped:<w$}", w = *w)
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    writeln!(out, "{}", line(header.iter().map(|s| s.to_string()).collect()))?;
    for row in body {
        writeln!(out, "{}", line(row.to_vec()))?;
    }
    Ok(())
}
