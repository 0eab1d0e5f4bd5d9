//! Sentence spans of a text, in character offsets, and the lowercase view the cue matchers read.
//!
//! Invariants: spans are in order, do not overlap, and every span slices the text
//! (`start <= end <= char count`). The lowercase view has exactly one char per char of the
//! text, so offsets carry over unchanged.

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
    pub fn new(text: &str) -> Sentences {
        let chars: Vec<char> = text.chars().collect();
        let lower: Vec<char> = chars.iter().map(|c| c.to_lowercase().next().unwrap_or(*c)).collect();
        let mut spans = Vec::new();
        let mut start = 0;
        let n = chars.len();
        let mut i = 0;
        while i < n {
            let c = chars[i];
            let paragraph = c == '\n' && chars.get(i + 1) == Some(&'\n');
            let stop = matches!(c, '.' | '!' | '?')
                && chars.get(i + 1).is_none_or(|d| d.is_whitespace() || matches!(d, '"' | '\'' | '”' | '’'))
                && !abbreviation_before(&lower, i);
            if stop || paragraph {
                let mut end = i + 1;
                while end < n && matches!(chars[end], '"' | '\'' | '”' | '’') {
                    end += 1;
                }
                spans.push((start, end));
                start = end;
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
        self.spans.iter().position(|&(_, e)| at < e).unwrap_or(self.spans.len().saturating_sub(1))
    }

    /// The sentence's text, trimmed, with runs of whitespace collapsed.
    pub fn text(&self, index: usize) -> String {
        let Some(&(s, e)) = self.spans.get(index) else { return String::new() };
        let raw: String = self.chars[s..e].iter().collect();
        raw.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Lowercase text between two char offsets (clamped to the text).
    pub fn lower(&self, start: usize, end: usize) -> String {
        let end = end.min(self.lower.len());
        let start = start.min(end);
        self.lower[start..end].iter().collect()
    }
}

fn abbreviation_before(lower: &[char], dot: usize) -> bool {
    let mut s = dot;
    while s > 0 && (lower[s - 1].is_alphabetic() || lower[s - 1] == '.') {
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
            ("Mr. Kim left. He arrived.", &["Mr. Kim left.", "He arrived."]),
            ("The U.S. said so. Done", &["The U.S. said so.", "Done"]),
            ("Title\n\nBody text.", &["Title", "Body text."]),
            ("He said \"Go.\" Then left.", &["He said \"Go.\"", "Then left."]),
            ("", &[]),
        ];
        for (text, want) in rows {
            let s = Sentences::new(text);
            let got: Vec<String> = (0..s.spans().len()).map(|i| s.text(i)).collect();
            assert_eq!(got, *want, "{text:?}");
        }
    }
}
