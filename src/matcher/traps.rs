//! Recognition traps: words that look like places in the gazetteer but are not places here.
//! Every rule is general (word classes and context), never a list of particular place names:
//! - person names: runs of capitalised words that start with a common given name or surname or
//!   follow a title ("President", "Foreign Minister", "Mr."), "X said"; once a word is part of a
//!   person's name, the same word alone elsewhere in the document is that person too;
//! - organisations and products named after places or rivers: a name followed by an
//!   organisation or product noun ("… group", "… rocket") or a model designation ("…-2");
//! - publisher boilerplate lines (share buttons, newsletter prompts);
//! - common English words (Reading, Mobile, Split): kept only with locative context ("in X",
//!   `X, <country or region>`) and then marked weak;
//! - storms, vessels and call signs ("Hurricane Lorenzo", "the carrier Shandong", "call sign
//!   Hermes"), organisations' head words ("Congress", "Center"), airports that only share a
//!   region's name inside `University of <place>`, combining forms before a hyphen
//!   ("Trans-Siberian", "Sino-Korean");
//! - the Earth, the Moon and the planets in a text about space ("will return to Earth").

use std::ops::Range;

use rustc_hash::{FxHashMap, FxHashSet};

use super::text::Text;
use super::Candidate;
use crate::gazetteer::lexicon::GIVEN;
use crate::gazetteer::{fold_name, Gazetteer, Kind, RecordIx};

/// The bodies of the solar system that share a name with towns (Earth, Texas; Mars,
/// Pennsylvania): in a text about space they are the bodies (a short hand list: the solar
/// system is not in any gazetteer source).
const CELESTIAL: &[&str] =
    &["earth", "moon", "sun", "mercury", "venus", "mars", "jupiter", "saturn", "uranus", "neptune"];

/// Words that make a text one about space (stems: "orbit" covers "orbiting", "orbital").
const SPACE_WORDS: &[&str] = &[
    "orbit",
    "astronaut",
    "cosmonaut",
    "spacecraft",
    "space station",
    "spaceship",
    "space capsule",
    "planet",
    "lunar",
];

/// Words before a person's name.
const TITLES: &[&str] = &[
    "president",
    "vice",
    "minister",
    "premier",
    "prime",
    "chancellor",
    "secretary",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "leader",
    "mr",
    "mrs",
    "ms",
    "miss",
    "dr",
    "prof",
    "professor",
    "gen",
    "general",
    "adm",
    "admiral",
    "col",
    "colonel",
    "lt",
    "lieutenant",
    "maj",
    "major",
    "capt",
    "captain",
    "sgt",
    "sergeant",
    "cmdr",
    "commander",
    "gov",
    "governor",
    "sen",
    "senator",
    "rep",
    "representative",
    "judge",
    "justice",
    "king",
    "queen",
    "prince",
    "princess",
    "sheikh",
    "ambassador",
    "envoy",
    "chairman",
    "chairwoman",
    "chief",
    "director",
    "mayor",
    "officer",
    "deputy",
    "coach",
    "rev",
    "reverend",
    "pope",
    "cardinal",
    "bishop",
    "sir",
    "lady",
    "lord",
    "dame",
    "comrade",
    "marshal",
    "detective",
    "inspector",
    "attorney",
    "counsel",
    "ceo",
    "founder",
    "actor",
    "actress",
    "singer",
    "author",
    "writer",
    "analyst",
    "professor",
    "correspondent",
    "reporter",
    "editor",
];

/// Nouns after a name that make it an organisation or a product.
const ORG_NOUNS: &[&str] = &[
    "group",
    "rocket",
    "rockets",
    "missile",
    "missiles",
    "launcher",
    "booster",
    "spacecraft",
    "capsule",
    "company",
    "corporation",
    "corp",
    "inc",
    "ltd",
    "llc",
    "plc",
    "party",
    "club",
    "team",
    "mercenary",
    "mercenaries",
    "brand",
    "airlines",
    "airways",
    "news",
    "times",
    "post",
    "herald",
    "tribune",
    "journal",
    "gazette",
    "fc",
    "bank",
    "motors",
    "records",
    "studios",
    "foundation",
    "institute",
    "orchestra",
    "band",
    "virus",
    "viruses",
    "fever",
    "flu",
    "influenza",
    "strain",
    "disease",
];

/// Words before a name that make it a storm, a vessel or a call sign: "Hurricane Lorenzo",
/// "the carrier Shandong", "call sign Hermes". They win even over a region's name.
const NAMING: &[&str] = &[
    "hurricane",
    "typhoon",
    "cyclone",
    "storm",
    "depression",
    "carrier",
    "destroyer",
    "frigate",
    "cruiser",
    "corvette",
    "submarine",
    "warship",
    "battleship",
    "icebreaker",
    "tanker",
    "freighter",
    "vessel",
    "ship",
    "yacht",
    "ferry",
    "liner",
    "uss",
    "hms",
    "ins",
    "sign",
    "callsign",
    "codenamed",
    "dubbed",
];

/// Words that head an organisation's name; alone, or before "of X", never a place here
/// ("the Center", "University of South Florida", "Congress").
const ORG_HEADS: &[&str] = &[
    "center",
    "centre",
    "university",
    "college",
    "institute",
    "school",
    "hospital",
    "academy",
    "museum",
    "congress",
    "parliament",
    "senate",
    "council",
    "assembly",
    "commission",
    "court",
    "agency",
    "bureau",
    "department",
    "ministry",
    "office",
    "bank",
    "church",
    "cathedral",
    "federation",
    "union",
    "league",
    "association",
    "society",
];

/// Calendar words: never places in running text ("Thursday", "June", "Nov.").
pub(crate) const CALENDAR: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "christmas",
    "easter",
    "thanksgiving",
    "halloween",
];

/// Verbs of speech after a person's name.
const SPEECH: &[&str] =
    &["said", "says", "told", "added", "asked", "stated", "wrote", "tweeted", "replied", "explained"];

/// Words that may stand before a place in a capitalised run without making it a person's name.
const PLACE_MODIFIERS: &[&str] = &[
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower",
    "greater", "new", "old", "the", "in", "at", "from", "to", "of", "and", "near", "for", "on", "by", "via", "into",
    "across", "outside", "inside", "downtown", "metro", "suburban", "rural", "coastal", "mount", "lake", "port",
    "fort", "saint", "st", "san", "santa", "el", "la", "le", "los", "las",
];

/// Words that make a capitalised run a place ("Jordan Valley", "Amur Region").
const PLACE_NOUNS: &[&str] = &[
    "county",
    "city",
    "state",
    "province",
    "region",
    "oblast",
    "krai",
    "district",
    "island",
    "islands",
    "valley",
    "river",
    "sea",
    "bay",
    "gulf",
    "strait",
    "peninsula",
    "mountains",
    "mountain",
    "lake",
    "coast",
    "desert",
    "airport",
    "station",
    "cosmodrome",
    "spaceport",
    "port",
    "harbor",
    "harbour",
    "parish",
    "township",
    "village",
    "prefecture",
    "territory",
    "republic",
    "kingdom",
    "emirate",
    "heights",
    "plains",
    "basin",
    "canal",
    "park",
];

/// Prepositions that introduce a location.
const LOCATIVE: &[&str] = &[
    "in", "at", "from", "to", "near", "outside", "across", "toward", "towards", "into", "around", "through", "via",
    "of", "between", "off",
];

/// Words before a name that place it: "northern Chad", "neighbouring Jordan".
const DIRECTIONS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "neighbouring",
    "neighboring",
];

/// Nouns after a name that make it a place's name used as a modifier, as people are not:
/// "an Alexandria woman", "Columbus police", "Shiloh residents".
const RESIDENT_NOUNS: &[&str] = &[
    "woman",
    "women",
    "man",
    "men",
    "resident",
    "residents",
    "native",
    "natives",
    "police",
    "officials",
    "area",
    "teen",
    "teens",
    "boy",
    "girl",
    "family",
    "families",
    "couple",
    "school",
    "schools",
    "neighborhood",
    "neighbourhood",
    "campus",
    "voters",
    "businesses",
];

/// Nouns that describe a settlement or an area ("Alma is a city in …", "Milford, a town on
/// …"), beside [`PLACE_NOUNS`].
const SETTLEMENT_NOUNS: &[&str] = &[
    "town",
    "community",
    "municipality",
    "suburb",
    "hamlet",
    "borough",
    "commune",
    "settlement",
    "locality",
    "census",
    "unincorporated",
    "capital",
    "seat",
    "resort",
    "neighborhood",
    "neighbourhood",
];

/// Classes of the word lists above, looked up in one hash map (the lists are read often).
mod class {
    pub const TITLE: u16 = 1;
    pub const ORG: u16 = 2;
    pub const SPEECH: u16 = 4;
    pub const MODIFIER: u16 = 8;
    pub const PLACE_NOUN: u16 = 16;
    pub const LOCATIVE: u16 = 32;
    pub const CALENDAR: u16 = 64;
    pub const NAMING: u16 = 128;
    pub const ORG_HEAD: u16 = 256;
    pub const DIRECTION: u16 = 512;
    pub const RESIDENT: u16 = 1024;
    pub const SETTLEMENT: u16 = 2048;
}

fn classes(w: &str) -> u16 {
    static MAP: std::sync::OnceLock<FxHashMap<&'static str, u16>> = std::sync::OnceLock::new();
    let map = MAP.get_or_init(|| {
        let mut m = FxHashMap::default();
        for (list, c) in [
            (TITLES, class::TITLE),
            (ORG_NOUNS, class::ORG),
            (SPEECH, class::SPEECH),
            (PLACE_MODIFIERS, class::MODIFIER),
            (PLACE_NOUNS, class::PLACE_NOUN),
            (LOCATIVE, class::LOCATIVE),
            (CALENDAR, class::CALENDAR),
            (NAMING, class::NAMING),
            (ORG_HEADS, class::ORG_HEAD),
            (DIRECTIONS, class::DIRECTION),
            (RESIDENT_NOUNS, class::RESIDENT),
            (SETTLEMENT_NOUNS, class::SETTLEMENT),
        ] {
            for w in list {
                *m.entry(*w).or_insert(0) |= c;
            }
        }
        m
    });
    map.get(w).copied().unwrap_or(0)
}

fn is(w: &str, c: u16) -> bool {
    classes(w) & c != 0
}

fn word(t: &Text<'_>, (s, e): (usize, usize)) -> String {
    fold_name(t.slice(s, e))
}

/// Major places keep their reading even when the word is also a common word or a name.
fn is_country(gaz: &Gazetteer, po: &Range<RecordIx>, c: &Candidate) -> bool {
    c.postings
        .iter()
        .filter(|p| !po.contains(&p.record()))
        .any(|p| gaz.place(p.record()).kind() == Kind::Country && p.is_primary())
}

fn is_major(gaz: &Gazetteer, po: &Range<RecordIx>, c: &Candidate) -> bool {
    c.postings.iter().filter(|p| !po.contains(&p.record())).any(|p| {
        let p = gaz.place(p.record());
        matches!(p.kind(), Kind::Country | Kind::Continent | Kind::Ocean | Kind::Sea)
            || (p.kind() == Kind::City && (p.is_capital() || p.population() >= 1_000_000))
    })
}

/// Runs of two or more capitalised words (not sentence-initial function words) that follow each
/// other directly.
fn capitalised_runs(t: &Text<'_>) -> Vec<Vec<(usize, usize)>> {
    // A single capitalised word is no run: drop it and keep its buffer.
    let flush = |run: &mut Vec<(usize, usize)>, runs: &mut Vec<Vec<(usize, usize)>>| {
        if run.len() >= 2 {
            runs.push(std::mem::take(run));
        } else {
            run.clear();
        }
    };
    let mut runs = Vec::new();
    let mut run: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    let n = t.len();
    while i < n {
        if !t.is_word_start(i) {
            i += 1;
            continue;
        }
        let mut e = i;
        while e < n && t.is_word(e) {
            e += 1;
        }
        // A hyphenated lowercase tail belongs to the word ("Soo-suk").
        while e + 1 < n && t.chars[e] == '-' && t.chars[e + 1].is_lowercase() {
            e += 1;
            while e < n && t.is_word(e) {
                e += 1;
            }
        }
        let joined = run.last().is_some_and(|&(_, pe)| {
            let gap = t.gap(pe, i);
            gap == " " || gap == "-"
        });
        if !joined {
            flush(&mut run, &mut runs);
        }
        // Only cased scripts show names by capitals.
        if t.chars[i].is_uppercase() && !t.is_caps_line(i) {
            run.push((i, e));
        } else {
            flush(&mut run, &mut runs);
        }
        i = e;
    }
    flush(&mut run, &mut runs);
    runs
}

/// The word is a candidate that can mean a country or first-level region ("Florida"): such a
/// word before an ordinary noun is an organisation's name ("Florida Association"), not a person.
fn names_region(gaz: &Gazetteer, po: &Range<RecordIx>, candidates: &[Candidate], (s, e): (usize, usize)) -> bool {
    let k = candidates.partition_point(|c| c.start <= s);
    k > 0
        && candidates[k - 1].end >= e
        && candidates[k - 1]
            .postings
            .iter()
            .any(|p| !po.contains(&p.record()) && matches!(gaz.place(p.record()).kind(), Kind::Admin1 | Kind::Country))
}

/// Words that belong to person names in this text, and the spans those names cover.
fn person_names(
    gaz: &Gazetteer,
    po: &Range<RecordIx>,
    t: &Text<'_>,
    candidates: &[Candidate],
) -> (FxHashSet<String>, Vec<(usize, usize)>) {
    let Some(lex) = gaz.lexicon() else { return (FxHashSet::default(), Vec::new()) };
    let mut words = FxHashSet::default();
    let mut spans = Vec::new();
    for run in capitalised_runs(t) {
        // Each word folded once.
        let folded: Vec<String> = run.iter().map(|&w| word(t, w)).collect();
        // Drop a sentence-initial function word ("The", "In") from the front of the run.
        let skip = folded.iter().take_while(|w| is(w, class::MODIFIER | class::TITLE)).count();
        let (run, folded) = (&run[skip..], &folded[skip..]);
        if run.len() < 2 {
            continue;
        }
        // A title inside the run ("Foreign Minister Choe Sun Hui"): what follows it is a name.
        if let Some(k) = folded.iter().rposition(|w| is(w, class::TITLE)) {
            if k + 1 < run.len() {
                let name = &run[k + 1..];
                spans.push((name[0].0, name[name.len() - 1].1));
                words.extend(folded[k + 1..].iter().filter(|w| w.chars().count() >= 2).cloned());
            }
            continue;
        }
        if folded.iter().any(|w| is(w, class::PLACE_NOUN | class::ORG)) {
            continue;
        }
        let (start, end) = (run[0].0, run[run.len() - 1].1);
        // A place name that covers two or more words of the run ("Sierra Leone", "Fort Worth")
        // makes it a place, not a person. Candidates are sorted and do not overlap, so their
        // ends are sorted too: only those from the first ending after `start` can overlap.
        let from = candidates.partition_point(|c| c.end <= start);
        if candidates[from..]
            .iter()
            .take_while(|c| c.start < end)
            .any(|c| start < c.end && !c.adjective && t.slice(c.start, c.end).contains(' '))
        {
            continue;
        }
        // Candidates are sorted and do not overlap: the one that could cover a word is the last
        // starting at or before it.
        let is_candidate = |(s, e): (usize, usize)| {
            let k = candidates.partition_point(|c| c.start <= s);
            k > 0 && candidates[k - 1].end >= e
        };
        // A word that is neither a common English word nor a place is a name ("Putin", "Jong"):
        // "Vladimir Putin", "Kim Jong Un". Organisations built of place and common words
        // ("Dublin City Council", "Ohio Department of Health") are not persons.
        let name_like = t.lang.prepared().common_words_known
            && run.iter().zip(folded).any(|(&w, f)| !is_candidate(w) && !lex.is_common_word(f));
        // "George Washington", "Paris Hilton", "Lincoln Center": a given name, then another
        // word; but a state's or country's name before an ordinary noun is an organisation
        // ("Florida Association").
        let given_first = run.len() == 2
            && lex.person_name(&folded[0]) & GIVEN != 0
            && (!lex.is_common_word(&folded[1]) || !names_region(gaz, po, candidates, run[0]));
        if name_like || given_first {
            spans.push((start, end));
            // A state's or country's name inside the run ("County Courthouses in Iowa Thematic
            // Resource") does not make the same word a person elsewhere in the document.
            words.extend(
                run.iter()
                    .zip(folded)
                    .filter(|&(&w, f)| f.chars().count() >= 2 && !names_region(gaz, po, candidates, w))
                    .map(|(_, f)| f.clone()),
            );
        }
    }
    (words, spans)
}

/// Is a single word a common given name ("Kim", "Jordan", "Florence", "Chad")? From the US
/// Census given-name list compiled into the gazetteer's lexicon.
fn is_given_name(lex: Option<&crate::gazetteer::lexicon::Lexicon>, folded: &str) -> bool {
    !folded.contains(' ') && lex.is_some_and(|l| l.person_name(folded) & GIVEN != 0)
}

/// The folded single-word candidates that are common given names and have locative evidence
/// somewhere in the text: a preposition of place or a direction before them ("in Jordan",
/// "northern Chad"), a qualifier after them ("Florence, Italy"), a place noun or a noun of
/// residents after them ("Georgia state", "an Alexandria woman"), a description ("Alma is a
/// city in …"), a dateline (a line in
/// capitals, or a word in capitals opening a line: "COLUMBUS, Ohio"), or a list they share
/// with another place ("Syria, Jordan and Lebanon"). One occurrence with evidence is enough for them all:
/// a text that says "in Jordan" once means the country when it says "Jordan" again.
/// `folded` and `given` are each candidate's folded name and whether it is a given name.
fn given_names_placed(t: &Text<'_>, candidates: &[Candidate], folded: &[String], given: &[bool]) -> FxHashSet<String> {
    let mut placed = FxHashSet::default();
    for (k, c) in candidates.iter().enumerate() {
        if !given[k] || c.adjective || placed.contains(&folded[k]) {
            continue;
        }
        let before = t.word_before(c.start).map(|w| word(t, w));
        let after = t.word_after(c.end).map(|w| word(t, w));
        let qualifier = t.chars.get(c.end) == Some(&',')
            && t.word_after(c.end + 1).is_some_and(|(s, _)| {
                let j = candidates.partition_point(|x| x.start < s);
                candidates.get(j).is_some_and(|x| x.start == s && !x.adjective && !given[j])
            });
        // another place right before or after, joined by a comma, "and" or "or"
        let listed = |j: usize| {
            let (a, b) = if j < k { (&candidates[j], c) } else { (c, &candidates[j]) };
            !candidates[j].adjective && !given[j] && matches!(t.gap(a.end, b.start), ", " | " and " | " or " | ", and ")
        };
        let in_list = (k > 0 && listed(k - 1)) || (k + 1 < candidates.len() && listed(k + 1));
        let dateline = t.is_caps_line(c.start)
            || (t.is_all_caps(c.start, c.end) && t.is_sentence_start(c.start) && c.end - c.start >= 3);
        if dateline
            || before.as_deref().is_some_and(|b| is(b, class::LOCATIVE | class::DIRECTION))
            || after.as_deref().is_some_and(|a| is(a, class::PLACE_NOUN | class::RESIDENT))
            || qualifier
            || in_list
            || described_as_place(t, c.end)
        {
            placed.insert(folded[k].clone());
        }
    }
    placed
}

/// The words after a name describe it as a place: "… is a city in", "…, a town on", "… was
/// the county seat" (a copula or an apposition, then a place noun within a few words).
fn described_as_place(t: &Text<'_>, end: usize) -> bool {
    let mut at = if t.chars.get(end) == Some(&',') { end + 1 } else { end };
    for k in 0..6 {
        let Some((s, e)) = t.word_after(at) else { return false };
        let w = word(t, (s, e));
        if k == 0 && !matches!(w.as_str(), "is" | "was" | "a" | "an" | "the") {
            return false;
        }
        if k > 0 && is(&w, class::PLACE_NOUN | class::SETTLEMENT) {
            return true;
        }
        at = e;
    }
    false
}

/// A candidate naming a town of 100,000 people or more (or any place that is not a town).
fn notable_town(gaz: &Gazetteer, c: &Candidate) -> bool {
    c.postings.iter().any(|p| {
        let place = gaz.place(p.record());
        place.kind() != Kind::City || place.population() >= 100_000
    })
}

/// Apply the trap rules to raw candidates. `po` are the post offices' record indices: never
/// major, never a region, never a country, always a town, so their records need no reading here.
pub fn filter(gaz: &Gazetteer, po: &Range<RecordIx>, t: &Text<'_>, candidates: Vec<Candidate>) -> Vec<Candidate> {
    let (person_words, person_spans) = person_names(gaz, po, t, &candidates);
    let lex = gaz.lexicon();
    // Each candidate's folded name and person-name flags, read once: several rules ask.
    let folded: Vec<String> = candidates.iter().map(|c| fold_name(t.slice(c.start, c.end))).collect();
    let person: Vec<u64> = folded.iter().map(|f| lex.map_or(0, |l| l.person_name(f))).collect();
    let given: Vec<bool> = folded.iter().zip(&person).map(|(f, &p)| !f.contains(' ') && p & GIVEN != 0).collect();
    let given_placed = given_names_placed(t, &candidates, &folded, &given);
    // Given names the text uses inside a person's name ("Michael Jordan", "Paris Hilton"),
    // countries and states included (which `person_words` leaves out).
    let in_person_names: FxHashSet<String> = person_spans
        .iter()
        .flat_map(|&(s, e)| t.slice(s, e).split(|ch: char| !ch.is_alphanumeric()).map(fold_name))
        .filter(|w| is_given_name(gaz.lexicon(), w))
        .collect();
    let candidates_before: FxHashSet<usize> = candidates.iter().map(|c| c.start).collect();
    let about_space = std::cell::OnceCell::new();
    let mut out = Vec::with_capacity(candidates.len());
    for (k, mut c) in candidates.into_iter().enumerate() {
        if t.is_boilerplate(c.start) {
            continue;
        }
        if c.adjective {
            out.push(c);
            continue;
        }
        let text = &folded[k];
        let single_word = !text.contains(' ');
        // Reads the candidate's records: only when a rule asks.
        let major_cell = std::cell::OnceCell::new();
        // (Dropping airports below never changes it: an airport is never major.)
        let major = |c: &Candidate| *major_cell.get_or_init(|| is_major(gaz, po, c));
        let major_or_region =
            |c: &Candidate| major(c) || names_region(gaz, po, std::slice::from_ref(c), (c.start, c.end));
        let before_span = t.word_before(c.start);
        let before = before_span.map(|w| word(t, w));
        let after = t.word_after(c.end);
        let after_word = after.map(|w| word(t, w));

        if single_word && is(text.as_str(), class::CALENDAR) {
            continue;
        }
        if CELESTIAL.contains(&text.as_str())
            && *about_space.get_or_init(|| {
                let low = t.text.to_lowercase();
                SPACE_WORDS.iter().any(|w| low.contains(w))
            })
        {
            continue;
        }
        // A storm, a vessel, a call sign: "Hurricane Lorenzo", "the carrier Shandong".
        let named = before_span.is_some_and(|(_, e)| t.gap(e, c.start) == " ")
            && before.as_deref().is_some_and(|b| is(b, class::NAMING));
        if named && !is_country(gaz, po, &c) {
            continue;
        }
        // An organisation's head word ("Center", "Congress") is not a place. In an
        // organisation's "X of <place>" the place is still the place ("University of Kentucky"),
        // but not an airport that only shares a regional name ("University of South Florida").
        if single_word && is(text.as_str(), class::ORG_HEAD) {
            continue;
        }
        if before.as_deref() == Some("of") {
            let head = before_span.and_then(|(s, _)| t.word_before(s));
            if head.is_some_and(|(s, e)| t.is_capitalised(s) && is(&word(t, (s, e)), class::ORG_HEAD)) {
                c.postings.retain(|p| gaz.place(p.record()).kind() != Kind::Airport);
                if c.postings.is_empty() {
                    continue;
                }
            }
        }
        // A combining form before a hyphen ("Trans-Siberian", "Sino-Korean"): reached only
        // through an alternate name, it is not the place ("Russia-North Korea" still is).
        let alternate_only = c.postings.iter().all(|p| !p.is_primary());
        if t.chars.get(c.end) == Some(&'-')
            && t.chars.get(c.end + 1).is_some_and(|d| d.is_uppercase())
            && alternate_only
            && !major(&c)
        {
            continue;
        }
        // The tail of a longer proper name: "Medical Center", "Thae Song" (a capitalised word
        // right before, mid-sentence, that is not itself a place or a place modifier).
        // Capitals say something only in a cased script (not in Hangul, Han or Arabic, where
        // every word "starts with a capital"). English text keeps its rules whole, foreign
        // names in it included.
        let cased =
            t.lang.prepared().common_words_known || t.chars[c.start].is_uppercase() || t.chars[c.start].is_lowercase();
        // In a language that capitalises every noun (German: "Angaben Kiews") a capital before
        // the name says nothing either.
        let nouns_capitalised = !t.lang.prepared().places_after.is_empty();
        if single_word && cased && !nouns_capitalised && !major(&c) {
            if let (Some((bs, be)), Some(b)) = (before_span, before.as_deref()) {
                if t.gap(be, c.start) == " "
                    && t.is_capitalised(bs)
                    && t.chars[bs].is_alphabetic()
                    && !t.is_caps_line(bs)
                    && !t.is_sentence_start(bs)
                    && !is(b, class::MODIFIER)
                    && !is(b, class::TITLE)
                    && !candidates_before.contains(&bs)
                {
                    continue;
                }
            }
        }
        // Inside a person's name, or the same word as one elsewhere ("Kim" after "Kim Jong Un").
        if person_spans.iter().any(|&(s, e)| c.start < e && s < c.end) {
            continue;
        }
        if single_word && person_words.contains(text) && !major(&c) {
            continue;
        }
        // A common given name ("Kim", "Florence", "Shiloh") is a place only with locative
        // evidence in the text, wherever it stands in the sentence (see `given_names_placed`).
        // A country, state or major city ("Jordan", "Georgia", "Paris") needs it only where
        // the text also uses the word in a person's name ("Paris Hilton … Paris said"): news
        // names those places as subjects without a preposition every day ("Georgia passed").
        if given[k] && !given_placed.contains(text) && (!major_or_region(&c) || in_person_names.contains(text)) {
            continue;
        }
        // After a title: "President Kim", "Mr. Lee".
        if before.as_deref().is_some_and(|b| is(b, class::TITLE)) && !major(&c) {
            continue;
        }
        // An organisation or product: "Wagner group", "group Wagner", "Angara rocket", "Soyuz-2".
        if after_word.as_deref().is_some_and(|a| is(a, class::ORG)) {
            continue;
        }
        if before.as_deref().is_some_and(|b| is(b, class::ORG)) && !major(&c) {
            continue;
        }
        // "the X," with X only a town's name: towns do not take an article; a product or
        // vessel does ("the Angara, Russia's new rocket").
        let town_only = || {
            c.postings.iter().all(|p| {
                po.contains(&p.record())
                    || matches!(gaz.place(p.record()).kind(), Kind::City | Kind::Admin2 | Kind::Airport)
            })
        };
        if before.as_deref() == Some("the") && after.is_none() && single_word && town_only() {
            continue;
        }
        if t.chars.get(c.end) == Some(&'-') && t.chars.get(c.end + 1).is_some_and(|d| d.is_ascii_digit()) {
            continue;
        }
        // A word before a number names a road or a thing, not a minor place: "Loop 286",
        // "Apollo 11" (a major place keeps its name: "Paris 2024").
        let numbered = after.is_some_and(|(s, e)| {
            t.gap(c.end, s) == " " && (s..e).all(|i| t.chars[i].is_ascii_digit()) && t.chars.get(e) != Some(&',')
        });
        if single_word && numbered && !major(&c) {
            continue;
        }
        let person = person[k];
        if person != 0 && !major(&c) && after_word.as_deref().is_some_and(|a| is(a, class::SPEECH)) {
            continue;
        }
        // Common English words need a locative reading: "in Reading", "Mobile, Alabama".
        // The lexicon is English: in French or German text "Tours" is no word, and a town of
        // 100,000 people is named by its name alone (a small "Arsenal" still needs a locative).
        let common = single_word
            && lex.is_some_and(|l| l.is_common_word(text))
            && (t.lang.prepared().common_words_known || !notable_town(gaz, &c));
        if common && !major(&c) {
            let locative = before.as_deref().is_some_and(|b| is(b, class::LOCATIVE)) && !t.is_sentence_start(c.start);
            let after_comma = if t.chars.get(c.end) == Some(&',') { t.word_after(c.end + 1) } else { None };
            let followed_by_place = after_comma.is_some_and(|(s, _)| t.is_capitalised(s));
            if !(locative || followed_by_place) {
                continue;
            }
            c.weak = true;
        }
        // At a sentence start capitals say nothing: a word reached only through an alternate
        // name of a minor place is not taken ("Vous" is not Volx). In other
        // languages nearly every name is an alternate (primary names are English): there only
        // a small town's name in lowercase letters ("Саммит" is also Summit, N.J.), never a
        // dateline in capitals ("WLADIWOSTOK (dpa)").
        let english = t.lang.prepared().common_words_known;
        let small_town = || {
            !t.is_all_caps(c.start, c.end)
                && c.postings.iter().all(|p| {
                    po.contains(&p.record()) || {
                        let place = gaz.place(p.record());
                        place.kind() == Kind::City && place.population() < 100_000
                    }
                })
        };
        if single_word && !major(&c) && alternate_only && t.is_sentence_start(c.start) && (english || small_town()) {
            continue;
        }
        // A sentence-initial name that is also a person's given name or surname is weak.
        if person != 0 && cased && !major(&c) && t.is_sentence_start(c.start) {
            c.weak = true;
        }
        out.push(c);
    }
    out
}
