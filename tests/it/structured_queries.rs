//! Geocoder-style queries ("Paris, Texas", "Springfield, MO", "Moskau, Russland", "Georgia
//! (country)") against the real places' coordinates: tests/it/fixtures/structured_queries.tsv.

use toponym::coord::Point;
use toponym::gazetteer::LookupOptions;
use toponym::Gazetteer;

const FIXTURE: &str = include_str!("fixtures/structured_queries.tsv");

/// (query, lat, lon, km) rows of the fixture.
fn rows() -> Vec<(&'static str, f64, f64, f64)> {
    FIXTURE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let num = |i: usize| f[i].parse::<f64>().unwrap_or_else(|e| panic!("{l:?} column {i}: {e}"));
            let km = if f.len() > 3 { num(3) } else { 25.0 };
            (f[0], num(1), num(2), km)
        })
        .collect()
}

#[test]
fn structured_queries_find_the_place_people_mean() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let rows = rows();
    assert!(rows.len() >= 100, "{} rows", rows.len());
    let mut failures = Vec::new();
    for &(query, lat, lon, km) in &rows {
        let found = gaz.search(query, &LookupOptions { limit: 1, ..Default::default() });
        match found.matches.first() {
            None => failures.push(format!("{query:?}: nothing found")),
            Some(top) => {
                let d = top.place.distance_km(Point::new(lon, lat));
                if d > km {
                    failures.push(format!("{query:?}: got {:?} at {d:.0} km (want within {km} km)", top.place));
                }
            }
        }
    }
    let right = rows.len() - failures.len();
    assert!(
        right * 100 >= rows.len() * 98,
        "{right} of {} right (want 98 %); wrong:\n{}",
        rows.len(),
        failures.join("\n")
    );
    // Print the few misses for whoever tunes this next.
    if !failures.is_empty() {
        eprintln!("{} of {} structured queries missed:\n{}", failures.len(), rows.len(), failures.join("\n"));
    }
}

#[test]
fn qualifiers_say_how_they_matched_and_unknown_ones_are_ignored_with_a_note() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let opts = LookupOptions { limit: 3, ..Default::default() };
    let rows: &[(&str, &str)] = &[
        ("Paris, TX", "TX → admin1 Texas"),
        ("London, ON", "ON → admin1 Ontario"),
        ("Cambridge, Mass.", "Mass. → admin1 Massachusetts"),
        ("Moskau, Russland", "Russland → country Russia"),
        ("Lyon, FR", "FR → country France"),
    ];
    for (query, want) in rows {
        let found = gaz.search(query, &opts);
        assert_eq!(found.matches[0].qualifier.as_deref(), Some(*want), "{query}");
        assert!(found.note.is_none() && found.ignored.is_empty(), "{query}: {:?}", found.note);
    }
    // A qualifier the gazetteer does not know: the name's best matches, and a note.
    let found = gaz.search("Springfield, Narnia", &opts);
    assert_eq!(found.matches[0].place.name(), "Springfield");
    assert_eq!(found.ignored, ["Narnia"]);
    assert!(found.note.as_deref().is_some_and(|n| n.contains("Narnia")), "{:?}", found.note);
    // A known qualifier no place of the name satisfies: the same, said differently.
    let found = gaz.search("Vladivostok, France", &opts);
    assert_eq!(found.matches[0].place.country_code(), Some("RU"));
    assert!(found.note.as_deref().is_some_and(|n| n.contains("no \"Vladivostok\" in \"France\"")), "{:?}", found.note);
}
