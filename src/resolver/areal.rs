//! The areal rule (rule 1 of the resolver): a country's or first-level division's own name means
//! that place, not a town named after it, unless the town is a major city or the division's
//! seat; and a division named after its seat yields the bare name to the seat.

use rustc_hash::FxHashMap as HashMap;

use super::{is_areal, Opt, ADMIN1_LEAD};
use crate::gazetteer::{fold_name, Kind, Place};

/// An option that is a country or first-level division reached by its own name: a country's
/// primary name, or an alternate one no other place has as its primary name ("Columbia" is a
/// city's own name before it is a misspelt country); a first-level division's primary name when
/// the document is about its country.
pub(super) fn names_areal(o: &Opt<'_>, options: &[Opt<'_>], countries: &HashMap<&str, f64>) -> bool {
    let primary = o.posting.is_primary();
    match o.place.kind() {
        Kind::Country => {
            primary
                || (o.posting.is_alternate()
                    && !options.iter().any(|x| x.posting.is_primary() && x.place.kind() != Kind::Country))
        }
        Kind::Admin1 => {
            primary && o.place.country_code().is_some_and(|cc| countries.get(cc).copied().unwrap_or(0.0) >= 1.0)
        }
        _ => false,
    }
}

/// A first-level division named after its seat ("Daraa" governorate and the city of Dar‘ā,
/// "Ulaanbaatar" and the capital Ulan Bator): a bare mention of the shared name means the seat,
/// as it does when both carry the name as their own ("Beijing"). The seat takes the division's
/// name quality (its own name is often another spelling) and the division loses its regional
/// lead; a word that asks for the division ("Daraa province") still gets it (trigger rule).
/// Not when the name is a country's own (the areal rule decides: "Mexico") or the seat's own name
/// adds a generic word to it (a bare "Oklahoma" is the state, Oklahoma City has its own name).
pub(super) fn seats_over_divisions<'g>(options: &mut [Opt<'g>]) -> Vec<(&'g str, &'g str)> {
    fn division<'g>(p: &Place<'g>) -> Option<(&'g str, &'g str)> {
        Some((p.country_code()?, p.admin1_code()?))
    }
    let seat_like = |o: &Opt<'_>| !is_areal(o.place.kind()) && (o.place.is_capital() || o.place.is_admin_seat());
    // Most names have no first-level division, or no seat, among their options: nothing to do.
    if !options.iter().any(|o| o.place.kind() == Kind::Admin1)
        || !options.iter().any(|o| seat_like(o) && division(&o.place).is_some())
        || options.iter().any(|o| o.place.kind() == Kind::Country && o.posting.is_primary())
    {
        return Vec::new();
    }
    let division_names: Vec<String> =
        options.iter().filter(|o| o.place.kind() == Kind::Admin1).map(|o| fold_name(o.place.name())).collect();
    let named_apart = |seat: &Place<'_>| {
        let own = fold_name(seat.name());
        division_names.iter().any(|d| own.strip_prefix(d.as_str()).is_some_and(|rest| rest.starts_with(' ')))
    };
    let mut seats: Vec<(&str, &str)> = options
        .iter()
        .filter(|o| seat_like(o))
        .filter(|o| !named_apart(&o.place))
        .filter_map(|o| division(&o.place))
        .collect();
    let divisions: Vec<(&str, &str)> = options
        .iter()
        .filter(|o| o.place.kind() == Kind::Admin1 && o.posting.is_primary())
        .filter_map(|o| division(&o.place))
        .collect();
    for o in options.iter_mut() {
        let Some(d) = division(&o.place) else { continue };
        if o.place.kind() == Kind::Admin1 && seats.contains(&d) {
            o.prior -= ADMIN1_LEAD / 2.0;
        } else if !is_areal(o.place.kind()) && seats.contains(&d) && divisions.contains(&d) {
            o.prior = (1.0 + o.place.importance()) / 2.0;
        }
        o.score = o.prior;
    }
    seats.retain(|d| divisions.contains(d));
    seats
}

/// The capital or seat of a first-level division, inside it.
pub(super) fn is_seat_of(p: &Place<'_>, division: &Place<'_>) -> bool {
    division.kind() == Kind::Admin1
        && !is_areal(p.kind())
        && (p.is_capital() || p.is_admin_seat())
        && p.country_code().is_some()
        && p.country_code() == division.country_code()
        && p.admin1_code() == division.admin1_code()
}

/// A city big enough that a country or state named the same does not hide it ("New York").
pub(super) fn is_major(p: &Place<'_>) -> bool {
    p.population() >= 1_000_000 || p.is_capital()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::matcher::text::Text;
    use crate::resolver::{Resolver, Slot};

    fn slot<'g>(r: &Resolver<'g>, text: &str) -> Slot<'g> {
        let t = Text::new(text);
        let c = r.matcher.find_in(&t).into_iter().next().expect("a candidate");
        r.slot(&t, c, crate::resolver::Role::Found)
    }

    /// (name, the seat takes the name, kind of the likeliest reading)
    #[test]
    fn a_division_named_after_its_seat_yields_the_bare_name_to_it() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let r = Resolver::new(gaz);
        let rows: &[(&str, bool, Kind)] = &[
            // the governorate and its seat share the name: the seat
            ("Daraa", true, Kind::City),
            // the seat adds a word to the name (Oklahoma City): the state
            ("Oklahoma", false, Kind::Admin1),
            // a country's own name: the areal rule decides, not this one
            ("Mexico", false, Kind::Country),
        ];
        for &(name, seated, kind) in rows {
            let s = slot(&r, name);
            assert_eq!(!s.seated.is_empty(), seated, "{name}: seat takes the name");
            assert_eq!(s.options[0].place.kind(), kind, "{name}: likeliest reading {:?}", s.options[0].place);
        }
    }

    #[test]
    fn a_country_s_own_name_is_areal_and_its_towns_are_not() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let r = Resolver::new(gaz);
        let none = HashMap::default();
        for name in ["Jordan", "Honduras", "Lebanon"] {
            let s = slot(&r, name);
            let areal: Vec<Kind> =
                s.options.iter().filter(|o| names_areal(o, &s.options, &none)).map(|o| o.place.kind()).collect();
            assert_eq!(areal, [Kind::Country], "{name}");
            let towns = s.options.iter().filter(|o| o.place.kind() == Kind::City && !is_major(&o.place)).count();
            assert!(towns > 0, "{name} has towns of its name");
        }
    }

    #[test]
    fn seats_and_major_cities() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let r = Resolver::new(gaz);
        let s = slot(&r, "Texas");
        let texas = s.options.iter().find(|o| o.place.kind() == Kind::Admin1).expect("the state").place;
        // (a common given name is a place only in a locative context)
        let austin = slot(&r, "in Austin").options.iter().find(|o| is_seat_of(&o.place, &texas)).map(|o| o.place);
        assert!(austin.is_some_and(|p| p.admin1_code() == texas.admin1_code()), "Austin is the seat of Texas");
        let houston = slot(&r, "Houston").options[0].place;
        assert!(is_major(&houston) && !is_seat_of(&houston, &texas), "{houston:?}");
    }
}
