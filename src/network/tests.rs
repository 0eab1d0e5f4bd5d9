//! Network tests on the embedded data: decoding, snapping, shortest paths, passages, and the
//! journeys the networks exist for (lengths within a tolerance, junctions passed, seas kept).

use super::*;

/// A `(lon, lat)` stop.
const fn at(lon: f64, lat: f64) -> Point {
    Point(Coord { x: lon, y: lat })
}

fn net(kind: Kind) -> &'static Network {
    Network::embedded(kind).expect("the embedded network decodes")
}

/// Stops routed leg by leg; the joined line and the total length.
fn journey(kind: Kind, stops: &[Point], avoid: Avoid) -> (Vec<Point>, f64) {
    let (mut line, mut km) = (Vec::new(), 0.0);
    for w in stops.windows(2) {
        let leg = net(kind).route_leg(w[0], w[1], avoid).unwrap_or_else(|e| panic!("{w:?}: {e}"));
        line.extend(leg.line.points());
        km += leg.km;
    }
    (line, km)
}

/// Whether the line has a vertex within `km` of `to`.
fn passes(line: &[Point], to: Point, km: f64) -> bool {
    line.iter().any(|&p| distance_km(p, to) <= km)
}

const SHANGHAI: Point = at(121.458, 31.222);
const SINGAPORE: Point = at(103.850, 1.290);
const ROTTERDAM: Point = at(4.479, 51.922);

/// Boxes (W, S, E, N) well inside land, away from every coast: a coarse land test.
const LAND: &[(&str, [f64; 4])] = &[
    ("Zhejiang and Fujian", [116.5, 25.5, 119.0, 29.5]),
    ("Indochina", [100.5, 14.0, 106.0, 20.0]),
    ("Malay Peninsula", [101.3, 3.8, 102.9, 5.8]),
    ("Sumatra", [100.3, -1.5, 102.5, 1.0]),
    ("India", [75.5, 12.0, 84.0, 24.0]),
    ("Arabia", [42.5, 17.0, 50.0, 27.0]),
    ("Sinai", [33.5, 29.0, 34.3, 30.8]),
    ("Egypt", [29.0, 26.0, 31.5, 30.0]),
    ("Horn of Africa", [38.0, 5.0, 45.0, 10.0]),
    ("Africa", [10.0, -25.0, 30.0, 15.0]),
    ("Sahara", [-5.0, 18.0, 25.0, 30.0]),
    ("Iberia", [-7.5, 37.5, -1.5, 42.5]),
    ("France", [0.0, 44.0, 6.0, 49.0]),
    ("Central Europe", [6.0, 46.0, 15.0, 51.0]),
];

fn on_land(line: &[Point]) -> Vec<(&'static str, Point)> {
    let mut out = Vec::new();
    for &p in line {
        let (x, y) = p.x_y();
        for (name, [w, s, e, n]) in LAND {
            if (*w..=*e).contains(&x) && (*s..=*n).contains(&y) {
                out.push((*name, p));
            }
        }
    }
    out
}

#[test]
fn the_embedded_networks_decode() {
    for kind in Kind::ALL {
        let n = net(kind);
        assert!(n.node_count() > 5_000 && n.edge_count() > 5_000, "{kind}: {} nodes", n.node_count());
        let (lon, lat) = n.point(0).x_y();
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat), "{kind}");
    }
    assert!(net(Kind::Sea).ports().len() > 1000);
}

#[test]
fn shanghai_to_rotterdam_sails_through_malacca_and_suez_and_stays_at_sea() {
    let (line, km) = journey(Kind::Sea, &[SHANGHAI, SINGAPORE, ROTTERDAM], Avoid::default());
    assert!((19_000.0..20_000.0).contains(&km), "{km} km");
    assert!(passes(&line, at(100.4, 3.0), 150.0), "through the Strait of Malacca");
    assert!(passes(&line, at(32.35, 30.5), 60.0), "through the Suez Canal");
    assert!(passes(&line, at(-5.6, 35.95), 60.0), "through the Strait of Gibraltar");
    assert_eq!(on_land(&line), [], "vertices on land");
}

#[test]
fn avoiding_suez_rounds_the_cape_of_good_hope() {
    let avoid = Avoid::default().with(Passage::Suez);
    let (line, km) = journey(Kind::Sea, &[SHANGHAI, SINGAPORE, ROTTERDAM], avoid);
    assert!((25_000.0..26_500.0).contains(&km), "{km} km");
    assert!(line.iter().any(|p| p.y() < -34.0 && (15.0..25.0).contains(&p.x())), "south of the Cape");
    assert!(!passes(&line, at(32.35, 30.5), 300.0), "nowhere near Suez");
    assert_eq!(on_land(&line), [], "vertices on land");
}

#[test]
fn the_pacific_is_crossed_over_the_antimeridian() {
    let (tokyo, los_angeles) = (at(139.77, 35.62), at(-118.27, 33.74));
    let (line, km) = journey(Kind::Sea, &[tokyo, los_angeles], Avoid::default());
    assert!((8_500.0..10_500.0).contains(&km), "{km} km");
    assert!(line.windows(2).any(|w| (w[0].x() - w[1].x()).abs() > 180.0), "crosses 180°, not the whole world");
    assert!(line.iter().all(|p| (-180.0..=180.0).contains(&p.x())));
}

#[test]
fn beijing_to_moscow_follows_the_trans_mongolian_and_trans_siberian() {
    let stops = [at(116.397, 39.908), at(106.883, 47.908), at(104.296, 52.298), at(37.616, 55.752)];
    let (line, km) = journey(Kind::Rail, &stops, Avoid::NONE);
    assert!((7_200.0..8_000.0).contains(&km), "{km} km");
    for (name, junction) in [
        ("Erenhot", at(111.98, 43.65)),
        ("Naushki", at(106.11, 50.39)),
        ("Krasnoyarsk", at(92.87, 56.01)),
        ("Novosibirsk", at(82.92, 55.03)),
        ("Omsk", at(73.37, 54.99)),
    ] {
        assert!(passes(&line, junction, 30.0), "via {name}");
    }
}

#[test]
fn kyiv_to_warsaw_runs_via_lviv() {
    let stops = [at(30.524, 50.455), at(22.767, 49.785), at(21.012, 52.230)];
    let (line, km) = journey(Kind::Rail, &stops, Avoid::NONE);
    assert!(passes(&line, at(24.03, 49.84), 15.0), "via Lviv");
    assert!((900.0..1_200.0).contains(&km), "{km} km");
}

#[test]
fn a_road_route_is_longer_than_its_geodesic_but_not_absurdly() {
    let (lyon, geneva) = (at(4.835, 45.764), at(6.143, 46.204));
    let (line, km) = journey(Kind::Road, &[lyon, geneva], Avoid::NONE);
    let straight = distance_km(lyon, geneva);
    assert!(km > straight * 1.05 && km < straight * 1.8, "{km} km vs {straight} km straight");
    assert!(line.len() > 5, "follows the road, not a straight line");
}

#[test]
fn stops_off_the_network_are_errors_not_panics() {
    let ulaanbaatar = at(106.883, 47.908);
    match net(Kind::Sea).route_leg(ulaanbaatar, SHANGHAI, Avoid::default()) {
        Err(LegError::OffNetwork { kind: Kind::Sea, end: End::From, nearest_km: Some(km) }) => {
            assert!(km > 500.0, "{km}")
        }
        other => panic!("{other:?}"),
    }
    let mid_atlantic = at(-30.0, 0.0);
    assert!(matches!(
        net(Kind::Rail).route_leg(mid_atlantic, at(2.35, 48.85), Avoid::NONE),
        Err(LegError::OffNetwork { end: End::From, .. })
    ));
    // London and New York both have railways, with an ocean between them.
    assert!(matches!(
        net(Kind::Rail).route_leg(at(-0.12, 51.5), at(-74.0, 40.7), Avoid::NONE),
        Err(LegError::NoPath { .. })
    ));
    // Out-of-range and non-finite input finds nothing rather than panicking.
    assert_eq!(net(Kind::Rail).nearest_node(at(0.0, f64::NAN), 30.0), None);
    assert_eq!(net(Kind::Rail).nearest_node(at(400.0, 95.0), 30.0), None);
    assert_eq!(net(Kind::Rail).shortest_path(0, u32::MAX, Avoid::NONE), None);
}

#[test]
fn snapping_respects_the_radius_and_wraps_the_antimeridian() {
    let rail = net(Kind::Rail);
    let (i, d) = rail.nearest_node(at(37.62, 55.75), 30.0).expect("Moscow has railways");
    assert!(d < 5.0, "{d}");
    let (lon, lat) = rail.point(i).x_y();
    assert!((lat - 55.75).abs() < 0.1 && (lon - 37.62).abs() < 0.2);
    assert_eq!(rail.nearest_node(at(-30.0, 0.0), 30.0), None, "mid-Atlantic");
    // A point just east of 180° finds sea lanes just west of it.
    let sea = net(Kind::Sea);
    let (i, _) = sea.nearest_node(at(179.99, 0.0), 300.0).expect("lanes cross the antimeridian");
    assert!(sea.point(i).x().abs() > 170.0);
}

#[test]
fn passages_are_tagged_on_the_path() {
    let sea = net(Kind::Sea);
    let port = |name: &str| sea.ports().iter().find(|p| p.name == name).map(|p| p.node).expect(name);
    let path = sea.shortest_path(port("Singapore"), port("Rotterdam"), Avoid::default()).expect("connected");
    let passages = sea.passages_on(&path.nodes);
    for p in [Passage::BabElMandeb, Passage::Suez, Passage::Gibraltar] {
        assert!(passages.contains(&p), "{p}: {passages:?}");
    }
    let closed = Avoid::default().with(Passage::Suez).with(Passage::GoodHope);
    let around = sea.shortest_path(port("Singapore"), port("Rotterdam"), closed);
    if let Some(p) = around {
        let used = sea.passages_on(&p.nodes);
        assert!(!used.contains(&Passage::Suez) && !used.contains(&Passage::GoodHope), "{used:?}");
    }
}

#[test]
fn corrupt_network_files_are_errors() {
    let raw = zstd::stream::decode_all(SEA).expect("valid zstd");
    // Every truncation (sampled) and some flipped bytes: an error or a network, never a panic.
    for cut in (0..raw.len()).step_by(raw.len() / 97 + 1) {
        assert!(format::decode(Kind::Sea, &raw[..cut]).is_err(), "cut at {cut}");
    }
    let mut bad = raw.clone();
    for i in (5..bad.len()).step_by(bad.len() / 53 + 1) {
        bad[i] = bad[i].wrapping_add(0x81);
        let _ = format::decode(Kind::Sea, &bad);
    }
    assert!(Network::from_compressed(Kind::Sea, b"not zstd").is_err());
    assert!(format::decode(Kind::Sea, b"TPNW\x02").is_err(), "unknown version");
}

/// Every named passage: a voyage that goes through it by default keeps out of it when it is
/// avoided (another way, or none at all), and the leg says which passages it crosses.
#[test]
fn every_passage_avoided_is_closed() {
    let rows: &[(Passage, Point, Point)] = &[
        (Passage::Suez, SHANGHAI, ROTTERDAM),
        (Passage::Panama, at(-74.0, 40.7), at(-118.25, 33.75)),
        (Passage::Malacca, SINGAPORE, at(79.85, 6.93)),
        (Passage::Gibraltar, at(2.17, 41.38), at(-9.14, 38.72)),
        (Passage::BabElMandeb, at(39.17, 21.5), at(72.83, 18.95)),
        (Passage::Hormuz, at(55.3, 25.27), at(72.83, 18.95)),
        (Passage::Bosporus, at(30.73, 46.48), at(23.64, 37.94)),
        (Passage::Dardanelles, at(30.73, 46.48), at(23.64, 37.94)),
        (Passage::Sunda, at(106.8, -6.1), at(79.85, 6.93)),
        (Passage::Magellan, at(-71.62, -33.05), at(-58.37, -34.6)),
        (Passage::GoodHope, at(72.83, 18.95), at(3.39, 6.45)),
        (Passage::Bering, at(139.6, 35.45), at(-169.15, 65.96)),
    ];
    let sea = net(Kind::Sea);
    for &(p, a, b) in rows {
        let open = sea.route_leg(a, b, Avoid::default()).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert!(open.passages.contains(&p), "{p}: the open route goes through {:?}", open.passages);
        match sea.route_leg(a, b, Avoid::default().with(p)) {
            Ok(leg) => assert!(!leg.passages.contains(&p), "{p} avoided: {:?}", leg.passages),
            Err(LegError::NoPath { opened_by, .. }) => assert_eq!(opened_by, [p], "{p}"),
            Err(e) => panic!("{p}: {e}"),
        }
        if let Some((lon, lat)) = p.gate() {
            let closed = sea.route_leg(a, b, Avoid::default().with(p)).expect("another way");
            let crosses = closed.line.0.windows(2).any(|w| crosses_meridian(w[0].into(), w[1].into(), lon, lat));
            assert!(!crosses, "{p} avoided: the line crosses its gate");
        }
    }
    assert_eq!(Passage::ALL.len(), rows.len() + 1, "every passage but the always-closed Northwest has a row");
}
