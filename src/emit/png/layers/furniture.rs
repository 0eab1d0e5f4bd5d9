//! Map furniture: the legend, locator, scale bar and credit (their corners settled before any
//! label, drawn over the labels), the header and the frame line.

use super::super::compose::{placed, Draft, Frame};
use super::super::furniture::{self, LegendEntry};
use super::super::labels::{Placer, Rect};
use super::super::projection::ProjectionKind;
use super::super::scene::Shape;
use super::super::symbols::Symbol;
use crate::emit::png::RenderError;

/// Where the furniture goes, settled before the labels.
pub(in super::super) struct Furniture {
    legend: Vec<LegendEntry>,
    legend_box: Option<Rect>,
    locator_box: Option<Rect>,
    scale_box: Option<Rect>,
    credit: String,
    credit_box: Rect,
}

/// Build the legend and the credit line from what the layers below drew, and give each box a
/// corner where it hides no story line or marker, blocking it for labels.
pub(in super::super) fn settle_boxes(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let (fonts, map, u) = (f.fonts, &f.map, f.u);
    let lines = &d.story_lines;
    let mut legend = Vec::new();
    if let Some(r) = &lines.route {
        legend.push(LegendEntry::Route(r.clone()));
    }
    if lines.planned {
        legend.push(LegendEntry::Planned);
    }
    // symbols in their fixed order (stops, launch site, launch point, capital, city, place),
    // with the launch track right after the launch symbols
    for s in &d.drawn_symbols {
        if lines.track && *s > Symbol::LaunchOrigin && !legend.contains(&LegendEntry::Track) {
            legend.push(LegendEntry::Track);
        }
        legend.push(LegendEntry::Symbol(*s));
    }
    if lines.track && !legend.contains(&LegendEntry::Track) {
        legend.push(LegendEntry::Track);
    }
    if d.border_drawn && !legend.is_empty() {
        legend.push(LegendEntry::Border);
    }
    let legend_box = furniture::legend_box(fonts, &legend, map, u);
    let mut credit = String::from("Made with Natural Earth · Places: GeoNames (CC BY 4.0)");
    if d.rivers_drawn {
        credit.push_str(" · Rivers: GSHHG");
    }
    // Network routes credit their data (legend labels from `story_map`); others say they are schematic.
    match lines.route.as_deref() {
        None => {}
        Some("Rail route") => credit.push_str(" · Railways © OpenStreetMap contributors (ODbL)"),
        Some("Road route") => credit.push_str(" · Roads © OpenStreetMap contributors (ODbL)"),
        Some("Sea route") => credit.push_str(" · Sea lanes: Eurostat MARNET via searoute"),
        Some("Route (network and direct)") => credit.push_str(" · Routes © OpenStreetMap contributors, MARNET"),
        Some(_) => credit.push_str(" · Route drawn through its stops, not the exact track"),
    }
    let credit_box = furniture::credit_box(fonts, &credit, map, u);
    let placer = &mut d.placer;
    placer.block(credit_box.inflate(4.0 * u));
    let view = &f.view;
    let world_scale = view.proj.kind == ProjectionKind::EqualEarth || f.km_per_px > 12.0;
    // Each piece goes to the first corner where it hides no story line or marker; the
    // legend chooses first, then the locator, then the scale bar.
    use Corner::{BottomLeft as BL, BottomRight as BR, TopLeft as TL, TopRight as TR};
    let legend_box = legend_box.map(|b| settle(placer, map, b, &[BR, BL, TR, TL], u));
    let locator_box = (!world_scale).then(|| settle(placer, map, furniture::locator_box(map, u), &[TR, TL, BR, BL], u));
    // scale varies too much across a world map for one bar to be honest
    let scale_box = if view.proj.kind == ProjectionKind::EqualEarth {
        None
    } else {
        furniture::scale_box(fonts, view, u).map(|b| settle(placer, map, b, &[BL, BR, TL, TR], u))
    };
    d.furniture = Some(Furniture { legend, legend_box, locator_box, scale_box, credit, credit_box });
    Ok(())
}

/// Legend, scale bar, locator and credit, in the boxes [`settle_boxes`] chose.
pub(in super::super) fn draw_boxes(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let Some(boxes) = &d.furniture else {
        return Ok(());
    };
    let (scene, fonts, p, u) = (&mut d.scene, f.fonts, &f.palette, f.u);
    if let Some(b) = boxes.legend_box {
        furniture::draw_legend(scene, fonts, p, &boxes.legend, &b, u);
    }
    if let Some(b) = boxes.scale_box {
        furniture::draw_scale(scene, fonts, p, &f.view, &b, u);
    }
    if let Some(b) = boxes.locator_box {
        furniture::draw_locator(scene, p, &f.view, &f.story, &b, u)?;
    }
    furniture::draw_credit(scene, fonts, p, &boxes.credit, &boxes.credit_box, u);
    Ok(())
}

/// Title and subtitle in the band above the map, when there is one.
pub(in super::super) fn header(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    if f.map.y0 <= 0.0 {
        return Ok(());
    }
    let (title, subtitle) = (f.input.title.as_deref(), f.input.subtitle.as_deref());
    for (text, kind, b) in furniture::header_layout(f.fonts, title, subtitle, f.opts.width as f32, f.u) {
        d.layout.labels.push(placed(&text, kind, None, &b, false));
    }
    furniture::draw_header(&mut d.scene, f.fonts, &f.palette, title, subtitle, f.u);
    Ok(())
}

/// The line around the map.
pub(in super::super) fn frame_line(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let (map, u) = (&f.map, f.u);
    d.scene.stroke(
        Shape::rect(map.x0 + 0.5 * u, map.y0, map.width() - u, map.height() - 0.5 * u),
        f.palette.frame,
        1.2 * u,
    );
    Ok(())
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
