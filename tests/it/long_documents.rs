//! Documents longer than a resolution window (issue 15): `resolve` finds on a long text's first
//! and last windows exactly what a normal run finds on those pieces alone, offsets into the whole
//! text; every output format agrees; `--max-doc-bytes` refuses a longer document at once.

use assert_cmd::Command;
use serde_json::Value;
use toponym::resolver::window::{windows, WINDOW_BYTES};

fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

/// A text of about `bytes` from the bundled examples, paragraphs apart, some lines in Cyrillic
/// and Korean so byte and character offsets differ.
fn long_text(bytes: usize) -> String {
    let examples = [include_str!("../../examples/summit.txt"), include_str!("../../examples/iberia.txt")];
    let extra = "Поезд шёл из Москвы во Владивосток. 평양에서 서울까지 먼 길이다.\n";
    let mut text = String::new();
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(examples[i % 2]);
        text.push_str("\n\n");
        if i % 3 == 0 {
            text.push_str(extra);
        }
        i += 1;
    }
    text
}

fn resolve_jsonl(args: &[&str], stdin: &str) -> Vec<Value> {
    let out = toponym().arg("resolve").args(args).write_stdin(stdin).assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8").lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

fn mentions(doc: &Value) -> Vec<Value> {
    doc["mentions"].as_array().expect("mentions").clone()
}

#[test]
fn a_long_text_finds_on_its_first_and_last_windows_what_a_normal_run_finds_there() {
    let text = long_text(5 * WINDOW_BYTES / 2);
    let all: Vec<_> = windows(&text, WINDOW_BYTES).collect();
    assert!(all.len() >= 3, "{} windows", all.len());
    let whole = resolve_jsonl(&["--format", "jsonl", "--input", "text"], &text);
    let found = mentions(&whole[0]);
    let chars: Vec<char> = text.chars().collect();
    for m in &found {
        let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..e].iter().collect::<String>(), m["text"].as_str().unwrap(), "offsets of {m}");
    }
    for w in [&all[0], &all[all.len() - 1]] {
        let piece = &text[w.bytes.clone()];
        let alone = resolve_jsonl(&["--format", "jsonl", "--input", "text"], piece);
        let shifted: Vec<Value> = mentions(&alone[0])
            .into_iter()
            .map(|mut m| {
                for key in ["start", "end"] {
                    m[key] = (m[key].as_u64().unwrap() + w.first_char as u64).into();
                }
                m
            })
            .collect();
        let end = w.first_char + piece.chars().count();
        let inside: Vec<Value> = found
            .iter()
            .filter(|m| (w.first_char..end).contains(&(m["start"].as_u64().unwrap() as usize)))
            .cloned()
            .collect();
        assert!(!inside.is_empty(), "the window {w:?} names places");
        assert_eq!(inside, shifted, "window {w:?}");
    }
    // The same document as a JSONL line, and with several jobs: the same mentions.
    let line = serde_json::json!({"id": "long", "text": text}).to_string() + "\n";
    for jobs in ["1", "3"] {
        let as_jsonl = resolve_jsonl(&["--format", "jsonl", "--input", "jsonl", "--jobs", jobs], &line);
        assert_eq!(mentions(&as_jsonl[0]), found, "JSONL, --jobs {jobs}");
    }
}

#[test]
fn every_format_agrees_on_a_long_document_among_short_ones() {
    let long = long_text(3 * WINDOW_BYTES / 2);
    let input: String = [("a", "Rain fell on Paris."), ("long", long.as_str()), ("c", "Snow in Oslo and Bergen.")]
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect();
    let run = |format: &str, places: bool| {
        let mut args = vec!["resolve", "--input", "jsonl", "--format", format];
        if places {
            args.push("--places");
        }
        toponym().args(&args).write_stdin(input.clone()).assert().success().get_output().stdout.clone()
    };
    let jsonl: Vec<Value> =
        String::from_utf8(run("jsonl", false)).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let json: Value = serde_json::from_slice(&run("json", false)).expect("one JSON array");
    assert_eq!(json, Value::Array(jsonl.clone()));
    let n: usize = jsonl.iter().map(|d| mentions(d).len()).sum();
    let csv = String::from_utf8(run("csv", false)).unwrap();
    assert_eq!(csv.lines().count(), n + 1, "a CSV row per mention and a header");
    let table = String::from_utf8(run("table", false)).unwrap();
    assert_eq!(table.lines().count(), n + 3, "a table row per mention and a line per document");
    // --places: one summary per distinct place, counting every mention of the long document.
    let places: Vec<Value> =
        String::from_utf8(run("jsonl", true)).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let long_mentions = mentions(&jsonl[1]);
    let summaries = places[1]["places"].as_array().unwrap();
    let counted: u64 = summaries.iter().map(|p| p["mentions"].as_u64().unwrap()).sum();
    assert_eq!(counted as usize, long_mentions.len());
    let mut ids: Vec<u64> = long_mentions.iter().map(|m| m["id"].as_u64().unwrap()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(summaries.len(), ids.len());
}

#[test]
fn a_document_over_max_doc_bytes_is_refused_at_once_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.txt");
    std::fs::write(&big, long_text(3000)).unwrap();
    let out = tmp.path().join("out.jsonl");
    let assert =
        toponym().args(["resolve", "--max-doc-bytes", "2K", "-o"]).arg(&out).arg(&big).assert().code(2).stdout("");
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains("big.txt: document longer than --max-doc-bytes 2K (2048 bytes)"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!out.exists(), "no output file");
    // A JSONL line over the limit is named by file and line; the documents before it are written
    // to standard output (as for a malformed line), and with -o nothing is.
    let jsonl = tmp.path().join("in.jsonl");
    let lines = [
        serde_json::json!({"id": "a", "text": "Rain in Paris."}).to_string(),
        serde_json::json!({"id": "b", "text": long_text(3000)}).to_string(),
    ];
    std::fs::write(&jsonl, lines.join("\n") + "\n").unwrap();
    let assert = toponym().args(["resolve", "--format", "jsonl", "--max-doc-bytes", "2K"]).arg(&jsonl).assert().code(2);
    let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
    assert!(err.contains("in.jsonl:2: document longer than --max-doc-bytes 2K"), "{err}");
    assert_eq!(String::from_utf8(assert.get_output().stdout.clone()).unwrap().lines().count(), 1);
    toponym().args(["resolve", "--max-doc-bytes", "2K", "-o"]).arg(&out).arg(&jsonl).assert().code(2);
    assert!(!out.exists(), "no output file");
    // --skip-bad-lines skips it; a bad size is a usage error.
    let skipped = toponym()
        .args(["resolve", "--format", "jsonl", "--max-doc-bytes", "2K", "--skip-bad-lines"])
        .arg(&jsonl)
        .assert()
        .success();
    assert_eq!(String::from_utf8(skipped.get_output().stdout.clone()).unwrap().lines().count(), 1);
    toponym().args(["resolve", "--max-doc-bytes", "lots"]).arg(&big).assert().code(2);
}

#[test]
fn geojson_and_map_refuse_a_document_over_max_doc_bytes_and_write_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.txt");
    std::fs::write(&big, long_text(3000)).unwrap();
    for (command, out_name) in [("geojson", "out.geojson"), ("map", "out.png")] {
        let out = tmp.path().join(out_name);
        let assert =
            toponym().args([command, "--max-doc-bytes", "2K", "-o"]).arg(&out).arg(&big).assert().code(2).stdout("");
        let err = String::from_utf8(assert.get_output().stderr.clone()).unwrap();
        assert!(err.contains("big.txt: document longer than --max-doc-bytes 2K"), "{command}: {err}");
        assert_eq!(err.lines().count(), 1, "{command}: {err}");
        let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("big.txt")], "{command} wrote nothing");
        // Within the limit the same command succeeds.
        toponym().args([command, "--max-doc-bytes", "4K", "-o"]).arg(&out).arg(&big).assert().success();
        assert!(out.exists(), "{command} wrote {out_name}");
        for entry in std::fs::read_dir(tmp.path()).unwrap() {
            let path = entry.unwrap().path();
            if path != big {
                std::fs::remove_file(path).unwrap();
            }
        }
    }
}
