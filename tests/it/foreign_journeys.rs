//! Journeys told in other languages: a Russian and a Korean article about the summit (written for
//! these tests, in each language's wire style) give the map the English seed gives — one rail
//! journey Pyongyang > Khasan > Vostochny Cosmodrome — through `toponym geojson` and `map` as a
//! user runs them, with English labels by default and the article's language with
//! `--label-lang`.

use serde_json::Value;

use crate::support::checks::{check_one_line_error, toponym};

const RUSSIAN: &str = "examples/summit-ru.txt";
const KOREAN: &str = "tests/it/fixtures/summit-ko.txt";

/// The GeoJSON `toponym geojson ARGS… -o -` writes.
fn geojson(args: &[&str]) -> Value {
    let out = toponym().arg("geojson").args(args).args(["-o", "-"]).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("GeoJSON")
}

/// The route features' names and modes, in order.
fn legs(v: &Value) -> Vec<(String, String)> {
    features(v)
        .filter(|f| f["properties"]["role"] == "route")
        .map(|f| {
            let p = &f["properties"];
            (p["name"].as_str().unwrap_or("").to_string(), p["mode"].as_str().unwrap_or("").to_string())
        })
        .collect()
}

fn features(v: &Value) -> impl Iterator<Item = &Value> {
    v["features"].as_array().into_iter().flatten()
}

/// The names of the points with `role`, in output order.
fn points(v: &Value, role: &str) -> Vec<String> {
    features(v)
        .filter(|f| f["geometry"]["type"] == "Point" && f["properties"]["role"] == role)
        .filter_map(|f| f["properties"]["name"].as_str().map(str::to_string))
        .collect()
}

/// The journey's stops in order (the route's waypoints, as the route property lists them, or
/// the legs' names "A → B").
fn stops(v: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (name, _) in legs(v) {
        for stop in name.split(" → ") {
            if out.last().map(String::as_str) != Some(stop) {
                out.push(stop.to_string());
            }
        }
    }
    out
}

#[test]
fn russian_and_korean_articles_give_the_english_seeds_journey() {
    for file in [RUSSIAN, KOREAN] {
        let v = geojson(&[file]);
        let legs = legs(&v);
        assert!(!legs.is_empty(), "{file}: a route");
        assert!(legs.iter().all(|(_, mode)| mode == "rail"), "{file}: by rail: {legs:?}");
        // The legs run from the origin to the cosmodrome; Khasan is a stop on the way.
        assert_eq!(stops(&v), ["Pyongyang", "Vostochny Cosmodrome"], "{file}");
        let mut waypoints = points(&v, "waypoint");
        waypoints.sort();
        assert_eq!(waypoints, ["Khasan", "Pyongyang"], "{file}: the stops");
        assert_eq!(points(&v, "launch_site"), ["Vostochny Cosmodrome"], "{file}");
        // Places the article names without a journey to them are no stops: Vladivostok (where
        // a meeting had been expected) stays a place.
        assert!(points(&v, "place").iter().any(|p| p == "Vladivostok"), "{file}: Vladivostok is named");
    }
}

/// The labels `toponym map FILE ARGS…` draws (from its `--layout`).
fn map_labels(file: &str, args: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("scratch dir");
    let (png, layout) = (dir.path().join("map.png"), dir.path().join("layout.json"));
    let out = toponym()
        .arg("map")
        .arg(file)
        .args(args)
        .arg("-o")
        .arg(&png)
        .arg("--layout")
        .arg(&layout)
        .output()
        .expect("runs");
    assert!(out.status.success(), "{file}: {}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&std::fs::read(&layout).expect("layout written")).expect("layout JSON");
    v["labels"].as_array().into_iter().flatten().filter_map(|l| l["text"].as_str().map(str::to_string)).collect()
}

#[test]
fn the_map_labels_the_stops_in_english_or_in_the_articles_language() {
    for file in [RUSSIAN, KOREAN] {
        let labels = map_labels(file, &[]);
        for name in ["Pyongyang", "Khasan", "Vostochny Cosmodrome"] {
            assert!(labels.iter().any(|l| l == name), "{file}: {name} in {labels:?}");
        }
    }
    let labels = map_labels(RUSSIAN, &["--label-lang", "ru"]);
    for name in ["Пхеньян", "Хасан", "Космодром Восточный"] {
        assert!(labels.iter().any(|l| l == name), "{name} in {labels:?}");
    }
    let labels = map_labels(KOREAN, &["--label-lang", "ko"]);
    for name in ["평양", "보스토치니 우주기지"] {
        assert!(labels.iter().any(|l| l == name), "{name} in {labels:?}");
    }
}

#[test]
fn label_lang_names_places_in_the_articles_language() {
    let ru = geojson(&[RUSSIAN, "--label-lang", "ru"]);
    assert_eq!(stops(&ru), ["Пхеньян", "Космодром Восточный"]);
    let mut stops_ru = points(&ru, "waypoint");
    stops_ru.sort();
    assert_eq!(stops_ru, ["Пхеньян", "Хасан"]);
    // Inflected in the text, in the nominative on the map.
    assert!(points(&ru, "place").iter().any(|p| p == "Владивосток"), "{:?}", points(&ru, "place"));
    let ko = geojson(&[KOREAN, "--label-lang", "ko"]);
    assert_eq!(stops(&ko), ["평양", "보스토치니 우주기지"]);
    // An English article labelled in Russian: the gazetteer's Russian names.
    let en = geojson(&["examples/summit.txt", "--label-lang", "ru"]);
    assert!(points(&en, "waypoint").iter().any(|p| p == "Пхеньян"), "{:?}", points(&en, "waypoint"));
    // A code without rules is a usage error.
    let out = toponym().args(["geojson", RUSSIAN, "--label-lang", "xx"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn english_articles_are_read_as_before() {
    // The English seed keeps its journey: the foreign cues never apply to English text, and
    // --label-lang en changes nothing.
    let v = geojson(&["examples/summit.txt"]);
    assert_eq!(stops(&v), ["Pyongyang", "Vostochny Cosmodrome", "Vladivostok"]);
    assert_eq!(v, geojson(&["examples/summit.txt", "--label-lang", "en"]));
}

#[test]
fn a_persons_given_name_is_no_town() {
    // (text, the places found, in order)
    let rows: &[(&str, &[&str])] = &[
        ("Владимир Путин прилетел в Хабаровск.", &["Khabarovsk"]),
        ("Мэр Москвы Сергей Собянин прибыл во Владимир.", &["Moscow", "Vladimir"]),
        ("Губернатор Приморья Олег Кожемяко встретил гостей.", &["Primorye"]),
        ("블라디미르 푸틴 대통령은 하바롭스크로 향했다.", &["Khabarovsk"]),
    ];
    for (text, want) in rows {
        let out = toponym().args(["resolve", "-", "--format", "json"]).write_stdin(*text).output().expect("runs");
        assert!(out.status.success(), "{text}");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let names: Vec<&str> =
            v[0]["mentions"].as_array().into_iter().flatten().filter_map(|m| m["name"].as_str()).collect();
        assert_eq!(names, *want, "{text}");
    }
}

#[test]
fn khasan_written_alone_in_korean_is_the_border_station() {
    // No 하산역 beside it: the gazetteer's Korean name of the station decides, not India's Hassan.
    let text = "특별열차가 평양을 떠나 하산에 도착했다. 이후 열차는 보스토치니 우주기지로 향했다.\n";
    let out = toponym().args(["geojson", "-", "-o", "-"]).write_stdin(text).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("GeoJSON");
    let mut waypoints = points(&v, "waypoint");
    waypoints.sort();
    assert_eq!(waypoints, ["Khasan", "Pyongyang"], "{v:#}");
}
