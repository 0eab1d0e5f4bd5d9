//! Stories → a Datawrapper locator map's markers: the JSON body of
//! `PUT https://api.datawrapper.de/v3/charts/<ID>/data` (`toponym geojson --format datawrapper`,
//! the page's "Datawrapper" export). A newsroom on Datawrapper gets the draft map as editable
//! markers.
//!
//! What is written, following Datawrapper's API guides "Adding Point Markers" and "Adding Line
//! & Arrow Markers" (`{"markers": [...]}`, ids `m1`, `m2`, … in drawing order):
//! - a `point` per place the map shows: `title` (its label), `coordinates` `[lon, lat]`,
//!   `icon` (`circle`, or a `diamond` for a launch point; `path` in 1000-unit glyph space,
//!   `horiz-adv-x`, `height`, `scale`), `scale`, `markerColor` (route red for stops, orange for
//!   launch sites, dark grey for places, transparent for label-only seas and regions),
//!   `markerSymbol` (a stop's number) and `markerTextColor`, `anchor`, `offsetX`, `offsetY`,
//!   `labelStyle`, `text` (`bold` for stops and capitals, `italic` for seas, `uppercase` and
//!   `space` for regions and countries, `color`, `fontSize`, `halo`), `rotate`, `visible`,
//!   `locked`, `preset`, `visibility`, `tooltip` (the note: "launch site", …) and a disabled
//!   `connectorLine`;
//! - a `line` per journey part: travelled legs solid (`stroke-dasharray` `100000`, as the API
//!   example), planned legs dashed (`6,4`), in the map's route red; `properties` carry
//!   `stroke`, `stroke-width`, `stroke-opacity`, `stroke-dasharray`; `feature` is a GeoJSON
//!   LineString (lon, lat, 5 decimals);
//! - an `arrow` per launch track, from its origin to where it points (arrow markers have a
//!   start and an end), dashed dark grey; its `title` is the track's note.
//!
//! Invariants: a pure function of the map input (same story, same bytes); every place, journey
//! part and track the map draws is one marker; coordinates are finite and rounded to 5 decimals.

use serde_json::{json, Value};

use super::png::{LineKind, MapInput, PointKind};

/// Datawrapper's circle glyph (the API guide's example icon).
const CIRCLE: &str =
    "M1000 350a500 500 0 0 0-500-500 500 500 0 0 0-500 500 500 500 0 0 0 500 500 500 500 0 0 0 500-500z";
/// A diamond in the same glyph box: the map's launch-point symbol.
const DIAMOND: &str = "M500-150L1000 350 500 850 0 350z";

const ROUTE_RED: &str = "#c8102e";
const LAUNCH_ORANGE: &str = "#e8710a";
const INK: &str = "#333333";
const TRACK_INK: &str = "#222222";
const HALO: &str = "#f2f3f0";
const SOLID: &str = "100000";
const DASHED: &str = "6,4";

fn round5(v: f64) -> f64 {
    (v * 1e5).round() / 1e5
}

/// The markers body for a map input (`story_map(stories).input`).
pub fn markers(input: &MapInput) -> Value {
    let mut out: Vec<Value> = Vec::new();
    for line in &input.lines {
        let coords: Vec<[f64; 2]> = line
            .coords
            .iter()
            .filter(|c| c.x.is_finite() && c.y.is_finite())
            .map(|c| [round5(c.x), round5(c.y)])
            .collect();
        if coords.len() < 2 {
            continue;
        }
        let marker = match line.kind {
            LineKind::Route | LineKind::PlannedRoute => {
                let planned = line.kind == LineKind::PlannedRoute;
                let title =
                    line.label.clone().unwrap_or_else(|| if planned { "Planned route" } else { "Route" }.into());
                json!({
                    "type": "line",
                    "title": title,
                    "visible": true,
                    "visibility": {"mobile": true, "desktop": true},
                    "properties": {
                        "stroke": ROUTE_RED,
                        "stroke-width": 3,
                        "stroke-opacity": 1,
                        "stroke-dasharray": if planned { DASHED } else { SOLID },
                    },
                    "feature": line_feature(coords),
                })
            }
            LineKind::LaunchTrack => {
                let ends = vec![coords[0], coords[coords.len() - 1]];
                json!({
                    "type": "arrow",
                    "title": line.label.clone().unwrap_or_else(|| "Launch track".into()),
                    "visible": true,
                    "visibility": {"mobile": true, "desktop": true},
                    "properties": {
                        "stroke": TRACK_INK,
                        "stroke-width": 2,
                        "stroke-opacity": 1,
                        "stroke-dasharray": DASHED,
                    },
                    "feature": line_feature(ends),
                })
            }
        };
        out.push(marker);
    }
    let mut seen: Vec<(&str, i64, i64)> = Vec::new();
    for p in &input.points {
        if !p.lon.is_finite() || !p.lat.is_finite() {
            continue;
        }
        let key = (p.label.as_str(), (p.lon * 1e3).round() as i64, (p.lat * 1e3).round() as i64);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        out.push(point(p));
    }
    for (i, m) in out.iter_mut().enumerate() {
        if let Value::Object(o) = m {
            o.insert("id".into(), Value::String(format!("m{}", i + 1)));
        }
    }
    json!({ "markers": out })
}

fn line_feature(coords: Vec<[f64; 2]>) -> Value {
    json!({
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "LineString", "coordinates": coords},
    })
}

fn point(p: &super::png::MapPoint) -> Value {
    let (color, symbol, icon, scale) = match &p.kind {
        PointKind::Waypoint { order } => (ROUTE_RED, order.to_string(), ("circle", CIRCLE), 1.1),
        PointKind::LaunchSite => {
            (LAUNCH_ORANGE, p.stop.map(|n| n.to_string()).unwrap_or_default(), ("circle", CIRCLE), 1.0)
        }
        PointKind::LaunchOrigin => (TRACK_INK, String::new(), ("diamond", DIAMOND), 0.8),
        PointKind::Capital => (INK, String::new(), ("circle", CIRCLE), 0.8),
        PointKind::City | PointKind::Place => (INK, String::new(), ("circle", CIRCLE), 0.6),
        // a port, plant, dam, bridge, crossing, peak, base or landmark
        PointKind::Site(_) => (INK, String::new(), ("diamond", DIAMOND), 0.7),
        // label only: a transparent marker
        PointKind::Sea | PointKind::Region | PointKind::Country => {
            ("#00000000", String::new(), ("circle", CIRCLE), 0.5)
        }
    };
    let bold = matches!(p.kind, PointKind::Waypoint { .. } | PointKind::Capital | PointKind::LaunchSite);
    let italic = matches!(p.kind, PointKind::Sea);
    let spaced = matches!(p.kind, PointKind::Region | PointKind::Country);
    let text_color = if italic { "#2f6690" } else { INK };
    json!({
        "type": "point",
        "title": p.label,
        "coordinates": [round5(p.lon), round5(p.lat)],
        "icon": {"id": icon.0, "path": icon.1, "horiz-adv-x": 1000, "height": 700, "scale": 1},
        "scale": scale,
        "markerColor": color,
        "markerSymbol": symbol,
        "markerTextColor": "#ffffff",
        "anchor": if spaced || italic { "middle-center" } else { "middle-left" },
        "offsetX": 0,
        "offsetY": 0,
        "labelStyle": "plain",
        "text": {
            "bold": bold,
            "italic": italic,
            "uppercase": spaced,
            "space": spaced,
            "color": text_color,
            "fontSize": if bold { 15 } else { 13 },
            "halo": HALO,
        },
        "rotate": 0,
        "visible": true,
        "locked": false,
        "preset": "-",
        "visibility": {"mobile": true, "desktop": true},
        "tooltip": {"text": p.note.clone().unwrap_or_default()},
        "connectorLine": {
            "enabled": false,
            "arrowHead": "lines",
            "type": "curveRight",
            "targetPadding": 3,
            "stroke": 1,
            "lineLength": 0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::png::{MapLine, MapPoint};
    use geo::Coord;

    #[test]
    fn points_lines_and_arrows_have_the_api_shape() {
        let c = |x: f64, y: f64| Coord { x, y };
        let input = MapInput {
            points: vec![
                MapPoint::new(125.7625, 39.0392, "Pyongyang", PointKind::Waypoint { order: 1 }),
                MapPoint::new(131.8869, 43.1155, "Vladivostok", PointKind::Waypoint { order: 2 }),
                MapPoint::new(131.8869, 43.1155, "Vladivostok", PointKind::City),
                MapPoint::new(125.693, 39.203, "Sunan", PointKind::LaunchOrigin),
                MapPoint::new(135.0, 40.0, "Sea of Japan", PointKind::Sea),
            ],
            lines: vec![
                MapLine {
                    coords: vec![c(125.7625, 39.0392), c(130.0, 42.0)],
                    kind: LineKind::Route,
                    label: Some("Rail route".into()),
                },
                MapLine {
                    coords: vec![c(130.0, 42.0), c(131.8869, 43.1155)],
                    kind: LineKind::PlannedRoute,
                    label: None,
                },
                MapLine {
                    coords: vec![c(125.693, 39.203), c(129.0, 40.0), c(133.2, 40.6)],
                    kind: LineKind::LaunchTrack,
                    label: Some("Missile test".into()),
                },
            ],
            ..MapInput::default()
        };
        let v = markers(&input);
        let m = v["markers"].as_array().expect("markers");
        assert_eq!(m.len(), 3 + 4, "three lines, four distinct points: {v:#}");
        let ids: Vec<&str> = m.iter().map(|x| x["id"].as_str().expect("id")).collect();
        assert_eq!(ids, ["m1", "m2", "m3", "m4", "m5", "m6", "m7"]);
        assert_eq!(m[0]["type"], "line");
        assert_eq!(m[0]["properties"]["stroke-dasharray"], SOLID);
        assert_eq!(m[1]["properties"]["stroke-dasharray"], DASHED, "planned legs are dashed");
        assert_eq!(m[0]["feature"]["geometry"]["type"], "LineString");
        assert_eq!(m[2]["type"], "arrow");
        assert_eq!(
            m[2]["feature"]["geometry"]["coordinates"],
            json!([[125.693, 39.203], [133.2, 40.6]]),
            "start and end"
        );
        let py = &m[3];
        assert_eq!((py["type"].as_str(), py["title"].as_str()), (Some("point"), Some("Pyongyang")));
        assert_eq!(py["coordinates"], json!([125.7625, 39.0392]), "lon, lat");
        assert_eq!(py["markerSymbol"], "1");
        assert!(py["icon"]["path"].as_str().is_some_and(|p| p.starts_with('M')));
        assert_eq!(m[5]["icon"]["id"], "diamond");
        assert_eq!(m[6]["text"]["italic"], true);
        assert_eq!(m[6]["markerColor"], "#00000000", "a sea is a label only");
    }
}
