//! PNG renderer checks at three levels: the image decodes at the requested size; pixels at known
//! markers have the marker's colours (labels off); whole images stay similar to the committed
//! goldens in tests/golden/ (`BLESS=1 cargo test --release --test map_render` rewrites them).

use std::path::PathBuf;

use toponym::emit::png::{
    locate, render_png, render_png_with_layout, render_svg, LineKind, MapInput, MapLine, MapOptions, MapPoint,
    PointKind, ProjectionKind, RenderError, Theme,
};

/// Decoded RGB image.
struct Image {
    width: u32,
    height: u32,
    rgb: Vec<u8>,
}

impl Image {
    fn pixel(&self, x: f32, y: f32) -> [u8; 3] {
        let (x, y) = (x.floor() as usize, y.floor() as usize);
        let i = (y * self.width as usize + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }
}

fn decode(png_bytes: &[u8]) -> Image {
    let decoder = png::Decoder::new(png_bytes);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    Image { width: info.width, height: info.height, rgb: buf }
}

fn seed_story() -> MapInput {
    let route =
        vec![(125.7625, 39.0392), (130.6456, 42.4301), (128.334, 51.884), (137.0108, 50.5503), (131.8869, 43.1155)];
    MapInput {
        points: vec![
            MapPoint::new(125.7625, 39.0392, "Pyongyang", PointKind::Waypoint { order: 1 }).importance(1.0),
            MapPoint::new(130.6456, 42.4301, "Khasan", PointKind::Waypoint { order: 2 }).note("border crossing"),
            MapPoint::new(128.334, 51.884, "Vostochny Cosmodrome", PointKind::LaunchSite).note("launch site"),
            MapPoint::new(137.0108, 50.5503, "Komsomolsk-on-Amur", PointKind::Waypoint { order: 3 }),
            MapPoint::new(131.8869, 43.1155, "Vladivostok", PointKind::Waypoint { order: 4 }),
            MapPoint::new(125.693, 39.203, "Sunan", PointKind::LaunchOrigin),
            MapPoint::new(135.0, 40.0, "Sea of Japan (East Sea)", PointKind::Sea),
        ],
        lines: vec![
            MapLine { coords: line(&route), kind: LineKind::Route, label: Some("Rail route".into()) },
            MapLine {
                coords: line(&[(125.693, 39.203), (133.2, 40.6)]),
                kind: LineKind::LaunchTrack,
                label: Some("Missile test, path illustrative".into()),
            },
        ],
        story_countries: vec!["RU".into(), "KP".into()],
        named_countries: Vec::new(),
        title: Some("By rail from Pyongyang to the Vostochny Cosmodrome".into()),
        subtitle: Some("The route crosses into Russia at Khasan".into()),
        description: None,
    }
}

fn europe() -> MapInput {
    MapInput {
        points: vec![
            MapPoint::new(-3.7038, 40.4168, "Madrid", PointKind::Capital),
            MapPoint::new(2.3522, 48.8566, "Paris", PointKind::Capital),
            MapPoint::new(13.405, 52.52, "Berlin", PointKind::Capital),
            MapPoint::new(4.8357, 45.764, "Lyon", PointKind::City),
        ],
        lines: vec![],
        story_countries: vec!["FR".into()],
        named_countries: Vec::new(),
        title: Some("Three capitals".into()),
        subtitle: None,
        description: None,
    }
}

/// (lon, lat) pairs as a line's coordinates.
fn line(lon_lat: &[(f64, f64)]) -> Vec<geo::Coord> {
    lon_lat.iter().map(|&c| c.into()).collect()
}

fn opts(width: u32, height: u32) -> MapOptions {
    MapOptions { width, height, ..MapOptions::default() }
}

#[test]
fn png_has_the_requested_size() {
    let rows = [(800, 600, 1.0), (640, 640, 1.5), (400, 300, 2.0)];
    for (w, h, scale) in rows {
        let o = MapOptions { scale, ..opts(w, h) };
        let img = decode(&render_png(&europe(), &o).expect("renders"));
        let want = ((w as f32 * scale).round() as u32, (h as f32 * scale).round() as u32);
        assert_eq!((img.width, img.height), want, "{w}x{h}@{scale}");
    }
}

#[test]
fn markers_have_their_colours() {
    let input = seed_story();
    let o = MapOptions { labels: false, ..opts(1200, 900) };
    let img = decode(&render_png(&input, &o).expect("renders"));
    let at = |lon, lat| locate(&input, &o, lon, lat).expect("locates");
    // A waypoint's ring (radius 9.5 px at 1600 wide, so 7.1 here) is route red.
    let (x, y) = at(130.6456, 42.4301);
    let ring = img.pixel(x + 9.5 * 0.75, y);
    assert!(ring[0] > 170 && ring[1] < 80 && ring[2] < 90, "Khasan ring is red: {ring:?}");
    // The launch site rocket is orange.
    let (x, y) = at(128.334, 51.884);
    let body = img.pixel(x, y + 3.0);
    assert!(body[0] > 200 && body[1] > 80 && body[1] < 140 && body[2] < 60, "rocket is orange: {body:?}");
    // The middle of a long route leg is red (offset from the chevron at the exact middle).
    let (ax, ay) = at(130.6456, 42.4301);
    let (bx, by) = at(128.334, 51.884);
    let mid = img.pixel(ax + (bx - ax) * 0.3, ay + (by - ay) * 0.3);
    assert!(mid[0] > 170 && mid[1] < 80 && mid[2] < 90, "route is red: {mid:?}");
    // Open sea far from everything is the sea colour #CBE0EE.
    let (x, y) = at(138.0, 41.0);
    let sea = img.pixel(x, y);
    assert!(sea.iter().zip([0xCB, 0xE0, 0xEE]).all(|(a, b)| (*a as i32 - b).abs() <= 6), "sea: {sea:?}");
    // Story country (Russia) is warm beige, China is grey.
    let (x, y) = at(134.0, 49.4);
    let ru = img.pixel(x, y);
    assert!(ru[0] as i32 - ru[2] as i32 > 12, "Russia is tinted warm: {ru:?}");
    let (x, y) = at(121.0, 44.0);
    let cn = img.pixel(x, y);
    assert!((cn[0] as i32 - cn[2] as i32).abs() < 10, "China is neutral grey: {cn:?}");
}

#[test]
fn capital_is_a_ring_with_a_dot() {
    let input = europe();
    let o = MapOptions { labels: false, ..opts(1600, 1200) };
    let img = decode(&render_png(&input, &o).expect("renders"));
    let (x, y) = locate(&input, &o, 2.3522, 48.8566).expect("locates");
    let centre = img.pixel(x, y);
    assert!(centre.iter().all(|&c| c < 60), "capital dot is dark: {centre:?}");
    let between = img.pixel(x + 4.3, y);
    assert!(between.iter().all(|&c| c > 200), "ring interior is white: {between:?}");
    let ring = img.pixel(x + 6.6, y);
    assert!(ring.iter().all(|&c| c < 110), "ring is dark: {ring:?}");
}

#[test]
fn same_input_same_bytes() {
    let o = opts(800, 600);
    let a = render_png(&seed_story(), &o).expect("renders");
    let b = render_png(&seed_story(), &o).expect("renders");
    assert!(a == b, "rendering is deterministic");
    assert_eq!(render_svg(&seed_story(), &o).ok(), render_svg(&seed_story(), &o).ok());
}

#[test]
fn svg_has_text_and_paths() {
    let svg = render_svg(&seed_story(), &opts(800, 600)).expect("renders");
    assert!(svg.starts_with("<svg "));
    assert!(svg.trim_end().ends_with("</svg>"));
    let texts: Vec<&str> = svg.split("</text>").filter_map(|t| t.rsplit('>').next()).map(str::trim).collect();
    assert!(texts.contains(&"Khasan"), "labels are text");
    assert!(texts.iter().any(|t| t.starts_with("By rail from Pyongyang")), "the title is text");
    assert!(svg.matches("<path ").count() > 20);
}

/// The SVG is for an illustrator to finish: one named group per layer, bottom to top, live
/// text (no glyph outlines, one element per text with its halo as a stroke), the title and the
/// alt text as `<title>` and `<desc>`, every id unique.
#[test]
fn svg_has_one_named_group_per_layer_and_live_text() {
    let mut input = seed_story();
    input.description = Some("Map of a rail journey: Pyongyang → Khasan.".into());
    let svg = render_svg(&input, &opts(1000, 750)).expect("renders");
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}"));
    let root = doc.root_element();
    assert_eq!(root.attribute("viewBox"), Some("0 0 1000 750"));
    let id = |n: roxmltree::Node| n.attribute("id").unwrap_or("").to_string();
    let top: Vec<String> = root.children().filter(|n| n.has_tag_name("g")).map(id).collect();
    assert_eq!(top, ["basemap", "routes", "markers", "labels", "furniture"], "top-level groups");
    let group = |name: &str| root.descendants().find(|n| n.has_tag_name("g") && id(*n) == name).expect(name);
    let parts = |name: &str| group(name).children().filter(|n| n.has_tag_name("g")).map(id).collect::<Vec<_>>();
    let basemap = parts("basemap");
    for part in ["sea", "land", "areas", "coastline", "borders", "graticule"] {
        assert!(basemap.iter().any(|p| p == part), "basemap has {part}: {basemap:?}");
    }
    let (land, areas) = (basemap.iter().position(|p| p == "land"), basemap.iter().position(|p| p == "areas"));
    assert_eq!(areas, land.map(|l| l + 1), "the story's countries right over the land: {basemap:?}");
    assert!(group("areas").children().filter(|n| n.has_tag_name("path")).count() >= 2, "Russia and North Korea");
    let texts_in = |name: &str| {
        group(name)
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let labels = texts_in("place-labels");
    for name in ["Khasan", "Vladivostok", "Pyongyang"] {
        assert_eq!(labels.iter().filter(|t| *t == name).count(), 1, "{name} is one live text element: {labels:?}");
    }
    assert!(texts_in("headline").iter().any(|t| t.starts_with("By rail from Pyongyang")), "the title is text");
    assert!(texts_in("legend").iter().any(|t| t == "Rail route"), "the legend is text");
    assert!(texts_in("markers").iter().any(|t| t == "1"), "stop numbers are text");
    let haloed = group("place-labels")
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("paint-order") == Some("stroke"));
    assert!(haloed.count() >= 3, "halos are the text's own stroke");
    assert!(!svg.contains("<use") && !svg.contains("<symbol") && !svg.contains("<font"), "no glyph outlines");
    assert!(
        group("routes").children().any(|n| n.has_tag_name("path") && n.attribute("stroke-dasharray").is_some()),
        "the track is dashed"
    );
    let title = root.children().find(|n| n.has_tag_name("title")).and_then(|n| n.text());
    assert_eq!(title, Some("By rail from Pyongyang to the Vostochny Cosmodrome"));
    let desc = root.children().find(|n| n.has_tag_name("desc")).and_then(|n| n.text());
    assert_eq!(desc, Some("Map of a rail journey: Pyongyang → Khasan."));
    let mut ids: Vec<&str> = root.descendants().filter_map(|n| n.attribute("id")).collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "ids are unique");
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    let mut input = europe();
    input.points.push(MapPoint::new(f64::NAN, 10.0, "nowhere", PointKind::City));
    assert!(matches!(render_png(&input, &opts(800, 600)), Err(RenderError::Coordinates { .. })));
    let mut input = europe();
    input.points.push(MapPoint::new(10.0, 95.0, "beyond the pole", PointKind::City));
    assert!(matches!(render_png(&input, &opts(800, 600)), Err(RenderError::Coordinates { .. })));
    assert!(matches!(render_png(&europe(), &opts(10, 600)), Err(RenderError::Size { .. })));
    let o = MapOptions { scale: 0.0, ..opts(800, 600) };
    assert!(matches!(render_png(&europe(), &o), Err(RenderError::Scale(_))));
    let o = MapOptions { extent: Some([0.0, 50.0, 10.0, 40.0]), ..opts(800, 600) };
    assert!(matches!(render_png(&europe(), &o), Err(RenderError::Extent(_))));
}

#[test]
fn odd_extents_render() {
    type Row = (&'static str, Option<[f64; 4]>, Option<ProjectionKind>, Theme);
    let rows: [Row; 5] = [
        ("across the antimeridian", Some([170.0, 50.0, -170.0, 66.0]), None, Theme::Light),
        ("world", Some([-180.0, -60.0, 180.0, 85.0]), None, Theme::Dark),
        ("equator", Some([95.0, -10.0, 140.0, 8.0]), None, Theme::Print),
        ("forced equirectangular", None, Some(ProjectionKind::Equirectangular), Theme::Light),
        ("forced equal earth", None, Some(ProjectionKind::EqualEarth), Theme::Light),
    ];
    for (name, extent, projection, theme) in rows {
        let o = MapOptions { extent, projection, theme, ..opts(640, 480) };
        let img = decode(&render_png(&seed_story(), &o).unwrap_or_else(|e| panic!("{name}: {e}")));
        assert_eq!((img.width, img.height), (640, 480), "{name}");
    }
    let empty = MapInput::default();
    assert!(render_png(&empty, &opts(640, 480)).is_ok(), "an empty story draws a world map");
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("golden").join(name)
}

/// 1 - mean absolute channel difference / 255, and the share of pixels off by more than 48.
fn similarity(a: &Image, b: &Image) -> (f64, f64) {
    let total: u64 = a.rgb.iter().zip(&b.rgb).map(|(x, y)| (*x as i32 - *y as i32).unsigned_abs() as u64).sum();
    let far = a
        .rgb
        .chunks_exact(3)
        .zip(b.rgb.chunks_exact(3))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| (*x as i32 - *y as i32).abs() > 48))
        .count();
    (1.0 - total as f64 / (a.rgb.len() as f64 * 255.0), far as f64 / (a.rgb.len() / 3) as f64)
}

#[test]
fn goldens_stay_similar() {
    let rows = [
        ("seed_story_640.png", seed_story(), Theme::Light),
        ("europe_dark_640.png", europe(), Theme::Dark),
        ("seed_story_print_640.png", seed_story(), Theme::Print),
    ];
    let bless = std::env::var_os("BLESS").is_some();
    for (name, input, theme) in rows {
        let o = MapOptions { theme, ..opts(640, 480) };
        let bytes = render_png(&input, &o).expect("renders");
        let path = golden_path(name);
        if bless {
            std::fs::create_dir_all(path.parent().expect("golden dir")).expect("mkdir tests/golden");
            std::fs::write(&path, &bytes).expect("write golden");
            continue;
        }
        let want = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e} (run with BLESS=1 to create it)"));
        let (got, want) = (decode(&bytes), decode(&want));
        assert_eq!((got.width, got.height), (want.width, want.height), "{name}: size");
        let (sim, far) = similarity(&got, &want);
        assert!(sim > 0.985 && far < 0.02, "{name}: similarity {sim:.4}, {:.2}% pixels far off", far * 100.0);
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn kind() -> impl Strategy<Value = PointKind> {
        prop_oneof![
            Just(PointKind::Capital),
            Just(PointKind::City),
            Just(PointKind::Place),
            (0u32..20).prop_map(|order| PointKind::Waypoint { order }),
            Just(PointKind::LaunchSite),
            Just(PointKind::LaunchOrigin),
            Just(PointKind::Sea),
            Just(PointKind::Region),
            Just(PointKind::Country),
        ]
    }

    fn point() -> impl Strategy<Value = MapPoint> {
        (-200.0f64..200.0, -90.0f64..=90.0, "\\PC{0,24}", kind(), 0.0f32..=1.0).prop_map(
            |(lon, lat, label, kind, importance)| MapPoint {
                lon,
                lat,
                label,
                kind,
                importance,
                note: None,
                core: true,
                stop: None,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// Any valid story renders at the requested size without panicking.
        #[test]
        fn any_story_renders(
            points in proptest::collection::vec(point(), 0..6),
            route in proptest::collection::vec((-180.0f64..180.0, -80.0f64..80.0), 0..5),
            w in 64u32..400,
            h in 64u32..300,
            title in proptest::option::of("\\PC{0,40}"),
        ) {
            let input = MapInput {
                points,
                lines: vec![
                    MapLine { coords: line(&route), kind: LineKind::Route, label: None },
                    MapLine { coords: line(&route).into_iter().rev().collect(), kind: LineKind::PlannedRoute, label: None },
                ],
                story_countries: vec!["FR".into(), "zz".into()],
                named_countries: Vec::new(),
                title,
                subtitle: None,
                description: None,
            };
            let o = MapOptions { width: w, height: h, ..MapOptions::default() };
            let img = decode(&render_png(&input, &o).expect("valid input renders"));
            prop_assert_eq!((img.width, img.height), (w, h));
        }
    }
}

#[test]
fn legend_moves_off_a_route_in_its_corner() {
    // A route that runs into the bottom right corner, where the legend usually sits.
    let (a, b) = ((31.03, -29.86), (31.9, -32.4));
    let input = MapInput {
        points: vec![MapPoint::new(a.0, a.1, "Durban", PointKind::Waypoint { order: 1 })],
        lines: vec![MapLine { coords: line(&[a, b]), kind: LineKind::Route, label: Some("Road trip".into()) }],
        ..MapInput::default()
    };
    let o = MapOptions { labels: false, extent: Some([12.0, -31.0, 31.5, -22.0]), ..opts(1600, 1200) };
    let img = decode(&render_png(&input, &o).expect("renders"));
    let (ax, ay) = locate(&input, &o, a.0, a.1).expect("locates");
    let (bx, by) = locate(&input, &o, b.0, b.1).expect("locates");
    let t = (1120.0 - ay) / (by - ay);
    let (x, y) = (ax + (bx - ax) * t, ay + (by - ay) * t);
    assert!(x > 1400.0 && x < 1580.0, "route point is where the legend would be: {x}");
    let px = img.pixel(x, y);
    assert!(px[0] > 170 && px[1] < 80 && px[2] < 90, "route stays visible at ({x}, {y}): {px:?}");
}

fn is_route_red(px: [u8; 3]) -> bool {
    px[0] > 170 && px[1] < 80 && px[2] < 90
}

#[test]
fn a_leg_across_the_antimeridian_is_not_drawn_across_the_world() {
    // Tokyo to Anchorage over the Pacific: on a world map centred on Greenwich the leg leaves
    // the right edge and comes back at the left one.
    let route = vec![(139.69, 35.69), (160.0, 48.0), (179.5, 55.0), (-179.5, 55.5), (-149.9, 61.22)];
    let input = MapInput {
        points: vec![
            MapPoint::new(139.69, 35.69, "Tokyo", PointKind::Waypoint { order: 1 }),
            MapPoint::new(-149.9, 61.22, "Anchorage", PointKind::Waypoint { order: 2 }),
        ],
        lines: vec![MapLine { coords: line(&route), kind: LineKind::Route, label: None }],
        ..MapInput::default()
    };
    let o = MapOptions { labels: false, extent: Some([-180.0, -60.0, 180.0, 85.0]), ..opts(1200, 700) };
    let img = decode(&render_png(&input, &o).expect("renders"));
    let at = |lon, lat| locate(&input, &o, lon, lat).expect("locates");
    let (ex, ey) = at(179.5, 55.0);
    let (wx, wy) = at(-179.5, 55.5);
    assert!(ex > 1000.0 && wx < 200.0, "the leg's ends are on opposite edges: {ex} {wx}");
    for t in [0.25, 0.5, 0.75] {
        let (x, y) = (wx + (ex - wx) * t, wy + (ey - wy) * t);
        for dy in -3..=3 {
            let px = img.pixel(x, y + dy as f32);
            assert!(!is_route_red(px), "no route across the map at ({x}, {}): {px:?}", y + dy as f32);
        }
    }
    // the route itself is drawn, on both sides
    let (x, y) = at(160.0, 48.0);
    let (a, b) = at(139.69, 35.69);
    assert!(is_route_red(img.pixel(a + (x - a) * 0.3, b + (y - b) * 0.3)), "the leg from Tokyo is drawn");
}

#[test]
fn layout_lists_labels_once_and_context_points_do_not_frame() {
    let mut input = seed_story();
    // the same place twice (two stories), a track note that repeats the sea's name, and a
    // far context point
    input.points.push(MapPoint::new(125.7625, 39.0392, "Pyongyang", PointKind::City));
    input.lines[1].label = Some("Sea of Japan".into());
    input.points.push(MapPoint::new(2.35, 48.86, "Paris", PointKind::City).context());
    let (_, layout) = render_png_with_layout(&input, &opts(1600, 1200)).expect("renders");
    let [w, s, e, n] = layout.extent;
    assert!(w > 100.0 && e < 170.0 && s > 25.0 && n < 65.0, "framed on the story: {:?}", layout.extent);
    assert_eq!(layout.projection, "conic");
    let mut texts: Vec<String> = layout.labels.iter().map(|l| l.text.to_lowercase()).collect();
    texts.sort();
    let before = texts.len();
    texts.dedup();
    assert_eq!(texts.len(), before, "no text twice: {texts:?}");
    for name in ["Pyongyang", "Khasan", "Vostochny Cosmodrome", "Sea of Japan (East Sea)"] {
        let l = layout.labels.iter().find(|l| l.text == name).unwrap_or_else(|| panic!("{name} is labelled"));
        assert!(l.x > 0.0 && l.x < 1600.0 && l.y > 0.0 && l.y < 1200.0, "{name} inside the image");
    }
    let why = |t: &str| layout.dropped.iter().find(|d| d.text == t).map(|d| d.why.clone());
    assert_eq!(why("Paris").as_deref(), Some("outside the frame: far from the story"));
    assert_eq!(why("Sea of Japan").as_deref(), Some("same text as another label"));
    // without the context flag the far point widens the frame (the rule is the flag, not luck)
    input.points.last_mut().expect("Paris").core = true;
    let (_, wide) = render_png_with_layout(&input, &opts(1600, 1200)).expect("renders");
    assert!(wide.extent[0] < 2.35, "a core point is framed: {:?}", wide.extent);
}

#[test]
fn core_labels_get_leader_lines_when_crowded() {
    // ten stops packed around one spot: the last ones have no room beside their point
    let points: Vec<MapPoint> = (0..10)
        .map(|i| {
            let a = i as f64 * 0.6;
            MapPoint::new(127.0 + 0.02 * a.cos(), 40.0 + 0.02 * a.sin(), &format!("Stop number {i}"), PointKind::City)
        })
        .chain([MapPoint::new(131.0, 44.0, "Far corner", PointKind::City)])
        .collect();
    let input = MapInput { points, ..MapInput::default() };
    let (_, layout) = render_png_with_layout(&input, &opts(800, 600)).expect("renders");
    let labelled = layout.labels.iter().filter(|l| l.text.starts_with("Stop number")).count();
    let dropped: Vec<_> = layout.dropped.iter().filter(|d| d.text.starts_with("Stop number")).collect();
    assert_eq!(labelled + dropped.len(), 10, "every core label is drawn or listed: {dropped:?}");
    assert!(layout.labels.iter().any(|l| l.leader), "some labels use a leader line");
    assert!(labelled >= 8, "most are placed: {labelled}");
}
