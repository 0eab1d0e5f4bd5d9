//! Composition: turns (input, options) into a display list, one layer at a time.
//!
//! Every layer is a function over the same two things: the [`Frame`] (what the map is: input,
//! options, view, palette, sizes; read only) and the [`Draft`] (what is drawn so far: the
//! scene, the label placer, the layout, and what earlier layers leave for later ones). The
//! order of the layers, bottom to top, is [`LAYERS`]; the layers themselves live in
//! `layers/`, one file per theme.
//!
//! Invariants:
//! - All obstacles (symbols, lines, furniture boxes) are known before the first label is placed.
//! - Labels are placed in a fixed priority order: input points by kind and importance, then
//!   track notes, graticule degrees, then basemap country names; ties break on input order.
//! - No text is drawn twice: points with the same label at the same place are drawn once, and
//!   any later label whose text (case and spacing folded) is already on the map is left off.
//! - The automatic extent holds the lines and the core points only (`MapPoint::core`).
//! - Every point label is either drawn or listed in the layout's `dropped` with the reason.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};

use geo::Coord;

use super::basemap::{self, Country};
use super::furniture;
use super::labels::{Placer, Rect};
use super::layers::{self, label_rank, CountryShape, Furniture, StoryLines};
use super::scene::{Group, Scene};
use super::style::Palette;
use super::symbols::Symbol;
use super::text::Fonts;
use super::view::{auto_extent, Ring, View};
use super::{LabelKind, Layout, MapInput, MapOptions, PlacedLabel, PlacedMarker, RenderError, MAX_SCALE, MAX_SIDE_PX};

/// One layer: draws onto the draft, reading what earlier layers left there.
type LayerFn = fn(&Frame<'_>, &mut Draft) -> Result<(), RenderError>;

/// A layer of the map: its name, whether it is place labels (left off with
/// `MapOptions::labels` false), and what draws it.
struct Layer {
    /// What the layer draws, for readers of [`LAYERS`].
    #[allow(dead_code)]
    name: &'static str,
    labels: bool,
    draw: LayerFn,
    /// The SVG group and the part of it the layer draws into (see `svg`).
    svg: (&'static str, &'static str),
}

const fn layer(name: &'static str, svg: (&'static str, &'static str), draw: LayerFn) -> Layer {
    Layer { name, labels: false, draw, svg }
}

const fn label_layer(name: &'static str, svg: (&'static str, &'static str), draw: LayerFn) -> Layer {
    Layer { name, labels: true, draw, svg }
}

/// The map's layers, bottom to top. The furniture boxes are settled before any label so that
/// labels keep clear of them; they are drawn over the labels.
const LAYERS: &[Layer] = &[
    layer("sea", ("basemap", "sea"), layers::base::sea),
    layer("land, story countries tinted", ("basemap", "land"), layers::base::land),
    layer("lakes", ("basemap", "lakes"), layers::base::lakes),
    layer("rivers", ("basemap", "rivers"), layers::base::rivers),
    layer("coastline", ("basemap", "coastline"), layers::base::coastline),
    layer("admin-1 lines", ("basemap", "admin1"), layers::base::admin1),
    layer("land borders", ("basemap", "borders"), layers::base::borders),
    layer("graticule", ("basemap", "graticule"), layers::graticule::lines),
    layer("route, planned route, launch tracks", ("routes", "routes"), layers::story_lines::lines),
    layer("markers", ("markers", "markers"), layers::markers::markers),
    layer("furniture boxes (legend, locator, scale, credit)", ("furniture", "legend"), layers::furniture::settle_boxes),
    label_layer("point labels", ("labels", "place-labels"), layers::place_labels::labels),
    label_layer("launch track notes", ("labels", "track-notes"), layers::story_lines::notes),
    label_layer("graticule degrees", ("labels", "graticule-labels"), layers::graticule::degrees),
    label_layer("basemap country names", ("labels", "country-names"), layers::country_names::labels),
    layer("legend, scale bar, locator, credit", ("furniture", "legend"), layers::furniture::draw_boxes),
    layer("title and subtitle", ("furniture", "headline"), layers::furniture::header),
    layer("frame", ("furniture", "frame"), layers::furniture::frame_line),
];

/// What the map is, shared by every layer: read only.
pub(super) struct Frame<'a> {
    pub input: &'a MapInput,
    pub opts: &'a MapOptions,
    pub fonts: &'a Fonts,
    pub view: View,
    pub palette: Palette,
    /// Size unit: 1 at 1600 × 1200, never under 0.6.
    pub u: f32,
    /// The map rectangle (the picture under the header band).
    pub map: Rect,
    /// The map rectangle with a margin: geometry is clipped to it.
    pub guard: Rect,
    pub km_per_px: f64,
    /// The basemap's countries, and whether each is one the story tints.
    pub countries: &'static [Country],
    pub story: Vec<bool>,
    /// The input points drawn (one per label text and place), see [`distinct_points`].
    pub shown: Vec<usize>,
}

/// What is drawn so far, and what earlier layers leave for later ones.
pub(super) struct Draft {
    pub scene: Scene,
    pub placer: Placer,
    pub layout: Layout,
    /// The texts drawn so far (labels only).
    pub drawn: DrawnTexts,
    /// Each country's shape in view (for its name).
    pub country_shapes: Vec<CountryShape>,
    /// Coastline and lake shores, stroked over all fills.
    pub coast: Vec<Ring>,
    pub lake_shores: Vec<Ring>,
    /// Rivers were drawn (the credit names their source).
    pub rivers_drawn: bool,
    /// A land border shows in the map (the legend lists it).
    pub border_drawn: bool,
    /// Graticule degree labels: text and the top-left of their box.
    pub degree_labels: Vec<(String, f32, f32)>,
    pub story_lines: StoryLines,
    /// The symbols drawn, for the legend; each point's marker radius (0: none drawn).
    pub drawn_symbols: BTreeSet<Symbol>,
    pub marker_radius: Vec<f32>,
    /// Where the legend, locator, scale bar and credit go, once settled.
    pub furniture: Option<Furniture>,
}

pub fn check_size(width: u32, height: u32, scale: f32) -> Result<(), RenderError> {
    if !(0.25..=MAX_SCALE).contains(&scale) || !scale.is_finite() {
        return Err(RenderError::Scale(scale));
    }
    let (w, h) = (width as f32 * scale, height as f32 * scale);
    let max = MAX_SIDE_PX as f32;
    if !(64.0..=max).contains(&w) || !(64.0..=max).contains(&h) {
        return Err(RenderError::Size { width: w as u32, height: h as u32 });
    }
    Ok(())
}

fn validate(input: &MapInput, opts: &MapOptions) -> Result<(), RenderError> {
    check_size(opts.width, opts.height, opts.scale)?;
    let bad = |lon: f64, lat: f64| !lon.is_finite() || !lat.is_finite() || lat.abs() > 90.0 || lon.abs() > 540.0;
    for p in &input.points {
        if bad(p.lon, p.lat) {
            return Err(RenderError::Coordinates { what: format!("point {:?}", p.label), lon: p.lon, lat: p.lat });
        }
    }
    for (i, l) in input.lines.iter().enumerate() {
        for &Coord { x: lon, y: lat } in &l.coords {
            if bad(lon, lat) {
                return Err(RenderError::Coordinates { what: format!("line {i}"), lon, lat });
            }
        }
    }
    if let Some(e) = opts.extent {
        let lon_ok = |v: f64| v.is_finite() && (-180.0..=180.0).contains(&v);
        if !lon_ok(e[0])
            || !lon_ok(e[2])
            || !e[1].is_finite()
            || !e[3].is_finite()
            || e[1] >= e[3]
            || e[1] < -90.0
            || e[3] > 90.0
            || e[0] == e[2]
        {
            return Err(RenderError::Extent(e));
        }
    }
    Ok(())
}

/// Text as a map can show it: control characters (which no font draws, and which XML 1.0 does
/// not allow in an SVG) become a space when they separate words (tab, newline) and go
/// otherwise.
pub(super) fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    let spaced = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{0b}' | '\u{0c}' | '\u{85}');
    Cow::Owned(s.chars().filter_map(|c| if spaced(c) { Some(' ') } else { (!c.is_control()).then_some(c) }).collect())
}

/// The input with every text [`printable`] (borrowed as it is when it already is).
fn printable_input(input: &MapInput) -> Cow<'_, MapInput> {
    let clean = |s: &str| matches!(printable(s), Cow::Borrowed(_));
    let clean_opt = |s: &Option<String>| s.as_deref().is_none_or(clean);
    let all_clean = clean_opt(&input.title)
        && clean_opt(&input.subtitle)
        && input.points.iter().all(|p| clean(&p.label) && clean_opt(&p.note))
        && input.lines.iter().all(|l| clean_opt(&l.label));
    if all_clean {
        return Cow::Borrowed(input);
    }
    let fix = |s: &mut String| *s = printable(s).into_owned();
    let mut owned = input.clone();
    owned.title.iter_mut().chain(owned.subtitle.iter_mut()).for_each(fix);
    for p in &mut owned.points {
        fix(&mut p.label);
        p.note.iter_mut().for_each(fix);
    }
    for l in &mut owned.lines {
        l.label.iter_mut().for_each(fix);
    }
    Cow::Owned(owned)
}

/// The map rectangle and view for an input, exactly as `compose` sets them up.
pub fn frame(input: &MapInput, opts: &MapOptions) -> Result<(View, f32), RenderError> {
    validate(input, opts)?;
    let (wf, hf) = (opts.width as f32, opts.height as f32);
    let u = (wf / 1600.0).min(hf / 1200.0).max(0.6);
    let header = furniture::header_height(input.title.is_some(), input.subtitle.is_some(), u);
    if header > hf * 0.4 {
        // too small a picture for a header band: the map gets all of it
        let map = Rect::new(0.0, 0.0, wf, hf);
        return Ok((View::new(extent_of(input, opts), opts.projection, map, opts.scale), u));
    }
    let map = Rect::new(0.0, header, wf, hf - header);
    Ok((View::new(extent_of(input, opts), opts.projection, map, opts.scale), u))
}

/// The requested extent, or one around the story's lines and core points (all points when
/// none is core).
fn extent_of(input: &MapInput, opts: &MapOptions) -> [f64; 4] {
    opts.extent.unwrap_or_else(|| {
        let any_core = input.points.iter().any(|p| p.core);
        let mut coords: Vec<Coord> =
            input.points.iter().filter(|p| p.core || !any_core).map(|p| Coord { x: p.lon, y: p.lat }).collect();
        for l in &input.lines {
            coords.extend(l.coords.iter().copied());
        }
        auto_extent(&coords)
    })
}

/// Text compared for "drawn twice": case and spacing folded.
pub(super) fn text_key(s: &str) -> String {
    // folded as the gazetteer folds names: "Bab el-Mandeb" and "Bab-el-Mandeb" are one text
    let folded = crate::gazetteer::fold_name(s);
    if folded.is_empty() {
        s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
    } else {
        folded
    }
}

/// The points to draw: one per label text and place. A point with the same text as an earlier
/// one within about 5 km (the same place from several stories) is merged into it, keeping the
/// stronger kind.
fn distinct_points(input: &MapInput) -> Vec<usize> {
    let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
    let mut keep: Vec<usize> = Vec::with_capacity(input.points.len());
    for (i, pt) in input.points.iter().enumerate() {
        let same = by_text.entry(text_key(&pt.label)).or_default();
        let twin = same.iter().position(|&j| {
            let q = &input.points[keep[j]];
            (q.lat - pt.lat).abs() < 0.05 && super::projection::wrap_lon(q.lon - pt.lon).abs() < 0.05
        });
        match twin {
            Some(t) => {
                let slot = same[t];
                let q = &input.points[keep[slot]];
                let stronger = (label_rank(&pt.kind), -pt.importance) < (label_rank(&q.kind), -q.importance);
                if stronger || (pt.core && !q.core) {
                    keep[slot] = i;
                }
            }
            None => {
                same.push(keep.len());
                keep.push(i);
            }
        }
    }
    keep
}

/// Build the display list. Returns the palette (the back ends need the paper colour) and the
/// layout of what the map shows.
pub fn compose(input: &MapInput, opts: &MapOptions, fonts: &Fonts) -> Result<(Scene, Palette, Layout), RenderError> {
    let cleaned = printable_input(input);
    let input = cleaned.as_ref();
    let (view, u) = frame(input, opts)?;
    let deg = |v: f64| (v * 1e6).round() / 1e6;
    let layout = Layout {
        extent: view.visible_extent().map(deg),
        projection: view.proj.kind.to_string(),
        central_meridian: deg(view.proj.lon0),
        ..Layout::default()
    };
    let countries = basemap::countries()?;
    let story =
        countries.iter().map(|c| input.story_countries.iter().any(|s| s.eq_ignore_ascii_case(&c.iso_a2))).collect();
    let map = view.rect;
    let frame = Frame {
        input,
        opts,
        fonts,
        palette: opts.theme.palette(),
        u,
        map,
        guard: map.inflate(40.0 * u),
        km_per_px: view.km_per_px().unwrap_or(10.0),
        view,
        countries,
        story,
        shown: distinct_points(input),
    };
    let mut draft = Draft {
        scene: Scene::new(opts.width as f32, opts.height as f32),
        placer: Placer::new(map.inflate(-4.0 * u)),
        layout,
        drawn: DrawnTexts::default(),
        country_shapes: Vec::new(),
        coast: Vec::new(),
        lake_shores: Vec::new(),
        rivers_drawn: false,
        border_drawn: false,
        degree_labels: Vec::new(),
        story_lines: StoryLines::default(),
        drawn_symbols: BTreeSet::new(),
        marker_radius: vec![0.0; input.points.len()],
        furniture: None,
    };
    for (i, layer) in LAYERS.iter().enumerate().filter(|(_, l)| opts.labels || !l.labels) {
        // ranks leave room for a part between two layers (the tinted `areas` after `land`)
        draft.scene.group = Group { rank: 2 * i as u16, layer: layer.svg.0, part: layer.svg.1 };
        (layer.draw)(&frame, &mut draft)?;
    }
    Ok((draft.scene, frame.palette, draft.layout))
}

/// The texts drawn so far, folded (see [`text_key`]); a label is never drawn twice.
#[derive(Default)]
pub(super) struct DrawnTexts(pub BTreeSet<String>);

impl DrawnTexts {
    pub fn has(&self, s: &str) -> bool {
        self.0.contains(&text_key(s))
    }
    /// Record a label and, for "Sea of Japan (East Sea)", each of its names.
    pub fn add(&mut self, s: &str) {
        self.0.insert(text_key(s));
        if let Some((a, b)) = s.split_once(" (") {
            self.0.insert(text_key(a));
            self.0.insert(text_key(b.trim_end_matches(')')));
        }
    }
}

/// A label for the layout, positions rounded to 0.1 px.
pub(super) fn placed(text: &str, kind: LabelKind, note: Option<String>, b: &Rect, leader: bool) -> PlacedLabel {
    let px = |v: f32| (v * 10.0).round() / 10.0;
    PlacedLabel {
        text: text.to_string(),
        x: px((b.x0 + b.x1) / 2.0),
        y: px((b.y0 + b.y1) / 2.0),
        kind,
        note,
        bounds: [b.x0, b.y0, b.x1, b.y1].map(px),
        leader,
        anchor: None,
    }
}

/// A symbol drawn at `(x, y)` in box `b`, for the layout.
pub(super) fn placed_marker(
    text: &str,
    kind: LabelKind,
    stop: Option<u32>,
    (x, y): (f32, f32),
    b: &Rect,
) -> PlacedMarker {
    let px = |v: f32| (v * 10.0).round() / 10.0;
    PlacedMarker { text: text.to_string(), kind, stop, x: px(x), y: px(y), bounds: [b.x0, b.y0, b.x1, b.y1].map(px) }
}

#[cfg(test)]
mod tests {
    use super::LAYERS;

    #[test]
    fn labels_come_after_every_obstacle_and_before_the_furniture_drawn_over_them() {
        let first = LAYERS.iter().position(|l| l.labels).expect("there are label layers");
        let last = LAYERS.iter().rposition(|l| l.labels).expect("there are label layers");
        assert!(LAYERS[first..=last].iter().all(|l| l.labels), "label layers are contiguous");
        let before: Vec<&str> = LAYERS[..first].iter().map(|l| l.name).collect();
        for obstacle in ["route, planned route, launch tracks", "markers", "furniture boxes"] {
            assert!(before.iter().any(|n| n.starts_with(obstacle)), "{obstacle} is known before the labels");
        }
        let after: Vec<&str> = LAYERS[last + 1..].iter().map(|l| l.name).collect();
        assert!(after.iter().any(|n| n.starts_with("legend")), "the legend is drawn over the labels");
        assert_eq!(after.last(), Some(&"frame"), "the frame line is drawn last");
    }
}
