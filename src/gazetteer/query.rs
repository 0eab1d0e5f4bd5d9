//! Structured queries, the way addresses and datelines write places: "Paris, Texas",
//! "Springfield, MO", "London, Ontario, Canada", "Georgia (country)", "Washington state".
//!
//! A query splits into a name and its qualifiers ([`Query::parse`]); each qualifier is resolved
//! against the gazetteer ([`Qualifier::resolve`]) into what it can mean:
//! - countries: names in any language the gazetteer holds (Russland, Россия), ISO codes (FR);
//! - first-level divisions: names, GeoNames admin1 codes (GeoNames' US codes are the postal
//!   ones: TX is US.TX), the Canadian and Australian postal codes GeoNames numbers instead
//!   ([`NUMBERED_ADMIN1`]), and the news abbreviations of `gazetteer/abbreviations.tsv`
//!   ("Calif.", "Mass.", "Ont.");
//! - anything else the name reaches (counties, raions, cities, islands) as an area the place
//!   must lie in: the gazetteer keeps admin2 records (points) but no admin2 code per place, so an
//!   admin2 qualifier is a distance test ([`area_km`]).
//!
//! Invariant: qualifiers filter and rank, they never empty an answer: a query no place of the
//! name satisfies falls back to the name's unqualified matches, and says so (`lookup`).

use geo::Point;

use super::{fold_name, Gazetteer, Kind, Place};

/// Province and state codes people write (postal codes, the ISO 3166-2 suffixes) where GeoNames
/// numbers the divisions instead: Canada and Australia. (country, code, GeoNames admin1 code.)
const NUMBERED_ADMIN1: &[(&str, &str, &str)] = &[
    ("CA", "AB", "CA.01"),
    ("CA", "BC", "CA.02"),
    ("CA", "MB", "CA.03"),
    ("CA", "NB", "CA.04"),
    ("CA", "NL", "CA.05"),
    ("CA", "NS", "CA.07"),
    ("CA", "ON", "CA.08"),
    ("CA", "PE", "CA.09"),
    ("CA", "QC", "CA.10"),
    ("CA", "SK", "CA.11"),
    ("CA", "YT", "CA.12"),
    ("CA", "NT", "CA.13"),
    ("CA", "NU", "CA.14"),
    ("AU", "ACT", "AU.01"),
    ("AU", "NSW", "AU.02"),
    ("AU", "NT", "AU.03"),
    ("AU", "QLD", "AU.04"),
    ("AU", "SA", "AU.05"),
    ("AU", "TAS", "AU.06"),
    ("AU", "VIC", "AU.07"),
    ("AU", "WA", "AU.08"),
];

/// At most this many places stand for one area qualifier (the most important ones).
const MAX_AREAS: usize = 12;

/// A query split into the name and what qualifies it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Query {
    /// The place's own name ("Paris").
    pub name: String,
    /// Qualifiers as typed, outermost last ("Texas", "USA").
    pub qualifiers: Vec<String>,
    /// The kind the query asks for: "(country)", "Washington state".
    pub kinds: Option<&'static [Kind]>,
}

impl Query {
    /// The parts of a structured query; `None` for a plain name (no comma, no parentheses).
    pub fn parse(query: &str) -> Option<Query> {
        let mut rest = query.trim();
        let mut kinds = None;
        let mut tail = Vec::new();
        // "Georgia (country)", "Georgia (U.S. state)": the kind of the place; "Paris (Texas)",
        // "Buffalo (New York state)": a qualifier.
        if let Some((head, inner)) = rest.strip_suffix(')').and_then(|b| b.rsplit_once('(')) {
            let (head, inner) = (head.trim(), inner.trim());
            if !head.is_empty() && !inner.is_empty() {
                match kind_word(inner) {
                    Some(k) => kinds = Some(k),
                    None => tail.push(inner.to_string()),
                }
                rest = head;
            }
        }
        let mut parts = rest.split(',').map(str::trim);
        let name = parts.next().unwrap_or_default().to_string();
        let mut qualifiers: Vec<String> = parts.filter(|p| !p.is_empty()).map(str::to_string).collect();
        qualifiers.extend(tail);
        if name.is_empty() || (qualifiers.is_empty() && kinds.is_none()) {
            return None;
        }
        Some(Query { name, qualifiers, kinds })
    }

    /// "Washington state", "Georgia country": a plain name that ends in a kind word. Only tried
    /// when the whole query names nothing.
    pub fn with_trailing_kind(query: &str) -> Option<Query> {
        let (name, kind) = query.trim().rsplit_once(' ')?;
        let kinds = kind_word(kind)?;
        let name = name.trim();
        (!name.is_empty()).then(|| Query { name: name.to_string(), qualifiers: Vec::new(), kinds: Some(kinds) })
    }
}

/// The kinds a word like "state", "country" or "county" asks for.
pub(crate) fn kind_word(word: &str) -> Option<&'static [Kind]> {
    Some(match fold_name(word).as_str() {
        "country" | "nation" => &[Kind::Country],
        "state" | "us state" | "u s state" | "province" | "oblast" | "krai" | "kray" | "prefecture" | "canton"
        | "territory" | "governorate" | "voivodeship" | "region" => &[Kind::Admin1],
        "county" | "raion" | "rayon" | "district" | "borough" | "parish" => &[Kind::Admin2, Kind::District],
        "city" | "town" | "village" => &[Kind::City],
        _ => return None,
    })
}

/// "New York state" → ("New York", state kinds); "country" → (nothing, country); "Texas" →
/// ("Texas", none).
fn split_kind(text: &str) -> (Option<&str>, Option<&'static [Kind]>) {
    if let Some(kinds) = kind_word(text) {
        return (None, Some(kinds));
    }
    match text.rsplit_once(' ') {
        Some((rest, last)) if !rest.trim().is_empty() => match kind_word(last) {
            Some(kinds) => (Some(rest.trim()), Some(kinds)),
            None => (Some(text), None),
        },
        _ => (Some(text), None),
    }
}

/// An area a qualifier names that is not a country or first-level division.
#[derive(Debug, Clone)]
struct Area {
    at: Point,
    km: f64,
    name: String,
    kind: Kind,
}

/// How far from a place named as a qualifier a place may lie and still be "in" it.
fn area_km(kind: Kind) -> f64 {
    match kind {
        Kind::Admin2 => 100.0,
        Kind::District => 30.0,
        Kind::City | Kind::Landmark | Kind::Point => 40.0,
        Kind::Island => 150.0,
        Kind::Region | Kind::MountainRange | Kind::Desert => 400.0,
        _ => 60.0,
    }
}

/// What one qualifier can mean.
#[derive(Debug, Clone, Default)]
pub(crate) struct Qualifier {
    /// As typed.
    pub typed: String,
    /// Country codes (RU).
    countries: Vec<&'static str>,
    /// GeoNames admin1 codes (US.TX) with the division's name.
    admin1: Vec<(&'static str, &'static str)>,
    /// Places it can only mean as an area.
    areas: Vec<Area>,
}

impl Qualifier {
    /// Everything `typed` can qualify a place by in this gazetteer.
    pub fn resolve(gaz: &Gazetteer, typed: &str) -> Qualifier {
        let mut q = Qualifier::of_text(gaz, typed, None);
        if q.is_unknown() {
            // "New York State", "Cook county": the name without its kind word, of that kind.
            if let (Some(rest), Some(kinds)) = split_kind(typed) {
                if rest != typed {
                    q = Qualifier::of_text(gaz, rest, Some(kinds));
                    q.typed = typed.to_string();
                }
            }
        }
        q
    }

    fn of_text(gaz: &Gazetteer, typed: &str, kinds: Option<&[Kind]>) -> Qualifier {
        let t = typed.trim();
        let mut q = Qualifier { typed: typed.to_string(), ..Default::default() };
        let mut places: Vec<Place<'_>> = Vec::new();
        // News abbreviations, periods optional: "Calif.", "Calif", "U.K."
        for (abbr, record) in gaz.abbreviations() {
            if *abbr == t || abbr.strip_suffix('.') == Some(t) {
                places.push(gaz.place(*record));
            }
        }
        // Codes: FR (country), TX (US.TX), ON (CA.08), in any case.
        if (2..=3).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphabetic()) {
            let code = t.to_ascii_uppercase();
            if kinds.is_none_or(|k| k.contains(&Kind::Country)) {
                if let Some(&(cc, _)) = gaz.countries.iter().find(|(cc, _)| *cc == code) {
                    q.countries.push(cc);
                }
            }
            if kinds.is_none_or(|k| k.contains(&Kind::Admin1)) {
                for &(admin1, name) in &gaz.admin1 {
                    if admin1.split_once('.').is_some_and(|(_, c)| c == code) {
                        q.admin1.push((admin1, name));
                    }
                }
                for &(_, c, admin1) in NUMBERED_ADMIN1 {
                    if c == code {
                        if let Some(&(a, name)) = gaz.admin1.iter().find(|(a, _)| *a == admin1) {
                            q.admin1.push((a, name));
                        }
                    }
                }
            }
        }
        // Names in any language the gazetteer holds.
        for p in gaz.postings(&fold_name(t)) {
            let place = gaz.place(p.record());
            let division = matches!(place.kind(), Kind::Country | Kind::Admin1);
            if p.is_name() || (p.is_code() && division) {
                places.push(place);
            }
        }
        places.retain(|p| kinds.is_none_or(|k| k.contains(&p.kind())));
        places.sort_by(|a, b| b.importance().total_cmp(&a.importance()).then(a.id().cmp(&b.id())));
        for place in places {
            match place.kind() {
                Kind::Country => {
                    q.countries.extend(gaz.countries.get(usize::from(place.raw.country)).map(|(cc, _)| *cc))
                }
                Kind::Admin1 => {
                    if let Some(&(a, name)) = gaz.admin1.get(usize::from(place.raw.admin1)) {
                        q.admin1.push((a, name));
                    }
                }
                Kind::Continent | Kind::Ocean => {}
                kind if q.areas.len() < MAX_AREAS => {
                    q.areas.push(Area { at: place.point(), km: area_km(kind), name: place.name().to_string(), kind })
                }
                _ => {}
            }
        }
        q.countries.dedup();
        q.admin1.sort_unstable();
        q.admin1.dedup();
        q
    }

    /// The gazetteer knows no place by this name or code.
    pub fn is_unknown(&self) -> bool {
        self.countries.is_empty() && self.admin1.is_empty() && self.areas.is_empty()
    }

    /// Whether this qualifier names a country or first-level division (then only that counts;
    /// areas are tried only when no place of the name lies in one).
    pub fn is_division(&self) -> bool {
        !self.countries.is_empty() || !self.admin1.is_empty()
    }

    /// Whether `place` lies well inside an area the qualifier names (within a third of the
    /// area's radius), or the qualifier is no area test for it (a country or division it is in).
    pub fn well_inside(&self, place: &Place<'_>, areas: bool) -> bool {
        let division = place.country_code().is_some_and(|cc| self.countries.contains(&cc))
            || place.admin1_code().is_some_and(|code| self.admin1.iter().any(|(a, _)| *a == code));
        if division || (!areas && self.is_division()) || self.areas.is_empty() {
            return true;
        }
        self.areas.iter().any(|a| place.distance_km(a.at) <= a.km / 3.0)
    }

    /// How `place` satisfies the qualifier ("TX → admin1 Texas"), if it does. `areas`: also
    /// accept places near the areas it names.
    pub fn satisfied_by(&self, gaz: &Gazetteer, place: &Place<'_>, areas: bool) -> Option<String> {
        let typed = self.typed.trim();
        if let Some(cc) = place.country_code().filter(|cc| self.countries.contains(cc)) {
            return Some(format!("{typed} → country {}", gaz.country_name(cc).unwrap_or(cc)));
        }
        if let Some(code) = place.admin1_code() {
            if let Some((_, name)) = self.admin1.iter().find(|(a, _)| *a == code) {
                return Some(format!("{typed} → admin1 {name}"));
            }
        }
        if !areas && self.is_division() {
            return None;
        }
        self.areas.iter().find_map(|a| {
            let d = place.distance_km(a.at);
            (d <= a.km).then(|| format!("{typed} → within {d:.0} km of {} ({})", a.name, a.kind))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_split_into_name_qualifiers_and_kind() {
        type Parts = (&'static str, &'static [&'static str], Option<Kind>);
        let rows: &[(&str, Option<Parts>)] = &[
            ("Vladivostok", None),
            ("Paris, Texas", Some(("Paris", &["Texas"], None))),
            ("Springfield , MO", Some(("Springfield", &["MO"], None))),
            ("London, Ontario, Canada", Some(("London", &["Ontario", "Canada"], None))),
            ("Georgia (country)", Some(("Georgia", &[], Some(Kind::Country)))),
            ("Georgia (U.S. state)", Some(("Georgia", &[], Some(Kind::Admin1)))),
            ("Buffalo (New York state)", Some(("Buffalo", &["New York state"], None))),
            ("Paris (Texas)", Some(("Paris", &["Texas"], None))),
            ("Paris,", None),
            (", Texas", None),
            ("(country)", None),
        ];
        for (query, want) in rows {
            let got = Query::parse(query);
            let got = got.as_ref().map(|q| {
                (q.name.as_str(), q.qualifiers.iter().map(String::as_str).collect::<Vec<_>>(), q.kinds.map(|k| k[0]))
            });
            let want = want.map(|(n, q, k)| (n, q.to_vec(), k));
            assert_eq!(got, want, "{query}");
        }
    }

    #[test]
    fn a_trailing_kind_word_is_a_kind() {
        let q = Query::with_trailing_kind("Washington state").expect("a kind");
        assert_eq!((q.name.as_str(), q.kinds), ("Washington", Some(&[Kind::Admin1][..])));
        assert_eq!(Query::with_trailing_kind("Washington"), None);
        assert_eq!(Query::with_trailing_kind("New Hampshire"), None);
    }
}
