//! The story's lines: launch tracks, then the planned part of a journey, then the route on
//! top; and the notes at the ends of launch tracks.

use super::super::compose::{placed, Draft, Frame};
use super::super::labels::{Rect, Side};
use super::super::scene::Shape;
use super::super::symbols;
use super::super::text::FontFace;
use super::super::view::Pt;
use super::super::{Dropped, LabelKind, LineKind};
use super::{block_size, draw_block, LabelLine};
use crate::emit::png::RenderError;

/// What the story lines leave for the legend, the credit and the track notes.
#[derive(Default)]
pub(in super::super) struct StoryLines {
    /// The first route's legend entry.
    pub route: Option<String>,
    pub planned: bool,
    pub track: bool,
    /// Each launch track's note, with the track's tip and a point a little before it.
    pub notes: Vec<(String, Pt, Pt)>,
}

/// Route, planned route and launch tracks, each blocking the label placer along its length.
pub(in super::super) fn lines(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let (p, u) = (&f.palette, f.u);
    let (scene, placer, out) = (&mut d.scene, &mut d.placer, &mut d.story_lines);
    // tracks first, so the route stays on top of everything else
    let lines = &f.input.lines;
    let ordered = lines
        .iter()
        .filter(|l| l.kind == LineKind::LaunchTrack)
        .chain(lines.iter().filter(|l| l.kind == LineKind::PlannedRoute))
        .chain(lines.iter().filter(|l| l.kind == LineKind::Route));
    for line in ordered {
        // a line that crosses the seam of the projection (the antimeridian on a world map) is
        // drawn as pieces, each on its own side, never as a stroke across the whole map
        let mut pieces = Vec::new();
        f.view.project_line(&line.coords, &mut pieces);
        if pieces.is_empty() {
            continue;
        }
        match line.kind {
            LineKind::Route => {
                for pts in &pieces {
                    symbols::route(scene, p, pts, u);
                    for w in pts.windows(2) {
                        placer.block_segment(w[0], w[1], 8.0 * u);
                    }
                }
                if out.route.is_none() {
                    out.route = Some(line.label.clone().unwrap_or_else(|| "Route".to_string()));
                }
            }
            LineKind::PlannedRoute => {
                for pts in &pieces {
                    symbols::planned_route(scene, p, pts, u);
                    for w in pts.windows(2) {
                        placer.block_segment(w[0], w[1], 7.0 * u);
                    }
                }
                out.planned = true;
            }
            LineKind::LaunchTrack => {
                let last = pieces.len() - 1;
                for (k, pts) in pieces.iter().enumerate() {
                    let (a, b) = (pts[0], pts[pts.len() - 1]);
                    let curve = if pts.len() == 2 && last == 0 { symbols::track_curve(a, b) } else { pts.clone() };
                    if k == last {
                        symbols::track(scene, p, &curve, u);
                        placer.block(Rect::around(b.0, b.1, 9.0 * u));
                        if let Some(l) = &line.label {
                            let prev = curve[curve.len().saturating_sub(4)];
                            out.notes.push((l.clone(), b, prev));
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
                out.track = true;
            }
        }
    }
    Ok(())
}

/// The notes at the ends of launch tracks, beside the tip on the side the track travels to.
pub(in super::super) fn notes(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let (p, u) = (&f.palette, f.u);
    let halo = Some((p.halo, 3.2 * u));
    for (note, tip, prev) in &d.story_lines.notes {
        if d.drawn.has(note) {
            d.layout.dropped.push(Dropped { text: note.clone(), why: "same text as another label".into() });
            continue;
        }
        let lines = vec![LabelLine {
            text: note.clone(),
            size: 15.0 * u,
            face: FontFace::Italic,
            color: p.missile,
            tracking: 0.0,
        }];
        let (w, h) = block_size(f.fonts, &lines);
        let east = tip.0 >= prev.0;
        let sides: &[Side] = if east {
            &[Side::E, Side::NE, Side::SE, Side::N, Side::S]
        } else {
            &[Side::W, Side::NW, Side::SW, Side::N, Side::S]
        };
        let cands: Vec<Rect> = sides.iter().map(|s| s.place(tip.0, tip.1, 10.0 * u, w, h)).collect();
        if let Some(k) = d.placer.place_first(&cands) {
            draw_block(&mut d.scene, f.fonts, &lines, &cands[k], sides[k].align(), halo);
            d.drawn.add(note);
            d.layout.labels.push(placed(note, LabelKind::TrackNote, None, &cands[k], false));
        } else {
            d.layout.dropped.push(Dropped { text: note.clone(), why: "no room".into() });
        }
    }
    Ok(())
}
