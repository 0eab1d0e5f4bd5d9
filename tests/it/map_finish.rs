//! The map's finish, checked through `map --layout` on texts written for these tests: stop
//! numbers stay visible (none under another symbol, a launch site that is a stop gets a
//! numbered badge), labels never cover a symbol and sit beside their own marker, no text is
//! drawn twice, and every place the text names is labelled or listed in `dropped` with why.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn toponym() -> Command {
    let mut c = Command::cargo_bin("toponym").expect("binary built");
    c.env_remove("TOPONYM_GAZETTEER");
    c
}

/// A journey by rail whose middle stop is a launch site.
const LAUNCH: &str = "The freight train left Khabarovsk on Monday morning and travelled west to the Vostochny \
Cosmodrome, where engineers unloaded a weather satellite. The train then went on to Blagoveshchensk before \
heading back.";

/// Eight towns a few kilometres apart.
const CLUSTER: &str = "The cycling tour set off from Rotterdam on Saturday and rode to Delft, then to The Hague \
and Leiden. On Sunday the riders reached Haarlem and finished in Amsterdam, while a second group rode from \
Utrecht to Gouda.";

/// A strait the text spells differently from the gazetteer, and places and countries far away.
const STRAIT: &str = "Two tankers sailed through the Bab el-Mandeb on Tuesday after leaving port, then steamed \
north up the Red Sea towards Jeddah. Insurers in London and Tokyo said premiums for the passage had doubled, \
and the navies of Brazil and Canada sent observers.";

/// `map --layout` of a text, parsed.
fn layout_of(text: &str) -> Value {
    let dir = tempfile::tempdir().expect("temp dir");
    let (input, layout) = (dir.path().join("story.txt"), dir.path().join("layout.json"));
    std::fs::write(&input, text).expect("write the text");
    toponym()
        .args(["map", "-q", "-o"])
        .arg(dir.path().join("map.png"))
        .arg("--layout")
        .arg(&layout)
        .arg(&input)
        .assert()
        .success();
    serde_json::from_slice(&std::fs::read(&layout).expect("layout written")).expect("the layout is JSON")
}

fn items<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v[key].as_array().unwrap_or_else(|| panic!("layout has {key}"))
}

fn bounds(item: &Value) -> [f64; 4] {
    let b: Vec<f64> = item["box"].as_array().expect("box").iter().map(|x| x.as_f64().expect("number")).collect();
    b.try_into().expect("four numbers")
}

fn meet(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// Gap from a box to the point (x, y), px.
fn gap(b: [f64; 4], (x, y): (f64, f64)) -> f64 {
    let dx = (b[0] - x).max(x - b[2]).max(0.0);
    let dy = (b[1] - y).max(y - b[3]).max(0.0);
    dx.hypot(dy)
}

fn centre(m: &Value) -> (f64, f64) {
    (m["x"].as_f64().expect("x"), m["y"].as_f64().expect("y"))
}

/// Case, accents aside, punctuation and hyphens as spaces: how a reader compares two texts.
fn fold(s: &str) -> String {
    let spaced: String = s.to_lowercase().chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Labels of places (not the map's own texts: title, graticule).
fn place_labels(v: &Value) -> Vec<&Value> {
    items(v, "labels")
        .iter()
        .filter(|l| !matches!(l["kind"].as_str(), Some("graticule" | "title" | "subtitle")))
        .collect()
}

#[test]
fn a_launch_site_that_is_a_stop_keeps_its_number_beside_the_rocket() {
    let v = layout_of(LAUNCH);
    let markers = items(&v, "markers");
    let mut stops: Vec<u64> = markers.iter().filter_map(|m| m["stop"].as_u64()).collect();
    stops.sort_unstable();
    assert!(stops.len() >= 3, "three stops: {markers:?}");
    assert_eq!(stops, (1..=stops.len() as u64).collect::<Vec<_>>(), "every stop number shows, once: {markers:?}");
    let rocket = markers.iter().find(|m| m["kind"] == "launch_site").expect("the launch site's rocket");
    let badge = markers
        .iter()
        .find(|m| m["text"] == rocket["text"] && m["stop"].is_u64())
        .expect("the launch site's stop number");
    assert!(gap(bounds(rocket), centre(badge)) < 20.0, "the badge sits beside the rocket: {badge} {rocket}");
    assert!(!meet(bounds(rocket), bounds(badge)), "the badge is off the rocket: {badge} {rocket}");
}

#[test]
fn no_symbol_or_label_covers_a_stop_number() {
    for text in [LAUNCH, CLUSTER, STRAIT] {
        let v = layout_of(text);
        let markers = items(&v, "markers");
        for (k, m) in markers.iter().enumerate() {
            let Some(n) = m["stop"].as_u64() else { continue };
            // the digits: the middle of the stop's disc
            let (x, y) = centre(m);
            let digits = [x - 5.0, y - 6.0, x + 5.0, y + 6.0];
            for later in &markers[k + 1..] {
                assert!(!meet(digits, bounds(later)), "stop {n} is under {later}");
            }
        }
        for l in items(&v, "labels") {
            for m in markers {
                assert!(!meet(bounds(l), bounds(m)), "label {} covers the symbol of {}", l["text"], m["text"]);
            }
        }
    }
}

#[test]
fn each_label_sits_beside_its_own_marker() {
    for text in [CLUSTER, LAUNCH, STRAIT] {
        let v = layout_of(text);
        let markers = items(&v, "markers");
        for l in place_labels(&v) {
            let Some(anchor) = l["anchor"].as_array() else { continue };
            let own = (anchor[0].as_f64().expect("x"), anchor[1].as_f64().expect("y"));
            let to_own = gap(bounds(l), own);
            if l["leader"] != true {
                assert!(to_own < 45.0, "{} is {to_own:.0} px from its marker without a leader line", l["text"]);
            }
            for m in markers.iter().filter(|m| m["text"] != l["text"]) {
                let to_other = gap(bounds(l), centre(m));
                assert!(
                    l["leader"] == true || to_own <= to_other + 1.0,
                    "{} sits nearer the marker of {} ({to_other:.0} px) than its own ({to_own:.0} px)",
                    l["text"],
                    m["text"]
                );
            }
        }
    }
}

#[test]
fn no_text_is_drawn_twice() {
    for text in [STRAIT, CLUSTER, LAUNCH] {
        let v = layout_of(text);
        let mut seen: Vec<String> = Vec::new();
        for l in place_labels(&v) {
            let t = l["text"].as_str().expect("text");
            // "Name (Other name)" only when the other name is another word, not another spelling
            if let Some((a, b)) = t.split_once(" (") {
                assert_ne!(fold(a), fold(b.trim_end_matches(')')), "{t} says one name twice");
            }
            assert!(!seen.contains(&fold(t)), "{t} is drawn twice");
            seen.push(fold(t));
        }
    }
    let v = layout_of(STRAIT);
    assert!(
        place_labels(&v).iter().any(|l| l["text"] == "Bab-el-Mandeb"),
        "the strait is labelled by its name alone: {:?}",
        place_labels(&v)
    );
    // another word for the same place is still shown beside the name
    let sea = "The ferry crossed the East Sea, which Japan calls the Sea of Japan, from Donghae to Vladivostok.";
    let v = layout_of(sea);
    assert!(place_labels(&v).iter().any(|l| l["text"] == "Sea of Japan (East Sea)"), "{:?}", place_labels(&v));
}

#[test]
fn every_place_named_is_labelled_or_listed_as_dropped_with_why() {
    for text in [STRAIT, LAUNCH, CLUSTER] {
        let v = layout_of(text);
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join("story.txt");
        std::fs::write(&input, text).expect("write the text");
        let out = toponym().args(["resolve", "--format", "json"]).arg(&input).output().expect("runs");
        let resolved: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let labelled: Vec<String> = place_labels(&v).iter().map(|l| fold(l["text"].as_str().expect("text"))).collect();
        let dropped = items(&v, "dropped");
        for m in resolved[0]["mentions"].as_array().expect("mentions") {
            let name = m["name"].as_str().expect("name");
            let shown = labelled.iter().any(|l| *l == fold(name) || l.starts_with(&format!("{} ", fold(name))));
            let why = dropped.iter().find(|d| d["text"] == name).and_then(|d| d["why"].as_str());
            assert!(
                shown || why.is_some_and(|w| !w.is_empty()),
                "{name} is neither labelled nor listed as dropped: labels {labelled:?}, dropped {dropped:?}"
            );
        }
    }
    let v = layout_of(STRAIT);
    for far in ["Brazil", "Canada", "Tokyo"] {
        let d = items(&v, "dropped").iter().find(|d| d["text"] == far);
        assert!(
            d.is_some_and(|d| d["why"].as_str().is_some_and(|w| w.starts_with("outside the frame"))),
            "{far} is listed as outside the frame: {:?}",
            items(&v, "dropped")
        );
    }
}

#[test]
fn the_example_summit_map_shows_every_stop_number() {
    let v = layout_of(&std::fs::read_to_string(Path::new("examples/summit.txt")).expect("example"));
    let mut stops: Vec<u64> = items(&v, "markers").iter().filter_map(|m| m["stop"].as_u64()).collect();
    stops.sort_unstable();
    assert_eq!(stops, (1..=stops.len() as u64).collect::<Vec<_>>(), "{:?}", items(&v, "markers"));
    assert!(stops.len() >= 5, "the summit journey has five stops: {stops:?}");
}
