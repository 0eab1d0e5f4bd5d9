//! Every example in every `--help` runs as shown: the examples are parsed out of the help text
//! and run with the real binary in a scratch directory that holds the files they name.
//! Examples that download (GeoNames, Nominatim) or need the gazetteer's source data are listed
//! in `SKIPPED` with the reason; everything else must exit 0 without a warning or a fallback.
//! `cat FILE | toponym …` examples run with FILE as standard input.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Examples not run here, by a piece of their text, and why.
const SKIPPED: &[(&str, &str)] = &[
    ("--online", "asks OpenStreetMap Nominatim (tests/it/online.rs drives it against a local server)"),
    ("gazetteer fetch", "downloads GeoNames (tests/it/fetch.rs drives it against a local server)"),
    ("gazetteer build", "needs the downloaded source packages (gazetteer/fetch-sources.sh)"),
    ("toponym serve", "serves until stopped (tests/it/serve.rs and scripts/browser-test.sh drive it)"),
];

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("toponym")
}

fn help(path: &[&str]) -> String {
    let out = Command::new(bin()).args(path).arg("--help").env_remove("TOPONYM_GAZETTEER").output().expect("runs");
    assert!(out.status.success(), "{path:?} --help");
    String::from_utf8(out.stdout).expect("UTF-8 help")
}

/// The subcommands a help text lists (not `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|c| c != "help")
        .collect()
}

/// Every command line, with the path of subcommands whose help shows it.
fn examples() -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut todo: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = todo.pop() {
        let text = help(&path.iter().map(String::as_str).collect::<Vec<_>>());
        for sub in subcommands(&text) {
            todo.push([path.clone(), vec![sub]].concat());
        }
        let mut in_examples = false;
        for line in text.lines() {
            if line.starts_with("Example:") || line.starts_with("Examples:") {
                in_examples = true;
            } else if line.trim().is_empty() {
                in_examples = false;
            } else if in_examples && (line.trim_start().starts_with("toponym ") || piped_in(line).is_some()) {
                out.push((path.join(" "), line.trim().to_string()));
            }
        }
    }
    out.sort();
    out.dedup_by(|a, b| a.1 == b.1);
    out
}

/// `cat FILE | toponym …`: the file piped in and the command (run with the file as its input).
fn piped_in(line: &str) -> Option<(&str, &str)> {
    let (file, rest) = line.trim().strip_prefix("cat ")?.split_once(" | ")?;
    let file = file.trim();
    (!file.contains(' ') && rest.trim_start().starts_with("toponym ")).then_some((file, rest.trim_start()))
}

/// Shell words of an example (quotes, `# comment`), the file stdout goes to (`> FILE`), and
/// whether it is piped on (`| head`: the rest is dropped).
fn shell_words(line: &str, home: &Path) -> (Vec<String>, Option<PathBuf>) {
    let (mut words, mut word, mut quote, mut started) = (Vec::new(), String::new(), None, false);
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, '#') if !started => break,
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (None, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    let mut args = Vec::new();
    let mut stdout = None;
    let mut it = words.into_iter().skip(1); // "toponym"
    while let Some(w) = it.next() {
        match w.as_str() {
            "|" => break,
            ">" => stdout = it.next().map(|p| PathBuf::from(p.replacen('~', &home.display().to_string(), 1))),
            _ => args.push(w),
        }
    }
    (args, stdout)
}

/// `dir/*.ext` as the shell would expand it (sorted), other words unchanged.
fn glob(args: Vec<String>, cwd: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for a in args {
        match a.split_once("/*") {
            Some((dir, ext)) if !a.contains('@') => {
                let mut names: Vec<String> = fs::read_dir(cwd.join(dir))
                    .expect("glob directory")
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|n| n.ends_with(ext))
                    .map(|n| format!("{dir}/{n}"))
                    .collect();
                names.sort();
                out.extend(names);
            }
            _ => out.push(a),
        }
    }
    out
}

/// The files the examples name, made from the repository's example stories.
fn scratch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let d = dir.path();
    let summit = fs::read_to_string("examples/summit.txt").expect("examples/summit.txt");
    let iberia = fs::read_to_string("examples/iberia.txt").expect("examples/iberia.txt");
    for sub in ["examples", "articles", "archive", "output", "home"] {
        fs::create_dir_all(d.join(sub)).expect("mkdir");
    }
    fs::write(d.join("examples/summit.txt"), &summit).expect("write");
    fs::write(d.join("story.txt"), &summit).expect("write");
    fs::write(d.join("articles/a.txt"), &summit).expect("write");
    fs::write(d.join("articles/b.txt"), &iberia).expect("write");
    fs::write(d.join("archive/one.txt"), &iberia).expect("write");
    let line = |id: &str, text: &str| serde_json::json!({"id": id, "text": text}).to_string() + "\n";
    let jsonl = line("summit", &summit) + &line("iberia", &iberia);
    fs::write(d.join("articles.jsonl"), &jsonl).expect("write");
    fs::write(d.join("big.jsonl"), jsonl.repeat(3)).expect("write");
    let spans = serde_json::json!({"id": "s", "text": "From Lisbon to Madrid.", "spans": [{"start": 5, "end": 11}]});
    fs::write(d.join("spans.jsonl"), spans.to_string() + "\n").expect("write");
    fs::copy("gazetteer/toponym.gaz.zst", d.join("my.gaz.zst")).expect("copy the gazetteer");
    dir
}

#[test]
fn every_help_example_runs() {
    let examples = examples();
    assert!(examples.len() >= 25, "only {} examples found", examples.len());
    let dir = scratch();
    let d = dir.path();
    let home = d.join("home");
    let mut failures = Vec::new();
    for (path, line) in &examples {
        if let Some((_, why)) = SKIPPED.iter().find(|(s, _)| line.contains(s)) {
            eprintln!("skipped `{line}`: {why}");
            continue;
        }
        let (stdin, command) = match piped_in(line) {
            Some((file, command)) => (fs::File::open(d.join(file)).expect("the piped file").into(), command),
            None => (std::process::Stdio::null(), line.as_str()),
        };
        let (args, stdout_file) = shell_words(command, &home);
        let args = glob(args, d);
        let out = Command::new(bin())
            .stdin(stdin)
            .args(&args)
            .current_dir(d)
            .env_remove("TOPONYM_GAZETTEER")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_CACHE_HOME", home.join(".cache"))
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let problem = if !out.status.success() {
            Some(format!("exit {:?}", out.status.code()))
        } else {
            stderr.lines().find(|l| l.contains("warning") || l.contains("geodesic")).map(|l| format!("said {l:?}"))
        };
        if let Some(problem) = problem {
            failures.push(format!("`{line}` (toponym {path} --help): {problem}\n{stderr}"));
            continue;
        }
        if let Some(file) = stdout_file {
            let file = d.join(file);
            fs::create_dir_all(file.parent().expect("a directory")).expect("mkdir");
            fs::write(&file, &out.stdout).expect("write the redirected output");
        }
    }
    assert!(failures.is_empty(), "{} help examples misfire:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn examples_are_parsed_like_a_shell_would() {
    let home = Path::new("/h");
    let rows: &[(&str, &[&str], Option<&str>)] = &[
        ("toponym lookup 'Paris, Texas'   # a comment", &["lookup", "Paris, Texas"], None),
        ("toponym resolve a.jsonl > m.jsonl", &["resolve", "a.jsonl"], Some("m.jsonl")),
        ("toponym geojson big.jsonl -o - | head", &["geojson", "big.jsonl", "-o", "-"], None),
        ("toponym completions bash > ~/x/y", &["completions", "bash"], Some("/h/x/y")),
        ("toponym map s.txt --title \"A b\" -o t.png", &["map", "s.txt", "--title", "A b", "-o", "t.png"], None),
    ];
    for (line, args, stdout) in rows {
        let (got, file) = shell_words(line, home);
        assert_eq!(got, *args, "{line}");
        assert_eq!(file.as_deref(), stdout.map(Path::new), "{line}");
    }
    assert_eq!(piped_in("  cat story.txt | toponym resolve -"), Some(("story.txt", "toponym resolve -")));
    assert_eq!(piped_in("cat a b | toponym resolve -"), None);
    assert_eq!(piped_in("curl x | jq ."), None);
}
