//! Point markers: minor symbols first, so stops and capitals sit on top; each blocks the label
//! placer around it.

use super::super::compose::{Draft, Frame};
use super::super::labels::Rect;
use super::super::symbols::{self, Symbol};
use super::super::PointKind;
use super::in_rect;
use crate::emit::png::RenderError;

/// The markers of the points shown that fall inside the map.
pub(in super::super) fn markers(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let input = f.input;
    let mut order: Vec<usize> = f.shown.clone();
    // draw minor symbols first so stops and capitals sit on top
    order.sort_by_key(|&i| symbol_rank(&input.points[i].kind));
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
        d.marker_radius[i] = sym.radius(f.u);
        d.placer.block(Rect::around(x, y, sym.radius(f.u) * 0.9));
    }
    Ok(())
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
