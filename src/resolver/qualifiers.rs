//! Qualifiers: the words around a name that say where it is or what it is (rule 2 of the
//! resolver). "Place, Container" and datelines hold a mention inside a country, a first-level
//! division or a county; "X is a town in Container" and chains of containers after it do too,
//! more weakly; a trigger word asks for a kind ("Laurel County", "Washington state", "the Volga
//! River"). Nothing here scores: the resolver weighs what these passes find.

use rustc_hash::FxHashMap as HashMap;

use super::coherence::approx_km;
use super::Slot;
use crate::gazetteer::{fold_name, Kind, Place};
use crate::matcher::text::Text;
use crate::matcher::Candidate;

/// A container a mention is qualified by, with a strength.
pub(super) struct Container<'g> {
    /// A country or first-level division, or a county (which places hold by distance: records
    /// carry no second-level code).
    pub(super) place: Place<'g>,
    pub(super) strength: f64,
    /// The container's likeliest reading.
    pub(super) top: bool,
}

impl Container<'_> {
    pub(super) fn holds(&self, p: &Place<'_>) -> bool {
        if p.index() == self.place.index()
            || p.country_code().is_none()
            || p.country_code() != self.place.country_code()
        {
            return false;
        }
        match self.place.kind() {
            Kind::Country => true,
            Kind::Admin1 => p.admin1_code() == self.place.admin1_code(),
            _ => approx_km(p, &self.place) < COUNTY_KM,
        }
    }
}

/// How far from a county's point a place inside it may lie.
const COUNTY_KM: f64 = 80.0;

/// For each candidate, the places that contain it by the text's say-so, with a strength: 1 for
/// "Place, Container" and datelines ("Alexandria, Louisiana", "VLADIVOSTOK, Russia"),
/// [`NEAR_CONTAINER`] for a country, region or county named just after it in the same sentence
/// ("Rochester is a city in Olmsted County, Minnesota").
pub(super) fn containers<'g>(t: &Text<'_>, slots: &[Slot<'g>]) -> HashMap<usize, Vec<Container<'g>>> {
    let mut out: HashMap<usize, Vec<Container<'g>>> = HashMap::default();
    for i in 0..slots.len().saturating_sub(1) {
        let a = &slots[i];
        let mut prev_end = a.cand.end;
        for (k, b) in slots[i + 1..].iter().take(4).enumerate() {
            let gap = t.gap(prev_end, b.cand.start);
            prev_end = b.cand.end;
            let comma = gap.trim() == ",";
            // "X, Container", or "X is a town in Container" / "X, a village of Container", then
            // further containers after commas ("… in Olmsted County, Minnesota", "… in Monroe
            // Township, Madison County") or words that locate ("… County in the state of Iowa").
            let strength = if k == 0 && comma {
                1.0
            } else if (k == 0 && is_locating(gap)) || (k > 0 && (comma || continues_locating(gap))) {
                NEAR_CONTAINER
            } else {
                break;
            };
            // After a comma every reading of a country or state counts ("Paris, Texas" holds
            // whatever Texas means); otherwise only the likely ones, and of a county (there are
            // thirty Washington Counties) only the likeliest.
            let likely = if strength < 1.0 { 3 } else { usize::MAX };
            let top_county = b.options.iter().position(|o| o.place.kind() == Kind::Admin2);
            let inside = b
                .options
                .iter()
                .enumerate()
                .filter(|&(j, o)| match o.place.kind() {
                    Kind::Country | Kind::Admin1 => j < likely,
                    Kind::Admin2 => Some(j) == top_county && j < 3,
                    _ => false,
                })
                .map(|(j, o)| Container { place: o.place, strength, top: j == 0 });
            out.entry(i).or_default().extend(inside);
        }
    }
    out.retain(|_, v| !v.is_empty());
    out
}

/// Characters between a name and a container named after it in the same sentence.
const NEAR_CHARS: usize = 60;

/// The words between a name and a container that say the one lies in the other: "is a city in",
/// ", a village in the province of", "was a community in", "(formerly Ocean View) is a city in",
/// "is a county located in the U.S. state of".
fn is_locating(gap: &str) -> bool {
    // Most gaps between candidates are whole sentences: give up as soon as one is too long.
    let Some(gap) = without_brackets_within(gap, NEAR_CHARS) else { return false };
    if ends_sentence(&gap) || gap.contains(['!', '?', '\n', ';', '(', ')']) {
        return false;
    }
    let g = gap.trim().trim_end_matches(',').trim_end().to_lowercase();
    let starts =
        g.starts_with(',') || ["is ", "was ", "lies ", "located ", "situated "].iter().any(|p| g.starts_with(p));
    let ends = [" in", " of", " in the", " of the"].iter().any(|e| g.ends_with(e));
    starts && ends
}

/// The words between two containers in a chain that keep locating: a generic word and a comma
/// ("Monroe Township, Madison County"), or a short "in the state of" ("Windsor County in the
/// state of Vermont").
fn continues_locating(gap: &str) -> bool {
    if gap.chars().nth(30).is_some() || ends_sentence(gap) || gap.contains(['!', '?', '\n', ';', '(', ')']) {
        return false;
    }
    let g = gap.trim().to_lowercase();
    let generic_comma = g.strip_suffix(',').is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_alphabetic()));
    let locating = ["in", "of", "in the", "of the"].contains(&g.as_str())
        || [" in", " of", " in the", " of the"].iter().any(|e| g.ends_with(e));
    generic_comma || locating
}

/// A full stop that ends a sentence: one followed by a space and a capital, or by nothing ("U.S.
/// state of" goes on).
fn ends_sentence(gap: &str) -> bool {
    let chars: Vec<char> = gap.chars().collect();
    chars.iter().enumerate().any(|(k, &c)| {
        c == '.'
            && chars.get(k + 1).is_none_or(|c| c.is_whitespace())
            && chars[k + 1..].iter().find(|c| !c.is_whitespace()).is_none_or(|n| n.is_uppercase())
    })
}

/// The gap without bracketed asides ("(formerly Ocean View)", "(/ˈæmhərst/)").
#[cfg(test)]
fn without_brackets(gap: &str) -> String {
    without_brackets_within(gap, usize::MAX).unwrap_or_default()
}

/// [`without_brackets`], or `None` as soon as it would be longer than `limit` characters.
fn without_brackets_within(gap: &str, limit: usize) -> Option<String> {
    let mut depth = 0usize;
    let mut kept = 0usize;
    let mut out = String::new();
    for c in gap.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' if depth > 0 => depth -= 1,
            _ if depth == 0 => {
                kept += 1;
                if kept > limit {
                    return None;
                }
                out.push(c);
            }
            _ => {}
        }
    }
    Some(out)
}

/// Strength of a container named near a name rather than right after its comma.
const NEAR_CONTAINER: f64 = 0.75;

/// A kind the words around a candidate ask for: "Laurel County" (the name itself usually
/// carries it), "the city of X", "X Oblast", "the X River".
pub(super) fn trigger_kind(t: &Text<'_>, c: &Candidate) -> Option<Kind> {
    let after = t.word_after(c.end).map(|(s, e)| fold_name(t.slice(s, e)));
    let before = t.word_before(c.start).map(|(s, e)| fold_name(t.slice(s, e)));
    let by_after = match after.as_deref() {
        Some("county" | "parish" | "borough") => Some(Kind::Admin2),
        Some("state" | "province" | "region" | "oblast" | "krai" | "prefecture") => Some(Kind::Admin1),
        Some("city" | "town" | "village") => Some(Kind::City),
        Some("river") => Some(Kind::River),
        Some("desert") => Some(Kind::Desert),
        Some("cosmodrome" | "spaceport") => Some(Kind::LaunchSite),
        Some("station") => Some(Kind::RailStation),
        Some("airport" | "airfield") => Some(Kind::Airport),
        Some("dam" | "reservoir") => Some(Kind::Dam),
        Some("bridge") => Some(Kind::Bridge),
        Some("tunnel") => Some(Kind::Tunnel),
        Some("port" | "harbour" | "harbor" | "shipyard") => Some(Kind::Port),
        Some("nuclear" | "plant" | "npp") => Some(Kind::PowerPlant),
        Some("crossing" | "checkpoint") => Some(Kind::BorderCrossing),
        Some("volcano") => Some(Kind::Peak),
        Some("airbase") => Some(Kind::MilitaryBase),
        _ => None,
    };
    by_after
        .or(match before.as_deref() {
            Some("city" | "town" | "village" | "port" | "capital") => Some(Kind::City),
            Some("mount" | "mt") => Some(Kind::Peak),
            _ => None,
        })
        .or_else(|| flown_to(t, c.start).then_some(Kind::Airport))
}

/// A flight's words just before a name ask for its airport: "landed at Vnukovo", "flew into
/// Gatwick", "a flight from Domodedovo".
fn flown_to(t: &Text<'_>, start: usize) -> bool {
    let Some((s1, e1)) = t.word_before(start) else { return false };
    if !matches!(fold_name(t.slice(s1, e1)).as_str(), "at" | "in" | "into" | "to" | "from" | "on") {
        return false;
    }
    t.word_before(s1).is_some_and(|(s, e)| {
        matches!(
            fold_name(t.slice(s, e)).as_str(),
            "landed" | "landing" | "land" | "flew" | "fly" | "flown" | "flight" | "flights" | "diverted" | "departed"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::resolver::Resolver;

    #[test]
    fn locating_words_say_a_name_lies_in_what_follows() {
        let rows: &[(&str, bool)] = &[
            (" is a city in ", true),
            (", a village in the province of ", true),
            (" (formerly Ocean View) is a city in ", true),
            (" is a county located in the U.S. state of ", true),
            (" was a community in ", true),
            (" and ", false),
            (" is a city. Its mayor was born in ", false),
            (" is in ", true),
            (" is a town; it lies in ", false),
            (" is a very long way indeed from anything that could be said to lie in ", false),
        ];
        for &(gap, want) in rows {
            assert_eq!(is_locating(gap), want, "{gap:?}");
        }
    }

    #[test]
    fn a_chain_of_containers_keeps_locating() {
        let rows: &[(&str, bool)] = &[
            (" Township, ", true),
            (" in the state of ", true),
            (" of ", true),
            (" and ", false),
            (". In ", false),
            (" (now a suburb) in ", false),
        ];
        for &(gap, want) in rows {
            assert_eq!(continues_locating(gap), want, "{gap:?}");
        }
    }

    #[test]
    fn sentence_ends_and_bracketed_asides() {
        let ends: &[(&str, bool)] = &[
            ("U.S. state of", false),
            (" fell. Then ", true),
            (" fell.", true),
            ("a.b", false),
            (" fell. then ", false),
        ];
        for &(gap, want) in ends {
            assert_eq!(ends_sentence(gap), want, "{gap:?}");
        }
        let brackets: &[(&str, &str)] = &[
            (" (formerly Ocean View) is a city in", "  is a city in"),
            ("a [b (c)] d", "a  d"),
            ("x ) y", "x ) y"),
            ("no brackets", "no brackets"),
        ];
        for &(gap, want) in brackets {
            assert_eq!(without_brackets(gap), want, "{gap:?}");
        }
        // The limit counts only what is kept: a long aside does not make a gap too long.
        assert_eq!(without_brackets_within("a [b (c)] d", 4).as_deref(), Some("a  d"));
        assert_eq!(without_brackets_within("a [b (c)] d", 3), None);
        let long = format!(" ({}) is a city in ", "x".repeat(200));
        assert!(is_locating(&long), "{long:?}");
        assert!(!is_locating(&format!(" is{} a city in ", " ".repeat(NEAR_CHARS))));
    }

    #[test]
    fn trigger_words_ask_for_a_kind() {
        // (text, the name's span as character offsets, the kind asked for)
        let rows: &[(&str, (usize, usize), Option<Kind>)] = &[
            ("Laurel County fair", (0, 6), Some(Kind::Admin2)),
            ("in Washington state today", (3, 13), Some(Kind::Admin1)),
            ("the Volga river", (4, 9), Some(Kind::River)),
            ("the capital Kyiv", (12, 16), Some(Kind::City)),
            ("Baikonur Cosmodrome", (0, 8), Some(Kind::LaunchSite)),
            ("in Paris today", (3, 8), None),
            ("the Mosul dam", (4, 9), Some(Kind::Dam)),
            ("the Odesa port", (4, 9), Some(Kind::Port)),
            ("Mount Hermon", (6, 12), Some(Kind::Peak)),
            ("the plane landed at Vnukovo", (20, 27), Some(Kind::Airport)),
            ("a flight from Gatwick", (14, 21), Some(Kind::Airport)),
            ("he lives at Vnukovo", (12, 19), None),
        ];
        for &(text, (start, end), want) in rows {
            let t = Text::new(text);
            let c = Candidate { start, end, postings: Vec::new(), adjective: false, weak: false };
            assert_eq!(trigger_kind(&t, &c), want, "{text:?}");
        }
    }

    /// The containers the text gives each name: after a comma every state reading holds the name
    /// at full strength; a county named after "is a city in" holds it more weakly, and the state
    /// after the county's comma too.
    #[test]
    fn containers_come_from_commas_and_locating_words() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let r = Resolver::new(gaz);
        type Held = (Kind, &'static str, f64);
        let rows: &[(&str, &str, &[Held])] = &[
            ("Alexandria, Louisiana", "Alexandria", &[(Kind::Admin1, "Louisiana", 1.0)]),
            (
                "Rochester is a city in Olmsted County, Minnesota.",
                "Rochester",
                &[(Kind::Admin2, "Olmsted County", NEAR_CONTAINER), (Kind::Admin1, "Minnesota", NEAR_CONTAINER)],
            ),
            ("Rochester and Minnesota", "Rochester", &[]),
        ];
        for &(text, name, want) in rows {
            let t = Text::new(text);
            let slots: Vec<Slot<'_>> =
                r.matcher.find_in(&t).into_iter().map(|c| r.slot(&t, c, crate::resolver::Role::Found)).collect();
            let i = slots.iter().position(|s| t.slice(s.cand.start, s.cand.end) == name).expect("the name is found");
            let got = containers(&t, &slots);
            let got: Vec<(Kind, &str, f64)> = got
                .get(&i)
                .map(|v| v.iter().filter(|c| c.top).map(|c| (c.place.kind(), c.place.name(), c.strength)).collect())
                .unwrap_or_default();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
