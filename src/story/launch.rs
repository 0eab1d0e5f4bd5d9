//! Launch events: "fired/launched/test-fired … (missiles, rockets) from X toward/into/over Y".
//!
//! A sentence is a launch sentence when it has a launch verb and a weapon word. The origin is
//! the first place after "from" that is not a country or water; the target is the first water
//! body (or other place) after "toward(s)", "into", "over" or "in". The track runs from the
//! origin toward the target: all the way to a place on land, and at most
//! [`SEA_TRACK_KM`] toward a sea's representative point (which is only a label point, so the
//! track stops in open water rather than pretending to know the impact site). Without a named
//! target, a compass word ("east coast") gives a bearing arrow of [`BEARING_TRACK_KM`].

use geo::Coord;
use serde::Serialize;

use super::geometry::{bearing, destination, geodesic_line, length_km};
use super::sentences::Sentences;
use crate::gazetteer::Kind;
use crate::model::{round6, Mention, PlaceRef};

/// Longest track drawn toward a sea.
pub const SEA_TRACK_KM: f64 = 600.0;
/// Length of a bearing arrow when the text names only a direction.
pub const BEARING_TRACK_KM: f64 = 400.0;

const VERBS: &[&str] =
    &["fired", "fires", "launched", "launches", "launching", "firing", "test-fired", "test-launched", "shot "];
const WEAPONS: &[&str] = &["missile", "rocket", "projectile", "icbm", "slbm", "ballistic", "warhead", "munition"];

/// One launch the text reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LaunchEvent {
    /// Where it was fired from.
    pub origin: PlaceRef,
    /// Where it was aimed or fell, when the text says.
    pub target: Option<PlaceRef>,
    /// The sentence that reports it.
    pub evidence: String,
    /// Index of that sentence in the document.
    pub sentence: usize,
    /// From the origin toward the target (x = lon, y = lat); empty when the text gives no direction.
    pub track: Vec<Coord>,
    /// Length of the track in km, rounded to 0.1.
    pub length_km: f64,
    /// How sure we are, in [0, 1].
    pub confidence: f64,
    /// The compass direction the track points to when the text names no target ("east").
    pub direction: Option<&'static str>,
    /// How many documents report this launch (1 for one document's story).
    pub documents: u32,
}

impl LaunchEvent {
    /// Where the track ends, in words: the target, else the compass direction.
    pub fn end_name(&self) -> Option<&str> {
        self.target.as_ref().map(|t| t.name.as_str()).or(self.direction)
    }
}

/// Whether sentence `i` reports a launch.
pub fn is_launch_sentence(sentences: &Sentences, i: usize) -> bool {
    let Some(&(s, e)) = sentences.spans().get(i) else { return false };
    let low = sentences.lower(s, e);
    VERBS.iter().any(|v| low.contains(v)) && WEAPONS.iter().any(|w| low.contains(w))
}

fn is_water(kind: Option<Kind>) -> bool {
    kind.is_some_and(Kind::is_water)
}

fn is_origin_kind(kind: Option<Kind>) -> bool {
    kind.is_some_and(|k| {
        !k.is_water()
            && !matches!(k, Kind::Country | Kind::Continent | Kind::Admin1 | Kind::Region | Kind::MountainRange)
    })
}

/// The launch events of a text, in text order.
pub fn find(mentions: &[Mention], sentences: &Sentences) -> Vec<LaunchEvent> {
    let mut out = Vec::new();
    for (i, &(s, e)) in sentences.spans().iter().enumerate() {
        if !is_launch_sentence(sentences, i) {
            continue;
        }
        // Mentions are in text order: the sentence's are one slice of them.
        let first = mentions.partition_point(|m| m.start < s);
        let here: Vec<&Mention> = mentions[first..]
            .iter()
            .take_while(|m| m.start < e)
            .filter(|m| m.end <= e && !m.adjective && m.confidence >= super::MIN_CONFIDENCE)
            .collect();
        let mut origin: Option<&Mention> = None;
        let mut target: Option<&Mention> = None;
        for m in &here {
            let before = sentences.lower(s, m.start);
            let from = before.rfind("from ");
            let toward = ["toward", "into ", "over ", " in ", "off "].iter().filter_map(|w| before.rfind(w)).max();
            if origin.is_none() && from.is_some() && from > toward && is_origin_kind(m.place.kind) {
                origin = Some(m);
            } else if target.is_none()
                && toward.is_some()
                && toward > from
                && (is_water(m.place.kind) || origin.is_some())
            {
                target = Some(m);
            }
        }
        let Some(origin) = origin else { continue };
        let low = sentences.lower(s, e);
        let start = origin.place.coord();
        let mut direction = None;
        let track = match target {
            Some(t) => {
                let end = t.place.coord();
                if is_water(t.place.kind) {
                    let d = length_km(&[start, end]);
                    let end =
                        if d > SEA_TRACK_KM { destination(start, bearing(start, end), SEA_TRACK_KM) } else { end };
                    geodesic_line(start, end)
                } else {
                    geodesic_line(start, end)
                }
            }
            None => match compass(&low) {
                Some((word, b)) => {
                    direction = Some(word);
                    geodesic_line(start, destination(start, b, BEARING_TRACK_KM))
                }
                None => Vec::new(),
            },
        };
        let track: Vec<Coord> = track.into_iter().map(|c| Coord { x: round6(c.x), y: round6(c.y) }).collect();
        let conf = origin.confidence * target.map_or(0.6, |t| t.confidence) * 0.9;
        out.push(LaunchEvent {
            origin: origin.place.clone(),
            target: target.map(|t| t.place.clone()),
            evidence: sentences.text(i),
            sentence: i,
            length_km: (length_km(&track) * 10.0).round() / 10.0,
            track,
            confidence: (conf * 1000.0).round() / 1000.0,
            direction,
            documents: 1,
        });
    }
    out
}

/// A bearing from a compass word in the sentence ("east coast", "to the west").
fn compass(low: &str) -> Option<(&'static str, f64)> {
    [
        ("northeast", 45.0),
        ("southeast", 135.0),
        ("southwest", 225.0),
        ("northwest", 315.0),
        ("east", 90.0),
        ("west", 270.0),
        ("north", 0.0),
        ("south", 180.0),
    ]
    .iter()
    .find(|(w, _)| ["{w} coast", "to the {w} ", "{w}ward"].iter().any(|f| low.contains(&f.replace("{w}", w))))
    .map(|(w, b)| (*w, *b))
}
