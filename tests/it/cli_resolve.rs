//! `toponym resolve` driven as a user would: formats, streams, bad input.

use assert_cmd::Command;
use predicates::prelude::*;

fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

#[test]
fn jsonl_in_jsonl_out_in_input_order() {
    let input =
        "{\"id\": \"b\", \"text\": \"Flights left Seoul for Tokyo.\"}\n\n{\"id\": 7, \"text\": \"Nothing here.\"}\n";
    let out = toponym()
        .args(["resolve", "--input", "jsonl", "--format", "jsonl"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).expect("JSON line")).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "b");
    assert_eq!(lines[1]["id"], "7");
    let m = &lines[0]["mentions"][0];
    for field in ["text", "start", "end", "id", "name", "lat", "lon", "kind", "country_code", "confidence"] {
        assert!(m.get(field).is_some(), "missing {field} in {m}");
    }
    assert_eq!(m["text"], "Seoul");
    assert_eq!(m["start"], 13);
    assert_eq!(m["end"], 18);
    assert_eq!(lines[1]["mentions"].as_array().unwrap().len(), 0);
}

#[test]
fn malformed_jsonl_names_the_line_or_is_skipped_on_request() {
    let input = "{\"id\": \"a\", \"text\": \"Paris\"}\n{not json\n{\"id\": \"c\", \"text\": \"Rome\"}\n";
    toponym()
        .args(["resolve", "--input", "jsonl", "--format", "jsonl"])
        .write_stdin(input)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("-:2"));
    let out = toponym()
        .args(["resolve", "--input", "jsonl", "--format", "jsonl", "--skip-bad-lines"])
        .write_stdin(input)
        .assert()
        .success()
        .stderr(predicate::str::contains("skipped"))
        .get_output()
        .stdout
        .clone();
    assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
}

#[test]
fn empty_binary_and_invalid_utf8_inputs() {
    toponym()
        .args(["resolve", "--format", "jsonl"])
        .write_stdin("")
        .assert()
        .success()
        .stdout("{\"id\":\"-\",\"mentions\":[]}\n");
    toponym()
        .args(["resolve", "--input", "jsonl", "--format", "json"])
        .write_stdin("")
        .assert()
        .success()
        .stdout("[]\n");
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("image.bin");
    std::fs::write(&bin, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    toponym()
        .args(["resolve", "--format", "jsonl", bin.to_str().unwrap()])
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("binary file, skipped"));
    let latin1 = dir.path().join("story.txt");
    std::fs::write(&latin1, b"Caf\xe9 owners in Lisbon and Porto.").unwrap();
    let out = toponym()
        .args(["resolve", "--format", "jsonl", latin1.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains("invalid UTF-8"))
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["id"], "story.txt");
    // Offsets refer to the lossily decoded text: "Caf\u{FFFD} owners in Lisbon".
    assert_eq!(v["mentions"][0]["text"], "Lisbon");
    assert_eq!(v["mentions"][0]["start"], 15);
}

#[test]
fn missing_file_is_a_usage_error() {
    toponym()
        .args(["resolve", "/nonexistent/story.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("story.txt"));
}

#[test]
fn places_summary_counts_mentions() {
    let out = toponym()
        .args(["resolve", "--places", "--format", "json", "-"])
        .write_stdin("Lima is busy. Lima is big. Quito is high.")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let places = v[0]["places"].as_array().unwrap();
    assert_eq!(places[0]["name"], "Lima");
    assert_eq!(places[0]["mentions"], 2);
    assert_eq!(places[1]["name"], "Quito");
}

#[test]
fn csv_and_table_outputs() {
    toponym()
        .args(["resolve", "--format", "csv", "examples/summit.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("summit.txt,Vladivostok"));
    toponym()
        .args(["resolve", "examples/summit.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Vostochny Cosmodrome"));
}
