//! `toponym route` driven as a user would: named places, modes, avoided passages, GeoJSON and
//! table output, and the errors a user can make.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

fn route_json(args: &[&str]) -> Value {
    let out = toponym().arg("route").args(args).args(["--format", "geojson"]).assert().success();
    serde_json::from_slice(&out.get_output().stdout).expect("valid JSON")
}

fn legs(v: &Value) -> Vec<&Value> {
    v["features"].as_array().expect("features").iter().filter(|f| f["properties"]["role"] == "leg").collect()
}

fn total_km(v: &Value) -> f64 {
    v["properties"]["length_km"].as_f64().expect("length_km")
}

/// Every vertex of a leg's LineString or MultiLineString, as (lon, lat).
fn vertices(leg: &Value) -> Vec<(f64, f64)> {
    let g = &leg["geometry"];
    let pts = |line: &Value| -> Vec<(f64, f64)> {
        line.as_array()
            .expect("line")
            .iter()
            .map(|p| (p[0].as_f64().expect("lon"), p[1].as_f64().expect("lat")))
            .collect()
    };
    match g["type"].as_str() {
        Some("LineString") => pts(&g["coordinates"]),
        Some("MultiLineString") => g["coordinates"].as_array().expect("parts").iter().flat_map(pts).collect(),
        other => panic!("unexpected geometry {other:?}"),
    }
}

#[test]
fn a_sea_route_by_name_goes_through_suez_or_round_the_cape() {
    let v = route_json(&["Shanghai > Singapore > Rotterdam", "--mode", "sea"]);
    let km = total_km(&v);
    assert!((19_000.0..20_000.0).contains(&km), "{km}");
    for leg in legs(&v) {
        let p = &leg["properties"];
        assert_eq!(
            (p["mode"].as_str(), p["drawn"].as_str(), p["on_network"].as_bool()),
            (Some("sea"), Some("sea"), Some(true))
        );
    }
    let to_rotterdam = vertices(legs(&v)[1]);
    assert!(to_rotterdam.iter().any(|&(x, y)| (32.0..33.0).contains(&x) && (29.5..31.5).contains(&y)), "via Suez");

    let v = route_json(&["Shanghai > Singapore > Rotterdam", "--mode", "sea", "--avoid", "suez"]);
    let km = total_km(&v);
    assert!((25_000.0..26_500.0).contains(&km), "{km}");
    assert!(vertices(legs(&v)[1]).iter().any(|&(_, y)| y < -34.0), "round the Cape");
}

#[test]
fn a_trans_pacific_voyage_is_split_at_the_antimeridian() {
    let v = route_json(&["Tokyo > Los Angeles", "--mode", "sea"]);
    let leg = legs(&v)[0];
    assert_eq!(leg["geometry"]["type"], "MultiLineString");
    assert!(vertices(leg).iter().all(|(x, _)| (-180.0..=180.0).contains(x)));
    let km = total_km(&v);
    assert!((8_500.0..10_500.0).contains(&km), "{km}");
}

#[test]
fn rail_routes_by_name_pass_the_junctions_of_their_lines() {
    let v = route_json(&["Kyiv > Przemyśl > Warsaw", "--mode", "rail"]);
    let lviv = (24.03, 49.84);
    assert!(
        vertices(legs(&v)[0]).iter().any(|&(x, y)| (x - lviv.0).abs() < 0.15 && (y - lviv.1).abs() < 0.1),
        "Kyiv > Przemyśl via Lviv"
    );
    let v = route_json(&["Beijing > Ulaanbaatar > Irkutsk > Moscow"]);
    let km = total_km(&v);
    assert!((7_200.0..8_000.0).contains(&km), "{km}");
    assert!(legs(&v).iter().all(|l| l["properties"]["drawn"] == "rail"));
}

#[test]
fn road_and_air_legs_compare_as_they_should() {
    let road = total_km(&route_json(&["Lyon > Geneva", "--mode", "road"]));
    let air = total_km(&route_json(&["Lyon > Geneva", "--mode", "air"]));
    assert!(road > air * 1.05, "road {road} vs air {air}");
    let v = route_json(&["Lyon > Geneva", "--mode", "air"]);
    assert_eq!(legs(&v)[0]["properties"]["on_network"], false);
}

#[test]
fn the_table_lists_legs_and_the_total() {
    toponym()
        .args(["route", "Beijing > Ulaanbaatar > Irkutsk", "--mode", "rail"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Beijing").and(predicate::str::contains("total")))
        .stdout(predicate::str::contains("2 legs"));
}

#[test]
fn an_inland_stop_at_sea_is_a_marked_fallback_leg() {
    let out = toponym()
        .args(["route", "Ulaanbaatar > Shanghai", "--mode", "sea", "--format", "geojson"])
        .assert()
        .success()
        .stderr(predicate::str::contains("geodesic").and(predicate::str::contains("sea network")));
    let v: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let p = &legs(&v)[0]["properties"];
    assert_eq!((p["on_network"].as_bool(), p["drawn"].as_str()), (Some(false), Some("geodesic")));
    assert!(p["note"].as_str().is_some_and(|n| n.contains("Ulan") || n.contains("Ulaan")), "{p}");
}

/// A person named the stops: one the gazetteer matches only by a near miss, or not at all, is
/// an error naming it with suggestions (exit 1), for `route` and `--route` alike; `--fuzzy`
/// draws the best guess with a warning.
#[test]
fn stops_that_match_no_place_exactly_are_errors_unless_fuzzy() {
    let rows: &[(&[&str], &[&str])] = &[
        (&["route", "Atlantis > Narnia"], &["\"Narnia\"", "did you mean", "--fuzzy"]),
        (&["route", "Shanghai > Qzxqzxq Qzx", "--mode", "sea"], &["unknown waypoint \"Qzxqzxq Qzx\""]),
        (&["route", "Narnia > Qzxqzxq Qzx"], &["\"Narnia\"", "\"Qzxqzxq Qzx\""]),
        (&["route", "Paris > Lyon, Narnia"], &["\"Lyon, Narnia\"", "Narnia"]),
        (&["geojson", "examples/summit.txt", "--route", "Pyongyang > Narnia"], &["--route: ", "\"Narnia\""]),
    ];
    for (args, wants) in rows {
        let out = toponym().args(*args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        for want in *wants {
            assert!(stderr.contains(want), "{args:?}: want {want:?} in {stderr}");
        }
        assert!(out.stdout.is_empty(), "{args:?}: nothing drawn");
    }
    let out = toponym().args(["route", "Atlantis > Narnia", "--fuzzy", "--format", "geojson"]).output().expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning: waypoint \"Narnia\" is a guess"), "{stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("GeoJSON");
    let stops: Vec<&Value> =
        v["features"].as_array().expect("features").iter().filter(|f| f["properties"]["role"] == "stop").collect();
    let matched: Vec<(&str, f64)> = stops
        .iter()
        .map(|f| {
            (f["properties"]["matched"].as_str().unwrap_or(""), f["properties"]["confidence"].as_f64().unwrap_or(0.0))
        })
        .collect();
    assert!(matched[0].0.ends_with(": exact") && matched[0].1 == 1.0, "{matched:?}");
    assert!(matched[1].0.contains(": fuzzy") && matched[1].1 <= 0.6, "{matched:?}");
}

/// Structured stops ("Paris, Texas") resolve like `toponym lookup`; a pinned stop says so.
#[test]
fn structured_and_pinned_stops_say_how_they_matched() {
    let v = route_json(&["Paris, Texas > Springfield, MO > Camp@38.5,-92.0", "--mode", "air"]);
    let stops: Vec<&Value> =
        v["features"].as_array().expect("features").iter().filter(|f| f["properties"]["role"] == "stop").collect();
    let c = |i: usize| stops[i]["geometry"]["coordinates"].clone();
    assert!((c(0)[1].as_f64().unwrap() - 33.66).abs() < 0.1, "Paris, Texas: {}", c(0));
    assert!((c(1)[1].as_f64().unwrap() - 37.2).abs() < 0.1, "Springfield, MO: {}", c(1));
    assert!(stops[1]["properties"]["matched"].as_str().is_some_and(|m| m.contains("MO → admin1 Missouri")), "{v}");
    assert!(stops[2]["properties"]["matched"].as_str().is_some_and(|m| m.ends_with(": pinned")), "{v}");
}

/// Every command that writes a file says so on standard error; `--quiet` silences it.
#[test]
fn commands_that_write_say_what_they_wrote_unless_quiet() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("trip.geojson");
    let path = out_path.to_str().expect("UTF-8 path");
    let rows: &[&[&str]] = &[
        &["route", "Lyon > Geneva", "--mode", "air", "-o", path],
        &["geojson", "examples/summit.txt", "--no-style", "-o", path],
        &["resolve", "examples/summit.txt", "-o", path],
    ];
    for args in rows {
        let out = toponym().args(*args).output().expect("runs");
        assert!(out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), format!("toponym: wrote {path}\n"), "{args:?}");
        let out = toponym().args(*args).arg("--quiet").output().expect("runs");
        assert!(
            out.status.success() && out.stderr.is_empty(),
            "{args:?} --quiet: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Standard output is not a file to announce.
    let out = toponym().args(["route", "Lyon > Geneva", "--mode", "air", "-o", "-"]).output().expect("runs");
    assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn user_errors_exit_2_with_one_line() {
    let rows: &[(&[&str], &str)] = &[
        (&["route", "Shanghai > Rotterdam", "--mode", "sea", "--avoid", "suez,atlantis"], "unknown passage"),
        (&["route", "Shanghai > Rotterdam", "--mode", "boat"], "unknown mode"),
        (&["route", "Shanghai > Rotterdam", "--mode", "storm"], "storm"),
        (&["route", "Shanghai", "--mode", "sea"], "at least two"),
    ];
    for (args, want) in rows {
        toponym().args(*args).assert().code(2).stderr(predicate::str::contains(*want));
    }
}

#[test]
fn output_files_are_written_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("trip.geojson");
    toponym().args(["route", "Madrid > Barcelona", "--mode", "rail", "-o"]).arg(&path).assert().success().stdout("");
    let v: Value = serde_json::from_slice(&std::fs::read(&path).expect("written")).expect("GeoJSON");
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!(legs(&v).len(), 1);
}

#[test]
fn geojson_takes_mode_and_avoid_for_an_explicit_route() {
    let out = toponym()
        .args(["geojson", "-", "--route", "Shanghai > Singapore > Rotterdam", "--mode", "sea", "--avoid", "suez"])
        .write_stdin("A container ship left port.")
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let route = v["features"]
        .as_array()
        .expect("features")
        .iter()
        .find(|f| f["properties"]["role"] == "route")
        .expect("a route feature");
    assert_eq!(route["properties"]["mode"], "sea");
    let km = route["properties"]["length_km"].as_f64().expect("km");
    assert!((25_000.0..26_500.0).contains(&km), "{km}");
    toponym().args(["geojson", "-", "--mode", "sea"]).write_stdin("x").assert().code(2);
}

/// Whether any vertex of the legs lies south of `lat`.
fn south_of(v: &Value, lat: f64) -> bool {
    legs(v).iter().any(|l| vertices(l).iter().any(|&(_, y)| y < lat))
}

fn leg_passages(v: &Value) -> Vec<String> {
    legs(v)
        .iter()
        .flat_map(|l| l["properties"]["passages"].as_array().expect("passages").iter())
        .map(|p| p.as_str().expect("name").to_string())
        .collect()
}

/// `--avoid good-hope` (and `magellan`) closes the whole way round the cape, not only the
/// lanes the data tags: the route goes the other way, and the legs say through what.
#[test]
fn avoided_capes_are_closed_all_the_way_to_the_pole() {
    const AGULHAS_LAT: f64 = -34.8;
    const HORN_LAT: f64 = -55.9;
    let rows: &[(&str, &str, f64, &str)] = &[
        // (route, passage avoided, the cape's latitude, a passage the detour takes)
        ("Mumbai > Lagos", "good-hope", AGULHAS_LAT, "suez"),
        ("Shanghai > Rotterdam", "good-hope", AGULHAS_LAT, "suez"),
        ("Valparaiso > Buenos Aires", "magellan", HORN_LAT + 1.5, "panama"),
    ];
    for &(spec, passage, cape_lat, detour) in rows {
        let v = route_json(&[spec, "--mode", "sea", "--avoid", passage]);
        assert!(!south_of(&v, cape_lat), "{spec} avoiding {passage} keeps north of {cape_lat}");
        let through = leg_passages(&v);
        assert!(through.iter().any(|p| p == detour) && !through.iter().any(|p| p == passage), "{spec}: {through:?}");
    }
    // Without --avoid, Mumbai to Lagos rounds the Cape, and the table's via column says so.
    let v = route_json(&["Mumbai > Lagos", "--mode", "sea"]);
    assert!(south_of(&v, AGULHAS_LAT) && leg_passages(&v) == ["good-hope"], "{:?}", leg_passages(&v));
    toponym()
        .args(["route", "Mumbai > Lagos", "--mode", "sea"])
        .assert()
        .success()
        .stdout(predicate::str::contains("via").and(predicate::str::contains("good-hope")));
}

/// With every passage avoided no sea way is left from Shanghai to Rotterdam: exit 1, one line
/// naming the passages that would open one, and no output file.
#[test]
fn a_route_every_passage_blocks_is_an_error_naming_them() {
    let all = "suez,panama,malacca,gibraltar,bab-el-mandeb,hormuz,bosporus,dardanelles,sunda,magellan,good-hope,bering";
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("r.geojson");
    let got = toponym()
        .args(["route", "Shanghai > Rotterdam", "--mode", "sea", "--avoid", all, "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stdout("");
    let stderr = String::from_utf8_lossy(&got.get_output().stderr).to_string();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    for want in ["no sea route from Shanghai to Rotterdam", "good-hope", "panama", "magellan"] {
        assert!(stderr.contains(want), "{want}: {stderr}");
    }
    assert!(!out.exists(), "nothing written");
    // One passage fewer avoided (good-hope allowed), a route again: round the Cape.
    let v = route_json(&["Shanghai > Rotterdam", "--mode", "sea", "--avoid", &all.replace(",good-hope", "")]);
    assert!(south_of(&v, -34.8) && leg_passages(&v) == ["good-hope"], "{:?}", leg_passages(&v));
}
