//! The story development set (`tests/fixtures/stories/`): stories written for this project,
//! each with the places, journey and launches a reader finds in it, scored through the real
//! `toponym geojson` the way a user runs it. A story is a `.txt` file or a directory of
//! articles about one event (merged into one story).
//!
//! `dev/` is what route inference is tuned on; the test asserts its floor (no false route,
//! journey accuracy). `heldout/` is scored only by `scripts/score-stories.sh heldout`
//! (an ignored test), never tuned on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde::Deserialize;
use serde_json::Value;

/// Journey accuracy the dev set must keep (share of stories whose journey, or its absence,
/// is right).
const JOURNEY_FLOOR: f64 = 0.90;

#[derive(Deserialize)]
struct Expected {
    places: Vec<String>,
    travelled: Vec<String>,
    planned: Vec<String>,
    mode: Option<String>,
    launches: Vec<(String, String)>,
}

/// What the output says about one story.
#[derive(Debug, Default)]
struct Found {
    /// Stops in order, each with whether it is planned; `None` when several documents give
    /// separate routes (not one journey).
    journey: Option<Vec<(String, bool)>>,
    mode: Option<String>,
    launches: Vec<(String, String)>,
    places: Vec<String>,
    duplicates: usize,
}

fn set_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/stories").join(name)
}

fn run(path: &Path) -> Found {
    let mut cmd = Command::cargo_bin("toponym").expect("binary built");
    cmd.env_remove("TOPONYM_GAZETTEER").arg("geojson").arg(path).args(["-o", "-"]);
    let out = cmd.output().expect("runs");
    let v: Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{}: output is not JSON ({e})", path.display()));
    found(&v)
}

fn found(v: &Value) -> Found {
    let features = v["features"].as_array().cloned().unwrap_or_default();
    let prop = |f: &Value, k: &str| f["properties"][k].as_str().map(str::to_string);
    let mut f = Found::default();
    let mut seen = Vec::new();
    for feat in &features {
        let key = (prop(feat, "role"), prop(feat, "name"), feat["geometry"].to_string());
        if seen.contains(&key) {
            f.duplicates += 1;
        } else {
            seen.push(key);
        }
    }
    let routes: Vec<&Value> = features.iter().filter(|x| prop(x, "role").as_deref() == Some("route")).collect();
    let mut docs: Vec<String> = routes.iter().filter_map(|r| prop(r, "document")).collect();
    docs.dedup();
    if docs.len() <= 1 && !routes.is_empty() {
        let stops = |r: &Value| -> Vec<String> {
            prop(r, "waypoints").unwrap_or_default().split(" > ").map(str::to_string).collect()
        };
        let travelled = routes.iter().find(|r| prop(r, "status").as_deref() != Some("planned"));
        let planned = routes.iter().find(|r| prop(r, "status").as_deref() == Some("planned"));
        let mut journey: Vec<(String, bool)> = Vec::new();
        if let Some(t) = travelled {
            journey.extend(stops(t).into_iter().map(|s| (s, false)));
        }
        if let Some(p) = planned {
            let skip = usize::from(travelled.is_some());
            journey.extend(stops(p).into_iter().skip(skip).map(|s| (s, true)));
        }
        f.journey = Some(journey);
        f.mode = routes.iter().find_map(|r| prop(r, "travel_mode"));
    } else if routes.is_empty() {
        f.journey = Some(Vec::new());
    }
    for t in features.iter().filter(|x| prop(x, "role").as_deref() == Some("launch_track")) {
        f.launches.push((prop(t, "origin").unwrap_or_default(), prop(t, "target").unwrap_or_default()));
    }
    f.launches.sort();
    f.places = features
        .iter()
        .filter(|x| !matches!(prop(x, "role").as_deref(), Some("route" | "launch_track")))
        .filter_map(|x| prop(x, "name"))
        .collect();
    f
}

#[derive(Default)]
struct Score {
    stories: usize,
    journeys: usize,
    routes_right: usize,
    no_journey: usize,
    false_routes: usize,
    journey_right: usize,
    modes: usize,
    modes_right: usize,
    launch_stories: usize,
    launches_right: usize,
    places: usize,
    places_found: usize,
    duplicates: usize,
    wrong: Vec<String>,
}

impl Score {
    fn journey_accuracy(&self) -> f64 {
        self.journey_right as f64 / self.stories.max(1) as f64
    }

    fn table(&self, set: &str) -> String {
        let pct =
            |a: usize, b: usize| if b == 0 { "-".to_string() } else { format!("{:.0} %", 100.0 * a as f64 / b as f64) };
        format!(
            "| set | stories | routes right | false routes | journey accuracy | mode right | launch tracks right | place recall | duplicate features |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|---:|\n\
             | {set} | {} | {}/{} | {}/{} | {} ({}/{}) | {}/{} | {}/{} | {} | {} |\n",
            self.stories,
            self.routes_right,
            self.journeys,
            self.false_routes,
            self.no_journey,
            pct(self.journey_right, self.stories),
            self.journey_right,
            self.stories,
            self.modes_right,
            self.modes,
            self.launches_right,
            self.launch_stories,
            pct(self.places_found, self.places),
            self.duplicates,
        )
    }
}

fn score(set: &str) -> Score {
    let dir = set_dir(set);
    let expected: BTreeMap<String, Expected> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).expect("expected.json"))
            .expect("expected.json parses");
    let mut s = Score::default();
    for (name, want) in &expected {
        let file = dir.join(format!("{name}.txt"));
        let path = if file.is_file() { file } else { dir.join(name) };
        assert!(path.exists(), "{set}/{name}: no story file or directory");
        let got = run(&path);
        s.stories += 1;
        let want_journey: Vec<(String, bool)> = want
            .travelled
            .iter()
            .map(|n| (n.clone(), false))
            .chain(want.planned.iter().map(|n| (n.clone(), true)))
            .collect();
        let right = got.journey.as_ref() == Some(&want_journey);
        if want_journey.is_empty() {
            s.no_journey += 1;
            if got.journey.as_ref().is_none_or(|j| !j.is_empty()) {
                s.false_routes += 1;
            }
        } else {
            s.journeys += 1;
            s.routes_right += usize::from(right);
            if let (true, Some(m)) = (right, &want.mode) {
                s.modes += 1;
                s.modes_right += usize::from(got.mode.as_ref() == Some(m));
            }
        }
        s.journey_right += usize::from(right);
        let mut want_launches = want.launches.clone();
        want_launches.sort();
        if !want_launches.is_empty() || !got.launches.is_empty() {
            s.launch_stories += 1;
            s.launches_right += usize::from(got.launches == want_launches);
        }
        s.places += want.places.len();
        s.places_found += want.places.iter().filter(|p| got.places.contains(p)).count();
        s.duplicates += got.duplicates;
        if !right || got.launches != want_launches || got.duplicates > 0 {
            s.wrong.push(format!(
                "{name}: journey {:?} (want {:?}), mode {:?}, launches {:?} (want {:?}), {} duplicate features",
                got.journey, want_journey, got.mode, got.launches, want_launches, got.duplicates
            ));
        }
    }
    s
}

fn report(set: &str, s: &Score) {
    println!("\n{}", s.table(set));
    for w in &s.wrong {
        println!("  {w}");
    }
}

#[test]
fn dev_story_set_has_no_false_route_and_keeps_its_floor() {
    let s = score("dev");
    report("dev", &s);
    assert!(s.stories >= 20, "the dev set holds at least 20 stories");
    assert_eq!(s.false_routes, 0, "false routes on the dev set:\n{}", s.wrong.join("\n"));
    assert!(
        s.journey_accuracy() >= JOURNEY_FLOOR,
        "journey accuracy {:.2} below {JOURNEY_FLOOR}:\n{}",
        s.journey_accuracy(),
        s.wrong.join("\n")
    );
    assert_eq!(s.duplicates, 0, "no feature is emitted twice");
}

/// Scored only at the end of a piece of work: `scripts/score-stories.sh heldout`.
#[test]
#[ignore]
fn heldout_story_set() {
    let s = score("heldout");
    report("heldout", &s);
}
