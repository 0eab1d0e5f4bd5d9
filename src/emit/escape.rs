//! [`escape_control`] for every table a terminal may show. Tables escape control characters;
//! JSON, CSV and GeoJSON keep every string exactly.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Bidirectional embeddings, overrides and isolates: they reorder what follows them on screen.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with control characters escaped (`\n`, `\r`, `\t`, `\x1b`, C1 codes as `\x9b`) and
/// bidirectional controls shown as `\u{202e}`, the way ripgrep and `ls` show odd file names: data
/// printed for a terminal cannot retitle it, clear it, move the cursor or forge lines.
pub fn escape_control(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || is_bidi_control(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if is_bidi_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_everything_else_kept() {
        let rows = [
            ("Vladivostok", "Vladivostok"),
            ("Zürich 東京 Москва", "Zürich 東京 Москва"),
            ("a\u{1b}]0;title\u{7}b", "a\\x1b]0;title\\x07b"),
            ("line\nforged\r\tx", "line\\nforged\\r\\tx"),
            ("\u{9b}31m\u{7f}", "\\x9b31m\\x7f"),
            ("abc\u{202e}cba", "abc\\u{202e}cba"),
            ("back\\slash", "back\\slash"),
        ];
        for (input, want) in rows {
            assert_eq!(escape_control(input), want, "{input:?}");
        }
        assert!(matches!(escape_control("plain"), Cow::Borrowed(_)));
    }
}
