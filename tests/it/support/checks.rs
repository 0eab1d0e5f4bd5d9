//! Invariant checks shared by the robustness tests (`props`, `fuzz_smoke`, `failures`): what
//! must hold for any input, whatever the resolver decided.
//!
//! Included with `#[path = "support/checks.rs"] mod checks;` (not `mod support;`, which is the
//! network tests' HTTP server).

use assert_cmd::Command;
use serde_json::Value;
use toponym::model::Mention;

/// The binary, isolated from the user's gazetteer choice.
pub fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

/// Offsets are character offsets, end exclusive, non-empty and in range; the characters they
/// cover are the mention's `text`; mentions come in text order and do not overlap; coordinates
/// and confidence are in range.
pub fn check_mentions(text: &str, mentions: &[Mention]) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let mut last_end = 0;
    for (i, m) in mentions.iter().enumerate() {
        check_span(&chars, m.start, m.end, &m.text).map_err(|e| format!("mention {i}: {e}"))?;
        if m.start < last_end {
            return Err(format!("mention {i} ({}..{}) overlaps or precedes the one before", m.start, m.end));
        }
        last_end = m.end;
        check_lat_lon(m.place.lat, m.place.lon).map_err(|e| format!("mention {i}: {e}"))?;
        if !(0.0..=1.0).contains(&m.confidence) {
            return Err(format!("mention {i}: confidence {} outside 0..=1", m.confidence));
        }
    }
    Ok(())
}

/// `start..end` (characters, end exclusive) is a non-empty range of `chars` spelling `expected`.
pub fn check_span(chars: &[char], start: usize, end: usize, expected: &str) -> Result<(), String> {
    if start >= end || end > chars.len() {
        return Err(format!("offsets {start}..{end} invalid for a text of {} chars", chars.len()));
    }
    let covered: String = chars[start..end].iter().collect();
    if covered != expected {
        return Err(format!("offsets {start}..{end} cover {covered:?}, mention says {expected:?}"));
    }
    Ok(())
}

pub fn check_lat_lon(lat: f64, lon: f64) -> Result<(), String> {
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!("coordinates out of range: lat {lat}, lon {lon}"));
    }
    Ok(())
}

/// The mentions of one document as `resolve --format json|jsonl` prints them.
pub fn check_json_mentions(text: &str, mentions: &Value) -> Result<(), String> {
    let chars: Vec<char> = text.chars().collect();
    let list = mentions.as_array().ok_or_else(|| format!("mentions is not an array: {mentions}"))?;
    for (i, m) in list.iter().enumerate() {
        let num = |k: &str| m[k].as_u64().map(|v| v as usize).ok_or_else(|| format!("mention {i}: no {k} in {m}"));
        let (start, end) = (num("start")?, num("end")?);
        let written = m["text"].as_str().ok_or_else(|| format!("mention {i}: no text in {m}"))?;
        check_span(&chars, start, end, written).map_err(|e| format!("mention {i}: {e}"))?;
        let (Some(lat), Some(lon)) = (m["lat"].as_f64(), m["lon"].as_f64()) else {
            return Err(format!("mention {i}: no lat/lon in {m}"));
        };
        check_lat_lon(lat, lon).map_err(|e| format!("mention {i}: {e}"))?;
    }
    Ok(())
}

/// Standard error of a run that must not have crashed: nothing but lines that start with
/// `toponym: ` (no panic message, no backtrace note, no stray output).
pub fn check_quiet_stderr(stderr: &[u8]) -> Result<(), String> {
    let s = String::from_utf8_lossy(stderr);
    if s.contains("panicked") || s.contains("RUST_BACKTRACE") {
        return Err(format!("the process panicked: {s}"));
    }
    match s.lines().find(|l| !l.starts_with("toponym: ")) {
        Some(l) => Err(format!("unexpected stderr line {l:?} in {s:?}")),
        None => Ok(()),
    }
}

/// Exactly one line on standard error, an error message (not a warning).
pub fn check_one_line_error(stderr: &[u8]) -> Result<(), String> {
    check_quiet_stderr(stderr)?;
    let s = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = s.lines().collect();
    if lines.len() != 1 || lines[0].starts_with("toponym: warning:") || lines[0].len() <= "toponym: ".len() {
        return Err(format!("expected one error line, got {s:?}"));
    }
    Ok(())
}
