//! Rule 5, one sense per name per document: the option with the best summed score over the
//! name's mentions wins for all of them. When the text qualifies a mention ("Paris, Texas …
//! Paris"), the first qualified mention decides: a text places a name when it first names it,
//! and a later qualified mention is more often another place of that name ("named after
//! Aurora, Illinois"). A qualified mention keeps its own reading.

use rustc_hash::FxHashMap as HashMap;

use super::{Opt, Slot};

/// Per name: whether a qualified mention decided it, and each option's summed score.
pub(super) struct Senses<'s>(HashMap<&'s str, (bool, HashMap<u32, f64>)>);

impl<'s> Senses<'s> {
    /// The senses of every name of the slots.
    pub fn of(slots: &'s [Slot<'_>]) -> Senses<'s> {
        let mut by_key: HashMap<&str, (bool, HashMap<u32, f64>)> = HashMap::default();
        for s in slots {
            let entry = by_key.entry(s.key.as_str()).or_default();
            if entry.0 {
                continue;
            }
            if s.qualified {
                let first = s.options.first().map(|o| (o.place.index(), 1.0));
                *entry = (true, first.into_iter().collect());
            } else {
                for o in &s.options {
                    *entry.1.entry(o.place.index()).or_default() += o.score;
                }
            }
        }
        Senses(by_key)
    }

    /// The option slot `s` takes: its own best when qualified, else its name's sense (ties go
    /// to the lower id).
    pub fn choose<'a, 'g>(&self, s: &'a Slot<'g>) -> Option<&'a Opt<'g>> {
        if s.qualified {
            return s.options.first();
        }
        let sums = &self.0[s.key.as_str()].1;
        let sum = |o: &Opt<'_>| sums.get(&o.place.index()).copied().unwrap_or(f64::NEG_INFINITY);
        s.options.iter().max_by(|a, b| sum(a).total_cmp(&sum(b)).then(b.place.id().cmp(&a.place.id())))
    }

    /// Some mention of this name is qualified.
    pub fn qualified(&self, key: &str) -> bool {
        self.0.get(key).is_some_and(|e| e.0)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Resolver;
    use crate::gazetteer::Gazetteer;

    fn readings(text: &str, name: &str) -> Vec<String> {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        Resolver::new(gaz)
            .resolve(text, &Default::default())
            .into_iter()
            .filter(|m| m.text == name)
            .map(|m| format!("{}/{}", m.place.country_code.unwrap_or_default(), m.place.admin1.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn every_mention_of_a_name_takes_one_sense() {
        let got = readings("Paris was quiet. Later, in Paris, the talks resumed near Lyon.", "Paris");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], got[1]);
    }

    #[test]
    fn the_first_qualified_mention_decides_the_rest() {
        let got = readings("Paris, Texas, held a fair. Paris was busy all week.", "Paris");
        assert_eq!(got, vec!["US/Texas", "US/Texas"]);
    }
}
