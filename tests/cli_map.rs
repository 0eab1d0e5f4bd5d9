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
