//! The text as the matcher sees it: characters with byte offsets, word starts, lines that are
//! written in capitals (headlines, datelines), sentence starts and boilerplate lines.
//!
//! Invariant: indices are positions in `chars` (Unicode scalar values), which are exactly the
//! character offsets the output reports.

use super::lang::Lang;

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

/// Hangul syllables and jamo: Korean, spaced by words, with particles written onto them.
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3 | 0x1100..=0x11FF | 0x3130..=0x318F)
}

pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

/// Per-character facts, computed once (bits of `Text::flags`).
mod flag {
    pub const WORD: u8 = 1;
    pub const UNSPACED: u8 = 2;
    pub const UPPER: u8 = 4;
    pub const LOWER: u8 = 8;
    pub const ALPHA: u8 = 16;
    /// Its line is written in capitals (a headline or a caps block).
    pub const CAPS_LINE: u8 = 32;
    /// Its line is publisher boilerplate (share buttons, newsletter prompts).
    pub const BOILERPLATE: u8 = 64;
}

/// `char_flags` of every ASCII character.
const ASCII_FLAGS: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_uppercase() {
            flag::WORD | flag::UPPER | flag::ALPHA
        } else if c.is_ascii_lowercase() {
            flag::WORD | flag::LOWER | flag::ALPHA
        } else if c.is_ascii_digit() {
            flag::WORD
        } else {
            0
        };
        b += 1;
    }
    table
};

fn char_flags(c: char) -> u8 {
    if c.is_ascii() {
        return ASCII_FLAGS[c as usize];
    }
    let mut f = 0;
    if is_word_char(c) {
        f |= flag::WORD;
    }
    if is_unspaced_script(c) {
        f |= flag::UNSPACED;
    }
    if c.is_uppercase() {
        f |= flag::UPPER;
    }
    if c.is_lowercase() {
        f |= flag::LOWER;
    }
    if c.is_alphabetic() {
        f |= flag::ALPHA;
    }
    f
}

/// Pre-computed facts about a text.
pub struct Text<'a> {
    pub text: &'a str,
    pub chars: Vec<char>,
    /// Byte offset of each character, plus the text length at the end.
    pub bytes: Vec<usize>,
    /// Per character: `flag` bits.
    flags: Vec<u8>,
    /// The document's language: which matching rules apply (English unless set).
    pub lang: Lang,
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

fn boilerplate_phrases() -> &'static aho_corasick::AhoCorasick {
    static PHRASES: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    PHRASES.get_or_init(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(BOILERPLATE)
            .expect("the boilerplate phrases are a small fixed list")
    })
}

impl<'a> Text<'a> {
    pub fn new(text: &'a str) -> Text<'a> {
        let (chars, mut bytes, mut flags): (Vec<char>, Vec<usize>, Vec<u8>) = if text.is_ascii() {
            // Most news text: one byte per character, flags from a table.
            let raw = text.as_bytes();
            (
                raw.iter().map(|&b| char::from(b)).collect(),
                (0..raw.len()).collect(),
                raw.iter().map(|&b| ASCII_FLAGS[usize::from(b)]).collect(),
            )
        } else {
            let chars: Vec<char> = text.chars().collect();
            let bytes = chars
                .iter()
                .scan(0, |at, c| {
                    let b = *at;
                    *at += c.len_utf8();
                    Some(b)
                })
                .collect();
            let flags = chars.iter().map(|&c| char_flags(c)).collect();
            (chars, bytes, flags)
        };
        bytes.push(text.len());
        let n = chars.len();
        let mut start = 0;
        while start < n {
            let end = chars[start..].iter().position(|&c| c == '\n').map_or(n, |k| start + k);
            let line = &flags[start..end];
            let (upper, lower) = line.iter().fold((0usize, 0usize), |(u, l), &f| {
                (u + usize::from(f & flag::UPPER != 0), l + usize::from(f & flag::LOWER != 0))
            });
            let mut mark = 0;
            if upper >= 4 && lower * 5 < upper {
                mark |= flag::CAPS_LINE;
            }
            if end - start < 300 && boilerplate_phrases().is_match(&text[bytes[start]..bytes[end]]) {
                mark |= flag::BOILERPLATE;
            }
            if mark != 0 {
                flags[start..end].iter_mut().for_each(|f| *f |= mark);
            }
            start = end + 1;
        }
        Text { text, chars, bytes, flags, lang: Lang::En }
    }

    /// The text of a document in `lang` (see [`super::lang`]).
    pub fn in_lang(text: &'a str, lang: Lang) -> Text<'a> {
        Text { lang, ..Text::new(text) }
    }

    /// The end of the alphanumeric run that contains position `i` (in an unspaced script, the
    /// run of the script's characters, however many words it holds).
    pub fn word_end_from(&self, i: usize) -> usize {
        let mut e = i;
        while e < self.len() && self.is_word(e) {
            e += 1;
        }
        e
    }

    fn has(&self, i: usize, f: u8) -> bool {
        self.flags.get(i).is_some_and(|&x| x & f != 0)
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    pub fn is_caps_line(&self, i: usize) -> bool {
        self.has(i, flag::CAPS_LINE)
    }

    pub fn is_boilerplate(&self, i: usize) -> bool {
        self.has(i, flag::BOILERPLATE)
    }

    /// The character at `i` belongs to a word (a letter or digit).
    pub fn is_word(&self, i: usize) -> bool {
        self.has(i, flag::WORD)
    }

    /// The character at `i` is of a script written without spaces (Han, kana, Hangul, Thai).
    pub fn is_unspaced(&self, i: usize) -> bool {
        self.has(i, flag::UNSPACED)
    }

    /// The character at `i` is a letter.
    pub fn is_alpha(&self, i: usize) -> bool {
        self.has(i, flag::ALPHA)
    }

    pub fn slice(&self, start: usize, end: usize) -> &'a str {
        &self.text[self.bytes[start]..self.bytes[end]]
    }

    /// Position `i` starts a word.
    pub fn is_word_start(&self, i: usize) -> bool {
        let f = self.flags[i];
        f & flag::WORD != 0 && (i == 0 || !self.has(i - 1, flag::WORD) || f & flag::UNSPACED != 0)
    }

    /// A word may end just before position `i`.
    pub fn is_word_end(&self, i: usize) -> bool {
        i >= self.len() || !self.has(i, flag::WORD) || self.has(i, flag::UNSPACED) || self.has(i - 1, flag::UNSPACED)
    }

    /// The word (alphanumeric run) that ends just before `end`, skipping spaces and punctuation
    /// back to it; `None` at the start of the text or across a line break.
    pub fn word_before(&self, end: usize) -> Option<(usize, usize)> {
        let mut i = end;
        while i > 0 && !self.is_word(i - 1) {
            if self.chars[i - 1] == '\n' {
                return None;
            }
            i -= 1;
        }
        if i == 0 {
            return None;
        }
        let e = i;
        while i > 0 && self.is_word(i - 1) {
            i -= 1;
        }
        Some((i, e))
    }

    /// The word that starts after `start`, skipping spaces (not line breaks or sentence ends).
    pub fn word_after(&self, start: usize) -> Option<(usize, usize)> {
        let mut i = start;
        while i < self.len() && !self.is_word(i) {
            if matches!(self.chars[i], '\n' | '.' | '!' | '?' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | ',') {
                return None;
            }
            i += 1;
        }
        if i >= self.len() {
            return None;
        }
        let s = i;
        while i < self.len() && self.is_word(i) {
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
        self.flags[start] & flag::LOWER == 0
    }

    /// The word from `start` to `end` is written in capitals throughout ("SEOUL").
    pub fn is_all_caps(&self, start: usize, end: usize) -> bool {
        let mut letters = self.flags[start..end].iter().filter(|&&f| f & flag::ALPHA != 0).peekable();
        letters.peek().is_some() && letters.all(|&f| f & flag::UPPER != 0)
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
