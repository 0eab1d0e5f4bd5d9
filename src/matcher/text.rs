//! The text as the matcher sees it: characters with byte offsets, word starts, lines that are
//! written in capitals (headlines, datelines), sentence starts and boilerplate lines.
//!
//! Invariant: indices are positions in `chars` (Unicode scalar values), which are exactly the
//! character offsets the output reports.

/// Scripts written without spaces between words: every character may start or end a name.
pub fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // kana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified
        | 0xF900..=0xFAFF
        | 0x0E00..=0x0E7F // Thai
        | 0xAC00..=0xD7A3 // Hangul syllables: particles attach to names ("평양에서")
    )
}

pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Pre-computed facts about a text.
pub struct Text<'a> {
    pub text: &'a str,
    pub chars: Vec<char>,
    /// Byte offset of each character, plus the text length at the end.
    pub bytes: Vec<usize>,
    /// Per character: its line is written in capitals (a headline or a caps block).
    caps_line: Vec<bool>,
    /// Per character: its line is publisher boilerplate (share buttons, newsletter prompts).
    boilerplate: Vec<bool>,
}

/// Phrases that mark a line as publisher furniture rather than the story.
const BOILERPLATE: &[&str] = &[
    "follow us",
    "google news",
    "sign up",
    "subscribe",
    "newsletter",
    "all rights reserved",
    "copyright ©",
    "click here",
    "download the app",
    "telegram channel",
    "whatsapp channel",
    "read more",
    "share this",
    "lire la suite",
];

impl<'a> Text<'a> {
    pub fn new(text: &'a str) -> Text<'a> {
        let mut chars = Vec::with_capacity(text.len());
        let mut bytes = Vec::with_capacity(text.len() + 1);
        for (b, c) in text.char_indices() {
            chars.push(c);
            bytes.push(b);
        }
        bytes.push(text.len());
        let n = chars.len();
        let mut caps_line = vec![false; n];
        let mut boilerplate = vec![false; n];
        let mut start = 0;
        while start < n {
            let mut end = start;
            while end < n && chars[end] != '\n' {
                end += 1;
            }
            let line = &chars[start..end];
            let (upper, lower) = line
                .iter()
                .fold((0, 0), |(u, l), c| (u + usize::from(c.is_uppercase()), l + usize::from(c.is_lowercase())));
            let caps = upper >= 4 && lower * 5 < upper;
            let furniture = line.len() < 300 && {
                let lowered: String = line.iter().flat_map(|c| c.to_lowercase()).collect();
                BOILERPLATE.iter().any(|b| lowered.contains(b))
            };
            for i in start..end {
                caps_line[i] = caps;
                boilerplate[i] = furniture;
            }
            start = end + 1;
        }
        Text { text, chars, bytes, caps_line, boilerplate }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn is_caps_line(&self, i: usize) -> bool {
        self.caps_line.get(i).copied().unwrap_or(false)
    }

    pub fn is_boilerplate(&self, i: usize) -> bool {
        self.boilerplate.get(i).copied().unwrap_or(false)
    }

    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.bytes[start]..self.bytes[end]]
    }

    /// Position `i` starts a word.
    pub fn is_word_start(&self, i: usize) -> bool {
        let c = self.chars[i];
        is_word_char(c) && (i == 0 || !is_word_char(self.chars[i - 1]) || is_unspaced_script(c))
    }

    /// A word may end just before position `i`.
    pub fn is_word_end(&self, i: usize) -> bool {
        i >= self.len()
            || !is_word_char(self.chars[i])
            || is_unspaced_script(self.chars[i])
            || is_unspaced_script(self.chars[i - 1])
    }

    /// The word (alphanumeric run) that ends just before `end`, skipping spaces and punctuation
    /// back to it; `None` at the start of the text or across a line break.
    pub fn word_before(&self, end: usize) -> Option<(usize, usize)> {
        let mut i = end;
        while i > 0 && !is_word_char(self.chars[i - 1]) {
            if self.chars[i - 1] == '\n' {
                return None;
            }
            i -= 1;
        }
        if i == 0 {
            return None;
        }
        let e = i;
        while i > 0 && is_word_char(self.chars[i - 1]) {
            i -= 1;
        }
        Some((i, e))
    }

    /// The word that starts after `start`, skipping spaces (not line breaks or sentence ends).
    pub fn word_after(&self, start: usize) -> Option<(usize, usize)> {
        let mut i = start;
        while i < self.len() && !is_word_char(self.chars[i]) {
            if matches!(self.chars[i], '\n' | '.' | '!' | '?' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | ',') {
                return None;
            }
            i += 1;
        }
        if i >= self.len() {
            return None;
        }
        let s = i;
        while i < self.len() && is_word_char(self.chars[i]) {
            i += 1;
        }
        Some((s, i))
    }

    /// The characters between `a` and `b` (exclusive), e.g. what separates two words.
    pub fn gap(&self, a: usize, b: usize) -> &'a str {
        self.slice(a.min(b), b.max(a))
    }

    /// Position `i` begins a sentence: start of text or line, or after . ! ? (and quotes).
    pub fn is_sentence_start(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 {
            let c = self.chars[j - 1];
            if c == '\n' {
                return true;
            }
            if c.is_whitespace() || matches!(c, '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '–' | '-' | '*' | '•')
            {
                j -= 1;
                continue;
            }
            return matches!(c, '.' | '!' | '?' | ':' | '…');
        }
        true
    }

    /// First character of the word at `start` is uppercase (or the script has no case).
    pub fn is_capitalised(&self, start: usize) -> bool {
        let c = self.chars[start];
        c.is_uppercase() || !(c.is_lowercase() || c.is_uppercase())
    }

    /// The word from `start` to `end` is written in capitals throughout ("SEOUL").
    pub fn is_all_caps(&self, start: usize, end: usize) -> bool {
        let letters: Vec<char> = self.chars[start..end].iter().copied().filter(|c| c.is_alphabetic()).collect();
        !letters.is_empty() && letters.iter().all(|c| c.is_uppercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_in_capitals_and_boilerplate_are_recognised() {
        let t =
            Text::new("SEOUL TALKS END IN DEADLOCK\nThe talks in Seoul ended.\nFollow us on Facebook and Google News");
        assert!(t.is_caps_line(0));
        let seoul = t.text.find("Seoul").unwrap();
        let i = t.text[..seoul].chars().count();
        assert!(!t.is_caps_line(i));
        assert!(t.is_boilerplate(t.len() - 1));
        assert!(!t.is_boilerplate(i));
    }

    #[test]
    fn sentence_starts() {
        let t = Text::new("Rain fell. \"Mobile phones\" rang in Reading.\nSplit");
        let at = |w: &str| t.text[..t.text.find(w).unwrap()].chars().count();
        assert!(t.is_sentence_start(at("Rain")));
        assert!(t.is_sentence_start(at("Mobile")));
        assert!(!t.is_sentence_start(at("Reading")));
        assert!(t.is_sentence_start(at("Split")));
    }
}
