//! Long texts in bounded memory: a text is resolved a window at a time.
//!
//! Resolving a text as a whole costs tens of bytes of working memory per byte of text (the
//! prepared characters, candidates, options) and time that grows faster than the text, so one
//! 200 MB document would need gigabytes. A text
//! longer than [`WINDOW_BYTES`] is cut into windows of at most that many bytes, and each window is
//! resolved as a document of its own.
//!
//! Invariants:
//! - A text of at most [`WINDOW_BYTES`] is one window and resolves exactly as a whole: same
//!   mentions, so every command gives the same bytes as before windows existed.
//! - Windows tile the text: consecutive, non-overlapping, each ending on a character boundary.
//! - A cut falls where no mention can be split: after a paragraph break (a blank line), else after a
//!   line break (the matcher never reads a name across one), else after a sentence end ("." "!" "?"
//!   after a lowercase word, so "St. Louis" stays whole; "。！？" in unspaced scripts), else at a
//!   space with no capitalised word among the two words either side (names run over capitalised
//!   words and short connectors: "Republic of the Congo"), else at any space. Only a stretch of
//!   half a window with none of these (a run of unspaced script) is cut at a character boundary.
//!   Cuts are searched in the second half of a window, so a window holds at least half of one.
//! - A window's mentions are exactly those resolving the window's text alone gives, offsets
//!   shifted to character offsets into the whole text. Document context (the countries a text is
//!   about, one sense per name) is a window's: a window is as long as a long report.
//! - The windows of a long text are resolved in parallel on the current rayon pool; the result
//!   is the same for any number of threads.

use std::ops::Range;

use rayon::prelude::*;

use super::{ResolveOptions, Resolver};
use crate::matcher::lang::Lang;
use crate::model::Mention;

/// Longest text resolved as a whole. 64 KiB is eight times the longest article of the evaluation
/// corpora and a long report (ten thousand words), takes a few MB of working memory, and keeps
/// resolving fast: within one document the cost grows faster than the text (spatial coherence
/// weighs each mention against every distinct place), so 64 KiB windows resolve a long text about
/// five times faster than 1 MiB ones. A longer "document" is most often many stories in one
/// file, where one sense per name across all of it would be wrong anyway.
pub const WINDOW_BYTES: usize = 1 << 16;

/// A window of a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Window {
    /// Byte range in the text.
    pub bytes: Range<usize>,
    /// Characters before the window: what its offsets are shifted by.
    pub first_char: usize,
}

/// The windows of `text`, in order, each at most `max_bytes` long (a window cut at a character
/// boundary may be up to 3 bytes shorter); one window for a text of at most `max_bytes`, and for
/// the empty text.
pub fn windows(text: &str, max_bytes: usize) -> Windows<'_> {
    Windows { text, at: 0, first_char: 0, max_bytes: max_bytes.max(8), done: false }
}

/// Iterator over the windows of a text (see [`windows`]).
pub struct Windows<'a> {
    text: &'a str,
    at: usize,
    first_char: usize,
    max_bytes: usize,
    done: bool,
}

impl Iterator for Windows<'_> {
    type Item = Window;

    fn next(&mut self) -> Option<Window> {
        if self.done {
            return None;
        }
        let end = cut(self.text, self.at, self.max_bytes);
        let window = Window { bytes: self.at..end, first_char: self.first_char };
        self.first_char += self.text[self.at..end].chars().count();
        self.at = end;
        self.done = end >= self.text.len();
        Some(window)
    }
}

/// Where the window starting at byte `start` ends (see the module invariants).
fn cut(text: &str, start: usize, max_bytes: usize) -> usize {
    if text.len() - start <= max_bytes {
        return text.len();
    }
    let limit = start + max_bytes;
    let lo = start + max_bytes / 2;
    let b = text.as_bytes();
    // Positions `p` in (lo, limit]: the window is `start..p`.
    let after = |i: usize| i + 1;
    let region = &b[lo..limit];
    if let Some(i) = rfind_blank_line(region) {
        return lo + after(i);
    }
    if let Some(i) = region.iter().rposition(|&c| c == b'\n') {
        return lo + after(i);
    }
    if let Some(p) = (lo + 1..=limit).rev().find(|&p| is_sentence_end(text, p)) {
        return p;
    }
    if let Some(p) =
        (lo + 1..=limit).rev().filter(|&p| b[p - 1] == b' ').take(QUIET_SPACES_TRIED).find(|&p| quiet(text, p))
    {
        return p;
    }
    if let Some(i) = region.iter().rposition(|c| c.is_ascii_whitespace()) {
        return lo + after(i);
    }
    let mut p = limit;
    while !text.is_char_boundary(p) {
        p -= 1;
    }
    p
}

/// Spaces looked at, from the end of a window, for one between lowercase words: enough for any
/// prose, and a window of capitalised words does not cost a quadratic search.
const QUIET_SPACES_TRIED: usize = 4096;

/// The index of the second `\n` of the last blank line (`\n\n`, `\n\r\n`, or with spaces between).
fn rfind_blank_line(region: &[u8]) -> Option<usize> {
    let mut next_newline: Option<usize> = None;
    for i in (0..region.len()).rev() {
        match region[i] {
            b'\n' => {
                if next_newline.is_some() {
                    return next_newline;
                }
                next_newline = Some(i);
            }
            b' ' | b'\t' | b'\r' => {}
            _ => next_newline = None,
        }
    }
    None
}

/// A sentence ends just before byte `p`: `p` follows ". " (or "! ", "? ") after a lowercase word of
/// two letters or more, or follows "。", "！" or "？".
fn is_sentence_end(text: &str, p: usize) -> bool {
    let b = text.as_bytes();
    if p >= 3 && text.is_char_boundary(p) && text[..p].ends_with(['。', '！', '？']) {
        return true;
    }
    if p < 4 || b[p - 1] != b' ' || !matches!(b[p - 2], b'.' | b'!' | b'?') {
        return false;
    }
    let word = &b[..p - 2];
    let letters = word.iter().rev().take_while(|c| c.is_ascii_alphabetic()).count();
    letters >= 2 && word[word.len() - letters..].iter().all(u8::is_ascii_lowercase)
}

/// A space just before byte `p` with no capitalised word among the two words before it and the two
/// after it, so no name can run across it.
fn quiet(text: &str, p: usize) -> bool {
    const AROUND: usize = 200;
    let mut from = p.saturating_sub(AROUND);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (p + AROUND).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let capitalised = |w: &str| w.chars().next().is_none_or(|c| !c.is_lowercase() && c.is_alphabetic());
    let before = text[from..p].split_whitespace().rev().take(2);
    let after = text[p..to].split_whitespace().take(2);
    let mut words = before.chain(after).peekable();
    words.peek().is_some() && !words.any(capitalised)
}

impl Resolver<'_> {
    /// The place mentions of a text, in text order. A text longer than [`WINDOW_BYTES`] is resolved
    /// a window at a time (see the [module](self) for how it is cut), on the current rayon pool,
    /// so memory is bounded by the window, not the text; a shorter one as a whole.
    pub fn resolve(&self, text: &str, opts: &ResolveOptions) -> Vec<Mention> {
        self.resolve_in_windows(text, opts, WINDOW_BYTES)
    }

    /// The mentions of one window of `text`, offsets into the whole text.
    pub fn resolve_window(&self, text: &str, window: &Window, opts: &ResolveOptions) -> Vec<Mention> {
        let mut mentions = self.resolve_whole(&text[window.bytes.clone()], opts);
        for m in &mut mentions {
            m.start += window.first_char;
            m.end += window.first_char;
        }
        mentions
    }

    fn resolve_in_windows(&self, text: &str, opts: &ResolveOptions, max_bytes: usize) -> Vec<Mention> {
        // One language for the whole document, read from its head.
        let with_lang;
        let opts = if opts.lang.is_none() {
            with_lang = ResolveOptions { lang: Some(Lang::detect(text)), ..opts.clone() };
            &with_lang
        } else {
            opts
        };
        if text.len() <= max_bytes {
            return self.resolve_whole(text, opts);
        }
        let all: Vec<Window> = windows(text, max_bytes).collect();
        let per_window: Vec<Vec<Mention>> = all.par_iter().map(|w| self.resolve_window(text, w, opts)).collect();
        let mut mentions = Vec::with_capacity(per_window.iter().map(Vec::len).sum());
        for m in per_window {
            mentions.extend(m);
        }
        mentions
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Gazetteer;

    fn pieces(text: &str, max: usize) -> Vec<&str> {
        windows(text, max).map(|w| &text[w.bytes]).collect()
    }

    #[test]
    fn cuts_fall_at_the_best_break_in_the_second_half() {
        // (text, window bytes, the windows)
        let rows: &[(&str, usize, &[&str])] = &[
            ("", 8, &[""]),
            ("short", 8, &["short"]),
            ("aaaaaaaaaaa\n\ncc\ndd eeeeeeeeee", 20, &["aaaaaaaaaaa\n\n", "cc\ndd eeeeeeeeee"]),
            ("first line\nsecond line here", 16, &["first line\n", "second line here"]),
            ("Sea fog rolls\n \r\nFog in Oslo and Bergen", 24, &["Sea fog rolls\n \r\n", "Fog in Oslo and Bergen"]),
            ("it rained hard. Then St. Louis froze", 24, &["it rained hard. ", "Then St. Louis froze"]),
            ("in St. Louis it rained a lot", 16, &["in St. Louis it ", "rained a lot"]),
            ("to New York and on to the west", 20, &["to New York and on ", "to the west"]),
            ("Rio de Janeiro and Sao Paulo x", 20, &["Rio de Janeiro and ", "Sao Paulo x"]),
            ("平壤。首尔", 10, &["平壤。", "首尔"]),
            ("平壤首尔东京", 10, &["平壤首", "尔东京"]),
        ];
        for &(text, max, want) in rows {
            assert_eq!(pieces(text, max), want, "{text:?} in windows of {max}");
        }
    }

    #[test]
    fn windows_tile_the_text_and_count_characters() {
        let text = "Grüße aus Köln.\nÜber Paris nach Zürich fährt man lange. ".repeat(40);
        for max in [16, 50, 333, 4096] {
            let ws: Vec<Window> = windows(&text, max).collect();
            let mut at = 0;
            let mut chars = 0;
            for w in &ws {
                assert_eq!(w.bytes.start, at, "window {max}");
                assert!(w.bytes.len() <= max && !w.bytes.is_empty(), "window {max}: {w:?}");
                assert_eq!(w.first_char, chars, "window {max}");
                chars += text[w.bytes.clone()].chars().count();
                at = w.bytes.end;
            }
            assert_eq!(at, text.len(), "window {max}");
        }
    }

    fn story() -> String {
        let paragraphs = [
            "The delegation left Pyongyang by train on Sunday and crossed into Russia at Khasan.",
            "In Vladivostok, officials prepared for talks. Paris, Texas and Paris both sent notes.",
            "SEOUL, South Korea — Officials in Seoul said the launch from Sunan fell into the sea.",
            "Flooding hit Rio de Janeiro and Sao Paulo; the Republic of the Congo sent aid to Brazil.",
        ];
        let mut text = String::new();
        for i in 0..120 {
            text.push_str(paragraphs[i % paragraphs.len()]);
            text.push_str(if i % 3 == 2 { "\n\n" } else { " " });
        }
        text
    }

    #[test]
    fn windowed_mentions_are_each_windows_own_shifted_to_the_whole_text() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let resolver = Resolver::new(gaz);
        let opts = ResolveOptions::default();
        let text = story();
        let chars: Vec<char> = text.chars().collect();
        for max in [700, 2000, 4000] {
            let ws: Vec<Window> = windows(&text, max).collect();
            assert!(ws.len() > 2, "several windows of {max}");
            let got = resolver.resolve_in_windows(&text, &opts, max);
            let mut want = Vec::new();
            for w in &ws {
                let plain = resolver.resolve_whole(&text[w.bytes.clone()], &opts);
                want.extend(plain.into_iter().map(|mut m| {
                    m.start += w.first_char;
                    m.end += w.first_char;
                    m
                }));
            }
            assert_eq!(got, want, "windows of {max}");
            for m in &got {
                assert_eq!(chars[m.start..m.end].iter().collect::<String>(), m.text, "offsets of {m:?}");
            }
            // No name is lost at a cut: the first and last windows find the names the text as a
            // whole finds there.
            let whole = resolver.resolve_whole(&text, &opts);
            for w in [&ws[0], &ws[ws.len() - 1]] {
                let (a, b) = (w.first_char, w.first_char + text[w.bytes.clone()].chars().count());
                let inside = |ms: &[Mention]| {
                    ms.iter()
                        .filter(|m| m.start >= a && m.end <= b)
                        .map(|m| (m.start, m.text.clone()))
                        .collect::<Vec<_>>()
                };
                assert_eq!(inside(&got), inside(&whole), "window {w:?} of {max}");
            }
        }
    }

    #[test]
    fn a_text_within_one_window_resolves_as_a_whole() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let resolver = Resolver::new(gaz);
        let opts = ResolveOptions { adjectives: true, ..Default::default() };
        let text = story();
        assert_eq!(resolver.resolve_in_windows(&text, &opts, text.len()), resolver.resolve_whole(&text, &opts));
        assert_eq!(resolver.resolve(&text, &opts), resolver.resolve_whole(&text, &opts));
    }
}
