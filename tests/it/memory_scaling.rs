//! Memory that stays bounded on any input (issue 15): each row of the table runs at 1 MB
//! and at 8 MB of input, and the peak RSS of the 8 MB run may exceed the 1 MB run's by at most
//! a few bytes per extra byte of input. Growth, never absolute figures or times: those are in
//! `bench/memory.sh`. Peak RSS is the child's own, from `wait4` (Linux).
//!
//! Rows that wait for work elsewhere in issue 15 are `#[ignore]`d with the reason; run them with
//! `cargo test --release --test it -- --include-ignored memory_scaling::`.

use std::path::Path;
use std::process::{Command, Stdio};

const MB: usize = 1 << 20;

/// Peak RSS in bytes of `toponym ARGS` and whether it succeeded (exit 0 or 1).
// The child is reaped by `wait4` (which also gives its rusage), not by `Child::wait`.
#[allow(clippy::zombie_processes)]
fn peak_rss(args: &[&str]) -> (u64, bool) {
    let child = Command::new(env!("CARGO_BIN_EXE_toponym"))
        .args(args)
        .env_remove("TOPONYM_GAZETTEER")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, and wait4 writes only into the two locals.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4: {}", std::io::Error::last_os_error());
    let ok = libc::WIFEXITED(status) && matches!(libc::WEXITSTATUS(status), 0 | 1);
    (usage.ru_maxrss as u64 * 1024, ok)
}

/// Run `args(path)` on the input `make(1 MB)` and on `make(8 MB)`; the peak RSS may grow by at
/// most `per_byte` times the extra input, plus 16 MB for the noise of allocators and threads.
fn check_growth(row: &str, per_byte: u64, make: impl Fn(usize) -> String, args: impl Fn(&str) -> Vec<String>) {
    let tmp = tempfile::tempdir().expect("a temporary directory");
    let mut peaks = Vec::new();
    let mut sizes = Vec::new();
    for size in [MB, 8 * MB] {
        let path = tmp.path().join(format!("in-{size}.{}", if row.contains("JSONL") { "jsonl" } else { "txt" }));
        let input = make(size);
        std::fs::write(&path, &input).expect("input written");
        let args = args(&path.to_string_lossy());
        let (peak, ok) = peak_rss(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(ok, "{row}: `toponym {}` failed", args.join(" "));
        peaks.push(peak);
        sizes.push(input.len() as u64);
    }
    let extra = sizes[1] - sizes[0];
    let growth = peaks[1].saturating_sub(peaks[0]);
    let allowed = per_byte * extra + 16 * MB as u64;
    eprintln!(
        "{row}: peak RSS {} MB at {} MB, {} MB at {} MB of input (allowed growth {} MB)",
        peaks[0] >> 20,
        sizes[0] >> 20,
        peaks[1] >> 20,
        sizes[1] >> 20,
        allowed >> 20
    );
    assert!(growth <= allowed, "{row}: peak RSS grew by {} MB for {} MB more input", growth >> 20, extra >> 20);
}

const PLACES: [&str; 12] = [
    "Paris",
    "Lyon",
    "Madrid",
    "Lisbon",
    "Warsaw",
    "Vladivostok",
    "Pyongyang",
    "Seoul",
    "Osaka",
    "Cairo",
    "Lima",
    "Oslo",
];

/// One document of about `bytes` of paragraphs from the bundled examples (`newlines`: or all on
/// one line).
fn one_document(bytes: usize, newlines: bool) -> String {
    let examples = [include_str!("../../examples/summit.txt"), include_str!("../../examples/iberia.txt")];
    let mut text = String::with_capacity(bytes + 1024);
    let mut i = 0;
    while text.len() < bytes {
        let p = examples[i % 2];
        if newlines {
            text.push_str(p);
            text.push_str("\n\n");
        } else {
            text.push_str(&p.replace('\n', " "));
            text.push(' ');
        }
        i += 1;
    }
    text
}

/// JSONL lines of tiny documents, about `bytes` of them; `one_place`: each names one place.
fn tiny_documents(bytes: usize, one_place: bool) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < bytes {
        let place = PLACES[i % PLACES.len()];
        let text = if one_place {
            format!("Officials in {place} said the road had reopened.")
        } else {
            format!("Rain fell on {place} and {}.", PLACES[(i * 5 + 1) % PLACES.len()])
        };
        out.push_str(&serde_json::json!({"id": i, "text": text}).to_string());
        out.push('\n');
        i += 1;
    }
    out
}

/// One document of clauses ended by newlines or ';', no sentence ends.
fn clauses(bytes: usize) -> String {
    let mut out = String::new();
    let mut i = 0;
    while out.len() < bytes {
        let (a, b) = (PLACES[i % PLACES.len()], PLACES[(i * 7 + 3) % PLACES.len()]);
        out.push_str(&format!("the convoy left {a} for {b}{}", if i % 2 == 1 { "\n" } else { "; " }));
        i += 1;
    }
    out
}

/// The command line, `IN` standing for the input's path. Two worker threads whatever the machine:
/// each thread holds a window's working memory, and the 1 MB input must keep as many busy as the
/// 8 MB one for the growth to be the input's alone.
fn args(words: &[&str], path: &str) -> Vec<String> {
    let words = words.iter().map(|w| if *w == "IN" { path.to_string() } else { w.to_string() });
    words.chain(["--jobs".to_string(), "2".to_string()]).collect()
}

#[test]
fn resolve_of_one_big_document_grows_by_the_text_alone() {
    check_growth(
        "resolve, one document",
        2,
        |n| one_document(n, true),
        |p| args(&["resolve", "--format", "jsonl", "IN"], p),
    );
}

#[test]
fn resolve_of_one_big_document_on_one_line_grows_by_the_text_alone() {
    check_growth(
        "resolve, one document on one line",
        2,
        |n| one_document(n, false),
        |p| args(&["resolve", "--format", "csv", "IN"], p),
    );
}

#[test]
fn resolve_of_one_big_jsonl_line_grows_by_the_text_alone() {
    check_growth(
        "resolve, one JSONL line",
        2,
        |n| serde_json::json!({"id": "big", "text": one_document(n, true)}).to_string() + "\n",
        |p| args(&["resolve", "--format", "table", "--places", "IN"], p),
    );
}

#[test]
fn resolve_of_many_tiny_documents_stays_flat() {
    check_growth("resolve, tiny JSONL documents", 1, |n| tiny_documents(n, false), |p| args(&["resolve", "IN"], p));
}

#[test]
fn geojson_of_many_tiny_documents_stays_flat() {
    check_growth(
        "geojson, tiny JSONL documents",
        1,
        |n| tiny_documents(n, false),
        |p| args(&["geojson", "IN", "-o", "-"], p),
    );
}

#[test]
#[ignore = "needs linear route inference (issue 15 item 3)"]
fn geojson_of_a_document_of_clauses_grows_linearly() {
    check_growth("geojson, a document of clauses", 16, clauses, |p| args(&["geojson", "IN", "-o", "-"], p));
}

#[test]
fn map_of_many_one_place_documents_stays_flat() {
    check_growth(
        "map, one-place JSONL documents",
        4,
        |n| tiny_documents(n, true),
        |p| {
            let png = Path::new(p).with_extension("png");
            args(&["map", "IN", "-o", &png.to_string_lossy()], p)
        },
    );
}
