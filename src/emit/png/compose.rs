//! Composition: turns (input, options) into a display list, layer by layer.
//!
//! Order (bottom to top): sea, land (story countries tinted), lakes, rivers, coastline, admin-1,
//! borders, graticule, route, launch tracks, markers, labels, furniture, frame.
//!
//! Invariants:
//! - All obstacles (symbols, lines, furniture boxes) are known before the first label is placed.
//! - Labels are placed in a fixed priority order: input points by kind and importance, then
//!   track notes, graticule degrees, then basemap country names; ties break on input order.
//! - No text is drawn twice: points with the same label at the same place are drawn once, and
//!   any later label whose text (case and spacing folded) is already on the map is left off.
//! - The automatic extent holds the lines and the core points only (`MapPoint::core`).
//! - Every point label is either drawn or listed in the layout's `dropped` with the reason.

use std::collections::BTreeSet;

use super::basemap::{self, Country, LayerId};
use super::furniture::{self, LegendEntry};
use super::labels::{Placer, Rect, Side};
use super::projection::ProjectionKind;
use super::scene::{Rgba, Scene, Shape, Text};
use super::style::Palette;
use super::symbols::{self, Symbol};
use super::text::{FontFace, Fonts};
use super::view::{auto_extent, clip_line, clip_ring, Pt, Ring, View};
use super::{
    Dropped, Layout, LineKind, MapInput, MapOptions, PlacedLabel, PointKind, RenderError, MAX_SCALE, MAX_SIDE_PX,
};

/// A country's rings in view (index into the country table, rings in px).
type CountryShape = (usize, Vec<Ring>);
/// A point label ready to place: point index, lines, candidate boxes, their alignments.
type Prepared = (usize, Vec<LabelLine>, Vec<Rect>, Vec<f32>);

/// One line of a label block.
#[derive(Clone, Debug)]
struct LabelLine {
    text: String,
    size: f32,
    face: FontFace,
    color: Rgba,
    tracking: f32,
}

fn line_height(l: &LabelLine) -> f32 {
    l.size * 1.08
}

fn block_size(fonts: &Fonts, lines: &[LabelLine]) -> (f32, f32) {
    let w = lines.iter().map(|l| fonts.width(&l.text, l.size, l.face, l.tracking)).fold(0.0, f32::max);
    let h = lines.iter().map(line_height).sum::<f32>();
    (w, h)
}

fn draw_block(scene: &mut Scene, fonts: &Fonts, lines: &[LabelLine], b: &Rect, align: f32, halo: Option<(Rgba, f32)>) {
    let mut y = b.y0;
    for l in lines {
        let w = fonts.width(&l.text, l.size, l.face, l.tracking);
        let x = b.x0 + (b.width() - w) * align;
        scene.text(Text {
            x,
            y: y + l.size * 0.82,
            size: l.size,
            face: l.face,
            color: l.color,
            halo,
            tracking: l.tracking,
            text: l.text.clone(),
        });
        y += line_height(l);
    }
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
        for &(lon, lat) in &l.coords {
            if bad(lon, lat) {
                return Err(RenderError::Coordinates { what: format!("line {i}"), lon, lat });
            }
        }
    }
    if let Some(e) = opts.extent {
        if e.iter().any(|v| !v.is_finite()) || e[1] >= e[3] || e[1] < -90.0 || e[3] > 90.0 || e[0] == e[2] {
            return Err(RenderError::Extent(e));
        }
    }
    Ok(())
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
        let mut coords: Vec<(f64, f64)> =
            input.points.iter().filter(|p| p.core || !any_core).map(|p| (p.lon, p.lat)).collect();
        for l in &input.lines {
            coords.extend(l.coords.iter().copied());
        }
        auto_extent(&coords)
    })
}

/// Text compared for "drawn twice": case and spacing folded.
fn text_key(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The points to draw: one per label text and place. A point with the same text as an earlier
/// one within about 5 km (the same place from several stories) is merged into it, keeping the
/// stronger kind.
fn distinct_points(input: &MapInput) -> Vec<usize> {
    let mut by_text: std::collections::HashMap<String, Vec<usize>> = std::collections::HashMap::new();
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
    let (view, u) = frame(input, opts)?;
    let shown = distinct_points(input);
    let deg = |v: f64| (v * 1e6).round() / 1e6;
    let mut layout = Layout {
        extent: view.visible_extent().map(deg),
        projection: view.proj.kind.to_string(),
        central_meridian: deg(view.proj.lon0),
        ..Layout::default()
    };
    let p = opts.theme.palette();
    let (wf, hf) = (opts.width as f32, opts.height as f32);
    let mut scene = Scene { width: wf, height: hf, items: Vec::new() };
    let map = view.rect;
    let countries = basemap::countries()?;
    let story: Vec<bool> =
        countries.iter().map(|c| input.story_countries.iter().any(|s| s.eq_ignore_ascii_case(&c.iso_a2))).collect();
    let guard = map.inflate(40.0 * u);
    let km_per_px = view.km_per_px().unwrap_or(10.0);

    // ---- sea ----
    if view.proj.kind == ProjectionKind::EqualEarth {
        let lon0 = view.proj.lon0;
        let mut outline: Vec<(f32, f32)> = (-90..=90).map(|lat| view.to_px(lon0 + 179.9999, lat as f64)).collect();
        outline.extend((-90..=90).rev().map(|lat| view.to_px(lon0 - 179.9999, lat as f64)));
        scene.fill(Shape::polygon(clip_ring(&outline, &guard)), p.sea);
    } else {
        scene.fill(Shape::rect(map.x0, map.y0, map.width(), map.height()), p.sea);
    }

    // ---- land: one fill per country shape, tinted for the story ----
    let mut country_shapes: Vec<CountryShape> = Vec::new();
    let mut coast: Vec<Vec<(f32, f32)>> = Vec::new();
    {
        let mut current: Option<(u32, u32)> = None;
        let mut parts: Vec<Vec<(f32, f32)>> = Vec::new();
        let mut flush = |scene: &mut Scene, parts: &mut Vec<Vec<(f32, f32)>>, attr: u32| {
            if parts.is_empty() {
                return;
            }
            let tint = attr > 0 && story.get(attr as usize - 1).copied().unwrap_or(false);
            let shape = Shape { parts: std::mem::take(parts), closed: true };
            scene.fill(shape.clone(), if tint { p.story_land } else { p.land });
            if attr > 0 {
                country_shapes.push((attr as usize - 1, shape.parts));
            }
        };
        basemap::records(LayerId::Land, &view.window, |rec| {
            if current.map(|c| c.0) != Some(rec.group) {
                if let Some((_, attr)) = current {
                    flush(&mut scene, &mut parts, attr);
                }
                current = Some((rec.group, rec.attr));
            }
            let (mut fills, mut outline) = (Vec::new(), Vec::new());
            view.project_polygon(&geo_points(rec)?, &mut fills, &mut outline);
            for ring in fills {
                let clipped = clip_ring(&ring, &guard);
                if clipped.len() >= 3 {
                    parts.push(clipped);
                }
            }
            for piece in outline {
                coast.extend(clip_line(&piece, &guard));
            }
            Ok(())
        })?;
        if let Some((_, attr)) = current {
            flush(&mut scene, &mut parts, attr);
        }
    }

    // ---- lakes ----
    let mut lake_rings = Vec::new();
    let mut lake_shores = Vec::new();
    basemap::records(LayerId::Lakes, &view.window, |rec| {
        let (mut fills, mut outline) = (Vec::new(), Vec::new());
        view.project_polygon(&geo_points(rec)?, &mut fills, &mut outline);
        for ring in fills {
            let ring = clip_ring(&ring, &guard);
            if ring.len() >= 3 && ring_extent(&ring) > 1.5 * u {
                lake_rings.push(ring);
                for piece in &outline {
                    lake_shores.extend(clip_line(piece, &guard));
                }
            }
        }
        Ok(())
    })?;
    if !lake_rings.is_empty() {
        scene.fill(Shape { parts: lake_rings.clone(), closed: true }, p.sea);
    }

    // ---- rivers (hairlines), not at world scale ----
    let mut rivers_drawn = false;
    if km_per_px < 6.0 {
        let mut rivers = Vec::new();
        basemap::records(LayerId::Rivers, &view.window, |rec| {
            for piece in project_line(&view, rec)? {
                rivers.extend(clip_line(&piece, &guard));
            }
            Ok(())
        })?;
        rivers_drawn = !rivers.is_empty();
        if rivers_drawn {
            scene.stroke(Shape { parts: rivers, closed: false }, p.river, 1.3 * u);
        }
    }

    // ---- coastline (country outlines; land borders are overdrawn below) ----
    scene.stroke(Shape { parts: coast, closed: false }, p.coast, 1.1 * u);
    if !lake_shores.is_empty() {
        scene.stroke(Shape { parts: lake_shores, closed: false }, p.coast, 0.8 * u);
    }

    // ---- admin-1 faint dashes at regional scales ----
    if km_per_px < 3.0 {
        let mut lines = Vec::new();
        basemap::records(LayerId::Admin1, &view.window, |rec| {
            for piece in project_line(&view, rec)? {
                lines.extend(clip_line(&piece, &guard));
            }
            Ok(())
        })?;
        if !lines.is_empty() {
            scene.stroke_dashed(Shape { parts: lines, closed: false }, p.admin1, 0.9 * u, vec![5.0 * u, 4.0 * u]);
        }
    }

    // ---- land borders: light casing, dark line ----
    let mut borders = Vec::new();
    basemap::records(LayerId::Border, &view.window, |rec| {
        for piece in project_line(&view, rec)? {
            borders.extend(clip_line(&piece, &guard));
        }
        Ok(())
    })?;
    let border_drawn = borders.iter().any(|l| l.iter().any(|q| in_rect(&map, *q)));
    if !borders.is_empty() {
        let bw = if km_per_px > 8.0 { 1.2 } else { 2.2 };
        scene.stroke(Shape { parts: borders.clone(), closed: false }, p.border_casing, (bw + 3.6) * u);
        scene.stroke(Shape { parts: borders, closed: false }, p.border, bw * u);
    }

    // ---- graticule ----
    let graticule_labels = graticule(&mut scene, &p, &view, &guard, u);

    // ---- story lines ----
    let mut placer = Placer::new(map.inflate(-4.0 * u));
    let mut has_route = None::<String>;
    let mut has_track = false;
    let mut has_planned = false;
    let mut track_notes: Vec<(String, Pt, Pt)> = Vec::new();
    // tracks first, so the route stays on top of everything else
    let ordered = input
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::LaunchTrack)
        .chain(input.lines.iter().filter(|l| l.kind == LineKind::PlannedRoute))
        .chain(input.lines.iter().filter(|l| l.kind == LineKind::Route));
    for line in ordered {
        // a line that crosses the seam of the projection (the antimeridian on a world map) is
        // drawn as pieces, each on its own side, never as a stroke across the whole map
        let mut pieces = Vec::new();
        view.project_line(&line.coords, &mut pieces);
        if pieces.is_empty() {
            continue;
        }
        match line.kind {
            LineKind::Route => {
                for pts in &pieces {
                    symbols::route(&mut scene, &p, pts, u);
                    for w in pts.windows(2) {
                        placer.block_segment(w[0], w[1], 8.0 * u);
                    }
                }
                if has_route.is_none() {
                    has_route = Some(line.label.clone().unwrap_or_else(|| "Route".to_string()));
                }
            }
            LineKind::PlannedRoute => {
                for pts in &pieces {
                    symbols::planned_route(&mut scene, &p, pts, u);
                    for w in pts.windows(2) {
                        placer.block_segment(w[0], w[1], 7.0 * u);
                    }
                }
                has_planned = true;
            }
            LineKind::LaunchTrack => {
                let last = pieces.len() - 1;
                for (k, pts) in pieces.iter().enumerate() {
                    let (a, b) = (pts[0], pts[pts.len() - 1]);
                    let curve = if pts.len() == 2 && last == 0 { symbols::track_curve(a, b) } else { pts.clone() };
                    if k == last {
                        symbols::track(&mut scene, &p, &curve, u);
                        placer.block(Rect::around(b.0, b.1, 9.0 * u));
                        if let Some(l) = &line.label {
                            let prev = curve[curve.len().saturating_sub(4)];
                            track_notes.push((l.clone(), b, prev));
                        }
                    } else {
                        scene.stroke_dashed(
                            Shape::polyline(curve.clone()),
                            p.missile,
                            2.8 * u,
                            vec![14.0 * u, 8.0 * u],
                        );
                    }
                    for w in curve.windows(2) {
                        placer.block_segment(w[0], w[1], 4.0 * u);
                    }
                }
                has_track = true;
            }
        }
    }

    // ---- markers ----
    let mut drawn_symbols = BTreeSet::new();
    let mut marker_radius = vec![0.0f32; input.points.len()];
    let mut order: Vec<usize> = shown.clone();
    // draw minor symbols first so stops and capitals sit on top
    order.sort_by_key(|&i| symbol_rank(&input.points[i].kind));
    for &i in order.iter().rev() {
        let pt = &input.points[i];
        let Some(sym) = Symbol::of(&pt.kind) else {
            continue;
        };
        let (x, y) = view.to_px(pt.lon, pt.lat);
        if !in_rect(&map, (x, y)) {
            continue;
        }
        let number = match pt.kind {
            PointKind::Waypoint { order } => Some(order),
            _ => None,
        };
        symbols::draw(&mut scene, fonts, &p, sym, (x, y), u, number);
        drawn_symbols.insert(sym);
        marker_radius[i] = sym.radius(u);
        placer.block(Rect::around(x, y, sym.radius(u) * 0.9));
    }

    // ---- furniture boxes (known before labels) ----
    let mut legend = Vec::new();
    if let Some(r) = &has_route {
        legend.push(LegendEntry::Route(r.clone()));
    }
    if has_planned {
        legend.push(LegendEntry::Planned);
    }
    // symbols in their fixed order (stops, launch site, launch point, capital, city, place),
    // with the launch track right after the launch symbols
    for s in &drawn_symbols {
        if has_track && *s > Symbol::LaunchOrigin && !legend.contains(&LegendEntry::Track) {
            legend.push(LegendEntry::Track);
        }
        legend.push(LegendEntry::Symbol(*s));
    }
    if has_track && !legend.contains(&LegendEntry::Track) {
        legend.push(LegendEntry::Track);
    }
    if border_drawn && !legend.is_empty() {
        legend.push(LegendEntry::Border);
    }
    let legend_box = furniture::legend_box(fonts, &legend, &map, u);
    let mut credit = String::from("Made with Natural Earth · Places: GeoNames (CC BY 4.0)");
    if rivers_drawn {
        credit.push_str(" · Rivers: GSHHG");
    }
    // Network routes credit their data (legend labels from `story_map`); others say they are schematic.
    match has_route.as_deref() {
        None => {}
        Some("Rail route") => credit.push_str(" · Railways © OpenStreetMap contributors (ODbL)"),
        Some("Road route") => credit.push_str(" · Roads © OpenStreetMap contributors (ODbL)"),
        Some("Sea route") => credit.push_str(" · Sea lanes: Eurostat MARNET via searoute"),
        Some("Route (network and direct)") => credit.push_str(" · Routes © OpenStreetMap contributors, MARNET"),
        Some(_) => credit.push_str(" · Route drawn through its stops, not the exact track"),
    }
    let credit_box = furniture::credit_box(fonts, &credit, &map, u);
    placer.block(credit_box.inflate(4.0 * u));
    let world_scale = view.proj.kind == ProjectionKind::EqualEarth || km_per_px > 12.0;
    // Each piece goes to the first corner where it hides no story line or marker; the
    // legend chooses first, then the locator, then the scale bar.
    use Corner::{BottomLeft as BL, BottomRight as BR, TopLeft as TL, TopRight as TR};
    let legend_box = legend_box.map(|b| settle(&mut placer, &map, b, &[BR, BL, TR, TL], u));
    let locator_box =
        (!world_scale).then(|| settle(&mut placer, &map, furniture::locator_box(&map, u), &[TR, TL, BR, BL], u));
    // scale varies too much across a world map for one bar to be honest
    let scale_box = if view.proj.kind == ProjectionKind::EqualEarth {
        None
    } else {
        furniture::scale_box(fonts, &view, u).map(|b| settle(&mut placer, &map, b, &[BL, BR, TL, TR], u))
    };

    // ---- labels ----
    if opts.labels {
        let halo = Some((p.halo, 3.2 * u));
        let mut drawn = DrawnTexts::default();
        point_labels(
            &mut scene,
            fonts,
            &p,
            &view,
            input,
            &shown,
            &marker_radius,
            &mut placer,
            &mut drawn,
            &mut layout,
            u,
        );
        // notes at the end of launch tracks
        for (note, tip, prev) in &track_notes {
            if drawn.has(note) {
                layout.dropped.push(Dropped { text: note.clone(), why: "same text as another label".into() });
                continue;
            }
            let lines = vec![LabelLine {
                text: note.clone(),
                size: 15.0 * u,
                face: FontFace::Italic,
                color: p.missile,
                tracking: 0.0,
            }];
            let (w, h) = block_size(fonts, &lines);
            let east = tip.0 >= prev.0;
            let sides: &[Side] = if east {
                &[Side::E, Side::NE, Side::SE, Side::N, Side::S]
            } else {
                &[Side::W, Side::NW, Side::SW, Side::N, Side::S]
            };
            let cands: Vec<Rect> = sides.iter().map(|s| s.place(tip.0, tip.1, 10.0 * u, w, h)).collect();
            if let Some(k) = placer.place_first(&cands) {
                draw_block(&mut scene, fonts, &lines, &cands[k], sides[k].align(), halo);
                drawn.add(note);
                layout.labels.push(placed(note, "track_note", None, &cands[k], false));
            } else {
                layout.dropped.push(Dropped { text: note.clone(), why: "no room".into() });
            }
        }
        // graticule degrees
        for (text, x, y) in graticule_labels {
            let size = 13.0 * u;
            let w = fonts.width(&text, size, FontFace::Regular, 0.0);
            let b = Rect::new(x, y, w, size);
            if drawn.has(&text) {
                continue;
            }
            if placer.place_first(&[b]).is_some() {
                drawn.add(&text);
                layout.labels.push(placed(&text, "graticule", None, &b, false));
                scene.text(Text {
                    x,
                    y: y + size * 0.85,
                    size,
                    face: FontFace::Regular,
                    color: p.graticule_text,
                    halo: None,
                    tracking: 0.0,
                    text,
                });
            }
        }
        // basemap country names, unless the story already names the country
        let mut named: BTreeSet<String> = input.points.iter().map(|p| text_key(&p.label)).collect();
        named.extend(drawn.0.iter().cloned());
        country_labels(
            &mut scene,
            fonts,
            &p,
            &view,
            countries,
            &story,
            &country_shapes,
            &named,
            &mut placer,
            &mut layout,
            u,
        );
    }
    if map.y0 > 0.0 {
        furniture::header_layout(fonts, input.title.as_deref(), input.subtitle.as_deref(), wf, u)
            .into_iter()
            .for_each(|(text, kind, b)| layout.labels.push(placed(&text, kind, None, &b, false)));
    }

    // ---- furniture ----
    if let Some(b) = legend_box {
        furniture::draw_legend(&mut scene, fonts, &p, &legend, &b, u);
    }
    if let Some(b) = scale_box {
        furniture::draw_scale(&mut scene, fonts, &p, &view, &b, u);
    }
    if let Some(b) = locator_box {
        furniture::draw_locator(&mut scene, &p, &view, &story, &b, u)?;
    }
    furniture::draw_credit(&mut scene, fonts, &p, &credit, &credit_box, u);
    if map.y0 > 0.0 {
        furniture::draw_header(&mut scene, fonts, &p, input.title.as_deref(), input.subtitle.as_deref(), u);
    }
    scene.stroke(Shape::rect(map.x0 + 0.5 * u, map.y0, map.width() - u, map.height() - 0.5 * u), p.frame, 1.2 * u);
    Ok((scene, p, layout))
}

/// The texts drawn so far, folded (see [`text_key`]); a label is never drawn twice.
#[derive(Default)]
struct DrawnTexts(BTreeSet<String>);

impl DrawnTexts {
    fn has(&self, s: &str) -> bool {
        self.0.contains(&text_key(s))
    }
    /// Record a label and, for "Sea of Japan (East Sea)", each of its names.
    fn add(&mut self, s: &str) {
        self.0.insert(text_key(s));
        if let Some((a, b)) = s.split_once(" (") {
            self.0.insert(text_key(a));
            self.0.insert(text_key(b.trim_end_matches(')')));
        }
    }
}

/// A label for the layout, positions rounded to 0.1 px.
fn placed(text: &str, kind: &'static str, note: Option<String>, b: &Rect, leader: bool) -> PlacedLabel {
    let px = |v: f32| (v * 10.0).round() / 10.0;
    PlacedLabel {
        text: text.to_string(),
        x: px((b.x0 + b.x1) / 2.0),
        y: px((b.y0 + b.y1) / 2.0),
        kind,
        note,
        bounds: [b.x0, b.y0, b.x1, b.y1].map(px),
        leader,
    }
}

/// Label the input points in priority order (kind, then importance, then input order). Each
/// label goes to its best free candidate beside the point; a core point with no room there gets
/// its label further out with a leader line; whatever is left off goes to `layout.dropped` with
/// the reason, as does a label whose text is already on the map.
#[allow(clippy::too_many_arguments)]
fn point_labels(
    scene: &mut Scene,
    fonts: &Fonts,
    p: &Palette,
    view: &View,
    input: &MapInput,
    shown: &[usize],
    marker_radius: &[f32],
    placer: &mut Placer,
    drawn: &mut DrawnTexts,
    layout: &mut Layout,
    u: f32,
) {
    let map = view.rect;
    let halo = Some((p.halo, 3.2 * u));
    let mut idx: Vec<usize> = shown.to_vec();
    idx.sort_by(|&a, &b| {
        let (pa, pb) = (&input.points[a], &input.points[b]);
        label_rank(&pa.kind).cmp(&label_rank(&pb.kind)).then(pb.importance.total_cmp(&pa.importance)).then(a.cmp(&b))
    });
    // every label's candidates first, so each placement can leave room for the rest
    let mut prepared: Vec<Prepared> = Vec::with_capacity(idx.len());
    let mut claimed = DrawnTexts::default();
    for &i in &idx {
        let pt = &input.points[i];
        let (x, y) = view.to_px(pt.lon, pt.lat);
        if !in_rect(&map, (x, y)) {
            let why = if pt.core { "outside the frame" } else { "outside the frame: far from the story" };
            layout.dropped.push(Dropped { text: pt.label.clone(), why: why.into() });
            continue;
        }
        if claimed.has(&pt.label) {
            layout.dropped.push(Dropped { text: pt.label.clone(), why: "same text as another label".into() });
            continue;
        }
        claimed.add(&pt.label);
        let lines = point_label_lines(pt, p, u);
        let (w, h) = block_size(fonts, &lines);
        let w = w + 2.0 * u;
        let (rects, aligns): (Vec<Rect>, Vec<f32>) = match pt.kind {
            PointKind::Sea | PointKind::Region | PointKind::Country => {
                [(0.0, 0.0), (0.0, -1.0), (0.0, 1.0), (-1.0, 0.0), (1.0, 0.0), (-1.0, -1.0), (1.0, 1.0)]
                    .iter()
                    .map(|(dx, dy)| (Side::Centre.place(x + dx * w * 0.4, y + dy * h * 0.8, 0.0, w, h), 0.5))
                    .unzip()
            }
            _ => {
                let r = marker_radius[i].max(3.0 * u);
                let mut v: Vec<(Rect, f32)> =
                    Side::POINT_ORDER.iter().map(|s| (s.place(x, y, r, w, h), s.align())).collect();
                // a second ring further out, for crowded spots
                v.extend(Side::POINT_ORDER.iter().map(|s| (s.place(x, y, r + 10.0 * u, w, h), s.align())));
                v.into_iter().unzip()
            }
        };
        placer.expect(prepared.len() as u32, &rects);
        prepared.push((i, lines, rects, aligns));
    }
    let (mut leaders, mut tried_leaders) = (0, 0);
    for (n, (i, lines, rects, aligns)) in prepared.iter().enumerate() {
        let pt = &input.points[*i];
        let anchor = view.to_px(pt.lon, pt.lat);
        let note = pt.note.clone();
        if let Some(k) = placer.place_best(n as u32, rects, Some(anchor)) {
            // water names get a halo of water, so grid lines stop short of the letters
            let halo = if pt.kind == PointKind::Sea { Some((p.sea, 2.0 * u)) } else { halo };
            draw_block(scene, fonts, lines, &rects[k], aligns[k], halo);
            drawn.add(&pt.label);
            layout.labels.push(placed(&pt.label, pt.kind.as_str(), note, &rects[k], false));
            continue;
        }
        // leader lines are for the few labels of a story map, not the thousands of a dot map
        let leader = if pt.core && leaders < MAX_LEADERS {
            leader_spot(placer, anchor, marker_radius[*i].max(3.0 * u), &rects[0], u)
        } else {
            None
        };
        leaders += usize::from(leader.is_some());
        tried_leaders += usize::from(pt.core);
        match leader {
            Some((b, side, from, to)) => {
                scene.stroke(Shape::polyline(vec![from, to]), p.text_minor, 1.1 * u);
                draw_block(scene, fonts, lines, &b, side.align(), halo);
                drawn.add(&pt.label);
                layout.labels.push(placed(&pt.label, pt.kind.as_str(), note, &b, true));
            }
            None => {
                let why = if pt.core && tried_leaders <= MAX_LEADERS {
                    "no room, even with a leader line"
                } else {
                    "no room"
                };
                layout.dropped.push(Dropped { text: pt.label.clone(), why: why.into() });
            }
        }
    }
}

/// At most this many labels get a leader line (the first core labels with no room beside
/// their point).
const MAX_LEADERS: usize = 40;

/// A free spot further out for a label of `block`'s size whose leader line (from the marker's
/// edge to the nearest point of the label) crosses no other label or symbol. Keeps the spot and
/// the leader. Returns the box, its side, and the leader's ends.
fn leader_spot(placer: &mut Placer, (x, y): Pt, r: f32, block: &Rect, u: f32) -> Option<(Rect, Side, Pt, Pt)> {
    let (w, h) = (block.width(), block.height());
    for reach in [34.0, 60.0, 90.0, 130.0] {
        for side in Side::POINT_ORDER {
            let b = side.place(x, y, r + reach * u, w, h);
            if !placer.is_free(&b) {
                continue;
            }
            let to = (x.clamp(b.x0, b.x1), y.clamp(b.y0, b.y1));
            let (dx, dy) = (to.0 - x, to.1 - y);
            let len = dx.hypot(dy).max(1e-3);
            let from = (x + dx / len * (r + 1.0 * u), y + dy / len * (r + 1.0 * u));
            // the leader may leave the marker's own box, but must cross nothing else
            let out = 0.3 * r + 2.0 * u;
            let probe = (from.0 + dx / len * out, from.1 + dy / len * out);
            if placer.segment_is_free(probe, to) {
                placer.keep(b);
                placer.block_segment(from, to, 1.0 * u);
                return Some((b, side, from, to));
            }
        }
    }
    None
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

/// Put a furniture box of `b`'s size in the first free corner (or the first corner if none is
/// free) and block it for labels.
fn settle(placer: &mut Placer, map: &Rect, b: Rect, order: &[Corner], u: f32) -> Rect {
    let (w, h) = (b.width(), b.height());
    let at = |c: Corner| {
        let (side, top) = (14.0 * u, 18.0 * u);
        // the credit line runs along the bottom left, so keep clear of it there
        let bottom = if c == Corner::BottomLeft { 34.0 * u } else { 14.0 * u };
        match c {
            Corner::TopLeft => Rect::new(map.x0 + side, map.y0 + top, w, h),
            Corner::TopRight => Rect::new(map.x1 - side - w, map.y0 + top, w, h),
            Corner::BottomLeft => Rect::new(map.x0 + side, map.y1 - bottom - h, w, h),
            Corner::BottomRight => Rect::new(map.x1 - side - w, map.y1 - bottom - h, w, h),
        }
    };
    let chosen =
        order.iter().map(|&c| at(c)).find(|r| placer.is_free(&r.inflate(4.0 * u))).unwrap_or_else(|| at(order[0]));
    placer.block(chosen.inflate(4.0 * u));
    chosen
}

fn in_rect(r: &Rect, q: (f32, f32)) -> bool {
    q.0 >= r.x0 && q.0 <= r.x1 && q.1 >= r.y0 && q.1 <= r.y1
}

fn ring_extent(ring: &[(f32, f32)]) -> f32 {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for &(x, y) in ring {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    (x1 - x0).max(y1 - y0)
}

fn geo_points(rec: &basemap::Record<'_>) -> Result<Vec<(f64, f64)>, basemap::BasemapError> {
    let mut out = Vec::new();
    rec.for_each_point(|lon, lat| out.push((lon, lat)))?;
    Ok(out)
}

fn project_line(view: &View, rec: &basemap::Record<'_>) -> Result<Vec<Ring>, basemap::BasemapError> {
    let mut out = Vec::new();
    view.project_line(&geo_points(rec)?, &mut out);
    Ok(out)
}

/// Drawing order of markers, top first: the small launch diamond goes over a stop it sits next to.
fn symbol_rank(kind: &PointKind) -> u8 {
    match kind {
        PointKind::LaunchOrigin => 0,
        PointKind::Waypoint { .. } => 1,
        PointKind::LaunchSite => 1,
        PointKind::Capital => 2,
        PointKind::City => 3,
        PointKind::Place => 4,
        _ => 5,
    }
}

fn label_rank(kind: &PointKind) -> u8 {
    match kind {
        PointKind::Waypoint { .. } | PointKind::LaunchSite => 0,
        PointKind::Capital | PointKind::LaunchOrigin => 1,
        PointKind::City => 2,
        PointKind::Place => 3,
        PointKind::Sea => 4,
        PointKind::Region | PointKind::Country => 5,
    }
}

fn spaced_caps(s: &str) -> String {
    s.to_uppercase()
}

fn point_label_lines(pt: &super::MapPoint, p: &Palette, u: f32) -> Vec<LabelLine> {
    let imp = pt.importance.clamp(0.0, 1.0);
    let mut lines = Vec::new();
    let main = |text: String, size: f32, face: FontFace, color: Rgba, tracking: f32| LabelLine {
        text,
        size: size * u,
        face,
        color,
        tracking: tracking * u,
    };
    match pt.kind {
        PointKind::Sea => {
            // "Sea of Japan (East Sea)" reads better on two lines
            let size = 20.0 + 6.0 * imp;
            if let Some(k) = pt.label.find(" (") {
                lines.push(main(pt.label[..k].to_string(), size, FontFace::Italic, p.water_text, 0.0));
                lines.push(main(pt.label[k + 1..].to_string(), size * 0.85, FontFace::Italic, p.water_text, 0.0));
            } else {
                lines.push(main(pt.label.clone(), size, FontFace::Italic, p.water_text, 0.0));
            }
        }
        PointKind::Region | PointKind::Country => {
            for word in pt.label.split_whitespace() {
                lines.push(main(spaced_caps(word), 18.0 + 6.0 * imp, FontFace::Bold, p.country_text, 4.0));
            }
        }
        _ => {
            let (size, face, color) = match pt.kind {
                PointKind::Capital => (19.0 + 3.0 * imp, FontFace::Bold, p.text),
                PointKind::Waypoint { .. } | PointKind::LaunchSite if imp >= 0.7 => (21.0, FontFace::Bold, p.text),
                PointKind::Waypoint { .. } | PointKind::LaunchSite => (19.0, FontFace::Regular, p.text),
                PointKind::City if imp < 0.4 => (17.0, FontFace::Regular, p.text_minor),
                PointKind::City => (19.0, FontFace::Regular, p.text),
                _ => (16.5, FontFace::Regular, p.text_minor),
            };
            lines.push(main(pt.label.clone(), size, face, color, 0.0));
        }
    }
    if let Some(note) = &pt.note {
        lines.push(main(note.clone(), 15.0, FontFace::Italic, p.text, 0.0));
    }
    lines
}

/// Graticule lines; returns degree labels (text, x, y of the box's top-left).
fn graticule(scene: &mut Scene, p: &Palette, view: &View, guard: &Rect, u: f32) -> Vec<(String, f32, f32)> {
    let w = view.window;
    let span_lat = w.n - w.s;
    let step = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0].into_iter().find(|s| span_lat / s <= 7.0).unwrap_or(30.0);
    let lon_span = super::projection::lon_span(w.w, w.e).max(if w.w == -180.0 && w.e == 180.0 { 360.0 } else { 0.0 });
    let mut lines = Vec::new();
    let mut labels = Vec::new();
    let r = view.rect;
    let fine = step / 8.0;
    // meridians
    let start = (w.w / step).ceil() * step;
    let mut lon = start;
    while lon <= w.w + lon_span + 1e-9 {
        let mut pts = Vec::new();
        let mut lat = (w.s.max(-85.0) / fine).floor() * fine;
        while lat <= w.n.min(85.0) + 1e-9 {
            pts.push(view.to_px(lon, lat));
            lat += fine;
        }
        if let Some(x) = crossing_x(&pts, r.y0 + 0.5) {
            if x > r.x0 + 30.0 * u && x < r.x1 - 60.0 * u {
                labels.push((degree(lon, true), x + 4.0 * u, r.y0 + 6.0 * u));
            }
        }
        lines.extend(clip_line(&pts, guard));
        lon += step;
    }
    // parallels
    let mut lat = (w.s / step).ceil() * step;
    while lat <= w.n + 1e-9 {
        if lat.abs() < 89.0 {
            let mut pts = Vec::new();
            let n = (lon_span / fine).ceil() as usize;
            for i in 0..=n {
                pts.push(view.to_px(w.w + lon_span * i as f64 / n as f64, lat));
            }
            if let Some(y) = crossing_y(&pts, r.x0 + 0.5) {
                if y > r.y0 + 30.0 * u && y < r.y1 - 30.0 * u {
                    labels.push((degree(lat, false), r.x0 + 6.0 * u, y - 17.0 * u));
                }
            }
            lines.extend(clip_line(&pts, guard));
        }
        lat += step;
    }
    scene.stroke(Shape { parts: lines, closed: false }, p.graticule, 1.0 * u);
    labels
}

fn degree(v: f64, lon: bool) -> String {
    let v = super::projection::wrap_lon(v);
    let v = if !lon { v.clamp(-90.0, 90.0) } else { v };
    let hemi = match (lon, v >= 0.0) {
        (true, _) if v == 0.0 || v.abs() == 180.0 => "",
        (true, true) => "E",
        (true, false) => "W",
        (false, _) if v == 0.0 => "",
        (false, true) => "N",
        (false, false) => "S",
    };
    let a = v.abs();
    if a.fract() == 0.0 {
        format!("{a:.0}°{hemi}")
    } else {
        format!("{a:.1}°{hemi}")
    }
}

/// x where the polyline crosses the horizontal line y.
fn crossing_x(pts: &[(f32, f32)], y: f32) -> Option<f32> {
    pts.windows(2).find_map(|w| {
        let (a, b) = (w[0], w[1]);
        if (a.1 - y) * (b.1 - y) <= 0.0 && a.1 != b.1 {
            Some(a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1))
        } else {
            None
        }
    })
}

/// y where the polyline crosses the vertical line x.
fn crossing_y(pts: &[(f32, f32)], x: f32) -> Option<f32> {
    pts.windows(2).find_map(|w| {
        let (a, b) = (w[0], w[1]);
        if (a.0 - x) * (b.0 - x) <= 0.0 && a.0 != b.0 {
            Some(a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0))
        } else {
            None
        }
    })
}

/// Country names in spaced capitals inside the visible part of each country.
#[allow(clippy::too_many_arguments)]
fn country_labels(
    scene: &mut Scene,
    fonts: &Fonts,
    p: &Palette,
    view: &View,
    countries: &[Country],
    story: &[bool],
    shapes: &[CountryShape],
    named: &BTreeSet<String>,
    placer: &mut Placer,
    layout: &mut Layout,
    u: f32,
) {
    let cell = 8.0 * u;
    let map = view.rect;
    let gw = (map.width() / cell).ceil() as usize;
    let gh = (map.height() / cell).ceil() as usize;
    // merge the shapes of each country (a country can have several shape groups in view)
    let mut by_country: Vec<(usize, Vec<&Ring>)> = Vec::new();
    for (ci, parts) in shapes {
        match by_country.iter_mut().find(|(c, _)| c == ci) {
            Some((_, v)) => v.extend(parts.iter()),
            None => by_country.push((*ci, parts.iter().collect())),
        }
    }
    #[allow(clippy::type_complexity)]
    let mut cands: Vec<(bool, u8, f32, usize, Vec<(Rect, usize)>, Vec<Vec<LabelLine>>)> = Vec::new();
    for (ci, parts) in &by_country {
        let Some(c) = countries.get(*ci) else {
            continue;
        };
        if named.contains(&text_key(&c.name)) || c.name.is_empty() {
            continue;
        }
        let Some(mask) = mask_of(parts, &map, cell, gw, gh) else {
            continue;
        };
        let dist = chamfer(&mask, gw, gh);
        let best = dist.iter().copied().fold(0.0f32, f32::max);
        if best < 3.0 {
            continue;
        }
        let is_story = story.get(*ci).copied().unwrap_or(false);
        let size = (best * cell * 0.22).clamp(15.0 * u, 28.0 * u);
        let color = if is_story { p.story_country_text } else { p.country_text };
        let name = c.name.to_uppercase();
        let one = vec![LabelLine { text: name.clone(), size, face: FontFace::Bold, color, tracking: size * 0.32 }];
        let mut variants = vec![one];
        if name.contains(' ') {
            let two = name
                .split(' ')
                .map(|w| LabelLine {
                    text: w.to_string(),
                    size: size * 0.85,
                    face: FontFace::Bold,
                    color,
                    tracking: size * 0.28,
                })
                .collect::<Vec<_>>();
            // small countries read better stacked; large ones on one line
            if block_size(fonts, &variants[0]).0 > best * cell * 2.0 {
                variants.insert(0, two);
            } else {
                variants.push(two);
            }
        }
        // candidate centres: the NE label point if visible, then the deepest cells
        let mut centres = Vec::new();
        let (lx, ly) = view.to_px(c.label.0, c.label.1);
        centres.push((lx, ly));
        let mut order: Vec<usize> = (0..dist.len()).filter(|&i| dist[i] >= 2.0).collect();
        order.sort_by(|&a, &b| dist[b].total_cmp(&dist[a]).then(a.cmp(&b)));
        for &i in order.iter().take(400) {
            centres.push((map.x0 + (i % gw) as f32 * cell + cell / 2.0, map.y0 + (i / gw) as f32 * cell + cell / 2.0));
        }
        let mut rects = Vec::new();
        for (vi, lines) in variants.iter().enumerate() {
            let (w, h) = block_size(fonts, lines);
            for &(x, y) in &centres {
                let r = Rect::new(x - w / 2.0, y - h / 2.0, w, h);
                if rect_inside_mask(&r, &mask, &map, cell, gw, gh) {
                    rects.push((r, vi));
                }
            }
        }
        if !rects.is_empty() {
            cands.push((!is_story, c.label_rank, -best, *ci, rects, variants));
        }
    }
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.total_cmp(&b.2)).then(a.3.cmp(&b.3)));
    for (not_story, _, _, _, rects, variants) in cands {
        let boxes: Vec<Rect> = rects.iter().map(|r| r.0).collect();
        if let Some(k) = placer.place_first(&boxes) {
            // a halo of the country's own fill keeps rivers and province lines off the letters
            let fill = if not_story { p.land } else { p.story_land };
            let lines = &variants[rects[k].1];
            draw_block(scene, fonts, lines, &boxes[k], 0.5, Some((fill, 2.0 * u)));
            let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
            layout.labels.push(placed(&text, "basemap_country", None, &boxes[k], false));
        }
    }
}

/// Rasterise a country's rings into a coarse grid (true = inside).
fn mask_of(parts: &[&Vec<(f32, f32)>], map: &Rect, cell: f32, gw: usize, gh: usize) -> Option<Vec<bool>> {
    let mut pm = tiny_skia::Pixmap::new(gw as u32, gh as u32)?;
    let mut pb = tiny_skia::PathBuilder::new();
    for ring in parts {
        let mut it = ring.iter();
        let Some(&(x, y)) = it.next() else { continue };
        pb.move_to((x - map.x0) / cell, (y - map.y0) / cell);
        for &(x, y) in it {
            pb.line_to((x - map.x0) / cell, (y - map.y0) / cell);
        }
        pb.close();
    }
    let path = pb.finish()?;
    let mut paint = tiny_skia::Paint::default();
    paint.set_color_rgba8(0, 0, 0, 255);
    paint.anti_alias = true;
    pm.fill_path(&path, &paint, tiny_skia::FillRule::EvenOdd, tiny_skia::Transform::identity(), None);
    Some(pm.pixels().iter().map(|px| px.alpha() > 200).collect())
}

/// Distance (in cells) from each inside cell to the nearest outside cell or the grid edge.
fn chamfer(mask: &[bool], gw: usize, gh: usize) -> Vec<f32> {
    let big = 1e6f32;
    let mut d: Vec<f32> = mask.iter().map(|&m| if m { big } else { 0.0 }).collect();
    let at = |x: isize, y: isize, d: &Vec<f32>| {
        if x < 0 || y < 0 || x >= gw as isize || y >= gh as isize {
            0.0
        } else {
            d[y as usize * gw + x as usize]
        }
    };
    for y in 0..gh as isize {
        for x in 0..gw as isize {
            let i = y as usize * gw + x as usize;
            if d[i] > 0.0 {
                let v = (at(x - 1, y, &d) + 1.0)
                    .min(at(x, y - 1, &d) + 1.0)
                    .min(at(x - 1, y - 1, &d) + 1.4)
                    .min(at(x + 1, y - 1, &d) + 1.4);
                d[i] = d[i].min(v);
            }
        }
    }
    for y in (0..gh as isize).rev() {
        for x in (0..gw as isize).rev() {
            let i = y as usize * gw + x as usize;
            if d[i] > 0.0 {
                let v = (at(x + 1, y, &d) + 1.0)
                    .min(at(x, y + 1, &d) + 1.0)
                    .min(at(x + 1, y + 1, &d) + 1.4)
                    .min(at(x - 1, y + 1, &d) + 1.4);
                d[i] = d[i].min(v);
            }
        }
    }
    d
}

fn rect_inside_mask(r: &Rect, mask: &[bool], map: &Rect, cell: f32, gw: usize, gh: usize) -> bool {
    let cx0 = ((r.x0 - map.x0) / cell).floor();
    let cy0 = ((r.y0 - map.y0) / cell).floor();
    let cx1 = ((r.x1 - map.x0) / cell).floor();
    let cy1 = ((r.y1 - map.y0) / cell).floor();
    if cx0 < 0.0 || cy0 < 0.0 || cx1 >= gw as f32 || cy1 >= gh as f32 {
        return false;
    }
    for cy in cy0 as usize..=cy1 as usize {
        for cx in cx0 as usize..=cx1 as usize {
            if !mask[cy * gw + cx] {
                return false;
            }
        }
    }
    true
}
