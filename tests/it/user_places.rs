//! A user's own places (`--user-places FILE`, `TOPONYM_PLACES`, `gazetteer build --add`): the
//! formats, bad rows, a user place found in text and drawn, a user place winning over a
//! same-named town unless the text says otherwise. Fixtures: tests/it/fixtures/user_places/.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER").env_remove("TOPONYM_PLACES");
    c
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/user_places").join(name)
}

fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(out)))
}

/// The first `lookup --format json` hit for `name` with these places files.
fn top_hit(files: &[&str], name: &str) -> Value {
    let mut cmd = toponym();
    cmd.args(["lookup", name, "--format", "json"]);
    for f in files {
        cmd.arg("--user-places").arg(fixture(f));
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    json(&out)[0].clone()
}

#[test]
fn csv_tsv_and_geojson_rows_are_looked_up_with_their_fields() {
    // (file, query, name, lat, lon, kind, country)
    let rows: &[(&str, &str, &str, f64, f64, &str, &str)] = &[
        ("newsroom.csv", "Greyhaven Shipyard", "Greyhaven Shipyard", 40.0361, 128.1884, "port", "KP"),
        ("newsroom.csv", "Greyhaven naval yard", "Greyhaven Shipyard", 40.0361, 128.1884, "port", "KP"),
        ("newsroom.csv", "Bakers Crossing", "Bakers Crossing, north gate", 31.5601, 34.5602, "border_crossing", "IL"),
        ("sites.tsv", "Tarnow reservoir dam", "Tarnow Dam", 50.0121, 20.9862, "landmark", "PL"),
        ("sites.tsv", "Hollin Square", "Hollin Square", 37.9755, 23.7348, "landmark", "GR"),
        ("depots.geojson", "Ashgrove rail depot", "Ashgrove Depot", 47.8388, 33.3919, "landmark", "UA"),
        ("depots.geojson", "Quayside Terminal", "Quayside Terminal", 46.4825, 30.7233, "port", "UA"),
    ];
    for &(file, query, name, lat, lon, kind, cc) in rows {
        let hit = top_hit(&[file], query);
        let got = (hit["name"].as_str(), hit["lat"].as_f64(), hit["lon"].as_f64(), hit["kind"].as_str());
        assert_eq!(got, (Some(name), Some(lat), Some(lon), Some(kind)), "{file}: {query}");
        assert_eq!((hit["country_code"].as_str(), hit["source"].as_str()), (Some(cc), Some("user")), "{file}: {query}");
    }
    // a division the gazetteer knows is taken by name
    assert_eq!(top_hit(&["depots.geojson"], "Quayside Terminal")["admin1"], "Odessa");
}

#[test]
fn ids_are_stable_and_numeric_ids_are_read_back() {
    let a = top_hit(&["newsroom.csv"], "Greyhaven Shipyard");
    assert_eq!((a["id"].as_u64(), a["user_id"].as_str()), (Some(4_100_001_001), Some("1001")));
    // no id column value: a hash, the same on every run and whatever else is loaded
    let b1 = top_hit(&["newsroom.csv"], "Bakers Crossing")["id"].as_u64();
    let b2 = top_hit(&["sites.tsv", "newsroom.csv"], "Bakers Crossing")["id"].as_u64();
    assert!(b1.is_some_and(|id| id >= 4_100_000_000), "{b1:?}");
    assert_eq!(b1, b2);
    // a gazetteer place keeps no "source"
    assert!(top_hit(&["newsroom.csv"], "Vladivostok").get("source").is_none());
}

#[test]
fn a_user_shipyard_is_found_in_a_sentence_at_the_users_coordinates() {
    let text = "Commercial satellite pictures taken on Friday show a second submarine hull beside the \
                dry dock at the Greyhaven naval yard, two analysts said.";
    let out = toponym()
        .args(["resolve", "-", "--format", "json", "--user-places"])
        .arg(fixture("newsroom.csv"))
        .write_stdin(text)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let mentions = v[0]["mentions"].as_array().expect("mentions");
    let yard = mentions.iter().find(|m| m["name"] == "Greyhaven Shipyard").expect("the yard found in the text");
    assert_eq!((yard["lat"].as_f64(), yard["lon"].as_f64()), (Some(40.0361), Some(128.1884)));
    assert_eq!((yard["text"].as_str(), yard["source"].as_str()), (Some("Greyhaven naval yard"), Some("user")));
    let start = yard["start"].as_u64().unwrap() as usize;
    let end = yard["end"].as_u64().unwrap() as usize;
    assert_eq!(text.chars().skip(start).take(end - start).collect::<String>(), "Greyhaven naval yard");
    // without the file the name means nothing
    let out =
        toponym().args(["resolve", "-", "--format", "json"]).write_stdin(text).assert().get_output().stdout.clone();
    assert!(!String::from_utf8_lossy(&out).contains("Greyhaven"));
}

#[test]
fn a_user_place_wins_over_a_same_named_town_unless_the_text_qualifies_it() {
    let resolve = |text: &str| -> Vec<Value> {
        let out = toponym()
            .args(["resolve", "-", "--format", "json", "--user-places"])
            .arg(fixture("newsroom.csv"))
            .write_stdin(text.to_string())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        json(&out)[0]["mentions"].as_array().cloned().unwrap_or_default()
    };
    // (text, the Springfield it means: lat, source)
    let rows: &[(&str, f64, Option<&str>)] = &[
        ("The mayor of Springfield met the visiting delegation on Monday.", 39.7817, Some("user")),
        ("Flooding closed two schools in Springfield, Missouri, on Monday.", 37.21533, None),
    ];
    for &(text, lat, source) in rows {
        let mentions = resolve(text);
        let m = mentions.iter().find(|m| m["text"] == "Springfield").unwrap_or_else(|| panic!("{text}: {mentions:?}"));
        assert_eq!((m["lat"].as_f64(), m["source"].as_str()), (Some(lat), source), "{text}");
    }
    // lookup: the user's first, the gazetteer's still listed; a qualifier it fails picks another
    let hit = top_hit(&["newsroom.csv"], "Springfield");
    assert_eq!((hit["lat"].as_f64(), hit["source"].as_str()), (Some(39.7817), Some("user")));
    let hit = top_hit(&["newsroom.csv"], "Springfield, Oregon");
    assert_eq!((hit["admin1"].as_str(), hit.get("source")), (Some("Oregon"), None));
}

#[test]
fn bad_rows_are_one_line_errors_naming_file_line_and_field() {
    let cases: &[(&str, &str)] = &[
        ("name,lat,lon\n,1,2\n", "line 2, field name: empty name"),
        ("name,lat,lon\nA,95.5,2\n", "line 2, field lat: 95.5 is out of range (-90 to 90)"),
        ("name,lat,lon\nA,1,200\n", "line 2, field lon: 200 is out of range (-180 to 180)"),
        ("name,lat,lon,kind\nA,1,2,starship\n", "line 2, field kind: unknown kind \"starship\" (kinds: country,"),
        ("name,lat,lon,id\nA,1,2,7\nB,3,4,7\n", "line 3, field id: duplicate id \"7\" (first at"),
        ("name,lat,lon,country\nA,1,2,Narnia\n", "line 2, field country: unknown country \"Narnia\""),
        ("place,x,y\nA,1,2\n", "line 1: the header has no name column"),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (i, (csv, want)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("case{i}.csv"));
        std::fs::write(&path, csv).unwrap();
        let out = toponym().args(["lookup", "A", "--user-places"]).arg(&path).assert().code(2).get_output().clone();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(err.lines().count(), 1, "{csv:?}: {err}");
        assert!(err.contains(&format!("case{i}.csv")) && err.contains(want), "{csv:?}: {err}");
        assert!(out.stdout.is_empty(), "{csv:?}");
    }
    // a GeoJSON feature that is no Point
    let path = dir.path().join("line.geojson");
    std::fs::write(&path, r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"name":"A"}}]}"#).unwrap();
    let out = toponym().args(["lookup", "A", "--user-places"]).arg(&path).assert().code(2).get_output().clone();
    assert!(String::from_utf8_lossy(&out.stderr).contains("line.geojson, feature 1, field geometry: a Point"));
}

#[test]
fn skip_bad_lines_warns_once_per_bad_row_and_keeps_the_good_ones() {
    let out = toponym()
        .args(["lookup", "Another Good", "--format", "json", "--skip-bad-lines", "--user-places"])
        .arg(fixture("bad.csv"))
        .assert()
        .success()
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("toponym: warning: ")).collect();
    assert_eq!(warnings.len(), 4, "{err}");
    for (w, (line, field)) in warnings.iter().zip([(3, "name"), (4, "lat"), (5, "kind"), (6, "id")]) {
        assert!(w.contains(&format!("bad.csv, line {line}, field {field}:")) && w.ends_with("row skipped"), "{w}");
    }
    assert_eq!(json(&out.stdout)[0]["source"], "user");
    // without the flag the first bad row stops the run
    toponym().args(["lookup", "Another Good", "--user-places"]).arg(fixture("bad.csv")).assert().code(2);
}

#[test]
fn toponym_places_is_a_path_list_and_nearest_sees_user_places() {
    let list = std::env::join_paths([fixture("sites.tsv"), fixture("depots.geojson")]).unwrap();
    let mut cmd = Command::cargo_bin("toponym").unwrap();
    cmd.env_remove("TOPONYM_GAZETTEER").env("TOPONYM_PLACES", &list);
    let out = cmd.args(["nearest", "47.8388,33.3919", "--format", "json", "--limit", "1"]).assert().success();
    let v = json(&out.get_output().stdout);
    assert_eq!((v[0]["name"].as_str(), v[0]["source"].as_str()), (Some("Ashgrove Depot"), Some("user")));
    let mut cmd = Command::cargo_bin("toponym").unwrap();
    cmd.env_remove("TOPONYM_GAZETTEER").env("TOPONYM_PLACES", &list);
    let hit = json(&cmd.args(["lookup", "Hollin Square", "--format", "json"]).assert().success().get_output().stdout);
    assert_eq!(hit[0]["source"], "user");
}

#[test]
fn geojson_map_and_route_take_user_places() {
    let text = "Trucks left the Ashgrove Depot at dawn and reached the Quayside Terminal by night.";
    let out = toponym()
        .args(["geojson", "-", "--user-places"])
        .arg(fixture("depots.geojson"))
        .write_stdin(text)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = json(&out);
    let users: Vec<&Value> = v["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["geometry"]["type"] == "Point" && f["properties"]["source"] == "user")
        .collect();
    let names: Vec<&str> = users.iter().filter_map(|f| f["properties"]["name"].as_str()).collect();
    assert!(names.contains(&"Ashgrove Depot") && names.contains(&"Quayside Terminal"), "{names:?}");
    let depot = users.iter().find(|f| f["properties"]["name"] == "Ashgrove Depot").unwrap();
    assert_eq!(depot["geometry"]["coordinates"], serde_json::json!([33.3919, 47.8388]));

    let dir = tempfile::tempdir().unwrap();
    let (png, gj) = (dir.path().join("m.png"), dir.path().join("m.geojson"));
    toponym()
        .args(["map", "-", "--width", "400", "--height", "300", "-o"])
        .arg(&png)
        .arg("--geojson")
        .arg(&gj)
        .arg("--user-places")
        .arg(fixture("depots.geojson"))
        .write_stdin(text)
        .assert()
        .success();
    assert!(std::fs::metadata(&png).unwrap().len() > 0);
    assert!(std::fs::read_to_string(&gj).unwrap().contains("\"source\":\"user\""));

    let out = toponym()
        .args(["route", "Ashgrove Depot > Quayside Terminal", "--format", "geojson", "--user-places"])
        .arg(fixture("depots.geojson"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let route = String::from_utf8_lossy(&out);
    assert!(route.contains("33.3919") && route.contains("30.7233"), "{route}");
}

#[test]
fn gazetteer_build_add_compiles_user_places_and_lists_their_source() {
    let dir = tempfile::tempdir().unwrap();
    let gaz = dir.path().join("newsroom.gaz.zst");
    toponym()
        .args(["gazetteer", "build", "--add"])
        .arg(fixture("newsroom.csv"))
        .arg(fixture("sites.tsv"))
        .arg("-o")
        .arg(&gaz)
        .assert()
        .success();
    let info = toponym().arg("--gazetteer").arg(&gaz).args(["gazetteer", "info"]).assert().success();
    let info = String::from_utf8_lossy(&info.get_output().stdout).into_owned();
    assert!(info.contains("user newsroom.csv 4 places (your own data)"), "{info}");
    assert!(info.contains("user sites.tsv 2 places"), "{info}");
    let out = toponym()
        .arg("--gazetteer")
        .arg(&gaz)
        .args(["lookup", "Greyhaven naval yard", "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let hit = &json(&out)[0];
    assert_eq!((hit["name"].as_str(), hit["id"].as_u64()), (Some("Greyhaven Shipyard"), Some(4_100_001_001)));
    assert_eq!(hit["source"], "user");
    // the same file again on top: its numeric ids are taken
    toponym()
        .arg("--gazetteer")
        .arg(&gaz)
        .args(["lookup", "x", "--user-places"])
        .arg(fixture("newsroom.csv"))
        .assert()
        .code(2);
}
