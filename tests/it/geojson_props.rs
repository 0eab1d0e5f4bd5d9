//! Property test: any text (with or without an explicit pinned route) yields valid GeoJSON:
//! it parses, every position is a [lon, lat] pair in range, and geometry types are closed.

use proptest::prelude::*;
use serde_json::Value;
use toponym::emit::geojson;
use toponym::story::{story_of, RouteChoice, Routing, TravelMode, Waypoint};
use toponym::Gazetteer;

fn check_position(p: &Value) -> Result<(), String> {
    let a = p.as_array().ok_or("position is not an array")?;
    let (Some(lon), Some(lat)) = (a.first().and_then(Value::as_f64), a.get(1).and_then(Value::as_f64)) else {
        return Err(format!("bad position {p}"));
    };
    if a.len() != 2 || !(-180.0..=180.0).contains(&lon) || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("position out of range {p}"));
    }
    Ok(())
}

fn check(v: &Value) -> Result<(), String> {
    if v["type"] != "FeatureCollection" {
        return Err("not a FeatureCollection".into());
    }
    for f in v["features"].as_array().ok_or("no features array")? {
        let g = &f["geometry"];
        let c = &g["coordinates"];
        match g["type"].as_str() {
            Some("Point") => check_position(c)?,
            Some("LineString") => {
                let a = c.as_array().ok_or("line")?;
                if a.len() < 2 {
                    return Err("short line".into());
                }
                a.iter().try_for_each(check_position)?;
            }
            Some("MultiLineString") => {
                for l in c.as_array().ok_or("multiline")? {
                    let a = l.as_array().ok_or("line")?;
                    if a.len() < 2 {
                        return Err("short part".into());
                    }
                    a.iter().try_for_each(check_position)?;
                }
            }
            other => return Err(format!("unexpected geometry {other:?}")),
        }
    }
    Ok(())
}

const WORDS: &[&str] = &[
    "Pyongyang",
    "Khasan",
    "Vladivostok",
    "Sea of Japan",
    "Anadyr",
    "Fiji",
    "Russia",
    "fired",
    "missiles",
    "from",
    "toward",
    "into",
    "left",
    "arrived in",
    "via",
    "by train",
    "to",
    "the",
    "and",
    "then",
    "will visit",
    ".",
    ",",
    "Kim",
    "Lisbon",
    "Paris",
    "east coast",
    "returned to",
    "had",
    "met at",
    "\n\n",
    "Zürich",
    "東京",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_story_gives_valid_geojson(
        picks in proptest::collection::vec(0..WORDS.len(), 0..40),
        noise in "\\PC{0,40}",
        pins in proptest::collection::vec((-90.0f64..=90.0, -180.0f64..=180.0), 0..4),
        mode in proptest::option::of(proptest::sample::select(TravelMode::ALL.to_vec())),
    ) {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let routing = Routing { mode, ..Routing::default() };
        let mut text: String = picks.iter().map(|&i| WORDS[i]).collect::<Vec<_>>().join(" ");
        text.push_str(&noise);
        let choice = if pins.len() >= 2 {
            RouteChoice::Explicit(pins.iter().enumerate().map(|(i, &(lat, lon))| Waypoint {
                name: format!("P{i}"), lon, lat, place_id: None, planned: false, evidence: None, confidence: 1.0, mode: None, traveller: None,
            }).collect())
        } else {
            RouteChoice::Infer
        };
        let story = story_of(gaz, "p", &text, &choice, &routing);
        let bytes = geojson::to_bytes(&[story]).expect("serialises");
        let v: Value = serde_json::from_slice(&bytes).expect("output parses");
        prop_assert!(check(&v).is_ok(), "{:?} for {text:?}", check(&v));
    }
}
