//! Batch runs as a user would make them: directories, many documents, `--jobs`, `--output`,
//! and Ctrl-C in the middle of a batch.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;

fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

/// Sentences of our own, varied per document so documents differ.
const SENTENCES: [&str; 6] = [
    "Ministers met in Lisbon before driving to Porto.",
    "Flooding closed roads between Dhaka and Chittagong on Tuesday.",
    "The delegation flew from Nairobi to Addis Ababa, then to Cairo.",
    "Farmers near Rosario said the drought in Argentina was the worst in decades.",
    "A ferry left Helsinki for Tallinn in heavy snow.",
    "Officials in Quito and Lima signed the accord.",
];

fn jsonl(docs: usize) -> String {
    (0..docs)
        .map(|i| {
            let text: Vec<&str> = (0..1 + i % 4).map(|k| SENTENCES[(i + k) % SENTENCES.len()]).collect();
            format!("{}\n", serde_json::json!({"id": format!("d{i}"), "text": text.join(" ")}))
        })
        .collect()
}

fn stdout_of(args: &[&str], stdin: &str) -> String {
    let out = toponym().args(args).write_stdin(stdin.to_string()).assert().success().get_output().stdout.clone();
    String::from_utf8(out).expect("UTF-8 output")
}

#[test]
fn output_is_the_same_bytes_for_any_number_of_jobs() {
    let input = jsonl(1500);
    for format in ["jsonl", "json", "csv", "table"] {
        let one = stdout_of(&["resolve", "--input", "jsonl", "--format", format, "--jobs", "1"], &input);
        let three = stdout_of(&["resolve", "--input", "jsonl", "--format", format, "--jobs", "3"], &input);
        assert_eq!(one, three, "format {format}");
        if format == "jsonl" {
            let ids: Vec<String> = one
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
                .collect();
            assert_eq!(ids, (0..1500).map(|i| format!("d{i}")).collect::<Vec<_>>());
        }
    }
}

fn write(dir: &Path, rel: &str, body: &str) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, body).unwrap();
}

#[test]
fn a_directory_is_walked_recursively_in_name_order() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "2024/b.txt", SENTENCES[0]);
    write(tmp.path(), "2024/a.txt", SENTENCES[1]);
    write(tmp.path(), "wire.jsonl", &jsonl(3));
    write(tmp.path(), ".cache/x.txt", SENTENCES[2]);
    let dir = tmp.path().to_str().unwrap();
    let out = stdout_of(&["resolve", "--format", "jsonl", dir], "");
    let ids: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, ["2024/a.txt", "2024/b.txt", "d0", "d1", "d2"]);
    let first: serde_json::Value = serde_json::from_str(out.lines().next().unwrap()).unwrap();
    assert_eq!(first["mentions"][0]["text"], "Dhaka");
}

#[test]
fn geojson_takes_directories_and_jsonl_stories() {
    let tmp = tempfile::tempdir().unwrap();
    write(tmp.path(), "stories/a.txt", SENTENCES[0]);
    write(tmp.path(), "stories/more.jsonl", &jsonl(2));
    let dir = tmp.path().join("stories");
    let out = toponym()
        .args(["geojson", "--per-document", "--jobs", "2", dir.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let fc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let docs: std::collections::BTreeSet<&str> =
        fc["features"].as_array().unwrap().iter().map(|f| f["properties"]["document"].as_str().unwrap()).collect();
    assert_eq!(docs.into_iter().collect::<Vec<_>>(), ["a.txt", "d0", "d1"]);
}

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mentions.jsonl");
    toponym()
        .args(["resolve", "--input", "jsonl", "--format", "jsonl", "-o", out.to_str().unwrap()])
        .write_stdin(jsonl(10))
        .assert()
        .success()
        .stdout("");
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 10);
    // A bad line stops the run: the earlier output file stays as it was, and no temp file is left.
    let bad = format!("{}{{oops\n", jsonl(3));
    toponym()
        .args(["resolve", "--input", "jsonl", "--format", "jsonl", "-o", out.to_str().unwrap()])
        .write_stdin(bad)
        .assert()
        .code(2);
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 10);
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1, "no temp file left");
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn ctrl_c_during_a_batch_leaves_no_partial_output() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("big.jsonl");
    // Enough work (about 20 MB) that the run is still going when the signal comes.
    let chunk = jsonl(2000);
    let mut body = String::new();
    while body.len() < 20 << 20 {
        body.push_str(&chunk);
    }
    std::fs::write(&input, body).unwrap();
    let out = tmp.path().join("out.jsonl");
    let bin = assert_cmd::cargo::cargo_bin("toponym");
    let child = std::process::Command::new(bin)
        .args(["resolve", "--format", "jsonl", "--jobs", "2", "-o"])
        .arg(&out)
        .arg(&input)
        .env_remove("TOPONYM_GAZETTEER")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the temp file exists, so the signal lands mid-write.
    let start = Instant::now();
    while !entries(tmp.path()).iter().any(|n| n.starts_with(".out.jsonl.tmp")) {
        assert!(start.elapsed() < Duration::from_secs(30), "temp output never appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    let killed = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "stderr: {stderr}");
    assert_eq!(stderr.trim(), "toponym: interrupted");
    assert_eq!(entries(tmp.path()), ["big.jsonl"], "no output and no temp file");
}

#[test]
fn jobs_outside_1_to_1024_is_a_usage_error_not_a_hang() {
    for jobs in ["0", "1025", "100000", "-1"] {
        toponym()
            .args(["resolve", &format!("--jobs={jobs}"), "-"])
            .write_stdin("Paris")
            .timeout(Duration::from_secs(20))
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--jobs"));
    }
}
