//! Property tests for every parser and emitter that sees user input: whatever the bytes, nothing
//! panics, offsets slice the text, and what is written parses.
//!
//! Library entry points get a few hundred cases each; paths that spawn the binary get a few
//! dozen (a run costs ~10–80 ms). The whole file runs in a few seconds in release mode.

use crate::support::checks;

use std::io::Write;

use checks::{check_json_mentions, check_lat_lon, check_mentions, check_one_line_error, check_quiet_stderr, toponym};
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::Value;
use toponym::coord::Point;
use toponym::emit::png::{self, MapInput, MapOptions};
use toponym::gazetteer::{Kind, LookupOptions};
use toponym::parse::{parse_extent, parse_lat_lon};
use toponym::story::route::parse_explicit;
use toponym::{Gazetteer, Resolver};

fn gaz() -> &'static Gazetteer {
    Gazetteer::embedded().expect("this build embeds a gazetteer")
}

/// Names the gazetteer knows, in several scripts, plus the context words the resolver reacts to.
const WORDS: &[&str] = &[
    "Paris",
    "Lyon",
    "Vladivostok",
    "Seoul",
    "Pyongyang",
    "New York",
    "Washington, D.C.",
    "U.S.",
    "W.Va.",
    "Georgia",
    "Sea of Japan",
    "Москва",
    "평양",
    "東京",
    "القاهرة",
    "תל אביב",
    "Zürich",
    "São Paulo",
    "Côte d'Ivoire",
    "Khasan",
    "Lima",
    "Springfield",
    "Jordan",
    "Turkey",
    "Chad",
    "Nice",
    "Reading",
    "Russian",
    "North Koreans",
    "Russia's",
    "Russia-North Korea",
    "VLADIVOSTOK, Russia (AP) —",
    "Alexandria, Louisiana",
    "Orange County",
    "city of",
    "Oblast",
    "the",
    "and",
    "in",
    "from",
    "fired",
    "toward",
    "left",
    "arrived in",
    "by train",
    "Kim",
    "Apple",
];

const SEPARATORS: &[&str] = &[" ", " ", " ", "", ", ", ". ", "\n", "\n\n", "\t", "\r\n", "—", "'s ", "-", "(", ")"];

/// One piece of a text: a known name, a made-up capitalised word, or something hostile.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => select(WORDS).prop_map(String::from),
        2 => "[A-Z][a-z]{0,12}",
        1 => "[A-Z]{2,10}( [A-Z]{2,10}){0,3}\n",
        1 => "[0-9]{1,8}([.,][0-9]{1,3})?",
        1 => "[[:punct:]]{1,4}",
        // anything at all, newlines and control characters included
        2 => "(?s).{0,24}",
        1 => "[\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{feff}\\u{200b}-\\u{200d}\\u{2028}\\u{2029}]{1,4}",
        // right-to-left scripts and bidi controls
        1 => "[\\u{590}-\\u{6ff}\\u{200e}\\u{200f}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}]{1,12}",
        // combining marks on letters and alone
        1 => "[a-zA-Z]?[\\u{300}-\\u{36f}\\u{1ab0}-\\u{1aff}\\u{20d0}-\\u{20ff}]{1,6}",
        1 => "[\\u{1f300}-\\u{1faff}\\u{ac00}-\\u{d7a3}\\u{400}-\\u{4ff}]{1,8}",
        // a huge word or a huge line of names
        1 => (select(WORDS), 1usize..1000, select(&["", " ", "\n"][..]))
            .prop_map(|(w, n, sep)| vec![w; n].join(sep)),
    ]
}

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec((fragment(), select(SEPARATORS)), 0..40)
        .prop_map(|parts| parts.into_iter().flat_map(|(f, s)| [f, s.to_string()]).collect())
}

/// Run the binary with `args` and `stdin`; the output, after checking it did not crash.
fn run(args: &[&str], stdin: Vec<u8>) -> std::process::Output {
    let out = toponym().args(args).write_stdin(stdin).output().expect("the binary runs");
    assert_ne!(out.status.code(), None, "killed by a signal: {args:?}");
    assert_ne!(out.status.code(), Some(101), "panicked: {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn resolve_any_text_gives_valid_offsets(text in text(), adjectives in any::<bool>()) {
        let opts = toponym::ResolveOptions { adjectives, ..Default::default() };
        let mentions = Resolver::new(gaz()).resolve(&text, &opts);
        prop_assert!(check_mentions(&text, &mentions).is_ok(), "{:?} for {text:?}", check_mentions(&text, &mentions));
    }

    #[test]
    fn nearest_any_point_and_count(lat in prop_oneof![-90.0f64..=90.0, any::<f64>()], lon in prop_oneof![-180.0f64..=180.0, any::<f64>()], n in 0usize..6) {
        let found = gaz().nearest(Point::new(lon, lat), n, None);
        prop_assert!(found.len() <= n);
        prop_assert!(found.windows(2).all(|w| w[0].1.partial_cmp(&w[1].1) != Some(std::cmp::Ordering::Greater)), "not nearest first");
    }

    #[test]
    fn parse_lat_lon_accepts_exactly_finite_in_range_pairs(s in lat_lon_spec()) {
        match parse_lat_lon(&s) {
            Ok(p) => {
                let (lon, lat) = p.x_y();
                prop_assert!(lat.is_finite() && lon.is_finite(), "{s:?} gave {lat}, {lon}");
                prop_assert!(check_lat_lon(lat, lon).is_ok(), "{s:?} gave {lat}, {lon}");
            }
            Err(e) => prop_assert!(!e.contains('\n') && !e.is_empty(), "error {e:?} for {s:?}"),
        }
    }

    #[test]
    fn parse_lat_lon_round_trips(lat in -90.0f64..=90.0, lon in -180.0f64..=180.0, pad in select(&["", " ", "\t"][..])) {
        prop_assert_eq!(parse_lat_lon(&format!("{pad}{lat}{pad},{pad}{lon}{pad}")), Ok(Point::new(lon, lat)));
    }

    #[test]
    fn extent_parses_and_any_parsed_extent_is_accepted_or_refused_cleanly(s in extent_spec()) {
        match parse_extent(&s) {
            Ok(e) => {
                let opts = MapOptions { width: 320, height: 240, extent: Some(e), ..MapOptions::default() };
                if let Ok((x, y)) = png::locate(&MapInput::default(), &opts, 0.0, 0.0) {
                    // an accepted extent gives a usable view (the point may be off the map)
                    prop_assert!(!x.is_nan() && !y.is_nan(), "{s:?}: ({x}, {y})");
                }
            }
            Err(e) => prop_assert!(!e.contains('\n') && !e.is_empty(), "error {e:?} for {s:?}"),
        }
    }

    #[test]
    fn gazetteer_from_arbitrary_bytes_is_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        prop_assert!(Gazetteer::from_compressed(&bytes).is_err());
    }

    #[test]
    fn gazetteer_from_damaged_containers_loads_or_errs_and_then_works(sections in damaged_container()) {
        // sealed, so the checks behind the checksum are exercised too
        let compressed = toponym::gazetteer::format::seal(zstd::bulk::compress(&sections, 1).expect("compress"));
        if let Ok(g) = Gazetteer::from_compressed(&compressed) {
            exercise(&g);
        }
    }
}

proptest! {
    // fuzzy look-ups of long junk cost ~15 ms each
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn lookup_any_query_is_bounded_and_filtered(
        query in prop_oneof![text(), "(?s).{0,300}", select(WORDS).prop_map(String::from)],
        limit in 0usize..8,
        country in proptest::option::of(select(&["US", "RU", "FR", "KP", "zz", "", "Ü"][..])),
        kind in proptest::option::of(select(&[Kind::City, Kind::Country, Kind::Sea][..])),
        near in proptest::option::of((-90.0f64..=90.0, -180.0f64..=180.0)),
    ) {
        let near = near.map(|(lat, lon)| Point::new(lon, lat));
        let opts = LookupOptions { limit, country: country.map(String::from), kind, near };
        let found = gaz().lookup(&query, &opts);
        let bound = if limit == 0 { 5 } else { limit };
        prop_assert!(found.len() <= bound, "{} results for limit {limit}", found.len());
        for m in &found {
            prop_assert!(m.score.is_finite(), "score {} for {query:?}", m.score);
            prop_assert!(check_lat_lon(m.place.lat(), m.place.lon()).is_ok());
            if let Some(cc) = country {
                prop_assert!(m.place.country_code().is_some_and(|c| c.eq_ignore_ascii_case(cc)), "{cc} filter");
            }
            if let Some(k) = kind {
                prop_assert_eq!(m.place.kind(), k);
            }
        }
        prop_assert!(gaz().suggestions(&query, 3).len() <= 3);
    }
}

/// A `--near`-style LAT,LON argument: numbers of every kind, separators, junk.
fn lat_lon_spec() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        (-200.0f64..200.0).prop_map(|v| format!("{v:.3}")),
        select(
            &["nan", "NaN", "inf", "-inf", "infinity", "1e400", "-0", "+5", ".5", "5.", "0x10", "", " ", "1_0", "٣"][..]
        )
        .prop_map(String::from),
        "(?s).{0,6}",
    ];
    prop_oneof![
        4 => (number.clone(), select(&[",", ", ", " ,", ",,", ";", ""][..]), number).prop_map(|(a, s, b)| format!("{a}{s}{b}")),
        1 => "(?s).{0,40}",
    ]
}

/// A `--extent` W,S,E,N argument: four (or some other number of) numbers, or junk.
fn extent_spec() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        4 => (-400.0f64..400.0).prop_map(|v| format!("{v:.2}")),
        1 => any::<f64>().prop_map(|v| v.to_string()),
        1 => select(&["nan", "inf", "-inf", "1e308", "-1e308", "0", "-0", "90", "-90", "180", "-180", ""][..])
            .prop_map(String::from),
    ];
    prop_oneof![
        6 => proptest::collection::vec(number, 0..7).prop_map(|v| v.join(",")),
        1 => "(?s).{0,40}",
    ]
}

/// Bytes that start like a gazetteer container (magic, section table) with every section
/// present but random, some left out, the table damaged or the whole truncated; often with a
/// valid name index whose values point anywhere, so loading succeeds and look-ups follow
/// damaged postings into damaged records.
fn damaged_container() -> impl Strategy<Value = Vec<u8>> {
    const TAGS: [&[u8; 4]; 13] = [
        b"META", b"RECS", b"NAME", b"CTRY", b"ADM1", b"FCOD", b"FST_", b"POST", b"ALTI", b"ALTB", b"WORD", b"PERS",
        b"ABBR",
    ];
    let bodies = proptest::collection::vec((proptest::collection::vec(any::<u8>(), 0..300), 0u8..10), TAGS.len());
    let index = proptest::option::weighted(0.8, (any::<u64>(), 0usize..4, any::<u8>(), any::<Option<(usize, u8)>>()));
    (bodies, any::<u32>(), any::<u64>(), 0usize..4000, index).prop_map(|(bodies, count, junk, cut, index)| {
        // each section kept nine times in ten
        let mut sections: Vec<(&[u8; 4], Vec<u8>)> =
            TAGS.iter().zip(bodies).filter(|(_, (_, keep))| *keep > 0).map(|(t, (b, _))| (*t, b)).collect();
        if let Some((value, records, fill, flip)) = index {
            let mut b = fst::MapBuilder::memory();
            for (i, key) in ["moscow", "paris", "pyongyang", "seoul", "vladivostok"].iter().enumerate() {
                b.insert(key, value.rotate_left(i as u32 * 7)).expect("sorted keys");
            }
            let mut fst = b.into_inner().expect("fst");
            if let Some((at, bits)) = flip {
                let n = fst.len();
                fst[at % n] ^= bits;
            }
            // the first section with a tag is the one read
            sections.insert(0, (b"FST_", fst));
            sections.insert(0, (b"RECS", vec![fill; records * 32]));
        }
        let mut bytes = toponym::gazetteer::format::write_container(&sections);
        match count % 8 {
            0 => bytes[8..12].copy_from_slice(&count.to_le_bytes()),
            1 if bytes.len() > 20 => bytes[12..20].copy_from_slice(&junk.to_le_bytes()),
            2 => bytes.truncate(cut),
            _ => {}
        }
        bytes
    })
}

/// Use a gazetteer that loaded the way a user's run would: look-ups and resolving must not panic.
fn exercise(g: &Gazetteer) {
    for q in ["Paris", "paris", "Москва", "PAR", "Pari", "zz"] {
        let _ = g.lookup(q, &LookupOptions { limit: 3, near: Some(Point::new(2.0, 48.0)), ..Default::default() });
        let _ = g.suggestions(q, 3);
    }
    let text = "Flights left Paris for Seoul, South Korea. Russian officials met in Vladivostok.";
    let mentions = Resolver::new(g).resolve(text, &toponym::ResolveOptions { adjectives: true, ..Default::default() });
    let _ = check_mentions(text, &mentions);
    let _ = g.nearest(Point::new(131.9, 43.1), 3, None);
    let _ = g.metadata();
}

/// The committed gazetteer, truncated and with bits flipped here and there (deterministic
/// positions, a handful of cases: each decompresses up to the whole file).
#[test]
fn damaged_gazetteer_file_is_an_error_not_a_panic() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteer/toponym.gaz.zst");
    let good = std::fs::read(path).expect("the committed gazetteer");
    let n = good.len();
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for cut in [0, 1, 4, 100, n / 3, n - 1] {
        cases.push((format!("truncated to {cut}"), good[..cut].to_vec()));
    }
    for (i, at) in [5usize, 13, 64, 4099, n / 7, n / 2, n - 9].into_iter().enumerate() {
        let mut b = good.clone();
        b[at] ^= 1 << (i % 8);
        cases.push((format!("bit {} flipped at {at}", i % 8), b));
    }
    for (what, bytes) in cases {
        let result = std::panic::catch_unwind(|| {
            if let Ok(g) = Gazetteer::from_compressed(&bytes) {
                exercise(&g);
            }
        });
        assert!(result.is_ok(), "{what}: panicked");
    }
}

/// The same through `--gazetteer FILE`: exit 2 and one line naming the file.
#[test]
fn damaged_gazetteer_file_via_the_binary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [(&str, Vec<u8>); 3] = [
        ("empty.gaz", Vec::new()),
        ("text.gaz", b"not a gazetteer\n".to_vec()),
        ("zstd.gaz", zstd::bulk::compress(b"TOPONYM1\xff\xff\xff\xff", 1).expect("compress")),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let out = run(&["--gazetteer", path.to_str().expect("utf-8 path"), "lookup", "Paris"], Vec::new());
        assert_eq!(out.status.code(), Some(2), "{name}");
        check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(String::from_utf8_lossy(&out.stderr).contains(name), "{name}: error does not name the file");
    }
}

/// One line of a JSONL input: a valid document (with the text the CLI should see) or junk.
#[derive(Debug, Clone)]
enum Line {
    Doc {
        id: Value,
        text: String,
    },
    /// A document whose raw text bytes need not be UTF-8 (the CLI decodes the line lossily).
    RawDoc {
        id: String,
        bytes: Vec<u8>,
    },
    Junk(Vec<u8>),
}

impl Line {
    fn bytes(&self) -> Vec<u8> {
        match self {
            Line::Doc { id, text } => serde_json::to_vec(&serde_json::json!({"id": id, "text": text})).expect("json"),
            Line::RawDoc { id, bytes } => {
                let id = serde_json::to_vec(id).expect("json");
                [&b"{\"id\": "[..], &id, b", \"text\": \"", bytes, b"\"}"].concat()
            }
            Line::Junk(b) => b.clone(),
        }
    }
    /// The (id, text) the CLI should report for this line, if it is a document.
    fn expected(&self) -> Option<(String, String)> {
        match self {
            Line::Doc { id: Value::String(s), text } => Some((s.clone(), text.clone())),
            Line::Doc { id, text } => Some((id.to_string(), text.clone())),
            Line::RawDoc { id, bytes } => Some((id.clone(), String::from_utf8_lossy(bytes).into_owned())),
            Line::Junk(_) => None,
        }
    }
}

fn jsonl_line() -> impl Strategy<Value = Line> {
    let id = prop_oneof![
        "[a-z0-9]{1,8}".prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(Value::Null),
        Just(serde_json::json!({"nested": [1, 2]})),
    ];
    // raw string contents: no quote, backslash or control byte, so the line stays one JSON string
    let raw = proptest::collection::vec(
        any::<u8>().prop_filter("JSON string byte", |b| *b >= 0x20 && *b != b'"' && *b != b'\\'),
        0..200,
    );
    let deep = (1usize..12_000, select(&["[", "{\"a\":", "[{\"id\":1,\"text\":"][..]), any::<bool>()).prop_map(
        |(n, open, close)| {
            let mut s = open.repeat(n);
            if close {
                s.push_str(&"]".repeat(n));
            }
            s.into_bytes()
        },
    );
    let not_a_doc = select(
        &[
            "null",
            "true",
            "42",
            "\"Paris\"",
            "[]",
            "[{\"id\": 1, \"text\": \"Paris\"}]",
            "{}",
            "{\"id\": 1}",
            "{\"text\": \"Paris\"}",
            "{\"id\": 1, \"text\": 5}",
            "{\"id\": 1, \"text\": null}",
            "{\"id\": 1, \"text\": \"Paris\"} trailing",
            "{\"id\": 1, \"text\": \"Paris\"",
            "{\"id\": 1, \"text\": \"\\ud800\"}",
            "{\"id\": 1, \"text\": \"a\u{0}b\"}",
            "{'id': 1, 'text': 'Paris'}",
            "\u{feff}{\"id\": 1, \"text\": \"Paris\"}",
        ][..],
    )
    .prop_map(|s| s.as_bytes().to_vec());
    let huge = (1usize..20_000, select(&["Paris ", "x", "Москва\u{301} "][..]))
        .prop_map(|(n, w)| Line::Doc { id: Value::from("h"), text: w.repeat(n) });
    prop_oneof![
        6 => (id, text()).prop_map(|(id, text)| Line::Doc { id, text }),
        2 => raw.prop_map(|bytes| Line::RawDoc { id: "raw".into(), bytes }),
        1 => huge,
        2 => deep.prop_map(Line::Junk),
        2 => not_a_doc.prop_map(Line::Junk),
        2 => proptest::collection::vec(any::<u8>().prop_filter("one line", |b| *b != b'\n'), 0..200).prop_map(Line::Junk),
        1 => select(&["", " ", "\t", "\r"][..]).prop_map(|s| Line::Junk(s.as_bytes().to_vec())),
    ]
}

fn is_blank(line: &Line) -> bool {
    matches!(line, Line::Junk(b) if String::from_utf8_lossy(b).trim().is_empty())
}

/// The hostile lines the brief names, once each and at full size: 10,000-deep nesting, a
/// one-megabyte text, non-object JSON. Strict mode: exit 2 with one line, or 0 for the
/// valid huge document.
#[test]
fn resolve_jsonl_fixed_hostile_lines() {
    let huge = format!("{{\"id\": \"big\", \"text\": \"{}\"}}", "Flights left Seoul for Tokyo. ".repeat(35_000));
    let cases: Vec<(&str, Vec<u8>, i32)> = vec![
        ("[ x 10,000", "[".repeat(10_000).into_bytes(), 2),
        ("[ ] x 10,000", ["[".repeat(10_000), "]".repeat(10_000)].concat().into_bytes(), 2),
        ("{\"a\": x 10,000", "{\"a\":".repeat(10_000).into_bytes(), 2),
        (
            "deep id",
            ["{\"id\": ".to_string(), "[".repeat(10_000), "]".repeat(10_000), ", \"text\": \"Paris\"}".into()]
                .concat()
                .into_bytes(),
            2,
        ),
        ("a number", b"12345".to_vec(), 2),
        ("a string", b"\"Paris\"".to_vec(), 2),
        ("1 MB of text", huge.into_bytes(), 0),
        ("1 MB of junk", vec![b'x'; 1 << 20], 2),
        ("invalid UTF-8 and control bytes", b"\xff\xfe\x01\x02{\x1b[31m".to_vec(), 2),
    ];
    for (what, line, code) in cases {
        let out = run(&["resolve", "--input", "jsonl", "--format", "jsonl"], [line, b"\n".to_vec()].concat());
        assert_eq!(out.status.code(), Some(code), "{what}: {}", String::from_utf8_lossy(&out.stderr));
        if code == 2 {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let errors: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("toponym: warning:")).collect();
            assert_eq!(errors.len(), 1, "{what}: {stderr}");
            assert!(errors[0].starts_with("toponym: -:1:") && errors[0].len() < 400, "{what}: {stderr}");
        } else {
            let v: Value = serde_json::from_slice(&out.stdout).expect("one JSON document");
            assert_eq!(v["mentions"].as_array().map(Vec::len), Some(70_000), "{what}");
        }
        check_quiet_stderr(&out.stderr).unwrap_or_else(|e| panic!("{what}: {e}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, failure_persistence: None, ..ProptestConfig::default() })]

    /// Strict mode: every valid line before the first bad one is answered, then exit 2 with one
    /// error line naming the line; or exit 0 when there is no bad line. Never a panic.
    #[test]
    fn resolve_jsonl_strict_exits_0_or_2_with_one_error_line(lines in proptest::collection::vec(jsonl_line(), 0..12)) {
        let input: Vec<u8> = lines.iter().flat_map(|l| [l.bytes(), b"\n".to_vec()]).flatten().collect();
        let out = run(&["resolve", "--input", "jsonl", "--format", "jsonl"], input);
        check_quiet_stderr(&out.stderr).map_err(TestCaseError::fail)?;
        let stderr = String::from_utf8_lossy(&out.stderr);
        let errors: Vec<&str> = stderr.lines().filter(|l| !l.starts_with("toponym: warning:")).collect();
        let first_bad = lines.iter().position(|l| l.expected().is_none() && !is_blank(l));
        match first_bad {
            None => {
                prop_assert_eq!(out.status.code(), Some(0), "stderr {}", stderr);
                prop_assert!(errors.is_empty(), "{stderr}");
            }
            Some(i) => {
                prop_assert_eq!(out.status.code(), Some(2), "stderr {}", stderr);
                prop_assert_eq!(errors.len(), 1, "{}", stderr);
                prop_assert!(stderr.lines().last() == errors.last().copied(), "the error is not last: {stderr}");
                let line_no = format!("-:{}:", i + 1);
                prop_assert!(errors[0].contains(&line_no), "{} does not name {}", errors[0], line_no);
            }
        }
        let docs = String::from_utf8(out.stdout).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected: Vec<(String, String)> = lines[..first_bad.unwrap_or(lines.len())].iter().filter_map(Line::expected).collect();
        prop_assert_eq!(docs.lines().count(), expected.len());
        for (line, (id, text)) in docs.lines().zip(&expected) {
            let v: Value = serde_json::from_str(line).map_err(|e| TestCaseError::fail(format!("{e}: {line}")))?;
            prop_assert_eq!(v["id"].as_str(), Some(id.as_str()));
            prop_assert!(check_json_mentions(text, &v["mentions"]).is_ok(), "{:?}", check_json_mentions(text, &v["mentions"]));
        }
    }

    /// With --skip-bad-lines every valid line is answered, in order, in each machine format, and
    /// the output parses (serde_json for json/jsonl, the csv crate for csv).
    #[test]
    fn resolve_jsonl_skipping_bad_lines_outputs_parse(
        lines in proptest::collection::vec(jsonl_line(), 0..12),
        format in select(&["json", "jsonl", "csv"][..]),
        places in any::<bool>(),
    ) {
        // unique ids, so CSV rows (one per mention, none for a document without) can be matched up
        let lines: Vec<Line> = lines.into_iter().enumerate().map(|(i, l)| match l {
            Line::Doc { text, .. } => Line::Doc { id: Value::from(format!("d{i}")), text },
            Line::RawDoc { bytes, .. } => Line::RawDoc { id: format!("d{i}"), bytes },
            other => other,
        }).collect();
        let input: Vec<u8> = lines.iter().flat_map(|l| [l.bytes(), b"\n".to_vec()]).flatten().collect();
        let mut args = vec!["resolve", "--input", "jsonl", "--skip-bad-lines", "--format", format];
        if places {
            args.push("--places");
        }
        let out = run(&args, input);
        check_quiet_stderr(&out.stderr).map_err(TestCaseError::fail)?;
        prop_assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let expected: Vec<(String, String)> = lines.iter().filter_map(Line::expected).collect();
        match format {
            "csv" => {
                let mut r = csv::Reader::from_reader(&out.stdout[..]);
                let header = r.headers().map_err(|e| TestCaseError::fail(e.to_string()))?.clone();
                let width = header.len();
                let mut any_row = false;
                for row in r.records() {
                    let row = row.map_err(|e| TestCaseError::fail(e.to_string()))?;
                    any_row = true;
                    prop_assert_eq!(row.len(), width);
                    let Some((_, text)) = expected.iter().find(|(id, _)| id == &row[0]) else {
                        return Err(TestCaseError::fail(format!("row for unknown document {:?}", &row[0])));
                    };
                    if !places {
                        let chars: Vec<char> = text.chars().collect();
                        let num = |i: usize| row[i].parse::<usize>().map_err(|e| TestCaseError::fail(format!("{e}: {row:?}")));
                        let span = checks::check_span(&chars, num(2)?, num(3)?, &row[1]);
                        prop_assert!(span.is_ok(), "{:?}", span);
                    }
                }
                if !expected.is_empty() {
                    prop_assert_eq!(header.get(0), Some("doc"));
                }
                prop_assert!(any_row || expected.is_empty() || out.stdout.iter().filter(|&&b| b == b'\n').count() == 1);
            }
            _ => {
                let docs: Vec<Value> = if format == "json" {
                    serde_json::from_slice(&out.stdout).map_err(|e| TestCaseError::fail(e.to_string()))?
                } else {
                    std::str::from_utf8(&out.stdout).map_err(|e| TestCaseError::fail(e.to_string()))?
                        .lines()
                        .map(serde_json::from_str)
                        .collect::<Result<_, _>>()
                        .map_err(|e| TestCaseError::fail(e.to_string()))?
                };
                prop_assert_eq!(docs.len(), expected.len());
                for (v, (id, text)) in docs.iter().zip(&expected) {
                    prop_assert_eq!(v["id"].as_str(), Some(id.as_str()));
                    if places {
                        prop_assert!(v["places"].is_array(), "{v}");
                    } else {
                        let check = check_json_mentions(text, &v["mentions"]);
                        prop_assert!(check.is_ok(), "{:?}", check);
                    }
                }
            }
        }
    }

    /// `toponym geojson` on any text (arbitrary bytes included): exit 0 or 1, and the output is
    /// JSON and GeoJSON (the `geojson` crate parses it) with in-range positions.
    #[test]
    fn geojson_output_parses_for_any_text(
        text in prop_oneof![4 => text().prop_map(String::into_bytes), 1 => proptest::collection::vec(any::<u8>(), 0..400)],
        no_route in any::<bool>(),
    ) {
        let mut args = vec!["geojson", "-", "-o", "-"];
        if no_route {
            args.push("--no-route");
        }
        let out = run(&args, text.clone());
        check_quiet_stderr(&out.stderr).map_err(TestCaseError::fail)?;
        prop_assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
        let binary = text.iter().take(8192).any(|&b| b == 0);
        let v: Value = serde_json::from_slice(&out.stdout).map_err(|e| TestCaseError::fail(format!("not JSON: {e}")))?;
        let parsed = serde_json::from_slice::<geojson::GeoJson>(&out.stdout);
        prop_assert!(matches!(parsed, Ok(geojson::GeoJson::FeatureCollection(_))), "not a FeatureCollection: {parsed:?}");
        let features = v["features"].as_array().ok_or_else(|| TestCaseError::fail("no features"))?;
        if binary {
            prop_assert!(features.is_empty());
        }
        for f in features {
            let mut positions = Vec::new();
            collect_positions(&f["geometry"]["coordinates"], &mut positions);
            for (lon, lat) in positions {
                prop_assert!(check_lat_lon(lat, lon).is_ok(), "position ({lon}, {lat}) in {f}");
            }
        }
    }

    /// `toponym lookup` on any query: exit 0 with a JSON array, 1 or 2 with one stderr line.
    #[test]
    fn lookup_cli_any_query(query in prop_oneof!["(?s)[^\\x00]{0,60}", select(WORDS).prop_map(String::from), text()]) {
        let query: String = query.replace('\0', "").chars().take(2000).collect();
        let out = run(&["lookup", "--format", "json", "--", &query], Vec::new());
        match out.status.code() {
            Some(0) => {
                let v: Value = serde_json::from_slice(&out.stdout).map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(v.as_array().is_some_and(|a| !a.is_empty()), "{v}");
            }
            Some(1 | 2) => check_one_line_error(&out.stderr).map_err(TestCaseError::fail)?,
            other => return Err(TestCaseError::fail(format!("exit {other:?}"))),
        }
    }

    /// `--route` specs of names, pins and junk: waypoints with in-range coordinates, or an error.
    #[test]
    fn route_spec_parses_or_errs(parts in proptest::collection::vec(route_part(), 0..6), sep in select(&[">", " > ", ">>", " >", "→"][..])) {
        let spec = parts.join(sep);
        match parse_explicit(&spec, gaz()) {
            Ok(ws) => {
                prop_assert!(ws.len() >= 2, "{spec:?} gave {} waypoints", ws.len());
                for w in &ws {
                    prop_assert!(!w.name.trim().is_empty(), "empty name in {spec:?}");
                    prop_assert!(w.lat.is_finite() && w.lon.is_finite() && check_lat_lon(w.lat, w.lon).is_ok(), "{spec:?}: {w:?}");
                }
            }
            Err(e) => prop_assert!(!e.to_string().contains('\n'), "{e}"),
        }
    }
}

fn route_part() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(WORDS).prop_map(String::from),
        2 => (select(WORDS), lat_lon_spec()).prop_map(|(n, p)| format!("{n}@{p}")),
        1 => lat_lon_spec().prop_map(|p| format!("@{p}")),
        1 => "(?s).{0,20}",
        1 => Just(String::new()),
    ]
}

fn collect_positions(v: &Value, out: &mut Vec<(f64, f64)>) {
    match v.as_array() {
        Some(a) if a.len() == 2 && a.iter().all(Value::is_number) => {
            out.push((a[0].as_f64().unwrap_or(f64::NAN), a[1].as_f64().unwrap_or(f64::NAN)));
        }
        Some(a) => a.iter().for_each(|x| collect_positions(x, out)),
        None => {}
    }
}

/// A few extents that parse but mean nothing sensible, drawn as tiny maps: exit 0, 1 or 2 with
/// one error line, never a crash or a hang.
#[test]
fn map_with_odd_extents_renders_or_refuses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let story = dir.path().join("story.txt");
    std::fs::File::create(&story).and_then(|mut f| f.write_all(b"Paris to Lyon.")).expect("write");
    let png = dir.path().join("m.png");
    let (s, p) = (story.to_str().expect("utf-8"), png.to_str().expect("utf-8"));
    for extent in [
        "nan,0,10,10",
        "0,0,0,10",
        "10,10,0,0",
        "-1e308,-90,1e308,90",
        "170,50,-170,60",
        "0,-90,360,90",
        "5,40,5.000001,40.000001",
    ] {
        let out = run(&["map", s, "-o", p, "--width", "64", "--height", "64", "--extent", extent], Vec::new());
        match out.status.code() {
            Some(0 | 1) => check_quiet_stderr(&out.stderr).unwrap_or_else(|e| panic!("{extent}: {e}")),
            Some(2) => check_one_line_error(&out.stderr).unwrap_or_else(|e| panic!("{extent}: {e}")),
            other => panic!("{extent}: exit {other:?}"),
        }
    }
}
