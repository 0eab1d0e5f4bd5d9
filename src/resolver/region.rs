//! Rule 3, the document's region: the countries and first-level regions a text names or whose
//! places dominate it, as evidence for each option of each name. A name is never its own
//! evidence ("Hartford" three times says nothing about Connecticut).

use rustc_hash::FxHashMap as HashMap;

use super::{Opt, Slot, Weights};
use crate::gazetteer::Kind;

/// Country and first-level-division weights of one document.
pub(super) struct Region<'g> {
    /// Country code → summed share of the names whose likeliest reading is in it (a country
    /// named outright counts 1.5 times).
    pub countries: HashMap<&'g str, f64>,
    /// First-level division code → summed share (a division named outright counts
    /// `Weights::named_admin1` times).
    pub admin1s: HashMap<&'g str, f64>,
    /// What each name (by its id: its first slot) contributes to each code.
    own: HashMap<(usize, &'g str), f64>,
    /// The main country's weight, at least 1.
    pub top_country: f64,
}

impl<'g> Region<'g> {
    /// The region of the slots' likeliest readings, each weighted by how sure its slot is
    /// about it (the softmax share of its prior).
    pub fn of(slots: &[Slot<'g>], name_ids: &[usize], w: &Weights) -> Region<'g> {
        let mut countries: HashMap<&'g str, f64> = HashMap::default();
        let mut admin1s: HashMap<&'g str, f64> = HashMap::default();
        let mut own: HashMap<(usize, &'g str), f64> = HashMap::default();
        for (s, &name) in slots.iter().zip(name_ids) {
            let Some(top) = s.options.first() else { continue };
            let total: f64 = s.options.iter().map(|o| (o.prior * 10.0).exp()).sum();
            let share = (top.prior * 10.0).exp() / total;
            if let Some(cc) = top.place.country_code() {
                let boost = if top.place.kind() == Kind::Country { 1.5 } else { 1.0 };
                *countries.entry(cc).or_default() += share * boost;
                *own.entry((name, cc)).or_default() += share * boost;
            }
            if let Some(a1) = top.place.admin1_code() {
                if top.place.kind() != Kind::Country {
                    let boost = if top.place.kind() == Kind::Admin1 { w.named_admin1 } else { 1.0 };
                    *admin1s.entry(a1).or_default() += share * boost;
                    *own.entry((name, a1)).or_default() += share * boost;
                }
            }
        }
        let top_country = countries.values().copied().fold(0.0, f64::max).max(1.0);
        Region { countries, admin1s, own, top_country }
    }

    /// (country, first-level division) evidence for option `o` of a slot of name `name`,
    /// without what that name itself contributes.
    pub fn evidence(&self, name: usize, o: &Opt<'g>) -> (f64, f64) {
        let own = |code: &str| self.own.get(&(name, code)).copied().unwrap_or(0.0);
        let c = o.place.country_code().map_or(0.0, |cc| self.countries.get(cc).copied().unwrap_or(0.0) - own(cc));
        let a = o.place.admin1_code().map_or(0.0, |a1| self.admin1s.get(a1).copied().unwrap_or(0.0) - own(a1));
        (c.max(0.0), a.max(0.0))
    }

    /// The text names a first-level region outright (or its places make one certain).
    pub fn names_a_division(&self) -> bool {
        self.admin1s.values().any(|&a| a >= 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Resolver;
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::matcher::text::Text;

    fn region_of(text: &str, f: impl FnOnce(&Region<'_>, &[Slot<'_>], &[usize])) {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let r = Resolver::new(gaz);
        let t = Text::new(text);
        let slots: Vec<Slot<'_>> =
            r.matcher.find_in(&t).into_iter().map(|c| r.slot(&t, c, crate::resolver::Role::Found)).collect();
        let ids = super::super::name_ids(&slots);
        f(&Region::of(&slots, &ids, &Weights::default()), &slots, &ids)
    }

    #[test]
    fn the_places_a_text_names_make_its_country() {
        region_of("Talks in Lyon and Marseille ended; Bordeaux and Toulouse wait.", |region, _, _| {
            let best = region.countries.iter().max_by(|a, b| a.1.total_cmp(b.1)).map(|(cc, _)| *cc);
            assert_eq!(best, Some("FR"));
            assert!(region.top_country >= 1.0);
        });
    }

    #[test]
    fn a_name_is_not_its_own_evidence() {
        region_of("Hartford. Hartford. Hartford.", |region, slots, ids| {
            let top = slots[0].options[0];
            assert_eq!(region.evidence(ids[0], &top), (0.0, 0.0), "one name, said three times");
        });
    }

    #[test]
    fn a_state_named_outright_is_a_division() {
        region_of("Officials in Ohio said the roads were closed.", |region, _, _| assert!(region.names_a_division()));
        region_of(
            "Officials said the roads were closed near Lyon.",
            |region, _, _| assert!(!region.names_a_division()),
        );
    }
}
