//! The story a text tells, as geometry: its distinct places (with a role each), the launch sites
//! it names, the launches it reports, and the route it travels.
//!
//! Built from a text and its resolved mentions (`Resolver::resolve`); nothing here looks at
//! pixels or file formats, so the GeoJSON emitter and the map renderer read the same model.
//!
//! Invariants: places are distinct by gazetteer id and ordered by role, then first offset;
//! every coordinate is WGS84 `(lon, lat)` rounded to 6 decimals; the same input gives the same
//! story.

pub mod geometry;
pub mod launch;
pub mod mode;
pub mod route;
pub mod sentences;

use serde::Serialize;

pub use launch::LaunchEvent;
pub use mode::TravelMode;
pub use route::{LegMode, Route, RouteError, RouteSource, Routing, Waypoint};

use crate::gazetteer::Gazetteer;
use crate::model::{Mention, PlaceRef};
use sentences::Sentences;

/// Mentions resolved with less confidence than this are left off the story.
pub const MIN_CONFIDENCE: f64 = 0.5;

/// What a place is in the story. Order is precedence: a launch site that is also a waypoint
/// is shown as a launch site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    LaunchSite,
    LaunchOrigin,
    TargetArea,
    Waypoint,
    Place,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::LaunchSite => "launch_site",
            Role::LaunchOrigin => "launch_origin",
            Role::TargetArea => "target_area",
            Role::Waypoint => "waypoint",
            Role::Place => "place",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A distinct place of the story.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoryPlace {
    #[serde(flatten)]
    pub place: PlaceRef,
    pub role: Role,
    /// How many times the text names it (0 for a waypoint only the explicit route names).
    pub mentions: u32,
    /// Character offset of the first mention (the text's length when never mentioned).
    pub first_offset: usize,
    /// The distinct spellings the text uses, in order of first use.
    pub matched: Vec<String>,
    /// Highest confidence among its mentions.
    pub confidence: f64,
}

/// Which route to build.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum RouteChoice {
    /// Infer it from the text's travel phrases.
    #[default]
    Infer,
    /// No route.
    Off,
    /// These waypoints (from [`route::parse_explicit`]).
    Explicit(Vec<Waypoint>),
}

/// The story of one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Story {
    pub id: String,
    pub places: Vec<StoryPlace>,
    pub route: Option<Route>,
    pub launches: Vec<LaunchEvent>,
}

impl Story {
    /// Build the story of `text` from its resolved `mentions` (in text order). `routing` says
    /// how the route's legs are drawn (travel mode, passages to avoid, networks or geodesics).
    pub fn build(id: &str, text: &str, mentions: &[Mention], choice: &RouteChoice, routing: &Routing) -> Story {
        let sentences = Sentences::new(text);
        let text_len = text.chars().count();
        let launches = launch::find(mentions, &sentences);
        let waypoints = match choice {
            RouteChoice::Off => None,
            RouteChoice::Explicit(w) => Some((RouteSource::Explicit, w.clone())),
            RouteChoice::Infer => route::infer(mentions, &sentences, &|i| launch::is_launch_sentence(&sentences, i))
                .map(|w| (RouteSource::Inferred, w)),
        };
        let route = waypoints.filter(|(_, w)| w.len() >= 2).map(|(src, w)| Route::new(src, w, routing));

        let mut places: Vec<StoryPlace> = Vec::new();
        for m in mentions.iter().filter(|m| !m.adjective && m.confidence >= MIN_CONFIDENCE) {
            match places.iter_mut().find(|p| p.place.id == m.place.id) {
                Some(p) => {
                    p.mentions += 1;
                    p.confidence = p.confidence.max(m.confidence);
                    if !p.matched.contains(&m.text) {
                        p.matched.push(m.text.clone());
                    }
                }
                None => places.push(StoryPlace {
                    place: m.place.clone(),
                    role: Role::Place,
                    mentions: 1,
                    first_offset: m.start,
                    matched: vec![m.text.clone()],
                    confidence: m.confidence,
                }),
            }
        }
        // Waypoints the text never names (explicit routes) still get a point.
        if let Some(r) = &route {
            for w in &r.waypoints {
                let known = w.place_id.is_some_and(|id| places.iter().any(|p| p.place.id == id));
                if !known {
                    places.push(StoryPlace {
                        place: PlaceRef {
                            id: w.place_id.unwrap_or(0),
                            name: w.name.clone(),
                            lat: w.lat,
                            lon: w.lon,
                            kind: "waypoint",
                            country_code: None,
                            admin1: None,
                            population: 0,
                        },
                        role: Role::Waypoint,
                        mentions: 0,
                        first_offset: text_len,
                        matched: Vec::new(),
                        confidence: w.confidence,
                    });
                }
            }
        }
        for p in &mut places {
            let id = p.place.id;
            let mut role = Role::Place;
            if route.as_ref().is_some_and(|r| r.waypoints.iter().any(|w| w.place_id == Some(id))) {
                role = Role::Waypoint;
            }
            if launches.iter().any(|l| l.target.as_ref().is_some_and(|t| t.id == id)) {
                role = role.min(Role::TargetArea);
            }
            if launches.iter().any(|l| l.origin.id == id) {
                role = role.min(Role::LaunchOrigin);
            }
            if p.place.kind == "launch_site" {
                role = Role::LaunchSite;
            }
            if p.mentions == 0 {
                role = Role::Waypoint;
            }
            p.role = role;
        }
        places.sort_by_key(|p| (p.role, p.first_offset, p.place.id));
        Story { id: id.to_string(), places, route, launches }
    }

    /// The launch sites the text names.
    pub fn launch_sites(&self) -> impl Iterator<Item = &StoryPlace> {
        self.places.iter().filter(|p| p.role == Role::LaunchSite)
    }
}

/// Resolve a text and build its story in one call.
pub fn story_of(gaz: &Gazetteer, id: &str, text: &str, choice: &RouteChoice, routing: &Routing) -> Story {
    let mentions = crate::Resolver::new(gaz).resolve(text, &Default::default());
    Story::build(id, text, &mentions, choice, routing)
}

#[cfg(test)]
mod tests;
