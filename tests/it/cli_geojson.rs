//! `toponym geojson` driven as a user would, checked against goldens (as parsed JSON) and by
//! GDAL itself (`ogrinfo`, `ogr2ogr`) when GDAL is installed.
//!
//! `BLESS=1 cargo test --release --test cli_geojson` rewrites the goldens in tests/golden/.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

/// A rail trip across Europe, written for this test.
const EUROPE_TRIP: &str = "Our night train left Lisbon on Monday. After a night in Madrid we continued to \
Barcelona, then crossed the border at Perpignan. We arrived in Paris on Thursday and left for Brussels \
the next day. The last leg took us via Dortmund to Berlin.";

fn stdout_json(args: &[&str], stdin: Option<&str>) -> Value {
    let mut cmd = toponym();
    cmd.args(args);
    if let Some(s) = stdin {
        cmd.write_stdin(s);
    }
    let out = cmd.assert().success().get_output().stdout.clone();
    serde_json::from_slice(&out).expect("the output is JSON")
}

fn check_golden(name: &str, got: &Value) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name);
    if std::env::var_os("BLESS").is_some() {
        let pretty = serde_json::to_string_pretty(got).expect("serialises") + "\n";
        std::fs::write(&path, pretty).expect("write golden");
        return;
    }
    let want: Value = serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1)", path.display())),
    )
    .expect("golden parses");
    assert!(got == &want, "{name} differs from its golden; rerun with BLESS=1 if the change is intended");
}

fn features<'a>(v: &'a Value, role: &str) -> Vec<&'a Value> {
    v["features"].as_array().expect("features").iter().filter(|f| f["properties"]["role"] == role).collect()
}

#[test]
fn summit_example_matches_its_golden_and_tells_the_story() {
    let v = stdout_json(&["geojson", "examples/summit.txt", "-o", "-"], None);
    check_golden("summit.geojson", &v);

    assert_eq!(v["type"], "FeatureCollection");
    let sites = features(&v, "launch_site");
    assert_eq!(sites.len(), 1);
    assert_eq!(sites[0]["properties"]["name"], "Vostochny Cosmodrome");

    let routes = features(&v, "route");
    let travelled = routes.iter().find(|f| f["properties"]["status"] == "travelled").expect("a travelled route");
    assert_eq!(travelled["properties"]["waypoints"], "Pyongyang > Khasan > Vostochny Cosmodrome");
    assert_eq!(travelled["properties"]["mode"], "rail");
    // Along the east coast line through Wonsan, not straight across the Sea of Japan.
    let coords = travelled["geometry"]["coordinates"].as_array().expect("coordinates");
    assert!(coords.iter().any(|c| (c[0].as_f64().unwrap() - 127.44).abs() < 0.05), "passes Wonsan");

    let tracks = features(&v, "launch_track");
    assert_eq!(tracks.len(), 1);
    assert_eq!(tracks[0]["properties"]["origin"], "Sunan");
    assert_eq!(tracks[0]["properties"]["target"], "Sea of Japan");

    for f in v["features"].as_array().expect("features") {
        let name = f["properties"]["name"].as_str().unwrap_or("");
        for not_a_place in ["Kim", "Wagner", "Angara", "Mao Ning"] {
            assert!(!name.contains(not_a_place), "{name}");
        }
    }
}

#[test]
fn a_european_rail_trip_matches_its_golden() {
    let v = stdout_json(&["geojson", "-"], Some(EUROPE_TRIP));
    check_golden("europe_trip.geojson", &v);
    let routes = features(&v, "route");
    assert_eq!(routes.len(), 1);
    assert_eq!(
        routes[0]["properties"]["waypoints"],
        "Lisbon > Madrid > Barcelona > Perpignan > Paris > Brussels > Dortmund > Berlin"
    );
    assert_eq!(routes[0]["properties"]["mode"], "rail");
}

#[test]
fn explicit_route_no_route_and_unknown_waypoints() {
    let spec = "Pyongyang > Khasan > Vostochny Cosmodrome > Komsomolsk-on-Amur > Vladivostok";
    let v = stdout_json(&["geojson", "examples/summit.txt", "--route", spec], None);
    let routes = features(&v, "route");
    assert_eq!(routes.len(), 1);
    assert_eq!(routes[0]["properties"]["waypoints"], spec);
    assert_eq!(routes[0]["properties"]["status"], "given");
    assert_eq!(routes[0]["properties"]["mode"], "rail");

    let v = stdout_json(&["geojson", "examples/summit.txt", "--no-route"], None);
    assert!(features(&v, "route").is_empty());
    assert!(features(&v, "waypoint").is_empty());

    toponym()
        .args(["geojson", "examples/summit.txt", "--route", "Pyongyang > Qzxqzxq Qzx"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown waypoint \"Qzxqzxq Qzx\""));
    toponym().args(["geojson", "examples/summit.txt", "--route", "Pyongyang", "--no-route"]).assert().code(2);
    toponym().args(["geojson", "no/such/file.txt"]).assert().code(2);
}

#[test]
fn several_files_merge_with_per_document_counts_and_a_style_sidecar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let trip = dir.path().join("trip.txt");
    std::fs::write(&trip, EUROPE_TRIP).expect("write");
    let out = dir.path().join("both.geojson");
    let trip_arg = trip.to_string_lossy().into_owned();
    let out_arg = out.to_string_lossy().into_owned();
    toponym().args(["geojson", "examples/summit.txt", &trip_arg, "-o", &out_arg]).assert().success();
    let v: Value = serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("JSON");
    let docs = v["documents"].as_array().expect("documents");
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "summit.txt");
    assert_eq!(docs[1]["id"], "trip.txt");
    assert_eq!(docs[1]["routes"], 1);
    let qml = std::fs::read_to_string(dir.path().join("both.qml")).expect("style sidecar");
    assert!(qml.contains("RuleRenderer") && qml.contains("launch_track"));

    // Same input, same bytes.
    let again = dir.path().join("again.geojson");
    let again_arg = again.to_string_lossy().into_owned();
    toponym().args(["geojson", "examples/summit.txt", &trip_arg, "-o", &again_arg, "--no-style"]).assert().success();
    assert_eq!(std::fs::read(&out).expect("read"), std::fs::read(&again).expect("read"));
    assert!(!dir.path().join("again.qml").exists());
}

/// A second article about the same event: reactions abroad, and a plan with no journey.
const REACTIONS: &str = "The meeting drew sharp reactions abroad on Wednesday.\n\
The visit has raised concerns in the US about possible breaches of sanctions, and the prospect of an arms deal.\n\
According to the Kremlin, the guest planned to tour shipyards in the Russian port city of Nakhodka.\n";

#[test]
fn a_second_article_about_reactions_keeps_the_journey_of_the_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let more = dir.path().join("reactions.txt");
    std::fs::write(&more, REACTIONS).expect("write");
    let more_arg = more.to_string_lossy().into_owned();
    let v = stdout_json(&["geojson", "examples/summit.txt", &more_arg, "-o", "-"], None);
    let routes = features(&v, "route");
    let travelled: Vec<&str> = routes
        .iter()
        .flat_map(|r| r["properties"]["legs"].as_array().expect("legs"))
        .filter(|l| l["status"] == "travelled")
        .map(|l| l["to"].as_str().expect("to"))
        .collect();
    // "The visit" is a noun there: the US is where concerns arose, not a stop of the train.
    assert_eq!(travelled, ["Khasan", "Vostochny Cosmodrome"], "{routes:?}");
}

fn gdal(tool: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let found = std::env::split_paths(&path).map(|d| d.join(tool)).find(|p| p.is_file());
    if found.is_none() {
        eprintln!("note: {tool} is not on PATH; skipping the GDAL check (install gdal-bin to run it)");
    }
    found
}

#[test]
fn gdal_reads_the_output_with_typed_fields_and_converts_it_to_geopackage() {
    let (Some(ogrinfo), Some(ogr2ogr)) = (gdal("ogrinfo"), gdal("ogr2ogr")) else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("summit.geojson");
    let out_arg = out.to_string_lossy().into_owned();
    toponym().args(["geojson", "examples/summit.txt", "-o", &out_arg]).assert().success();
    let v: Value = serde_json::from_slice(&std::fs::read(&out).expect("written")).expect("JSON");
    let count = v["features"].as_array().expect("features").len();

    let info = Process::new(&ogrinfo).args(["-ro", "-al", "-so"]).arg(&out).output().expect("ogrinfo runs");
    assert!(info.status.success(), "ogrinfo failed: {}", String::from_utf8_lossy(&info.stderr));
    let text = String::from_utf8_lossy(&info.stdout);
    assert!(text.contains(&format!("Feature Count: {count}")), "{text}");
    for field in [
        "id: Integer64",
        "name: String",
        "kind: String",
        "role: String",
        "country_code: String",
        "admin1: String",
        "population: Integer",
        "mentions: Integer",
        "confidence: Real",
        "matched: String",
        "mode: String",
        "waypoints: String",
        "length_km: Real",
    ] {
        assert!(text.contains(field), "missing field {field:?} in:\n{text}");
    }

    // Geometry types per feature, as GDAL sees them.
    let lines = Process::new(&ogrinfo)
        .args(["-ro", "-al", "-q", "-geom=SUMMARY", "-where", "role IN ('route', 'launch_track')"])
        .arg(&out)
        .output()
        .expect("ogrinfo runs");
    let text = String::from_utf8_lossy(&lines.stdout);
    assert_eq!(text.matches("LINESTRING").count(), 3, "{text}");

    let gpkg = dir.path().join("summit.gpkg");
    let conv = Process::new(&ogr2ogr).args(["-f", "GPKG"]).arg(&gpkg).arg(&out).output().expect("ogr2ogr runs");
    assert!(conv.status.success(), "ogr2ogr failed: {}", String::from_utf8_lossy(&conv.stderr));
    let info = Process::new(&ogrinfo).args(["-ro", "-al", "-so"]).arg(&gpkg).output().expect("ogrinfo runs");
    let text = String::from_utf8_lossy(&info.stdout);
    assert!(text.contains(&format!("Feature Count: {count}")), "{text}");
    assert!(text.contains("mentions: Integer"), "{text}");
}

#[test]
fn a_route_across_the_antimeridian_is_split_into_a_multilinestring() {
    let v = stdout_json(&["geojson", "-", "--route", "Anadyr > Nome"], Some("Nothing to see."));
    let routes = features(&v, "route");
    assert_eq!(routes.len(), 1);
    let g = &routes[0]["geometry"];
    assert_eq!(g["type"], "MultiLineString");
    let parts = g["coordinates"].as_array().expect("parts");
    assert_eq!(parts.len(), 2);
    let last_of_first = parts[0].as_array().and_then(|p| p.last()).expect("a position");
    let first_of_second = parts[1].as_array().and_then(|p| p.first()).expect("a position");
    assert_eq!(last_of_first[0], 180.0);
    assert_eq!(first_of_second[0], -180.0);
    assert_eq!(last_of_first[1], first_of_second[1]);
    assert_eq!(routes[0]["properties"]["mode"], "geodesic");
}

/// A text naming more stops than `MAX_INFERRED_STOPS` (50): the route keeps the first 50 in
/// journey order and a warning says how many the journey had; 50 stops or fewer, no warning.
#[test]
fn the_cap_on_inferred_stops_bites_and_warns() {
    const CITIES: &[&str] = &[
        "Paris",
        "Berlin",
        "Madrid",
        "Rome",
        "Vienna",
        "Warsaw",
        "Prague",
        "Budapest",
        "Lisbon",
        "Dublin",
        "Oslo",
        "Stockholm",
        "Helsinki",
        "Copenhagen",
        "Brussels",
        "Amsterdam",
        "Athens",
        "Sofia",
        "Bucharest",
        "Belgrade",
        "Zagreb",
        "Kyiv",
        "Minsk",
        "Riga",
        "Vilnius",
        "Tallinn",
        "Moscow",
        "Ankara",
        "Cairo",
        "Tunis",
        "Algiers",
        "Rabat",
        "Dakar",
        "Lagos",
        "Accra",
        "Nairobi",
        "Kampala",
        "Khartoum",
        "Riyadh",
        "Baghdad",
        "Tehran",
        "Kabul",
        "Karachi",
        "Delhi",
        "Mumbai",
        "Dhaka",
        "Kathmandu",
        "Colombo",
        "Bangkok",
        "Hanoi",
        "Manila",
        "Jakarta",
        "Beijing",
        "Shanghai",
        "Seoul",
        "Tokyo",
        "Sydney",
        "Melbourne",
        "Auckland",
        "Lima",
    ];
    let text = |n: usize| CITIES[..n].iter().map(|c| format!("The convoy reached {c}.\n")).collect::<String>();
    let waypoints = |v: &Value| -> usize {
        let routes = features(v, "route");
        routes
            .iter()
            .map(|r| r["properties"]["waypoints"].as_str().expect("waypoints").split(" > ").count())
            .max()
            .unwrap_or(0)
    };
    for (n, want, warns) in [(CITIES.len(), 50, true), (50, 50, false), (12, 12, false)] {
        let out = toponym().args(["geojson", "-", "--no-rail"]).write_stdin(text(n)).assert().success();
        let v: Value = serde_json::from_slice(&out.get_output().stdout).expect("valid GeoJSON");
        assert_eq!(waypoints(&v), want, "{n} stops");
        let stderr = String::from_utf8_lossy(&out.get_output().stderr);
        let warned = stderr.contains(&format!("has {n} stops; only the first 50 are drawn"));
        assert_eq!(warned, warns, "{n} stops: {stderr}");
    }
}

/// `--format datawrapper` writes the story as a Datawrapper locator map's markers, as its API's
/// `PUT /v3/charts/ID/data` takes them: points with titles, `[lon, lat]` and icons; the journey
/// as line markers, solid where travelled and dashed where planned; launch tracks as arrows.
#[test]
fn datawrapper_markers_have_points_lines_and_arrows() {
    let out = toponym()
        .args(["geojson", "examples/summit.txt", "--format", "datawrapper", "-o", "-"])
        .output()
        .expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let markers = v["markers"].as_array().expect("a markers array");
    let of_type = |t: &str| markers.iter().filter(|m| m["type"] == t).collect::<Vec<_>>();
    let (points, lines, arrows) = (of_type("point"), of_type("line"), of_type("arrow"));
    assert_eq!(points.len() + lines.len() + arrows.len(), markers.len(), "nothing else");
    let ids: Vec<&str> = markers.iter().filter_map(|m| m["id"].as_str()).collect();
    assert_eq!(ids.len(), markers.len());
    assert!(ids.iter().enumerate().all(|(i, id)| *id == format!("m{}", i + 1)), "{ids:?}");
    let khasan = points.iter().find(|p| p["title"] == "Khasan").expect("Khasan is a point");
    let c = khasan["coordinates"].as_array().expect("coordinates");
    assert!(
        (c[0].as_f64().unwrap() - 130.6).abs() < 0.5 && (c[1].as_f64().unwrap() - 42.4).abs() < 0.5,
        "lon, lat: {c:?}"
    );
    assert!(khasan["icon"]["path"].as_str().is_some_and(|p| !p.is_empty()));
    assert!(khasan["markerSymbol"].as_str().is_some_and(|s| s.parse::<u32>().is_ok()), "a stop carries its number");
    let dashes: Vec<&str> = lines.iter().filter_map(|l| l["properties"]["stroke-dasharray"].as_str()).collect();
    assert!(
        dashes.contains(&"100000") && dashes.iter().any(|d| d.contains(',')),
        "travelled solid, planned dashed: {dashes:?}"
    );
    for l in lines.iter().chain(&arrows) {
        assert_eq!(l["feature"]["geometry"]["type"], "LineString");
    }
    assert!(!arrows.is_empty(), "the launch track is an arrow");
    assert_eq!(arrows[0]["feature"]["geometry"]["coordinates"].as_array().map(Vec::len), Some(2), "start and end");
}

/// A text naming no place: an empty collection, exit 1, and a warning saying so (as `map` does).
#[test]
fn a_text_with_no_places_warns_and_exits_1() {
    let out = toponym()
        .args(["geojson", "-"])
        .write_stdin("The committee met twice and adjourned without a vote.\n")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("warning: the text names no place toponym could find"))
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).expect("GeoJSON on stdout");
    assert_eq!(v["features"], serde_json::json!([]));
}
