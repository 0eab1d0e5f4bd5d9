//! Text → candidate place mentions (spans plus the gazetteer postings their names reach; no
//! coordinates chosen yet).
//!
//! One automaton over every gazetteer name: the name index is an `fst`, and from each word start
//! the matcher walks it with the text folded on the fly ([`crate::gazetteer::fold::fold_char`]),
//! keeping the longest name that ends on a word boundary ("North Korea" not "Korea", "Sea of
//! Japan" not "Japan"). Recognition rules then apply, all general:
//! - case: in prose a mention starts with a capital and its longer words are capitalised; in lines
//!   written in capitals (headlines, "SEOUL, South Korea (AP) —" datelines) case is ignored;
//!   a user's own names (`--user-places`) need only their first word capitalised;
//! - possessives and hyphenated compounds end a name ("Russia's", "Russia-North Korea");
//! - demonyms ("Russian", "North Koreans") become adjective mentions of their country;
//! - traps (see [`traps`]): person names, organisations and products named after places,
//!   publisher boilerplate, and common English words that need context to be places.
//!
//! Invariant: candidates do not overlap and come in text order; `start`/`end` are character
//! offsets into the text, end exclusive.

pub mod text;
pub mod traps;

use std::ops::Range;

use fst::raw::Output;

use crate::gazetteer::fold::{fold_char, Folded};
use crate::gazetteer::format::{SUPPLEMENT_ID_BASE, US_ZIP_ID_BASE};
use crate::gazetteer::user::USER_VALUE;
use crate::gazetteer::{Gazetteer, Kind, Posting, RecordIx};
use text::Text;

/// Longest name, in characters, the walk follows.
const MAX_NAME_CHARS: usize = 64;

/// A span of text that names a place (or a demonym of one).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Character offsets, end exclusive.
    pub start: usize,
    pub end: usize,
    /// The records the span's name reaches, filtered by the recognition rules.
    pub postings: Vec<Posting>,
    /// The span is a demonym or adjective ("Russian"), not a name.
    pub adjective: bool,
    /// The span needed context to count as a place (a common word, a short name); the resolver
    /// lowers its confidence.
    pub weak: bool,
}

/// Finds candidate mentions in text.
pub struct Matcher<'g> {
    gaz: &'g Gazetteer,
    /// Abbreviations by their first byte (all are ASCII), longest first within each.
    abbreviations: Vec<Vec<(&'static str, RecordIx)>>,
    /// Record indices of the US post offices (see [`post_office_records`]).
    post_offices: Range<RecordIx>,
}

/// Record indices of the US post-office places (the ZIP code list: no population, never a
/// capital, a seat or a region). Records are sorted by id and post offices have ids of their own
/// range, so they are one run of indices, and a posting says whether it reaches one without a
/// record read.
pub(crate) fn post_office_records(gaz: &Gazetteer) -> Range<RecordIx> {
    let first_with_id = |id: u32| {
        let (mut lo, mut hi) = (0u32, gaz.len() as u32);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if gaz.place(mid).id().0 < id {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    };
    RecordIx(first_with_id(US_ZIP_ID_BASE))..RecordIx(first_with_id(SUPPLEMENT_ID_BASE))
}

/// Words that may stay lowercase inside a multi-word name ("Stratford-upon-Avon").
const LOWERCASE_CONNECTORS: &[&str] = &["upon", "sous", "unter", "near", "over", "under", "with", "della", "dello"];

impl<'g> Matcher<'g> {
    pub fn new(gaz: &'g Gazetteer) -> Matcher<'g> {
        let mut abbreviations = vec![Vec::new(); 128];
        for &(a, idx) in gaz.abbreviations() {
            if let Some(&b) = a.as_bytes().first().filter(|b| b.is_ascii()) {
                abbreviations[usize::from(b)].push((a, idx));
            }
        }
        Matcher { gaz, abbreviations, post_offices: post_office_records(gaz) }
    }

    /// Candidate mentions in a prepared text, in order, not overlapping.
    pub fn find_in(&self, t: &Text<'_>) -> Vec<Candidate> {
        let spans = self.raw_spans(t);
        traps::filter(self.gaz, &self.post_offices, t, spans)
    }

    /// Longest-match spans that pass the case rules, with their postings filtered by form.
    /// Both name indexes are walked: the gazetteer's and, when there is one, the overlay of the
    /// user's places; a span both name reaches the records of both.
    fn raw_spans(&self, t: &Text<'_>) -> Vec<Candidate> {
        let fst = self.gaz.name_index().as_fst();
        let user = self.gaz.user_index().map(|m| m.as_fst());
        let mut out = Vec::new();
        let mut folded = String::new();
        let mut ends: Vec<(usize, u64, bool)> = Vec::new();
        let n = t.len();
        let mut i = 0;
        while i < n {
            // Names start with a letter: capitalised in prose, any case on a line in capitals.
            if !t.is_word_start(i)
                || !t.is_alpha(i)
                || !(t.is_capitalised(i) || t.is_caps_line(i))
                || t.is_boilerplate(i)
            {
                i += 1;
                continue;
            }
            ends.clear();
            walk_names(fst, t, i, &mut folded, &mut ends);
            if let Some(user) = user {
                walk_names(user, t, i, &mut folded, &mut ends);
                // as one walk orders them: by end, a plural before the name itself; stable, so at
                // one end the gazetteer's postings come first
                ends.sort_by_key(|&(end, _, plural)| (end, !plural));
            }
            let mut taken = self.abbreviation_at(t, i);
            let mut k = ends.len();
            while k > 0 {
                let (end, _, plural) = ends[k - 1];
                // every value that ends here the same way (one per name index)
                let mut first = k - 1;
                while first > 0 && (ends[first - 1].0, ends[first - 1].2) == (end, plural) {
                    first -= 1;
                }
                let values = &ends[first..k];
                k = first;
                if taken.as_ref().is_some_and(|c: &Candidate| c.end >= end) {
                    break;
                }
                // A user's own names count as the user wrote them: "the Greyhaven naval yard"
                // needs only its first word capitalised.
                let case_ok = self.case_ok(t, i, end);
                let all: Vec<Posting> = values
                    .iter()
                    .filter(|&&(_, v, _)| case_ok || v & USER_VALUE != 0)
                    .flat_map(|&(_, v, _)| self.gaz.postings_of_value(v))
                    .collect();
                if all.is_empty() {
                    continue;
                }
                if let Some(c) = self.candidate(t, i, end, all, plural) {
                    taken = Some(c);
                    break;
                }
            }
            match taken {
                Some(c) => {
                    i = c.end;
                    out.push(c);
                }
                None => i += 1,
            }
        }
        out
    }

    /// The candidate for a span someone else recognised (`resolve --spans`): every place its
    /// folded form names, a demonym if that is all it is, no recognition rules. `None` when the
    /// gazetteer has no such name. Falls back to the span without a leading "the" or a trailing
    /// possessive ("the Volga", "Russia's").
    pub fn candidate_at(&self, t: &Text<'_>, start: usize, end: usize) -> Option<Candidate> {
        let written = t.slice(start, end);
        let trimmed = written.strip_prefix("the ").or_else(|| written.strip_prefix("The ")).unwrap_or(written);
        let trimmed = trimmed.strip_suffix("'s").or_else(|| trimmed.strip_suffix("’s")).unwrap_or(trimmed);
        // (form, only a demonym will do): a plural is only good for demonyms ("Russians").
        let mut forms = vec![(written, false), (trimmed, false)];
        forms.extend(written.strip_suffix('s').map(|singular| (singular, true)));
        // A news abbreviation written exactly ("U.S.", "Kan.", "Pa.") means the place it
        // abbreviates, not a town whose folded name shares its letters (Ganzhou, Flå).
        let abbreviation = self.gaz.abbreviations().iter().find(|(a, _)| *a == written).map(|&(_, idx)| idx);
        if let Some(idx) = abbreviation {
            return Some(Candidate {
                start,
                end,
                postings: vec![Posting::alternate(idx)],
                adjective: false,
                weak: false,
            });
        }
        // As in running text: a short name in capitals is an acronym ("US", "EU"), so only a
        // country or a name written the same way counts, not the town Us or Eu; other short
        // names count only as a place's own name, not as an alternate (mostly codes).
        let short = t.chars[start..end].iter().filter(|c| c.is_alphanumeric()).count() <= 3
            && (t.chars[start].is_uppercase() || t.chars[start].is_lowercase());
        let acronym = short && t.is_all_caps(start, end);
        let fits = |p: &Posting| {
            if acronym {
                let place = self.gaz.place(p.record());
                place.kind() == Kind::Country || place.name() == written
            } else {
                !short || p.is_primary()
            }
        };
        for (form, demonym_only) in forms {
            let all = self.gaz.postings(&crate::gazetteer::fold_name(form));
            let names: Vec<Posting> = all.iter().copied().filter(|p| p.is_name() && fits(p)).collect();
            if !names.is_empty() && !demonym_only {
                return Some(Candidate { start, end, postings: names, adjective: false, weak: false });
            }
            let demonyms: Vec<Posting> = all.iter().copied().filter(|p| p.is_demonym()).collect();
            if !demonyms.is_empty() {
                return Some(Candidate { start, end, postings: demonyms, adjective: true, weak: false });
            }
        }
        None
    }

    /// A news abbreviation written exactly ("U.S.", "W.Va.", "Calif.") starting at `i`.
    fn abbreviation_at(&self, t: &Text<'_>, i: usize) -> Option<Candidate> {
        let rest = &t.text[t.bytes[i]..];
        let first = usize::from(*rest.as_bytes().first()?);
        let (abbr, idx) = self.abbreviations.get(first)?.iter().find(|(a, _)| {
            rest.starts_with(a) && rest[a.len()..].chars().next().is_none_or(|c| !text::is_word_char(c))
        })?;
        let end = i + abbr.chars().count();
        Some(Candidate { start: i, end, postings: vec![Posting::alternate(*idx)], adjective: false, weak: false })
    }

    /// Case rules for a span starting with a capital (or on a line in capitals).
    fn case_ok(&self, t: &Text<'_>, start: usize, end: usize) -> bool {
        if t.is_caps_line(start) {
            return true;
        }
        // Every word of four or more letters is capitalised, bar a few connectors.
        let mut w = start;
        while w < end {
            if t.is_word_start(w) {
                let mut e = w;
                while e < end && t.is_word(e) {
                    e += 1;
                }
                if e - w >= 4 && !t.is_capitalised(w) && !LOWERCASE_CONNECTORS.contains(&t.slice(w, e)) {
                    return false;
                }
                w = e.max(w + 1);
            } else {
                w += 1;
            }
        }
        true
    }

    /// Postings a span's written form can stand for.
    fn candidate(&self, t: &Text<'_>, start: usize, end: usize, all: Vec<Posting>, plural: bool) -> Option<Candidate> {
        let caps_line = t.is_caps_line(start);
        let acronym = t.is_all_caps(start, end) && !caps_line;
        // Short names in cased scripts (Latin, Cyrillic …); two Han or Hangul characters are a
        // normal name length.
        let short = t.chars[start..end].iter().filter(|c| c.is_alphanumeric()).count() <= 3
            && (t.chars[start].is_uppercase() || t.chars[start].is_lowercase());
        let demonyms: Vec<Posting> = all.iter().copied().filter(|p| p.is_demonym()).collect();
        if !demonyms.is_empty() {
            return Some(Candidate { start, end, postings: demonyms, adjective: true, weak: false });
        }
        if plural {
            return None;
        }
        let postings: Vec<Posting> = all
            .into_iter()
            .filter(|p| {
                // Codes (IATA, ISO) never count in running text.
                if !p.is_name() {
                    return false;
                }
                if short && acronym {
                    // "HIV", "II", "UN" are acronyms, not the towns Hiv or Un; a country's
                    // acronym ("UAE") or a name written the same way still counts.
                    let place = self.gaz.place(p.record());
                    return place.kind() == Kind::Country || place.name() == t.slice(start, end);
                }
                // Two- and three-letter alternates are mostly codes and abbreviations.
                !short || p.is_primary()
            })
            .collect();
        if postings.is_empty() {
            return None;
        }
        Some(Candidate { start, end, postings, adjective: false, weak: false })
    }
}

/// Walk a name index from character `i`, pushing `(end, value, plural)` for every name that
/// ends on a word boundary (a plural "s" after a name marks it as only good for demonyms).
fn walk_names<D: AsRef<[u8]>>(
    fst: &fst::raw::Fst<D>,
    t: &Text<'_>,
    i: usize,
    folded: &mut String,
    ends: &mut Vec<(usize, u64, bool)>,
) {
    let n = t.len();
    let mut node = fst.root();
    let mut acc = Output::zero();
    let mut pending_space = false;
    let mut j = i;
    'walk: while j < n && j - i < MAX_NAME_CHARS {
        let c = t.chars[j];
        if matches!(c, '\n' | ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '!' | '?' | '/' | '|') {
            break;
        }
        folded.clear();
        match fold_char(c, folded) {
            Folded::Drop => {}
            Folded::Space => pending_space = true,
            Folded::Text => {
                let space: &[u8] = if pending_space { b" " } else { b"" };
                for &b in space.iter().chain(folded.as_bytes()) {
                    let Some(k) = node.find_input(b) else { break 'walk };
                    let tr = node.transition(k);
                    acc = acc.cat(tr.out);
                    node = fst.node(tr.addr);
                }
                pending_space = false;
                // A name never ends in a possessive "'s" ("Peru's" is Peru).
                let possessive = c == 's' && j > i && matches!(t.chars[j - 1], '\'' | '’');
                if node.is_final() && !possessive {
                    let value = acc.cat(node.final_output()).value();
                    if t.is_word_end(j + 1) {
                        ends.push((j + 1, value, false));
                    } else if t.chars.get(j + 1) == Some(&'s') && t.is_word_end(j + 2) {
                        // "Russians": a plural, only good for demonyms.
                        ends.push((j + 2, value, true));
                    }
                }
            }
        }
        j += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The trap rules and the resolver skip post-office records on the strength of what they
    /// are: towns without population, never a capital, a seat or a region, all with ids in the
    /// ZIP range (and nothing else in that range).
    #[test]
    fn post_office_records_are_one_run_of_small_towns() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let po = post_office_records(gaz);
        let po = po.start.0..po.end.0;
        assert!(!po.is_empty(), "the embedded gazetteer has post offices");
        for i in po.clone() {
            let p = gaz.place(i);
            assert!((US_ZIP_ID_BASE..SUPPLEMENT_ID_BASE).contains(&p.id().0), "{p:?} in the run");
            assert_eq!(p.kind(), Kind::City, "{p:?}");
            assert!(!p.is_capital() && !p.is_admin_seat() && p.population() == 0, "{p:?}");
        }
        for i in [po.start.checked_sub(1), Some(po.end)].into_iter().flatten().filter(|&i| (i as usize) < gaz.len()) {
            let p = gaz.place(i);
            assert!(!(US_ZIP_ID_BASE..SUPPLEMENT_ID_BASE).contains(&p.id().0), "{p:?} just outside the run");
        }
    }
}
