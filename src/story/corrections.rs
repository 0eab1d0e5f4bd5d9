//! Corrections an editor made to a draft story, as one small JSON file (`corrections.json`)
//! that `toponym serve`'s page exports and `toponym map|geojson --corrections FILE` replays.
//!
//! The format (version 1; every member optional; unknown members are an error, so a typo is
//! not silently ignored):
//!
//! ```json
//! {
//!   "version": 1,
//!   "names": {
//!     "Georgia": {"id": 614540},
//!     "Mercury": {"not_a_place": true}
//!   },
//!   "journey": [
//!     {"id": 1871859},
//!     {"id": 2013348, "mode": "rail", "status": "travelled"},
//!     {"name": "Ship at sea", "lat": 40.1, "lon": 131.2, "mode": "sea", "status": "planned"}
//!   ],
//!   "title": "By train to Vladivostok",
//!   "subtitle": "Pyongyang – Khasan – Vladivostok",
//!   "map": {"width": 1200, "height": 900, "theme": "print", "extent": [120, 35, 145, 55]}
//! }
//! ```
//!
//! - `names`: per name as the text writes it (compared as `lookup` folds names, so case and
//!   accents do not matter), the gazetteer place it means (`id`), or `not_a_place`. A fix applies
//!   to every mention of that name in every document (one sense per name).
//! - `journey`: the stops in order; replaces the journey the text tells (`[]`: no journey). A
//!   stop is a gazetteer `id` or a pinned point (`name`, `lat`, `lon`); `mode` (rail, sea, road,
//!   air) is how the traveller reached it, `status` (`travelled`, the default, or `planned`).
//! - `title`, `subtitle`: the map's; `""` leaves it off.
//! - `map`: how `toponym map` draws it when its flags do not say: `width`, `height` (px),
//!   `theme` (light, dark, print), `extent` (`[W, S, E, N]` degrees), `projection`. The front
//!   ends check these values (the renderer is a later stage than this module).
//!
//! Invariants: [`Corrections::check`] accepts a file only if every id names a gazetteer place
//! and every stop is well-formed, so applying checked corrections cannot fail; applying is a
//! pure function of (mentions, corrections), so a replay gives the same bytes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::gazetteer::{fold_name, Gazetteer, PlaceId};
use crate::model::{Mention, PlaceRef};
use crate::story::{TravelMode, Waypoint};

/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

/// What is wrong with a corrections file.
#[derive(Debug, thiserror::Error)]
pub enum CorrectionError {
    /// Not JSON of the documented shape.
    #[error("corrections: {0}")]
    Json(#[from] serde_json::Error),
    /// A version this build does not know.
    #[error("corrections: version {0} is not supported (this build reads version {VERSION})")]
    Version(u32),
    /// An id the gazetteer has no place for.
    #[error("corrections: {what}: no gazetteer place has id {id}")]
    UnknownId {
        /// Where the id is (`names["Paris"]`, `journey[2]`).
        what: String,
        /// The id.
        id: u64,
    },
    /// A name fix or a stop that says nothing usable, or says two things.
    #[error("corrections: {what}: {message}")]
    Invalid {
        /// Where it is.
        what: String,
        /// What is wrong.
        message: String,
    },
}

/// An editor's corrections to a story; see the module docs for the format.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    /// Format version ([`VERSION`]).
    #[serde(default = "version_one")]
    pub version: u32,
    /// Per name as written: the place it means, or not a place.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub names: BTreeMap<String, NameFix>,
    /// The journey's stops in order, replacing the one the text tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journey: Option<Vec<JourneyStop>>,
    /// The map's title (`""`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The map's subtitle (`""`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// How the map is drawn, where the command's flags do not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<MapSettings>,
}

impl Default for Corrections {
    /// No corrections, in this build's format version.
    fn default() -> Corrections {
        Corrections { version: VERSION, names: BTreeMap::new(), journey: None, title: None, subtitle: None, map: None }
    }
}

/// The map's frame and look as an editor set them (see the module docs); every member optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapSettings {
    /// Width in px at scale 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in px at scale 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// light, dark or print.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    /// W, S, E, N in degrees.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extent: Option<[f64; 4]>,
    /// conic, equal-earth or equirectangular.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projection: Option<String>,
}

fn version_one() -> u32 {
    VERSION
}

/// What a name means.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameFix {
    /// The gazetteer place the name means.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// The name is no place here (a person, a ship, a brand).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub not_a_place: bool,
}

/// One stop of a corrected journey.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JourneyStop {
    /// A gazetteer place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// The stop's name (the place's own name when omitted with an `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Latitude of a pinned stop (with `lon`, instead of `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    /// Longitude of a pinned stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// How the traveller reached this stop: rail, sea, road or air.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// `travelled` (default) or `planned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

impl Corrections {
    /// Parse a corrections file (the version is checked, ids are not: see [`check`](Self::check)).
    pub fn from_json(bytes: &[u8]) -> Result<Corrections, CorrectionError> {
        let c: Corrections = serde_json::from_slice(bytes)?;
        if c.version != VERSION {
            return Err(CorrectionError::Version(c.version));
        }
        Ok(c)
    }

    /// Nothing to correct.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
            && self.journey.is_none()
            && self.title.is_none()
            && self.subtitle.is_none()
            && self.map.is_none()
    }

    /// Every id names a gazetteer place, every name fix says one thing, every stop is a place
    /// or a pinned point with a known mode and status.
    pub fn check(&self, gaz: &Gazetteer) -> Result<(), CorrectionError> {
        for (name, fix) in &self.names {
            let what = format!("names[{name:?}]");
            match (fix.id, fix.not_a_place) {
                (Some(id), false) => place(gaz, id, &what).map(|_| ())?,
                (None, true) => {}
                (Some(_), true) => return Err(invalid(&what, "give an id or not_a_place, not both")),
                (None, false) => return Err(invalid(&what, "give an id or \"not_a_place\": true")),
            }
        }
        self.waypoints(gaz).map(|_| ())
    }

    /// Apply the name fixes to one document's mentions: a name with an id now means that place
    /// (confidence 1: an editor said so), a name that is not a place is dropped.
    pub fn apply(&self, gaz: &Gazetteer, mentions: &mut Vec<Mention>) {
        if self.names.is_empty() {
            return;
        }
        let fixes: BTreeMap<String, &NameFix> = self.names.iter().map(|(k, v)| (fold_name(k), v)).collect();
        mentions.retain_mut(|m| match fixes.get(&fold_name(&m.text)) {
            None => true,
            Some(fix) if fix.not_a_place => false,
            Some(fix) => {
                if let Some(p) = fix.id.and_then(|id| by_id(gaz, id)) {
                    m.place = PlaceRef::from(&p);
                    m.confidence = 1.0;
                }
                true
            }
        });
    }

    /// The corrected journey as explicit waypoints; `None` when the corrections leave the
    /// journey to the text.
    pub fn waypoints(&self, gaz: &Gazetteer) -> Result<Option<Vec<Waypoint>>, CorrectionError> {
        let Some(stops) = &self.journey else { return Ok(None) };
        let mut out = Vec::with_capacity(stops.len());
        for (i, stop) in stops.iter().enumerate() {
            let what = format!("journey[{i}]");
            let mode = match stop.mode.as_deref() {
                None => None,
                Some(m) => match m.parse::<TravelMode>() {
                    Ok(TravelMode::Storm) | Err(_) => {
                        return Err(invalid(&what, &format!("mode {m:?}: expected rail, sea, road or air")))
                    }
                    Ok(mode) => Some(mode),
                },
            };
            let planned = match stop.status.as_deref() {
                None | Some("travelled") => false,
                Some("planned") => true,
                Some(s) => return Err(invalid(&what, &format!("status {s:?}: expected travelled or planned"))),
            };
            let (name, lon, lat, place_id) = match (stop.id, stop.lat, stop.lon) {
                (Some(id), None, None) => {
                    let p = place(gaz, id, &what)?;
                    let r = PlaceRef::from(&p);
                    (stop.name.clone().unwrap_or(r.name), r.lon, r.lat, Some(r.id))
                }
                (None, Some(lat), Some(lon)) => {
                    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                        return Err(invalid(&what, "lat must be in -90..=90 and lon in -180..=180"));
                    }
                    let name = stop.name.clone().filter(|n| !n.trim().is_empty());
                    let name = name.ok_or_else(|| invalid(&what, "a pinned stop needs a name"))?;
                    (name, lon, lat, None)
                }
                _ => return Err(invalid(&what, "give an id, or a name with lat and lon")),
            };
            out.push(Waypoint {
                name,
                lon,
                lat,
                place_id,
                planned,
                evidence: Some("corrections".into()),
                confidence: 1.0,
                mode,
                traveller: None,
            });
        }
        Ok(Some(out))
    }
}

fn place<'g>(gaz: &'g Gazetteer, id: u64, what: &str) -> Result<crate::gazetteer::Place<'g>, CorrectionError> {
    by_id(gaz, id).ok_or(CorrectionError::UnknownId { what: what.to_string(), id })
}

fn by_id(gaz: &Gazetteer, id: u64) -> Option<crate::gazetteer::Place<'_>> {
    u32::try_from(id).ok().and_then(|id| gaz.by_id(PlaceId(id)))
}

fn invalid(what: &str, message: &str) -> CorrectionError {
    CorrectionError::Invalid { what: what.to_string(), message: message.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> &'static Gazetteer {
        Gazetteer::embedded().expect("this build embeds a gazetteer")
    }

    fn id_of(name: &str) -> u64 {
        u64::from(gaz().lookup(name, &Default::default())[0].place.id().0)
    }

    #[test]
    fn bad_files_are_errors_naming_the_member() {
        let paris = id_of("Paris");
        let rows: &[(&str, &str)] = &[
            (r#"{"version": 2}"#, "version 2"),
            (r#"{"nmaes": {}}"#, "unknown field"),
            (r#"{"names": {"X": {}}}"#, "names[\"X\"]"),
            (r#"{"names": {"X": {"id": 999999999999}}}"#, "no gazetteer place has id 999999999999"),
            (&format!(r#"{{"names": {{"X": {{"id": {paris}, "not_a_place": true}}}}}}"#), "not both"),
            (r#"{"journey": [{"name": "A"}]}"#, "journey[0]"),
            (&format!(r#"{{"journey": [{{"id": {paris}, "mode": "storm"}}]}}"#), "mode \"storm\""),
            (&format!(r#"{{"journey": [{{"id": {paris}, "status": "maybe"}}]}}"#), "status \"maybe\""),
            (r#"{"journey": [{"name": "A", "lat": 95, "lon": 0}]}"#, "lat must be"),
            ("not json", "corrections: "),
        ];
        for (json, want) in rows {
            let err = Corrections::from_json(json.as_bytes()).and_then(|c| c.check(gaz()).map(|_| c));
            let msg = err.expect_err(json).to_string();
            assert!(msg.contains(want), "{json}: {msg:?} lacks {want:?}");
        }
    }

    #[test]
    fn name_fixes_apply_to_every_mention_of_the_name() {
        let text = "Talks in Paris ended. PARIS then hosted a dinner; Lyon did not.";
        let mut mentions = crate::Resolver::new(gaz()).resolve(text, &Default::default());
        assert!(mentions.iter().filter(|m| fold_name(&m.text) == "paris").count() == 2, "{mentions:?}");
        let texas = u64::from(gaz().search("Paris, Texas", &Default::default()).matches[0].place.id().0);
        let json = format!(r#"{{"names": {{"paris": {{"id": {texas}}}, "Lyon": {{"not_a_place": true}}}}}}"#);
        let c = Corrections::from_json(json.as_bytes()).expect("parses");
        c.check(gaz()).expect("valid");
        c.apply(gaz(), &mut mentions);
        assert!(mentions.iter().all(|m| m.text != "Lyon"), "{mentions:?}");
        let paris: Vec<_> = mentions.iter().filter(|m| fold_name(&m.text) == "paris").collect();
        assert_eq!(paris.len(), 2);
        assert!(paris.iter().all(|m| u64::from(m.place.id.0) == texas && m.confidence == 1.0), "{paris:?}");
    }

    #[test]
    fn journey_stops_keep_order_mode_and_status() {
        let (a, b) = (id_of("Lisbon"), id_of("Madrid"));
        let json = format!(
            r#"{{"journey": [{{"id": {a}}}, {{"id": {b}, "mode": "rail", "status": "planned"}},
                {{"name": "Pin", "lat": 43.3, "lon": -1.98, "mode": "road"}}]}}"#
        );
        let c = Corrections::from_json(json.as_bytes()).expect("parses");
        let w = c.waypoints(gaz()).expect("valid").expect("a journey");
        let got: Vec<(&str, Option<TravelMode>, bool, bool)> =
            w.iter().map(|w| (w.name.as_str(), w.mode, w.planned, w.place_id.is_some())).collect();
        assert_eq!(
            got,
            [
                ("Lisbon", None, false, true),
                ("Madrid", Some(TravelMode::Rail), true, true),
                ("Pin", Some(TravelMode::Road), false, false)
            ]
        );
        assert_eq!(Corrections::default().waypoints(gaz()).expect("valid"), None);
        // a file round-trips through its own serialisation
        assert_eq!(Corrections::from_json(&serde_json::to_vec(&c).expect("serialises")).expect("parses"), c);
    }
}
