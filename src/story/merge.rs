//! One story from many documents about one event, folded in as each document's story arrives.
//!
//! - Places: distinct by gazetteer id, mentions summed, `documents` counts the documents naming
//!   each, offsets count through the documents in input order.
//! - Journey: each document's stops (even a lone one) form a fragment. A fragment joins the
//!   journey it shares a stop or a named traveller with, or that it shares two places named in
//!   passing with (its document names the journey's stops, or the journey's documents named its
//!   stops), or one such place and stops within [`NEAR_JOURNEY_KM`] of the journey's, so "the train stopped at Khasan" in one article and "he will go on to Vladivostok"
//!   in another, which also names the cosmodrome and the capital the journey reached, make one
//!   journey, while one shared capital does not tie unrelated stories together. Joining
//!   keeps each fragment's order; a stop whose place among the others no text gives goes where
//!   it adds the least distance, within its phase (origin, travelled, venue, planned, return). A
//!   stop any article says was reached is travelled. The journey told by the most documents is
//!   the route, if they are more than half of the documents that tell any journey; the others
//!   are left out (silence rather than a second, unrelated line, or one event's line on a map
//!   of many).
//! - Launches: one per origin and target; reports of one launch from places less than
//!   [`SAME_LAUNCH_KM`] apart with no conflicting target are one launch, the report that names
//!   a target (then a direction) giving the track.
//!
//! Memory is bounded by the distinct places, journey stops and launches, never by the number
//! of documents or mentions: nothing of a document is kept but what it adds to these. A
//! merger of one document gives that document's story unchanged.

use rustc_hash::{FxHashMap, FxHashSet};

use super::geometry::length_km;
use super::infer::{self, Phase, Stop};
use super::launch::LaunchEvent;
use super::route::{Route, RouteSource, Routing, Waypoint};
use super::{Story, StoryPlace, MAX_SPELLINGS};
use crate::gazetteer::PlaceId;
use crate::story::TravelMode;

/// Launch reports whose origins are closer than this are one launch (unless their targets
/// differ).
pub const SAME_LAUNCH_KM: f64 = 60.0;
/// Places remembered per journey to link articles that name its stops.
const CONTEXT_PLACES: usize = 512;
/// A fragment linked to a journey by one place named in passing must have a stop this close
/// to one of the journey's.
pub const NEAR_JOURNEY_KM: f64 = 500.0;

struct Journey {
    stops: Vec<Stop>,
    documents: u32,
    /// Places the documents that told this journey name.
    context: FxHashSet<PlaceId>,
    /// Travellers' names its stops give.
    travellers: FxHashSet<String>,
    text_mode: Option<TravelMode>,
}

/// Folds document stories into one story; see the module docs.
pub struct StoryMerger<'a> {
    routing: &'a Routing,
    explicit: Option<Vec<Waypoint>>,
    /// The story of the only document so far, kept whole so that one document gives its own
    /// story unchanged.
    only: Option<Story>,
    id: Option<String>,
    documents: u32,
    /// Documents that gave journey stops.
    storied: u32,
    chars: usize,
    places: Vec<StoryPlace>,
    index: FxHashMap<PlaceId, usize>,
    journeys: Vec<Journey>,
    launches: Vec<LaunchEvent>,
}

impl<'a> StoryMerger<'a> {
    /// A merger drawing the route as `routing` says; `explicit` replaces the inferred journey.
    pub fn new(routing: &'a Routing, explicit: Option<Vec<Waypoint>>) -> StoryMerger<'a> {
        StoryMerger {
            routing,
            explicit,
            only: None,
            id: None,
            documents: 0,
            storied: 0,
            chars: 0,
            places: Vec::new(),
            index: FxHashMap::default(),
            journeys: Vec::new(),
            launches: Vec::new(),
        }
    }

    /// Merge the stories of several documents at once.
    pub fn merge(stories: impl IntoIterator<Item = Story>, routing: &'a Routing) -> Option<Story> {
        let mut m = StoryMerger::new(routing, None);
        stories.into_iter().for_each(|s| m.add(s));
        m.finish()
    }

    /// Replace the inferred journey with these waypoints (used when more than one document is
    /// merged; a single document's story keeps the route it was built with).
    pub fn set_explicit(&mut self, explicit: Option<Vec<Waypoint>>) {
        self.explicit = explicit;
    }

    /// How many documents have been added.
    pub fn documents(&self) -> u32 {
        self.documents
    }

    /// Fold one document's story in.
    pub fn add(&mut self, story: Story) {
        self.documents += 1;
        if self.documents == 1 {
            self.id = Some(story.id.clone());
            self.only = Some(story);
            return;
        }
        if let Some(first) = self.only.take() {
            self.fold(first);
        }
        self.fold(story);
    }

    fn fold(&mut self, story: Story) {
        let base = self.chars;
        self.chars += story.text_chars;
        let named: Vec<PlaceId> = story.places.iter().filter(|p| p.mentions > 0).map(|p| p.place.id).collect();
        for p in story.places.into_iter().filter(|p| p.mentions > 0) {
            match self.index.get(&p.place.id) {
                Some(&i) => {
                    let q = &mut self.places[i];
                    q.mentions += p.mentions;
                    q.documents += 1;
                    q.confidence = q.confidence.max(p.confidence);
                    for m in p.matched {
                        if q.matched.len() < MAX_SPELLINGS && !q.matched.contains(&m) {
                            q.matched.push(m);
                        }
                    }
                }
                None => {
                    self.index.insert(p.place.id, self.places.len());
                    self.places.push(StoryPlace { first_offset: base + p.first_offset, documents: 1, ..p });
                }
            }
        }
        for l in story.launches {
            self.add_launch(l);
        }
        if !story.stops.is_empty() {
            self.storied += 1;
            self.add_fragment(story.stops, &named, story.text_mode);
        }
    }

    fn add_launch(&mut self, l: LaunchEvent) {
        let same_target = |a: &LaunchEvent, b: &LaunchEvent| match (&a.target, &b.target) {
            (Some(x), Some(y)) => x.id == y.id,
            _ => true,
        };
        let near = |a: &LaunchEvent, b: &LaunchEvent| {
            a.origin.id == b.origin.id || length_km(&[a.origin.coord(), b.origin.coord()]) < SAME_LAUNCH_KM
        };
        let Some(k) = self.launches.iter().position(|e| near(e, &l) && same_target(e, &l)) else {
            self.launches.push(l);
            return;
        };
        let e = &mut self.launches[k];
        let documents = e.documents + l.documents;
        // The report that says where the missiles went gives the track.
        let better = |x: &LaunchEvent| (x.target.is_some(), x.direction.is_some(), x.track.len() >= 2);
        if better(&l) > better(e) {
            *e = l;
        }
        e.documents = documents;
    }

    fn add_fragment(&mut self, fragment: Vec<Stop>, named: &[PlaceId], text_mode: Option<TravelMode>) {
        // Areas link nothing: one country named as a stop by two unrelated articles is no
        // evidence that they tell one journey.
        let ids: Vec<PlaceId> =
            fragment.iter().filter(|s| s.area.is_none()).filter_map(|s| s.waypoint.place_id).collect();
        let names: Vec<&String> = fragment.iter().filter_map(|s| s.traveller.as_ref()).collect();
        let linked: Vec<usize> = self
            .journeys
            .iter()
            .enumerate()
            .filter(|(_, j)| {
                let stops = || j.stops.iter().filter(|s| s.area.is_none()).filter_map(|s| s.waypoint.place_id);
                // A stop in common or the same named traveller links at once; places named in
                // passing when two of them agree, or one does and the stops are near each other
                // (one capital named in passing would link every story).
                let mut passing: Vec<PlaceId> = stops()
                    .filter(|id| named.contains(id))
                    .chain(ids.iter().copied().filter(|id| j.context.contains(id)))
                    .collect();
                passing.sort_unstable();
                passing.dedup();
                stops().any(|id| ids.contains(&id))
                    || names.iter().any(|n| j.travellers.contains(*n))
                    || passing.len() >= 2
                    || (passing.len() == 1 && nearest_km(&j.stops, &fragment) < NEAR_JOURNEY_KM)
            })
            .map(|(i, _)| i)
            .collect();
        let at = match linked.first() {
            Some(&first) => {
                // Journeys this fragment links are one journey: fold the later ones into the first.
                for &k in linked[1..].iter().rev() {
                    let other = self.journeys.remove(k);
                    let j = &mut self.journeys[first];
                    fuse(&mut j.stops, other.stops);
                    j.documents += other.documents;
                    j.text_mode = j.text_mode.or(other.text_mode);
                    for id in other.context {
                        if j.context.len() < CONTEXT_PLACES {
                            j.context.insert(id);
                        }
                    }
                    for n in other.travellers {
                        if j.travellers.len() < CONTEXT_PLACES {
                            j.travellers.insert(n);
                        }
                    }
                }
                first
            }
            None => {
                self.journeys.push(Journey {
                    stops: Vec::new(),
                    documents: 0,
                    context: FxHashSet::default(),
                    travellers: FxHashSet::default(),
                    text_mode: None,
                });
                self.journeys.len() - 1
            }
        };
        let names: Vec<String> = names.into_iter().cloned().collect();
        let j = &mut self.journeys[at];
        for n in names {
            if j.travellers.len() < CONTEXT_PLACES {
                j.travellers.insert(n);
            }
        }
        fuse(&mut j.stops, fragment);
        j.documents += 1;
        j.text_mode = j.text_mode.or(text_mode);
        for &id in named {
            if j.context.len() < CONTEXT_PLACES {
                j.context.insert(id);
            }
        }
    }

    /// The merged story; `None` when no document was added.
    pub fn finish(self) -> Option<Story> {
        if let Some(only) = self.only {
            return Some(only);
        }
        let id = self.id?;
        let (route, route_documents) = match self.explicit {
            Some(w) if w.len() >= 2 => (Some(Route::new(RouteSource::Explicit, w, self.routing)), 0),
            Some(_) => (None, 0),
            None => {
                // The journey most documents tell, if they are more than half of those telling
                // any: documents about different events give no route (no line is better than
                // one event's line on another's map).
                let best = self
                    .journeys
                    .iter()
                    .filter(|j| infer::journey(&j.stops).is_some())
                    .max_by_key(|j| j.documents)
                    .filter(|j| 2 * j.documents > self.storied);
                match best.and_then(|j| infer::journey(&j.stops).map(|w| (w, j))) {
                    Some((mut w, j)) => {
                        infer::fill_modes(&mut w, j.text_mode);
                        (Some(Route::inferred(w, self.routing)), j.documents)
                    }
                    None => (None, 0),
                }
            }
        };
        let mut story = Story {
            id,
            places: self.places,
            route,
            launches: self.launches,
            documents: self.documents,
            route_documents,
            stops: Vec::new(),
            text_mode: None,
            text_chars: self.chars,
        };
        story.assign_roles(self.chars);
        Some(story)
    }
}

/// Fold `fragment` (stops in its own order) into `journey` (stops in journey order).
fn fuse(journey: &mut Vec<Stop>, fragment: Vec<Stop>) {
    // An area one side names and a place inside it the other names: the place is the stop
    // (see [`infer::journey`]); dropped first so the area's point does not steer the order.
    journey.retain(|a| !fragment.iter().any(|o| a.holds(o)));
    let fragment: Vec<Stop> = fragment.into_iter().filter(|a| !journey.iter().any(|o| a.holds(o))).collect();
    let mut last: Option<usize> = None;
    let ids: Vec<(Option<PlaceId>, bool)> =
        fragment.iter().map(|s| (s.waypoint.place_id, s.phase == Phase::Return)).collect();
    let find = |j: &[Stop], (id, ret): (Option<PlaceId>, bool)| {
        j.iter().position(|x| x.waypoint.place_id == id && (x.phase == Phase::Return) == ret).or_else(|| {
            // A return to a place other than the start is that place's stop.
            let start = j.first().map(|x| x.waypoint.place_id);
            (ret && start != Some(id)).then(|| j.iter().position(|x| x.waypoint.place_id == id)).flatten()
        })
    };
    for (k, s) in fragment.into_iter().enumerate() {
        if let Some(p) = find(journey, ids[k]) {
            absorb(&mut journey[p], s);
            last = Some(p);
            continue;
        }
        // Between the previous stop of the fragment and the next one already in the journey.
        let lo = last.map_or(0, |p| p + 1);
        let hi = ids[k + 1..].iter().filter_map(|&key| find(journey, key)).min().unwrap_or(journey.len());
        let group = s.phase.group();
        let g_lo = journey.iter().take_while(|x| x.phase.group() < group).count();
        let g_hi = journey.iter().take_while(|x| x.phase.group() <= group).count();
        let (a, b) = if lo.max(g_lo) <= hi.min(g_hi) { (lo.max(g_lo), hi.min(g_hi)) } else { (g_lo, g_hi) };
        let at = (a..=b)
            .rev()
            .min_by(|&x, &y| added_km(journey, x, &s.waypoint).total_cmp(&added_km(journey, y, &s.waypoint)))
            .unwrap_or(b);
        journey.insert(at, s);
        last = Some(at);
    }
    // Stops whose phase changed (a planned stop another article says was reached) move to
    // their phase's place; each keeps its order within it.
    journey.sort_by_key(|s| s.phase.group());
}

/// What an article adds to a stop another one gave.
fn absorb(into: &mut Stop, s: Stop) {
    let travelled = |x: &Stop| x.phase != Phase::Planned && !x.waypoint.planned;
    if travelled(&s) && !travelled(into) {
        into.phase = s.phase;
        into.waypoint.planned = false;
        into.waypoint.evidence = s.waypoint.evidence.clone();
    } else if s.phase < into.phase && travelled(&s) {
        into.phase = s.phase;
    }
    into.waypoint.confidence = into.waypoint.confidence.max(s.waypoint.confidence);
    into.waypoint.mode = into.waypoint.mode.or(s.waypoint.mode);
}

/// The shortest distance between a point stop of `a` and one of `b` (an area's point says
/// nothing about nearness).
fn nearest_km(a: &[Stop], b: &[Stop]) -> f64 {
    let p = |s: &Stop| s.waypoint.coord();
    let points = |x: &'_ [Stop]| x.iter().filter(|s| s.area.is_none()).map(p).collect::<Vec<_>>();
    let (a, b) = (points(a), points(b));
    a.iter().flat_map(|x| b.iter().map(move |y| length_km(&[*x, *y]))).fold(f64::INFINITY, f64::min)
}

/// Distance a stop adds when inserted before position `at`.
fn added_km(journey: &[Stop], at: usize, w: &Waypoint) -> f64 {
    let p = |s: &Stop| s.waypoint.coord();
    let me = w.coord();
    let before = at.checked_sub(1).and_then(|i| journey.get(i)).map(p);
    let after = journey.get(at).map(p);
    match (before, after) {
        (Some(a), Some(b)) => length_km(&[a, me]) + length_km(&[me, b]) - length_km(&[a, b]),
        (Some(a), None) => length_km(&[a, me]),
        (None, Some(b)) => length_km(&[me, b]),
        (None, None) => 0.0,
    }
}
