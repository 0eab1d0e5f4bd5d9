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

/// Every numeric option is checked: `map --extent -1e308,0,1e308,10` used to draw an empty map
/// with a NaN extent, and `-200,0,200,10` a 40° strip. A value out of range (or not finite) is
/// exit 2 and one line naming the option, before any input is read.
#[test]
fn numeric_options_out_of_range_are_one_line_errors_naming_the_option() {
    let (dir, story) = story_dir();
    let s = path_str(&story);
    let png = dir.path().join("out.png");
    let map = |extra: &[&str]| -> Vec<String> {
        let mut v: Vec<String> = vec!["map".into(), s.into(), "-o".into(), path_str(&png).into()];
        v.extend(extra.iter().map(|x| x.to_string()));
        v
    };
    let strs = |a: &[&str]| -> Vec<String> { a.iter().map(|x| x.to_string()).collect() };
    // (args, the option the message names)
    let cases: Vec<(Vec<String>, &str)> = vec![
        (map(&["--extent=-1e308,0,1e308,10"]), "--extent"),
        (map(&["--extent=-200,0,200,10"]), "--extent"),
        (map(&["--extent=0,0,181,10"]), "--extent"),
        (map(&["--extent=NaN,0,10,10"]), "--extent"),
        (map(&["--extent=0,-95,10,10"]), "--extent"),
        (map(&["--extent=0,10,10,5"]), "--extent"),
        (map(&["--extent=5,0,5,10"]), "--extent"),
        (map(&["--extent=0,inf,10,10"]), "--extent"),
        (map(&["--scale", "NaN"]), "--scale"),
        (map(&["--scale", "inf"]), "--scale"),
        (map(&["--scale", "0"]), "--scale"),
        (map(&["--scale=-1"]), "--scale"),
        (map(&["--width", "10"]), "--width"),
        (map(&["--width=-5"]), "--width"),
        (map(&["--height", "100000"]), "--height"),
        (map(&["--width", "8000", "--scale", "2"]), "--width/--height/--scale"),
        (strs(&["nearest", "91,0"]), "LAT,LON"),
        (strs(&["nearest", "--", "0,-180.5"]), "LAT,LON"),
        (strs(&["nearest", "NaN,0"]), "LAT,LON"),
        (strs(&["nearest", "0,0", "--limit", "0"]), "--limit"),
        (strs(&["lookup", "Paris", "--near", "0,inf"]), "--near"),
        (strs(&["lookup", "Paris", "--near", "1e400,0"]), "--near"),
        (strs(&["lookup", "Paris", "--limit", "100000000"]), "--limit"),
        (strs(&["route", "Tokyo > Ship@95,-140 > Los Angeles", "--mode", "sea"]), "Ship"),
        (strs(&["route", "Tokyo > Ship@NaN,-140 > Los Angeles", "--mode", "sea"]), "Ship"),
        (strs(&["geojson", s, "--route", "Paris > X@0,200"]), "--route"),
        (strs(&["resolve", s, "--max-doc-bytes", "0"]), "--max-doc-bytes"),
        (strs(&["resolve", s, "--jobs", "0"]), "--jobs"),
    ];
    for (args, option) in cases {
        let out = toponym().args(&args).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert!(err.contains(option), "{args:?}: the message does not name {option}: {err}");
        assert!(!png.exists(), "{args:?}: wrote a map");
    }
    // in range, at the edges
    for extent in ["--extent=-180,-90,180,90", "--extent=170,-50,-170,-30"] {
        let out = toponym().args(map(&[extent, "--width", "200", "--height", "150"])).output().expect("runs");
        assert!(out.status.code().is_some_and(|c| c < 2), "{extent}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

/// A sealed copy of the committed gazetteer: the bytes plus the checksum trailer a build writes.
fn sealed_gazetteer() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteer/toponym.gaz.zst");
    toponym::gazetteer::format::seal(fs::read(path).expect("the committed gazetteer"))
}

/// Bytes changed in the first 64 KB of a gazetteer file used to load silently (`gazetteer info`
/// showed `records: null`), and a path to an endless file was read until memory ran out. A
/// file's checksum is checked before it is used, and only a regular file of bounded size is
/// read: any damage is exit 2 and one line naming the file.
#[test]
fn gazetteer_files_are_verified_before_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = sealed_gazetteer();
    let n = good.len();
    let lookup = |path: &Path| {
        toponym()
            .args(["--gazetteer", path_str(path), "lookup", "Vladivostok", "--format", "csv"])
            .output()
            .expect("runs")
    };
    let ok = dir.path().join("good.gaz.zst");
    fs::write(&ok, &good).expect("write");
    let out = lookup(&ok);
    assert!(out.status.success(), "a sealed file loads: {}", String::from_utf8_lossy(&out.stderr));
    // the committed file carries no trailer, and loads because it is the embedded gazetteer
    let committed = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteer/toponym.gaz.zst"));
    assert!(lookup(committed).status.success());
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for at in [12, 100, 4_099, 30_000, 65_535, n / 2, n - 60, n - 1] {
        let mut b = good.clone();
        b[at] ^= 0x10;
        cases.push((format!("byte {at} changed"), b));
    }
    cases.push(("truncated".into(), good[..n - 1000].to_vec()));
    let mut unsealed = good[..n - toponym::gazetteer::format::TRAILER_LEN].to_vec();
    unsealed[30_000] ^= 1;
    cases.push(("changed, and no checksum".into(), unsealed));
    for (i, (what, bytes)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("case{i}.gaz.zst"));
        fs::write(&path, bytes).expect("write");
        let out = lookup(&path);
        assert_eq!(out.status.code(), Some(2), "{what}: {}", String::from_utf8_lossy(&out.stdout));
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("case{i}.gaz.zst")), "{what}: names the file");
    }
    // endless or special files are refused before a byte is read
    let fifo = dir.path().join("fifo.gaz");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    let mut specials: Vec<PathBuf> = vec![PathBuf::from("/dev/zero"), dir.path().to_path_buf()];
    if made {
        specials.push(fifo);
    }
    for path in specials {
        if !path.exists() {
            continue;
        }
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("toponym"))
            .args(["--gazetteer", path_str(&path), "gazetteer", "info"])
            .env_remove("TOPONYM_GAZETTEER")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        let status = wait_or_kill(&mut child, Duration::from_secs(60), &path.display().to_string());
        let mut err = String::new();
        child.stderr.take().expect("stderr").read_to_string(&mut err).expect("read");
        assert_eq!(status.code(), Some(2), "{}: {err}", path.display());
        assert!(err.contains(path_str(&path)) && err.lines().count() == 1, "{}: {err}", path.display());
    }
}

/// `resolve --spans` used to drop spans past the end of the text, or inverted, with exit 0 and
/// no word. They are an error naming the document and the span (exit 2), or left out with a
/// warning under --skip-bad-lines (as is a malformed line).
#[test]
fn bad_given_spans_are_errors_or_skipped_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "Troops left Kherson for Odesa.";
    let good = r#"{"start":12,"end":19}"#;
    // (the bad span, what the message says)
    let cases = [
        (r#"{"start":24,"end":99}"#, "24..99", "past the end"),
        (r#"{"start":19,"end":12}"#, "19..12", "inverted"),
        (r#"{"start":30,"end":31}"#, "30..31", "past the end"),
        (r#"{"start":5,"end":5}"#, "5..5", "empty"),
    ];
    for (i, (bad, shown, why)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("spans{i}.jsonl"));
        let body = format!(
            "{{\"id\":\"first\",\"text\":\"{text}\",\"spans\":[{good}]}}\n{{\"id\":\"doc-{i}\",\"text\":\"{text}\",\"spans\":[{good},{bad}]}}\n"
        );
        fs::write(&path, body).expect("write");
        let out = toponym().args(["resolve", "--spans", path_str(&path), "--format", "jsonl"]).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{bad}: {e}"));
        for word in [&format!("doc-{i}"), shown, why, ":2:"] {
            assert!(err.contains(word), "{bad}: expected {word:?} in {err}");
        }
        let out = toponym()
            .args(["resolve", "--spans", path_str(&path), "--format", "jsonl", "--skip-bad-lines"])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{bad}: {err}");
        assert!(err.contains(shown) && err.contains("skipped"), "{bad}: {err}");
        let docs: Vec<serde_json::Value> =
            String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("JSON")).collect();
        assert_eq!(docs.len(), 2, "both documents, the good span of each resolved");
        assert_eq!(docs[1]["mentions"][0]["text"], "Kherson", "{:?}", docs[1]);
    }
}
