//! Table-driven look-ups across continents, scripts and kinds. Expected coordinates are the
//! real places' (from atlases, not from this gazetteer); a row passes when the top hit lies
//! within `km` of them and has the expected country and kind.

use toponym::coord::Point;
use toponym::gazetteer::{Kind, LookupOptions};
use toponym::Gazetteer;

struct Row {
    query: &'static str,
    country: Option<&'static str>,
    /// Prefer places near this (lat, lon).
    near: Option<(f64, f64)>,
    lat: f64,
    lon: f64,
    km: f64,
    cc: Option<&'static str>,
    kind: Kind,
}

const fn row(query: &'static str, lat: f64, lon: f64, cc: &'static str, kind: Kind) -> Row {
    Row { query, country: None, near: None, lat, lon, km: 25.0, cc: Some(cc), kind }
}

fn rows() -> Vec<Row> {
    use Kind::*;
    vec![
        // The reference story's places.
        row("Khasan", 42.43, 130.65, "RU", City),
        row("Vostochny Cosmodrome", 51.88, 128.33, "RU", LaunchSite),
        row("Sunan", 39.20, 125.69, "KP", City),
        row("Komsomolsk-on-Amur", 50.55, 137.01, "RU", City),
        row("Komsomolsk-na-Amure", 50.55, 137.01, "RU", City),
        row("Komsomolsk on Amur", 50.55, 137.01, "RU", City),
        row("Vladivostok", 43.12, 131.89, "RU", City),
        row("Vladivostock", 43.12, 131.89, "RU", City),
        row("Tumangang", 42.42, 130.60, "KP", RailStation),
        row("Tsiolkovsky", 51.76, 128.12, "RU", City),
        row("Pyongyang", 39.02, 125.75, "KP", City),
        row("평양", 39.02, 125.75, "KP", City),
        row("Seoul", 37.57, 126.98, "KP", City).with_cc("KR"),
        row("Москва", 55.75, 37.62, "RU", City),
        row("Moskva", 55.75, 37.62, "RU", City),
        row("Kyiv", 50.45, 30.52, "UA", City),
        row("Kiev", 50.45, 30.52, "UA", City),
        Row { cc: None, km: 300.0, ..row("East Sea", 40.0, 135.0, "", Sea) },
        Row { cc: None, km: 300.0, ..row("Sea of Japan", 40.0, 135.0, "", Sea) },
        // Features with and without their generic part, either side of the name.
        Row { cc: None, km: 100.0, ..row("Cape of Good Hope", -34.36, 18.47, "", Cape) },
        Row { cc: None, km: 500.0, ..row("Mississippi River", 35.0, -90.0, "", River) },
        Row { cc: None, km: 500.0, ..row("River Volga", 55.8, 49.1, "", River) },
        Row { cc: None, km: 500.0, ..row("Gobi Desert", 42.5, 103.0, "", Desert) },
        Row { cc: None, km: 500.0, ..row("Gobi", 42.5, 103.0, "", Desert) },
        Row { cc: None, km: 300.0, ..row("Baikal Lake", 53.5, 108.0, "", Lake) },
        Row { cc: None, km: 10.0, ..row("Kremlin", 55.75, 37.62, "", Landmark) },
        // Europe.
        row("Paris", 48.86, 2.35, "FR", City),
        Row { country: Some("US"), ..row("Paris", 33.66, -95.56, "US", City) },
        row("Zürich", 47.37, 8.54, "CH", City),
        row("Zurich", 47.37, 8.54, "CH", City),
        row("Kraków", 50.06, 19.94, "PL", City),
        row("München", 48.14, 11.58, "DE", City),
        row("Reykjavik", 64.15, -21.94, "IS", City),
        row("Odessa", 46.48, 30.73, "UA", City),
        row("Istanbul", 41.01, 28.98, "TR", City),
        // Asia and Oceania.
        row("東京", 35.69, 139.69, "JP", City),
        row("北京", 39.91, 116.40, "CN", City),
        row("Bombay", 19.08, 72.88, "IN", City),
        row("Jakarta", -6.21, 106.85, "ID", City),
        row("تهران", 35.69, 51.39, "IR", City),
        row("Ulaanbaatar", 47.92, 106.92, "MN", City),
        row("Sydney", -33.87, 151.21, "AU", City),
        row("Wellington", -41.29, 174.78, "NZ", City),
        // Africa.
        row("Lagos", 6.45, 3.39, "NG", City),
        row("Nairobi", -1.29, 36.82, "KE", City),
        row("القاهرة", 30.04, 31.24, "EG", City),
        row("Kinshasa", -4.32, 15.31, "CD", City),
        row("Cape Town", -33.92, 18.42, "ZA", City),
        // The Americas.
        row("São Paulo", -23.55, -46.63, "BR", City),
        row("Sao Paulo", -23.55, -46.63, "BR", City),
        row("Buenos Aires", -34.60, -58.38, "AR", City),
        row("Lima", -12.05, -77.04, "PE", City),
        row("Ciudad de México", 19.43, -99.13, "MX", City),
        row("New York", 40.71, -74.01, "US", City),
        row("Los Angeles", 34.05, -118.24, "US", City),
        row("Toronto", 43.65, -79.38, "CA", City),
        Row { country: Some("CA"), ..row("Vancouver", 49.28, -123.12, "CA", City) },
        Row { near: Some((39.8, -89.6)), ..row("Springfield", 39.80, -89.64, "US", City) },
        Row { near: Some((43.7, -70.3)), ..row("Portland", 43.66, -70.26, "US", City) },
        // Typos.
        row("Johanesburg", -26.20, 28.04, "ZA", City),
        row("Vladivostokk", 43.12, 131.89, "RU", City),
        // Other kinds.
        Row { km: 200.0, ..row("Baikonur Cosmodrome", 45.96, 63.31, "KZ", LaunchSite) },
        Row { km: 300.0, ..row("Amur Oblast", 52.8, 128.4, "RU", Admin1) },
        Row { km: 300.0, ..row("North Korea", 40.0, 127.0, "KP", Country) },
        Row { km: 400.0, ..row("Deutschland", 51.0, 10.0, "DE", Country) },
        Row { cc: None, km: 100.0, ..row("Strait of Hormuz", 26.57, 56.25, "", Strait) },
        Row { cc: None, km: 2000.0, ..row("Pacific Ocean", 0.0, -160.0, "", Ocean) },
        row("FNJ", 39.22, 125.67, "KP", Airport),
    ]
}

trait WithCc {
    fn with_cc(self, cc: &'static str) -> Self;
}
impl WithCc for Row {
    fn with_cc(mut self, cc: &'static str) -> Self {
        self.cc = Some(cc);
        self
    }
}

#[test]
fn top_hit_is_the_place_people_mean() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let rows = rows();
    assert!(rows.len() >= 40);
    let mut failures = Vec::new();
    for r in &rows {
        let opts = LookupOptions {
            limit: 1,
            country: r.country.map(str::to_string),
            kind: None,
            near: r.near.map(|(lat, lon)| Point::new(lon, lat)),
        };
        let Some(top) = gaz.lookup(r.query, &opts).into_iter().next() else {
            failures.push(format!("{:?}: nothing found", r.query));
            continue;
        };
        let d = top.place.distance_km(Point::new(r.lon, r.lat));
        if d > r.km || top.place.kind() != r.kind || (r.cc.is_some() && top.place.country_code() != r.cc) {
            failures.push(format!(
                "{:?}: got {:?} at {d:.0} km, want {:?} {:?} within {} km",
                r.query, top.place, r.cc, r.kind, r.km
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} rows failed:\n{}", failures.len(), rows.len(), failures.join("\n"));
}

#[test]
fn fuzzy_never_beats_a_good_exact_match() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    // "Kursk" is a real city; its one-edit neighbours must not outrank it.
    let hits = gaz.lookup("Kursk", &LookupOptions { limit: 10, ..Default::default() });
    assert_eq!(hits[0].place.name(), "Kursk");
    assert!(hits.iter().all(|m| m.kind != toponym::gazetteer::MatchKind::Fuzzy), "{hits:?}");
}

#[test]
fn the_gazetteer_has_world_scale() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let meta = gaz.metadata();
    let kinds = &meta["by_kind"];
    assert!(kinds["city"].as_u64().unwrap_or(0) >= 230_000, "{kinds}");
    assert!(kinds["country"].as_u64().unwrap_or(0) >= 245, "{kinds}");
    assert!(kinds["admin1"].as_u64().unwrap_or(0) >= 3_500, "{kinds}");
    assert!(meta["alternate_names"].as_u64().unwrap_or(0) >= 1_000_000, "{meta}");
    // Records are sorted by id and every one has a name and valid coordinates.
    let mut last = 0;
    for p in gaz.places() {
        assert!(p.id().0 > last || last == 0, "ids not sorted at {p:?}");
        last = p.id().0;
        assert!(!p.name().is_empty(), "{p:?}");
        assert!((-90.0..=90.0).contains(&p.lat()) && (-180.0..=180.0).contains(&p.lon()), "{p:?}");
    }
}

#[test]
fn nearest_finds_the_closest_places_in_order() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let near = gaz.nearest(Point::new(131.885, 43.115), 5, Some(Kind::City));
    assert_eq!(near.len(), 5);
    assert_eq!(near[0].0.name(), "Vladivostok");
    assert!(near.windows(2).all(|w| w[0].1 <= w[1].1));
    // Across the antimeridian: a point in Fiji at 179.99 E finds places on both sides.
    let fiji = gaz.nearest(Point::new(-179.99, -16.5), 3, None);
    assert!(fiji[0].1 < 200.0, "{fiji:?}");
}
