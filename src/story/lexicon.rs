//! The words of travel: verbs and nouns of motion with every inflected form, compiled from
//! WordNet 3.1 and an inflection table by `lexicon/build.py` (sources pinned in
//! `lexicon/SOURCES.md`) and embedded as `lexicon/motion.tsv`.
//!
//! A form maps to its class, which says how a place after it joins a journey (see
//! [`MotionClass`]). Forms are lowercase and may span words ("set off", "touch down"); look-ups
//! take the words just before a place, so the cost is a few hash probes per place.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

/// How a place after a word of travel joins the journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MotionClass {
    /// "left X", "fled X": X is where the movement starts.
    Depart,
    /// "reached X", "landed in X": X is a stop.
    Arrive,
    /// "returned to X": a stop on the way back.
    Return,
    /// "visited X": a stop.
    Visit,
    /// "flew to X", "sailed from X": the preposition says which end X is.
    Travel,
    /// "was flown to X", "deported to X": moved by others; as travel, in the passive.
    Transport,
    /// A noun of travel: "a flight to X", "a stopover in X".
    Trip,
}

impl MotionClass {
    fn parse(s: &str) -> Option<MotionClass> {
        Some(match s {
            "depart" => MotionClass::Depart,
            "arrive" => MotionClass::Arrive,
            "return" => MotionClass::Return,
            "visit" => MotionClass::Visit,
            "travel" => MotionClass::Travel,
            "transport" => MotionClass::Transport,
            "trip" => MotionClass::Trip,
            _ => return None,
        })
    }
}

const MOTION_TSV: &str = include_str!("../../lexicon/motion.tsv");

/// The longest form, in words.
const MAX_FORM_WORDS: usize = 4;

/// What the lexicon knows of one form.
#[derive(Clone, Copy, Default)]
struct Entry {
    /// Its class as a verb.
    verb: Option<MotionClass>,
    /// The verb's base form ("train", not "trained"): after a determiner it reads as a noun.
    base: bool,
    /// A noun of travel too ("flight").
    trip: bool,
    /// A noun that names people ("climbers", "nurse"): who may travel.
    person: bool,
}

/// Every form with what the lexicon knows of it, and the first words of the forms that span
/// several words ("set" of "set off"), so a look-up joins words only where a form could start.
struct Lexicon {
    forms: FxHashMap<&'static str, Entry>,
    heads: FxHashSet<&'static str>,
}

fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| {
        let mut forms: FxHashMap<&'static str, Entry> = FxHashMap::default();
        let mut heads: FxHashSet<&'static str> = FxHashSet::default();
        for line in MOTION_TSV.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let (Some(form), Some(lemma), Some(pos), Some(class)) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            if class == "person" {
                forms.entry(form).or_default().person = true;
                continue;
            }
            let Some(class) = MotionClass::parse(class) else { continue };
            if let Some((head, _)) = form.split_once(' ') {
                heads.insert(head);
            }
            let entry = forms.entry(form).or_default();
            if pos == "n" {
                entry.trip = true;
            } else if entry.verb.is_none() {
                entry.verb = Some(class);
                entry.base = form == lemma || form.strip_suffix('s') == Some(lemma);
            }
        }
        Lexicon { forms, heads }
    })
}

/// The class of `form` (lowercase, words joined by single spaces) as a verb, if it is one.
pub fn verb(form: &str) -> Option<MotionClass> {
    lexicon().forms.get(form).and_then(|e| e.verb)
}

/// Whether `form` is a noun of travel ("flight", "voyages", "stopover").
pub fn is_trip_noun(form: &str) -> bool {
    lexicon().forms.get(form).is_some_and(|e| e.trip)
}

/// Whether `word` is a noun of people ("nurse", "students").
pub fn is_person_noun(word: &str) -> bool {
    lexicon().forms.get(word).is_some_and(|e| e.person)
}

/// Whether `low` has a noun of people ("the nine climbers", "a nurse") among its words.
pub fn names_people(low: &str) -> bool {
    low.split(|c: char| !c.is_alphanumeric()).any(is_person_noun)
}

/// The last `n` lowercase words of `s` (letters, digits, hyphens and apostrophes), last first.
fn words_rev(s: &str, n: usize) -> Vec<&str> {
    s.rsplit(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')).filter(|w| !w.is_empty()).take(n).collect()
}

/// The verb form spanning `words` (last first), if the lexicon has one.
fn verb_of(words: &[&str]) -> Option<MotionClass> {
    match words {
        [] => None,
        [w] => verb(w),
        [.., first] if !lexicon().heads.contains(first) => None,
        _ => verb(&words.iter().rev().copied().collect::<Vec<_>>().join(" ")),
    }
}

/// The verb of travel that ends `low` (lowercase text just before a place, after any
/// preposition was taken off): "the family fled" → Depart, "the jet touched down" → Arrive.
pub fn verb_at_end(low: &str) -> Option<MotionClass> {
    let words = words_rev(low, MAX_FORM_WORDS);
    (1..=words.len()).rev().find_map(|n| verb_of(&words[..n]))
}

/// Whether one of the last `n` words of `low` is a verb or noun of travel ("flew", "voyage",
/// "was deported"); multiword forms count by their first word's entry or as a whole.
pub fn any_motion(low: &str, n: usize) -> bool {
    // Three more words than asked for: what stands before a word decides how it reads.
    let words = words_rev(low, n + 3);
    (0..n.min(words.len())).any(|i| {
        let w = words[i];
        let before = |k: usize| &words[(i + 1).min(words.len())..(i + 1 + k).min(words.len())];
        let entry = lexicon().forms.get(w).copied().unwrap_or_default();
        // After a determiner a base form is a noun: "the night train" is a vehicle, not "to
        // train"; "the firm relocated" keeps its verb.
        // An infinitive or a modal's verb stays a verb: "his plan to ride", "they will sail".
        let verb_slot = before(1).first().is_some_and(|b| {
            matches!(*b, "to" | "will" | "would" | "can" | "could" | "should" | "must" | "may" | "might")
        });
        let noun_slot = entry.base
            && !verb_slot
            && before(3)
                .iter()
                .any(|b| matches!(*b, "the" | "a" | "an" | "this" | "that" | "its" | "their" | "his" | "her" | "our"));
        let is_motion = match entry.verb.filter(|_| !noun_slot) {
            // Moved by others only in the passive: "was flown to", not "sent a letter to".
            Some(MotionClass::Transport) => {
                before(2).iter().any(|b| matches!(*b, "was" | "were" | "been" | "being" | "be" | "is" | "are"))
            }
            Some(_) => true,
            None => entry.trip,
        };
        is_motion || (i + 1 < n.min(words.len()) && verb_of(&[w, words[i + 1]]).is_some())
    })
}

/// Whether one of the last `n` words of `low` is a verb of travel or transport in the passive:
/// "was taken", "were later flown", "had been airlifted" — someone moved by others, from where
/// something happened to them.
pub fn passive_motion(low: &str, n: usize) -> bool {
    let words = words_rev(low, n + 2);
    (0..n.min(words.len())).any(|i| {
        matches!(verb(words[i]), Some(MotionClass::Transport | MotionClass::Travel))
            && words[i].ends_with(['d', 'n'])
            && words[i + 1..(i + 3).min(words.len())].iter().any(|b| matches!(*b, "was" | "were" | "been" | "being"))
    })
}

/// Whether the nearest verb of travel among the last 12 words of `low` moves things or people
/// by others ("were sent to", "deported to"): a list of places after it is where each went,
/// not a way one traveller took.
pub fn distributes(low: &str) -> bool {
    words_rev(low, 12).iter().find_map(|w| verb(w)) == Some(MotionClass::Transport)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_and_classes_come_from_the_compiled_lexicon() {
        let rows: &[(&str, Option<MotionClass>)] = &[
            ("fled", Some(MotionClass::Depart)),
            ("evacuated", Some(MotionClass::Depart)),
            ("flew", Some(MotionClass::Travel)),
            ("flown", Some(MotionClass::Travel)),
            ("travelling", Some(MotionClass::Travel)),
            ("relocated", Some(MotionClass::Travel)),
            ("hurried", Some(MotionClass::Travel)),
            ("arrived", Some(MotionClass::Arrive)),
            ("touched down", Some(MotionClass::Arrive)),
            ("returned", Some(MotionClass::Return)),
            ("visited", Some(MotionClass::Visit)),
            ("deported", Some(MotionClass::Transport)),
            // Motion in WordNet, not travel in news.
            ("rose", None),
            ("fell", None),
            ("led", None),
            ("ranged", None),
            ("said", None),
        ];
        for (form, want) in rows {
            assert_eq!(verb(form), *want, "{form}");
        }
        for noun in ["flight", "voyage", "trip", "journeys", "stopover", "visit", "pilgrimage"] {
            assert!(is_trip_noun(noun), "{noun}");
        }
        assert!(!is_trip_noun("price"));
    }

    #[test]
    fn words_before_a_place_are_read_last_first() {
        assert_eq!(verb_at_end("the family fled"), Some(MotionClass::Depart));
        assert_eq!(verb_at_end("the plane touched down"), Some(MotionClass::Arrive));
        assert_eq!(verb_at_end("prices rose"), None);
        assert!(any_motion("was later flown", 4));
        assert!(any_motion("a stopover", 2));
        assert!(any_motion("the group was deported", 3));
        assert!(!any_motion("she sent a letter", 4), "transport needs the passive");
        assert!(!any_motion("prices rose sharply", 4));
        assert!(!any_motion("the new night train", 4), "a noun after a determiner");
        assert!(any_motion("his plan to ride", 4), "an infinitive after a determiner");
        assert!(any_motion("the new night flight", 4), "a noun of travel");
        assert!(passive_motion("davis was taken", 3));
        assert!(passive_motion("she was later flown by plane", 5));
        assert!(!passive_motion("she flew", 3), "active");
        assert!(!passive_motion("the talks were held", 3), "not motion");
        assert!(distributes("copies of the report were sent to ostrava, "));
        assert!(distributes("the detainees were later deported to "));
        assert!(!distributes("the band toured "), "travel, not transport");
        assert!(!distributes("the crates were sent on, and the crew sailed to "), "the nearest verb decides");
    }
}
