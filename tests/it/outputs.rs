//! Outputs that cannot be hijacked or lost: every way a hostile or unlucky file system could make
//! toponym write somewhere else, lose an output, leave litter behind or corrupt a terminal, tried
//! through the binary. Each test names the failure it guards against.

use crate::support::checks;

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use checks::{check_one_line_error, toponym};

const STORY: &str = "The ferry left Helsinki for Tallinn, and the convoy drove on to Riga.\n";

fn bin() -> Command {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("toponym"));
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        fs::read_dir(dir).expect("list dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect();
    v.sort();
    v
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

/// A directory holding one story file; returns (dir, story path).
fn story_dir() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("story.txt");
    fs::write(&story, STORY).expect("write story");
    (dir, story)
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What `resolve STORY --format jsonl` prints on standard output.
fn expected_jsonl(story: &Path) -> Vec<u8> {
    let out = toponym().args(["resolve", s(story), "--format", "jsonl"]).output().expect("runs");
    assert!(out.status.success(), "{}", stderr_of(&out));
    out.stdout
}

/// Temp file names used to be `.NAME.tmpPID`, opened with create+truncate: a symlink planted at
/// that name in a shared directory made the run overwrite the link's target. A link is planted
/// for each of the next few thousand process ids (ids are handed out in sequence), so the run's
/// own is among them.
#[test]
fn a_symlink_planted_where_the_temp_file_goes_is_not_followed() {
    let Some(last) = fs::read_to_string("/proc/sys/kernel/ns_last_pid").ok().and_then(|s| s.trim().parse::<u32>().ok())
    else {
        return; // not Linux
    };
    let (dir, story) = story_dir();
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "precious\n").expect("victim");
    let shared = dir.path().join("shared");
    fs::create_dir(&shared).expect("mkdir");
    const PLANTED: u32 = 3000;
    for pid in last + 1..=last + PLANTED {
        std::os::unix::fs::symlink(&victim, shared.join(format!(".out.jsonl.tmp{pid}"))).expect("plant link");
    }
    let out = shared.join("out.jsonl");
    let run = toponym().args(["resolve", s(&story), "--format", "jsonl", "-o", s(&out)]).output().expect("runs");
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert_eq!(fs::read_to_string(&victim).expect("victim"), "precious\n", "the link's target was overwritten");
    assert_eq!(fs::read(&out).expect("output"), expected_jsonl(&story));
    assert!(fs::symlink_metadata(&out).expect("stat").file_type().is_file());
    let links = fs::read_dir(&shared)
        .expect("list")
        .filter(|e| e.as_ref().is_ok_and(|e| e.file_type().is_ok_and(|t| t.is_symlink())))
        .count();
    assert_eq!(links, PLANTED as usize, "planted links are neither followed nor removed");
    assert_eq!(names_in(&shared).len(), PLANTED as usize + 1, "nothing else left behind");
}

/// `-o /proc/self/fd/1` (and `/dev/fd/1`, and so `/dev/stdout`, a link to it) names the
/// descriptor the output already goes to: it is written in place, not replaced by a renamed temp
/// file (which cannot even be created in /proc), and `geojson` does not try to put a style
/// sidecar beside it. A descriptor opened for appending (`>>`) is appended to.
#[test]
fn descriptor_paths_are_written_in_place() {
    let (dir, story) = story_dir();
    let want = expected_jsonl(&story);
    for path in ["/proc/self/fd/1", "/dev/fd/1"] {
        let captured = dir.path().join("captured");
        let run = bin()
            .args(["resolve", s(&story), "--format", "jsonl", "-o", path])
            .stdout(File::create(&captured).expect("create"))
            .output()
            .expect("runs");
        assert!(run.status.success(), "{path}: {}", stderr_of(&run));
        assert_eq!(fs::read(&captured).expect("read"), want, "{path}");

        fs::write(&captured, "kept\n").expect("write");
        let appending = OpenOptions::new().append(true).open(&captured).expect("open for appending");
        let run = bin().args(["resolve", s(&story), "--format", "jsonl", "-o", path]).stdout(appending).output();
        let run = run.expect("runs");
        assert!(run.status.success(), "{path} (>>): {}", stderr_of(&run));
        assert_eq!(fs::read(&captured).expect("read"), [b"kept\n".as_slice(), &want].concat(), "{path} (>>)");

        let run = bin()
            .args(["geojson", s(&story), "-o", path])
            .stdout(File::create(&captured).expect("create"))
            .output()
            .expect("runs");
        assert!(run.status.success(), "geojson {path}: {}", stderr_of(&run));
        let v: serde_json::Value = serde_json::from_slice(&fs::read(&captured).expect("read")).expect("GeoJSON");
        assert_eq!(v["type"], "FeatureCollection");
        assert!(stderr_of(&run).is_empty(), "geojson {path}: {}", stderr_of(&run));
    }
    assert_eq!(names_in(dir.path()), ["captured", "story.txt"]);
}

/// The QGIS style sidecar never replaces the output or an existing file without a word:
/// `-o story.qml` is an error (it used to write the GeoJSON and then the style over it),
/// an existing hand-edited style is kept with a warning, `--style PATH` chooses the file and
/// `--no-style` skips it.
#[test]
fn the_style_sidecar_never_replaces_the_output_or_a_file_silently() {
    let (dir, story) = story_dir();
    let d = dir.path();
    let st = s(&story);

    let out = toponym().args(["geojson", st, "-o", s(&d.join("story.qml"))]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    check_one_line_error(&out.stderr).expect("one line");
    assert!(stderr_of(&out).contains("--style"), "{}", stderr_of(&out));
    assert!(!d.join("story.qml").exists(), "nothing written");

    // The first run writes the style, the second finds the same style there and says nothing.
    for run in 0..2 {
        let out = toponym().args(["geojson", st, "-o", s(&d.join("a.geojson"))]).output().expect("runs");
        assert!(out.status.success(), "run {run}: {}", stderr_of(&out));
        assert!(stderr_of(&out).lines().all(|l| l.starts_with("toponym: wrote ")), "run {run}: {}", stderr_of(&out));
        assert!(fs::read_to_string(d.join("a.qml")).expect("style").contains("<qgis"));
    }

    fs::write(d.join("b.qml"), "<!-- my own style -->\n").expect("hand-edited style");
    let out = toponym().args(["geojson", st, "-o", s(&d.join("b.geojson"))]).output().expect("runs");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(fs::read_to_string(d.join("b.qml")).expect("style"), "<!-- my own style -->\n", "kept");
    assert!(stderr_of(&out).contains("b.qml"), "the user is told: {}", stderr_of(&out));
    assert!(d.join("b.geojson").is_file());

    fs::create_dir(d.join("styles")).expect("mkdir");
    let chosen = d.join("styles/c-style.qml");
    let out = toponym().args(["geojson", st, "-o", s(&d.join("c.geojson")), "--style", s(&chosen)]).output();
    assert!(out.expect("runs").status.success());
    assert!(fs::read_to_string(&chosen).expect("chosen style").contains("<qgis"));
    assert!(!d.join("c.qml").exists());

    let out = toponym().args(["geojson", st, "-o", s(&d.join("e.geojson")), "--no-style"]).output();
    assert!(out.expect("runs").status.success());
    assert!(!d.join("e.qml").exists());

    let same = d.join("f.geojson");
    let out = toponym().args(["geojson", st, "-o", s(&same), "--style", s(&same)]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!same.exists());

    let out = toponym()
        .args(["map", st, "-o", s(&d.join("m.png")), "--geojson", s(&d.join("m.qml"))])
        .args(["--width", "160", "--height", "120", "--no-labels"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!d.join("m.png").exists() && !d.join("m.qml").exists(), "nothing written");
}

/// A command that writes several files writes all of them or none: `map -o m.png --geojson DIR`
/// used to write the PNG, then fail.
#[test]
fn a_command_with_several_outputs_writes_all_or_none() {
    let (dir, story) = story_dir();
    let d = dir.path();
    fs::create_dir(d.join("a-directory")).expect("mkdir");
    let small = ["--width", "160", "--height", "120", "--no-labels"];
    let cases: Vec<(&str, Vec<String>)> = vec![
        ("--geojson names a directory", vec!["--geojson".into(), s(&d.join("a-directory")).into()]),
        ("--geojson in a missing directory", vec!["--geojson".into(), s(&d.join("missing/x.geojson")).into()]),
        ("the style is a directory", {
            vec!["--geojson".into(), s(&d.join("x.geojson")).into(), "--style".into(), s(&d.join("a-directory")).into()]
        }),
    ];
    for (what, extra) in cases {
        let before = names_in(d);
        let out = toponym()
            .args(["map", s(&story), "-o", s(&d.join("m.png"))])
            .args(small)
            .args(&extra)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{what}: {}", stderr_of(&out));
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(names_in(d), before, "{what}: something was written");
        assert!(names_in(&d.join("a-directory")).is_empty(), "{what}");
    }
    let out = toponym()
        .args(["geojson", s(&story), "-o", s(&d.join("g.geojson")), "--style", s(&d.join("a-directory"))])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(!d.join("g.geojson").exists());
}

/// Control characters in document ids (file names or JSONL ids) reach a terminal escaped, as
/// ripgrep and `ls` show them; JSON keeps the exact strings.
#[test]
fn table_output_escapes_control_characters_and_json_keeps_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let hostile_id = "x\u{1b}]0;retitled\u{7}\u{1b}[2J\rforged line\u{9b}31m\u{7f}";
    let jsonl = dir.path().join("in.jsonl");
    let line = serde_json::json!({"id": hostile_id, "text": STORY});
    fs::write(&jsonl, format!("{line}\n")).expect("write");
    let corpus = dir.path().join("corpus");
    fs::create_dir(&corpus).expect("mkdir");
    fs::write(corpus.join("name\u{1b}[31mred\n.txt"), STORY).expect("hostile file name");
    for (input, extra) in [(&jsonl, vec![]), (&jsonl, vec!["--places"]), (&corpus, vec![])] {
        let out = toponym().args(["resolve", s(input)]).args(&extra).output().expect("runs");
        assert!(out.status.success(), "{}", stderr_of(&out));
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        let raw: Vec<char> =
            text.chars().filter(|&c| (c.is_control() && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c)).collect();
        assert!(raw.is_empty(), "{input:?} {extra:?}: raw control characters {raw:?} in {text:?}");
        assert!(text.contains("\\x1b") && text.contains("Helsinki"), "{text:?}");
        let mentions = text.matches("→").count() + text.matches("×").count();
        assert_eq!(text.lines().count(), 1 + mentions, "one line per mention: {text:?}");
    }
    let out = toponym().args(["resolve", s(&jsonl), "--format", "json"]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v[0]["id"].as_str(), Some(hostile_id), "JSON keeps the exact id");
}

/// `resolve corpus -o corpus/m.jsonl`, run twice, used to read its own output back: the JSONL
/// run failed, the CSV and GeoJSON runs added the output as a document. A walk skips the
/// command's own outputs, so the second run gives the same bytes.
#[test]
fn directory_walks_skip_the_commands_own_outputs() {
    // (command, its outputs under the corpus); each runs on a fresh corpus.
    let runs: [(&[&str], &[&str]); 4] = [
        (&["resolve", "C", "--format", "jsonl", "-o", "C/m.jsonl"], &["m.jsonl"]),
        (&["resolve", "C", "--format", "csv", "-o", "C/sub/m.csv"], &["sub/m.csv"]),
        (&["geojson", "C", "-o", "C/story.geojson"], &["story.geojson", "story.qml"]),
        (
            &["map", "C", "-o", "C/map.svg", "--geojson", "C/sub/map.geojson", "--no-labels"],
            &["map.svg", "sub/map.geojson", "sub/map.qml"],
        ),
    ];
    for (args, outputs) in runs {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        fs::create_dir_all(corpus.join("sub")).expect("mkdir");
        fs::write(corpus.join("a.txt"), STORY).expect("write");
        fs::write(corpus.join("sub/b.txt"), "Officials in Quito and Lima signed the accord.\n").expect("write");
        let args: Vec<String> = args.iter().map(|a| a.replacen('C', s(&corpus), 1)).collect();
        let mut first: Vec<Vec<u8>> = Vec::new();
        for run in 0..2 {
            let out = toponym().args(&args).output().expect("runs");
            assert!(out.status.success(), "{args:?} run {run}: {}", stderr_of(&out));
            let now: Vec<Vec<u8>> = outputs.iter().map(|o| fs::read(corpus.join(o)).expect("output")).collect();
            if run == 0 {
                first = now;
            } else {
                assert!(now == first, "{args:?}: the second run read the first run's output");
            }
        }
    }
}

fn big_jsonl(dir: &Path, megabytes: usize) -> PathBuf {
    let path = dir.join("big.jsonl");
    let mut f = std::io::BufWriter::new(File::create(&path).expect("create"));
    let mut written = 0;
    let mut i = 0;
    while written < megabytes << 20 {
        let line = format!("{}\n", serde_json::json!({"id": i, "text": STORY.repeat(1 + i % 5)}));
        f.write_all(line.as_bytes()).expect("write");
        written += line.len();
        i += 1;
    }
    f.flush().expect("flush");
    path
}

fn temp_files(dir: &Path, output: &str) -> Vec<String> {
    names_in(dir).into_iter().filter(|n| n.starts_with(&format!(".{output}.tmp"))).collect()
}

/// A run killed with SIGKILL cannot remove its temp file; the next run writing the same output
/// does, once the file is a little old and no process holds it. Temp files of running writers,
/// of other outputs, and anything that is not a regular file are left alone.
#[test]
fn temp_files_of_killed_runs_are_removed_by_the_next_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let input = big_jsonl(d, 20);
    let out = d.join("out.jsonl");
    let mut child = bin()
        .args(["resolve", "--format", "jsonl", "--jobs", "2", "-o", s(&out), s(&input)])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    while temp_files(d, "out.jsonl").is_empty() {
        assert!(start.elapsed() < Duration::from_secs(60), "temp output never appeared");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
    let left = temp_files(d, "out.jsonl");
    assert_eq!(left.len(), 1, "a killed run cannot clean up: {left:?}");
    let a_while_ago = SystemTime::now() - Duration::from_secs(120);
    File::options().write(true).open(d.join(&left[0])).expect("open").set_modified(a_while_ago).expect("age it");

    // Look-alikes that must survive: a writer still running (it holds a lock on its file), a
    // temp file of another output, a link.
    let live = d.join(".out.jsonl.tmp1.live00");
    let held = File::create(&live).expect("create");
    held.lock().expect("lock");
    held.set_modified(a_while_ago).expect("age");
    let other = d.join(".other.jsonl.tmp1.abcdef");
    File::create(&other).expect("create").set_modified(a_while_ago).expect("age");
    let link = d.join(".out.jsonl.tmp2.link00");
    std::os::unix::fs::symlink(&input, &link).expect("link");

    let small = d.join("small.txt");
    fs::write(&small, STORY).expect("write");
    let run = toponym().args(["resolve", s(&small), "--format", "jsonl", "-o", s(&out)]).output().expect("runs");
    assert!(run.status.success(), "{}", stderr_of(&run));
    assert!(!d.join(&left[0]).exists(), "the killed run's temp file was removed");
    assert!(live.exists() && other.exists() && fs::symlink_metadata(&link).is_ok(), "look-alikes kept");
    drop(held);
}

/// Writing to a full disk (`/dev/full`) or a closed descriptor is an error naming the file,
/// never a panic or a silent success.
#[test]
fn write_errors_exit_2_and_name_the_file() {
    let Ok(_) = OpenOptions::new().write(true).open("/dev/full") else { return }; // not Linux
    let full = || OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    for args in [vec!["completions", "bash"], vec!["--help"], vec!["resolve", "--help"], vec!["--version"]] {
        let out = bin().args(&args).stdout(full()).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr_of(&out));
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert!(stderr_of(&out).contains("No space left"), "{args:?}: {}", stderr_of(&out));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let input = big_jsonl(dir.path(), 1);
    for format in ["jsonl", "table"] {
        let out = toponym().args(["resolve", s(&input), "--format", format, "-o", "/dev/full"]).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{format}: {}", stderr_of(&out));
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{format}: {e}"));
        let err = stderr_of(&out);
        assert!(err.contains("/dev/full") && err.contains("No space left"), "{format}: {err}");
    }
}

/// A subdirectory that cannot be read is reported by its own path and skipped; the rest of the
/// batch is processed. (Root reads any directory, so there a path too long to open stands in.)
#[test]
fn an_unreadable_subdirectory_is_skipped_with_a_warning_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    fs::write(corpus.join("a.txt"), STORY).expect("write");
    fs::write(corpus.join("z.txt"), STORY).expect("write");
    let blocked = corpus.join("m-blocked");
    fs::create_dir(&blocked).expect("mkdir");
    fs::write(blocked.join("inside.txt"), STORY).expect("write");
    fs::set_permissions(&blocked, fs::Permissions::from_mode(0o000)).expect("chmod");
    let root_reads_it = fs::read_dir(&blocked).is_ok();
    let mut unreadable = s(&blocked).to_string();
    if root_reads_it {
        // Nest directories until the path is longer than PATH_MAX: opening the deepest ones by
        // their full path fails even for root. Made with short names, then renamed from the
        // bottom up, so no path used here is too long.
        let segment = "d".repeat(200);
        let short: PathBuf = (0..25).map(|_| "a").collect();
        fs::create_dir_all(blocked.join(&short)).expect("mkdir -p");
        fs::write(blocked.join(&short).join("inside.txt"), STORY).expect("write");
        for depth in (1..=25).rev() {
            let parent: PathBuf = blocked.join((0..depth - 1).map(|_| "a").collect::<PathBuf>());
            fs::rename(parent.join("a"), parent.join(&segment)).expect("rename");
        }
        unreadable = format!("{unreadable}/{segment}/{segment}");
    }
    let out = toponym().args(["resolve", s(&corpus), "--format", "jsonl"]).output().expect("runs");
    fs::set_permissions(&blocked, fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON")["id"].as_str().unwrap_or("").to_string())
        .collect();
    let want: Vec<&str> =
        if root_reads_it { vec!["a.txt", "m-blocked/inside.txt", "z.txt"] } else { vec!["a.txt", "z.txt"] };
    assert_eq!(ids, want);
    let err = stderr_of(&out);
    assert!(err.contains("warning") && err.contains(&unreadable), "the warning names the directory: {err}");
}

/// JSONL ids are kept as written: integers beyond 2^64 used to go through a float and collapse
/// onto the same id.
#[test]
fn jsonl_ids_keep_their_exact_text() {
    let ids = [
        "18446744073709551616",
        "18446744073709551617",
        "123456789012345678901234567890",
        "-9223372036854775809",
        "7",
        "-5",
        "\"x\"",
        "1.5",
        "true",
        "null",
    ];
    let input: String = ids.iter().map(|id| format!("{{\"id\": {id}, \"text\": \"Riga\"}}\n")).collect();
    let out = toponym().args(["resolve", "--input", "jsonl", "--format", "jsonl"]).write_stdin(input).output();
    let out = out.expect("runs");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let got: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON")["id"].as_str().expect("id").to_string())
        .collect();
    let want: Vec<String> = ids.iter().map(|id| id.trim_matches('"').to_string()).collect();
    assert_eq!(got, want);
}

/// Replacing an output used to widen its permissions: a 0600 or 0640 file came back 0644 (a
/// private file made world-readable). Each command's output keeps the mode of the file it
/// replaces; a new file still gets the umask's.
#[test]
fn a_replaced_output_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, story) = story_dir();
    let mode = |p: &Path| fs::metadata(p).expect("output").permissions().mode() & 0o777;
    let runs: [(&str, Vec<&str>); 3] = [
        ("out.jsonl", vec!["resolve", s(&story), "--format", "jsonl", "-o"]),
        ("out.geojson", vec!["geojson", s(&story), "--no-style", "-o"]),
        ("out.png", vec!["map", s(&story), "--width", "320", "--height", "240", "--no-labels", "-o"]),
    ];
    for (name, args) in runs {
        let path = dir.path().join(name);
        for old in [0o600, 0o640] {
            fs::write(&path, "old").expect("write");
            fs::set_permissions(&path, fs::Permissions::from_mode(old)).expect("chmod");
            let out = toponym().args(&args).arg(&path).output().expect("runs");
            assert!(out.status.success(), "{name}: {}", stderr_of(&out));
            assert_ne!(fs::read(&path).expect("output"), b"old", "{name}: replaced");
            assert_eq!(mode(&path), old, "{name} was {old:o}, is {:o}", mode(&path));
        }
        // a new file: what the umask gives any new file
        fs::remove_file(&path).expect("remove");
        let reference = dir.path().join("reference");
        File::create(&reference).expect("create");
        let out = toponym().args(&args).arg(&path).output().expect("runs");
        assert!(out.status.success(), "{name}: {}", stderr_of(&out));
        assert_eq!(mode(&path), mode(&reference), "{name}: a new file");
        fs::remove_file(&reference).expect("remove");
    }
}

/// Control characters in `--title` went raw into the SVG, which was then not well-formed XML.
/// Title, subtitle and labels are escaped for XML and stripped of control characters.
#[test]
fn an_svg_map_is_well_formed_xml_whatever_its_texts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("story.txt");
    // a label with a control character and markup in it, through a pinned route stop
    fs::write(&story, "The ferry left Helsinki for Tallinn.\n").expect("write");
    let svg = dir.path().join("x.svg");
    let out = toponym()
        .args(["map", s(&story), "--width", "400", "--height", "300", "-o", s(&svg)])
        .args(["--title", "a\u{1}b<&>\u{1b}[31m\"'", "--subtitle", "tab\there\u{7f} & nul"])
        .args(["--route", "Helsinki > Ship\u{2}&<z@59.9,24.0 > Tallinn"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = fs::read_to_string(&svg).expect("UTF-8 SVG");
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("not well-formed XML: {e}"));
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(|t| t.trim().to_string()))
        .collect();
    assert!(texts.iter().any(|t| t == "ab<&>[31m\"'"), "title kept, control characters gone: {texts:?}");
    assert!(texts.iter().any(|t| t == "Ship&<z"), "a label kept, control characters gone: {texts:?}");
    assert!(texts.iter().any(|t| t.contains("tab here & nul")), "subtitle: {texts:?}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "no control character left in the file");
}

/// A directory walk read earlier outputs of other commands (GeoJSON, a map layout, `resolve`
/// results) as news, and a `resolve` JSONL in the directory made `geojson` over it exit 2. A
/// walk recognises them by content (whatever they are named) and skips them with a warning;
/// `--include-outputs` reads them, and a file named on the command line is always read.
#[test]
fn directory_walks_skip_toponyms_output_formats() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    fs::write(corpus.join("a.txt"), STORY).expect("write");
    let alone = toponym().args(["resolve", s(&corpus), "--format", "jsonl"]).output().expect("runs");
    assert!(alone.status.success(), "{}", stderr_of(&alone));
    // outputs of each command, under names that do not give them away
    let run = |args: &[&str]| {
        let out = toponym().args(args).output().expect("runs");
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    };
    let out_dir = dir.path().join("out");
    fs::create_dir_all(&out_dir).expect("mkdir");
    let o = |n: &str| out_dir.join(n).to_str().expect("UTF-8").to_string();
    run(&["resolve", s(&corpus), "--format", "jsonl", "-o", &o("mentions.jsonl")]);
    run(&["resolve", s(&corpus), "--format", "json", "-o", &o("mentions.txt")]);
    run(&["resolve", s(&corpus), "--format", "jsonl", "--places", "-o", &o("places.ndjson")]);
    run(&["resolve", s(&corpus), "--format", "csv", "-o", &o("mentions.dat")]);
    run(&["geojson", s(&corpus), "--no-style", "-o", &o("story.txt")]);
    run(&["map", s(&corpus), "--width", "320", "--height", "240", "-o", &o("m.png"), "--layout", &o("layout.md")]);
    for f in ["mentions.jsonl", "mentions.txt", "places.ndjson", "mentions.dat", "story.txt", "layout.md"] {
        fs::copy(out_dir.join(f), corpus.join(f)).expect("copy");
    }
    let out = toponym().args(["resolve", s(&corpus), "--format", "jsonl"]).output().expect("runs");
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(out.stdout, alone.stdout, "only a.txt is read");
    let warnings = stderr_of(&out);
    for f in ["mentions.jsonl", "mentions.txt", "places.ndjson", "mentions.dat", "story.txt", "layout.md"] {
        assert!(warnings.contains(f) && warnings.contains("--include-outputs"), "{f}: {warnings}");
    }
    let out = toponym().args(["geojson", s(&corpus), "--no-style"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0), "geojson over a directory with resolve output: {}", stderr_of(&out));
    // --include-outputs reads them all (the JSONL results are not documents: exit 2, as before)
    let out = toponym().args(["resolve", s(&corpus), "--format", "jsonl", "--include-outputs"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    fs::remove_file(corpus.join("mentions.jsonl")).expect("rm");
    fs::remove_file(corpus.join("places.ndjson")).expect("rm");
    let out = toponym().args(["resolve", s(&corpus), "--format", "jsonl", "--include-outputs"]).output().expect("runs");
    assert!(out.status.success(), "{}", stderr_of(&out));
    let ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("JSON")["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, ["a.txt", "layout.md", "mentions.dat", "mentions.txt", "story.txt"]);
    // named on the command line: read as asked
    let named = corpus.join("story.txt");
    let out = toponym().args(["resolve", s(&named), "--format", "jsonl"]).output().expect("runs");
    assert!(out.status.success() && !out.stdout.is_empty(), "{}", stderr_of(&out));
}
