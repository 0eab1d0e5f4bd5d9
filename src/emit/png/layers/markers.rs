//! Point markers: minor symbols first, so stops and capitals sit on top; each blocks the label
//! placer around it. A point that is a journey stop but drawn with a symbol of its own (a
//! launch site the journey stops at) gets a numbered stop badge beside that symbol, drawn after
//! every marker so no symbol covers its number.
//!
//! Invariant: no symbol is drawn over a stop number (stops are drawn last but for their
//! badges, and a badge goes where no symbol is); every symbol drawn is in the layout's
//! `markers`, in drawing order.

use super::super::compose::{placed_marker, Draft, Frame};
use super::super::labels::Rect;
use super::super::symbols::{self, Symbol};
use super::super::{LabelKind, PointKind};
use super::in_rect;
use crate::emit::png::RenderError;

/// The markers of the points shown that fall inside the map.
pub(in super::super) fn markers(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let input = f.input;
    let mut order: Vec<usize> = f.shown.clone();
    // draw minor symbols first so stops and capitals sit on top
    order.sort_by_key(|&i| symbol_rank(&input.points[i].kind));
    let mut badges = Vec::new();
    for &i in order.iter().rev() {
        let pt = &input.points[i];
        let Some(sym) = Symbol::of(&pt.kind) else {
            continue;
        };
        let (x, y) = f.view.to_px(pt.lon, pt.lat);
        if !in_rect(&f.map, (x, y)) {
            continue;
        }
        let number = match pt.kind {
            PointKind::Waypoint { order } => Some(order),
            _ => None,
        };
        symbols::draw(&mut d.scene, f.fonts, &f.palette, sym, (x, y), f.u, number);
        d.drawn_symbols.insert(sym);
        let r = sym.radius(f.u);
        d.marker_radius[i] = r;
        let b = Rect::around(x, y, r * 0.9);
        d.placer.block(b);
        d.layout.markers.push(placed_marker(&pt.label, LabelKind::from(&pt.kind), number, (x, y), &b));
        if let (Some(n), None) = (pt.stop, number) {
            badges.push((i, n, (x, y), r));
        }
    }
    for (i, n, (x, y), r) in badges {
        let badge_r = Symbol::Stop.radius(f.u);
        // beside the symbol, below first (a rocket's base, away from its label's usual side)
        // (the two symbols' blocked boxes just clear each other)
        let off = 0.9 * (r + badge_r) + 1.0 * f.u;
        let spots = [(1.0, 1.0), (-1.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (1.0, 0.0), (-1.0, 0.0)]
            .map(|(dx, dy): (f32, f32)| (x + dx * off, y + dy * off));
        let spot =
            spots.into_iter().find(|&(bx, by)| d.placer.is_free(&Rect::around(bx, by, badge_r))).unwrap_or(spots[0]);
        symbols::draw(&mut d.scene, f.fonts, &f.palette, Symbol::Stop, spot, f.u, Some(n));
        d.drawn_symbols.insert(Symbol::Stop);
        let b = Rect::around(spot.0, spot.1, badge_r * 0.9);
        d.placer.block(b);
        d.layout.markers.push(placed_marker(&input.points[i].label, LabelKind::Waypoint, Some(n), spot, &b));
    }
    Ok(())
}

/// Drawing order of markers, top first: numbered stops over everything, so no symbol hides a
/// stop number (a launch diamond next to a stop goes under its ring, and still shows).
fn symbol_rank(kind: &PointKind) -> u8 {
    match kind {
        PointKind::Waypoint { .. } => 0,
        PointKind::LaunchOrigin => 1,
        PointKind::LaunchSite => 1,
        PointKind::Capital => 2,
        PointKind::City => 3,
        PointKind::Place | PointKind::Site(_) => 4,
        _ => 5,
    }
}
