//! Printing places as a table, JSON, CSV or GeoJSON (shared by `lookup` and `nearest`), and
//! [`escape_control`] for every table a terminal may show. Tables escape control characters;
//! JSON, CSV and GeoJSON keep every string exactly.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Write;

use serde::Serialize;

use super::Format;
use toponym::gazetteer::Place;

/// One output row: a place plus how it was found.
#[derive(Serialize)]
pub struct PlaceRow {
    pub id: u32,
    pub name: String,
    pub lat: f64,
    pub lon: f64,
    pub kind: &'static str,
    pub feature_code: Option<String>,
    pub country_code: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub population: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matched: Option<String>,
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_kind: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
}

fn round(x: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (x * f).round() / f
}

impl PlaceRow {
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
            matched: None,
            match_kind: None,
            score: None,
            distance_km: None,
        }
    }
    pub fn with_score(mut self, score: f64) -> Self {
        self.score = Some(round(score, 4));
        self
    }
}

/// Print rows in the chosen format.
pub fn print(rows: &[PlaceRow], format: Format, out: &mut dyn Write) -> anyhow::Result<()> {
    match format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, rows)?;
            writeln!(out)?;
        }
        Format::Csv => {
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
                ])?;
            }
            w.flush()?;
        }
        Format::Geojson => {
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
        Format::Table => print_table(rows, out)?,
    }
    Ok(())
}

/// Bidirectional embeddings, overrides and isolates: they reorder what follows them on screen.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with control characters escaped (`\n`, `\r`, `\t`, `\x1b`, C1 codes as `\x9b`) and
/// bidirectional controls shown as `\u{202e}`, the way ripgrep and `ls` show odd file names: data
/// printed for a terminal cannot retitle it, clear it, move the cursor or forge lines.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if is_bidi_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn print_table(rows: &[PlaceRow], out: &mut dyn Write) -> anyhow::Result<()> {
    let last = if rows.iter().any(|r| r.distance_km.is_some()) { "distance km" } else { "match" };
    let header = ["#", "name", "lat, lon", "kind", "country", "admin1", "population", last];
    let body: Vec<[String; 8]> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let last = match (r.distance_km, r.match_kind) {
                (Some(d), _) => format!("{d:.1}"),
                (None, Some(k)) if r.matched.as_deref() != Some(r.name.as_str()) => {
                    format!("{k} ({})", r.matched.clone().unwrap_or_default())
                }
                (None, Some(k)) => k.to_string(),
                _ => String::new(),
            };
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
    let width =
        |c: usize| body.iter().map(|row| row[c].chars().count()).chain([header[c].len()]).max().unwrap_or(0).min(40);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_everything_else_kept() {
        let rows = [
            ("Vladivostok", "Vladivostok"),
            ("Zürich 東京 Москва", "Zürich 東京 Москва"),
            ("a\u{1b}]0;title\u{7}b", "a\\x1b]0;title\\x07b"),
            ("line\nforged\r\tx", "line\\nforged\\r\\tx"),
            ("\u{9b}31m\u{7f}", "\\x9b31m\\x7f"),
            ("abc\u{202e}cba", "abc\\u{202e}cba"),
            ("back\\slash", "back\\slash"),
        ];
        for (input, want) in rows {
            assert_eq!(escape_control(input), want, "{input:?}");
        }
        assert!(matches!(escape_control("plain"), Cow::Borrowed(_)));
    }
}
