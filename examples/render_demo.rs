//! Renders the demo maps: the seed story (Pyongyang to the Vostochny Cosmodrome and on) and a
//! rail trip across Europe, to show the renderer is not tied to one region.
//!
//! usage: cargo run --release --example render_demo -- OUT.png [EUROPE.png]
//! (the Europe map goes to OUT_europe.png unless a second path is given)

use std::time::Instant;

use toponym::emit::png::{render_png, LineKind, MapInput, MapLine, MapOptions, MapPoint, PointKind};

fn seed_story() -> MapInput {
    let route = [(125.7625, 39.0392), (130.6456, 42.4301), (128.334, 51.884), (137.0108, 50.5503), (131.8869, 43.1155)];
    MapInput {
        points: vec![
            MapPoint::new(125.7625, 39.0392, "Pyongyang", PointKind::Waypoint { order: 1 }).importance(1.0),
            MapPoint::new(130.6456, 42.4301, "Khasan", PointKind::Waypoint { order: 2 })
                .importance(0.8)
                .note("border crossing"),
            MapPoint::new(128.334, 51.884, "Vostochny Cosmodrome", PointKind::LaunchSite)
                .importance(1.0)
                .note("launch site"),
            MapPoint::new(137.0108, 50.5503, "Komsomolsk-on-Amur", PointKind::Waypoint { order: 3 }).importance(0.6),
            MapPoint::new(131.8869, 43.1155, "Vladivostok", PointKind::Waypoint { order: 4 }).importance(0.8),
            MapPoint::new(125.693, 39.203, "Sunan", PointKind::LaunchOrigin).importance(0.5),
            MapPoint::new(135.0, 40.0, "Sea of Japan (East Sea)", PointKind::Sea).importance(0.8),
        ],
        lines: vec![
            MapLine {
                coords: route.iter().map(|&c| c.into()).collect(),
                kind: LineKind::Route,
                label: Some("Rail route".into()),
            },
            MapLine {
                coords: vec![(125.693, 39.203).into(), (135.0, 40.0).into()],
                kind: LineKind::LaunchTrack,
                label: Some("Missile test from Sunan, path illustrative".into()),
            },
        ],
        story_countries: vec!["RU".into(), "KP".into()],
        named_countries: Vec::new(),
        title: Some("By rail from Pyongyang to the Vostochny Cosmodrome".into()),
        subtitle: Some(
            "The route crosses into Russia at Khasan, visits the launch site and returns via Komsomolsk-on-Amur".into(),
        ),
        description: None,
    }
}

fn europe_trip() -> MapInput {
    let stops = [
        (-9.1393, 38.7223, "Lisbon"),
        (-3.7038, 40.4168, "Madrid"),
        (2.3522, 48.8566, "Paris"),
        (13.405, 52.52, "Berlin"),
    ];
    let mut points: Vec<MapPoint> = stops
        .iter()
        .enumerate()
        .map(|(i, &(lon, lat, name))| {
            MapPoint::new(lon, lat, name, PointKind::Waypoint { order: i as u32 + 1 }).importance(0.9)
        })
        .collect();
    points.push(MapPoint::new(-0.1276, 51.5072, "London", PointKind::Capital).importance(0.3));
    points.push(MapPoint::new(2.1734, 41.3851, "Barcelona", PointKind::City).importance(0.3));
    points.push(MapPoint::new(-8.0, 45.5, "Bay of Biscay", PointKind::Sea).importance(0.3));
    MapInput {
        points,
        lines: vec![MapLine {
            coords: stops.iter().map(|s| (s.0, s.1).into()).collect(),
            kind: LineKind::Route,
            label: Some("Rail trip".into()),
        }],
        story_countries: vec!["PT".into(), "ES".into(), "FR".into(), "DE".into()],
        named_countries: Vec::new(),
        title: Some("Across Europe by train".into()),
        subtitle: Some("Lisbon to Berlin in four stops".into()),
        description: None,
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: render_demo OUT.png [EUROPE.png]   (default: OUT_europe.png)");
        std::process::exit(2);
    };
    let europe_out = args.get(1).cloned().unwrap_or_else(|| {
        let stem = out.strip_suffix(".png").unwrap_or(out);
        format!("{stem}_europe.png")
    });
    let opts = MapOptions::default();
    for (path, input) in [(out.as_str(), seed_story()), (europe_out.as_str(), europe_trip())] {
        let t = Instant::now();
        let png = render_png(&input, &opts)?;
        std::fs::write(path, png)?;
        eprintln!("{path}: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(())
}
