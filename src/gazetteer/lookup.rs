//! Name look-up with ranking (`toponym lookup`).
//!
//! # Scoring
//! Every candidate gets `score = (quality + importance) / 2 (+ proximity)`:
//! - `quality` of the match: `exact` (the query is the record's name or ASCII name, ignoring case)
//!   1.0; `folded` (equal after folding case, diacritics and punctuation: Zurich = Zürich,
//!   "Komsomolsk on Amur" = "Komsomolsk-on-Amur") 0.95; `alternate` (one of the record's
//!   alternate names in any language or script, folded) 0.80; `fuzzy` (within an edit distance
//!   that grows with the query's length: none below 4 characters, 1 up to 7, 2 beyond)
//!   0.60 − 0.15 per extra edit.
//! - `importance`, the record's prior ([`super::Place::importance`]): kind (country > continent >
//!   ocean > sea > admin1 …), log-population for places, +0.15 for national capitals, +0.10 for
//!   first-level seats, +0.15 for places in the hand-curated supplement.
//!
//! So a famous place matched by an alternate name (Odessa → Odesa, Bombay → Mumbai) beats an
//! obscure exact match, while an exact match of a comparable place still wins. Fuzzy matches are
//! a fallback tier: they are only computed when nothing matches exactly, folded or as an
//! alternate, so a fuzzy match never outranks a good exact one.
//! - `--near LAT,LON` adds `0.3 · exp(−d / 300 km)`.
//!
//! Ties break on population, then id, so results are deterministic.

use fst::automaton::{Automaton, Levenshtein};
use fst::IntoStreamer;
use fst::Streamer;
use geo::Point;

use super::query::{Qualifier, Query};
use super::{fold_name, Gazetteer, Kind, Place};
use crate::coord::normalise_lon;

/// How a query reached a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchKind {
    /// The name as stored, case included.
    Exact,
    /// The name after folding (case, accents, punctuation).
    Folded,
    /// An alternate name.
    Alternate,
    /// A name within a small edit distance.
    Fuzzy,
}

impl MatchKind {
    /// The kind's name (`exact`, `folded`, …), as output writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Folded => "folded",
            MatchKind::Alternate => "alternate",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
    fn quality(self, edits: u32) -> f64 {
        match self {
            MatchKind::Exact => 1.0,
            MatchKind::Folded => 0.95,
            MatchKind::Alternate => 0.80,
            MatchKind::Fuzzy => 0.60 - 0.15 * f64::from(edits.saturating_sub(1)),
        }
    }
}

/// Filters and preferences for a look-up.
#[derive(Debug, Clone, Default)]
pub struct LookupOptions {
    /// At most this many results (0: five).
    pub limit: usize,
    /// ISO 3166-1 alpha-2 code; only places in this country.
    pub country: Option<String>,
    /// Only places of this kind.
    pub kind: Option<Kind>,
    /// Prefer places near this point.
    pub near: Option<Point>,
}

/// One ranked result.
#[derive(Debug, Clone)]
pub struct Match<'g> {
    /// The place.
    pub place: Place<'g>,
    /// The name or alternate name that matched.
    pub matched: String,
    /// How the query reached it.
    pub kind: MatchKind,
    /// Ranking score: match quality and importance, in [0, 1].
    pub score: f64,
    /// How the place satisfies the query's qualifiers ("TX → admin1 Texas"), for a
    /// structured query.
    pub qualifier: Option<String>,
}

/// A look-up's answer: the ranked matches, and what became of the query's qualifiers.
#[derive(Debug, Clone)]
pub struct Lookup<'g> {
    /// Best first.
    pub matches: Vec<Match<'g>>,
    /// Qualifiers the matches do not honour: unknown to the gazetteer, or no place of the name
    /// satisfies them.
    pub ignored: Vec<String>,
    /// What a person should be told about that, if anything.
    pub note: Option<String>,
}

impl<'g> Lookup<'g> {
    fn plain(matches: Vec<Match<'g>>) -> Lookup<'g> {
        Lookup { matches, ignored: Vec::new(), note: None }
    }
}

/// Largest edit distance tried for a folded query of this many characters.
fn max_edits(chars: usize) -> u32 {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// True when the query is written like a code (FNJ, ZKPY, DPRK): all capitals or digits.
fn looks_like_code(query: &str) -> bool {
    let t = query.trim();
    (2..=4).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

impl Gazetteer {
    /// Rank the places a name may mean, best first. Structured queries ("Paris, Texas",
    /// "Springfield, MO", "Georgia (country)") are understood; see [`Gazetteer::search`] for
    /// what their qualifiers did.
    pub fn lookup(&self, query: &str, opts: &LookupOptions) -> Vec<Match<'_>> {
        self.search(query, opts).matches
    }

    /// Rank the places a query may mean, best first, and say what its qualifiers did.
    ///
    /// A query is a name, optionally followed by qualifiers after commas (region, country, in
    /// any order and language: "Paris, Texas", "Moskau, Russland", "London, ON, Canada") or in
    /// parentheses ("Georgia (country)"), or by a kind word ("Washington state"). Each qualifier
    /// must hold for a match ([`Match::qualifier`] says how it did); when no place of the name
    /// satisfies them, the answer is the name's unqualified matches and [`Lookup::note`] says so.
    pub fn search(&self, query: &str, opts: &LookupOptions) -> Lookup<'_> {
        let plain = |q: &str, fuzzy: bool| self.ranked(q, opts, &|_| true, fuzzy);
        // "Frankfurt (Oder)", "Washington, D.C.": a name as the gazetteer writes it is a name.
        let a_name = || self.postings(&fold_name(query)).iter().any(|p| p.is_name());
        let parsed = match Query::parse(query) {
            Some(parsed) if !a_name() => parsed,
            _ => {
                let matches = plain(query, false);
                if !matches.is_empty() {
                    return Lookup::plain(matches);
                }
                // The words name nothing as a whole: "Washington state", "Paris Texas"; else a
                // near miss of the whole ("Vladivostock").
                return self.unpunctuated(query, opts).unwrap_or_else(|| Lookup::plain(plain(query, true)));
            }
        };
        self.structured(query, &parsed, opts, true)
    }

    /// A query whose words name nothing as a whole, read as a name and a qualifier without the
    /// comma: a trailing kind word ("Washington state") or place ("Paris Texas", "Vladivostok
    /// Russia"). `None` unless that finds a place the qualifier holds for.
    fn unpunctuated(&self, query: &str, opts: &LookupOptions) -> Option<Lookup<'_>> {
        if let Some(q) = Query::with_trailing_kind(query) {
            let kinds = q.kinds.unwrap_or_default();
            let of_kind = self.ranked(&q.name, opts, &|p| kinds.contains(&p.kind()), false);
            if !of_kind.is_empty() {
                return Some(Lookup::plain(of_kind));
            }
        }
        let words: Vec<&str> = query.split_whitespace().collect();
        for tail in 1..=2.min(words.len().saturating_sub(1)) {
            let (name, qualifier) = words.split_at(words.len() - tail);
            let parsed = Query { name: name.join(" "), qualifiers: vec![qualifier.join(" ")], kinds: None };
            let found = self.structured(query, &parsed, opts, false);
            if found.ignored.is_empty() && !found.matches.is_empty() {
                return Some(found);
            }
        }
        None
    }

    /// The matches of a parsed structured query (see [`Gazetteer::search`]).
    /// `fuzzy`: also try near misses of the name.
    fn structured(&self, query: &str, parsed: &Query, opts: &LookupOptions, fuzzy: bool) -> Lookup<'_> {
        let plain = |q: &str| self.ranked(q, opts, &|_| true, fuzzy);
        let qualifiers: Vec<Qualifier> = parsed.qualifiers.iter().map(|q| Qualifier::resolve(self, q)).collect();
        let kind_ok = |p: &Place<'_>| parsed.kinds.is_none_or(|k| k.contains(&p.kind()));
        let (known, unknown): (Vec<&Qualifier>, Vec<&Qualifier>) = qualifiers.iter().partition(|q| !q.is_unknown());
        let holds = |p: &Place<'_>, areas: bool| known.iter().all(|q| q.satisfied_by(self, p, areas).is_some());
        // An area qualifier (a county, a raion) is a distance test that several places of the
        // name may pass ("Springfield, Greene County": there are Greene Counties in eight
        // states): the place well inside its area ranks before one at the area's edge, so more
        // candidates are ranked than asked for, then cut.
        let limit = if opts.limit == 0 { 5 } else { opts.limit };
        let wide = LookupOptions { limit: limit.max(50), ..opts.clone() };
        let by_area = |found: &mut Vec<Match<'_>>, areas: bool| {
            let inside = |m: &Match<'_>| known.iter().all(|q| q.well_inside(&m.place, areas));
            found.sort_by_key(|m| !inside(m)); // stable: the prior order within each group
            found.truncate(limit);
        };
        let mut matches = self.ranked(&parsed.name, &wide, &|p| kind_ok(p) && holds(p, false), fuzzy);
        by_area(&mut matches, false);
        let mut areas = false;
        if matches.is_empty() && known.iter().any(|q| q.is_division()) {
            areas = true;
            matches = self.ranked(&parsed.name, &wide, &|p| kind_ok(p) && holds(p, true), fuzzy);
            by_area(&mut matches, true);
        }
        let mut ignored: Vec<String> = unknown.iter().map(|q| q.typed.clone()).collect();
        let mut note = (!ignored.is_empty()).then(|| {
            format!(
                "the gazetteer knows no place called {}; it is ignored",
                ignored.iter().map(|q| format!("{q:?}")).collect::<Vec<_>>().join(" or ")
            )
        });
        if matches.is_empty() && !known.is_empty() {
            // Nothing of that name there: the best matches of the name anywhere, said so.
            ignored = parsed.qualifiers.clone();
            matches = self.ranked(&parsed.name, opts, &kind_ok, fuzzy);
            note = Some(format!(
                "no {:?} in {}; showing the best matches anywhere",
                parsed.name,
                parsed.qualifiers.iter().map(|q| format!("{q:?}")).collect::<Vec<_>>().join(", ")
            ));
        } else {
            for m in &mut matches {
                let how: Vec<String> = known.iter().filter_map(|q| q.satisfied_by(self, &m.place, areas)).collect();
                m.qualifier = (!how.is_empty()).then(|| how.join("; "));
            }
        }
        if matches.is_empty() {
            // A comma or parenthesis that is part of a name as the gazetteer writes it.
            let whole = plain(query);
            if !whole.is_empty() {
                return Lookup::plain(whole);
            }
        }
        Lookup { matches, ignored, note }
    }

    /// The places `query` (a plain name) may mean that `keep` accepts, ranked and truncated;
    /// near misses (`fuzzy`) only when nothing matches better.
    fn ranked(
        &self,
        query: &str,
        opts: &LookupOptions,
        keep: &dyn Fn(&Place<'_>) -> bool,
        fuzzy: bool,
    ) -> Vec<Match<'_>> {
        let folded = fold_name(query);
        if folded.is_empty() || folded.len() > 200 {
            return Vec::new();
        }
        let limit = if opts.limit == 0 { 5 } else { opts.limit };
        let passes = |p: &Place<'_>| self.passes(p, opts) && keep(p);
        let mut found: Vec<Match<'_>> = Vec::new();
        for p in self.postings(&folded) {
            let asked_as_code = p.is_code() && looks_like_code(query);
            if !(p.is_name() || asked_as_code) {
                continue; // demonyms, and codes unless asked as a code
            }
            let place = self.place(p.record());
            let kind = if !p.is_name() {
                // A code: exact for the airports and countries codes belong to.
                if matches!(place.kind(), Kind::Airport | Kind::Country) {
                    MatchKind::Exact
                } else {
                    MatchKind::Alternate
                }
            } else if p.is_primary() {
                // Exact: the name or ASCII name as typed, ignoring case; otherwise only folding
                // made them equal (diacritics, punctuation).
                let q = query.trim().to_lowercase();
                let exact = q == place.name().to_lowercase() || {
                    let (ascii, _) = place.alternate_names();
                    !ascii.is_empty() && q == ascii.to_lowercase()
                };
                if exact {
                    MatchKind::Exact
                } else {
                    MatchKind::Folded
                }
            } else {
                MatchKind::Alternate
            };
            found.push(Match { place, matched: String::new(), kind, score: 0.0, qualifier: None });
        }
        // A code that belongs to an airport or country (FNJ, ZKPY, KP) means that, not a city whose
        // alternate names picked the code up.
        if found.iter().any(|m| {
            m.kind == MatchKind::Exact
                && matches!(m.place.kind(), Kind::Airport | Kind::Country)
                && looks_like_code(query)
        }) {
            found.retain(|m| {
                matches!(m.place.kind(), Kind::Airport | Kind::Country) || fold_name(m.place.name()) == folded
            });
        }
        found.retain(|m| passes(&m.place));
        if found.is_empty() {
            found = self.generic_variants(&folded).into_iter().filter(|m| passes(&m.place)).collect();
        }
        if found.is_empty() && fuzzy {
            found = self
                .fuzzy(&folded, max_edits(folded.chars().count()))
                .into_iter()
                .filter(|m| passes(&m.place))
                .collect();
        }
        for m in &mut found {
            let edits = if m.kind == MatchKind::Fuzzy { strsim::levenshtein(&folded, &m.matched) as u32 } else { 0 };
            m.score = (m.kind.quality(edits) + m.place.importance()) / 2.0;
            if let Some(near) = opts.near {
                m.score += 0.3 * (-m.place.distance_km(near) / 300.0).exp();
            }
        }
        found.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(b.place.population().cmp(&a.place.population()))
                .then(a.place.id().cmp(&b.place.id()))
        });
        found.dedup_by_key(|m| m.place.index());
        found.truncate(limit);
        for m in &mut found {
            m.matched = self.matched_name(&m.place, &folded, m.kind, &m.matched);
        }
        found
    }

    fn passes(&self, place: &Place<'_>, opts: &LookupOptions) -> bool {
        opts.country.as_deref().is_none_or(|cc| place.country_code().is_some_and(|c| c.eq_ignore_ascii_case(cc)))
            && opts.kind.is_none_or(|k| place.kind() == k)
    }

    /// Names within `edits` of the folded query (one candidate per record, nearest key first).
    fn fuzzy(&self, folded: &str, edits: u32) -> Vec<Match<'_>> {
        if edits == 0 {
            return Vec::new();
        }
        let Ok(automaton) = Levenshtein::new(folded, edits) else { return Vec::new() };
        let mut out = Vec::new();
        self.fuzzy_in(self.name_index(), &automaton, &mut out);
        if let Some(user) = self.user_index() {
            self.fuzzy_in(user, &automaton, &mut out);
        }
        out
    }

    /// The [`Gazetteer::fuzzy`] matches of one name index (the gazetteer's or the user's).
    fn fuzzy_in<'g, D: AsRef<[u8]>>(&'g self, index: &fst::Map<D>, automaton: &Levenshtein, out: &mut Vec<Match<'g>>) {
        let mut stream = index.search(automaton).into_stream();
        while let Some((key, value)) = stream.next() {
            let key = String::from_utf8_lossy(key).into_owned();
            for p in self.postings_of_value(value) {
                if p.is_name() {
                    out.push(Match {
                        place: self.place(p.record()),
                        matched: key.clone(),
                        kind: MatchKind::Fuzzy,
                        score: 0.0,
                        qualifier: None,
                    });
                }
            }
        }
    }

    /// The name as written in the gazetteer that the folded key stands for.
    fn matched_name(&self, place: &Place<'_>, folded: &str, kind: MatchKind, fuzzy_key: &str) -> String {
        let key = if kind == MatchKind::Fuzzy { fuzzy_key } else { folded };
        if fold_name(place.name()) == key {
            return place.name().to_string();
        }
        let (ascii, alts) = place.alternate_names();
        std::iter::once(ascii).chain(alts).find(|a| fold_name(a) == key).unwrap_or_else(|| {
            if looks_like_code(&key.to_uppercase()) {
                key.to_uppercase()
            } else {
                place.name().to_string()
            }
        })
    }

    /// A feature named with or without its generic part, either side of the name: "Mississippi
    /// River" finds "Mississippi River", "River Mississippi" and "the Mississippi"; "Baikal Lake"
    /// finds "Lake Baikal"; "Rivne nuclear power station" finds "Rivne Nuclear Power Plant". Only
    /// places of the kinds the generic words name count. A port or an airport named after its town
    /// ("Port of Odesa", "Domodedovo airport") that no record spells so is the port or airport
    /// nearest that town (within [`SITE_OF_TOWN_KM`]); a port with none listed is the town itself.
    fn generic_variants(&self, folded: &str) -> Vec<Match<'_>> {
        let words: Vec<&str> = folded.split(' ').filter(|w| *w != "the").collect();
        let Some((generic, specific)) = split_generic(&words) else { return Vec::new() };
        let kinds = generic_kinds(&generic).unwrap_or_default();
        let mut keys = vec![specific.clone()];
        // The generic words as written, then every other wording of the same kinds.
        let phrases = std::iter::once(generic.as_str())
            .chain(GENERIC_PHRASES.iter().filter(|(_, k)| *k == kinds).map(|(g, _)| *g));
        for g in phrases {
            for key in [format!("{specific} {g}"), format!("{g} {specific}"), format!("{g} of {specific}")] {
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
        let mut out = Vec::new();
        for key in &keys {
            for p in self.postings(key) {
                let place = self.place(p.record());
                if p.is_name() && kinds.contains(&place.kind()) {
                    out.push(Match {
                        place,
                        matched: String::new(),
                        kind: MatchKind::Alternate,
                        score: 0.0,
                        qualifier: None,
                    });
                }
            }
        }
        if out.is_empty() && (kinds.contains(&Kind::Port) || kinds.contains(&Kind::Airport)) {
            out = self.site_of_town(&specific, kinds);
        }
        out
    }

    /// The site of one of `kinds` nearest the likeliest town called `town` (see
    /// [`Gazetteer::generic_variants`]).
    fn site_of_town(&self, town: &str, kinds: &[Kind]) -> Vec<Match<'_>> {
        let mut towns: Vec<Place<'_>> = self
            .postings(town)
            .into_iter()
            .filter(|p| p.is_name())
            .map(|p| self.place(p.record()))
            .filter(|p| matches!(p.kind(), Kind::City | Kind::Admin2 | Kind::District))
            .collect();
        towns.sort_by(|a, b| b.importance().total_cmp(&a.importance()).then(a.id().cmp(&b.id())));
        let Some(town) = towns.into_iter().next() else { return Vec::new() };
        let site = kinds
            .iter()
            .flat_map(|&k| self.nearest(town.point(), 1, Some(k)))
            .filter(|(_, d)| *d <= SITE_OF_TOWN_KM)
            .min_by(|a, b| a.1.total_cmp(&b.1));
        let place = match site {
            Some((site, _)) => site,
            None if kinds.contains(&Kind::Port) => town,
            None => return Vec::new(),
        };
        vec![Match { place, matched: String::new(), kind: MatchKind::Alternate, score: 0.0, qualifier: None }]
    }

    /// Up to `n` names close to a query that matched nothing ("did you mean").
    pub fn suggestions(&self, query: &str, n: usize) -> Vec<String> {
        let parsed = Query::parse(query);
        let folded = fold_name(parsed.as_ref().map_or(query, |q| q.name.as_str()));
        if folded.is_empty() || folded.len() > 60 {
            return Vec::new();
        }
        let edits = max_edits(folded.chars().count()).max(1) + 1;
        let mut found = self.fuzzy(&folded, edits.min(2));
        if found.is_empty() {
            // Nothing within two edits: names that start the way the query's words start
            // ("Kalahary Dessertt" finds what "Kala…" and "Dess…" begin), nearest first.
            for word in folded.split(' ').filter(|w| *w != "the" && w.chars().count() >= 4) {
                let prefix: String = word.chars().take(4).collect();
                let mut stream =
                    self.name_index().search(fst::automaton::Str::new(&prefix).starts_with()).into_stream();
                let mut seen = 0;
                while let Some((key, value)) = stream.next() {
                    seen += 1;
                    if seen > 5000 {
                        break;
                    }
                    let key = String::from_utf8_lossy(key).into_owned();
                    for p in self.postings_of_value(value) {
                        if p.is_primary() {
                            found.push(Match {
                                place: self.place(p.record()),
                                matched: key.clone(),
                                kind: MatchKind::Fuzzy,
                                score: 0.0,
                                qualifier: None,
                            });
                        }
                    }
                }
            }
        }
        for m in &mut found {
            m.score = m.place.importance() - 0.3 * strsim::levenshtein(&folded, &m.matched) as f64;
        }
        found.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.id().cmp(&b.place.id())));
        let mut names: Vec<String> = Vec::new();
        for m in found {
            let name = m.place.name().to_string();
            if !names.contains(&name) {
                names.push(name);
            }
            if names.len() == n {
                break;
            }
        }
        names
    }

    /// The `n` places nearest to a point, nearest first (linear scan: one pass over fixed-width
    /// records is a few milliseconds, cheaper than building a spatial index per process).
    pub fn nearest(&self, at: Point, n: usize, kind: Option<Kind>) -> Vec<(Place<'_>, f64)> {
        if n == 0 {
            return Vec::new();
        }
        let mut best: Vec<(Place<'_>, f64)> = Vec::with_capacity(n + 1);
        let cos_lat = at.y().to_radians().cos();
        for place in self.places() {
            if kind.is_some_and(|k| place.kind() != k) {
                continue;
            }
            // Cheap equirectangular pre-filter, then the exact distance for contenders.
            let dlat = place.lat() - at.y();
            let dlon = normalise_lon(place.lon() - at.x()).abs();
            let approx = (dlat * dlat + (dlon * cos_lat).powi(2)).sqrt() * 111.2;
            if best.len() == n && approx > best[n - 1].1 * 1.01 + 1.0 {
                continue;
            }
            let d = place.distance_km(at);
            let at = best.partition_point(|(p, bd)| *bd < d || (*bd == d && p.id() < place.id()));
            if at < n {
                best.insert(at, (place, d));
                best.truncate(n);
            }
        }
        best
    }
}

/// How far from its town a port or airport named after the town may lie ("Domodedovo airport"
/// is 12 km from Domodedovo, Gatwick 40 km from London, but that one has its own name).
const SITE_OF_TOWN_KM: f64 = 30.0;

/// Several-word generic parts of feature names, longest first, with the kinds they stand for.
/// Wordings of the same kinds stand for one another ("Rivne nuclear power station" finds
/// "Rivne Nuclear Power Plant"); one-word generic parts are in [`generic_kinds`].
const GENERIC_PHRASES: &[(&str, &[Kind])] = &[
    ("nuclear power plant", &[Kind::PowerPlant]),
    ("nuclear power station", &[Kind::PowerPlant]),
    ("hydroelectric power station", &[Kind::PowerPlant, Kind::Dam]),
    ("hydroelectric power plant", &[Kind::PowerPlant, Kind::Dam]),
    ("international airport", &[Kind::Airport]),
    ("border crossing", &[Kind::BorderCrossing]),
    ("crossing point", &[Kind::BorderCrossing]),
    ("nuclear plant", &[Kind::PowerPlant]),
    ("power plant", &[Kind::PowerPlant]),
    ("power station", &[Kind::PowerPlant]),
    ("plant", &[Kind::PowerPlant]),
    ("reactor", &[Kind::PowerPlant]),
    ("npp", &[Kind::PowerPlant]),
    ("hydroelectric dam", &[Kind::Dam]),
    ("dam", &[Kind::Dam]),
    ("air base", &[Kind::MilitaryBase]),
    ("airbase", &[Kind::MilitaryBase]),
    ("naval base", &[Kind::MilitaryBase]),
    ("base", &[Kind::MilitaryBase]),
    ("crossing", &[Kind::BorderCrossing]),
    ("checkpoint", &[Kind::BorderCrossing]),
    ("airport", &[Kind::Airport]),
    ("port", &[Kind::Port]),
    ("harbour", &[Kind::Port]),
    ("seaport", &[Kind::Port]),
    ("shipyard", &[Kind::Port]),
];

/// The generic part of a feature's name, first or last, and the rest: ("nuclear power plant",
/// "rivne") for "rivne nuclear power plant", ("lake", "baikal") for "lake baikal".
fn split_generic(words: &[&str]) -> Option<(String, String)> {
    for n in (1..words.len()).rev().take(3) {
        let (head, tail) = (words[..n].join(" "), words[words.len() - n..].join(" "));
        if generic_kinds(&tail).is_some() {
            return Some((tail, words[..words.len() - n].join(" ")));
        }
        if generic_kinds(&head).is_some() {
            let rest = words[n..].strip_prefix(&["of"]).unwrap_or(&words[n..]);
            return Some((head, rest.join(" "))).filter(|(_, r)| !r.is_empty());
        }
    }
    None
}

/// The kinds a generic word in a feature's name stands for ("river", "desert").
fn generic_kinds(word: &str) -> Option<&'static [Kind]> {
    if let Some((_, kinds)) = GENERIC_PHRASES.iter().find(|(g, _)| *g == word) {
        return Some(kinds);
    }
    Some(match word {
        "river" => &[Kind::River],
        "lake" | "reservoir" => &[Kind::Lake],
        "desert" => &[Kind::Desert, Kind::Region],
        "cape" => &[Kind::Cape, Kind::Point],
        "mount" | "mt" => &[Kind::Peak, Kind::Point, Kind::MountainRange],
        "mountain" | "volcano" | "peak" => &[Kind::Peak, Kind::Point, Kind::MountainRange],
        "mountains" | "range" => &[Kind::MountainRange],
        "island" | "islands" | "isles" => &[Kind::Island],
        "sea" => &[Kind::Sea, Kind::Lake],
        "gulf" => &[Kind::Gulf],
        "bay" => &[Kind::Bay],
        "strait" | "straits" => &[Kind::Strait],
        "ocean" => &[Kind::Ocean],
        "canal" => &[Kind::Canal],
        "peninsula" | "region" => &[Kind::Region],
        "bridge" => &[Kind::Bridge],
        "tunnel" => &[Kind::Tunnel],
        "square" => &[Kind::Landmark],
        "township" | "district" => &[Kind::District],
        _ => return None,
    })
}
