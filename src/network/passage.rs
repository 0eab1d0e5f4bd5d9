//! Named sea passages (canals and straits) a sea route may be told to avoid.
//!
//! Ids match `PASSAGES` in `network/build.py`: the builder writes `1 + index` on every sea edge
//! that belongs to a passage (0 for open water). Names follow common English usage; the
//! searoute/MARNET spellings are accepted as aliases.

use std::str::FromStr;

/// A named passage of the sea network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Passage {
    /// The Suez Canal.
    Suez,
    /// The Panama Canal.
    Panama,
    /// The Strait of Malacca.
    Malacca,
    /// The Strait of Gibraltar.
    Gibraltar,
    /// The Bab-el-Mandeb strait.
    BabElMandeb,
    /// The Strait of Hormuz.
    Hormuz,
    /// The Bosporus.
    Bosporus,
    /// The Dardanelles.
    Dardanelles,
    /// The Sunda Strait.
    Sunda,
    /// The Strait of Magellan and the passage round Cape Horn.
    Magellan,
    /// The route round the Cape of Good Hope.
    GoodHope,
    /// The Bering Strait.
    Bering,
    /// The Northwest Passage.
    Northwest,
}

impl Passage {
    /// Every passage, in id order.
    pub const ALL: [Passage; 13] = [
        Passage::Suez,
        Passage::Panama,
        Passage::Malacca,
        Passage::Gibraltar,
        Passage::BabElMandeb,
        Passage::Hormuz,
        Passage::Bosporus,
        Passage::Dardanelles,
        Passage::Sunda,
        Passage::Magellan,
        Passage::GoodHope,
        Passage::Bering,
        Passage::Northwest,
    ];

    /// The name `--avoid` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Passage::Suez => "suez",
            Passage::Panama => "panama",
            Passage::Malacca => "malacca",
            Passage::Gibraltar => "gibraltar",
            Passage::BabElMandeb => "bab-el-mandeb",
            Passage::Hormuz => "hormuz",
            Passage::Bosporus => "bosporus",
            Passage::Dardanelles => "dardanelles",
            Passage::Sunda => "sunda",
            Passage::Magellan => "magellan",
            Passage::GoodHope => "good-hope",
            Passage::Bering => "bering",
            Passage::Northwest => "northwest",
        }
    }

    /// The id the data file uses (1-based; 0 is open water).
    pub fn id(self) -> u8 {
        Passage::ALL.iter().position(|p| *p == self).expect("ALL lists every passage") as u8 + 1
    }

    /// The passage with data id `id`, if any.
    pub fn from_id(id: u8) -> Option<Passage> {
        Passage::ALL.get(usize::from(id).checked_sub(1)?).copied()
    }

    /// The gate of an open-ocean passage: the meridian (lon, from this latitude to the South
    /// Pole) a path round the cape crosses. Canals and straits have none: their tagged edges
    /// are the only way through.
    pub fn gate(self) -> Option<(f64, f64)> {
        match self {
            // Cape Agulhas, Africa's southern tip
            Passage::GoodHope => Some((20.0, -34.8)),
            // Cape Horn: the Drake Passage (the Strait of Magellan is tagged)
            Passage::Magellan => Some((-67.3, -55.9)),
            _ => None,
        }
    }

    /// The spellings accepted besides [`Passage::as_str`] (MARNET's own names first).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Passage::Suez => &["suez-canal"],
            Passage::Panama => &["panama-canal"],
            Passage::Malacca => &["strait-of-malacca"],
            Passage::Gibraltar => &["strait-of-gibraltar"],
            Passage::BabElMandeb => &["babalmandab", "bab-al-mandab", "babelmandeb"],
            Passage::Hormuz => &["ormuz", "strait-of-hormuz"],
            Passage::Bosporus => &["bosphorus"],
            Passage::Dardanelles => &[],
            Passage::Sunda => &["sunda-strait"],
            Passage::Magellan => &["chili", "strait-of-magellan", "cape-horn"],
            Passage::GoodHope => &["south_africa", "south-africa", "cape-of-good-hope", "cape"],
            Passage::Bering => &["bering-strait"],
            Passage::Northwest => &["northwest-passage"],
        }
    }
}

impl std::fmt::Display for Passage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Passage {
    type Err = String;
    fn from_str(s: &str) -> Result<Passage, String> {
        let key = s.trim().to_lowercase().replace([' ', '_'], "-");
        Passage::ALL
            .into_iter()
            .find(|p| p.as_str() == key || p.aliases().iter().any(|a| a.replace('_', "-") == key))
            .ok_or_else(|| {
                let names: Vec<&str> = Passage::ALL.iter().map(|p| p.as_str()).collect();
                format!("unknown passage {:?} (expected one of {})", s.trim(), names.join(", "))
            })
    }
}

/// A set of passages to keep out of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Avoid(u16);

impl Avoid {
    /// Nothing avoided.
    pub const NONE: Avoid = Avoid(0);

    /// Whether edges with data id `id` are closed.
    pub fn blocks(self, id: u8) -> bool {
        id != 0 && self.0 & (1 << id) != 0
    }

    /// The set with `p` added.
    pub fn with(self, p: Passage) -> Avoid {
        Avoid(self.0 | 1 << p.id())
    }

    /// The set without `p`.
    pub fn without(self, p: Passage) -> Avoid {
        Avoid(self.0 & !(1 << p.id()))
    }

    /// Whether `p` is in the set.
    pub fn contains(self, p: Passage) -> bool {
        self.blocks(p.id())
    }

    /// The passages in the set, in id order.
    pub fn passages(self) -> impl Iterator<Item = Passage> {
        Passage::ALL.into_iter().filter(move |p| self.contains(*p))
    }

    /// Parse a comma-separated list ("suez,panama"); an empty string is the empty set.
    pub fn parse_list(s: &str) -> Result<Avoid, String> {
        let mut out = Avoid::NONE;
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            out = out.with(part.parse()?);
        }
        Ok(out)
    }

    /// `--avoid` (and Python's `avoid=`): the default set (the Northwest Passage) plus a
    /// comma-separated list of passages.
    pub fn default_plus(s: &str) -> Result<Avoid, String> {
        Ok(Avoid::parse_list(s)?.passages().fold(Avoid::default(), Avoid::with))
    }
}

impl Default for Avoid {
    /// The Northwest Passage is ice-bound most of the year; routes keep out of it unless asked
    /// (as searoute does).
    fn default() -> Avoid {
        Avoid::NONE.with(Passage::Northwest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_parse() {
        let rows = [
            ("suez", Passage::Suez),
            ("Suez Canal", Passage::Suez),
            ("bab-el-mandeb", Passage::BabElMandeb),
            ("babalmandab", Passage::BabElMandeb),
            ("ormuz", Passage::Hormuz),
            ("south_africa", Passage::GoodHope),
            ("chili", Passage::Magellan),
        ];
        for (s, want) in rows {
            assert_eq!(s.parse::<Passage>(), Ok(want), "{s}");
        }
        for p in Passage::ALL {
            assert_eq!(p.as_str().parse::<Passage>(), Ok(p), "{p}");
            assert_eq!(Passage::from_id(p.id()), Some(p), "{p}");
        }
        assert_eq!(Passage::from_id(0), None);
        let err = "kiel".parse::<Passage>().expect_err("not a passage");
        assert!(err.contains("kiel") && err.contains("suez"), "{err}");
    }

    #[test]
    fn avoid_lists_parse_into_sets() {
        let a = Avoid::parse_list("suez, panama").expect("valid");
        assert!(a.contains(Passage::Suez) && a.contains(Passage::Panama) && !a.contains(Passage::Malacca));
        assert_eq!(a.passages().collect::<Vec<_>>(), [Passage::Suez, Passage::Panama]);
        assert!(!a.blocks(0), "open water is never blocked");
        assert_eq!(Avoid::parse_list(""), Ok(Avoid::NONE));
        assert!(Avoid::parse_list("suez,atlantis").is_err());
        assert!(Avoid::default().contains(Passage::Northwest));
    }
}
