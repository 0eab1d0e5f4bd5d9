//! How the binary fails: output it cannot write (missing or read-only directory, a directory in
//! the way, a full disk), a reader that goes away (closed pipe), and special files as outputs.
//! Always a one-line message and the documented exit status (2 for an error, 0 for a closed
//! pipe), never a panic, and no half-written or temporary file left behind.

use crate::support::checks;

use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use checks::{check_one_line_error, check_quiet_stderr, toponym};

const STORY: &str = "Flights left Seoul for Tokyo. The train from Pyongyang reached Vladivostok, Russia.\n";

/// A directory holding one story file; returns (dir, story path).
fn story_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("story.txt");
    fs::write(&story, STORY).expect("write story");
    (dir, story)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        fs::read_dir(dir).expect("list dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect();
    v.sort();
    v
}

fn path_str(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// `geojson` and `map` with an output they cannot create: exit 2, one line, nothing left.
#[test]
fn unwritable_output_paths_are_one_line_errors() {
    let (dir, story) = story_dir();
    let s = path_str(&story);
    let missing = dir.path().join("no-such-dir");
    let cases: Vec<(String, Vec<String>)> = vec![
        (
            "geojson into /nonexistent-dir".into(),
            vec!["geojson".into(), s.into(), "-o".into(), "/nonexistent-dir/out.geojson".into()],
        ),
        ("map into /nonexistent-dir".into(), small_map(s, "/nonexistent-dir/out.png")),
        (
            "geojson into a missing directory".into(),
            vec!["geojson".into(), s.into(), "-o".into(), path_str(&missing.join("out.geojson")).into()],
        ),
        ("map into a missing directory".into(), small_map(s, path_str(&missing.join("out.png")))),
    ];
    for (what, args) in cases {
        let before = names_in(dir.path());
        let out = toponym().args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{what}: {}", String::from_utf8_lossy(&out.stderr));
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{what}: {e}"));
        // the message names the user's path, not the temporary file's
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("/out.") && !stderr.contains("/.out."), "{what}: {stderr}");
        assert_eq!(names_in(dir.path()), before, "{what}: files left behind");
    }
    assert!(!Path::new("/nonexistent-dir").exists());
}

fn small_map(story: &str, output: &str) -> Vec<String> {
    ["map", story, "-o", output, "--width", "160", "--height", "120", "--no-labels"].map(String::from).to_vec()
}

/// The output path is an existing directory: the rename fails (even for root), the temporary
/// file is removed, and the directory is untouched.
#[test]
fn output_path_that_is_a_directory_leaves_no_temp_file() {
    let (dir, story) = story_dir();
    let s = path_str(&story);
    for name in ["out.geojson", "out.png"] {
        let target = dir.path().join(name);
        fs::create_dir(&target).expect("mkdir");
        fs::write(target.join("keep"), "x").expect("write");
        let before = names_in(dir.path());
        let args = if name.ends_with(".png") {
            small_map(s, path_str(&target))
        } else {
            ["geojson", s, "-o", path_str(&target), "--no-style"].map(String::from).to_vec()
        };
        let out = toponym().args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(names_in(dir.path()), before, "{name}: files left behind");
        assert_eq!(names_in(&target), ["keep"], "{name}: the directory was changed");
    }
}

fn running_as_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// A read-only directory. Root ignores directory permissions, so this part is skipped there.
#[test]
fn read_only_output_directory() {
    use std::os::unix::fs::PermissionsExt;
    if running_as_root() {
        return; // permissions do not bite for root
    }
    let (dir, story) = story_dir();
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).expect("mkdir");
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).expect("chmod");
    let s = path_str(&story);
    for args in [
        ["geojson", s, "-o", path_str(&ro.join("out.geojson"))].map(String::from).to_vec(),
        small_map(s, path_str(&ro.join("out.png"))),
    ] {
        let out = toponym().args(&args).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert!(names_in(&ro).is_empty(), "{args:?}: files left in the read-only directory");
    }
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).expect("chmod back");
}

fn dev_full() -> Option<File> {
    OpenOptions::new().write(true).open("/dev/full").ok()
}

/// Standard output on a full disk (`/dev/full` answers every write with ENOSPC): exit 2 with
/// one line, for small outputs (failing at the final flush) and large ones (failing mid-stream).
#[test]
fn full_disk_on_standard_output() {
    let Some(_) = dev_full() else { return }; // not Linux
    let (dir, story) = story_dir();
    let big = dir.path().join("big.jsonl");
    let mut f = File::create(&big).expect("create");
    for i in 0..3000 {
        writeln!(f, "{{\"id\": {i}, \"text\": {:?}}}", STORY.trim()).expect("write");
    }
    drop(f);
    let s = path_str(&story);
    let cases: Vec<Vec<&str>> = vec![
        vec!["resolve", s, "--format", "jsonl"],
        vec!["resolve", s, "--format", "json"],
        vec!["resolve", s, "--format", "csv"],
        vec!["resolve", s],
        vec!["resolve", path_str(&big), "--format", "jsonl"],
        vec!["resolve", path_str(&big), "--format", "csv"],
        vec!["geojson", s, "-o", "-"],
        vec!["lookup", "Paris", "--format", "json"],
        vec!["nearest", "43.1,131.9", "--format", "csv"],
    ];
    for args in cases {
        let out = Command::new(assert_cmd::cargo::cargo_bin("toponym"))
            .env_remove("TOPONYM_GAZETTEER")
            .args(&args)
            .stdout(dev_full().expect("/dev/full"))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("No space left"), "{args:?}: {stderr}");
    }
}

/// Wait for a child, killing it (and failing) if it has not ended after `limit`: a guard
/// against hangs, not a timing assertion.
fn wait_or_kill(child: &mut Child, limit: Duration, what: &str) -> std::process::ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{what}: still running {limit:?} after its reader went away");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `toponym resolve … | head`: the reader reads a little and goes away while the input never
/// ends, so the run can only stop by noticing the closed pipe. It must end quietly with exit 0
/// (no panic, no "Broken pipe" message), in every output format.
#[test]
fn closed_stdout_ends_the_run_quietly() {
    for format in ["jsonl", "json", "csv", "table"] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("toponym"))
            .env_remove("TOPONYM_GAZETTEER")
            .args(["resolve", "--input", "jsonl", "--format", format])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdin = child.stdin.take().expect("stdin");
        // An endless stream of documents, until the child is gone and the write fails.
        let feeder = std::thread::spawn(move || {
            let line = format!("{{\"id\": \"d\", \"text\": {:?}}}\n", STORY.trim()).repeat(64);
            while stdin.write_all(line.as_bytes()).is_ok() {}
        });
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = vec![0u8; 4096];
        stdout.read_exact(&mut first).expect("some output first");
        drop(stdout);
        let status = wait_or_kill(&mut child, Duration::from_secs(60), format);
        feeder.join().expect("feeder");
        let mut stderr = Vec::new();
        child.stderr.take().expect("stderr").read_to_end(&mut stderr).expect("read stderr");
        assert_eq!(status.code(), Some(0), "{format}: {status:?}, stderr {}", String::from_utf8_lossy(&stderr));
        assert!(stderr.is_empty(), "{format}: stderr {:?}", String::from_utf8_lossy(&stderr));
    }
}

/// The same for `geojson -o -` and `lookup`, which write their output in one go at the end.
#[test]
fn closed_stdout_after_a_whole_document() {
    let (dir, _) = story_dir();
    let long = dir.path().join("long.txt");
    fs::write(&long, STORY.repeat(2000)).expect("write");
    for args in
        [vec!["geojson", path_str(&long), "-o", "-"], vec!["lookup", "Springfield", "-n", "500", "--format", "json"]]
    {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("toponym"))
            .env_remove("TOPONYM_GAZETTEER")
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let mut stdout = child.stdout.take().expect("stdout");
        let mut first = [0u8; 16];
        stdout.read_exact(&mut first).expect("some output first");
        drop(stdout);
        let status = wait_or_kill(&mut child, Duration::from_secs(60), args[0]);
        let mut stderr = Vec::new();
        child.stderr.take().expect("stderr").read_to_end(&mut stderr).expect("read stderr");
        assert_eq!(status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&stderr));
        check_quiet_stderr(&stderr).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert!(stderr.is_empty(), "{args:?}: stderr {:?}", String::from_utf8_lossy(&stderr));
    }
}

/// `-o` naming a FIFO (or a device, like `-o /dev/stdout`): the output goes into it; the
/// special file is not replaced by a regular one (which, run as root on `/dev/stdout`, would
/// replace the system's own).
#[test]
fn output_to_a_fifo_writes_into_it() {
    use std::os::unix::fs::FileTypeExt;
    let (dir, story) = story_dir();
    let fifo = dir.path().join("out.geojson");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    // Held open for reading (and writing, so opening it never blocks and reads never hit EOF).
    let mut reader = OpenOptions::new().read(true).write(true).open(&fifo).expect("open fifo");
    let out =
        toponym().args(["geojson", path_str(&story), "-o", path_str(&fifo), "--no-style"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let kind = fs::symlink_metadata(&fifo).expect("stat").file_type();
    assert!(kind.is_fifo(), "the FIFO was replaced by {kind:?}");
    assert_eq!(names_in(dir.path()), ["out.geojson", "story.txt"], "temporary files left behind");
    // The whole GeoJSON is already in the FIFO (well under its buffer size); read until it parses.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut got = Vec::new();
        let mut buf = [0u8; 8192];
        while serde_json::from_slice::<serde_json::Value>(&got).is_err() {
            match reader.read(&mut buf) {
                Ok(n) if n > 0 => got.extend_from_slice(&buf[..n]),
                _ => break,
            }
        }
        let _ = tx.send(got);
    });
    let got = rx.recv_timeout(Duration::from_secs(30)).expect("GeoJSON arrives in the FIFO");
    let v: serde_json::Value = serde_json::from_slice(&got).expect("GeoJSON");
    assert_eq!(v["type"], "FeatureCollection");
}
