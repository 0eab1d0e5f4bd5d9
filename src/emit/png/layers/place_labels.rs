//! The input points' labels, in priority order (kind, then importance, then input order). Each
//! label goes to its best free candidate beside its point; a core point with no room there gets
//! its label further out with a leader line; whatever is left off goes to the layout's
//! `dropped` with the reason, as does a label whose text is already on the map.

use super::super::compose::{placed, Draft, DrawnTexts, Frame};
use super::super::labels::{Placer, Rect, Side};
use super::super::scene::{Rgba, Shape};
use super::super::style::Palette;
use super::super::text::FontFace;
use super::super::view::Pt;
use super::super::{Dropped, LabelKind, MapPoint, PlacedLabel, PointKind};
use super::{block_size, draw_block, in_rect, LabelLine};
use crate::emit::png::RenderError;

/// A point label ready to place: point index, lines, candidate boxes, their alignments, and
/// the block's box beside the point (its size, for a leader line when no candidate is left).
type Prepared = (usize, Vec<LabelLine>, Vec<Rect>, Vec<f32>, Rect);

/// Up to this many markers, a candidate nearer another marker than its own is not tried (it
/// would read as that marker's label); dot maps of thousands of points skip the check.
const MAX_MARKERS_CHECKED: usize = 600;

/// Gap from box `b` to the edge of a marker of radius `r` at `(x, y)`, px.
fn gap(b: &Rect, (x, y): (f32, f32), r: f32) -> f32 {
    let dx = (b.x0 - x).max(x - b.x1).max(0.0);
    let dy = (b.y0 - y).max(y - b.y1).max(0.0);
    dx.hypot(dy) - r
}

/// At most this many labels get a leader line (the first core labels with no room beside
/// their point).
const MAX_LEADERS: usize = 40;

/// Label the points shown (see the module's docs).
pub(in super::super) fn labels(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let (input, view, p, u) = (f.input, &f.view, &f.palette, f.u);
    let (scene, placer, layout) = (&mut d.scene, &mut d.placer, &mut d.layout);
    let map = view.rect;
    let halo = Some((p.halo, 3.2 * u));
    let mut idx: Vec<usize> = f.shown.clone();
    idx.sort_by(|&a, &b| {
        let (pa, pb) = (&input.points[a], &input.points[b]);
        label_rank(&pa.kind).cmp(&label_rank(&pb.kind)).then(pb.importance.total_cmp(&pa.importance)).then(a.cmp(&b))
    });
    // every label's candidates first, so each placement can leave room for the rest
    let mut prepared: Vec<Prepared> = Vec::with_capacity(idx.len());
    let mut claimed = DrawnTexts::default();
    // the markers drawn, to keep each label nearer its own marker than any other
    let marks: Vec<(usize, (f32, f32), f32)> = match f.shown.len() <= MAX_MARKERS_CHECKED {
        true => f
            .shown
            .iter()
            .filter(|&&j| d.marker_radius[j] > 0.0)
            .map(|&j| (j, view.to_px(input.points[j].lon, input.points[j].lat), d.marker_radius[j]))
            .collect(),
        false => Vec::new(),
    };
    let theirs = |i: usize, c: &Rect, r: f32, at: (f32, f32)| {
        let own = gap(c, at, r);
        marks.iter().any(|&(j, q, rq)| j != i && gap(c, q, rq) + 1.0 * u < own)
    };
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
        let (w, h) = block_size(f.fonts, &lines);
        let w = w + 2.0 * u;
        let (rects, aligns): (Vec<Rect>, Vec<f32>) = match pt.kind {
            PointKind::Sea | PointKind::Region | PointKind::Country => {
                [(0.0, 0.0), (0.0, -1.0), (0.0, 1.0), (-1.0, 0.0), (1.0, 0.0), (-1.0, -1.0), (1.0, 1.0)]
                    .iter()
                    .map(|(dx, dy)| (Side::Centre.place(x + dx * w * 0.4, y + dy * h * 0.8, 0.0, w, h), 0.5))
                    .unzip()
            }
            _ => {
                let r = d.marker_radius[i].max(3.0 * u);
                let mut v: Vec<(Rect, f32)> =
                    Side::POINT_ORDER.iter().map(|s| (s.place(x, y, r, w, h), s.align())).collect();
                // a second ring further out, for crowded spots
                v.extend(Side::POINT_ORDER.iter().map(|s| (s.place(x, y, r + 10.0 * u, w, h), s.align())));
                // not where it would read as another marker's label
                v.into_iter().filter(|(c, _)| !theirs(i, c, r, (x, y))).unzip()
            }
        };
        let beside = Side::E.place(x, y, d.marker_radius[i].max(3.0 * u), w, h);
        placer.expect(prepared.len() as u32, &rects);
        prepared.push((i, lines, rects, aligns, beside));
    }
    let (mut leaders, mut tried_leaders) = (0, 0);
    for (n, (i, lines, rects, aligns, beside)) in prepared.iter().enumerate() {
        let pt = &input.points[*i];
        let anchor = view.to_px(pt.lon, pt.lat);
        let note = pt.note.clone();
        let kind = LabelKind::from(&pt.kind);
        let anchored =
            |l: PlacedLabel| PlacedLabel { anchor: Some([anchor.0, anchor.1].map(|v| (v * 10.0).round() / 10.0)), ..l };
        if let Some(k) = placer.place_best(n as u32, rects, Some(anchor)) {
            // water names get a halo of water, so grid lines stop short of the letters
            let halo = if pt.kind == PointKind::Sea { Some((p.sea, 2.0 * u)) } else { halo };
            draw_block(scene, f.fonts, lines, &rects[k], aligns[k], halo);
            d.drawn.add(&pt.label);
            layout.labels.push(anchored(placed(&pt.label, kind, note, &rects[k], false)));
            continue;
        }
        // leader lines are for the few labels of a story map, not the thousands of a dot map
        let leader = if pt.core && leaders < MAX_LEADERS {
            leader_spot(placer, anchor, d.marker_radius[*i].max(3.0 * u), beside, u)
        } else {
            None
        };
        leaders += usize::from(leader.is_some());
        tried_leaders += usize::from(pt.core);
        match leader {
            Some((b, side, from, to)) => {
                scene.stroke(Shape::polyline(vec![from, to]), p.text_minor, 1.1 * u);
                draw_block(scene, f.fonts, lines, &b, side.align(), halo);
                d.drawn.add(&pt.label);
                layout.labels.push(anchored(placed(&pt.label, kind, note, &b, true)));
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
    Ok(())
}

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

/// Label priority of a point kind, first placed first (and the stronger of two merged twins).
pub(in super::super) fn label_rank(kind: &PointKind) -> u8 {
    match kind {
        PointKind::Waypoint { .. } | PointKind::LaunchSite => 0,
        PointKind::Capital | PointKind::LaunchOrigin => 1,
        PointKind::City => 2,
        PointKind::Place | PointKind::Site(_) => 3,
        PointKind::Sea => 4,
        PointKind::Region | PointKind::Country => 5,
    }
}

fn spaced_caps(s: &str) -> String {
    s.to_uppercase()
}

fn point_label_lines(pt: &MapPoint, p: &Palette, u: f32) -> Vec<LabelLine> {
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
