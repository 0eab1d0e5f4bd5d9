//! Routes: the ordered waypoints of a journey, given explicitly (`"A > B > C"`) or inferred from
//! the travel phrases of a text (`super::infer`), and their geometry (rail graph where it knows
//! the corridor, densified geodesics elsewhere).

use serde::Serialize;

use super::geometry::{geodesic_line, length_km};
use super::mode::TravelMode;
use super::rail::RailGraph;
use crate::gazetteer::{Gazetteer, Kind, LookupOptions};
use crate::model::round6;

/// A leg follows the rail graph when both ends lie within this distance of a junction.
pub const RAIL_SNAP_KM: f64 = 30.0;

/// One stop of a route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waypoint {
    pub name: String,
    pub lon: f64,
    pub lat: f64,
    /// Gazetteer id; `None` for a pinned `Name@LAT,LON` waypoint.
    pub place_id: Option<u32>,
    /// The story says this stop is still to come.
    pub planned: bool,
    /// The sentence that puts the place on the route (inferred routes only).
    pub evidence: Option<String>,
    /// How sure the inference is, in [0, 1]; 1 for explicit waypoints.
    pub confidence: f64,
    /// How the text says the traveller reached this stop (its sentence's mode words), if it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<TravelMode>,
}

/// How a leg is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LegMode {
    Rail,
    Geodesic,
}

/// Where a route came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RouteSource {
    Explicit,
    Inferred,
}

/// An ordered journey with its geometry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    pub source: RouteSource,
    pub waypoints: Vec<Waypoint>,
    /// One mode per leg (waypoint i to i + 1).
    pub legs: Vec<LegMode>,
    /// (lon, lat) of the whole line; `leg_starts[i]` is the index in `coords` where leg i starts.
    pub coords: Vec<(f64, f64)>,
    pub leg_starts: Vec<usize>,
    pub length_km: f64,
    pub confidence: f64,
    /// How the journey is travelled, from its waypoints' modes ([`Route::mode`] says how it
    /// is drawn).
    pub travel_mode: Option<TravelMode>,
}

impl Route {
    /// A route through `waypoints` (at least two) drawn over `rail` where it can be.
    pub fn new(source: RouteSource, waypoints: Vec<Waypoint>, rail: Option<&RailGraph>) -> Route {
        let mut coords: Vec<(f64, f64)> = Vec::new();
        let mut legs = Vec::new();
        let mut leg_starts = Vec::new();
        for pair in waypoints.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let (line, mode) = leg_line(a, b, rail);
            leg_starts.push(coords.len().saturating_sub(1));
            for c in line {
                let c = (round6(c.0), round6(c.1));
                if coords.last() != Some(&c) {
                    coords.push(c);
                }
            }
            legs.push(mode);
        }
        if coords.len() == 1 {
            coords.push(coords[0]);
        }
        let confidence = if waypoints.is_empty() {
            0.0
        } else {
            waypoints.iter().map(|w| w.confidence).sum::<f64>() / waypoints.len() as f64
        };
        Route {
            source,
            travel_mode: super::infer::journey_mode(&waypoints, || None),
            length_km: (length_km(&coords) * 10.0).round() / 10.0,
            waypoints,
            legs,
            coords,
            leg_starts,
            confidence: (confidence * 1000.0).round() / 1000.0,
        }
    }

    /// "rail", "geodesic" or "mixed".
    pub fn mode(&self) -> &'static str {
        let rail = self.legs.iter().filter(|m| **m == LegMode::Rail).count();
        match (rail, self.legs.len()) {
            (0, _) => "geodesic",
            (r, n) if r == n => "rail",
            _ => "mixed",
        }
    }

    /// "A > B > C".
    pub fn waypoint_names(&self) -> String {
        self.waypoints.iter().map(|w| w.name.as_str()).collect::<Vec<_>>().join(" > ")
    }
}

fn leg_line(a: &Waypoint, b: &Waypoint, rail: Option<&RailGraph>) -> (Vec<(f64, f64)>, LegMode) {
    if let Some(g) = rail {
        let na = g.nearest(a.lat, a.lon, RAIL_SNAP_KM);
        let nb = g.nearest(b.lat, b.lon, RAIL_SNAP_KM);
        if let (Some(na), Some(nb)) = (na, nb) {
            if na != nb {
                if let Some(path) = g.shortest_path(na, nb) {
                    let mut line = vec![(a.lon, a.lat)];
                    line.extend(path.iter().map(|&i| (g.nodes()[i].lon, g.nodes()[i].lat)));
                    line.push((b.lon, b.lat));
                    return (line, LegMode::Rail);
                }
            }
        }
    }
    (geodesic_line((a.lon, a.lat), (b.lon, b.lat)), LegMode::Geodesic)
}

/// Errors in an explicit route.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouteError {
    #[error("a route needs at least two waypoints separated by '>', got {0:?}")]
    TooShort(String),
    #[error("empty waypoint in route {0:?}")]
    EmptyWaypoint(String),
    #[error("waypoint {name:?}: {message}")]
    BadPin { name: String, message: String },
    #[error("unknown waypoint {name:?}{}", suggestion_text(.suggestions))]
    Unknown { name: String, suggestions: Vec<String> },
}

fn suggestion_text(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}

/// Parse and resolve `"A > B@LAT,LON > C"`: each name is looked up like `toponym lookup`,
/// preferring places near the previous waypoint.
pub fn parse_explicit(spec: &str, gaz: &Gazetteer) -> Result<Vec<Waypoint>, RouteError> {
    let parts: Vec<&str> = spec.split('>').map(str::trim).collect();
    if parts.len() < 2 {
        return Err(RouteError::TooShort(spec.to_string()));
    }
    let mut out: Vec<Waypoint> = Vec::new();
    for part in parts {
        if part.is_empty() {
            return Err(RouteError::EmptyWaypoint(spec.to_string()));
        }
        if let Some((name, at)) = part.split_once('@') {
            let name = name.trim();
            let (lat, lon) = parse_pin(at).map_err(|message| RouteError::BadPin { name: name.to_string(), message })?;
            if name.is_empty() {
                return Err(RouteError::EmptyWaypoint(spec.to_string()));
            }
            out.push(Waypoint {
                name: name.to_string(),
                lon,
                lat,
                place_id: None,
                planned: false,
                evidence: None,
                confidence: 1.0,
                mode: None,
            });
            continue;
        }
        let near = out.last().map(|w| (w.lat, w.lon));
        let opts = LookupOptions { limit: 1, near, ..Default::default() };
        let Some(best) = gaz.lookup(part, &opts).into_iter().next() else {
            return Err(RouteError::Unknown { name: part.to_string(), suggestions: gaz.suggestions(part, 3) });
        };
        let p = best.place;
        out.push(Waypoint {
            name: p.name().to_string(),
            lon: round6(p.lon()),
            lat: round6(p.lat()),
            place_id: Some(p.id()),
            planned: false,
            evidence: None,
            confidence: 1.0,
            mode: None,
        });
    }
    Ok(out)
}

/// "LAT,LON" in degrees, in range.
fn parse_pin(s: &str) -> Result<(f64, f64), String> {
    let (a, b) = s.split_once(',').ok_or_else(|| format!("expected Name@LAT,LON, got {s:?}"))?;
    let lat: f64 = a.trim().parse().map_err(|_| format!("bad latitude {:?}", a.trim()))?;
    let lon: f64 = b.trim().parse().map_err(|_| format!("bad longitude {:?}", b.trim()))?;
    if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
        return Err(format!("latitude {lat} is outside -90..90"));
    }
    if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("longitude {lon} is outside -180..180"));
    }
    Ok((lat, lon))
}

/// Kinds that can be a stop on a journey (not countries, regions or water).
pub fn is_stop_kind(kind: &str) -> bool {
    kind.parse::<Kind>().is_ok_and(|k| {
        matches!(
            k,
            Kind::City
                | Kind::Admin2
                | Kind::District
                | Kind::LaunchSite
                | Kind::RailStation
                | Kind::BorderCrossing
                | Kind::Airport
                | Kind::Island
                | Kind::Point
        )
    })
}
