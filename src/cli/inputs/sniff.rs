//! Recognising toponym's own outputs by their content, so a directory walk does not read an
//! earlier run's results as news: a GeoJSON FeatureCollection (`geojson`, `map --geojson`,
//! `route`), a map layout (`map --layout`), and `resolve` results as JSON or JSONL (documents
//! with `mentions` or `places` and no `text`) or as CSV (its header line).
//!
//! Only the first JSON value is looked at (the first line of JSONL, the first element of an
//! array), and its fields are skipped without being kept: sniffing a large file costs one scan
//! of its first value at most.

use serde::de::IgnoredAny;
use toponym::emit::mentions::{CSV_HEADER, CSV_PLACES_HEADER};

/// The fields that tell the outputs apart; everything else is skipped.
#[derive(serde::Deserialize)]
struct Fields {
    #[serde(rename = "type")]
    kind: Option<serde_json::Value>,
    id: Option<IgnoredAny>,
    text: Option<IgnoredAny>,
    mentions: Option<IgnoredAny>,
    places: Option<IgnoredAny>,
    features: Option<IgnoredAny>,
    extent: Option<IgnoredAny>,
    projection: Option<IgnoredAny>,
    labels: Option<IgnoredAny>,
}

/// Which of toponym's output formats `text` is, if it is one.
pub fn output_kind(text: &str) -> Option<&'static str> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    let first_line = t.split('\n').next().unwrap_or("").trim_end_matches('\r');
    if [CSV_HEADER, CSV_PLACES_HEADER].iter().any(|h| h.trim_end() == first_line) {
        return Some("`resolve` results (CSV)");
    }
    let (first, in_array) = match t.strip_prefix('[') {
        Some(rest) => (rest, true),
        None => (t, false),
    };
    if !first.trim_start().starts_with('{') {
        return None;
    }
    let mut values = serde_json::Deserializer::from_str(first).into_iter::<Fields>();
    let f = values.next()?.ok()?;
    if !in_array && f.kind.as_ref().and_then(|k| k.as_str()) == Some("FeatureCollection") && f.features.is_some() {
        return Some("a GeoJSON FeatureCollection");
    }
    if !in_array && f.extent.is_some() && f.projection.is_some() && f.labels.is_some() {
        return Some("a map layout");
    }
    if f.id.is_some() && f.text.is_none() && (f.mentions.is_some() || f.places.is_some()) {
        return Some("`resolve` results");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_are_recognised_and_documents_are_not() {
        let rows: &[(&str, Option<&str>)] = &[
            (r#"{"type":"FeatureCollection","features":[]}"#, Some("a GeoJSON FeatureCollection")),
            ("\u{feff}\n  {\"features\":[{}],\"type\":\"FeatureCollection\"}", Some("a GeoJSON FeatureCollection")),
            (
                r#"{"extent":[0,0,1,1],"projection":"conic","central_meridian":0,"labels":[],"dropped":[]}"#,
                Some("a map layout"),
            ),
            ("{\"id\":\"a\",\"mentions\":[]}\n{\"id\":\"b\",\"mentions\":[]}\n", Some("`resolve` results")),
            ("[\n{\"id\":\"a\",\"places\":[{\"name\":\"Paris\"}]}\n]", Some("`resolve` results")),
            (CSV_HEADER, Some("`resolve` results (CSV)")),
            (
                "doc,id,name,lat,lon,kind,country_code,mentions,confidence\r\nx,1,Paris,0,0,city,FR,1,0.9\r\n",
                Some("`resolve` results (CSV)"),
            ),
            ("doc,text,start\nThe header is not ours.", None),
            // documents, and things that merely look like JSON
            (r#"{"id":"a","text":"Troops left Kherson.","mentions":[]}"#, None),
            (r#"{"id":"a","text":"Troops left Kherson."}"#, None),
            ("The convoy reached Kherson. {\"type\":\"FeatureCollection\",\"features\":[]}", None),
            (r#"{"type":"Feature","geometry":null,"properties":{}}"#, None),
            ("[1, 2, 3]", None),
            ("{ not json", None),
            ("", None),
        ];
        for (text, want) in rows {
            assert_eq!(output_kind(text), *want, "{text:?}");
        }
    }
}
