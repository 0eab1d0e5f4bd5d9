//! Map furniture: header band (title, subtitle), legend, scale bar, locator globe, credit line.
//!
//! Invariants:
//! - Each piece has a fixed home (header on top, scale bar and credit bottom left, legend bottom
//!   right, locator top right) and reports its box before anything is drawn, so labels keep off.
//! - The legend lists exactly the symbols and lines that were drawn, in a fixed order.
//! - The scale bar length is measured at the centre of the map in the map's projection.

use geo::Coord;

use super::basemap::{self, GeoWindow, LayerId};
use super::labels::Rect;
use super::scene::{Scene, Shape, Text};
use super::style::Palette;
use super::symbols::{self, Symbol};
use super::text::{FontFace, Fonts};
use super::view::View;
use super::LabelKind;
use super::RenderError;

/// One legend row.
#[derive(Clone, Debug, PartialEq)]
pub enum LegendEntry {
    Route(String),
    Planned,
    Symbol(Symbol),
    Track,
    Border,
}

impl LegendEntry {
    fn text(&self) -> &str {
        match self {
            LegendEntry::Route(s) => s,
            LegendEntry::Planned => "Planned route",
            LegendEntry::Symbol(s) => s.legend_text(),
            LegendEntry::Track => "Missile path (illustrative)",
            LegendEntry::Border => "International border",
        }
    }
}

const LEGEND_TEXT: f32 = 17.0;
const LEGEND_ROW: f32 = 27.0;

/// Box of the legend panel (bottom right of the map rectangle).
pub fn legend_box(fonts: &Fonts, entries: &[LegendEntry], map: &Rect, u: f32) -> Option<Rect> {
    if entries.is_empty() {
        return None;
    }
    let text_w =
        entries.iter().map(|e| fonts.width(e.text(), LEGEND_TEXT * u, FontFace::Regular, 0.0)).fold(0.0, f32::max);
    let w = 16.0 * u + 52.0 * u + text_w + 16.0 * u;
    let h = 14.0 * u * 2.0 + LEGEND_ROW * u * entries.len() as f32 - 6.0 * u;
    let margin = 14.0 * u;
    Some(Rect::new(map.x1 - margin - w, map.y1 - margin - h, w, h))
}

pub fn draw_legend(scene: &mut Scene, fonts: &Fonts, p: &Palette, entries: &[LegendEntry], b: &Rect, u: f32) {
    panel(scene, p, b, u);
    for (i, e) in entries.iter().enumerate() {
        let cy = b.y0 + 14.0 * u + LEGEND_ROW * u * (i as f32 + 0.5) - 3.0 * u;
        let sx = b.x0 + 16.0 * u;
        let mid = sx + 22.0 * u;
        match e {
            LegendEntry::Route(_) => {
                scene.stroke(Shape::polyline(vec![(sx, cy), (sx + 44.0 * u, cy)]), p.route, 7.0 * u);
            }
            LegendEntry::Planned => {
                symbols::planned_route(scene, p, &[(sx, cy), (sx + 44.0 * u, cy)], u);
            }
            LegendEntry::Track => {
                symbols::track(scene, p, &[(sx, cy), (sx + 46.0 * u, cy)], u * 0.85);
            }
            LegendEntry::Border => {
                scene.stroke(Shape::polyline(vec![(sx, cy), (sx + 44.0 * u, cy)]), p.border, 2.2 * u);
            }
            LegendEntry::Symbol(s) => {
                let k = if *s == Symbol::LaunchSite { 0.8 } else { 1.0 };
                symbols::draw(scene, fonts, p, *s, (mid, cy), u * k, None);
            }
        }
        let size = LEGEND_TEXT * u;
        scene.text(Text {
            x: sx + 56.0 * u,
            y: cy + fonts.cap_height(size) / 2.0,
            size,
            face: FontFace::Regular,
            color: p.text,
            halo: None,
            tracking: 0.0,
            text: e.text().to_string(),
        });
    }
}

fn panel(scene: &mut Scene, p: &Palette, b: &Rect, u: f32) {
    let r = 8.0 * u;
    let mut pts = Vec::new();
    for (cx, cy, a0) in [
        (b.x1 - r, b.y0 + r, -90.0f32),
        (b.x1 - r, b.y1 - r, 0.0),
        (b.x0 + r, b.y1 - r, 90.0),
        (b.x0 + r, b.y0 + r, 180.0),
    ] {
        for i in 0..=6 {
            let a = (a0 + i as f32 * 15.0).to_radians();
            pts.push((cx + r * a.cos(), cy + r * a.sin()));
        }
    }
    scene.fill(Shape::polygon(pts.clone()), p.panel);
    scene.stroke(Shape::polygon(pts), p.panel_edge, 1.0 * u);
}

/// A scale bar: its length in km and px, chosen so the bar is 12–25 % of the map width.
pub fn scale_length(view: &View) -> Option<(f64, f32)> {
    let kpp = view.km_per_px()?;
    let target = view.rect.width() as f64 * 0.2 * kpp;
    let mut best = 1.0;
    for exp in -1..5 {
        for m in [1.0, 2.0, 2.5, 5.0] {
            let v = m * 10f64.powi(exp);
            if v <= target {
                best = v;
            }
        }
    }
    Some((best, (best / kpp) as f32))
}

const SCALE_TEXT: f32 = 15.0;

pub fn scale_box(fonts: &Fonts, view: &View, u: f32) -> Option<Rect> {
    let (km, px) = scale_length(view)?;
    let label = format!("{} km", fmt_km(km));
    let w = px + fonts.width(&label, SCALE_TEXT * u, FontFace::Regular, 0.0) / 2.0 + 34.0 * u;
    let h = 46.0 * u;
    let r = view.rect;
    Some(Rect::new(r.x0 + 14.0 * u, r.y1 - 34.0 * u - h, w, h))
}

fn fmt_km(km: f64) -> String {
    if km >= 1.0 {
        format!("{km:.0}")
    } else {
        format!("{km:.1}")
    }
}

pub fn draw_scale(scene: &mut Scene, fonts: &Fonts, p: &Palette, view: &View, b: &Rect, u: f32) {
    let Some((km, px)) = scale_length(view) else {
        return;
    };
    panel(scene, p, b, u);
    let x0 = b.x0 + 16.0 * u;
    let y = b.y0 + 30.0 * u;
    let h = 7.0 * u;
    scene.fill(Shape::rect(x0, y, px, h), p.symbol_fill);
    for i in 0..4 {
        if i % 2 == 0 {
            scene.fill(Shape::rect(x0 + px * i as f32 / 4.0, y, px / 4.0, h), p.text);
        }
    }
    scene.stroke(Shape::rect(x0, y, px, h), p.text, 1.2 * u);
    let size = SCALE_TEXT * u;
    for (x, label) in [(x0, "0".to_string()), (x0 + px, format!("{} km", fmt_km(km)))] {
        let w = fonts.width(&label, size, FontFace::Regular, 0.0);
        let lx =
            if label == "0" { x - w / 2.0 } else { x - fonts.width(&fmt_km(km), size, FontFace::Regular, 0.0) / 2.0 };
        scene.text(Text {
            x: lx,
            y: y - 6.0 * u,
            size,
            face: FontFace::Regular,
            color: p.text,
            halo: None,
            tracking: 0.0,
            text: label,
        });
    }
}

/// Header band height for a map with this title/subtitle.
pub fn header_height(title: bool, subtitle: bool, u: f32) -> f32 {
    match (title, subtitle) {
        (true, true) => 104.0 * u,
        (true, false) => 70.0 * u,
        (false, true) => 52.0 * u,
        (false, false) => 0.0,
    }
}

pub fn draw_header(scene: &mut Scene, fonts: &Fonts, p: &Palette, title: Option<&str>, subtitle: Option<&str>, u: f32) {
    let h = header_height(title.is_some(), subtitle.is_some(), u);
    if h == 0.0 {
        return;
    }
    scene.fill(Shape::rect(0.0, 0.0, scene.width, h), p.paper);
    let max_w = scene.width - 64.0 * u;
    let mut y = 0.0;
    if let Some(t) = title {
        let mut size = 36.0 * u;
        let w = fonts.width(t, size, FontFace::Bold, 0.0);
        if w > max_w {
            size *= max_w / w;
        }
        y = 50.0 * u;
        scene.text(Text {
            x: 32.0 * u,
            y,
            size,
            face: FontFace::Bold,
            color: p.title,
            halo: None,
            tracking: 0.0,
            text: t.to_string(),
        });
    }
    if let Some(s) = subtitle {
        let mut size = 21.0 * u;
        let w = fonts.width(s, size, FontFace::Regular, 0.0);
        if w > max_w {
            size *= max_w / w;
        }
        y += if title.is_some() { 36.0 * u } else { 34.0 * u };
        scene.text(Text {
            x: 32.0 * u,
            y,
            size,
            face: FontFace::Regular,
            color: p.subtitle,
            halo: None,
            tracking: 0.0,
            text: s.to_string(),
        });
    }
}

/// The header's texts with their kind and box, as `draw_header` draws them.
pub fn header_layout(
    fonts: &Fonts,
    title: Option<&str>,
    subtitle: Option<&str>,
    width: f32,
    u: f32,
) -> Vec<(String, LabelKind, Rect)> {
    let max_w = width - 64.0 * u;
    let mut out = Vec::new();
    let mut y = 0.0;
    for (text, kind, size, face) in [
        (title, LabelKind::Title, 36.0 * u, FontFace::Bold),
        (subtitle, LabelKind::Subtitle, 21.0 * u, FontFace::Regular),
    ] {
        let Some(text) = text else { continue };
        let w = fonts.width(text, size, face, 0.0);
        let size = if w > max_w { size * max_w / w } else { size };
        y += match (kind, title.is_some()) {
            (LabelKind::Title, _) => 50.0 * u,
            (_, true) => 36.0 * u,
            _ => 34.0 * u,
        };
        let w = w.min(max_w);
        out.push((text.to_string(), kind, Rect::new(32.0 * u, y - 0.8 * size, w, size)));
    }
    out
}

const CREDIT_TEXT: f32 = 13.0;

pub fn credit_box(fonts: &Fonts, text: &str, map: &Rect, u: f32) -> Rect {
    let size = CREDIT_TEXT * u;
    let w = fonts.width(text, size, FontFace::Regular, 0.0);
    Rect::new(map.x0 + 10.0 * u, map.y1 - 8.0 * u - size * 1.1, w + 4.0 * u, size * 1.2)
}

pub fn draw_credit(scene: &mut Scene, fonts: &Fonts, p: &Palette, text: &str, b: &Rect, u: f32) {
    let size = CREDIT_TEXT * u;
    scene.text(Text {
        x: b.x0 + 2.0 * u,
        y: b.y1 - fonts.descent(size) - 1.0 * u,
        size,
        face: FontFace::Regular,
        color: p.text_minor,
        halo: Some((p.halo, 2.2 * u)),
        tracking: 0.0,
        text: text.to_string(),
    });
}

/// Locator globe: box of the inset (top right of the map).
pub fn locator_box(map: &Rect, u: f32) -> Rect {
    let d = 250.0 * u;
    Rect::new(map.x1 - 18.0 * u - d, map.y0 + 18.0 * u, d, d)
}

/// Orthographic projection of the globe inset: (x, y) on the unit disk and the depth z
/// (z >= 0 on the near side).
fn ortho(lon0: f64, lat0: f64, lon: f64, lat: f64) -> (f64, f64, f64) {
    let (l, p) = ((lon - lon0).to_radians(), lat.to_radians());
    let p0 = lat0.to_radians();
    let x = p.cos() * l.sin();
    let y = p0.cos() * p.sin() - p0.sin() * p.cos() * l.cos();
    let z = p0.sin() * p.sin() + p0.cos() * p.cos() * l.cos();
    (x, y, z)
}

/// Clip a ring (already in ortho coordinates) to the near hemisphere; where it goes behind the
/// globe, the cut is closed along the limb. `None` if nothing is visible.
fn clip_to_near_side(ring: &[(f64, f64, f64)]) -> Option<Vec<(f64, f64)>> {
    if ring.iter().all(|p| p.2 >= 0.0) {
        return Some(ring.iter().map(|p| (p.0, p.1)).collect());
    }
    // (point, is a limb crossing)
    let mut cut: Vec<((f64, f64), bool)> = Vec::new();
    let mut prev = ring[ring.len() - 1];
    for &cur in ring {
        let (pv, cv) = (prev.2 >= 0.0, cur.2 >= 0.0);
        if pv != cv {
            let t = prev.2 / (prev.2 - cur.2);
            let (x, y) = (prev.0 + (cur.0 - prev.0) * t, prev.1 + (cur.1 - prev.1) * t);
            let r = x.hypot(y).max(1e-12);
            cut.push(((x / r, y / r), true));
        }
        if cv {
            cut.push(((cur.0, cur.1), false));
        }
        prev = cur;
    }
    if cut.len() < 3 {
        return None;
    }
    let mut out = Vec::with_capacity(cut.len() + 32);
    for i in 0..cut.len() {
        let (a, a_limb) = cut[i];
        out.push(a);
        let (b, b_limb) = cut[(i + 1) % cut.len()];
        if a_limb && b_limb {
            // exit then entry: follow the limb the short way round
            let (ta, tb) = (a.1.atan2(a.0), b.1.atan2(b.0));
            let mut d = tb - ta;
            while d > std::f64::consts::PI {
                d -= std::f64::consts::TAU;
            }
            while d < -std::f64::consts::PI {
                d += std::f64::consts::TAU;
            }
            let n = (d.abs() / 0.1).ceil() as usize;
            for k in 1..n {
                let t = ta + d * k as f64 / n as f64;
                out.push((t.cos(), t.sin()));
            }
        }
    }
    Some(out)
}

pub fn draw_locator(
    scene: &mut Scene,
    p: &Palette,
    view: &View,
    story: &[bool],
    b: &Rect,
    u: f32,
) -> Result<(), RenderError> {
    let r = b.width() / 2.0 - 2.0 * u;
    let (cx, cy) = ((b.x0 + b.x1) / 2.0, (b.y0 + b.y1) / 2.0);
    let Some(Coord { x: lon0, y: lat0 }) =
        view.px_to_geo((view.rect.x0 + view.rect.x1) / 2.0, (view.rect.y0 + view.rect.y1) / 2.0)
    else {
        return Ok(());
    };
    let lat0 = lat0.clamp(-60.0, 60.0);
    let to_px = |(x, y): (f64, f64)| (cx + x as f32 * r, cy - y as f32 * r);
    let to = |lon: f64, lat: f64| {
        let (x, y, z) = ortho(lon0, lat0, lon, lat);
        if z < 0.0 {
            // far side: onto the limb (only used for lines, which are filtered below)
            let k = x.hypot(y).max(1e-9);
            to_px((x / k, y / k))
        } else {
            to_px((x, y))
        }
    };
    scene.fill(Shape::circle(cx, cy, r + 3.0 * u), p.paper.alpha(200));
    scene.fill(Shape::circle(cx, cy, r), p.sea);
    let mut group: Option<(u32, bool)> = None;
    let mut parts: Vec<Vec<(f32, f32)>> = Vec::new();
    let flush = |scene: &mut Scene, parts: &mut Vec<Vec<(f32, f32)>>, tint: bool| {
        if !parts.is_empty() {
            let shape = Shape { parts: std::mem::take(parts), closed: true };
            scene.fill(shape, if tint { p.inset_story } else { p.inset_land });
        }
    };
    basemap::records(LayerId::World110, &GeoWindow::WORLD, |rec| {
        let tint = rec.attr > 0 && story.get(rec.attr as usize - 1).copied().unwrap_or(false);
        if group.map(|g| g.0) != Some(rec.group) {
            if let Some((_, t)) = group {
                flush(scene, &mut parts, t);
            }
            group = Some((rec.group, tint));
        }
        let mut ring = Vec::new();
        rec.for_each_point(|lon, lat| ring.push(ortho(lon0, lat0, lon, lat)))?;
        if let Some(visible) = clip_to_near_side(&ring) {
            parts.push(visible.into_iter().map(to_px).collect());
        }
        Ok(())
    })?;
    if let Some((_, t)) = group {
        flush(scene, &mut parts, t);
    }
    // graticule every 30 degrees
    let mut lines = Vec::new();
    for lon in (-180..180).step_by(30) {
        lines.push((-90..=90).step_by(5).map(|lat| to(lon as f64, lat as f64)).collect::<Vec<_>>());
    }
    for lat in (-60..=60).step_by(30) {
        lines.push((-180..=180).step_by(5).map(|lon| to(lon as f64, lat as f64)).collect::<Vec<_>>());
    }
    for line in lines {
        // only the near side: drop points pushed to the limb
        let near: Vec<(f32, f32)> = line.into_iter().filter(|q| (q.0 - cx).hypot(q.1 - cy) < r * 0.999).collect();
        if near.len() >= 2 {
            scene.stroke(Shape::polyline(near), p.paper.alpha(150), 0.8 * u);
        }
    }
    scene.stroke(Shape::circle(cx, cy, r), p.frame, 1.4 * u);
    // the map's extent
    let m = view.rect;
    let mut outline = Vec::new();
    let n = 24;
    let edge = |t: f32, side: usize| match side {
        0 => (m.x0 + m.width() * t, m.y0),
        1 => (m.x1, m.y0 + m.height() * t),
        2 => (m.x1 - m.width() * t, m.y1),
        _ => (m.x0, m.y1 - m.height() * t),
    };
    for side in 0..4 {
        for i in 0..n {
            let (x, y) = edge(i as f32 / n as f32, side);
            if let Some(Coord { x: lon, y: lat }) = view.px_to_geo(x, y) {
                outline.push(to(lon, lat));
            }
        }
    }
    if outline.len() > 3 {
        scene.stroke(Shape::polygon(outline), p.route, 2.4 * u);
    }
    Ok(())
}
