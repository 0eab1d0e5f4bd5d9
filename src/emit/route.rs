//! A routed journey between named stops (`toponym route`, Python's `route()`) as GeoJSON.
//!
//! One LineString per leg (a MultiLineString where it crosses the antimeridian) with its
//! number, ends, mode, how it was drawn, length and named sea passages; one Point per stop with
//! its order, confidence and how its name was matched. The CLI and the Python binding both
//! write this value, so their outputs are the same bytes.

use serde_json::{json, Value};

use crate::coord::Coord;
use crate::emit::geojson::split_antimeridian;
use crate::network::LegError;
use crate::story::{Route, TravelMode};

/// The coordinates of leg `i`.
fn leg_coords(r: &Route, i: usize) -> &[Coord] {
    let start = r.leg_starts[i];
    let end = r.leg_starts.get(i + 1).copied().unwrap_or(r.coords.len() - 1);
    &r.coords[start..=end.max(start)]
}

/// The named passages leg `i` goes through, in order.
pub fn passages(r: &Route, i: usize) -> Vec<&'static str> {
    r.leg_passages.get(i).map_or_else(Vec::new, |ps| ps.iter().map(|p| p.as_str()).collect())
}

/// The first leg the network could not route at all (the passages an `--avoid` closed leave
/// it no way): its index and why. With `--avoid` such a leg is the answer "no route", not a
/// leg to draw as a geodesic.
pub fn blocked_leg(r: &Route) -> Option<(usize, &LegError)> {
    r.leg_errors.iter().enumerate().find_map(|(i, e)| match e {
        Some(e @ LegError::NoPath { .. }) => Some((i, e)),
        _ => None,
    })
}

fn line(coords: &[Coord]) -> Value {
    let parts = split_antimeridian(coords);
    let pts = |p: &[Coord]| p.iter().map(|c| json!([c.x, c.y])).collect::<Vec<_>>();
    if parts.len() == 1 {
        json!({"type": "LineString", "coordinates": pts(&parts[0])})
    } else {
        json!({"type": "MultiLineString", "coordinates": parts.iter().map(|p| pts(p)).collect::<Vec<_>>()})
    }
}

/// Kilometres to 0.1 km.
fn km(x: f64) -> Value {
    json!((x * 10.0).round() / 10.0)
}

/// The route as a GeoJSON FeatureCollection: legs, then stops (see the module docs).
pub fn feature_collection(r: &Route, mode: TravelMode) -> Value {
    let mut features = Vec::new();
    for (i, w) in r.waypoints.windows(2).enumerate() {
        features.push(json!({
            "type": "Feature",
            "geometry": line(leg_coords(r, i)),
            "properties": {
                "role": "leg",
                "leg": i + 1,
                "from": w[0].name,
                "to": w[1].name,
                "mode": mode.as_str(),
                "drawn": r.legs[i].as_str(),
                "on_network": r.legs[i].on_network(),
                "length_km": km(r.leg_km[i]),
                "note": r.leg_notes[i],
                "passages": passages(r, i),
            }
        }));
    }
    for (i, w) in r.waypoints.iter().enumerate() {
        features.push(json!({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [w.lon, w.lat]},
            "properties": {
                "role": "stop",
                "order": i + 1,
                "name": w.name,
                "confidence": w.confidence,
                "matched": w.evidence,
            },
        }));
    }
    json!({
        "type": "FeatureCollection",
        "properties": {
            "route": r.waypoint_names(),
            "mode": mode.as_str(),
            "length_km": km(r.length_km),
        },
        "features": features,
    })
}
