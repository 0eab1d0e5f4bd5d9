//! Stories → the renderer's neutral [`MapInput`], so a `map` command draws what `geojson`
//! writes: the same places, roles, route and launch tracks, framed on the story.
//!
//! Several stories (one per document) make one map: places are merged by gazetteer id (mentions
//! summed), identical routes and launch tracks are drawn once. Route waypoints are numbered in
//! travel order; a launch track carries its target as the note drawn at its end. Countries of
//! the places shown are tinted.
//!
//! Two rules decide what the map shows (see [`story_map`]):
//! - **Framing.** The story's core is its journey, launch sites, launch origins and tracks
//!   (the anchors), and the places near them. A place is in the core when it lies within the
//!   core radius of the anchors' weighted medoid (or, without anchors, of all places'), or when
//!   it carries a large share of the story's weight (mentions × role). Only core points widen
//!   the frame; a place named once far from the rest is a context point at most.
//! - **Display.** Calibrated on LGL and GeoVirus (`scripts/calibrate_map_display.py`; a place
//!   counts as right when the corpus marks it within 161 km): in the core, places at confidence
//!   0.4–0.5 are right 38 % of the time and those below 22 %; outside it, 33–45 % from 0.8 but
//!   14 % at 0.7–0.8. So an anchor is always shown, a core place from [`MIN_CORE_CONFIDENCE`], a
//!   far place only as context from [`MIN_FAR_CONFIDENCE`] (and only if the frame holds it
//!   anyway); everything left off is listed with the reason. Against the old fixed cut at 0.5
//!   this shows 3,061 instead of 3,183 places with the same number right (2,028 vs 2,035):
//!   precision 0.663 instead of 0.639, and no place coherent with the story lost to the cut.
//!
//! Invariants: the same stories give the same input; every place of the stories is either a
//! point of the input or an entry of [`StoryMap::dropped`] (countries, oceans and continents
//! are tints and basemap names, not points).

use std::collections::HashMap;

use geo::Coord;

use super::png::projection::great_circle_km;
use super::png::{Dropped, LineKind, MapInput, MapLine, MapPoint, PointKind, SiteSymbol};
use crate::gazetteer::{fold_name, Kind, PlaceId};
use crate::story::{geometry, LaunchEvent, Role, Route, RouteMode, Story, StoryPlace, Waypoint};

/// A core place is shown from this confidence on.
pub const MIN_CORE_CONFIDENCE: f64 = 0.4;
/// A place outside the core is kept (as context) from this confidence on.
pub const MIN_FAR_CONFIDENCE: f64 = 0.8;
/// A place with this share of the story's weight (and named at least twice) is core wherever
/// it is: a story about two distant capitals frames both.
const STRONG_SHARE: f64 = 0.2;
/// Candidates for the medoid: the heaviest places only, so the rule stays linear in places.
const MEDOID_POOL: usize = 300;

/// What the map shows of some stories, and what it leaves off.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StoryMap {
    /// What the renderer draws: lines, points, tinted countries, title.
    pub input: MapInput,
    /// Places left off by the display rule, with the reason.
    pub dropped: Vec<Dropped>,
}

impl From<&Story> for MapInput {
    fn from(story: &Story) -> MapInput {
        story_map(std::slice::from_ref(story)).input
    }
}

/// A place merged across stories.
struct Merged<'a> {
    first: &'a StoryPlace,
    mentions: u32,
    confidence: f64,
    role: Role,
    matched: Vec<String>,
}

impl Merged<'_> {
    fn pos(&self) -> Coord {
        self.first.place.coord()
    }
    fn is_area(&self) -> bool {
        matches!(self.first.place.kind, Some(Kind::Country | Kind::Ocean | Kind::Continent))
    }
    fn is_anchor(&self) -> bool {
        self.role != Role::Place
    }
    /// Mentions × role: the journey and launches count three times, a target area twice, and
    /// a region or a sea (a point standing for an area) half.
    fn weight(&self) -> f64 {
        let role = match self.role {
            Role::LaunchSite | Role::LaunchOrigin | Role::Waypoint => 3.0,
            Role::TargetArea => 2.0,
            Role::Place => 1.0,
        };
        let area = if matches!(point_kind(self.role, self.first.place.kind, None), PointKind::Region | PointKind::Sea) {
            0.5
        } else {
            1.0
        };
        f64::from(self.mentions.max(1)) * role * area
    }
}

fn merge(stories: &[Story]) -> Vec<Merged<'_>> {
    let mut out: Vec<Merged> = Vec::new();
    let mut index: HashMap<(PlaceId, &str), usize> = HashMap::new();
    for p in stories.iter().flat_map(|s| &s.places) {
        // explicit waypoints without a gazetteer id (id 0) are told apart by name
        let key = (p.place.id, if p.place.id == PlaceId(0) { p.place.name.as_str() } else { "" });
        match index.get(&key) {
            Some(&i) => {
                let m = &mut out[i];
                m.mentions += p.mentions;
                m.confidence = m.confidence.max(p.confidence);
                m.role = m.role.min(p.role);
                for s in &p.matched {
                    if !m.matched.contains(s) {
                        m.matched.push(s.clone());
                    }
                }
            }
            None => {
                index.insert(key, out.len());
                out.push(Merged {
                    first: p,
                    mentions: p.mentions,
                    confidence: p.confidence,
                    role: p.role,
                    matched: p.matched.clone(),
                });
            }
        }
    }
    out
}

fn point_kind(role: Role, kind: Option<Kind>, order: Option<usize>) -> PointKind {
    match (role, kind) {
        (Role::LaunchSite, _) => PointKind::LaunchSite,
        (Role::LaunchOrigin, _) => PointKind::LaunchOrigin,
        (Role::Waypoint, _) => match order {
            Some(i) => PointKind::Waypoint { order: i as u32 + 1 },
            None => PointKind::City,
        },
        (_, Some(Kind::Country)) => PointKind::Country,
        (_, Some(Kind::Admin1 | Kind::Admin2 | Kind::Region | Kind::Continent | Kind::MountainRange)) => {
            PointKind::Region
        }
        (_, Some(k)) if k.is_water() => PointKind::Sea,
        (_, Some(Kind::City)) => PointKind::City,
        (_, Some(k)) => SiteSymbol::of(k).map_or(PointKind::Place, PointKind::Site),
        _ => PointKind::Place,
    }
}

/// The core of a set of weighted points: its centre and the distance (km) within which a point
/// belongs to it.
struct Core {
    centre: Coord,
    limit_km: f64,
}

impl Core {
    /// Around the `anchors` (positions that are the story by definition) when there are any:
    /// centre their weighted medoid, radius their farthest one. Without anchors, around all
    /// `places`: centre their weighted medoid, radius the distance that holds 60 % of their
    /// weight. A point is core up to 1.5 radii, or the radius plus 300 km.
    fn of(anchors: &[(Coord, f64)], places: &[(Coord, f64)]) -> Option<Core> {
        let pool = if anchors.is_empty() { places } else { anchors };
        let centre = medoid(pool)?;
        let radius = if anchors.is_empty() {
            let mut by_distance: Vec<(f64, f64)> =
                places.iter().map(|&(p, w)| (great_circle_km(centre, p), w)).collect();
            by_distance.sort_by(|a, b| a.0.total_cmp(&b.0));
            let total: f64 = places.iter().map(|p| p.1).sum();
            let mut acc = 0.0;
            let mut r = 0.0;
            for (d, w) in by_distance {
                acc += w;
                r = d;
                if acc >= 0.6 * total {
                    break;
                }
            }
            r
        } else {
            anchors.iter().map(|&(p, _)| great_circle_km(centre, p)).fold(0.0, f64::max)
        };
        Some(Core { centre, limit_km: (1.5 * radius).max(radius + 300.0) })
    }

    fn holds(&self, p: Coord) -> bool {
        great_circle_km(self.centre, p) <= self.limit_km
    }
}

/// The point of `pool` with the least weighted distance to the others (the first on ties),
/// chosen among the `MEDOID_POOL` heaviest.
fn medoid(pool: &[(Coord, f64)]) -> Option<Coord> {
    let mut heavy: Vec<usize> = (0..pool.len()).collect();
    heavy.sort_by(|&a, &b| pool[b].1.total_cmp(&pool[a].1).then(a.cmp(&b)));
    heavy.truncate(MEDOID_POOL);
    heavy.sort_unstable();
    let cost = |i: usize| heavy.iter().map(|&j| pool[j].1 * great_circle_km(pool[i].0, pool[j].0)).sum::<f64>();
    let best = heavy.iter().map(|&i| (cost(i), i)).min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))?;
    Some(pool[best.1].0)
}

/// The map of one or more stories (see the module docs for the framing and display rules).
pub fn story_map(stories: &[Story]) -> StoryMap {
    let mut input = MapInput::default();
    let mut dropped = Vec::new();

    // ---- lines: each route and launch track once ----
    // longest journeys first; one whose stops all lie, in order, on a journey already drawn
    // (Pyongyang > Vostochny beside Pyongyang > Khasan > Vostochny) adds nothing
    let mut all_routes: Vec<&Route> = stories.iter().filter_map(|s| s.route.as_ref()).collect();
    all_routes.sort_by_key(|r| std::cmp::Reverse(r.waypoints.len()));
    let mut routes: Vec<&Route> = Vec::new();
    let mut anchors: Vec<(Coord, f64)> = Vec::new();
    for route in all_routes {
        if routes.iter().any(|r| stops_within(route, r)) {
            continue;
        }
        routes.push(route);
        let label = match route.mode() {
            RouteMode::Rail => "Rail route",
            RouteMode::Sea => "Sea route",
            RouteMode::Road => "Road route",
            RouteMode::Mixed => "Route (network and direct)",
            RouteMode::Geodesic => "Route",
        };
        anchors.extend(route.waypoints.iter().map(|w| (w.coord(), 3.0)));
        let (travelled, planned) = split_planned(route);
        if travelled.len() >= 2 {
            input.lines.push(MapLine { coords: travelled.to_vec(), kind: LineKind::Route, label: Some(label.into()) });
        }
        for piece in without_retraced(planned) {
            input.lines.push(MapLine { coords: piece, kind: LineKind::PlannedRoute, label: None });
        }
    }
    // tracks with a target first: of two reports of one launch, the one that says where to
    let mut launches: Vec<&LaunchEvent> =
        stories.iter().flat_map(|s| &s.launches).filter(|l| l.track.len() >= 2).collect();
    launches.sort_by_key(|l| l.target.is_none());
    let mut tracks: Vec<&LaunchEvent> = Vec::new();
    for l in launches {
        if tracks.iter().any(|t| same_launch(t, l)) {
            continue;
        }
        tracks.push(l);
        anchors.extend([l.track[0], l.track[l.track.len() - 1]].map(|p| (p, 3.0)));
        input.lines.push(MapLine {
            coords: l.track.clone(),
            kind: LineKind::LaunchTrack,
            label: l.target.as_ref().map(|t| t.name.clone()),
        });
    }

    // ---- places: merged, then framed and filtered ----
    let places = merge(stories);
    let candidates: Vec<&Merged> = places.iter().filter(|m| !m.is_area()).collect();
    anchors.extend(candidates.iter().filter(|m| m.is_anchor()).map(|m| (m.pos(), m.weight())));
    let weighted: Vec<(Coord, f64)> = candidates.iter().map(|m| (m.pos(), m.weight())).collect();
    let total: f64 = weighted.iter().map(|p| p.1).sum();
    let core = Core::of(&anchors, &weighted);
    let in_core = |m: &Merged| {
        m.is_anchor()
            || core.as_ref().is_none_or(|c| c.holds(m.pos()))
            || (m.mentions >= 2 && m.weight() >= STRONG_SHARE * total)
    };

    for m in &places {
        let p = m.first;
        if matches!(p.place.kind, Some(Kind::Ocean | Kind::Continent)) {
            dropped.push(Dropped {
                text: p.place.name.clone(),
                why: "an ocean or continent: too large for a point".into(),
            });
            continue;
        }
        if p.place.kind == Some(Kind::Country) {
            // the basemap names countries, and the story's are tinted; the renderer lists a
            // named country whose name it could not draw in the layout's `dropped`
            if let Some(cc) = &p.place.country_code {
                if !input.named_countries.iter().any(|(c, _)| c == cc) {
                    input.named_countries.push((cc.clone(), p.place.name.clone()));
                }
            }
            continue;
        }
        let core_place = in_core(m);
        if !m.is_anchor() {
            let (min, where_) =
                if core_place { (MIN_CORE_CONFIDENCE, "") } else { (MIN_FAR_CONFIDENCE, ", far from the story") };
            if m.confidence < min {
                let why = format!("low confidence ({:.2}){where_}", m.confidence);
                dropped.push(Dropped { text: p.place.name.clone(), why });
                continue;
            }
        }
        let order = routes.iter().find_map(|r| {
            r.waypoints
                .iter()
                .position(|w| w.place_id == Some(p.place.id) || (w.place_id.is_none() && w.name == p.place.name))
        });
        // a stop of a drawn journey is shown as a numbered stop, even where another report
        // launched from it (the launch track, if any, still starts there)
        let role = if order.is_some() && m.role != Role::LaunchSite { Role::Waypoint } else { m.role };
        let kind = point_kind(role, p.place.kind, order);
        // a launch site that is also a stop keeps its rocket and gets its stop number beside it
        let stop = match (&kind, order) {
            (PointKind::Waypoint { .. }, _) | (_, None) => None,
            (_, Some(i)) => Some(i as u32 + 1),
        };
        let importance = match m.role {
            Role::Place => (0.3 + 0.05 * m.mentions as f32).min(0.7),
            _ => 0.9,
        };
        // A place the text also calls by another name is labelled with both, so readers
        // find the story's word on the map: "Sea of Japan (East Sea)". Not a spelling of the
        // same name ("Bab el-Mandeb" for Bab-el-Mandeb): the label would say it twice.
        let folded_name = fold_name(&p.place.name);
        let other = m.matched.iter().find(|s| {
            let s = fold_name(s);
            !s.is_empty() && !folded_name.contains(&s) && !s.contains(&folded_name)
        });
        let label = match other {
            Some(o) if kind == PointKind::Sea => format!("{} ({o})", p.place.name),
            _ => p.place.name.clone(),
        };
        let mut point = MapPoint::new(p.place.lon, p.place.lat, &label, kind).importance(importance);
        point.stop = stop;
        if !core_place {
            point = point.context();
        }
        match p.place.kind {
            Some(Kind::LaunchSite) => point = point.note("launch site"),
            Some(Kind::BorderCrossing) => point = point.note("border crossing"),
            _ => {}
        }
        input.points.push(point);
        if let Some(cc) = p.place.country_code.as_ref().filter(|_| core_place) {
            if !input.story_countries.contains(cc) {
                input.story_countries.push(cc.clone());
            }
        }
    }
    // a story of countries alone: tint them
    if input.points.is_empty() {
        for m in places.iter().filter(|m| m.first.place.kind == Some(Kind::Country)) {
            if let Some(cc) = &m.first.place.country_code {
                if !input.story_countries.contains(cc) {
                    input.story_countries.push(cc.clone());
                }
            }
        }
    }
    input.story_countries.sort();
    StoryMap { input, dropped }
}

/// A route's line cut where its first planned leg starts (a leg is planned when the stop it
/// leads to is): the part travelled, and the part still to come; they share the cut point.
fn split_planned(route: &Route) -> (&[Coord], &[Coord]) {
    let first_planned = route.waypoints.iter().skip(1).position(|w| w.planned);
    let cut = first_planned.and_then(|leg| route.leg_starts.get(leg).copied());
    match cut {
        Some(c) if c < route.coords.len() => (&route.coords[..=c], &route.coords[c..]),
        _ => (&route.coords[..], &[]),
    }
}

/// The pieces of `line` left when each stretch it goes over a second time (out to a spur and
/// back) is drawn once: two dashed strokes over one stretch, out of step, look solid.
fn without_retraced(line: &[Coord]) -> Vec<Vec<Coord>> {
    let key = |a: Coord, b: Coord| {
        let (a, b) = ((a.x.to_bits(), a.y.to_bits()), (b.x.to_bits(), b.y.to_bits()));
        if a <= b {
            (a, b)
        } else {
            (b, a)
        }
    };
    let mut seen = rustc_hash::FxHashSet::default();
    let mut pieces: Vec<Vec<Coord>> = Vec::new();
    let mut current: Vec<Coord> = Vec::new();
    for w in line.windows(2) {
        if seen.insert(key(w[0], w[1])) {
            if current.is_empty() {
                current.push(w[0]);
            }
            current.push(w[1]);
        } else if current.len() >= 2 {
            pieces.push(std::mem::take(&mut current));
        } else {
            current.clear();
        }
    }
    if current.len() >= 2 {
        pieces.push(current);
    }
    pieces
}

/// Do all the stops of `a` lie on `b`, in the same order, with the same ends?
fn stops_within(a: &Route, b: &Route) -> bool {
    let same = |x: &Waypoint, y: &Waypoint| match (x.place_id, y.place_id) {
        (Some(i), Some(j)) => i == j,
        _ => x.name == y.name && (x.lat - y.lat).abs() < 1e-6 && (x.lon - y.lon).abs() < 1e-6,
    };
    let (Some(af), Some(al), Some(bf), Some(bl)) =
        (a.waypoints.first(), a.waypoints.last(), b.waypoints.first(), b.waypoints.last())
    else {
        return false;
    };
    if !same(af, bf) || !same(al, bl) {
        return false;
    }
    let mut rest = b.waypoints.iter();
    a.waypoints.iter().all(|w| rest.any(|v| same(w, v)))
}

/// Are two launch reports one launch: from within 60 km of each other, heading within 35°?
fn same_launch(a: &LaunchEvent, b: &LaunchEvent) -> bool {
    let bearing = |l: &LaunchEvent| geometry::bearing(l.track[0], l.track[l.track.len() - 1]);
    let turn = (bearing(a) - bearing(b)).rem_euclid(360.0);
    great_circle_km(a.track[0], b.track[0]) <= 60.0 && turn.min(360.0 - turn) <= 35.0
}

/// A title and subtitle told by the stories: the journey ("Pyongyang to Vladivostok", via its
/// stops), else the launch ("Launch from Sunan toward the Sea of Japan"), else the two places
/// (or countries) the stories name most. `documents` is how many articles the map draws on.
pub fn auto_title(stories: &[Story], documents: usize) -> (Option<String>, Option<String>) {
    let mut parts: Vec<String> = Vec::new();
    // the longest journey tells it best; the first of equals
    let route = stories.iter().filter_map(|s| s.route.as_ref()).fold(None, |best: Option<&Route>, r| match best {
        Some(b) if b.waypoints.len() >= r.waypoints.len() => Some(b),
        _ => Some(r),
    });
    let launch = stories.iter().flat_map(|s| &s.launches).next();
    let title = if let Some(r) = route.filter(|r| r.waypoints.len() >= 2) {
        let (first, last) = (&r.waypoints[0], &r.waypoints[r.waypoints.len() - 1]);
        let via: Vec<&str> = r.waypoints[1..r.waypoints.len() - 1].iter().map(|w| w.name.as_str()).collect();
        if !via.is_empty() {
            parts.push(format!("Via {}", list(&via, 3)));
        }
        Some(format!("{} to {}", first.name, last.name))
    } else if let Some(l) = launch {
        Some(match &l.target {
            Some(t) => format!("Launch from {} toward {}", l.origin.name, t.name),
            None => format!("Launch from {}", l.origin.name),
        })
    } else {
        let places = merge(stories);
        let mut ranked: Vec<&Merged> =
            places.iter().filter(|m| !matches!(m.first.place.kind, Some(Kind::Ocean | Kind::Continent))).collect();
        // places before countries, then by weight, then first seen
        ranked.sort_by(|a, b| a.is_area().cmp(&b.is_area()).then(b.weight().total_cmp(&a.weight())));
        let names: Vec<&str> = ranked.iter().take(2).map(|m| m.first.place.name.as_str()).collect();
        (!names.is_empty()).then(|| list(&names, 2))
    };
    if route.is_some() {
        let mut sites: Vec<&str> = Vec::new();
        for p in stories.iter().flat_map(|s| s.launch_sites()) {
            if !sites.contains(&p.place.name.as_str()) {
                sites.push(&p.place.name);
            }
        }
        if !sites.is_empty() {
            parts.push(format!("launch site: {}", list(&sites, 2)));
        }
    }
    if documents > 1 {
        parts.push(format!("from {documents} articles"));
    }
    let subtitle = (!parts.is_empty()).then(|| {
        let s = parts.join(" · ");
        let mut c = s.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or(s)
    });
    (title, subtitle)
}

/// "A", "A and B", "A, B and C", "A, B, C and 2 more".
fn list(items: &[&str], max: usize) -> String {
    let shown = &items[..items.len().min(max)];
    let rest = items.len() - shown.len();
    match (shown, rest) {
        ([], _) => String::new(),
        ([a], 0) => a.to_string(),
        (_, 0) => format!("{} and {}", shown[..shown.len() - 1].join(", "), shown[shown.len() - 1]),
        (_, n) => format!("{} and {n} more", shown.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PlaceRef;
    use crate::story::{story_of, RouteChoice, Routing};
    use crate::Gazetteer;

    #[test]
    fn the_summit_story_converts_to_a_map_input() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let text = include_str!("../../examples/summit.txt");
        let story = story_of(gaz, "summit", text, &RouteChoice::Infer, &Routing::default());
        let input = MapInput::from(&story);
        assert_eq!(input.lines.iter().filter(|l| l.kind == LineKind::Route).count(), 1);
        assert_eq!(input.lines.iter().filter(|l| l.kind == LineKind::LaunchTrack).count(), 1);
        let kind = |n: &str| input.points.iter().find(|p| p.label == n).map(|p| p.kind.clone());
        assert_eq!(kind("Vostochny Cosmodrome"), Some(PointKind::LaunchSite));
        assert_eq!(kind("Sunan"), Some(PointKind::LaunchOrigin));
        assert_eq!(kind("Pyongyang"), Some(PointKind::Waypoint { order: 1 }));
        assert_eq!(kind("Khasan"), Some(PointKind::Waypoint { order: 2 }));
        assert_eq!(kind("Sea of Japan (East Sea)"), Some(PointKind::Sea));
        assert!(input.story_countries.contains(&"KP".to_string()));
        assert!(input.points.iter().all(|p| p.kind != PointKind::Country), "countries are tints, not points");
    }

    fn place(id: u32, name: &str, lon: f64, lat: f64, kind: Kind, mentions: u32, confidence: f64) -> StoryPlace {
        StoryPlace {
            place: PlaceRef {
                id: PlaceId(id),
                name: name.into(),
                lat,
                lon,
                kind: Some(kind),
                country_code: Some("ZZ".into()),
                admin1: None,
                population: 0,
                user: false,
            },
            role: Role::Place,
            mentions,
            first_offset: id as usize,
            matched: vec![name.into()],
            confidence,
            documents: 1,
        }
    }

    fn story(places: Vec<StoryPlace>) -> Story {
        Story { id: "t".into(), places, documents: 1, ..Default::default() }
    }

    /// (name, in the input, core, why dropped) for each place of a story with no journey:
    /// a cluster of Caribbean places, one far once-named place, and low-confidence ones.
    #[test]
    fn framing_and_display_rows() {
        let s = story(vec![
            place(1, "Kingston", -76.79, 18.0, Kind::City, 3, 0.95),
            place(2, "Havana", -82.38, 23.13, Kind::City, 3, 0.45),
            place(3, "Santiago de Cuba", -75.82, 20.02, Kind::City, 1, 0.9),
            place(4, "Port-au-Prince", -72.34, 18.54, Kind::City, 2, 0.3),
            place(5, "Paris", 2.35, 48.86, Kind::City, 1, 0.98),
            place(6, "Perth", 115.86, -31.95, Kind::City, 1, 0.6),
            place(7, "Cuba", -79.5, 22.0, Kind::Country, 4, 1.0),
        ]);
        let m = story_map(&[s]);
        let rows: [(&str, bool, bool, &str); 6] = [
            ("Kingston", true, true, ""),
            ("Havana", true, true, ""),
            ("Santiago de Cuba", true, true, ""),
            ("Port-au-Prince", false, false, "low confidence (0.30)"),
            ("Paris", true, false, ""),
            ("Perth", false, false, "low confidence (0.60), far from the story"),
        ];
        for (name, shown, core, why) in rows {
            let point = m.input.points.iter().find(|p| p.label == name);
            assert_eq!(point.is_some(), shown, "{name}: shown");
            if let Some(p) = point {
                assert_eq!(p.core, core, "{name}: core");
            }
            let dropped = m.dropped.iter().find(|d| d.text == name).map(|d| d.why.as_str()).unwrap_or("");
            assert_eq!(dropped, why, "{name}: why dropped");
        }
        assert!(m.input.points.iter().all(|p| p.label != "Cuba"), "countries are not points");
        assert_eq!(m.input.story_countries, vec!["ZZ".to_string()]);
    }

    #[test]
    fn two_distant_places_named_often_are_both_core() {
        let s = story(vec![
            place(1, "Washington", -77.04, 38.9, Kind::City, 4, 0.95),
            place(2, "Beijing", 116.4, 39.9, Kind::City, 3, 0.95),
            place(3, "Ohio", -82.9, 40.4, Kind::Admin1, 1, 0.9),
        ]);
        let m = story_map(&[s]);
        for name in ["Washington", "Beijing", "Ohio"] {
            assert!(m.input.points.iter().any(|p| p.label == name && p.core), "{name} is core");
        }
    }

    #[test]
    fn places_from_several_stories_merge() {
        let a = story(vec![place(1, "Seoul", 126.98, 37.57, Kind::City, 1, 0.9)]);
        let b = story(vec![
            place(1, "Seoul", 126.98, 37.57, Kind::City, 2, 0.95),
            place(2, "Busan", 129.07, 35.18, Kind::City, 1, 0.9),
        ]);
        let m = story_map(&[a, b]);
        assert_eq!(m.input.points.iter().filter(|p| p.label == "Seoul").count(), 1);
        assert_eq!(m.input.points.len(), 2);
    }

    #[test]
    fn a_journey_still_to_come_is_drawn_as_its_own_line() {
        use crate::story::{RouteSource, Waypoint};
        let stop = |name: &str, lon: f64, lat: f64, planned: bool| Waypoint {
            name: name.into(),
            lon,
            lat,
            place_id: None,
            planned,
            evidence: None,
            confidence: 1.0,
            mode: None,
            traveller: None,
        };
        let waypoints = vec![
            stop("A", 125.75, 39.03, false),
            stop("B", 130.65, 42.42, false),
            stop("C", 137.0, 50.55, true),
            stop("D", 131.89, 43.11, true),
        ];
        let route = Route::new(RouteSource::Explicit, waypoints, &crate::story::Routing::geodesic());
        let s = Story { id: "t".into(), route: Some(route), documents: 1, ..Default::default() };
        let input = story_map(&[s]).input;
        let line = |k: LineKind| {
            input
                .lines
                .iter()
                .find(|l| l.kind == k)
                .map(|l| l.coords.iter().map(|c| c.x_y()).collect::<Vec<_>>())
                .unwrap_or_default()
        };
        let (done, planned) = (line(LineKind::Route), line(LineKind::PlannedRoute));
        assert_eq!(done.first(), Some(&(125.75, 39.03)));
        assert_eq!(done.last(), Some(&(130.65, 42.42)), "travelled up to B");
        assert_eq!(planned.first(), Some(&(130.65, 42.42)), "planned from B");
        assert_eq!(planned.last(), Some(&(131.89, 43.11)));
    }

    #[test]
    fn a_stretch_gone_over_twice_is_drawn_once() {
        let c = |x: f64| Coord { x, y: 0.0 };
        // out along a spur (1 > 2 > 3) and back (3 > 2) before going on (2 > 5)
        let line = [c(0.0), c(1.0), c(2.0), c(3.0), c(2.0), c(5.0)];
        let pieces = without_retraced(&line);
        assert_eq!(pieces, vec![vec![c(0.0), c(1.0), c(2.0), c(3.0)], vec![c(2.0), c(5.0)]]);
        assert_eq!(without_retraced(&[c(0.0), c(1.0)]), vec![vec![c(0.0), c(1.0)]]);
        assert!(without_retraced(&[c(0.0)]).is_empty());
    }

    #[test]
    fn titles() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let text = include_str!("../../examples/summit.txt");
        let summit = story_of(gaz, "summit", text, &RouteChoice::Infer, &Routing::geodesic());
        let (title, subtitle) = auto_title(std::slice::from_ref(&summit), 1);
        let route = summit.route.as_ref().expect("the summit story has a journey");
        let want = format!("{} to {}", route.waypoints[0].name, route.waypoints[route.waypoints.len() - 1].name);
        assert_eq!(title.as_deref(), Some(want.as_str()));
        let subtitle = subtitle.unwrap_or_default();
        assert!(subtitle.starts_with("Via "), "{subtitle}");
        assert!(subtitle.contains("launch site: Vostochny Cosmodrome"), "{subtitle}");
        let two = [
            story(vec![
                place(1, "Washington", -77.04, 38.9, Kind::City, 4, 0.95),
                place(2, "Beijing", 116.4, 39.9, Kind::City, 3, 0.95),
            ]),
            story(vec![place(2, "Beijing", 116.4, 39.9, Kind::City, 2, 0.95)]),
        ];
        assert_eq!(auto_title(&two, 2), (Some("Beijing and Washington".into()), Some("From 2 articles".into())));
        assert_eq!(auto_title(&[], 0), (None, None));
        assert_eq!(list(&["A", "B", "C", "D"], 3), "A, B, C and 1 more");
        assert_eq!(list(&["A", "B", "C"], 3), "A, B and C");
    }
}
