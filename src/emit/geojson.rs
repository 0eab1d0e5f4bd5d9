//! Stories → one RFC 7946 GeoJSON FeatureCollection (WGS84 lon/lat, 6 decimals), or an RFC 8142
//! GeoJSON text sequence (one feature per record).
//!
//! Feature order, per story in input order: route lines (travelled, then planned), launch
//! tracks, then places by role and first mention. Field types are the same in every feature
//! that has the field (Integer: `id`, `population`, `mentions`, `documents`; Real:
//! `confidence`, `length_km`; everything else String), so GIS software infers one type per
//! column. A feature of one document's story says which in `document`; a feature of a story
//! merged from several says in how many of them it appears in `documents`. A line that crosses
//! the antimeridian is split there into a MultiLineString (RFC 7946 §3.1.9). The collection
//! carries a `bbox` and a foreign member `documents` with per-document counts; features have
//! sequential ids (1, 2, …) that GDAL uses as the FID. Same stories in, same bytes out.
//!
//! [`StreamWriter`] writes features as stories arrive: a text sequence goes straight out; a
//! collection, whose `bbox` and `documents` come first, spools features and document counts to
//! two scratch buffers (temp files for the CLI) and copies them out at the end, so memory stays
//! bounded whatever the number of documents.

use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};

use ::geojson::{Feature, Geometry, GeometryValue, JsonObject};
use geo::Coord;
use serde_json::{json, Value};

use crate::model::round6;
use crate::story::{infer, Route, RouteSource, Story};

/// Writes stories' features as they arrive; see the module docs.
pub struct StreamWriter<W: Write, S: Read + Write + Seek> {
    out: W,
    /// (features, document counts) spools, for a collection; none for a text sequence.
    spools: Option<(BufWriter<S>, BufWriter<S>)>,
    features: u64,
    documents: u64,
    bbox: [f64; 4],
}

impl<W: Write, S: Read + Write + Seek> StreamWriter<W, S> {
    /// A collection written to `out` at [`finish`](Self::finish), spooled meanwhile to the two
    /// empty scratch buffers.
    pub fn collection(out: W, features: S, documents: S) -> Self {
        Self::new(out, Some((BufWriter::new(features), BufWriter::new(documents))))
    }

    /// An RFC 8142 text sequence written to `out` as features arrive (`S` is unused).
    pub fn sequence(out: W) -> Self {
        Self::new(out, None)
    }

    fn new(out: W, spools: Option<(BufWriter<S>, BufWriter<S>)>) -> Self {
        let bbox = [f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY];
        StreamWriter { out, spools, features: 0, documents: 0, bbox }
    }

    /// Count a document in the collection's `documents` member (its own story, before any
    /// merging).
    pub fn add_document(&mut self, story: &Story) -> io::Result<()> {
        let Some((_, docs)) = &mut self.spools else { return Ok(()) };
        let routes = story.route.as_ref().map_or(0, |r| route_features(story, r).len());
        let tracks = story.launches.iter().filter(|l| has_track(l)).count();
        let entry = json!({"id": story.id, "places": story.places.len(), "routes": routes, "launch_tracks": tracks});
        if self.documents > 0 {
            docs.write_all(b",")?;
        }
        serde_json::to_writer(&mut *docs, &entry)?;
        self.documents += 1;
        Ok(())
    }

    /// Write a story's features.
    pub fn add_features(&mut self, story: &Story) -> io::Result<()> {
        for mut f in story_features(story) {
            self.features += 1;
            f.id = Some(::geojson::feature::Id::Number(self.features.into()));
            if let Some(g) = &f.geometry {
                extend_bbox(&mut self.bbox, &g.value);
            }
            match &mut self.spools {
                Some((spool, _)) => {
                    spool.write_all(if self.features == 1 { b"\n" } else { b",\n" })?;
                    serde_json::to_writer(&mut *spool, &f)?;
                }
                None => {
                    self.out.write_all(b"\x1e")?;
                    serde_json::to_writer(&mut self.out, &f)?;
                    self.out.write_all(b"\n")?;
                }
            }
        }
        Ok(())
    }

    /// Write what is left (for a collection: all of it) and hand back the output.
    pub fn finish(mut self) -> io::Result<W> {
        if let Some((features, documents)) = self.spools.take() {
            let out = &mut self.out;
            out.write_all(b"{\"type\":\"FeatureCollection\",\n")?;
            if self.bbox[0].is_finite() {
                out.write_all(format!("\"bbox\":{},\n", serde_json::to_string(&self.bbox.to_vec())?).as_bytes())?;
            }
            out.write_all(b"\"documents\":[")?;
            copy_spool(documents, out)?;
            out.write_all(b"],\n\"features\":[")?;
            copy_spool(features, out)?;
            out.write_all(b"\n]}\n")?;
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

fn copy_spool<S: Read + Write + Seek>(spool: BufWriter<S>, out: &mut impl Write) -> io::Result<()> {
    let mut s = spool.into_inner().map_err(|e| e.into_error())?;
    s.seek(SeekFrom::Start(0))?;
    io::copy(&mut s, out)?;
    Ok(())
}

/// The collection as bytes: one feature per line, so diffs stay readable.
pub fn to_bytes(stories: &[Story]) -> Result<Vec<u8>, serde_json::Error> {
    let cursor = || io::Cursor::new(Vec::new());
    let mut w = StreamWriter::collection(Vec::new(), cursor(), cursor());
    for story in stories {
        w.add_document(story).map_err(serde_json::Error::io)?;
        w.add_features(story).map_err(serde_json::Error::io)?;
    }
    w.finish().map_err(serde_json::Error::io)
}

fn has_track(l: &crate::story::LaunchEvent) -> bool {
    l.track.len() >= 2 && l.end_name().is_some()
}

/// `document` (one document's story) or `documents` (how many of a merged story's documents
/// give the feature).
fn source(story: &Story, documents: u32) -> (&'static str, Value) {
    if story.documents > 1 {
        ("documents", json!(documents))
    } else {
        ("document", json!(story.id))
    }
}

/// A story's features in order, without ids.
pub fn story_features(story: &Story) -> Vec<Feature> {
    let mut features = Vec::new();
    if let Some(route) = &story.route {
        features.extend(route_features(story, route));
    }
    for l in story.launches.iter().filter(|l| has_track(l)) {
        let target = l.target.as_ref().map(|t| t.name.clone());
        let name = format!("{} → {}", l.origin.name, l.end_name().unwrap_or_default());
        features.push(feature(
            line_geometry(&l.track),
            props(&[
                source(story, l.documents),
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
    for p in &story.places {
        let mut properties = props(&[
            source(story, p.documents),
            ("id", json!(p.place.id)),
            ("name", json!(p.place.name)),
            ("kind", json!(p.place.kind_name())),
            ("role", json!(p.role.as_str())),
            ("country_code", json!(p.place.country_code)),
            ("admin1", json!(p.place.admin1)),
            ("population", json!(p.place.population)),
            ("mentions", json!(p.mentions)),
            ("confidence", real(p.confidence)),
            ("matched", json!(p.matched.join(" | "))),
        ]);
        // A country, state or province the journey names as a stop is drawn at its point but
        // is an area: say so.
        if p.role == crate::story::Role::Waypoint
            && matches!(p.place.kind, Some(crate::gazetteer::Kind::Country | crate::gazetteer::Kind::Admin1))
        {
            properties.insert("areal".into(), json!(true));
        }
        if p.place.user {
            properties.insert("source".into(), json!("user"));
        }
        features.push(feature(
            Geometry::new(GeometryValue::new_point([round6(p.place.lon), round6(p.place.lat)])),
            properties,
        ));
    }
    features
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
            vec![(route_status(route, route.waypoints.iter().skip(1).all(|w| w.planned)), 0, route.waypoints.len() - 1)]
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
        let mode = route.mode_between(from, to);
        let waypoints = &route.waypoints[from..=to];
        let mut evidence: Vec<&str> = Vec::new();
        for e in waypoints.iter().filter_map(|w| w.evidence.as_deref()) {
            if !evidence.contains(&e) {
                evidence.push(e);
            }
        }
        let confidence = waypoints.iter().map(|w| w.confidence).sum::<f64>() / waypoints.len() as f64;
        // Each leg says why it is drawn: the sentence that puts its end on the route, who
        // travels, whether it was travelled or is planned, and how.
        let legs: Vec<Value> = waypoints
            .windows(2)
            .map(|pair| {
                let (a, b) = (&pair[0], &pair[1]);
                json!({
                    "from": a.name,
                    "to": b.name,
                    "status": route_status(route, b.planned),
                    "travel_mode": b.mode.or(route.travel_mode).map(|m| m.as_str()),
                    "traveller": b.traveller.as_ref().or(a.traveller.as_ref()),
                    "evidence": b.evidence,
                })
            })
            .collect();
        let traveller = waypoints.iter().find_map(|w| w.traveller.as_deref());
        let travel_mode = infer::journey_mode(&waypoints[1..], || route.travel_mode);
        out.push(feature(
            line_geometry(coords),
            props(&[
                source(story, story.route_documents),
                ("role", json!("route")),
                ("name", json!(format!("{} → {}", waypoints[0].name, waypoints[waypoints.len() - 1].name))),
                ("status", json!(status)),
                ("mode", json!(mode)),
                ("waypoints", json!(waypoints.iter().map(|w| w.name.as_str()).collect::<Vec<_>>().join(" > "))),
                ("length_km", real(route.leg_km[from..to].iter().sum::<f64>())),
                ("confidence", real(confidence)),
                ("evidence", json!(evidence.join(" | "))),
                ("travel_mode", json!(travel_mode.map(|m| m.as_str()))),
                ("traveller", json!(traveller)),
                ("legs", Value::Array(legs)),
            ]),
        ));
    }
    out
}

/// A route part's or leg's status: given (explicit), planned (every stop it reaches is still to
/// come) or travelled.
fn route_status(route: &Route, planned: bool) -> &'static str {
    match route.source {
        RouteSource::Explicit => "given",
        RouteSource::Inferred if planned => "planned",
        RouteSource::Inferred => "travelled",
    }
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
fn line_geometry(coords: &[Coord]) -> Geometry {
    let parts = split_antimeridian(coords);
    let round = |p: &[Coord]| p.iter().map(|c| [round6(c.x), round6(c.y)]).collect::<Vec<_>>();
    if parts.len() == 1 {
        Geometry::new(GeometryValue::new_line_string(round(&parts[0])))
    } else {
        Geometry::new(GeometryValue::new_multi_line_string(parts.iter().map(|p| round(p))))
    }
}

/// Split a line wherever a step jumps more than 180° of longitude, ending one part at ±180
/// and starting the next at ∓180 at the interpolated latitude.
pub fn split_antimeridian(coords: &[Coord]) -> Vec<Vec<Coord>> {
    let mut parts: Vec<Vec<Coord>> = vec![Vec::new()];
    for (i, &Coord { x: lon, y: lat }) in coords.iter().enumerate() {
        if i > 0 {
            let Coord { x: plon, y: plat } = coords[i - 1];
            if (lon - plon).abs() > 180.0 {
                let (edge, unwrapped) = if plon > 0.0 { (180.0, lon + 360.0) } else { (-180.0, lon - 360.0) };
                let t = if unwrapped == plon { 0.0 } else { (edge - plon) / (unwrapped - plon) };
                let cross_lat = plat + t * (lat - plat);
                if let Some(last) = parts.last_mut() {
                    last.push(Coord { x: edge, y: cross_lat });
                }
                parts.push(vec![Coord { x: -edge, y: cross_lat }]);
            }
        }
        if let Some(last) = parts.last_mut() {
            last.push(Coord { x: lon, y: lat });
        }
    }
    parts.retain(|p| p.len() >= 2);
    if parts.is_empty() {
        parts.push(coords.to_vec());
    }
    parts
}

fn extend_bbox(b: &mut [f64; 4], g: &GeometryValue) {
    let mut add = |p: &[f64]| {
        if let [x, y, ..] = p {
            *b = [b[0].min(*x), b[1].min(*y), b[2].max(*x), b[3].max(*y)];
        }
    };
    match g {
        GeometryValue::Point { coordinates } => add(coordinates.as_slice()),
        GeometryValue::LineString { coordinates } => coordinates.iter().for_each(|p| add(p.as_slice())),
        GeometryValue::MultiLineString { coordinates } => coordinates.iter().flatten().for_each(|p| add(p.as_slice())),
        _ => {}
    }
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
            let coords: Vec<Coord> = coords.iter().map(|&c| c.into()).collect();
            let parts = split_antimeridian(&coords);
            assert_eq!(parts.len(), *n, "{coords:?}");
            for p in &parts {
                assert!(p.iter().all(|c| (-180.0..=180.0).contains(&c.x)), "{p:?}");
            }
        }
        let parts = split_antimeridian(&[(179.0, 50.0).into(), (-179.0, 52.0).into()]);
        assert_eq!(parts[0].last(), Some(&Coord { x: 180.0, y: 51.0 }));
        assert_eq!(parts[1].first(), Some(&Coord { x: -180.0, y: 51.0 }));
    }

    #[test]
    fn an_empty_story_list_is_an_empty_collection() {
        let bytes = to_bytes(&[]).expect("serialises");
        let v: Value = serde_json::from_slice(&bytes).expect("parses");
        assert_eq!(v["type"], "FeatureCollection");
        assert_eq!(v["features"], json!([]));
    }
}
