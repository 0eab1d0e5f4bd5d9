//! The story a text tells, as geometry: its distinct places (with a role each), the launch sites
//! it names, the launches it reports, and the route it travels.
//!
//! Built from a text and its resolved mentions (`Resolver::resolve`); nothing here looks at
//! pixels or file formats, so the GeoJSON emitter and the map renderer read the same model.
//!
//! Stories of several documents about one event merge into one ([`merge::StoryMerger`]):
//! distinct places with summed mentions, one journey fused from every article's evidence, each
//! launch once.
//!
//! Invariants: places are distinct by gazetteer id and ordered by role, then first offset;
//! every coordinate is WGS84 `(lon, lat)` rounded to 6 decimals; the same input gives the same
//! story. Building a story is linear in the text (sentences are bounded, look-ups indexed).

pub mod corrections;
pub mod cues_lang;
pub mod geometry;
pub mod infer;
pub mod labels;
pub mod launch;
pub mod lexicon;
pub mod merge;
pub mod mode;
pub mod route;
pub mod sentences;

use serde::Serialize;

pub use infer::{Phase, Stop};
pub use launch::LaunchEvent;
pub use merge::StoryMerger;
pub use mode::TravelMode;
pub use route::{LegMode, Route, RouteError, RouteMode, RouteSource, Routing, Waypoint};

use crate::gazetteer::{Gazetteer, Kind, PlaceId};
use crate::model::{Mention, PlaceRef};
use sentences::Sentences;

/// Mentions resolved with less confidence than this are left off the story.
pub const MIN_CONFIDENCE: f64 = 0.5;

/// At most this many distinct spellings are kept per place.
pub const MAX_SPELLINGS: usize = 8;

/// What a place is in the story. Order is precedence: a launch site that is also a waypoint
/// is shown as a launch site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A gazetteer launch site (cosmodrome, test range).
    LaunchSite,
    /// The place a launch is reported from.
    LaunchOrigin,
    /// Where a launch is aimed or lands.
    TargetArea,
    /// A stop of the route.
    Waypoint,
    /// Any other place the text names.
    Place,
}

impl Role {
    /// The role's name as output writes it (`launch_site`, `waypoint`, …).
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
    /// The gazetteer place.
    #[serde(flatten)]
    pub place: PlaceRef,
    /// What it is in the story.
    pub role: Role,
    /// How many times the text names it (0 for a waypoint only the explicit route names).
    pub mentions: u32,
    /// Character offset of the first mention (the text's length when never mentioned).
    pub first_offset: usize,
    /// The distinct spellings the text uses, in order of first use.
    pub matched: Vec<String>,
    /// Highest confidence among its mentions.
    pub confidence: f64,
    /// How many documents name it (1 in one document's story).
    pub documents: u32,
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

/// The story of one document, or of several merged.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Story {
    /// The document's id (the first document's for a merged story).
    pub id: String,
    /// Its distinct places, ordered by role, then first mention.
    pub places: Vec<StoryPlace>,
    /// The journey it tells, if any.
    pub route: Option<Route>,
    /// The launches it reports.
    pub launches: Vec<LaunchEvent>,
    /// How many documents the story is built from.
    pub documents: u32,
    /// How many of them give evidence for the route.
    pub route_documents: u32,
    /// Every stop the text gives (also a lone one, which makes no route but may join another
    /// article's journey when stories merge), in journey order.
    #[serde(skip)]
    pub stops: Vec<Stop>,
    /// The mode the text as a whole implies (set when it gives stops).
    #[serde(skip)]
    pub text_mode: Option<TravelMode>,
    /// Length of the text in chars (of all texts, for a merged story).
    #[serde(skip)]
    pub text_chars: usize,
}

impl Story {
    /// Build the story of `text` from its resolved `mentions` (in text order). `routing` says
    /// how the route's legs are drawn (travel mode, passages to avoid, networks or geodesics).
    pub fn build(id: &str, text: &str, mentions: &[Mention], choice: &RouteChoice, routing: &Routing) -> Story {
        Story::build_in(id, text, mentions, choice, routing, crate::Lang::detect(text))
    }

    /// [`Story::build`] for a text in `lang` (as given with `--lang`, or detected): the travel
    /// cues of that language make the route ([`cues_lang`]; English's where it has none).
    pub fn build_in(
        id: &str,
        text: &str,
        mentions: &[Mention],
        choice: &RouteChoice,
        routing: &Routing,
        lang: crate::Lang,
    ) -> Story {
        let sentences = Sentences::new(text);
        let cues = cues_lang::Cues::of(lang);
        let text_len = text.chars().count();
        let launches = launch::find(mentions, &sentences);
        let stops = match choice {
            RouteChoice::Infer => match cues {
                Some(c) => c.stops(mentions, &sentences, &|i| launch::is_launch_sentence(&sentences, i)),
                None => infer::stops(mentions, &sentences, &|i| launch::is_launch_sentence(&sentences, i)),
            },
            _ => Vec::new(),
        };
        let text_mode = match (stops.is_empty(), cues) {
            (true, _) => None,
            (false, Some(c)) => c.mode_of(&text.to_lowercase()),
            (false, None) => infer::mode_of(&text.to_lowercase()),
        };
        let waypoints = match choice {
            RouteChoice::Off => None,
            RouteChoice::Explicit(w) => Some((RouteSource::Explicit, w.clone())),
            RouteChoice::Infer => infer::journey(&stops).map(|w| (RouteSource::Inferred, w)),
        };
        let route = waypoints.filter(|(_, w)| w.len() >= 2).map(|(src, mut w)| {
            infer::fill_modes(&mut w, text_mode);
            match src {
                RouteSource::Inferred => Route::inferred(w, routing),
                RouteSource::Explicit => Route::new(src, w, routing),
            }
        });

        let mut places: Vec<StoryPlace> = Vec::new();
        let mut index: rustc_hash::FxHashMap<PlaceId, usize> = Default::default();
        // A place the route goes through is in the story even when the resolver was unsure of
        // it: the travel cue that made it a stop says it is a place.
        let on_route: rustc_hash::FxHashSet<PlaceId> =
            route.iter().flat_map(|r| r.waypoints.iter().filter_map(|w| w.place_id)).collect();
        for m in mentions
            .iter()
            .filter(|m| !m.adjective && (m.confidence >= MIN_CONFIDENCE || on_route.contains(&m.place.id)))
        {
            match index.get(&m.place.id) {
                Some(&i) => {
                    let p = &mut places[i];
                    p.mentions += 1;
                    p.confidence = p.confidence.max(m.confidence);
                    if p.matched.len() < MAX_SPELLINGS && !p.matched.contains(&m.text) {
                        p.matched.push(m.text.clone());
                    }
                }
                None => {
                    index.insert(m.place.id, places.len());
                    places.push(StoryPlace {
                        place: m.place.clone(),
                        role: Role::Place,
                        mentions: 1,
                        first_offset: m.start,
                        matched: vec![m.text.clone()],
                        confidence: m.confidence,
                        documents: 1,
                    });
                }
            }
        }
        let route_documents = u32::from(route.is_some());
        let mut story = Story {
            id: id.to_string(),
            places,
            route,
            launches,
            documents: 1,
            route_documents,
            stops,
            text_mode,
            text_chars: text_len,
        };
        story.assign_roles(text_len);
        story
    }

    /// Give every place its role from the route and launches, add a point for each waypoint the
    /// text never names (explicit routes), and order the places (by role, then `first_offset`).
    fn assign_roles(&mut self, unnamed_offset: usize) {
        if let Some(r) = &self.route {
            for w in &r.waypoints {
                let known = w.place_id.is_some_and(|id| self.places.iter().any(|p| p.place.id == id));
                if !known {
                    self.places.push(StoryPlace {
                        place: PlaceRef {
                            id: w.place_id.unwrap_or(PlaceId(0)),
                            name: w.name.clone(),
                            lat: w.lat,
                            lon: w.lon,
                            kind: None,
                            country_code: None,
                            admin1: None,
                            population: 0,
                            user: false,
                        },
                        role: Role::Waypoint,
                        mentions: 0,
                        first_offset: unnamed_offset,
                        matched: Vec::new(),
                        confidence: w.confidence,
                        documents: 0,
                    });
                }
            }
        }
        let on_route: rustc_hash::FxHashSet<PlaceId> =
            self.route.iter().flat_map(|r| r.waypoints.iter().filter_map(|w| w.place_id)).collect();
        let targets: rustc_hash::FxHashSet<PlaceId> =
            self.launches.iter().filter_map(|l| l.target.as_ref().map(|t| t.id)).collect();
        let origins: rustc_hash::FxHashSet<PlaceId> = self.launches.iter().map(|l| l.origin.id).collect();
        for p in &mut self.places {
            let id = p.place.id;
            let mut role = Role::Place;
            if on_route.contains(&id) {
                role = Role::Waypoint;
            }
            if targets.contains(&id) {
                role = role.min(Role::TargetArea);
            }
            if origins.contains(&id) {
                role = role.min(Role::LaunchOrigin);
            }
            if p.place.kind == Some(Kind::LaunchSite) {
                role = Role::LaunchSite;
            }
            if p.mentions == 0 {
                role = Role::Waypoint;
            }
            p.role = role;
        }
        self.places.sort_by_key(|p| (p.role, p.first_offset, p.place.id));
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
