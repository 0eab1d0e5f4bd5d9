//! Stories → one RFC 7946 GeoJSON FeatureCollection (WGS84 lon/lat, 6 decimals).
//!
//! Feature order, per story in input order: route lines (travelled, then planned), launch
//! tracks, then places by role and first mention. Field types are the same in every feature
//! that has the field (Integer: `id`, `population`, `mentions`; Real: `confidence`,
//! `length_km`; everything else String), so GIS software infers one type per column. A line
//! that crosses the antimeridian is split there into a MultiLineString (RFC 7946 §3.1.9).
//! The collection carries a `bbox` and a foreign member `documents` with per-document counts;
//! features have sequential ids (1, 2, …) that GDAL uses as the FID.
//! Same stories in, same bytes out.

use ::geojson::{Feature, FeatureCollection, Geometry, GeometryValue, JsonObject};
use serde_json::{json, Value};

use crate::model::round6;
use crate::story::{LegMode, Route, RouteSource, Story};

/// The collection for these stories.
pub fn feature_collection(stories: &[Story]) -> FeatureCollection {
    let mut features = Vec::new();
    let mut documents = Vec::new();
    for story in stories {
        let before = features.len();
        if let Some(route) = &story.route {
            features.extend(route_features(story, route));
        }
        let routes = features.len() - before;
        for l in story.launches.iter().filter(|l| l.track.len() >= 2) {
            let target = l.target.as_ref().map(|t| t.name.clone());
            let name = match &target {
                Some(t) => format!("{} → {}", l.origin.name, t),
                None => format!("{} →", l.origin.name),
            };
            features.push(feature(
                line_geometry(&l.track),
                props(&[
                    ("document", json!(story.id)),
                    ("role", json!("launch_track")),
                    ("name", json!(name)),
                    ("origin", json!(l.origin.name)),
                    ("target", json!(target)),
                    ("length_km", real(l.length_km)),
                    ("confidence", real(l.confidence)),
                    ("evidence", json!(l.evidence)),
                ]),
            ));
        }
        let tracks = features.len() - before - routes;
        for p in &story.places {
            features.push(feature(
                Geometry::new(GeometryValue::new_point([round6(p.place.lon), round6(p.place.lat)])),
                props(&[
                    ("document", json!(story.id)),
                    ("id", json!(p.place.id)),
                    ("name", json!(p.place.name)),
                    ("kind", json!(p.place.kind)),
                    ("role", json!(p.role.as_str())),
                    ("country_code", json!(p.place.country_code)),
                    ("admin1", json!(p.place.admin1)),
                    ("population", json!(p.place.population)),
                    ("mentions", json!(p.mentions)),
                    ("confidence", real(p.confidence)),
                    ("matched", json!(p.matched.join(" | "))),
                ]),
            ));
        }
        documents.push(json!({
            "id": story.id,
            "places": story.places.len(),
            "routes": routes,
            "launch_tracks": tracks,
        }));
    }
    // Sequential feature ids: GDAL takes them as the FID, so the `id` property (the gazetteer
    // id, repeated across documents) stays an ordinary field.
    for (i, f) in features.iter_mut().enumerate() {
        f.id = Some(::geojson::feature::Id::Number((i as u64 + 1).into()));
    }
    let mut foreign = JsonObject::new();
    foreign.insert("documents".into(), Value::Array(documents));
    FeatureCollection { bbox: bbox(&features), features, foreign_members: Some(foreign) }
}

/// The collection as bytes: one feature per line, so diffs stay readable.
pub fn to_bytes(stories: &[Story]) -> Result<Vec<u8>, serde_json::Error> {
    let fc = feature_collection(stories);
    let mut out = String::from("{\"type\":\"FeatureCollection\",\n");
    if let Some(b) = &fc.bbox {
        out.push_str(&format!("\"bbox\":{},\n", serde_json::to_string(b)?));
    }
    if let Some(f) = &fc.foreign_members {
        for (k, v) in f {
            out.push_str(&format!("{}:{},\n", serde_json::to_string(k)?, serde_json::to_string(v)?));
        }
    }
    out.push_str("\"features\":[");
    for (i, f) in fc.features.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(f)?);
    }
    out.push_str("\n]}\n");
    Ok(out.into_bytes())
}

fn route_features(story: &Story, route: &Route) -> Vec<Feature> {
    if route.waypoints.len() < 2 || route.coords.len() < 2 {
        return Vec::new();
    }
    // Split an inferred route where the story moves from what happened to what is planned.
    let first_planned =
        route.waypoints.iter().position(|w| w.planned).filter(|&j| j >= 2 && route.source == RouteSource::Inferred);
    let parts: Vec<(&str, usize, usize)> = match first_planned {
        Some(j) => vec![("travelled", 0, j - 1), ("planned", j - 1, route.waypoints.len() - 1)],
        None => {
            let status = match route.source {
                RouteSource::Explicit => "given",
                RouteSource::Inferred if route.waypoints.iter().skip(1).all(|w| w.planned) => "planned",
                RouteSource::Inferred => "travelled",
            };
            vec![(status, 0, route.waypoints.len() - 1)]
        }
    };
    let mut out = Vec::new();
    for (status, from, to) in parts {
        let start = route.leg_starts.get(from).copied().unwrap_or(0);
        let end = route.leg_starts.get(to).copied().unwrap_or(route.coords.len().saturating_sub(1));
        let Some(coords) = route.coords.get(start..=end.min(route.coords.len().saturating_sub(1))) else { continue };
        if coords.len() < 2 {
            continue;
        }
        let legs = &route.legs[from..to];
        let mode = LegMode::summary(legs);
        let waypoints = &route.waypoints[from..=to];
        let mut evidence: Vec<&str> = Vec::new();
        for e in waypoints.iter().filter_map(|w| w.evidence.as_deref()) {
            if !evidence.contains(&e) {
                evidence.push(e);
            }
        }
        let confidence = waypoints.iter().map(|w| w.confidence).sum::<f64>() / waypoints.len() as f64;
        out.push(feature(
            line_geometry(coords),
            props(&[
                ("document", json!(story.id)),
                ("role", json!("route")),
                ("name", json!(format!("{} → {}", waypoints[0].name, waypoints[waypoints.len() - 1].name))),
                ("status", json!(status)),
                ("mode", json!(mode)),
                ("waypoints", json!(waypoints.iter().map(|w| w.name.as_str()).collect::<Vec<_>>().join(" > "))),
                ("length_km", real(route.leg_km[from..to].iter().sum::<f64>())),
                ("confidence", real(confidence)),
                ("evidence", json!(evidence.join(" | "))),
            ]),
        ));
    }
    out
}

/// A Real field value, rounded to 3 decimals (always written with a decimal point).
fn real(x: f64) -> Value {
    let r = (x * 1000.0).round() / 1000.0;
    serde_json::Number::from_f64(r).map_or(Value::Null, Value::Number)
}

fn props(pairs: &[(&str, Value)]) -> JsonObject {
    pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()
}

fn feature(geometry: Geometry, properties: JsonObject) -> Feature {
    Feature { bbox: None, geometry: Some(geometry), id: None, properties: Some(properties), foreign_members: None }
}

/// A LineString, or a MultiLineString when the line crosses the antimeridian.
fn line_geometry(coords: &[(f64, f64)]) -> Geometry {
    let parts = split_antimeridian(coords);
    let round = |p: &[(f64, f64)]| p.iter().map(|&(x, y)| [round6(x), round6(y)]).collect::<Vec<_>>();
    if parts.len() == 1 {
        Geometry::new(GeometryValue::new_line_string(round(&parts[0])))
    } else {
        Geometry::new(GeometryValue::new_multi_line_string(parts.iter().map(|p| round(p))))
    }
}

/// Split a line wherever a step jumps more than 180° of longitude, ending one part at ±180
/// and starting the next at ∓180 at the interpolated latitude.
pub fn split_antimeridian(coords: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut parts: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
    for (i, &(lon, lat)) in coords.iter().enumerate() {
        if i > 0 {
            let (plon, plat) = coords[i - 1];
            if (lon - plon).abs() > 180.0 {
                let (edge, unwrapped) = if plon > 0.0 { (180.0, lon + 360.0) } else { (-180.0, lon - 360.0) };
                let t = if unwrapped == plon { 0.0 } else { (edge - plon) / (unwrapped - plon) };
                let cross_lat = plat + t * (lat - plat);
                if let Some(last) = parts.last_mut() {
                    last.push((edge, cross_lat));
                }
                parts.push(vec![(-edge, cross_lat)]);
            }
        }
        if let Some(last) = parts.last_mut() {
            last.push((lon, lat));
        }
    }
    parts.retain(|p| p.len() >= 2);
    if parts.is_empty() {
        parts.push(coords.to_vec());
    }
    parts
}

fn bbox(features: &[Feature]) -> Option<Vec<f64>> {
    let mut b = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
    let mut add = |p: &[f64]| {
        if let [x, y, ..] = p {
            b = [b[0].min(*x), b[1].min(*y), b[2].max(*x), b[3].max(*y)];
        }
    };
    for f in features {
        match f.geometry.as_ref().map(|g| &g.value) {
            Some(GeometryValue::Point { coordinates }) => add(coordinates.as_slice()),
            Some(GeometryValue::LineString { coordinates }) => coordinates.iter().for_each(|p| add(p.as_slice())),
            Some(GeometryValue::MultiLineString { coordinates }) => {
                coordinates.iter().flatten().for_each(|p| add(p.as_slice()))
            }
            _ => {}
        }
    }
    b[0].is_finite().then(|| b.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_at_the_antimeridian() {
        let rows: &[(&[(f64, f64)], usize)] = &[
            (&[(170.0, 50.0), (179.0, 50.0), (-179.0, 52.0), (-170.0, 52.0)], 2),
            (&[(-170.0, 10.0), (175.0, 10.0)], 2),
            (&[(10.0, 10.0), (20.0, 10.0)], 1),
        ];
        for (coords, n) in rows {
            let parts = split_antimeridian(coords);
            assert_eq!(parts.len(), *n, "{coords:?}");
            for p in &parts {
                assert!(p.iter().all(|(x, _)| (-180.0..=180.0).contains(x)), "{p:?}");
            }
        }
        let parts = split_antimeridian(&[(179.0, 50.0), (-179.0, 52.0)]);
        assert_eq!(parts[0].last(), Some(&(180.0, 51.0)));
        assert_eq!(parts[1].first(), Some(&(-180.0, 51.0)));
    }

    #[test]
    fn an_empty_story_list_is_an_empty_collection() {
        let bytes = to_bytes(&[]).expect("serialises");
        let v: Value = serde_json::from_slice(&bytes).expect("parses");
        assert_eq!(v["type"], "FeatureCollection");
        assert_eq!(v["features"], json!([]));
    }
}
