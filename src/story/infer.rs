//! Route inference: the stops a text's traveller passes through, in time order, and the mode
//! it travels by. Silence is preferred to a wrong line.
//!
//! A place is a stop only when its sentence names a traveller (a vehicle, a storm, a
//! delegation, an office-holder, a pronoun or a named person before the place) and the words
//! just before the place tie it to that traveller's movement: "left X", "arrived in X",
//! "stopped at X", "via X", "visit X", "made landfall near X", or a weak preposition ("from",
//! "to", "through") right after a motion verb ("flew from X to Y", "travelled north to X").
//! So "a teacher from Leeds" (an origin of a person), "ships from Pyeongtaek" (of things), "a
//! warning for Okinawa" (a target), "lost in Newcastle last week" (a past venue) and "prices in
//! Tokyo rose faster than in Osaka" (a comparison) are not stops.
//!
//! Order is by phase, then narrative order: origins, what the text says had happened before
//! (pluperfect, "earlier"), stops, the venue of the meeting the journey was for ("met at X"),
//! what it says will happen ("will", "expected to", "forecast to"), then returns. A place keeps
//! its first position; a return to the start closes a loop. A journey needs two distinct stops
//! and more than a meeting venue.
//!
//! Every window read here lies inside one sentence, and sentences are bounded
//! ([`super::sentences::MAX_SENTENCE_CHARS`]), so the pass is linear in the text.

use super::lexicon::{self, MotionClass};
use super::mode::TravelMode;
use super::route::{is_stop_kind, Waypoint};
use super::sentences::Sentences;
use crate::model::Mention;

/// Least confidence of a place named with a strong travel cue ("left X", "arrived in X"): the
/// cue is evidence that the name is a place, so it may be below [`super::MIN_CONFIDENCE`].
pub const MIN_STOP_CONFIDENCE: f64 = 0.15;

/// Where a stop sits in the time order of a journey. Order is time order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    /// Where the journey starts.
    Origin,
    /// What the text says had happened before its main events.
    Before,
    /// A stop on the way.
    Stop,
    /// Where the meeting the journey was for took place: the destination.
    Venue,
    /// A stop still to come.
    Planned,
    /// The way back.
    Return,
}

impl Phase {
    /// Phases whose stops may interleave when stories are merged (their relative order comes
    /// from the texts and the map): origin, travelled, venue, planned, return.
    pub fn group(self) -> u8 {
        match self {
            Phase::Origin => 0,
            Phase::Before | Phase::Stop => 1,
            Phase::Venue => 2,
            Phase::Planned => 3,
            Phase::Return => 4,
        }
    }
}

/// One stop the text gives, with its phase.
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// The place and how sure the text makes it.
    pub waypoint: Waypoint,
    /// When in the journey it comes.
    pub phase: Phase,
    /// The traveller's name when the sentence gives one ("Lorna", "Kim"): articles that name
    /// the same traveller tell the same journey.
    pub traveller: Option<String>,
    /// The place's country code and admin1, which say whether an area stop holds it.
    pub within: (Option<String>, Option<String>),
    /// For a country, state or province named as a stop, its kind.
    pub area: Option<crate::gazetteer::Kind>,
}

impl Stop {
    /// Whether this stop is an area that holds `other` (a point stop): "Syria" holds "Dar'a".
    pub fn holds(&self, other: &Stop) -> bool {
        let same_country = other.within.0.is_some() && other.within.0 == self.within.0;
        match self.area {
            Some(crate::gazetteer::Kind::Country) => same_country && other.area.is_none(),
            Some(_) => {
                same_country && other.area.is_none() && other.within.1.is_some() && other.within.1 == self.within.1
            }
            None => false,
        }
    }
}

/// A travel cue and how sure it makes us.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Cue {
    Origin(f64),
    Stop(f64),
    Venue(f64),
    Return(f64),
}

/// Words that start a journey.
const ORIGIN_CUES: &[&str] = &[
    "rolled out of",
    "out of",
    "set off from",
    "set out from",
    "set sail from",
    "took off from",
    "started in",
    "began in",
    "starting in",
    "starting from",
    "left",
    "departed",
    "departing",
    "leaving",
    "departs",
    "leaves",
];

/// Words that make the next place a stop, whatever the sentence says otherwise.
const STOP_CUES: &[&str] = &[
    "arrived in",
    "arrived at",
    "arriving in",
    "arriving at",
    "arrive in",
    "arrive at",
    "arrives in",
    "arrives at",
    "reach",
    "reached",
    "reaches",
    "reaching",
    "stopped in",
    "stopped at",
    "stopping in",
    "stopping at",
    "stops in",
    "stops at",
    "stop in",
    "stop at",
    "stopped over in",
    "refuelled in",
    "refueled in",
    "refuelled at",
    "refueled at",
    "departed for",
    "left for",
    "leaving for",
    "headed for",
    "headed to",
    "bound for",
    "via",
    "visit",
    "visiting",
    "visits",
    "visited",
    "called at",
    "calls at",
    "docked in",
    "docked at",
    "landed in",
    "landed at",
    "continued to",
    "went on to",
    "on to",
    "onward to",
    "from there to",
    "and then",
    "then",
    "then on to",
    "then at",
    "then in",
    "then to",
    "rolled into",
    "sailed into",
    "passed through",
];

const RETURN_CUES: &[&str] = &["returned to", "return to", "returning to", "back to", "home to"];

/// Nouns of things that run between places, and of prices: "the trail from X to Y", "fares
/// from X to Y" describe an extent, not a trip. (A short hand list: WordNet files these under
/// artifacts and possessions, far from the travel words the lexicon takes.)
const EXTENT_WORDS: &[&str] = &[
    "trail", "road", "highway", "route", "line", "pipeline", "railway", "railroad", "bridge", "tunnel", "corridor",
    "stretch", "section", "border", "fare", "ticket", "price", "cost", "service", "distance",
];

/// Words that make a sentence's travel hypothetical, counterfactual or a matter of cost:
/// "rather than flying to X", "if the team moves to X", "$40 more than a flight from X".
const UNREAL: &[&str] =
    &["rather than", "instead of", "if ", "would ", "could ", "might ", "$", "cost", "percent", "%"];

/// Words that deny a whole sentence's travel: "forbade them from leaving X", "flights to X were
/// banned".
const DENIED: &[&str] =
    &["forbade", "forbidden", "banned", "barred", "prevented", "not allowed", "cancelled", "canceled"];

/// Words right after a place that make it a name of something else: "Palestine police",
/// "Moscow officials", "a Dallas man".
const NOT_A_STOP_AFTER: &[&str] = &[
    "police",
    "officials",
    "authorities",
    "council",
    "commission",
    "department",
    "man",
    "woman",
    "men",
    "women",
    "resident",
    "residents",
    "native",
    "company",
    "firm",
    "avenue",
    "street",
    "road",
    "boulevard",
    "county",
    "district",
    "school",
    "schools",
];

/// Phrases of travel with no verb or noun of motion in them (the lexicon's verbs and nouns
/// cover the rest: "fled X", "touched down in X", "a stopover in X").
const ROUTE_PHRASES: &[&str] = &[
    "en route to",
    "on the way to",
    "on his way to",
    "on her way to",
    "on its way to",
    "on their way to",
    "on our way to",
    "on my way to",
    "wound up in",
    "ended up in",
];

/// How a storm hits a place ("brushed X", "lashed X").
const STORM_CUES: &[&str] = &["brushed", "hit", "struck", "lashed", "battered", "pounded", "swept", "slammed into"];

/// Motion verbs: a weak preposition ("from", "to", "through") right after one of these ties the
/// place to the traveller. Matched at word starts.
const MOTION: &[&str] = &[
    "left", "leav", "depart", "flew", "fly", "flies", "flown", "sail", "drove", "drive", "driv", "rode", "travel",
    "came", "come", "brought", "moved", "mov", "shipped", "walk", "hiked", "cycled", "set off", "set out", "took off",
    "rolled", "headed", "heading", "return", "evacuat", "arriv", "cross", "journey", "ferried", "steam", "cruis",
    "went", "go ", "going", "continu", "proceed", "march", "trek",
];

/// How a storm moves over places ("made landfall near X", "moved over X", "south of X").
const STORM_MOTION: &[&str] = &[
    "landfall", "brush", "hit", "struck", "strik", "pass", "cross", "mov", "track", "swept", "sweep", "weaken",
    "batter", "lash", "pound", "slam", "reach", "head",
];
const STORM_PREPOSITIONS: &[&str] = &["near", "over", "of", "at", "in", "on", "across", "toward", "towards"];

/// Who or what travels. Whole words (or their plural in "s"); a capitalised word that is not a place (a
/// person's name) before the place counts too.
const TRAVELLERS: &[&str] = &[
    "train",
    "ship",
    "vessel",
    "ferry",
    "boat",
    "tanker",
    "freighter",
    "carrier",
    "convoy",
    "truck",
    "lorr",
    "bus",
    "plane",
    "aircraft",
    "jet",
    "flight",
    "delegation",
    "leader",
    "president",
    "minister",
    "king",
    "queen",
    "prince",
    "princess",
    "couple",
    "pope",
    "premier",
    "chancellor",
    "envoy",
    "secretary",
    "team",
    "passenger",
    "traveller",
    "traveler",
    "pilgrim",
    "refugee",
    "migrant",
    "storm",
    "hurricane",
    "typhoon",
    "cyclone",
    "motorcade",
    "caravan",
    "crew",
    "we",
    "us",
    "i",
    "he",
    "she",
    "they",
    "it",
    // Possessives name the traveller too: "his plan was to stop in X".
    "his",
    "her",
    "their",
    "the two",
    "both",
];

/// Pronouns that carry the person the story last named as a traveller.
const PERSONAL_PRONOUNS: &[&str] = &["he ", "she ", "his ", "her ", "him "];

const FUTURE: &[&str] = &[
    "will ",
    "plan ",
    "planning to",
    "intends to",
    "expected to",
    "expect ",
    "plans to",
    "planned",
    "is due to",
    "are due to",
    "scheduled to",
    "is set to",
    "forecast to",
    "next week",
    "would then",
];

/// Words of a sentence that tells where an incident happened: its scene stays the origin of
/// someone taken away from it for up to [`INCIDENT_GAP`] sentences.
const INCIDENT_WORDS: &[&str] = &["happened", "occurred", "took place", "incident", "accident", "crash", "collision"];

/// Words that place someone's home or work (hand list: a residence is not motion, so the
/// WordNet motion lexicon has no class for it).
const HOME_WORDS: &[&str] =
    &["lived", "living", "live in", "lives", "resided", "employed", "worked", "working", "grew up", "settled"];

/// Verbs of relocation in the past: someone who moved went from where they lived.
const RELOCATION_WORDS: &[&str] = &["moved", "relocated"];

/// How many sentences back an incident's scene may be (see [`INCIDENT_WORDS`]).
const INCIDENT_GAP: usize = 5;

/// Words that make a stop the next step after the one before ("and then visit X").
const SEQUENCE_WORDS: &[&str] = &["then", "before", "after", "onward", "on to", "continu", "next"];

/// Words that set a stop before the main events.
const BEFORE: &[&str] = &[" had ", "earlier", "previously"];

/// How many words before a place [`BEFORE`] reaches.
const BEFORE_REACH: usize = 10;

/// Words that say how a traveller moves, per mode. Whole words (or their plural in "s").
const MODE_WORDS: &[(TravelMode, &[&str])] = &[
    (TravelMode::Storm, &["hurricane", "storm", "typhoon", "cyclone", "landfall", "tropical"]),
    (
        TravelMode::Sea,
        &[
            "ship",
            "vessel",
            "ferry",
            "ferries",
            "sail",
            "sailed",
            "sailing",
            "docked",
            "tanker",
            "freighter",
            "cruise",
            "boat",
            "voyage",
        ],
    ),
    (TravelMode::Rail, &["train", "rail", "railway", "locomotive", "bogies", "carriage"]),
    (
        TravelMode::Air,
        &[
            "flew",
            "fly",
            "flies",
            "flown",
            "flight",
            "plane",
            "jet",
            "airliner",
            "airport",
            "took off",
            "refuelled",
            "refueled",
            "airlifted",
            "helicopter",
        ],
    ),
    (
        TravelMode::Road,
        &[
            "convoy",
            "truck",
            "lorry",
            "lorries",
            "drove",
            "drive",
            "driving",
            "driven",
            "car",
            "ambulance",
            "bus",
            "motorcade",
            "walked",
            "road",
            "bicycle",
            "bike",
        ],
    ),
];

fn at_word_start(low: &str, i: usize) -> bool {
    i == 0 || !low[..i].chars().next_back().is_some_and(char::is_alphanumeric)
}

/// Whether `low` has a word starting with one of `stems` (a stem may span words: "set off").
fn has_word(low: &str, stems: &[&str]) -> bool {
    stems.iter().any(|st| low.match_indices(st).any(|(i, _)| at_word_start(low, i)))
}

/// Whether `low` has a word starting with one of `stems` used as a verb: not right after a
/// determiner or a possessive ("the visit", "Kim's tour" are nouns; "to visit" is a verb).
fn has_verb(low: &str, stems: &[&str]) -> bool {
    stems.iter().any(|st| {
        low.match_indices(st).any(|(i, _)| {
            let prev = low[..i].split(|c: char| c.is_whitespace() || c == ',').rfind(|w| !w.is_empty()).unwrap_or("");
            at_word_start(low, i)
                && !DETERMINERS.contains(&prev)
                && !matches!(prev, "this" | "that" | "each" | "every" | "whose")
                && !prev.ends_with("'s")
                && !prev.ends_with("’s")
        })
    })
}

/// Words that deny the mode word after them: "refusing to fly", "without a single flight",
/// "rather than the train".
const NEGATIONS: &[&str] =
    &["without", "not", "no", "never", "refusing", "refused", "refuse", "instead", "rather", "avoiding"];

/// Whether one of the three words before byte `i` of `low` denies what follows.
fn negated(low: &str, i: usize) -> bool {
    last_words(&low[..i], 3).split(|c: char| !c.is_alphanumeric()).any(|w| NEGATIONS.contains(&w))
}

/// How many times `low` has one of `words` as a whole word (or its plural in "s"), not denied
/// by a negation just before it.
fn count_whole(low: &str, words: &[&str]) -> usize {
    words.iter().map(|w| whole_word_at(low, w).filter(|&i| !negated(low, i)).count()).sum()
}

/// Where `word` stands in `low` as a whole word (or its plural in "s").
fn whole_word_at<'a>(low: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    low.match_indices(word).map(|(i, _)| i).filter(move |&i| {
        let rest = &low[i + word.len()..];
        let rest = rest.strip_prefix('s').unwrap_or(rest);
        at_word_start(low, i) && !rest.chars().next().is_some_and(char::is_alphanumeric)
    })
}

/// The mode a stretch of lowercase text implies: the mode with the most words, `None` when no
/// mode word occurs or two modes tie.
pub fn mode_of(low: &str) -> Option<TravelMode> {
    let counts: Vec<(TravelMode, usize)> = MODE_WORDS.iter().map(|(m, w)| (*m, count_whole(low, w))).collect();
    let best = counts.iter().map(|c| c.1).max().unwrap_or(0);
    let mut winners = counts.iter().filter(|c| c.1 == best && best > 0);
    match (winners.next(), winners.next()) {
        (Some(w), None) => Some(w.0),
        _ => None,
    }
}

/// The last `n` words of `s`.
fn last_words(s: &str, n: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (i, c) in s.char_indices().rev() {
        if c.is_whitespace() {
            if in_word {
                seen += 1;
                if seen == n {
                    return &s[i + c.len_utf8()..];
                }
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    s
}

/// Words that open a description of a place: "the border town of", "his hometown of".
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its", "our", "my"];

/// Strip what may stand between a cue and a place: articles and descriptions ending in "of"
/// ("the border town of", "the Russian city of").
fn strip_description(window: &str) -> &str {
    let mut w = window.trim_end().trim_end_matches(['(', '"', '“']).trim_end();
    if w.ends_with(" of") || w == "of" {
        let words: Vec<(usize, &str)> =
            w.split_whitespace().map(|x| (x.as_ptr() as usize - w.as_ptr() as usize, x)).collect();
        if let Some(&(at, _)) = words.iter().rev().take(5).find(|(_, x)| DETERMINERS.contains(x)) {
            // Only a description: "rolled out of" keeps its verb.
            if !has_word(&w[at..], MOTION) && !w.ends_with("out of") {
                w = w[..at].trim_end();
            }
        }
    }
    // An appositive naming what the place is, in a determiner and at most two words: "drove
    // from the capital, X", "left their base, X" (not "tours from a visitor's centre, X").
    if let Some(x) = w.strip_suffix(',') {
        let words: Vec<(usize, &str)> =
            x.split_whitespace().map(|y| (y.as_ptr() as usize - x.as_ptr() as usize, y)).collect();
        let tail = words.iter().rev().take(3).collect::<Vec<_>>();
        if let Some(&&(at, _)) = tail.iter().find(|(_, y)| DETERMINERS.contains(y)) {
            if !has_word(&x[at..], MOTION) && !lexicon::any_motion(&x[at..], 4) && at > 0 {
                w = x[..at].trim_end();
            }
        }
    }
    // An article before the name, also when the name qualifies a noun: "to a Manchester hospital".
    for article in ["the", "a", "an"] {
        if w == article {
            return "";
        }
        if let Some(x) = w.strip_suffix(article).filter(|x| x.ends_with(' ')) {
            return x.trim_end();
        }
    }
    w
}

/// The cue in `window` (lowercase words between the previous mention of the sentence and this
/// one) given the sentence so far (`prefix`), whether the previous mention was a stop (for
/// lists) and whether the sentence is about a storm.
fn cue(window: &str, prefix: &str, prev_was_stop: bool, storm: bool) -> Option<Cue> {
    let raw = window.trim_end();
    let w = strip_description(window);
    // `w` is `p`, or ends with " p" or ",p" (no allocation: this runs for every cue word).
    let ends =
        |p: &str| w.strip_suffix(p).is_some_and(|rest| rest.is_empty() || rest.ends_with(' ') || rest.ends_with(','));
    // Verbs that make "at X" or "in X" a stop must be close before it, in the same clause.
    // (The description stripped off the window is not counted: "visit factories in the city of X".)
    let lead = prefix.get(..prefix.len().saturating_sub(window.len() - w.len())).unwrap_or(prefix);
    let clause = lead.rfind([',', ';', ':', '—', '–', '(']).map_or(lead, |i| &lead[i..]);
    let said = |words: &[&str]| has_word(last_words(clause, 8), words);
    // "without stopping in X", "never reached X", "did not fly to X".
    if negated(w, w.len()) {
        return None;
    }
    if RETURN_CUES.iter().any(|p| ends(p)) {
        return Some(Cue::Return(0.8));
    }
    if ORIGIN_CUES.iter().any(|p| ends(p)) {
        return Some(Cue::Origin(0.85));
    }
    if STOP_CUES.iter().any(|p| ends(p)) || ROUTE_PHRASES.iter().any(|p| ends(p)) {
        return Some(Cue::Stop(0.9));
    }
    // The lexicon's verbs right before the place: "fled X", "reached X", "visited X", "returned
    // to X", "touched down in X".
    if let Some(c) = lexicon_cue(w) {
        return Some(c);
    }
    // A weak preposition needs a word of motion just before it, or a list of stops it continues.
    let motion_near = |n: usize| has_word(last_words(prefix, n), MOTION) || lexicon::any_motion(prefix, n);
    // "the trail from X to Y", "fares from X": an extent, not a trip — unless a verb of motion
    // comes before it ("moved the firm across the county line from X").
    let near = last_words(prefix, 4);
    let before_extent = &prefix[..prefix.len() - near.len()];
    let clause_before =
        before_extent.rfind([',', ';', ':', '—', '–', '(']).map_or(before_extent, |i| &before_extent[i..]);
    let moved_before = |t: &str| has_word(last_words(t, 8), MOTION) || lexicon::any_motion(t, 8);
    if (ends("from") || ends("to")) && has_word(near, EXTENT_WORDS) && !moved_before(clause_before) {
        return None;
    }
    let moving = motion_near(9);
    // "from" takes its verb from anywhere in the clause: "walk from his hometown of X".
    let clause_all = prefix.rfind([',', ';', ':', '—', '–', '(']).map_or(prefix, |i| &prefix[i..]);
    // "a nurse from X", "students from X" say who they are, not where a trip began.
    let describes_someone =
        w.strip_suffix(" from").and_then(|h| h.rsplit(' ').next()).is_some_and(lexicon::is_person_noun);
    if ends("from") && !describes_someone && (motion_near(6) || moved_before(clause_all)) {
        return Some(Cue::Origin(0.75));
    }
    let short = raw.split_whitespace().count() <= 2;
    if (ends("to") || ends("into") || ends("through")) && (moving || (prev_was_stop && short)) {
        return Some(Cue::Stop(0.7));
    }
    // "left X for Y": the destination of the departure just named.
    if ends("for")
        && prev_was_stop
        && short
        && has_word(last_words(prefix, 6), &["left", "leav", "depart", "set off", "set out", "set sail", "sail"])
    {
        return Some(Cue::Stop(0.75));
    }
    if storm && STORM_CUES.iter().any(|p| ends(p)) {
        return Some(Cue::Stop(0.85));
    }
    if storm && STORM_PREPOSITIONS.iter().any(|p| ends(p)) && has_word(last_words(prefix, 8), STORM_MOTION) {
        return Some(Cue::Stop(0.75));
    }
    // Where someone had been before: "he had previously been in X" (not "has been in talks").
    if (ends("been in") || ends("been to") || ends("been at"))
        && has_word(last_words(prefix, 5), &["had", "previously", "earlier", "recently"])
    {
        return Some(Cue::Stop(0.8));
    }
    if (ends("at") || ends("near")) && said(&["cross", "stop", "arriv", "change", "call", "halt", "pass"]) {
        return Some(Cue::Stop(0.8));
    }
    if ends("at") && said(&["meet", "met", "meeting", "talks", "summit", "hosted"]) {
        return Some(Cue::Venue(0.6));
    }
    // "stop", "visit", "tour" … may be nouns: after a determiner they name the event, not a
    // stay of the traveller ("the visit has raised concerns in X").
    if ends("in")
        && (said(&["overnight", "night", "stayed", "landed"])
            || has_verb(
                last_words(clause, 8),
                &["arriv", "stop", "call", "rest ", "change", "visit", "tour", "inspect"],
            ))
    {
        return Some(Cue::Stop(0.75));
    }
    // The town of a place someone went or was taken to: "drove her to a shop in X", "was flown
    // to a medical center in X" (the place between may itself hold a name: "North Memorial").
    if ends("in") && destination_in_town(prefix) {
        return Some(Cue::Stop(0.75));
    }
    // A noun of travel: "a stopover in X", "her visit in X".
    if ends("in") && w.strip_suffix(" in").and_then(|h| h.rsplit(' ').next()).is_some_and(lexicon::is_trip_noun) {
        return Some(Cue::Stop(0.75));
    }
    // A list continues the stop before it ("called at Singapore and Colombo").
    if prev_was_stop && short && is_list(w) {
        return Some(Cue::Stop(0.7));
    }
    None
}

/// Whether `prefix` ends "<motion> to <a short noun phrase> in": the place after it is the town
/// of where the motion went.
fn destination_in_town(prefix: &str) -> bool {
    let tail = last_words(prefix, 9).trim_end();
    let Some(body) = tail.strip_suffix(" in") else { return false };
    let Some((before, between)) = body.rsplit_once(" to ") else { return false };
    let between: Vec<&str> = between.split_whitespace().collect();
    (1..=5).contains(&between.len())
        && !between.iter().any(|w| matches!(*w, "and" | "or" | "to" | "from") || w.ends_with(','))
        && (has_word(last_words(before, 3), MOTION) || lexicon::any_motion(before, 3))
}

/// The cue the lexicon gives when `w` (the words before a place, description stripped) ends
/// with a verb of travel, alone or with the preposition its class takes.
fn lexicon_cue(w: &str) -> Option<Cue> {
    let (head, prep) = match w.rsplit_once(' ') {
        Some((h, p @ ("to" | "in" | "at" | "into" | "on"))) => (h, Some(p)),
        _ => (w, None),
    };
    match (lexicon::verb_at_end(head)?, prep) {
        (MotionClass::Depart, None) => Some(Cue::Origin(0.85)),
        (MotionClass::Arrive | MotionClass::Visit, None | Some("in" | "at" | "on")) => Some(Cue::Stop(0.85)),
        (MotionClass::Return, Some("to")) => Some(Cue::Return(0.8)),
        _ => None,
    }
}

/// Phrases that set a sentence in the past of the story: "his last visit", "years ago".
const BACKGROUND: &[&str] = &[
    "last year",
    "years ago",
    "last time",
    "previous visit",
    "previous trip",
    "last visit",
    "last trip",
    "in the past",
];

/// The years a text names (1900–2099, as whole numbers).
/// A number after "No." or "#" is a number, not a year ("VFW Post No. 1922").
fn years(low: &str) -> impl Iterator<Item = u16> + '_ {
    low.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter(move |w| {
            let before = low[..w.as_ptr() as usize - low.as_ptr() as usize].trim_end();
            !(before.ends_with('#') || before.ends_with("no.") || before.ends_with(" no"))
        })
        .filter_map(|w| w.parse::<u16>().ok())
        .filter(|y| (1900..2100).contains(y))
}

/// The year the story happens in: the latest year the text names, if it names one.
fn story_year(sentences: &Sentences) -> Option<u16> {
    let (_, end) = sentences.spans().last().copied()?;
    years(&sentences.lower(0, end)).max()
}

/// Whether a sentence tells background: it names only years before the story's, or says so
/// ("last year", "years ago"). Its places are not stops of today's journey.
fn background(low: &str, story_year: Option<u16>) -> bool {
    let mut named = years(low).peekable();
    let earlier = named.peek().is_some() && story_year.is_some_and(|y| named.all(|n| n < y));
    earlier || BACKGROUND.iter().any(|b| low.contains(b))
}

/// Kinds of area a journey may name as a stop: a country, a state or province.
fn is_areal_stop_kind(k: crate::gazetteer::Kind) -> bool {
    matches!(k, crate::gazetteer::Kind::Country | crate::gazetteer::Kind::Admin1)
}

/// Whether the words before a place (description stripped) set something there: "a crash in",
/// "was found near", "outside".
fn is_locative(w: &str) -> bool {
    let last = w.rsplit([' ', ',']).next().unwrap_or("");
    matches!(last, "in" | "at" | "near" | "outside" | "on")
}

/// Whether the words between the previous place and this one (description stripped) only
/// continue a list ("X, Y and").
fn is_list(w: &str) -> bool {
    w.is_empty() || w == "," || w == "and" || w.ends_with(" and") || w.ends_with(",and") || w.ends_with(',')
}

/// Capitalised words that are not names of travellers.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "After",
    "Before",
    "Officials",
    "This",
    "That",
    "There",
    // Words that open a sentence after the first (its leading space makes them look mid-sentence).
    "From",
    "Then",
    "When",
    "While",
    "But",
    "And",
    "With",
    "For",
    "During",
    "Since",
    "He",
    "She",
    "They",
    "We",
    "It",
    "His",
    "Her",
    "Their",
    "Its",
    "Our",
    "Everyone",
    "Nobody",
    "Each",
    "One",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Verbs after a sentence's first word that make it a name ("Davis was taken to X").
const SINGULAR_VERBS: &[&str] =
    &["was", "has", "had", "is", "will", "plans", "says", "said", "told", "hopes", "wants", "intends"];

/// The traveller the sentence so far names: `Some(Some(name))` for a capitalised word that is
/// not at the sentence start, not a place and not a dateline (the last such word, nearest the
/// place), `Some(None)` for a traveller word ("the train", "she"), `None` for no traveller.
fn traveller(
    sentences: &Sentences,
    low_prefix: &str,
    start: usize,
    places: &[(usize, usize)],
) -> Option<Option<String>> {
    let mut name: Option<String> = None;
    let mut word = String::new();
    let mut word_at = 0;
    let mut last_word = String::new();
    let mut first = true;
    let mut prev = ' ';
    for (k, c) in low_prefix.chars().chain(std::iter::once(' ')).enumerate() {
        if c.is_alphanumeric() || (c == '-' && !word.is_empty()) {
            if word.is_empty() {
                word_at = k;
                // The sentence's span may begin with the white space after the one before.
                first = last_word.is_empty();
                if first || !(prev.is_whitespace() || matches!(prev, '"' | '“' | '(')) {
                    word.push('\0'); // not a candidate: sentence start or inside a token
                }
            }
            word.push(c);
        } else if !word.is_empty() {
            let at = start + word_at;
            // The sentence's first word is a name when a singular verb follows it: "Davis was
            // taken to X" ("Officials were", "Police said" are not travellers).
            // So is it with a possessive: "Kim's train stopped in X".
            let opens = first && word.starts_with('\0') && {
                let next = low_prefix.chars().skip(k + 1).take_while(|c| c.is_alphanumeric()).collect::<String>();
                (matches!(c, '\'' | '’') && next == "s")
                    || SINGULAR_VERBS.contains(&next.as_str())
                    || lexicon::verb(&next).is_some_and(|v| v != MotionClass::Transport) && next.ends_with("ed")
            };
            let candidate = (opens || !word.starts_with('\0'))
                && sentences.is_upper(at)
                && !sentences.is_upper(at + 1)
                && word.trim_start_matches('\0').chars().count() >= 3
                && !places.iter().any(|&(a, b)| a <= at && at < b)
                // A capitalised word right after a place goes on with its name: "Queen
                // Elizabeth Hospital", "Paris Regional Medical Center".
                && !places.iter().any(|&(_, b)| b + 1 == at);
            // After a determiner a capitalised word qualifies a noun: "the Russian city of".
            if candidate && !DETERMINERS.contains(&last_word.as_str()) {
                let original = sentences.original(at, at + word.trim_start_matches('\0').chars().count());
                if !NOT_NAMES.contains(&original.as_str()) {
                    name = Some(original);
                }
            }
            last_word.clear();
            last_word.push_str(word.trim_start_matches('\0'));
            word.clear();
        }
        prev = c;
    }
    if name.is_some() {
        return Some(name);
    }
    (count_whole(low_prefix, TRAVELLERS) > 0 || lexicon::names_people(low_prefix)).then_some(None)
}

/// The first traveller word of a sentence ("train", "delegation"), for a leg's `traveller`.
fn traveller_word(low: &str) -> Option<String> {
    TRAVELLERS
        .iter()
        .filter(|w| {
            w.len() > 2 && !matches!(**w, "she" | "they" | "his" | "her" | "their" | "the two" | "both" | "lorr")
        })
        .filter_map(|w| whole_word_at(low, w).find(|&i| !negated(low, i)).map(|i| (i, *w)))
        .min()
        .map(|(_, w)| format!("the {w}"))
}

/// The stops the text gives, in journey order, each place once (but a return to the start).
pub fn stops(mentions: &[Mention], sentences: &Sentences, skip_sentence: &dyn Fn(usize) -> bool) -> Vec<Stop> {
    struct Found {
        phase: Phase,
        /// The planned end of a whole trip ("plans to ride from X to Y"): after every other
        /// planned stop, wherever the text names it.
        goal: bool,
        /// Named as the next item of a list of stops ("to X, Y and Z") or the next step of a
        /// sequence ("and then visit X").
        listed: bool,
        sentence: usize,
        start: usize,
        stop: Stop,
    }
    let mut found: Vec<Found> = Vec::new();
    let mut prev_end: Option<(usize, usize)> = None; // (sentence, end offset)
    let mut prev_was_stop = false;
    let mut sentence_places: Vec<(usize, usize)> = Vec::new();
    let mut current_sentence = usize::MAX;
    // Per sentence: (lowercase text, storm, traveller-free prefix checked lazily).
    let mut sentence_low = String::new();
    // The year the story happens in, found when a stop first needs it (most texts give none).
    let mut year: Option<Option<u16>> = None;
    // The last place named as where something happened ("a crash in X"): (sentence, mention).
    let mut scene: Option<(usize, &Mention)> = None;
    let mut scene_here: Option<(usize, &Mention)> = None;
    // Whether the scene's sentence tells the incident itself ("the crash happened in Y").
    let (mut scene_incident, mut scene_here_incident) = (false, false);
    // Whether the scene's sentence places someone's home or work there ("lived in Y").
    let (mut scene_home, mut scene_here_home) = (false, false);
    // The last person the stops named: "he", "she", "his" in a later sentence is that person.
    let mut last_named: Option<(usize, String)> = None;
    for (mi, m) in mentions.iter().enumerate() {
        if let Some(s) = scene_here.take() {
            scene = Some(s);
            scene_incident = scene_here_incident;
            scene_home = scene_here_home;
        }
        let si = sentences.index_of(m.start);
        let (s_start, s_end) = sentences.spans().get(si).copied().unwrap_or((0, 0));
        if si != current_sentence {
            current_sentence = si;
            sentence_places.clear();
            sentence_low = sentences.lower(s_start, s_end);
        }
        // A name the resolver doubts is a place may be the traveller's ("Jones was taken to X").
        if m.confidence >= super::MIN_CONFIDENCE {
            sentence_places.push((m.start, m.end));
        }
        let window_start = match prev_end {
            Some((ps, end)) if ps == si => end,
            _ => {
                prev_was_stop = false;
                s_start
            }
        };
        prev_end = Some((si, m.end));
        // A country, state or province is a stop only when a cue names it as a point of the
        // movement ("fled Syria for Lebanon", "moved to Texas"), never as part of a list.
        let areal = m.place.kind.is_some_and(is_areal_stop_kind);
        let usable = !m.adjective
            && m.confidence >= MIN_STOP_CONFIDENCE
            && m.place.kind.is_some_and(|k| is_stop_kind(k) || is_areal_stop_kind(k))
            && !skip_sentence(si);
        if !usable {
            // A country or region between two stops ("crossed into Russia at Khasan") does not
            // break a list, but it does end the window.
            continue;
        }
        let prefix = sentences.lower(s_start, m.start);
        let window = sentences.lower(window_start, m.start);
        let storm = count_whole(&sentence_low, MODE_WORDS[0].1) > 0;
        let c = cue(&window, &prefix, prev_was_stop, storm).filter(|c| {
            // A place the resolver is unsure of needs a strong cue ("left Dover").
            m.confidence >= super::MIN_CONFIDENCE
                || matches!(c, Cue::Origin(w) | Cue::Stop(w) if *w >= 0.85)
                || (m.confidence >= DOUBTED_NEAR_CONFIDENCE
                    && matches!(c, Cue::Origin(_) | Cue::Stop(_))
                    && !(prev_was_stop && is_list(strip_description(&window)))
                    && near_a_sure_place(m, mentions))
        });
        // Where someone is treated is where they were taken, not where it happened: "died in
        // a Y hospital".
        let care = || {
            let next = sentences.lower(m.end, s_end.min(m.end + 20));
            has_word(next.trim_start(), &["hospital", "medical", "clinic", "hospice"]) && next.starts_with(' ')
        };
        let after = sentences.lower(m.end, s_end.min(m.end + 24));
        // "to the X University Hospital in Y": X names the hospital, whose town is Y.
        let names_a_place_in_the_next = mentions.get(mi + 1).is_some_and(|n| {
            n.start <= s_end && {
                let between = sentences.lower(m.end, n.start);
                between.ends_with(" in ") && destination_in_town(&sentences.lower(s_start, n.start))
            }
        });
        let names_something_else = names_a_place_in_the_next
            || after.split(|ch: char| !ch.is_alphanumeric()).find(|w| !w.is_empty()).is_some_and(|w| {
                NOT_A_STOP_AFTER.contains(&w) && !after.trim_start().starts_with(|ch: char| ch.is_ascii_punctuation())
            });
        // "at X, near Y": Y says where X is; the scene stays X.
        let qualifies_previous =
            window_start != s_start && strip_description(&window).trim_start_matches([',', ' ']) == "near";
        if !areal && is_locative(strip_description(&window)) && !care() && !qualifies_previous && !names_something_else
        {
            scene_here = Some((si, m));
            scene_here_incident = has_word(&sentence_low, INCIDENT_WORDS);
            scene_here_home = has_word(&sentence_low, HOME_WORDS);
        }
        if areal && (c.is_none() || matches!(c, Some(Cue::Venue(_))) || is_list(strip_description(&window))) {
            continue;
        }
        let Some(c) = c else {
            prev_was_stop = false;
            continue;
        };
        // "Letters were sent to X, Y and Z": each item goes to one place; the list is not a way.
        let listed = prev_was_stop && is_list(strip_description(&window));
        if listed && lexicon::distributes(&prefix) {
            continue;
        }
        let listed = listed || (prev_was_stop && has_word(&window, SEQUENCE_WORDS));
        let unreal = UNREAL.iter().any(|u| sentence_low.contains(u)) && !sentence_low.contains("would then");
        let denied = DENIED.iter().any(|d| sentence_low.contains(d));
        let weak = matches!(c, Cue::Origin(w) | Cue::Stop(w) if w < 0.85);
        if names_something_else || denied || (unreal && weak) {
            prev_was_stop = false;
            continue;
        }
        // A sentence about a storm has the storm for its traveller.
        // The traveller may also come after the place ("After a night in Madrid we went on").
        let anywhere = storm || count_whole(&sentence_low, TRAVELLERS) > 0;
        let Some(named) = traveller(sentences, &prefix, s_start, &sentence_places).or(anywhere.then_some(None)) else {
            prev_was_stop = false;
            continue;
        };
        let named = match named {
            Some(n) => {
                last_named = Some((si, n.clone()));
                Some(n)
            }
            // A pronoun stands for a traveller named a few sentences before, not for one named
            // pages back with other people in between.
            None if has_word(last_words(&prefix, 12), PERSONAL_PRONOUNS) => {
                last_named.clone().filter(|(s, _)| si - s <= MAX_SENTENCE_GAP).map(|(_, n)| n)
            }
            None => None,
        };
        if background(&sentence_low, *year.get_or_insert_with(|| story_year(sentences))) {
            prev_was_stop = false;
            continue;
        }
        // "said he would visit X": reported plans are plans.
        let future = FUTURE.iter().any(|f| prefix.contains(f)) || has_word(last_words(&prefix, 6), &["would "]);
        // Told as before the main events when the words leading to the place say so ("who had
        // been held in X were taken to Y": Y is today's stop, not an earlier one).
        let lead = format!(" {}", last_words(&prefix, BEFORE_REACH));
        let before = BEFORE.iter().any(|f| lead.contains(f));
        let (phase, weight) = match c {
            Cue::Origin(w) => (Phase::Origin, w),
            Cue::Stop(w) | Cue::Venue(w) if future => (Phase::Planned, w),
            Cue::Stop(w) if before => (Phase::Before, w),
            Cue::Stop(w) => (Phase::Stop, w),
            Cue::Venue(w) => (Phase::Venue, w),
            Cue::Return(w) => (Phase::Return, w),
        };
        prev_was_stop = true;
        let goal = phase == Phase::Planned
            && strip_description(&window).trim() == "to"
            && found.last().is_some_and(|f| f.phase == Phase::Origin && f.sentence == si);
        let found_at = |m: &Mention, phase: Phase, weight: f64, si: usize, low: &str| Found {
            phase,
            goal: goal && phase == Phase::Planned,
            listed,
            sentence: si,
            start: m.start,
            stop: Stop {
                phase,
                traveller: named.clone(),
                within: (m.place.country_code.clone(), m.place.admin1.clone()),
                area: m.place.kind.filter(|k| is_areal_stop_kind(*k)),
                waypoint: Waypoint {
                    name: m.place.name.clone(),
                    lon: m.place.lon,
                    lat: m.place.lat,
                    place_id: Some(m.place.id),
                    planned: future && phase != Phase::Origin,
                    evidence: Some(sentences.text(si)),
                    confidence: ((weight * m.confidence) * 1000.0).round() / 1000.0,
                    mode: mode_of(low),
                    traveller: named.clone().or_else(|| traveller_word(&sentence_low)),
                },
            },
        };
        // Someone taken somewhere with no origin named ("Davis was taken to a X hospital") was
        // taken from the scene the story last placed within two sentences ("a crash in Y"), or
        // within five when that sentence tells the incident ("the shooting happened in Y").
        // Someone who moved to X with no origin named moved from where the sentence before
        // placed their home or work ("were employed at Y … Later they moved to X").
        let relocated = has_word(last_words(&prefix, 3), RELOCATION_WORDS) && scene_home;
        let from_scene = (phase == Phase::Stop && !areal && (lexicon::passive_motion(&prefix, 7) || relocated))
            .then_some(scene)
            .flatten()
            .filter(|&(ss, sm)| {
                (si - ss <= MAX_SENTENCE_GAP || (si - ss <= INCIDENT_GAP && scene_incident))
                    && sm.place.id != m.place.id
                    && !found.iter().any(|f| f.stop.waypoint.place_id == Some(sm.place.id))
                    && !found.iter().any(|f| f.phase == Phase::Origin && si - f.sentence.min(si) <= MAX_SENTENCE_GAP)
            });
        if let Some((ss, sm)) = from_scene {
            let low = sentences.lower(sentences.spans()[ss].0, sentences.spans()[ss].1);
            found.push(found_at(sm, Phase::Origin, 0.7, ss, &low));
        }
        found.push(found_at(m, phase, weight, si, &sentence_low));
    }
    // The venue of the meeting a journey was for is its destination wherever the text names it;
    // the other stops form chains.
    let (venues, moves): (Vec<Found>, Vec<Found>) = found.into_iter().partition(|f| f.phase == Phase::Venue);
    let mut found = main_chain(moves, |f| {
        (f.sentence, f.stop.traveller.as_deref(), matches!(f.phase, Phase::Planned | Phase::Return))
    });
    if !found.is_empty() {
        found.extend(venues);
    }
    // Plans to go to one place and to another ("intends to fly to X and drive to Y"), with no
    // origin and neither a list nor a sequence of stops, are separate trips from somewhere
    // unnamed: no way.
    if found.iter().all(|f| f.phase == Phase::Planned) && !found.iter().any(|f| f.listed) {
        return Vec::new();
    }

    found.sort_by_key(|f| (f.phase, f.goal, f.sentence, f.start));
    let mut out: Vec<Stop> = Vec::new();
    for f in found {
        // A return to the start closes a loop; any other repeat keeps its first position.
        let id = f.stop.waypoint.place_id;
        let repeat = out.iter().any(|s| s.waypoint.place_id == id);
        let closes_loop =
            f.phase == Phase::Return && out.first().is_some_and(|s| s.waypoint.place_id == id) && out.len() > 1;
        if !repeat || (closes_loop && out.last().map(|s| s.waypoint.place_id) != Some(id)) {
            out.push(f.stop);
        }
    }
    out
}

/// At most this many sentences may lie between two stops of one journey, unless both name
/// the same traveller: stops further apart belong to different movements (a background trip,
/// a second traveller, a generic remark).
pub const MAX_SENTENCE_GAP: usize = 2;

/// A plan or a way back continues a journey told at most this many sentences before it (a
/// plan pages later, with other people in between, is someone else's).
const ONWARD_GAP: usize = 8;

/// The longest run of stops (in text order, `key` giving sentence, traveller and whether the
/// stop continues a journey: planned or on the way back) in which each stop follows the one
/// before within [`MAX_SENTENCE_GAP`] sentences, names its traveller, or continues it.
/// The first such run wins a tie: the lead of a news story tells its main journey.
fn main_chain<T>(found: Vec<T>, key: impl Fn(&T) -> (usize, Option<&str>, bool)) -> Vec<T> {
    if found.len() < 2 {
        return found;
    }
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by_key(|&i| key(&found[i]).0);
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for &i in &order {
        let (sentence, traveller, onward) = key(&found[i]);
        let joins = chains.last().and_then(|c| c.last()).is_some_and(|&j| {
            let (prev_sentence, prev_traveller, _) = key(&found[j]);
            sentence - prev_sentence <= MAX_SENTENCE_GAP
                || (traveller.is_some() && traveller == prev_traveller)
                || (onward && sentence - prev_sentence <= ONWARD_GAP)
        });
        match chains.last_mut() {
            Some(c) if joins => c.push(i),
            _ => chains.push(vec![i]),
        }
    }
    let best = chains.iter().enumerate().max_by_key(|(k, c)| (c.len(), std::cmp::Reverse(*k))).map(|(k, _)| k);
    let keep: rustc_hash::FxHashSet<usize> = best.map(|k| chains[k].iter().copied().collect()).unwrap_or_default();
    found.into_iter().enumerate().filter(|(i, _)| keep.contains(i)).map(|(_, f)| f).collect()
}

/// A place the resolver doubts a little ([`super::MIN_CONFIDENCE`] > confidence ≥ this) is a
/// stop on a weak cue when the text names another place near it with confidence: "taken to
/// X" beside a sure place 150 km away. (A namesake across the world has no such neighbour.)
/// Not for an item of a list nor a way back, whose cues are weak already.
const DOUBTED_NEAR_CONFIDENCE: f64 = 0.35;

/// How near a sure place must lie to vouch for a doubted one.
const VOUCHING_KM: f64 = 300.0;

/// Whether another place of the text, named with confidence, lies within [`VOUCHING_KM`] of `m`.
fn near_a_sure_place(m: &Mention, mentions: &[Mention]) -> bool {
    let at = geo::Point::new(m.place.lon, m.place.lat);
    mentions.iter().any(|o| {
        o.place.id != m.place.id
            && !o.adjective
            && o.confidence >= DOUBTED_NEAR_CONFIDENCE
            && crate::coord::distance_km(at, geo::Point::new(o.place.lon, o.place.lat)) <= VOUCHING_KM
    })
}

/// The journey the stops make: at least two distinct places, and more than a meeting venue.
/// An area that holds another stop is where the journey goes, not a point of it ("crossed into
/// Syria at Dar'a", "a state visit to Belgium … arrived in Brussels"), so it is left out.
pub fn journey(stops: &[Stop]) -> Option<Vec<Waypoint>> {
    let stops: Vec<&Stop> = stops.iter().filter(|a| !stops.iter().any(|o| a.holds(o))).collect();
    if stops.iter().all(|s| s.phase == Phase::Venue) {
        return None;
    }
    (stops.len() >= 2).then(|| stops.iter().map(|s| s.waypoint.clone()).collect())
}

/// The mode of a journey: what most of its stops' sentences say, else what the text as a whole
/// says (`text_mode`, computed only when needed).
pub fn journey_mode(waypoints: &[Waypoint], text_mode: impl FnOnce() -> Option<TravelMode>) -> Option<TravelMode> {
    let mut votes: Vec<(TravelMode, usize)> = Vec::new();
    for m in waypoints.iter().filter_map(|w| w.mode) {
        match votes.iter_mut().find(|v| v.0 == m) {
            Some(v) => v.1 += 1,
            None => votes.push((m, 1)),
        }
    }
    let best = votes.iter().map(|v| v.1).max();
    match best {
        // The first-voted mode wins a tie: the journey's start says how it began.
        Some(b) => votes.iter().find(|v| v.1 == b).map(|v| v.0),
        None => text_mode(),
    }
}

/// Give each waypoint the text does not give a mode the journey's mode (see [`journey_mode`]),
/// so every leg says how it is travelled when the text says it anywhere.
pub fn fill_modes(waypoints: &mut [Waypoint], text_mode: Option<TravelMode>) {
    let mode = journey_mode(waypoints, || text_mode);
    for w in waypoints.iter_mut().filter(|w| w.mode.is_none()) {
        w.mode = mode;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_capitalised_word_after_a_determiner_is_no_traveller() {
        let text = "Lavrov said Kim would next visit aircraft plants in the Russian city of Tver.";
        let s = super::super::sentences::Sentences::new(text);
        let at = text.find("Tver").unwrap();
        let prefix = text[..at].to_lowercase();
        assert_eq!(traveller(&s, &prefix, 0, &[]), Some(Some("Kim".to_string())));
        let text = "Lavrov said the Russian city of Tver would host the talks.";
        let s = super::super::sentences::Sentences::new(text);
        let prefix = text[..text.find("Tver").unwrap()].to_lowercase();
        assert_eq!(traveller(&s, &prefix, 0, &[]), Some(Some("Lavrov".to_string())));
    }

    #[test]
    fn cues_are_read_from_the_words_before_a_place() {
        let rows: &[(&str, bool, bool, Option<Cue>)] = &[
            ("the train rolled out of", false, false, Some(Cue::Origin(0.85))),
            ("and crossed into russia at", false, false, Some(Cue::Stop(0.8))),
            (" travelled north for two days to the", false, false, Some(Cue::Stop(0.7))),
            ("the talks were held in", false, false, None),
            ("she spoke to", false, false, None),
            ("expected to visit", false, false, Some(Cue::Stop(0.9))),
            (", where aircraft are built, and then", false, false, Some(Cue::Stop(0.9))),
            ("reached the border town of", false, false, Some(Cue::Stop(0.9))),
            ("before it returned to", false, false, Some(Cue::Return(0.8))),
            ("the ship sailed from", false, false, Some(Cue::Origin(0.75))),
            ("they arrived by train from", false, false, Some(Cue::Origin(0.75))),
            ("the convoy crossed the border at", false, false, Some(Cue::Stop(0.8))),
            ("crossed into syria near", false, false, Some(Cue::Stop(0.8))),
            ("shelling continued near", false, false, None),
            ("the team departed for", false, false, Some(Cue::Stop(0.9))),
            ("the couple will visit", false, false, Some(Cue::Stop(0.9))),
            ("the leaders met at", false, false, Some(Cue::Venue(0.6))),
            ("made landfall near", true, false, Some(Cue::Stop(0.75))),
            ("and moved out to sea north of", true, false, Some(Cue::Stop(0.75))),
            // Not stops: origins of people and things, targets, comparisons, weak words alone.
            ("prices rose from", false, false, None),
            ("a teacher from", false, false, None),
            ("two destroyers from", false, false, None),
            ("issued a heavy rain warning for", true, false, None),
            ("where most passengers changed for", false, false, None),
            ("rents rose faster than in", false, false, None),
            ("the home side, who lost in", false, false, None),
            (" and ", false, true, Some(Cue::Stop(0.7))),
            // The motion lexicon (WordNet): verbs no hand list held, with their class.
            ("the family fled", false, false, Some(Cue::Origin(0.85))),
            ("the convoy escaped from", false, false, Some(Cue::Origin(0.85))),
            ("the jet touched down in", false, false, Some(Cue::Stop(0.85))),
            ("the patient was later airlifted to", false, false, Some(Cue::Stop(0.7))),
            ("the firm relocated to", false, false, Some(Cue::Stop(0.7))),
            // What stands between a cue and its place: appositives, articles, possessives.
            ("the convoy drove from the capital,", false, false, Some(Cue::Origin(0.75))),
            ("tours leave from an informative visitor's center,", false, false, None),
            ("the driver was taken to a", false, false, Some(Cue::Stop(0.7))),
            ("his plan to ride a bicycle from his hometown of", false, false, Some(Cue::Origin(0.75))),
            ("he moved the firm across the county line from", false, false, Some(Cue::Origin(0.75))),
            ("the trail from", false, false, None),
            ("the team hurried back to", false, false, Some(Cue::Return(0.8))),
            ("the ship was en route to", false, false, Some(Cue::Stop(0.9))),
            ("after a short stopover in", false, false, Some(Cue::Stop(0.75))),
            // Negated, an extent, or the other sense of a motion word: no stop.
            ("the train did not stop in", false, false, None),
            ("without stopping in", false, false, None),
            ("the new trail from", false, false, None),
            ("fares from", false, false, None),
            ("prices rose to", false, false, None),
            ("she sent a letter from", false, false, None),
            // "visit", "tour", "stop" as nouns name the event, not a stay there.
            ("the visit\u{a0}has raised concerns in", false, false, None),
            ("the tour drew crowds in", false, false, None),
            ("the delegation will visit two shipyards in", false, false, Some(Cue::Stop(0.75))),
        ];
        for (window, storm, prev, want) in rows {
            assert_eq!(cue(window, window, *prev, *storm), *want, "{window:?}");
        }
        // Words end at any white space, also a multi-byte one.
        assert_eq!(last_words("flew\u{3000}to\u{a0}the", 2), "to\u{a0}the");
        // "left X for Y": Y is where the departure goes, but not "changed for" or a "for" alone.
        assert_eq!(cue(" for ", "the train left pyongyang for ", true, false), Some(Cue::Stop(0.75)));
        assert_eq!(cue(" for ", "the team trained in pyongyang for ", true, false), None);
        assert_eq!(cue(" for ", "the train left pyongyang for ", false, false), None);
    }

    #[test]
    fn stops_far_apart_make_separate_journeys_unless_they_continue_one() {
        // (sentence, traveller, onward) per stop; the kept sentences.
        type Row = (&'static [(usize, Option<&'static str>, bool)], &'static [usize]);
        let rows: &[Row] = &[
            (&[(0, None, false), (1, None, false), (2, None, false)], &[0, 1, 2]),
            // A background pair far from the main journey: the longer chain wins.
            (&[(0, None, false), (9, None, false), (10, None, false)], &[9, 10]),
            // A tie: the lead tells the main journey.
            (&[(0, None, false), (1, None, false), (8, None, false), (9, None, false)], &[0, 1]),
            // The same named traveller, or a planned continuation, joins across the gap.
            (&[(0, Some("Kim"), false), (9, Some("Kim"), false)], &[0, 9]),
            (&[(0, None, false), (1, None, false), (9, None, true)], &[0, 1, 9]),
        ];
        for (stops, want) in rows {
            let kept = main_chain(stops.to_vec(), |s| (s.0, s.1, s.2));
            assert_eq!(kept.iter().map(|s| s.0).collect::<Vec<_>>(), *want, "{stops:?}");
        }
    }

    #[test]
    fn an_area_holding_another_stop_is_not_a_point_of_the_journey() {
        let stop = |name: &str, cc: &str, admin1: Option<&str>, area: Option<crate::gazetteer::Kind>| Stop {
            waypoint: Waypoint {
                name: name.into(),
                lon: 0.0,
                lat: 0.0,
                place_id: None,
                planned: false,
                evidence: None,
                confidence: 1.0,
                mode: None,
                traveller: None,
            },
            phase: Phase::Stop,
            traveller: None,
            within: (Some(cc.into()), admin1.map(str::to_string)),
            area,
        };
        use crate::gazetteer::Kind;
        let syria = stop("Syria", "SY", None, Some(Kind::Country));
        let daraa = stop("Dar'a", "SY", Some("Daraa"), None);
        let amman = stop("Amman", "JO", Some("Amman"), None);
        let lebanon = stop("Lebanon", "LB", None, Some(Kind::Country));
        assert!(syria.holds(&daraa) && !syria.holds(&amman) && !daraa.holds(&syria));
        let names = |stops: &[Stop]| journey(stops).map(|w| w.into_iter().map(|w| w.name).collect::<Vec<_>>());
        assert_eq!(names(&[amman.clone(), syria.clone(), daraa]), Some(vec!["Amman".into(), "Dar'a".into()]));
        // "fled Syria for Lebanon": both areas are stops.
        assert_eq!(names(&[syria, lebanon]), Some(vec!["Syria".into(), "Lebanon".into()]));
    }

    #[test]
    fn sentences_about_earlier_years_are_background() {
        let rows: &[(&str, Option<u16>, bool)] = &[
            ("kim visited vladivostok in 2019.", Some(2023), true),
            ("kim arrived in vladivostok in september 2023.", Some(2023), false),
            ("on his previous visit he went to moscow.", Some(2023), true),
            ("the train left pyongyang on sunday.", Some(2023), false),
            ("the train left pyongyang in 2019.", None, false),
            ("she stopped at vfw post no. 1922 in 2023.", Some(2023), false),
        ];
        for (text, year, want) in rows {
            assert_eq!(background(text, *year), *want, "{text}");
        }
    }

    #[test]
    fn modes_are_guessed_from_the_words() {
        let rows: &[(&str, Option<TravelMode>)] = &[
            ("the train rolled out of pyongyang", Some(TravelMode::Rail)),
            ("the vessel docked in rotterdam", Some(TravelMode::Sea)),
            ("the aid convoy reached damascus", Some(TravelMode::Road)),
            ("she flew on to manila", Some(TravelMode::Air)),
            ("a journey by train without a single flight", Some(TravelMode::Rail)),
            ("they went by train, refusing to fly", Some(TravelMode::Rail)),
            ("not by plane but by ship", Some(TravelMode::Sea)),
            ("the hurricane made landfall", Some(TravelMode::Storm)),
            ("she trained in manchester", None),
            ("the talks ended", None),
        ];
        for (text, want) in rows {
            assert_eq!(mode_of(text), *want, "{text}");
        }
    }
}
