//! Features news names (rivers, lakes, peaks, plants and dams, bridges and crossings, ports,
//! airports, landmarks, districts): `fixtures/features.tsv` holds queries and news sentences we
//! wrote, each with the real feature's point. A bare `lookup` must put the feature first, and the
//! sentence must resolve a mention to it, for at least 90 % of rows each. The generic word or a
//! context cue decides between a feature and the town it is named after, never the bare name.

use toponym::coord::{distance_km, Point};
use toponym::gazetteer::{Kind, LookupOptions};
use toponym::{Gazetteer, ResolveOptions, Resolver};

struct Row {
    class: String,
    query: String,
    sentence: String,
    at: Point,
    km: f64,
}

fn rows() -> Vec<Row> {
    let text = include_str!("fixtures/features.tsv");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("class\t") && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 6, "row {l:?}");
            let num = |i: usize| f[i].parse::<f64>().unwrap_or_else(|_| panic!("number in {l:?}"));
            Row {
                class: f[0].into(),
                query: f[1].into(),
                sentence: f[2].into(),
                at: Point::new(num(4), num(3)),
                km: num(5),
            }
        })
        .collect()
}

#[test]
fn features_are_found_by_lookup_and_in_news_sentences() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    let rows = rows();
    assert!(rows.len() >= 60, "{} rows", rows.len());
    let (mut by_lookup, mut in_text, mut misses) = (0, 0, Vec::new());
    for r in &rows {
        let top = gaz.lookup(&r.query, &LookupOptions { limit: 1, ..Default::default() });
        let hit = top.first().is_some_and(|m| distance_km(m.place.point(), r.at) <= r.km);
        let mentions = resolver.resolve(&r.sentence, &ResolveOptions::default());
        let found = mentions.iter().any(|m| distance_km(Point::new(m.place.lon, m.place.lat), r.at) <= r.km);
        by_lookup += usize::from(hit);
        in_text += usize::from(found);
        if !(hit && found) {
            let got: Vec<String> = mentions.iter().map(|m| format!("{} -> {}", m.text, m.place.name)).collect();
            misses.push(format!(
                "{} {:?}: lookup {:?}, sentence {got:?}",
                r.class,
                r.query,
                top.first().map(|m| m.place.name())
            ));
        }
    }
    let n = rows.len();
    assert!(by_lookup * 10 >= n * 9, "lookup right for {by_lookup} of {n}:\n{}", misses.join("\n"));
    assert!(in_text * 10 >= n * 9, "sentence right for {in_text} of {n}:\n{}", misses.join("\n"));
}

/// A feature named after a town does not take the town's bare name; its generic word or a
/// flight's words bring it in.
#[test]
fn features_need_their_generic_word_to_take_a_towns_name() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    let rows: &[(&str, &str, Kind)] = &[
        ("Shelling hit Rivne on Tuesday night.", "Rivne", Kind::City),
        ("Air raid sirens sounded in Odesa and Mykolaiv.", "Odesa", Kind::City),
        ("The mayor of Mosul opened a new hospital.", "Mosul", Kind::City),
        ("Fukushima farmers sold their first peaches of the year.", "Fukushima", Kind::City),
        ("Residents of Domodedovo complained about the noise.", "Domodedovo", Kind::City),
        ("He grew up in Beirut before moving to Paris.", "Beirut", Kind::City),
        ("The jet landed at Domodedovo after a bomb threat.", "Domodedovo", Kind::Airport),
        ("Engineers inspected the Mosul Dam on Monday.", "Mosul Dam", Kind::Dam),
        ("Ships waited outside the Port of Odesa.", "Port of Odesa", Kind::Port),
        ("Staff at the Rivne nuclear power plant were evacuated.", "Rivne nuclear power plant", Kind::PowerPlant),
    ];
    let mut failures = Vec::new();
    for &(text, name, kind) in rows {
        let got = resolver.resolve(text, &ResolveOptions::default());
        match got.iter().find(|m| m.text == name) {
            Some(m) if m.place.kind == Some(kind) => {}
            other => failures.push(format!(
                "{text:?}: {name:?} wanted {kind}, got {:?}",
                other.map(|m| (&m.place.name, m.place.kind))
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every new kind has its name in GeoJSON and a map symbol.
#[test]
fn new_kinds_are_named_and_drawn() {
    for (kind, name) in [
        (Kind::PowerPlant, "power_plant"),
        (Kind::Dam, "dam"),
        (Kind::Bridge, "bridge"),
        (Kind::Tunnel, "tunnel"),
        (Kind::Peak, "peak"),
        (Kind::MilitaryBase, "military_base"),
    ] {
        assert_eq!(kind.as_str(), name);
        assert_eq!(serde_json::to_value(kind).expect("serialises"), serde_json::json!(name));
        assert!(kind.is_site(), "{kind}");
    }
}

/// (query, sentence, the mention, its kind, real lat, lon)
type SiteRow = (&'static str, &'static str, &'static str, Kind, f64, f64);

/// What goes wrong for each site row: its `lookup` top hit, or its mention in the sentence, is
/// not of its kind within 25 km of it.
fn site_failures(gaz: &Gazetteer, resolver: &Resolver, rows: &[SiteRow]) -> Vec<String> {
    let mut failures = Vec::new();
    for &(query, text, mention, kind, lat, lon) in rows {
        let at = Point::new(lon, lat);
        let top = gaz.lookup(query, &LookupOptions { limit: 1, ..Default::default() });
        match top.first() {
            Some(m) if m.place.kind() == kind && distance_km(m.place.point(), at) <= 25.0 => {}
            other => failures.push(format!("lookup {query:?}: {:?}", other.map(|m| (m.place.name(), m.place.kind())))),
        }
        let got = resolver.resolve(text, &ResolveOptions::default());
        match got.iter().find(|m| m.text.eq_ignore_ascii_case(mention)) {
            Some(m) if m.place.kind == Some(kind) && distance_km(Point::new(m.place.lon, m.place.lat), at) <= 25.0 => {}
            other => failures.push(format!("{text:?}: {:?}", other.map(|m| (&m.place.name, m.place.kind)))),
        }
    }
    failures
}

/// Sites that only the maintained sources carry (powerplantmatching's European plants and dams,
/// the Global Volcanism Program's volcanoes), each by its generic word in a sentence we wrote; the
/// town a site is named after keeps its bare name.
#[test]
fn maintained_sources_add_plants_dams_and_volcanoes() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    let rows: &[SiteRow] = &[
        (
            "Dukovany nuclear power plant",
            "Inspectors toured the Dukovany nuclear power plant on Friday.",
            "Dukovany nuclear power plant",
            Kind::PowerPlant,
            49.085,
            16.148,
        ),
        (
            "Mochovce nuclear plant",
            "A third reactor at the Mochovce nuclear plant reached full power.",
            "Mochovce nuclear plant",
            Kind::PowerPlant,
            48.263,
            18.457,
        ),
        (
            "Krsko nuclear power plant",
            "Slovenia extended the licence of the Krsko nuclear power plant.",
            "Krsko nuclear power plant",
            Kind::PowerPlant,
            45.938,
            15.515,
        ),
        (
            "Gravelines nuclear power plant",
            "Jellyfish blocked the cooling water intake of the Gravelines nuclear power plant.",
            "Gravelines nuclear power plant",
            Kind::PowerPlant,
            51.015,
            2.136,
        ),
        (
            "Drax power station",
            "Protesters blocked the road to Drax power station in Yorkshire.",
            "Drax power station",
            Kind::PowerPlant,
            53.736,
            -0.996,
        ),
        (
            "Belchatow power station",
            "Emissions from the Belchatow power station rose again last year.",
            "Belchatow power station",
            Kind::PowerPlant,
            51.266,
            19.331,
        ),
        (
            "Vouglans dam",
            "Water was released from the Vouglans dam after heavy rain in the Jura.",
            "Vouglans dam",
            Kind::Dam,
            46.398,
            5.663,
        ),
        (
            "Nabro volcano",
            "Ash from the Nabro volcano grounded flights across the region.",
            "Nabro volcano",
            Kind::Peak,
            13.37,
            41.70,
        ),
        (
            "Ol Doinyo Lengai",
            "Climbers reached the crater of Ol Doinyo Lengai before dawn.",
            "Ol Doinyo Lengai",
            Kind::Peak,
            -2.764,
            35.914,
        ),
        ("Mount Adams", "Snow fell early on Mount Adams this autumn.", "Mount Adams", Kind::Peak, 46.202, -121.490),
    ];
    let mut failures = site_failures(gaz, &resolver, rows);
    // The towns keep their bare names.
    for (text, name) in [
        ("The school in Dukovany reopened after the holidays.", "Dukovany"),
        ("Adams voters backed the new library budget.", "Adams"),
        ("Traffic in Drax was diverted on Monday.", "Drax"),
    ] {
        let got = resolver.resolve(text, &ResolveOptions::default());
        if let Some(m) = got.iter().find(|m| m.text == name).filter(|m| m.place.kind != Some(Kind::City)) {
            failures.push(format!("{text:?}: {name:?} went to {} ({:?})", m.place.name, m.place.kind));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Plants and dams outside Europe come from the Global Power Plant Database (WRI): each by its
/// generic word in a sentence we wrote, at the real site; the towns they are named after keep
/// their bare names.
#[test]
fn global_power_plant_database_adds_sites_outside_europe() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    let rows: &[SiteRow] = &[
        (
            "Balakovo nuclear power plant",
            "Engineers restarted the third reactor at the Balakovo nuclear power plant on Tuesday.",
            "Balakovo nuclear power plant",
            Kind::PowerPlant,
            52.09,
            47.95,
        ),
        (
            "Hamaoka nuclear power plant",
            "A court ordered the Hamaoka nuclear power plant to stay shut until the seawall is finished.",
            "Hamaoka nuclear power plant",
            Kind::PowerPlant,
            34.62,
            138.14,
        ),
        (
            "Laguna Verde nuclear power plant",
            "Mexico extended the licence of the Laguna Verde nuclear power plant by twenty years.",
            "Laguna Verde nuclear power plant",
            Kind::PowerPlant,
            19.72,
            -96.41,
        ),
        (
            "Bruce nuclear generating station",
            "Ontario will refurbish two more units of the Bruce nuclear generating station.",
            "Bruce nuclear generating station",
            Kind::PowerPlant,
            44.33,
            -81.60,
        ),
        (
            "Mundra power station",
            "Coal deliveries to the Mundra power station were delayed by the cyclone.",
            "Mundra power station",
            Kind::PowerPlant,
            22.82,
            69.53,
        ),
        (
            "Haditha Dam",
            "Fighters tried to seize the Haditha Dam on the Euphrates overnight.",
            "Haditha Dam",
            Kind::Dam,
            34.21,
            42.36,
        ),
        (
            "Keban Dam",
            "The reservoir behind the Keban Dam fell to a record low in August.",
            "Keban Dam",
            Kind::Dam,
            38.80,
            38.75,
        ),
        (
            "Kaiga atomic power station",
            "A fifth reactor is being built at the Kaiga atomic power station in Karnataka.",
            "Kaiga atomic power station",
            Kind::PowerPlant,
            14.86,
            74.44,
        ),
        (
            "Grand Coulee Dam",
            "Salmon cannot pass the Grand Coulee Dam, the tribes told the hearing.",
            "Grand Coulee Dam",
            Kind::Dam,
            47.96,
            -118.98,
        ),
    ];
    let mut failures = site_failures(gaz, &resolver, rows);
    // The towns keep their bare names; a plant's other name never takes a town's in its country.
    for (text, name) in [
        ("The mayor of Balakovo opened a new school.", "Balakovo"),
        ("Shops in Haditha reopened on Monday.", "Haditha"),
        ("Customs officers in Agua Prieta seized a truck.", "Agua Prieta"),
    ] {
        let got = resolver.resolve(text, &ResolveOptions::default());
        match got.iter().find(|m| m.text == name) {
            Some(m) if m.place.kind == Some(Kind::City) => {}
            other => failures.push(format!("{text:?}: {:?}", other.map(|m| (&m.place.name, m.place.kind)))),
        }
    }
    let agua_prieta = gaz.lookup("Agua Prieta power plant", &LookupOptions { limit: 1, ..Default::default() });
    if let Some(m) = agua_prieta.first().filter(|m| m.place.kind() == Kind::PowerPlant) {
        failures.push(format!("'Agua Prieta power plant' went to {} (a dam in Jalisco)", m.place.name()));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `eval/features/news-features.tsv`, the features world news names (both halves): a bare
/// `lookup` puts the feature first for at least 85 % of all rows and 90 % of plants and dams.
#[test]
fn news_features_list_is_found_by_lookup() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let text = include_str!("../../eval/features/news-features.tsv");
    let (mut right, mut total, mut sites_right, mut sites) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for l in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let f: Vec<&str> = l.split('\t').collect();
        assert_eq!(f.len(), 6, "row {l:?}");
        let num = |i: usize| f[i].parse::<f64>().unwrap_or_else(|_| panic!("number in {l:?}"));
        let (at, km) = (Point::new(num(3), num(2)), num(4));
        let top = gaz.lookup(f[1], &LookupOptions { limit: 1, ..Default::default() });
        let ok = top.first().is_some_and(|m| distance_km(m.place.point(), at) <= km);
        let site = f[0] == "plant" || f[0] == "dam";
        total += 1;
        right += usize::from(ok);
        sites += usize::from(site);
        sites_right += usize::from(site && ok);
        if !ok {
            misses.push(f[1].to_string());
        }
    }
    assert!(right * 100 >= total * 85, "{right}/{total}; missed {misses:?}");
    assert!(sites_right * 100 >= sites * 90, "plants and dams {sites_right}/{sites}; missed {misses:?}");
}
