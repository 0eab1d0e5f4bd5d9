//! Table-driven checks of the recognition and resolution rules, on sentences written for these
//! tests. Each row: a text, the mentions that must be found (text, country code), and words
//! that must not be reported as places.

use toponym::coord::{distance_km, Point};
use toponym::{Gazetteer, ResolveOptions, Resolver};

struct Row {
    text: &'static str,
    found: &'static [(&'static str, &'static str)],
    not_places: &'static [&'static str],
}

fn rows() -> Vec<Row> {
    vec![
        // The Earth and the planets in a text about space; the Texas town elsewhere.
        Row {
            text: "The capsule docked with the orbiting lab after a launch from Kazakhstan; the crew is due back on Earth in May.",
            found: &[("Kazakhstan", "KZ")],
            not_places: &["Earth"],
        },
        Row {
            text: "The cotton gin in Earth, Texas closed after sixty years.",
            found: &[("Earth", "US"), ("Texas", "US")],
            not_places: &[],
        },
        // A word before a number is a road, not a minor place ("Loop" is also Chicago's Loop).
        Row {
            text: "The truck was heading east at Loop 286 when it struck a pickup near Paris, Texas.",
            found: &[("Paris", "US"), ("Texas", "US")],
            not_places: &["Loop"],
        },
        // Longest match wins.
        Row {
            text: "Talks between North Korea and Japan stalled.",
            found: &[("North Korea", "KP"), ("Japan", "JP")],
            not_places: &["Korea"],
        },
        Row {
            text: "A ship crossed the Sea of Japan overnight.",
            found: &[("Sea of Japan", "")],
            not_places: &["Japan"],
        },
        Row {
            text: "Rockets rise over the Vostochny Cosmodrome.",
            found: &[("Vostochny Cosmodrome", "RU")],
            not_places: &["Vostochny"],
        },
        Row {
            text: "Planes are built in Komsomolsk-on-Amur.",
            found: &[("Komsomolsk-on-Amur", "RU")],
            not_places: &["Amur"],
        },
        // Possessives and hyphenated compounds.
        Row {
            text: "Russia's envoy spoke at the Russia-North Korea border.",
            found: &[("Russia", "RU"), ("Russia", "RU"), ("North Korea", "KP")],
            not_places: &["Russia's"],
        },
        // Capitals: prose needs them, headlines and datelines do not.
        Row { text: "He said nice things about reading.", found: &[], not_places: &["nice", "reading"] },
        Row {
            text: "SEOUL, South Korea (AP) — Officials met.",
            found: &[("SEOUL", "KR"), ("South Korea", "KR")],
            not_places: &[],
        },
        Row {
            text: "FLOODS HIT MANILA AND CEBU\nWater rose overnight.",
            found: &[("MANILA", "PH"), ("CEBU", "PH")],
            not_places: &[],
        },
        // Person names, titles, speech.
        Row { text: "Kim Jong Un met Vladimir Putin. Later Kim left.", found: &[], not_places: &["Kim", "Vladimir"] },
        Row { text: "Foreign Minister Choe Sun Hui arrived.", found: &[], not_places: &["Hui", "Sun"] },
        Row { text: "Spokesperson Mao Ning said the talks went well.", found: &[], not_places: &["Mao", "Ning"] },
        Row {
            text: "Adviser Lim Soo-suk and official Pak Thae Song flew to Tokyo.",
            found: &[("Tokyo", "JP")],
            not_places: &["Lim", "Soo", "Pak", "Song"],
        },
        // Organisations and products named after places.
        Row {
            text: "Fighters of the Wagner group and the mercenary group Wagner left.",
            found: &[],
            not_places: &["Wagner"],
        },
        Row {
            text: "Engineers showed the Angara, a new heavy rocket, and a Soyuz-2.",
            found: &[],
            not_places: &["Angara", "Soyuz"],
        },
        Row {
            text: "Follow us on Facebook and Google News for updates from Paris",
            found: &[],
            not_places: &["Paris"],
        },
        // Common words need locative context.
        Row {
            text: "Mobile phones rang. She moved to Reading, England, last year.",
            found: &[("Reading", "GB"), ("England", "GB")],
            not_places: &["Mobile"],
        },
        Row { text: "On Thursday in June the West responded.", found: &[], not_places: &["Thursday", "June", "West"] },
        // Context: a country named elsewhere; "Place, Container"; abbreviations.
        Row {
            text: "The convoy reached Khasan on the Russian side before dawn.",
            found: &[("Khasan", "RU")],
            not_places: &[],
        },
        Row {
            text: "The mayor of Paris, Texas, met farmers.",
            found: &[("Paris", "US"), ("Texas", "US")],
            not_places: &[],
        },
        Row {
            text: "Crews worked in Charleston, W.Va., and in the U.S. capital.",
            found: &[("Charleston", "US"), ("W.Va.", "US"), ("U.S.", "US")],
            not_places: &[],
        },
        Row {
            text: "Residents of Alexandria, La., cleaned up.",
            found: &[("Alexandria", "US"), ("La.", "US")],
            not_places: &[],
        },
        // "X port" does not make X a town: the Pacific here is the ocean.
        Row {
            text: "Warships anchored in Russia's Pacific port overnight.",
            found: &[("Pacific", "")],
            not_places: &[],
        },
        // Common given names are places only with locative evidence, wherever they stand.
        Row { text: "Kim arrived in Vladivostok on Monday.", found: &[("Vladivostok", "RU")], not_places: &["Kim"] },
        Row {
            text: "After the talks, Kim arrived in Vladivostok.",
            found: &[("Vladivostok", "RU")],
            not_places: &["Kim"],
        },
        Row { text: "The choir thanked Florence for the flowers.", found: &[], not_places: &["Florence"] },
        Row { text: "Tourists crowded the bridges in Florence.", found: &[("Florence", "IT")], not_places: &[] },
        Row { text: "Paris Hilton arrived late. Later Paris said she was tired.", found: &[], not_places: &["Paris"] },
        Row { text: "Michael Jordan scored 30 points. Afterwards Jordan smiled.", found: &[], not_places: &["Jordan"] },
        Row {
            text: "Chad Johnson caught the ball, and later Chad signed autographs.",
            found: &[],
            not_places: &["Chad"],
        },
        Row {
            text: "Fighting spread in northern Chad and across Jordan.",
            found: &[("Chad", "TD"), ("Jordan", "JO")],
            not_places: &[],
        },
        Row { text: "Shiloh is a small town in Ohio.", found: &[("Shiloh", "US"), ("Ohio", "US")], not_places: &[] },
        // Numbers are never names.
        Row { text: "At 1 p.m. on 9/11 the 2 sides met.", found: &[], not_places: &["1", "2", "9", "11"] },
        // Scripts without case.
        Row {
            text: "代表团从北京飞往東京。", found: &[("北京", "CN"), ("東京", "JP")], not_places: &[]
        },
        Row { text: "평양에서 열차가 출발했다", found: &[("평양", "KP")], not_places: &[] },
    ]
}

#[test]
fn recognition_and_resolution_rules() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    let mut failures = Vec::new();
    for row in rows() {
        let got = resolver.resolve(row.text, &ResolveOptions::default());
        let pairs: Vec<(String, String)> =
            got.iter().map(|m| (m.text.clone(), m.place.country_code.clone().unwrap_or_default())).collect();
        for (text, cc) in row.found {
            if !pairs.iter().any(|(t, c)| t == text && c == cc) {
                failures.push(format!("{:?}: missing {text:?} ({cc}); got {pairs:?}", row.text));
            }
        }
        for bad in row.not_places {
            if got.iter().any(|m| m.text == *bad) {
                failures.push(format!("{:?}: {bad:?} reported as a place; got {pairs:?}", row.text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn demonyms_are_adjectives_and_only_on_request() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    let text = "Russian and North Korean officials met Siberian farmers.";
    assert!(resolver.resolve(text, &ResolveOptions::default()).is_empty());
    let with = resolver.resolve(text, &ResolveOptions { adjectives: true, ..Default::default() });
    let got: Vec<(&str, Option<&str>, bool)> =
        with.iter().map(|m| (m.text.as_str(), m.place.country_code.as_deref(), m.adjective)).collect();
    assert!(got.contains(&("Russian", Some("RU"), true)), "{got:?}");
    assert!(got.contains(&("North Korean", Some("KP"), true)), "{got:?}");
    assert!(got.iter().any(|(t, _, adj)| *t == "Siberian" && *adj), "{got:?}");
}

#[test]
fn the_example_story_resolves_its_route() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/summit.txt")).expect("example");
    let got = Resolver::new(gaz).resolve(&text, &ResolveOptions::default());
    // (name as written, real coordinates, km)
    let want = [
        ("Pyongyang", 39.03, 125.75, 25.0),
        ("Khasan", 42.43, 130.65, 10.0),
        ("Vostochny Cosmodrome", 51.88, 128.33, 10.0),
        ("Sunan", 39.20, 125.69, 15.0),
        ("Komsomolsk-on-Amur", 50.55, 137.01, 10.0),
        ("Vladivostok", 43.12, 131.89, 10.0),
        ("Seoul", 37.57, 126.98, 15.0),
        ("Sea of Japan", 40.0, 135.0, 500.0),
        ("East Sea", 40.0, 135.0, 500.0),
    ];
    for (name, lat, lon, km) in want {
        let m = got.iter().find(|m| m.text == name).unwrap_or_else(|| panic!("{name} not found in {got:?}"));
        let d = distance_km(Point::new(m.place.lon, m.place.lat), Point::new(lon, lat));
        assert!(d <= km, "{name}: {d:.0} km off ({:?})", m.place);
        assert!((0.0..=1.0).contains(&m.confidence));
    }
    for trap in ["Kim", "Mao", "Ning", "Angara", "Wagner"] {
        assert!(!got.iter().any(|m| m.text == trap), "{trap} reported as a place");
    }
}

mod properties {
    use proptest::prelude::*;
    use toponym::{Gazetteer, ResolveOptions, Resolver};

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn offsets_always_slice_the_text(text in "(\\PC|[A-Z][a-z]+|Paris|North Korea|U\\.S\\.| |,|\\n|'s){0,60}") {
            let gaz = Gazetteer::embedded().expect("embedded gazetteer");
            let chars: Vec<char> = text.chars().collect();
            for m in Resolver::new(gaz).resolve(&text, &ResolveOptions { adjectives: true, ..Default::default() }) {
                prop_assert!(m.start < m.end && m.end <= chars.len());
                let slice: String = chars[m.start..m.end].iter().collect();
                prop_assert_eq!(slice, m.text.clone());
                prop_assert!((0.0..=1.0).contains(&m.confidence));
                prop_assert!((-90.0..=90.0).contains(&m.place.lat) && (-180.0..=180.0).contains(&m.place.lon));
            }
        }
    }
}

/// A row of the resolution-rule table: a text written for this test, the readings its names must
/// get (as written, country code, kind) and words that must not be places.
struct Reading {
    text: &'static str,
    want: &'static [(&'static str, &'static str, &'static str)],
    not_places: &'static [&'static str],
}

/// Country and first-level-division names against same-named towns, qualifiers, non-places.
fn readings() -> Vec<Reading> {
    let r = |text, want, not_places| Reading { text, want, not_places };
    vec![
        // A country's or state's own name beats towns named after it ...
        r("Officials from Mexico and Guatemala met farmers from Missouri.", &[("Mexico", "MX", "country")], &[]),
        r("The government of Honduras asked Texas for help with the floods.", &[("Honduras", "HN", "country")], &[]),
        r("Jordan and Israel signed a water deal with firms from Minnesota.", &[("Jordan", "JO", "country")], &[]),
        r(
            "Turkey, Peru and Lebanon sent delegates to a fair in Ohio.",
            &[("Turkey", "TR", "country"), ("Peru", "PE", "country"), ("Lebanon", "LB", "country")],
            &[],
        ),
        r(
            "Greece and China bought grain from Kansas and Iowa.",
            &[("Greece", "GR", "country"), ("China", "CN", "country")],
            &[],
        ),
        r("Voters in New Mexico and Arizona went to the polls.", &[("New Mexico", "US", "admin1")], &[]),
        // ... unless the text qualifies it.
        r("He drove from Mexico, Mo., to Columbia for the game.", &[("Mexico", "US", "city")], &[]),
        r("She grew up in Paris, Texas, and studied in Dallas.", &[("Paris", "US", "city")], &[]),
        r("Wildfires spread across Washington state this week.", &[("Washington", "US", "admin1")], &[]),
        r("Georgia's parliament in Tbilisi voted on the bill.", &[("Georgia", "GE", "country")], &[]),
        r("Georgia's governor in Atlanta signed the budget.", &[("Georgia", "US", "admin1")], &[]),
        // A division named after its seat: the bare name is the seat, "province" asks for the
        // division, and a seat with a name of its own ("Oklahoma City") leaves the name to the state.
        r("The train pulled into Ulaanbaatar after two days on the steppe.", &[("Ulaanbaatar", "MN", "city")], &[]),
        r("Shelling hit Daraa on Monday, and Syria's army blamed rebels.", &[("Daraa", "SY", "city")], &[]),
        r("Fighting spread across Daraa province, Syria's army said.", &[("Daraa", "SY", "admin1")], &[]),
        r("Buses left Homs for Hama, Syria's state media said.", &[("Homs", "SY", "city")], &[]),
        r("Hail storms hit Oklahoma and Kansas overnight.", &[("Oklahoma", "US", "admin1")], &[]),
        // Non-places: storms, ships, call signs, organisations, prefixes, people.
        r("Hurricane Lorenzo weakened as it neared the Azores.", &[], &["Lorenzo"]),
        r("Forecasters said Tropical Storm Florence would strengthen.", &[], &["Florence"]),
        r("Typhoon Hagibis flooded rivers north of Tokyo.", &[("Tokyo", "JP", "city")], &["Hagibis"]),
        r("The carrier Shandong sailed through the Taiwan Strait.", &[], &["Shandong"]),
        r("The aircraft carrier Liaoning left port with its escorts.", &[], &["Liaoning"]),
        r("The crew, call sign Hermes, docked with the station.", &[], &["Hermes"]),
        r(
            "The National Hurricane Center issued a warning for Cuba.",
            &[("Cuba", "CU", "country")],
            &["Center", "National Hurricane Center"],
        ),
        r(
            "Researchers at the University of South Florida studied coral.",
            &[],
            &["University of South Florida", "Fort Lauderdale Hollywood International Airport"],
        ),
        r("Congress passed the spending bill late on Friday.", &[], &["Congress"]),
        r(
            "The Trans-Siberian line carries freight to Vladivostok.",
            &[("Vladivostok", "RU", "city")],
            &["Trans", "Trans-Siberian"],
        ),
        r("Scholars of Sino-Korean relations met in Seoul.", &[("Seoul", "KR", "city")], &["Sino", "Sino-Korean"]),
        r("Abraham Lincoln spoke at Gettysburg in 1863.", &[], &["Abraham", "Lincoln", "Abraham Lincoln"]),
        // Translation alternate names that are English phrases.
        r("The White House said talks would resume.", &[], &["Casablanca"]),
    ]
}

#[test]
fn country_state_and_non_place_rules() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    let mut failures = Vec::new();
    for row in readings() {
        let got = resolver.resolve(row.text, &ResolveOptions::default());
        let seen: Vec<(&str, &str, &str, &str)> = got
            .iter()
            .map(|m| {
                (
                    m.text.as_str(),
                    m.place.country_code.as_deref().unwrap_or(""),
                    m.place.kind_name(),
                    m.place.name.as_str(),
                )
            })
            .collect();
        for &(text, cc, kind) in row.want {
            if !seen.iter().any(|&(t, c, k, _)| t == text && c == cc && k == kind) {
                failures.push(format!("{:?}: want {text:?} as {kind} in {cc}; got {seen:?}", row.text));
            }
        }
        for bad in row.not_places {
            if seen.iter().any(|&(t, _, _, name)| t == *bad || name == *bad) {
                failures.push(format!("{:?}: {bad:?} is not a place here; got {seen:?}", row.text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn given_spans_are_resolved_alone() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    let text = "Crews in Paris, Texas, and Russians in the Volga region met.";
    let chars: Vec<char> = text.chars().collect();
    let at = |w: &str| {
        let b = text.find(w).expect("word in text");
        let s = text[..b].chars().count();
        (s, s + w.chars().count())
    };
    // "Crews" names nothing (left out), an out-of-range span is ignored, the rest resolve.
    let spans = [at("Crews"), at("Paris"), at("Texas"), at("Russians"), (50, 500)];
    let got = resolver.resolve_spans(text, &spans, &ResolveOptions::default());
    let seen: Vec<(String, Option<String>)> =
        got.iter().map(|m| (chars[m.start..m.end].iter().collect(), m.place.country_code.clone())).collect();
    let us = Some("US".to_string());
    assert_eq!(
        seen,
        vec![("Paris".into(), us.clone()), ("Texas".into(), us), ("Russians".into(), Some("RU".into()))],
        "{got:?}"
    );
}

/// Given spans resolve as running text would: news abbreviations and acronyms mean the place
/// they abbreviate, not a town that shares their letters.
#[test]
fn given_spans_read_abbreviations_and_acronyms_as_running_text_does() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    let rows: &[(&str, &str, Option<&str>)] = &[
        ("The US military said it would help.", "US", Some("US")),
        ("A man from Kansas City, Kan., was charged.", "Kan.", Some("US")),
        ("He was buried in Friedensburg, Pa., on Friday.", "Pa.", Some("US")),
        ("Fla. economist doubts casino job figures.", "Fla.", Some("US")),
        // an acronym that names no country is no answer rather than the town Eu
        ("Senior EU officials sent messages.", "EU", None),
    ];
    for &(text, span, want) in rows {
        let start = text.find(span).expect("span in text");
        let (s, e) = (text[..start].chars().count(), text[..start].chars().count() + span.chars().count());
        let got = resolver.resolve_spans(text, &[(s, e)], &ResolveOptions::default());
        let cc = got.first().map(|m| m.place.country_code.clone().unwrap_or_default());
        match want {
            Some(cc_want) => assert_eq!(cc.as_deref(), Some(cc_want), "{text:?} {span:?}: {got:?}"),
            None => assert!(got.iter().all(|m| m.place.country_code.as_deref() != Some("FR")), "{text:?}: {got:?}"),
        }
    }
}

/// Given spans read as running text reads them, with the text's other places as context:
/// demonyms are their country's (not an airbase or a town that bears the word), regular
/// demonyms the gazetteer does not list are their place's, two names that lie together explain
/// each other, and places the caller did not give still place the ones it did.
#[test]
fn given_spans_take_demonyms_neighbours_and_the_texts_other_places() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    // (text, spans given, for each: (country, first-level division or "" for any))
    type Row<'a> = (&'a str, &'a [&'a str], &'a [(&'a str, &'a str)]);
    let rows: &[Row<'_>] = &[
        ("British troops left the base.", &["British"], &[("GB", "")]),
        ("The Canadian team and German fans.", &["Canadian", "German"], &[("CA", ""), ("DE", "")]),
        ("Ohioans voted early.", &["Ohioans"], &[("US", "Ohio")]),
        (
            "The fair drew crowds from Paris and from all over Henry County.",
            &["Paris", "Henry County"],
            &[("US", "Tennessee"), ("US", "Tennessee")],
        ),
        ("Crews from Lima drove on to Findlay and Toledo.", &["Lima"], &[("US", "Ohio")]),
    ];
    for &(text, spans, want) in rows {
        let at = |w: &str| {
            let b = text.find(w).expect("span in text");
            let s = text[..b].chars().count();
            (s, s + w.chars().count())
        };
        let given: Vec<(usize, usize)> = spans.iter().map(|w| at(w)).collect();
        let got = resolver.resolve_spans(text, &given, &ResolveOptions::default());
        let seen: Vec<(String, String)> = got
            .iter()
            .map(|m| (m.place.country_code.clone().unwrap_or_default(), m.place.admin1.clone().unwrap_or_default()))
            .collect();
        assert_eq!(seen.len(), want.len(), "{text:?}: only the given spans come back: {got:?}");
        for ((cc, a1), &(cc_want, a1_want)) in seen.iter().zip(want) {
            assert_eq!(cc, cc_want, "{text:?}: {got:?}");
            assert!(a1_want.is_empty() || a1 == a1_want, "{text:?}: {got:?}");
        }
    }
}

/// Given spans written the way news writes them: a closing full stop left out of the span, an
/// abbreviation with full stops, abbreviated words ("St.", "Co.", "W."), a demonym formed from a
/// place's name, a township named after its town. Each finds its place instead of nothing.
#[test]
fn given_spans_take_abbreviated_words_demonyms_and_townships() {
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    let resolver = Resolver::new(gaz);
    // (text, span given, (country, first-level division or "" for any))
    let rows: &[(&str, &str, (&str, &str))] = &[
        ("The ferry left Buffalo, N.Y. at dawn.", "N.Y", ("US", "New York")),
        ("She moved to Fresno, Calif. last year.", "Calif", ("US", "California")),
        ("Traffic in L.A. was slow all week.", "L.A.", ("US", "California")),
        ("Cruise ships call at St. Kitts and Nevis each winter.", "St. Kitts and Nevis", ("KN", "")),
        ("Deputies in Loudon Co. searched the woods near the Tennessee River.", "Loudon Co.", ("US", "Tennessee")),
        ("Ontarians queued for the new passes.", "Ontarians", ("CA", "Ontario")),
        ("Dagestani officials denied the claim.", "Dagestani", ("RU", "")),
        (
            "The school board of Readington Township, New Jersey, met on Monday.",
            "Readington Township",
            ("US", "New Jersey"),
        ),
    ];
    for &(text, span, (cc_want, a1_want)) in rows {
        let b = text.find(span).expect("span in text");
        let s = text[..b].chars().count();
        let got = resolver.resolve_spans(text, &[(s, s + span.chars().count())], &ResolveOptions::default());
        let Some(m) = got.first() else { panic!("{text:?}: {span:?} found nothing") };
        assert_eq!(m.place.country_code.as_deref(), Some(cc_want), "{text:?} {span:?}: {got:?}");
        assert!(a1_want.is_empty() || m.place.admin1.as_deref() == Some(a1_want), "{text:?} {span:?}: {got:?}");
    }
}
