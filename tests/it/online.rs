//! `lookup --online` against a fake Nominatim on 127.0.0.1: asked only when the local gazetteer
//! has no match, once per query (then the disk cache answers), never without the flag.

use crate::support;

use std::time::Duration;

use assert_cmd::Command;
use support::{Fault, Server};

const ANSWER: &str = r#"[{"place_id":1,"osm_type":"node","osm_id":4242,"lat":"48.5","lon":"2.25",
  "category":"place","type":"village","importance":0.31,"name":"Qwertyville",
  "display_name":"Qwertyville, Essonne, France","address":{"country_code":"fr"}}]"#;

fn toponym(home: &tempfile::TempDir, server: &Server) -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER")
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("TOPONYM_NOMINATIM_URL", server.url())
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("all_proxy")
        .env_remove("ALL_PROXY")
        .timeout(Duration::from_secs(120));
    c
}

fn geocoder() -> Server {
    let s = Server::start();
    s.file("/search", ANSWER.as_bytes().to_vec());
    s
}

#[test]
fn online_lookup_asks_once_then_answers_from_the_cache() {
    let server = geocoder();
    let home = tempfile::tempdir().expect("temp dir");
    for run in 0..2 {
        let out = toponym(&home, &server)
            .args(["lookup", "Qwertyville Online", "--online", "--format", "json"])
            .output()
            .expect("runs");
        assert!(out.status.success(), "run {run}: {}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let p = &v[0];
        assert_eq!(
            (p["name"].as_str(), p["match"].as_str(), p["country"].as_str(), p["kind"].as_str()),
            (Some("Qwertyville"), Some("online"), Some("France"), Some("city")),
            "run {run}: {p}"
        );
        assert_eq!((p["lat"].as_f64(), p["lon"].as_f64()), (Some(48.5), Some(2.25)));
        assert_eq!(server.requests_to("/search").len(), 1, "run {run}: the second run is a cache hit");
    }
    let r = &server.requests_to("/search")[0];
    assert!(r.query.contains("q=Qwertyville+Online") && r.query.contains("format=jsonv2"), "{}", r.query);
    assert!(r.user_agent.as_deref().is_some_and(|u| u.starts_with("toponym/")));
    let cache = home.path().join("data/toponym/cache/nominatim");
    let cached = std::fs::read_dir(&cache).expect("cache dir").filter_map(Result::ok);
    assert_eq!(cached.filter(|e| e.path().extension().is_some_and(|x| x == "json")).count(), 1);
    assert!(cache.join("last-request").is_file(), "the rate-limit timestamp is recorded");
}

#[test]
fn nothing_is_asked_without_the_flag_or_when_the_gazetteer_knows_the_name() {
    let server = geocoder();
    let home = tempfile::tempdir().expect("temp dir");
    toponym(&home, &server).args(["lookup", "Qwertyville Online"]).assert().code(1);
    toponym(&home, &server).args(["lookup", "Vladivostok", "--online", "--format", "json"]).assert().success();
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}

#[test]
fn online_failures_and_empty_answers_have_their_own_exit_codes() {
    let server = Server::start();
    server.file("/search", b"[]".to_vec());
    let home = tempfile::tempdir().expect("temp dir");
    let out = toponym(&home, &server).args(["lookup", "Qwertyville Nowhere", "--online"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("locally or online"));

    server.always("/search", Fault::Status(503));
    let out = toponym(&home, &server).args(["lookup", "Qwertyville Elsewhere", "--online"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("HTTP 503"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn back_to_back_queries_from_separate_processes_both_succeed() {
    // The one-second spacing itself is checked in the unit tests (no wall-clock assertions here).
    let server = geocoder();
    let home = tempfile::tempdir().expect("temp dir");
    for name in ["Qwertyville One", "Qwertyville Two"] {
        toponym(&home, &server).args(["lookup", name, "--online", "--format", "json"]).assert().success();
    }
    assert_eq!(server.requests_to("/search").len(), 2);
}

/// An answer is read up to a cap (a geocoder's answer is a few kilobytes; a 1 GB one used to be
/// read whole and cached), and an answer that is too large or not Nominatim JSON is never cached.
#[test]
fn an_oversized_or_invalid_answer_is_refused_and_never_cached() {
    let server = Server::start();
    let huge = format!(
        r#"[{{"osm_type":"node","osm_id":1,"lat":"1","lon":"2","category":"place","type":"village","name":"Big","display_name":"{}"}}]"#,
        "x".repeat(9 << 20)
    );
    let home = tempfile::tempdir().expect("temp dir");
    let cases: [(&str, Vec<u8>, &str); 3] = [
        ("Qwertyville Huge", huge.into_bytes(), "larger than"),
        ("Qwertyville Garbage", b"not json".to_vec(), "not Nominatim JSON"),
        ("Qwertyville Object", b"{}".to_vec(), "not Nominatim JSON"),
    ];
    for (name, body, words) in cases {
        server.file("/search", body);
        let out = toponym(&home, &server).args(["lookup", name, "--online"]).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(words), "{name}: {err}");
        let cache = home.path().join("data/toponym/cache/nominatim");
        let cached = std::fs::read_dir(&cache).expect("cache dir").filter_map(Result::ok);
        let answers: Vec<_> = cached.filter(|e| e.path().extension().is_some_and(|x| x == "json")).collect();
        assert!(answers.is_empty(), "{name}: cached {answers:?}");
    }
}

/// Names from the geocoder are the service's data: control characters in them reach a terminal
/// escaped, while JSON output keeps them exactly.
#[test]
fn online_names_are_escaped_in_tables_and_exact_in_json() {
    let server = Server::start();
    let answer = r#"[{"osm_type":"node","osm_id":7,"lat":"48.5","lon":"2.25","category":"place","type":"village",
      "name":"Qwerty\u001b]0;retitled\u0007ville","display_name":"Qwerty\u001b[2J, Essonne\rForged",
      "address":{"country_code":"fr"}}]"#;
    server.file("/search", answer.as_bytes().to_vec());
    let home = tempfile::tempdir().expect("temp dir");
    let out = toponym(&home, &server)
        .args(["lookup", "Qwertyville Escapes", "--online", "--format", "table"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let table = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(!table.chars().any(|c| c.is_control() && c != '\n'), "raw control characters: {table:?}");
    assert!(table.contains("Qwerty\\x1b]0;retitled\\x07ville"), "{table:?}");
    let out = toponym(&home, &server)
        .args(["lookup", "Qwertyville Escapes", "--online", "--format", "json"])
        .output()
        .expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v[0]["name"].as_str(), Some("Qwerty\u{1b}]0;retitled\u{7}ville"));
}
