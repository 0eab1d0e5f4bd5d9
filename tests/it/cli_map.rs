//! `toponym map` driven as a user would.

use assert_cmd::Command;
use predicates::prelude::*;

fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

#[test]
fn map_writes_a_png_of_the_requested_size_and_the_geojson() {
    let dir = tempfile::tempdir().unwrap();
    let png_path = dir.path().join("story.png");
    let gj = dir.path().join("story.geojson");
    toponym()
        .args(["map", "examples/summit.txt", "--width", "800", "--height", "600", "--scale", "2", "-o"])
        .arg(&png_path)
        .arg("--geojson")
        .arg(&gj)
        .assert()
        .success();
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&png_path).unwrap()));
    let reader = decoder.read_info().expect("a PNG");
    assert_eq!((reader.info().width, reader.info().height), (1600, 1200));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&gj).unwrap()).unwrap();
    assert_eq!(v["type"], "FeatureCollection");
    assert!(dir.path().join("story.qml").exists());
}

#[test]
fn a_map_of_a_text_with_no_places_is_written_with_a_warning_and_exit_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("blank.png");
    let run = toponym().args(["map", "-", "-o"]).arg(&out).write_stdin("Nothing here at all.").assert().code(1);
    let err = String::from_utf8_lossy(&run.get_output().stderr).to_string();
    assert!(err.contains("warning: the text names no place"), "{err}");
    assert!(out.exists());
    // A text with places gets no such warning.
    let named = dir.path().join("named.png");
    let run =
        toponym().args(["map", "-", "-o"]).arg(&named).write_stdin("Flights left Paris for Lyon.").assert().success();
    assert!(!String::from_utf8_lossy(&run.get_output().stderr).contains("names no place"));
}

#[test]
fn map_svg_and_bad_options() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("story.svg");
    toponym().args(["map", "examples/summit.txt", "-o"]).arg(&svg).assert().success();
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    let bad = dir.path().join("story.jpg");
    toponym().args(["map", "examples/summit.txt", "-o"]).arg(&bad).assert().code(2);
    assert!(!bad.exists());
    for extra in [vec!["--theme", "neon"], vec!["--extent", "1,2,3"], vec!["--width", "10"]] {
        let out = dir.path().join("x.png");
        toponym()
            .args(["map", "examples/summit.txt", "-o"])
            .arg(&out)
            .args(&extra)
            .assert()
            .code(2)
            .stderr(predicate::str::is_empty().not());
        assert!(!out.exists(), "no half-written file for {extra:?}");
    }
}

/// `map --layout` of some inputs, parsed.
fn layout_of(inputs: &[&str], extra: &[&str]) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("layout.json");
    toponym()
        .arg("map")
        .args(inputs)
        .args(extra)
        .arg("-o")
        .arg(dir.path().join("map.png"))
        .arg("--layout")
        .arg(&layout)
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(&layout).unwrap()).expect("the layout is JSON")
}

fn extent(v: &serde_json::Value) -> [f64; 4] {
    let e: Vec<f64> = v["extent"].as_array().expect("extent").iter().map(|x| x.as_f64().expect("number")).collect();
    e.try_into().expect("four numbers")
}

fn holds(e: [f64; 4], (lon, lat): (f64, f64)) -> bool {
    let [w, s, east, n] = e;
    lon >= w && lon <= east && lat >= s && lat <= n
}

fn labels(v: &serde_json::Value) -> Vec<String> {
    v["labels"].as_array().expect("labels").iter().map(|l| l["text"].as_str().expect("text").to_string()).collect()
}

fn assert_no_text_twice(v: &serde_json::Value) {
    let mut texts: Vec<String> = labels(v).iter().map(|t| t.to_lowercase()).collect();
    texts.sort();
    let all = texts.len();
    texts.dedup();
    assert_eq!(texts.len(), all, "a label is drawn twice: {:?}", labels(v));
}

#[test]
fn one_distant_mention_does_not_widen_the_frame() {
    let v = layout_of(&["tests/fixtures/map/rail_korea.txt"], &[]);
    let e = extent(&v);
    assert!(holds(e, (126.98, 37.57)) && holds(e, (129.04, 35.1)), "Seoul and Busan framed: {e:?}");
    assert!(!holds(e, (2.35, 48.86)) && e[2] - e[0] < 30.0, "Paris, named once, stays out: {e:?}");
    assert_eq!(v["projection"], "conic");
    for name in ["Seoul", "Busan", "Daejeon", "Daegu"] {
        assert!(labels(&v).iter().any(|t| t == name), "{name} is labelled: {:?}", labels(&v));
    }
    assert!(
        v["dropped"].as_array().expect("dropped").iter().any(|d| d["text"] == "Paris"),
        "Paris is listed as left off"
    );
    assert_no_text_twice(&v);
}

#[test]
fn several_articles_about_one_event_stay_framed_with_an_automatic_title() {
    let files = ["tests/fixtures/map/ferry_1.txt", "tests/fixtures/map/ferry_2.txt", "tests/fixtures/map/ferry_3.txt"];
    let v = layout_of(&files, &[]);
    let e = extent(&v);
    assert!(holds(e, (23.73, 37.98)) && holds(e, (25.13, 35.34)), "Athens and Heraklion framed: {e:?}");
    assert!(e[2] - e[0] < 25.0 && e[3] - e[1] < 20.0, "Toronto and Sydney, named once, stay out: {e:?}");
    assert_no_text_twice(&v);
    let kinds: Vec<&str> = v["labels"].as_array().unwrap().iter().map(|l| l["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"title") && kinds.contains(&"subtitle"), "several articles get a title: {kinds:?}");
    let v = layout_of(&files, &["--title", "none"]);
    assert!(v["labels"].as_array().unwrap().iter().all(|l| l["kind"] != "title"), "--title none");
    let v = layout_of(&files[..1], &["--title", "Aground"]);
    assert!(labels(&v).contains(&"Aground".to_string()));
}

#[test]
fn the_same_story_twice_is_labelled_once() {
    let v = layout_of(&["examples/summit.txt", "examples/summit.txt"], &[]);
    assert_no_text_twice(&v);
    for name in ["Pyongyang", "Khasan", "Vostochny Cosmodrome"] {
        assert!(labels(&v).iter().any(|t| t == name), "{name} is labelled: {:?}", labels(&v));
    }
    let e = extent(&v);
    assert!(e[0] > 100.0 && e[2] < 170.0, "framed on the Korean Peninsula and the Russian Far East: {e:?}");
}

#[test]
fn a_bad_output_leaves_no_other_output_behind() {
    let dir = tempfile::tempdir().unwrap();
    let png_path = dir.path().join("m.png");
    let layout = dir.path().join("m.json");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    toponym()
        .args(["map", "examples/summit.txt", "-o"])
        .arg(&png_path)
        .arg("--layout")
        .arg(&layout)
        .arg("--geojson")
        .arg(&sub)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
    assert!(!png_path.exists() && !layout.exists(), "nothing written");
    toponym()
        .args(["map", "examples/summit.txt", "-o"])
        .arg(&png_path)
        .arg("--layout")
        .arg(dir.path().join("missing").join("m.json"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such directory"));
    toponym()
        .args(["map", "examples/summit.txt", "-o"])
        .arg(&png_path)
        .arg("--layout")
        .arg(&png_path)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("named for two outputs"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "only the directory made by the test");
}

#[test]
fn sizes_beyond_a_print_map_are_refused_before_any_input_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.png");
    let rows: [&[&str]; 4] =
        [&["--width", "9000"], &["--height", "100000"], &["--width", "5000", "--scale", "2"], &["--scale", "5"]];
    for extra in rows {
        toponym()
            .args(["map", "no-such-input.txt", "-o"])
            .arg(&out)
            .args(extra)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("8000").or(predicate::str::contains("64..=8000")))
            .stderr(predicate::str::contains("no-such-input").not());
        assert!(!out.exists(), "{extra:?}");
    }
    toponym().args(["map", "--help"]).assert().success().stdout(predicate::str::contains("8000"));
}

/// A text written for this test: a ferry journey, one leg planned, and a launch.
const FERRY: &str = "The ferry left Helsinki for Tallinn on Monday and sailed on to Stockholm. \
    It will continue to Riga next week. Separately, a rocket was launched from Plesetsk toward the Barents Sea.";

/// `--alt-text FILE` writes what the map shows in words: the places, the journey in order with
/// distances and modes, the planned legs; the SVG carries the same words as its `<desc>`, and
/// the same input gives the same words.
#[test]
fn alt_text_says_the_places_and_the_journey_and_is_the_svgs_desc() {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("ferry.txt");
    std::fs::write(&story, FERRY).expect("write");
    let (svg, alt) = (dir.path().join("ferry.svg"), dir.path().join("ferry.alt.txt"));
    toponym().arg("map").arg(&story).arg("-o").arg(&svg).arg("--alt-text").arg(&alt).assert().success();
    let text = std::fs::read_to_string(&alt).expect("the alt text is written");
    assert!(text.ends_with('\n') && text.lines().count() == 1, "one line: {text:?}");
    let text = text.trim_end();
    assert!(text.starts_with("Map showing "), "{text}");
    for name in ["Helsinki", "Tallinn", "Stockholm"] {
        assert!(text.contains(name), "{name} in {text}");
    }
    let journey = text.split("Journey: ").nth(1).expect("the journey is told");
    let (h, t, s) = (journey.find("Helsinki"), journey.find("Tallinn"), journey.find("Stockholm"));
    assert!(h < t && t < s, "in travel order: {journey}");
    assert!(journey.contains(" km") && journey.contains("in all"), "with distances: {journey}");
    let doc_text = std::fs::read_to_string(&svg).expect("SVG");
    let doc = roxmltree::Document::parse(&doc_text).expect("well-formed");
    let desc = doc.root_element().children().find(|n| n.has_tag_name("desc")).and_then(|n| n.text());
    assert_eq!(desc, Some(text), "the SVG's <desc> is the alt text");
    let again = dir.path().join("again.txt");
    toponym()
        .arg("map")
        .arg(&story)
        .args(["-o"])
        .arg(dir.path().join("x.png"))
        .arg("--alt-text")
        .arg(&again)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&again).expect("written").trim_end(), text, "deterministic");
}

/// A corrections file's `map` member sets the size, theme and extent where flags do not; a flag
/// wins over it; a bad value there is a one-line usage error naming it.
#[test]
fn the_corrections_map_settings_apply_under_the_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    let c = dir.path().join("c.json");
    std::fs::write(
        &c,
        r#"{"version": 1, "map": {"width": 500, "height": 400, "theme": "print", "extent": [10, 40, 30, 55]}}"#,
    )
    .expect("write");
    let size = |p: &std::path::Path| {
        let d = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(p).expect("a PNG")));
        let r = d.read_info().expect("a PNG");
        (r.info().width, r.info().height)
    };
    let (a, b) = (dir.path().join("a.png"), dir.path().join("b.png"));
    toponym().args(["map", "examples/summit.txt", "--corrections"]).arg(&c).arg("-o").arg(&a).assert().success();
    assert_eq!(size(&a), (500, 400));
    let layout = dir.path().join("l.json");
    toponym()
        .args(["map", "examples/summit.txt", "--width", "640", "--corrections"])
        .arg(&c)
        .arg("-o")
        .arg(&b)
        .arg("--layout")
        .arg(&layout)
        .assert()
        .success();
    assert_eq!(size(&b), (640, 400), "--width wins, the height comes from the corrections");
    let l: serde_json::Value = serde_json::from_slice(&std::fs::read(&layout).expect("layout")).expect("JSON");
    let e: Vec<f64> = (0..4).map(|i| l["extent"][i].as_f64().expect("extent")).collect();
    assert!(
        e[0] <= 10.0 && e[1] <= 40.0 && e[2] >= 30.0 && e[3] >= 55.0 && e[2] < 60.0,
        "the corrections' extent frames the map: {e:?}"
    );
    std::fs::write(&c, r#"{"version": 1, "map": {"theme": "neon"}}"#).expect("write");
    toponym()
        .args(["map", "examples/summit.txt", "--corrections"])
        .arg(&c)
        .arg("-o")
        .arg(dir.path().join("x.png"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("corrections: map.theme"));
}
