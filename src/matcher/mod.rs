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

pub mod lang;
pub mod text;
pub mod traps;

use std::ops::Range;

use fst::raw::Output;

use crate::gazetteer::fold::{fold_char, Folded};
use crate::gazetteer::format::{SUPPLEMENT_ID_BASE, US_ZIP_ID_BASE};
use crate::gazetteer::user::USER_VALUE;
use crate::gazetteer::{Gazetteer, Kind, Posting, RecordIx};
use lang::{is_particle_run, Prepared};
use text::{is_hangul, is_unspaced_script, Text};

/// Where a name may end: (end, the name's fst value, only good for demonyms).
type End = (usize, u64, bool);

/// A walk through the name automaton: the span starts at `start`, the text is read from `from`
/// on, `node`/`acc` are where the automaton stands; `depth` counts case endings taken.
#[derive(Clone, Copy)]
struct Walk<'f> {
    start: usize,
    from: usize,
    node: fst::raw::Node<'f>,
    acc: Output,
    depth: usize,
}

/// Case endings one name may take (one a word: "Южной Кореи" takes two).
const MAX_ENDINGS: usize = 3;

/// Feed folded name text into the automaton from `node`; `None` when no name goes on so.
fn feed<'f, D: AsRef<[u8]>>(
    fst: &'f fst::raw::Fst<D>,
    mut node: fst::raw::Node<'f>,
    mut acc: Output,
    bytes: &[u8],
) -> Option<(fst::raw::Node<'f>, Output)> {
    for &b in bytes {
        let k = node.find_input(b)?;
        let tr = node.transition(k);
        acc = acc.cat(tr.out);
        node = fst.node(tr.addr);
    }
    Some((node, acc))
}

/// A name that ends at `end` inside a Korean word ends before particles only ("평양에서", not
/// "이" in "이번").
fn particles_follow(t: &Text<'_>, rules: &Prepared, end: usize) -> bool {
    if rules.particles.is_empty() || end >= t.len() || !(is_hangul(t.chars[end - 1]) && is_hangul(t.chars[end])) {
        return true;
    }
    is_particle_run(&rules.particles, &t.chars[end..t.word_end_from(end)])
}

/// Characters that make an administrative suffix the start of a word of its own: 市长 (mayor),
/// 市场 (market), 市民 (citizens), 区域 (area), 县委 (county committee), 県民 (prefecture's people).
const NOT_AFTER_ADMIN_SUFFIX: &[char] = &['长', '長', '场', '場', '民', '域', '委'];

/// A name ending at `end` followed by an administrative suffix of the language written onto it
/// (哈尔滨市, 静岡県, 부여군과): where the span then ends. The name alone must be long enough
/// for its script, and in Korean only particles may follow the suffix.
fn admin_suffix_end(t: &Text<'_>, rules: &Prepared, start: usize, end: usize) -> Option<usize> {
    let &c = t.chars.get(end)?;
    if !rules.admin_suffixes.contains(&c)
        || rules.admin_suffixes.contains(&t.chars[end - 1])
        || end - start < rules.min_unspaced_chars.max(2)
        || t.chars.get(end + 1).is_some_and(|a| NOT_AFTER_ADMIN_SUFFIX.contains(a))
    {
        return None;
    }
    if is_hangul(c) && !is_particle_run(&rules.particles, &t.chars[end + 1..t.word_end_from(end + 1)]) {
        return None;
    }
    Some(end + 1)
}

/// A span that starts with a lowercase apposition head of the language («космодром Восточный»,
/// «станции Хасан») starts at the name after it; the postings stay those of the whole.
fn trim_apposition_head(t: &Text<'_>, rules: &Prepared, c: &mut Candidate) {
    if rules.apposition_heads.is_empty() || t.is_capitalised(c.start) || t.is_caps_line(c.start) {
        return;
    }
    let head_end = t.word_end_from(c.start);
    let head = crate::gazetteer::fold_name(t.slice(c.start, head_end));
    if !rules.apposition_heads.iter().any(|h| head.starts_with(h)) {
        return;
    }
    let Some(name) = (head_end..c.end).find(|&k| t.is_word_start(k)) else { return };
    if t.is_capitalised(name) {
        c.start = name;
    }
}

/// A name alone in guillemets («Амур», «Шахтар»), with no apposition head before the quote: a
/// club, ship or company, in a language whose press quotes those names.
fn quoted_organisation(t: &Text<'_>, rules: &Prepared, c: &Candidate) -> bool {
    if !rules.quoted_names_are_organisations
        || c.start == 0
        || t.chars[c.start - 1] != '«'
        || t.chars.get(c.end) != Some(&'»')
    {
        return false;
    }
    let head = t.word_before(c.start - 1).map(|(s, e)| crate::gazetteer::fold_name(t.slice(s, e)));
    !head.is_some_and(|h| rules.apposition_heads.iter().any(|a| h.starts_with(a)))
}

/// The lowercase word from `w` to `e` is a generic word of the text's language that may stand
/// inside a name ("Амурской области", "Чёрное море").
fn is_generic(t: &Text<'_>, w: usize, e: usize) -> bool {
    let generic = t.lang.prepared().generic_words;
    if generic.is_empty() {
        return false;
    }
    let word = crate::gazetteer::fold_name(t.slice(w, e));
    generic.iter().any(|g| word.starts_with(g))
}

/// The word at `i` is one of the language's generic words that start feature names ("mer du
/// Japon", "mar de Japón").
fn starts_generic(t: &Text<'_>, rules: &Prepared, i: usize) -> bool {
    if rules.generic_words.is_empty() {
        return false;
    }
    let word = crate::gazetteer::fold_name(t.slice(i, t.word_end_from(i)));
    // An apposition head in any case form («на космодромі Восточний»).
    rules.generic_words.contains(&word.as_str()) || rules.apposition_heads.iter().any(|h| word.starts_with(h))
}

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

/// Characters after a run of country abbreviations that make it a word of its own: 洲 (中美洲,
/// Central America), 文 語 语 字 (languages: 中英文, 日英語), 新 (朝日新聞, a newspaper).
const COMPOUND_NOT_COUNTRIES: &[char] = &['洲', '文', '語', '语', '字', '新'];

/// Words that may stay lowercase inside a multi-word name ("Stratford-upon-Avon").
const LOWERCASE_CONNECTORS: &[&str] = &["upon", "sous", "unter", "near", "over", "under", "with", "della", "dello"];

/// Generic words that news writes in lowercase inside a feature's name ("the Kakhovka dam",
/// "Rivne nuclear power plant", "Odesa port"): a span with them still counts as a name when the
/// gazetteer has the name with them (English; other languages list theirs in `generic_words`).
const LOWERCASE_FEATURE_WORDS: &[&str] = &[
    "river",
    "lake",
    "bridge",
    "tunnel",
    "port",
    "harbour",
    "airport",
    "airbase",
    "crossing",
    "nuclear",
    "power",
    "plant",
    "station",
    "base",
    "naval",
    "shipyard",
    "volcano",
    "mountain",
    "reservoir",
    "canal",
    "square",
    "township",
    "district",
    "checkpoint",
    "hydroelectric",
    // "Bruce nuclear generating station", "Kaiga atomic power station", "Mundra thermal power station"
    "generating",
    "atomic",
    "thermal",
];

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
        let rules = t.lang.prepared();
        let fst = self.gaz.name_index().as_fst();
        let user = self.gaz.user_index().map(|m| m.as_fst());
        let mut out = Vec::new();
        let mut ends: Vec<End> = Vec::new();
        let n = t.len();
        let mut i = 0;
        while i < n {
            if !rules.country_compounds.is_empty() {
                let compound = self.country_compound(t, rules, i);
                if !compound.is_empty() {
                    i += compound.len();
                    out.extend(compound);
                    continue;
                }
            }
            if !rules.acronyms.is_empty() && t.is_word_start(i) {
                if let Some(c) = self.acronym_at(t, rules, i) {
                    i = c.end;
                    out.push(c);
                    continue;
                }
            }
            // Names start with a letter: capitalised in prose, any case on a line in capitals (or
            // a generic word of the language: "mer du Japon"); not inside a Korean word.
            if !t.is_word_start(i)
                || !t.is_alpha(i)
                || !(t.is_capitalised(i) || t.is_caps_line(i) || starts_generic(t, rules, i))
                || t.is_boilerplate(i)
                || (!rules.particles.is_empty() && i > 0 && is_hangul(t.chars[i]) && is_hangul(t.chars[i - 1]))
            {
                i += 1;
                continue;
            }
            ends.clear();
            self.walk(
                fst,
                t,
                rules,
                Walk { start: i, from: i, node: fst.root(), acc: Output::zero(), depth: 0 },
                &mut ends,
            );
            if let Some(user) = user {
                self.walk(
                    user,
                    t,
                    rules,
                    Walk { start: i, from: i, node: user.root(), acc: Output::zero(), depth: 0 },
                    &mut ends,
                );
            }
            let mut taken = self.longest(t, i, &mut ends, self.abbreviation_at(t, i));
            if taken.is_none() && !rules.clitics.is_empty() {
                taken = self.after_clitic(t, rules, i, &mut ends);
            }
            match taken {
                Some(mut c) => {
                    i = c.end;
                    trim_apposition_head(t, rules, &mut c);
                    if !quoted_organisation(t, rules, &c) {
                        out.push(c);
                    }
                }
                None => i += 1,
            }
        }
        out
    }

    /// A compound of one-character country abbreviations starting at `i` (中俄, 日米韓): one
    /// adjective mention of its country per character. Empty unless the run starts at `i`, has
    /// two to four characters, and is not part of a longer word: 中美洲 (Central America) and
    /// 中英文 ("Chinese and English") are no countries; a lone character never is one.
    fn country_compound(&self, t: &Text<'_>, rules: &Prepared, i: usize) -> Vec<Candidate> {
        let country_of = |c: char| rules.country_compounds.iter().find(|(a, _)| *a == c).map(|&(_, name)| name);
        if country_of(t.chars[i]).is_none() || (i > 0 && country_of(t.chars[i - 1]).is_some()) {
            return Vec::new();
        }
        let run = t.chars[i..].iter().take_while(|&&c| country_of(c).is_some()).count();
        let next = t.chars.get(i + run).copied();
        if !(2..=4).contains(&run) || next.is_some_and(|c| COMPOUND_NOT_COUNTRIES.contains(&c)) {
            return Vec::new();
        }
        let mut out = Vec::with_capacity(run);
        for k in i..i + run {
            let name = country_of(t.chars[k]).expect("every character of the run has a country");
            let postings: Vec<Posting> = self
                .gaz
                .postings(&crate::gazetteer::fold_name(name))
                .into_iter()
                .filter(|p| p.is_name() && self.gaz.place(p.record()).kind() == Kind::Country)
                .collect();
            if postings.is_empty() {
                return Vec::new();
            }
            out.push(Candidate { start: k, end: k + 1, postings, adjective: true, weak: false });
        }
        out
    }

    /// A country acronym of the language's press the gazetteer lacks («США», «КНР»), written
    /// exactly as a whole word at `i`: a mention of its country.
    fn acronym_at(&self, t: &Text<'_>, rules: &Prepared, i: usize) -> Option<Candidate> {
        let end = t.word_end_from(i);
        let written = t.slice(i, end);
        let &(_, code) = rules.acronyms.iter().find(|(a, _)| *a == written)?;
        let name = self.gaz.country_name(code)?;
        let postings: Vec<Posting> = self
            .gaz
            .postings(&crate::gazetteer::fold_name(name))
            .into_iter()
            .filter(|p| {
                let place = self.gaz.place(p.record());
                p.is_name() && place.kind() == Kind::Country && place.country_code() == Some(code)
            })
            .collect();
        (!postings.is_empty()).then_some(Candidate { start: i, end, postings, adjective: false, weak: false })
    }

    /// The longest name of `ends` (all starting at `start`) that passes the case rules and has
    /// postings, unless an abbreviation already `taken` is as long.
    fn longest(&self, t: &Text<'_>, start: usize, ends: &mut [End], mut taken: Option<Candidate>) -> Option<Candidate> {
        // Ends come in text order from the plain walk; case endings and the user's index add
        // some out of order. At one end a plural comes before the name itself; the sort is
        // stable, so the gazetteer's postings come first.
        ends.sort_by_key(|&(end, _, plural)| (end, !plural));
        let overlay = self.gaz.user_index().is_some();
        let mut k = ends.len();
        while k > 0 {
            let (end, _, plural) = ends[k - 1];
            // With the user's places: every value that ends here the same way (one per name
            // index). Without: one value at a time, the most specific case ending first.
            let mut first = k - 1;
            while overlay && first > 0 && (ends[first - 1].0, ends[first - 1].2) == (end, plural) {
                first -= 1;
            }
            let values = &ends[first..k];
            k = first;
            if taken.as_ref().is_some_and(|c: &Candidate| c.end >= end) {
                break;
            }
            // A user's own names count as the user wrote them: "the Greyhaven naval yard"
            // needs only its first word capitalised.
            let case_ok = self.case_ok(t, start, end);
            let all: Vec<Posting> = values
                .iter()
                .filter(|&&(_, v, _)| case_ok || v & USER_VALUE != 0)
                .flat_map(|&(_, v, _)| self.gaz.postings_of_value(v))
                .collect();
            if all.is_empty() {
                continue;
            }
            if let Some(c) = self.candidate(t, start, end, all, plural) {
                taken = Some(c);
                break;
            }
        }
        taken
    }

    /// A name after a clitic written onto its word (Arabic «وطرابلس»): the span leaves it out.
    fn after_clitic(&self, t: &Text<'_>, rules: &Prepared, i: usize, ends: &mut Vec<End>) -> Option<Candidate> {
        let fst = self.gaz.name_index().as_fst();
        let word_end = t.word_end_from(i);
        for (written, name_prefix) in &rules.clitics {
            let k = written.len();
            // What is left of the word after the clitic is a name of two letters or more.
            if !t.chars[i..word_end].starts_with(written) || word_end < i + k + 2 {
                continue;
            }
            let Some((node, acc)) = feed(fst, fst.root(), Output::zero(), name_prefix.as_bytes()) else { continue };
            ends.clear();
            self.walk(fst, t, rules, Walk { start: i + k, from: i + k, node, acc, depth: 0 }, ends);
            if let Some(c) = self.longest(t, i + k, ends, None) {
                return Some(c);
            }
        }
        None
    }

    /// Walk the automaton from `w.from` with the text folded on the fly; remember every place a
    /// name ends on a word boundary (or, in the document's language, before a particle or in a
    /// case ending).
    /// `fst` is the gazetteer's name index or the overlay of the user's places.
    fn walk<'f, D: AsRef<[u8]>>(
        &self,
        fst: &'f fst::raw::Fst<D>,
        t: &Text<'_>,
        rules: &Prepared,
        w: Walk<'f>,
        ends: &mut Vec<End>,
    ) {
        let Walk { start, from, mut node, mut acc, depth } = w;
        let mut folded = String::new();
        let mut pending_space = false;
        let mut open_paren = false;
        let n = t.len();
        let mut j = from;
        'walk: while j < n && j - start < MAX_NAME_CHARS {
            let c = t.chars[j];
            // "Frankfurt (Oder)": a qualifier in parentheses, where the language writes names so.
            if c == '(' && rules.parenthesised_qualifiers && !open_paren && j > start && t.chars[j - 1] == ' ' {
                open_paren = true;
                pending_space = true;
                j += 1;
                continue;
            }
            if matches!(c, '\n' | ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '!' | '?' | '/' | '|') {
                break;
            }
            folded.clear();
            match fold_char(c, &mut folded) {
                Folded::Drop => {}
                Folded::Space => pending_space = true,
                Folded::Text => {
                    // A name the gazetteer writes as one word may be written as two
                    // («بيونغ يانغ»), where the language's rules say so.
                    let joined = pending_space && rules.spaced_names && node.find_input(b' ').is_none();
                    let space: &[u8] = if pending_space && !joined { b" " } else { b"" };
                    for &b in space.iter().chain(folded.as_bytes()) {
                        let Some(k) = node.find_input(b) else { break 'walk };
                        let tr = node.transition(k);
                        acc = acc.cat(tr.out);
                        node = fst.node(tr.addr);
                    }
                    pending_space = false;
                    // A name never ends in a possessive "'s" ("Peru's" is Peru).
                    let possessive = c == 's' && j > start && matches!(t.chars[j - 1], '\'' | '’');
                    if node.is_final() && !possessive {
                        let value = acc.cat(node.final_output()).value();
                        if open_paren {
                            // Only the whole qualifier, closing parenthesis included.
                            if t.chars.get(j + 1) == Some(&')') {
                                ends.push((j + 2, value, false));
                            }
                        } else if t.is_word_end(j + 1) {
                            if particles_follow(t, rules, j + 1) {
                                ends.push((j + 1, value, false));
                            }
                            if let Some(e) = admin_suffix_end(t, rules, start, j + 1) {
                                ends.push((e, value, false));
                            }
                        } else if t.chars.get(j + 1) == Some(&'s') && t.is_word_end(j + 2) {
                            // "Russians": a plural, only good for demonyms.
                            ends.push((j + 2, value, true));
                        }
                    }
                    if !rules.endings.is_empty() && depth < MAX_ENDINGS {
                        self.case_endings(fst, t, rules, Walk { start, from: j + 1, node, acc, depth }, ends);
                    }
                }
            }
            j += 1;
        }
    }

    /// At `w.from`, inside a word: if the rest of the word is a case ending of the language, the
    /// name may go on with the ending its own form has instead (Москв|е → Москв|а); a name ends
    /// there, or goes on with its next word (Амурск|ой области → Амурск|ая область).
    fn case_endings<'f, D: AsRef<[u8]>>(
        &self,
        fst: &'f fst::raw::Fst<D>,
        t: &Text<'_>,
        rules: &Prepared,
        w: Walk<'f>,
        ends: &mut Vec<End>,
    ) {
        let at = w.from;
        if at >= t.len() || !t.is_word(at) || !t.is_word(at - 1) || t.is_unspaced(at) {
            return;
        }
        let word_end = t.word_end_from(at);
        if word_end - at > rules.max_ending_chars {
            return;
        }
        let mut stem = at;
        while stem > w.start && t.is_word(stem - 1) {
            stem -= 1;
        }
        if at - stem < rules.min_stem_chars {
            return;
        }
        let mut rest = String::new();
        for &c in &t.chars[at..word_end] {
            fold_char(c, &mut rest);
        }
        // Shortest ending first, so the longest (the most specific rule: Льв|ова → Льв|ів, not
        // Львов|а) is pushed last and tried first among ends at the same place.
        for (written, name_ending) in rules.endings.iter().rev() {
            if *written != rest {
                continue;
            }
            let Some((node, acc)) = feed(fst, w.node, w.acc, name_ending.as_bytes()) else { continue };
            if node.is_final() && t.is_word_end(word_end) {
                ends.push((word_end, acc.cat(node.final_output()).value(), false));
            }
            self.walk(fst, t, rules, Walk { start: w.start, from: word_end, node, acc, depth: w.depth + 1 }, ends);
        }
    }

    /// The candidate for a span someone else recognised (`resolve --spans`): every place its
    /// folded form names, a demonym if that is all it is, no recognition rules. `None` when the
    /// gazetteer has no such name. Falls back, in order, to the span without a leading "the" or a
    /// trailing possessive ("the Volga", "Russia's"), with its abbreviated words written out
    /// ("St. Kitts and Nevis", "Loudon Co.", "W. Columbia"), a demonym formed from a place's name
    /// ("Ontarians", "Dagestani"), and the name a township or "Town of …" is called after
    /// ("Readington Township", "Town of Groton").
    pub fn candidate_at(&self, t: &Text<'_>, start: usize, end: usize) -> Option<Candidate> {
        let written = t.slice(start, end);
        let trimmed = written.strip_prefix("the ").or_else(|| written.strip_prefix("The ")).unwrap_or(written);
        let trimmed = trimmed.strip_suffix("'s").or_else(|| trimmed.strip_suffix("’s")).unwrap_or(trimmed);
        // (form, only a demonym will do): a plural is only good for demonyms ("Russians").
        let mut forms: Vec<(String, bool)> = vec![(written.to_string(), false), (trimmed.to_string(), false)];
        forms.extend(expand_abbreviated_words(trimmed).map(|f| (f, false)));
        forms.extend(written.strip_suffix('s').map(|singular| (singular.to_string(), true)));
        // A news abbreviation written exactly ("U.S.", "Kan.", "Pa.") means the place it
        // abbreviates, not a town whose folded name shares its letters (Ganzhou, Flå); a span
        // may leave out the closing full stop ("N.Y", "Calif").
        let abbreviation = self
            .gaz
            .abbreviations()
            .iter()
            .find(|(a, _)| *a == written || a.strip_suffix('.') == Some(written))
            .map(|&(_, idx)| idx);
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
        // names count only as a place's own name, not as an alternate (mostly codes). Written
        // with full stops ("L.A.", "N.L."), a short name is an abbreviation, not a code.
        let short = t.chars[start..end].iter().filter(|c| c.is_alphanumeric()).count() <= 3
            && (t.chars[start].is_uppercase() || t.chars[start].is_lowercase());
        let dotted = short && written.contains('.');
        let acronym = short && !dotted && t.is_all_caps(start, end);
        let fits = |p: &Posting| {
            if acronym {
                let place = self.gaz.place(p.record());
                place.kind() == Kind::Country || place.name() == written
            } else {
                !short || dotted || p.is_primary()
            }
        };
        for (form, demonym_only) in &forms {
            let all = self.gaz.postings(&crate::gazetteer::fold_name(form));
            // As in running text (see `candidate`): a demonym is its country's before it is a
            // place that also bears the word ("British", "German", "Canadian").
            let demonyms: Vec<Posting> = all.iter().copied().filter(|p| p.is_demonym()).collect();
            if !demonyms.is_empty() {
                return Some(Candidate { start, end, postings: demonyms, adjective: true, weak: false });
            }
            let names: Vec<Posting> = all.iter().copied().filter(|p| p.is_name() && fits(p)).collect();
            if !names.is_empty() && !demonym_only {
                return Some(Candidate { start, end, postings: names, adjective: false, weak: false });
            }
        }
        self.derived_demonym(start, end, written).or_else(|| self.namesake_of_division(start, end, trimmed))
    }

    /// A demonym the gazetteer does not list, formed the regular English way from the name of a
    /// place ("Ohioans", "Minnesotan", "New Londoners", "South Ossetian", "Ontarians",
    /// "Dagestani", "Abkhaz"): the place's name (primary postings only unless the name has more
    /// than one word, at least four letters) read as an adjective mention. Only for given spans,
    /// whose caller already says they are places: in running text these endings make too many
    /// ordinary words.
    fn derived_demonym(&self, start: usize, end: usize, written: &str) -> Option<Candidate> {
        const ENDINGS: &[(&str, &str)] = &[
            ("ians", "ia"),
            ("ian", "ia"),
            ("ians", "io"),
            ("ian", "io"),
            ("ans", ""),
            ("an", ""),
            ("ns", ""),
            ("n", ""),
            ("ers", ""),
            ("er", ""),
            ("is", ""),
            ("i", ""),
            ("", "ia"),
        ];
        for &(ending, restore) in ENDINGS {
            let Some(stem) = written.strip_suffix(ending) else { continue };
            let name = format!("{stem}{restore}");
            if name.chars().filter(|c| c.is_alphabetic()).count() < 4 {
                continue;
            }
            let several_words = name.contains(' ');
            let postings: Vec<Posting> = self
                .gaz
                .postings(&crate::gazetteer::fold_name(&name))
                .into_iter()
                .filter(|p| p.is_primary() || (several_words && p.is_name()))
                .collect();
            if !postings.is_empty() {
                return Some(Candidate { start, end, postings, adjective: true, weak: false });
            }
        }
        None
    }

    /// A township, borough or "Town of …" the gazetteer does not hold, read as the place it is
    /// named after ("Readington Township" → Readington, "Town of Groton" → Groton): townships
    /// surround or adjoin their namesake, so its point is within a few kilometres. Primary
    /// names of populated places only, for given spans only.
    fn namesake_of_division(&self, start: usize, end: usize, written: &str) -> Option<Candidate> {
        const AFTER: &[&str] = &[" Township", " Twp.", " Twp", " Borough", " Village"];
        const BEFORE: &[&str] = &["Town of ", "City of ", "Township of ", "Village of ", "Borough of "];
        let name = AFTER
            .iter()
            .find_map(|w| written.strip_suffix(w))
            .or_else(|| BEFORE.iter().find_map(|w| written.strip_prefix(w)))?;
        if name.chars().filter(|c| c.is_alphabetic()).count() < 4 {
            return None;
        }
        let postings: Vec<Posting> = self
            .gaz
            .postings(&crate::gazetteer::fold_name(name))
            .into_iter()
            .filter(|p| p.is_primary() && self.gaz.place(p.record()).kind() == Kind::City)
            .collect();
        (!postings.is_empty()).then_some(Candidate { start, end, postings, adjective: false, weak: false })
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
                let feature_word = w > start && LOWERCASE_FEATURE_WORDS.contains(&t.slice(w, e));
                if e - w >= 4
                    && !t.is_capitalised(w)
                    && !LOWERCASE_CONNECTORS.contains(&t.slice(w, e))
                    && !feature_word
                    && !is_generic(t, w, e)
                {
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
        if plural || !self.language_allows(t, start, end, &all) {
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

/// A name with its abbreviated words written out, when it has any ("St. Kitts and Nevis" →
/// "Saint Kitts and Nevis", "Loudon Co." → "Loudon County", "W. Columbia" → "West Columbia");
/// compass points only as the first word ("W. Va." is an abbreviation of its own).
fn expand_abbreviated_words(name: &str) -> Option<String> {
    const WORDS: &[(&str, &str)] = &[
        ("St.", "Saint"),
        ("Ste.", "Sainte"),
        ("Mt.", "Mount"),
        ("Ft.", "Fort"),
        ("Pt.", "Point"),
        ("Co.", "County"),
        ("Cnty.", "County"),
        ("Twp.", "Township"),
        ("Is.", "Island"),
    ];
    const FIRST: &[(&str, &str)] = &[("N.", "North"), ("S.", "South"), ("E.", "East"), ("W.", "West")];
    let mut changed = false;
    let words: Vec<&str> = name
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            let table = WORDS.iter().chain(if i == 0 { FIRST } else { &[] });
            match table.clone().find(|(a, _)| *a == w) {
                Some(&(_, full)) => {
                    changed = true;
                    full
                }
                None => w,
            }
        })
        .collect();
    (changed && words.len() > 1).then(|| words.join(" "))
}

impl Matcher<'_> {
    /// The rules of the text's language that take a span out (English has none): names too
    /// short for their script, stopwords, and the capitalised common nouns of a language that
    /// capitalises every noun ("Lage", "Treffen" are towns too).
    fn language_allows(&self, t: &Text<'_>, start: usize, end: usize, all: &[Posting]) -> bool {
        let rules = t.lang.prepared();
        let span = &t.chars[start..end];
        if span.len() < rules.min_unspaced_chars && span.iter().all(|&c| is_unspaced_script(c)) {
            return false;
        }
        if rules.cjk_words && !self.cjk_word_allows(t, start, end, all) {
            return false;
        }
        if rules.stopwords.is_none() && rules.places_after.is_empty() && rules.generic_words.is_empty() {
            return true;
        }
        let one_word = (start..end).all(|k| t.is_word(k));
        if !one_word {
            return true;
        }
        // A lowercase generic word starts a feature's name, but is none alone ("isla").
        if !t.is_capitalised(start) && !t.is_caps_line(start) {
            return false;
        }
        let folded = crate::gazetteer::fold_name(t.slice(start, end));
        if rules.stopwords.is_some_and(|s| s.contains(&folded)) {
            // A language that capitalises its nouns writes its function words in lowercase:
            // capitalised mid-sentence, the word is a name ("das Hochwasser der Oder"), if it
            // names a feature or region rather than a town (a town would be "im Jahr").
            let capital_says_name = !rules.places_after.is_empty()
                && !t.is_sentence_start(start)
                && all.iter().any(|p| p.is_name() && self.gaz.place(p.record()).kind() != Kind::City);
            if !capital_says_name {
                return false;
            }
        }
        if rules.places_after.is_empty() || t.is_caps_line(start) {
            return true;
        }
        let notable = all.iter().any(|p| {
            let place = self.gaz.place(p.record());
            place.kind() != Kind::City || place.population() >= rules.notable_population
        });
        notable
            || t.word_before(start).is_some_and(|(a, b)| {
                let before = crate::gazetteer::fold_name(t.slice(a, b));
                rules.places_after.iter().any(|w| crate::gazetteer::fold_name(w) == before)
            })
    }
}

impl Matcher<'_> {
    /// Japanese and Chinese word rules (see [`lang::Rules::cjk_words`]): no name starts or ends
    /// inside a katakana word, and a two-character Han name whose places are all small towns or
    /// township seats (named 建设 "construction", 洪水 "flood", 口岸 "port of entry", 大桥
    /// "bridge") counts only with an administrative suffix written onto it.
    fn cjk_word_allows(&self, t: &Text<'_>, start: usize, end: usize, all: &[Posting]) -> bool {
        // The katakana block bar the middle dot that separates words (コムソモリスク・ナ・アムーレ).
        let kana = |c: char| ('\u{30A1}'..='\u{30FF}').contains(&c) && c != '・';
        let chars = &t.chars;
        if (start > 0 && kana(chars[start]) && kana(chars[start - 1]))
            || (end < chars.len() && kana(chars[end - 1]) && kana(chars[end]))
        {
            return false;
        }
        let han = |c: char| matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF);
        if end - start <= 2 && chars[start..end].iter().all(|&c| han(c)) {
            let suffixed = chars.get(end).is_some_and(|c| t.lang.prepared().admin_suffixes.contains(c));
            let unpopulated_towns = all.iter().all(|p| {
                let place = self.gaz.place(p.record());
                let township = matches!(place.feature_code(), Some("PPLA3" | "PPLA4"));
                place.kind() == Kind::City && (place.population() < SMALL_TOWN || township)
            });
            return suffixed || !unpopulated_towns;
        }
        true
    }
}

/// A town this small, named in two Han characters, is most often an ordinary word.
const SMALL_TOWN: u64 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviated_words_are_written_out() {
        let rows: &[(&str, Option<&str>)] = &[
            ("St. Kitts and Nevis", Some("Saint Kitts and Nevis")),
            ("Loudon Co.", Some("Loudon County")),
            ("Tewksbury Twp.", Some("Tewksbury Township")),
            ("W. Columbia", Some("West Columbia")),
            ("Mt. Pleasant", Some("Mount Pleasant")),
            // a compass point only as the first word; one word alone is left as it is
            ("Columbia W.", None),
            ("Co.", None),
            ("Springfield", None),
        ];
        for &(name, want) in rows {
            assert_eq!(expand_abbreviated_words(name).as_deref(), want, "{name:?}");
        }
    }

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
