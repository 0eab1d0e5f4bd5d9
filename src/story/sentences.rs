//! Sentence spans of a text, in character offsets, and the lowercase view the cue matchers read.
//!
//! Invariants: spans are in order, do not overlap, cover the text, and every span slices the
//! text (`start <= end <= char count`). No span is longer than [`MAX_SENTENCE_CHARS`]: text that
//! runs on without a full stop (lists of clauses ended by newlines or `;`) is cut at its last
//! newline, `;` or space before that length, so every cue matcher works on bounded windows and
//! the whole pass stays linear in the text. The lowercase view has exactly one char per char of
//! the text, so offsets carry over unchanged.

/// Longest sentence span, in chars.
pub const MAX_SENTENCE_CHARS: usize = 1000;
/// Longest sentence text handed out as evidence, in chars (longer ones end with "…").
pub const MAX_EVIDENCE_CHARS: usize = 400;

/// A text split into sentences.
pub struct Sentences {
    chars: Vec<char>,
    lower: Vec<char>,
    spans: Vec<(usize, usize)>,
}

/// Short words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] =
    &["mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "no", "vs", "u.s", "u.k", "jr", "sr"];

impl Sentences {
    /// Split `text` into sentences (abbreviations such as "Mr." and "U.S." do not end one).
    pub fn new(text: &str) -> Sentences {
        let chars: Vec<char> = text.chars().collect();
        let lower: Vec<char> = chars.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
        let mut spans = Vec::new();
        let mut start = 0;
        let n = chars.len();
        let mut i = 0;
        // The last clause boundary (after a newline or ';') and space seen in this sentence.
        let (mut clause, mut space) = (None, None);
        while i < n {
            let c = chars[i];
            let paragraph = c == '\n' && chars.get(i + 1) == Some(&'\n');
            let stop = matches!(c, '.' | '!' | '?')
                && (chars.get(i + 1).is_none_or(|d| d.is_whitespace() || matches!(d, '"' | '\'' | '”' | '’'))
                    && !abbreviation_before(&lower, i)
                    && !clock_time_before_day(&lower, i)
                    && !lowercase_follows(&chars, i)
                    || glued_sentence_follows(&chars, i));
            // A paragraph break right after a sentence's end starts no sentence of its own: the
            // blank lines belong to the next one (gaps between stops count sentences).
            if paragraph && chars[start..i].iter().all(|c| c.is_whitespace()) {
                i += 1;
                continue;
            }
            if stop || paragraph {
                let mut end = i + 1;
                while end < n && matches!(chars[end], '"' | '\'' | '”' | '’') {
                    end += 1;
                }
                spans.push((start, end));
                (start, clause, space) = (end, None, None);
                i = end;
                continue;
            }
            if matches!(c, '\n' | ';') {
                clause = Some(i + 1);
            } else if c.is_whitespace() {
                space = Some(i + 1);
            }
            if i + 1 - start >= MAX_SENTENCE_CHARS {
                let end = clause.or(space).filter(|&e| e > start).unwrap_or(i + 1);
                spans.push((start, end));
                (start, clause, space) = (end, None, None);
                i = end;
                continue;
            }
            i += 1;
        }
        if start < n {
            spans.push((start, n));
        }
        Sentences { chars, lower, spans }
    }

    /// (start, end) of each sentence.
    pub fn spans(&self) -> &[(usize, usize)] {
        &self.spans
    }

    /// Index of the sentence containing char offset `at` (the last one for offsets past the end).
    pub fn index_of(&self, at: usize) -> usize {
        self.spans.partition_point(|&(_, e)| e <= at).min(self.spans.len().saturating_sub(1))
    }

    /// The sentence's text, trimmed, with runs of whitespace collapsed, at most
    /// [`MAX_EVIDENCE_CHARS`] long.
    pub fn text(&self, index: usize) -> String {
        let Some(&(s, e)) = self.spans.get(index) else { return String::new() };
        let raw: String = self.chars[s..e].iter().collect();
        let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().count() <= MAX_EVIDENCE_CHARS {
            return text;
        }
        let cut: String = text.chars().take(MAX_EVIDENCE_CHARS - 1).collect();
        let cut = match cut.rfind(' ') {
            Some(sp) if sp > cut.len() / 2 => &cut[..sp],
            _ => &cut[..],
        };
        format!("{cut}…")
    }

    /// Lowercase text between two char offsets (clamped to the text).
    pub fn lower(&self, start: usize, end: usize) -> String {
        let end = end.min(self.lower.len());
        let start = start.min(end);
        self.lower[start..end].iter().collect()
    }

    /// The text between two char offsets, as written (clamped to the text).
    pub fn original(&self, start: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        self.chars[start.min(end)..end].iter().collect()
    }

    /// Whether the char at `at` is an uppercase letter.
    pub fn is_upper(&self, at: usize) -> bool {
        self.chars.get(at).is_some_and(|c| c.is_uppercase())
    }
}

/// Whether the next word after a full stop starts in lowercase: the stop ended an
/// abbreviation ("Norman, Okla. to Washington"), not the sentence.
fn lowercase_follows(chars: &[char], dot: usize) -> bool {
    chars[dot + 1..].iter().take(4).find(|c| !c.is_whitespace()).is_some_and(|c| c.is_lowercase())
}

/// Whether a capitalised word follows a full stop with no space between ("in D.C.Peddling a
/// bicycle"): text scraped from pages loses the space between a headline and its body.
fn glued_sentence_follows(chars: &[char], dot: usize) -> bool {
    chars[dot + 1..].len() >= 3
        && chars[dot + 1].is_uppercase()
        && chars[dot + 2].is_lowercase()
        && chars[dot + 3].is_lowercase()
        && dot > 0
        && chars[dot - 1].is_alphabetic()
}

/// Whether the full stop at `dot` ends "a.m." or "p.m." and a day or month follows: the time
/// goes on ("at 4:30 a.m. Saturday in X"), the sentence does not end.
fn clock_time_before_day(lower: &[char], dot: usize) -> bool {
    let before: String = lower[dot.saturating_sub(3)..dot].iter().collect();
    if before != "a.m" && before != "p.m" {
        return false;
    }
    let next: String =
        lower[dot + 1..].iter().skip_while(|c| c.is_whitespace()).take_while(|c| c.is_alphabetic()).collect();
    // The matcher's days and months, which a clock time runs on into.
    crate::matcher::traps::CALENDAR.contains(&next.as_str()) || matches!(next.as_str(), "today" | "yesterday")
}

fn abbreviation_before(lower: &[char], dot: usize) -> bool {
    let mut s = dot;
    while s > 0 && dot - s < 8 && (lower[s - 1].is_alphabetic() || lower[s - 1] == '.') {
        s -= 1;
    }
    let word: String = lower[s..dot].iter().collect();
    (word.chars().count() == 1 && word.chars().all(char::is_alphabetic)) || ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_full_stops_and_paragraphs_but_not_abbreviations() {
        let rows: &[(&str, &[&str])] = &[
            ("One. Two! Three?", &["One.", "Two!", "Three?"]),
            (
                "It began at 4 a.m. Monday in town. It ended at 5 p.m. Police left.",
                &["It began at 4 a.m. Monday in town.", "It ended at 5 p.m.", "Police left."],
            ),
            ("Mr. Kim left. He arrived.", &["Mr. Kim left.", "He arrived."]),
            ("The U.S. said so. Done", &["The U.S. said so.", "Done"]),
            ("Title\n\nBody text.", &["Title", "Body text."]),
            ("One.\n\nTwo.\n\n\nThree.", &["One.", "Two.", "Three."]),
            (
                "He rode from Norman, Okla. to Washington. Then home.",
                &["He rode from Norman, Okla. to Washington.", "Then home."],
            ),
            ("He rode to D.C.Riding on, he", &["He rode to D.C.", "Riding on, he"]),
            ("He said \"Go.\" Then left.", &["He said \"Go.\"", "Then left."]),
            ("", &[]),
        ];
        for (text, want) in rows {
            let s = Sentences::new(text);
            let got: Vec<String> = (0..s.spans().len()).map(|i| s.text(i)).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }

    #[test]
    fn run_on_text_is_cut_at_clause_ends_into_bounded_sentences() {
        for unit in ["clause about Paris\n", "item; ", "word ", "x"] {
            let text = unit.repeat(5000);
            let s = Sentences::new(&text);
            let n = text.chars().count();
            assert!(s.spans().iter().all(|&(a, b)| a < b && b - a <= MAX_SENTENCE_CHARS), "{unit:?}");
            assert_eq!(s.spans().first().map(|x| x.0), Some(0), "{unit:?}");
            assert_eq!(s.spans().last().map(|x| x.1), Some(n), "{unit:?}");
            assert!(s.spans().windows(2).all(|w| w[0].1 == w[1].0), "{unit:?} spans cover the text");
            if unit.len() > 1 {
                // Cut after a clause end or a space, never inside a word.
                let chars: Vec<char> = text.chars().collect();
                let cut_well = |e: usize| matches!(chars[e - 1], '\n' | ';' | ' ');
                assert!(s.spans()[..s.spans().len() - 1].iter().all(|&(_, e)| cut_well(e)), "{unit:?}");
            }
            assert!(s.text(0).chars().count() <= MAX_EVIDENCE_CHARS, "{unit:?}");
            for at in [0, n / 2, n - 1, n + 5] {
                let i = s.index_of(at);
                let (a, b) = s.spans()[i];
                assert!(at >= n || (a <= at && at < b), "{unit:?} offset {at}");
            }
        }
    }
}
