//! One JSONL line → a document's id and text, without copying the text.
//!
//! A document's text is most of its line, and a line may hold hundreds of megabytes. Parsing the
//! text into a new `String` would hold the line, serde's scratch buffer and the string at once
//! (three times the text). Instead the line is validated once, and the text's JSON string is
//! decoded in place: a decoded piece is never longer than its escaped form, so the decoded text
//! grows at the front of the line's own buffer, piece by piece, each piece decoded by
//! `serde_json` (so escapes mean exactly what they mean to serde_json, errors included).
//!
//! Invariant: a piece never splits an escape, a surrogate pair or a UTF-8 sequence, so decoding
//! the pieces one by one gives the text decoding the whole string gives.

use std::ops::Range;

use serde_json::value::RawValue;

#[derive(serde::Deserialize)]
struct JsonlDoc<'a> {
    #[serde(borrow)]
    id: &'a RawValue,
    #[serde(borrow)]
    text: &'a RawValue,
    /// The document's language code ("ru"), optional.
    #[serde(default)]
    lang: Option<String>,
}

/// The id, text and language (if it says) of the JSON object on `line` (UTF-8; surrounding
/// whitespace allowed). The line's buffer becomes the text's.
pub fn parse(mut line: Vec<u8>) -> serde_json::Result<(String, String, Option<String>)> {
    let (id, body, lang) = {
        let s = std::str::from_utf8(&line).map_err(|e| custom(format!("invalid UTF-8: {e}")))?;
        let doc: JsonlDoc = serde_json::from_str(s.trim())?;
        let raw = doc.text.get();
        if !raw.starts_with('"') {
            // The error serde_json gives for a text that is not a string ("invalid type: …").
            let not_a_string = serde_json::from_str::<String>(raw).err();
            return Err(not_a_string.unwrap_or_else(|| custom("\"text\" is not a string".into())));
        }
        let start = raw.as_ptr() as usize - line.as_ptr() as usize;
        (id_text(doc.id)?, start + 1..start + raw.len() - 1, doc.lang)
    };
    unescape_in_place(&mut line, body)?;
    Ok((id, String::from_utf8(line).map_err(|e| custom(format!("invalid UTF-8: {e}")))?, lang))
}

fn custom(message: String) -> serde_json::Error {
    <serde_json::Error as serde::de::Error>::custom(message)
}

/// A JSONL id as the document id: a string as is, an integer as written (a float would round
/// integers beyond 2^64 onto each other), anything else as compact JSON. An id JSON cannot
/// hold as a value (nested too deep) is an error.
fn id_text(raw: &RawValue) -> serde_json::Result<String> {
    let text = raw.get().trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(text.to_string());
    }
    Ok(match serde_json::from_str::<serde_json::Value>(text)? {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// Escaped bytes decoded at a time.
const PIECE_BYTES: usize = 1 << 16;

/// Replace `buf` by the decoded JSON string whose escaped body (between the quotes) is
/// `buf[body]`.
fn unescape_in_place(buf: &mut Vec<u8>, body: Range<usize>) -> serde_json::Result<()> {
    if !buf[body.clone()].contains(&b'\\') {
        // Nothing to decode: serde_json has checked the string (no control characters).
        buf.copy_within(body.clone(), 0);
        buf.truncate(body.len());
        return Ok(());
    }
    let mut quoted = Vec::with_capacity(PIECE_BYTES + 16);
    let mut write = 0;
    let mut read = body.start;
    while read < body.end {
        let end = piece_end(buf, read, body.end);
        quoted.clear();
        quoted.push(b'"');
        quoted.extend_from_slice(&buf[read..end]);
        quoted.push(b'"');
        let piece: String = serde_json::from_slice(&quoted)?;
        // Decoding never lengthens: `write + piece.len() <= end`, so this overwrites only bytes
        // already read.
        buf[write..write + piece.len()].copy_from_slice(piece.as_bytes());
        write += piece.len();
        read = end;
    }
    buf.truncate(write);
    Ok(())
}

/// Where the piece starting at `from` ends: about [`PIECE_BYTES`] on, not inside an escape, a
/// `\uD8xx\uDCxx` pair or a UTF-8 sequence, and at most `end`.
fn piece_end(buf: &[u8], from: usize, end: usize) -> usize {
    let mut i = from;
    while i < end && i - from < PIECE_BYTES {
        i += match buf[i] {
            b'\\' if buf.get(i + 1) == Some(&b'u') => {
                let high_surrogate = buf.get(i + 2).is_some_and(|c| c.eq_ignore_ascii_case(&b'd'))
                    && buf.get(i + 3).is_some_and(|c| matches!(c.to_ascii_lowercase(), b'8'..=b'9' | b'a' | b'b'));
                if high_surrogate && buf.get(i + 6..i + 8) == Some(b"\\u") {
                    12
                } else {
                    6
                }
            }
            b'\\' => 2,
            _ => 1,
        };
    }
    while i < end && buf[i] & 0xC0 == 0x80 {
        i += 1;
    }
    i.min(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_decode_as_serde_json_decodes_them_whatever_the_piece_boundaries() {
        let texts = [
            "plain text, no escapes".to_string(),
            "Line one\nline \"two\"\t\\ done".to_string(),
            "Grüße \u{1F600} 平壤 \u{7}".to_string(),
            "a\nb\u{1F30D}\\c\"".repeat(30_000),
            "é".repeat(100_000) + "\n" + &"\u{10348}".repeat(50_000),
        ];
        for text in texts {
            for ascii in [false, true] {
                // serde_json escapes only what it must; the ASCII form escapes every other
                // character as \uXXXX, surrogate pairs included.
                let encoded = if ascii {
                    let mut s = String::from("\"");
                    for c in text.chars() {
                        if c.is_ascii() && c != '"' && c != '\\' && !c.is_ascii_control() {
                            s.push(c);
                        } else {
                            for u in c.encode_utf16(&mut [0; 2]) {
                                s.push_str(&format!("\\u{u:04x}"));
                            }
                        }
                    }
                    s + "\""
                } else {
                    serde_json::to_string(&text).unwrap()
                };
                let line = format!(" {{\"id\": \"d\", \"text\": {encoded}, \"extra\": [1]}}\n");
                let (id, got, _) = parse(line.into_bytes()).expect("parses");
                assert_eq!(id, "d");
                assert_eq!(got, text, "ascii {ascii}, {} chars", text.chars().count());
            }
        }
    }

    #[test]
    fn bad_lines_are_errors() {
        let rows = [
            (r#"{"id": 1, "text": 5}"#, "invalid type: integer `5`, expected a string"),
            (r#"{"id": 1, "text": "a \ud800 b"}"#, "hex escape"),
            (r#"{"id": 1, "text": "a \ud800\u0041 b"}"#, "lone leading surrogate"),
            (r#"{"id": 1}"#, "missing field `text`"),
            (r#"{"text": "x"}"#, "missing field `id`"),
            (r#"[1, 2]"#, "invalid type"),
            (r#"{"id": 1, "text": "x\"#, "EOF"),
        ];
        for (line, want) in rows {
            let err = parse(line.as_bytes().to_vec()).expect_err(line).to_string();
            assert!(err.contains(want), "{line}: {err}");
        }
    }

    #[test]
    fn jsonl_ids_keep_their_text() {
        let rows = [
            ("\"x\"", "x"),
            ("\"a\\u001bb\"", "a\u{1b}b"),
            ("7", "7"),
            ("-5", "-5"),
            ("18446744073709551616", "18446744073709551616"),
            ("1.5", "1.5"),
            ("1e3", "1000.0"),
            ("null", "null"),
            ("[1, 2]", "[1,2]"),
            ("{\"k\": 1}", "{\"k\":1}"),
        ];
        for (raw, want) in rows {
            let line = format!("{{\"id\": {raw}, \"text\": \"t\"}}");
            let (id, text, _) = parse(line.into_bytes()).expect("parses");
            assert_eq!((id.as_str(), text.as_str()), (want, "t"), "{raw}");
        }
    }
}
