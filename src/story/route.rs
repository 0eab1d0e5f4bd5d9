//! Routes: the ordered waypoints of a journey, given explicitly (`"A > B > C"`) or inferred from
//! the travel phrases of a text (`super::infer`), and their geometry (rail graph where it knows
//! the corridor, densified geodesics elsewhere).
//!
//! Budgets keep route work bounded whatever the text: an inferred journey keeps at most
//! [`MAX_INFERRED_STOPS`] stops ([`Route::dropped_stops`] counts the rest), each network leg's
//! search is bounded by [`network::LEG_NODE_BUDGET`], and once a route has spent
//! [`ROUTE_TIME_BUDGET`] on network legs its remaining legs are geodesics. Every leg that falls
//! back says why in [`Route::leg_notes`].

use geo::Coord;
use serde::Serialize;

use super::geometry::{geodesic_line, length_km};
use super::mode::TravelMode;
use crate::gazetteer::{Gazetteer, Kind, LookupOptions, MatchKind, PlaceId};
use crate::model::round6;
use crate::network::{self, Avoid, Network, Passage};

/// Without a travel mode, a leg follows the railway only when the line runs roughly direct:
/// at most this many times the straight distance (plus [`DIRECT_SLACK_KM`]).
pub const DIRECT_RAIL_RATIO: f64 = 2.0;
/// Slack added to [`DIRECT_RAIL_RATIO`] times the straight distance, in km, so short legs may bend.
pub const DIRECT_SLACK_KM: f64 = 50.0;

/// An inferred journey keeps at most this many stops (the first, in journey order): a text
/// that names thousands of stops tells no one journey, and every leg costs a network search.
pub const MAX_INFERRED_STOPS: usize = 50;

/// Wall time one route may spend on network legs; later legs are drawn as geodesics, each
/// with a note.
pub const ROUTE_TIME_BUDGET: std::time::Duration = std::time::Duration::from_secs(5);

/// One stop of a route.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Waypoint {
    /// The stop's name as the route gives it.
    pub name: String,
    /// Longitude in degrees (WGS84).
    pub lon: f64,
    /// Latitude in degrees (WGS84).
    pub lat: f64,
    /// Gazetteer id; `None` for a pinned `Name@LAT,LON` waypoint.
    pub place_id: Option<PlaceId>,
    /// The story says this stop is still to come.
    pub planned: bool,
    /// The sentence that puts the place on the route (inferred routes only).
    pub evidence: Option<String>,
    /// How sure the inference is, in [0, 1]; 1 for explicit waypoints.
    pub confidence: f64,
    /// How the text says the traveller reached this stop (its sentence's mode words), if it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<TravelMode>,
    /// Who or what the text says travels to this stop ("Kim", "the train"), if it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub traveller: Option<String>,
}

impl Waypoint {
    /// Where the stop is (x = lon, y = lat).
    pub fn coord(&self) -> Coord {
        Coord { x: self.lon, y: self.lat }
    }
}

/// How a leg is drawn: along a network, or as a geodesic (a flight, a storm track, or a
/// fallback where no network reaches).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LegMode {
    /// Along the railway network.
    Rail,
    /// Along the sea-lane network.
    Sea,
    /// Along the road network.
    Road,
    /// A geodesic (shortest line on the ellipsoid).
    Geodesic,
}

impl LegMode {
    /// The mode's name (`rail`, `sea`, `road`, `geodesic`), as output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            LegMode::Rail => "rail",
            LegMode::Sea => "sea",
            LegMode::Road => "road",
            LegMode::Geodesic => "geodesic",
        }
    }

    /// Whether the leg follows a network.
    pub fn on_network(self) -> bool {
        self != LegMode::Geodesic
    }
}

/// How several legs are drawn together: the mode they share, or `Mixed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RouteMode {
    /// Every leg along the railway.
    Rail,
    /// Every leg along sea lanes.
    Sea,
    /// Every leg along roads.
    Road,
    /// No leg follows a network (or there are no legs).
    Geodesic,
    /// Some legs follow a network, others are geodesics or another network's.
    Mixed,
}

impl RouteMode {
    /// The mode the legs share, `Geodesic` when none is on a network, else `Mixed`.
    pub fn of(legs: &[LegMode]) -> RouteMode {
        match legs.split_first() {
            None => RouteMode::Geodesic,
            Some((first, rest)) if rest.iter().all(|m| m == first) => RouteMode::from(*first),
            _ if legs.iter().all(|m| !m.on_network()) => RouteMode::Geodesic,
            _ => RouteMode::Mixed,
        }
    }

    /// The lowercase name output uses.
    pub fn as_str(self) -> &'static str {
        match self {
            RouteMode::Rail => "rail",
            RouteMode::Sea => "sea",
            RouteMode::Road => "road",
            RouteMode::Geodesic => "geodesic",
            RouteMode::Mixed => "mixed",
        }
    }
}

impl From<LegMode> for RouteMode {
    fn from(leg: LegMode) -> RouteMode {
        match leg {
            LegMode::Rail => RouteMode::Rail,
            LegMode::Sea => RouteMode::Sea,
            LegMode::Road => RouteMode::Road,
            LegMode::Geodesic => RouteMode::Geodesic,
        }
    }
}

impl std::fmt::Display for RouteMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a route's legs are drawn: the travel mode (explicit, or the one inference guessed),
/// passages to avoid at sea, and whether networks are used at all.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Routing {
    /// `None`: the mode is unknown; legs follow the railway where it runs roughly direct.
    pub mode: Option<TravelMode>,
    /// Sea passages the sea legs must not use.
    pub avoid: Avoid,
    /// `false` draws every leg as a geodesic.
    pub networks: bool,
}

impl Default for Routing {
    fn default() -> Routing {
        Routing { mode: None, avoid: Avoid::default(), networks: true }
    }
}

impl Routing {
    /// Geodesic legs only.
    pub fn geodesic() -> Routing {
        Routing { networks: false, ..Routing::default() }
    }
}

/// Where a route came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RouteSource {
    /// Given by the user (`--route "A > B"`).
    Explicit,
    /// Inferred from the text's travel phrases.
    Inferred,
}

/// An ordered journey with its geometry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Route {
    /// Whether the user gave it or the text told it.
    pub source: RouteSource,
    /// The stops in travel order.
    pub waypoints: Vec<Waypoint>,
    /// One mode per leg (waypoint i to i + 1).
    pub legs: Vec<LegMode>,
    /// Length of each leg in km (along the network for network legs).
    pub leg_km: Vec<f64>,
    /// Per leg, why it fell back to a geodesic although a network mode was asked for.
    pub leg_notes: Vec<Option<String>>,
    /// The whole line (x = lon, y = lat); `leg_starts[i]` is the index in `coords` where leg i starts.
    pub coords: Vec<Coord>,
    /// Per leg, the index in `coords` where it starts.
    pub leg_starts: Vec<usize>,
    /// Total length in km, rounded to 0.1.
    pub length_km: f64,
    /// Mean confidence of the waypoints, in [0, 1].
    pub confidence: f64,
    /// How the journey is travelled, from its waypoints' modes ([`Route::mode`] says how it
    /// is drawn).
    pub travel_mode: Option<TravelMode>,
    /// Per leg, the named sea passages it goes through, in order.
    #[serde(skip)]
    pub leg_passages: Vec<Vec<Passage>>,
    /// Stops of the inferred journey left off by [`MAX_INFERRED_STOPS`].
    #[serde(skip)]
    pub dropped_stops: usize,
    /// Per leg, why the network could not route it (`None` for a routed or a geodesic leg).
    #[serde(skip)]
    pub leg_errors: Vec<Option<network::LegError>>,
    /// Legs drawn as geodesics because a budget ran out ([`network::LEG_NODE_BUDGET`],
    /// [`ROUTE_TIME_BUDGET`]); their notes say which.
    #[serde(skip)]
    pub over_budget: usize,
}

impl Route {
    /// The route of an inferred journey: its first [`MAX_INFERRED_STOPS`] stops.
    pub fn inferred(mut waypoints: Vec<Waypoint>, routing: &Routing) -> Route {
        let dropped = waypoints.len().saturating_sub(MAX_INFERRED_STOPS);
        waypoints.truncate(MAX_INFERRED_STOPS);
        Route { dropped_stops: dropped, ..Route::new(RouteSource::Inferred, waypoints, routing) }
    }

    /// A route through `waypoints` (at least two), each leg drawn as `routing` says.
    pub fn new(source: RouteSource, waypoints: Vec<Waypoint>, routing: &Routing) -> Route {
        let mut coords: Vec<Coord> = Vec::new();
        let (mut legs, mut leg_km, mut leg_notes, mut leg_starts) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut leg_passages, mut leg_errors, mut over_budget) = (Vec::new(), Vec::new(), 0);
        let deadline = std::time::Instant::now() + ROUTE_TIME_BUDGET;
        for pair in waypoints.windows(2) {
            let leg = leg_line(&pair[0], &pair[1], routing, deadline);
            leg_starts.push(coords.len().saturating_sub(1));
            for c in leg.coords {
                let c = Coord { x: round6(c.x), y: round6(c.y) };
                if coords.last() != Some(&c) {
                    coords.push(c);
                }
            }
            legs.push(leg.mode);
            leg_km.push((leg.km * 10.0).round() / 10.0);
            leg_notes.push(leg.note);
            leg_passages.push(leg.passages);
            leg_errors.push(leg.error);
            over_budget += usize::from(leg.over_budget);
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
            length_km: (leg_km.iter().sum::<f64>() * 10.0).round() / 10.0,
            waypoints,
            legs,
            leg_km,
            leg_notes,
            coords,
            leg_starts,
            confidence: (confidence * 1000.0).round() / 1000.0,
            leg_passages,
            leg_errors,
            dropped_stops: 0,
            over_budget,
        }
    }

    /// The mode of all legs ("rail", "sea", "road"), "geodesic", or "mixed".
    pub fn mode(&self) -> RouteMode {
        self.mode_between(0, self.legs.len())
    }

    /// How the legs from waypoint `from` to waypoint `to` are drawn.
    pub fn mode_between(&self, from: usize, to: usize) -> RouteMode {
        RouteMode::of(self.legs.get(from..to).unwrap_or_default())
    }

    /// "A > B > C".
    pub fn waypoint_names(&self) -> String {
        self.waypoints.iter().map(|w| w.name.as_str()).collect::<Vec<_>>().join(" > ")
    }
}

/// A leg's geometry, mode, length and, for a fallback, the reason.
struct LegLine {
    coords: Vec<Coord>,
    mode: LegMode,
    km: f64,
    note: Option<String>,
    passages: Vec<Passage>,
    over_budget: bool,
    error: Option<network::LegError>,
}

impl LegLine {
    fn with_error(self, e: network::LegError) -> LegLine {
        LegLine { error: Some(e), ..self }
    }
}

fn leg_line(a: &Waypoint, b: &Waypoint, routing: &Routing, deadline: std::time::Instant) -> LegLine {
    let (pa, pb) = (a.coord(), b.coord());
    let geodesic = |note: Option<String>| {
        let coords = geodesic_line(pa, pb);
        LegLine {
            km: length_km(&coords),
            coords,
            mode: LegMode::Geodesic,
            note,
            passages: Vec::new(),
            over_budget: false,
            error: None,
        }
    };
    // An explicit --mode wins; else the way the text says the traveller reached `b`.
    let travel = routing.mode.or(b.mode);
    let (kind, mode) = match travel {
        _ if !routing.networks => return geodesic(None),
        None | Some(TravelMode::Rail) => (network::Kind::Rail, LegMode::Rail),
        Some(TravelMode::Sea) => (network::Kind::Sea, LegMode::Sea),
        Some(TravelMode::Road) => (network::Kind::Road, LegMode::Road),
        Some(TravelMode::Air | TravelMode::Storm) => return geodesic(None),
    };
    if std::time::Instant::now() >= deadline {
        let secs = ROUTE_TIME_BUDGET.as_secs();
        let note = format!("{} > {}: the route's {secs} s budget for network legs is spent", a.name, b.name);
        return LegLine { over_budget: true, ..geodesic(Some(note)) };
    }
    let net = match Network::embedded(kind) {
        Ok(net) => net,
        Err(e) => return geodesic(Some(format!("the {kind} network: {e}"))),
    };
    match net.route_leg(pa.into(), pb.into(), routing.avoid) {
        Ok(leg) => {
            let straight = length_km(&[pa, pb]);
            if travel.is_none() && leg.km > DIRECT_RAIL_RATIO * straight + DIRECT_SLACK_KM {
                return geodesic(None);
            }
            LegLine {
                coords: leg.line.0,
                mode,
                km: leg.km,
                note: None,
                passages: leg.passages,
                over_budget: false,
                error: None,
            }
        }
        // Without an explicit mode, a leg off the railway is simply a straight leg.
        Err(e @ network::LegError::Budget { .. }) => {
            LegLine { over_budget: true, ..geodesic(Some(leg_note(&e, a, b))) }
        }
        Err(_) if travel.is_none() => geodesic(None),
        Err(e) => geodesic(Some(leg_note(&e, a, b))).with_error(e),
    }
}

/// "Ulaanbaatar is 660 km from the sea network …" from a leg error.
fn leg_note(e: &network::LegError, a: &Waypoint, b: &Waypoint) -> String {
    let text = e.to_string();
    match e {
        network::LegError::OffNetwork { end, .. } => {
            let name = if *end == network::End::From { &a.name } else { &b.name };
            text.replacen(if *end == network::End::From { "the start" } else { "the end" }, name, 1)
        }
        network::LegError::NoPath { .. } | network::LegError::Budget { .. } => {
            format!("{} > {}: {text}", a.name, b.name)
        }
    }
}

/// Errors in an explicit route.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RouteError {
    /// Fewer than two waypoints.
    #[error("a route needs at least two waypoints separated by '>', got {0:?}")]
    TooShort(String),
    /// A waypoint with no name (`A > > B`, `@10,20`).
    #[error("empty waypoint in route {0:?}")]
    EmptyWaypoint(String),
    /// A `Name@LAT,LON` waypoint whose coordinates do not parse or are out of range.
    #[error("waypoint {name:?}: {message}")]
    BadPin {
        /// The waypoint's name.
        name: String,
        /// What is wrong with its coordinates.
        message: String,
    },
    /// Stops the gazetteer knows no place for, or only by a near miss: a person named these
    /// places, so the route does not guess (unless asked to: [`resolve_explicit`]).
    #[error("{}", unmatched_text(.0))]
    Unmatched(Vec<UnmatchedStop>),
}

/// A stop of an explicit route no place matches well enough to draw without asking.
#[derive(Debug, Clone, PartialEq)]
pub struct UnmatchedStop {
    /// The stop as given.
    pub name: String,
    /// What the best guess would be and why it is only a guess (`None`: nothing at all).
    pub guess: Option<String>,
    /// Gazetteer names close to it, best first.
    pub suggestions: Vec<String>,
}

impl std::fmt::Display for UnmatchedStop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.guess {
            None => write!(f, "unknown waypoint {:?}", self.name)?,
            Some(guess) => write!(f, "waypoint {:?} matches no place exactly (best guess: {guess})", self.name)?,
        }
        f.write_str(&suggestion_text(&self.suggestions))
    }
}

fn unmatched_text(stops: &[UnmatchedStop]) -> String {
    stops.iter().map(UnmatchedStop::to_string).collect::<Vec<_>>().join("; ")
}

fn suggestion_text(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
}

/// Waypoints of an explicit route, and what a person should be told about them.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplicitRoute {
    /// The stops in order.
    pub waypoints: Vec<Waypoint>,
    /// One line per stop that was only guessed (with `accept_guesses`).
    pub warnings: Vec<String>,
}

/// How a stop was matched, as its waypoint's `evidence` says and its `confidence` weighs it:
/// `exact` and `folded` 1.0 and 0.95, `alternate` (another name or language) 0.8, `fuzzy` (a
/// near miss, or a qualifier nothing satisfied) at most 0.6, `pinned` (`Name@LAT,LON`) 1.0.
fn stop_match(m: &crate::gazetteer::Match<'_>, typed: &str, ignored: &[String]) -> (String, f64) {
    let quality: f64 = match m.kind {
        MatchKind::Exact => 1.0,
        MatchKind::Folded => 0.95,
        MatchKind::Alternate => 0.8,
        MatchKind::Fuzzy => 0.5,
    };
    let mut how = m.kind.as_str().to_string();
    if m.matched != m.place.name() && !m.matched.is_empty() {
        how.push_str(&format!(" ({})", m.matched));
    }
    if let Some(q) = &m.qualifier {
        how.push_str(&format!("; {q}"));
    }
    if !ignored.is_empty() {
        how = format!("fuzzy: {how}, ignoring {}", ignored.join(", "));
        return (format!("given as {typed:?}: {how}"), quality.min(0.5));
    }
    (format!("given as {typed:?}: {how}"), quality)
}

/// Parse and resolve `"A > B@LAT,LON > C"` as [`resolve_explicit`] does, refusing guesses.
pub fn parse_explicit(spec: &str, gaz: &Gazetteer) -> Result<Vec<Waypoint>, RouteError> {
    resolve_explicit(spec, gaz, false).map(|r| r.waypoints)
}

/// Parse and resolve `"A > B@LAT,LON > C"`: each name is looked up like `toponym lookup`
/// (structured names too: "Paris, Texas"), preferring places near the previous waypoint.
///
/// A person named these places, so a stop that only matches fuzzily (a near miss, or a
/// qualifier nothing satisfies) is an error naming it, with suggestions, like a stop that
/// matches nothing; `accept_guesses` takes the best guess instead, with a warning. Each
/// waypoint's `evidence` says how it was matched and its `confidence` weighs that.
pub fn resolve_explicit(spec: &str, gaz: &Gazetteer, accept_guesses: bool) -> Result<ExplicitRoute, RouteError> {
    let parts: Vec<&str> = spec.split('>').map(str::trim).collect();
    if parts.len() < 2 {
        return Err(RouteError::TooShort(spec.to_string()));
    }
    let mut out: Vec<Waypoint> = Vec::new();
    let (mut unmatched, mut warnings) = (Vec::new(), Vec::new());
    for part in parts {
        if part.is_empty() {
            return Err(RouteError::EmptyWaypoint(spec.to_string()));
        }
        if let Some((name, at)) = part.split_once('@') {
            let name = name.trim();
            let at = parse_pin(at).map_err(|message| RouteError::BadPin { name: name.to_string(), message })?;
            let (lon, lat) = at.x_y();
            if name.is_empty() {
                return Err(RouteError::EmptyWaypoint(spec.to_string()));
            }
            out.push(Waypoint {
                name: name.to_string(),
                lon,
                lat,
                place_id: None,
                planned: false,
                evidence: Some(format!("given as {part:?}: pinned")),
                confidence: 1.0,
                mode: None,
                traveller: None,
            });
            continue;
        }
        let near = out.last().map(|w| w.coord().into());
        let opts = LookupOptions { limit: 4, near, ..Default::default() };
        let found = gaz.search(part, &opts);
        let Some(best) = found.matches.first() else {
            unmatched.push(UnmatchedStop {
                name: part.to_string(),
                guess: None,
                suggestions: gaz.suggestions(part, 3),
            });
            continue;
        };
        let p = best.place;
        let (evidence, confidence) = stop_match(best, part, &found.ignored);
        if best.kind == MatchKind::Fuzzy || !found.ignored.is_empty() {
            let guess = format!("{}, {}", p.name(), p.country().unwrap_or("-"));
            if accept_guesses {
                warnings.push(format!("waypoint {part:?} is a guess: {guess} ({evidence})"));
            } else {
                let why = found.note.clone().map_or_else(|| "a near miss".to_string(), |n| n.replace('\n', " "));
                // The other near misses first: they are what the name most resembles.
                let mut suggestions: Vec<String> = Vec::new();
                for name in
                    found.matches[1..].iter().map(|m| m.place.name().to_string()).chain(gaz.suggestions(part, 3))
                {
                    if !suggestions.contains(&name) && name != p.name() && suggestions.len() < 3 {
                        suggestions.push(name);
                    }
                }
                unmatched.push(UnmatchedStop {
                    name: part.to_string(),
                    guess: Some(format!("{guess}, {why}")),
                    suggestions,
                });
                continue;
            }
        }
        out.push(Waypoint {
            name: p.name().to_string(),
            lon: round6(p.lon()),
            lat: round6(p.lat()),
            place_id: Some(p.id()),
            planned: false,
            evidence: Some(evidence),
            confidence,
            mode: None,
            traveller: None,
        });
    }
    if !unmatched.is_empty() {
        return Err(RouteError::Unmatched(unmatched));
    }
    Ok(ExplicitRoute { waypoints: out, warnings })
}

/// The "LAT,LON" after a waypoint's `@`, in degrees, in range.
fn parse_pin(s: &str) -> Result<geo::Point, String> {
    if !s.contains(',') {
        return Err(format!("expected Name@LAT,LON, got {s:?}"));
    }
    crate::parse::parse_lat_lon(s)
}

/// Kinds that can be a stop on a journey (not countries, regions or water).
pub fn is_stop_kind(k: Kind) -> bool {
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
}
