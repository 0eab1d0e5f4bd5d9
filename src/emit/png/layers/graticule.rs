//! The graticule: meridians and parallels at a round step for the extent, and their degree
//! labels along the top and left edges of the map.

use super::super::compose::{Draft, Frame};
use super::super::labels::Rect;
use super::super::projection::{lon_span, wrap_lon};
use super::super::scene::{Shape, Text};
use super::super::text::FontFace;
use super::super::view::clip_line;
use super::super::LabelKind;
use crate::emit::png::RenderError;

/// Graticule lines; keeps the degree labels (text, top-left of the box) for [`degrees`].
pub(in super::super) fn lines(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let (view, guard, u) = (&f.view, &f.guard, f.u);
    let w = view.window;
    let span_lat = w.n - w.s;
    let step = [1.0, 2.0, 5.0, 10.0, 15.0, 30.0].into_iter().find(|s| span_lat / s <= 7.0).unwrap_or(30.0);
    let lon_span = lon_span(w.w, w.e).max(if w.w == -180.0 && w.e == 180.0 { 360.0 } else { 0.0 });
    let mut lines = Vec::new();
    let labels = &mut d.degree_labels;
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
    d.scene.stroke(Shape { parts: lines, closed: false }, f.palette.graticule, 1.0 * u);
    Ok(())
}

/// The degree labels, where they are free and their text is not on the map yet.
pub(in super::super) fn degrees(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    for (text, x, y) in std::mem::take(&mut d.degree_labels) {
        let size = 13.0 * f.u;
        let w = f.fonts.width(&text, size, FontFace::Regular, 0.0);
        let b = Rect::new(x, y, w, size);
        if d.drawn.has(&text) {
            continue;
        }
        if d.placer.place_first(&[b]).is_some() {
            d.drawn.add(&text);
            d.layout.labels.push(super::super::compose::placed(&text, LabelKind::Graticule, None, &b, false));
            d.scene.text(Text {
                x,
                y: y + size * 0.85,
                size,
                face: FontFace::Regular,
                color: f.palette.graticule_text,
                halo: None,
                tracking: 0.0,
                text,
            });
        }
    }
    Ok(())
}

fn degree(v: f64, lon: bool) -> String {
    let v = wrap_lon(v);
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
