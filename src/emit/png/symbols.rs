//! Point symbols and line styles: capital, city, place, numbered stop, launch site (rocket),
//! launch origin (diamond); the route with casing and direction arrows; dashed launch tracks.
//!
//! Invariants:
//! - Every symbol is drawn centred on its anchor and fits in a circle of `radius(kind, u)`,
//!   which is what label placement keeps clear.
//! - Sizes scale with `u` (1.0 on a 1600 px wide map), so a legend sample looks like the map's.

use super::scene::{Rgba, Scene, Shape, Text};
use super::style::Palette;
use super::text::{FontFace, Fonts};
use super::{PointKind, SiteSymbol};

/// The symbol kinds that show in the legend, in legend order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Symbol {
    Stop,
    LaunchSite,
    LaunchOrigin,
    Capital,
    City,
    Place,
    Site(SiteSymbol),
}

impl Symbol {
    pub fn of(kind: &PointKind) -> Option<Symbol> {
        match kind {
            PointKind::Capital => Some(Symbol::Capital),
            PointKind::City => Some(Symbol::City),
            PointKind::Place => Some(Symbol::Place),
            PointKind::Waypoint { .. } => Some(Symbol::Stop),
            PointKind::LaunchSite => Some(Symbol::LaunchSite),
            PointKind::LaunchOrigin => Some(Symbol::LaunchOrigin),
            PointKind::Site(s) => Some(Symbol::Site(*s)),
            PointKind::Sea | PointKind::Region | PointKind::Country => None,
        }
    }

    pub fn legend_text(self) -> &'static str {
        match self {
            Symbol::Stop => "Stop on the route",
            Symbol::LaunchSite => "Space launch site",
            Symbol::LaunchOrigin => "Missile launch point",
            Symbol::Capital => "Capital",
            Symbol::City => "City",
            Symbol::Place => "Place",
            Symbol::Site(s) => match s {
                SiteSymbol::Airport => "Airport",
                SiteSymbol::Port => "Port",
                SiteSymbol::PowerPlant => "Power plant",
                SiteSymbol::Dam => "Dam",
                SiteSymbol::Bridge => "Bridge or tunnel",
                SiteSymbol::Crossing => "Crossing",
                SiteSymbol::Peak => "Peak or volcano",
                SiteSymbol::Base => "Base or test site",
                SiteSymbol::Landmark => "Landmark or district",
            },
        }
    }

    /// Radius of the circle the symbol fits in, px.
    pub fn radius(self, u: f32) -> f32 {
        u * match self {
            Symbol::Stop => 10.0,
            Symbol::LaunchSite => 19.0,
            Symbol::LaunchOrigin => 8.0,
            Symbol::Capital => 8.0,
            Symbol::City => 6.0,
            Symbol::Place => 4.0,
            Symbol::Site(_) => 6.5,
        }
    }
}

/// Draw a symbol at (x, y). `number` is the stop number drawn inside a stop marker.
pub fn draw(
    scene: &mut Scene,
    fonts: &Fonts,
    p: &Palette,
    sym: Symbol,
    (x, y): (f32, f32),
    u: f32,
    number: Option<u32>,
) {
    match sym {
        Symbol::Capital => {
            scene.fill(Shape::circle(x, y, 7.0 * u), p.symbol_fill);
            scene.stroke(Shape::circle(x, y, 6.6 * u), p.symbol_ink, 2.4 * u);
            scene.fill(Shape::circle(x, y, 3.0 * u), p.symbol_ink);
        }
        Symbol::City => {
            scene.fill(Shape::circle(x, y, 5.0 * u), p.symbol_fill);
            scene.stroke(Shape::circle(x, y, 4.6 * u), p.symbol_ink.alpha(220), 2.0 * u);
        }
        Symbol::Place => {
            scene.fill(Shape::circle(x, y, 3.6 * u), p.symbol_fill);
            scene.fill(Shape::circle(x, y, 2.6 * u), p.symbol_ink);
        }
        Symbol::Stop => {
            let r = if number.is_some() { 9.5 * u } else { 6.5 * u };
            scene.fill(Shape::circle(x, y, r), p.symbol_fill);
            scene.stroke(Shape::circle(x, y, r), p.route, 2.6 * u);
            if let Some(n) = number {
                let label = n.to_string();
                let size = if label.len() > 1 { 10.5 * u } else { 12.5 * u };
                let w = fonts.width(&label, size, FontFace::Bold, 0.0);
                scene.text(Text {
                    x: x - w / 2.0,
                    y: y + fonts.cap_height(size) / 2.0,
                    size,
                    face: FontFace::Bold,
                    color: p.route,
                    halo: None,
                    tracking: 0.0,
                    text: label,
                });
            }
        }
        Symbol::LaunchSite => rocket(scene, p.launch, p.symbol_fill, x, y, u),
        Symbol::Site(s) => site(scene, p, s, x, y, u),
        Symbol::LaunchOrigin => {
            let r = 7.5 * u;
            let d = Shape::polygon(vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)]);
            scene.fill(d.clone(), p.missile);
            scene.stroke(d, p.symbol_fill, 1.6 * u);
        }
    }
}

/// A site's symbol: ink on a white disc, so it reads on land and sea. Fits in a circle of 6.5u.
fn site(scene: &mut Scene, p: &Palette, s: SiteSymbol, x: f32, y: f32, u: f32) {
    let r = 4.5 * u;
    let ink = p.symbol_ink;
    scene.fill(Shape::circle(x, y, 6.4 * u), p.symbol_fill);
    let w = 1.8 * u;
    match s {
        SiteSymbol::Airport => {
            scene.stroke(Shape::polyline(vec![(x - r, y), (x + r, y)]), ink, w);
            scene.stroke(Shape::polyline(vec![(x, y - r), (x, y + r)]), ink, w);
        }
        SiteSymbol::Port => {
            scene.stroke(Shape::circle(x, y - r * 0.55, r * 0.4), ink, w * 0.8);
            scene.stroke(Shape::polyline(vec![(x, y - r * 0.15), (x, y + r)]), ink, w);
            scene.stroke(
                Shape::polyline(vec![(x - r * 0.7, y + r * 0.5), (x, y + r), (x + r * 0.7, y + r * 0.5)]),
                ink,
                w,
            );
        }
        SiteSymbol::PowerPlant => {
            scene.stroke(Shape::rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6), ink, w);
            scene.fill(Shape::circle(x, y, r * 0.35), ink);
        }
        SiteSymbol::Dam => scene.fill(Shape::rect(x - r, y - r * 0.35, r * 2.0, r * 0.7), ink),
        SiteSymbol::Bridge => {
            scene.stroke(Shape::polyline(vec![(x - r, y - r * 0.4), (x + r, y - r * 0.4)]), ink, w);
            scene.stroke(Shape::polyline(vec![(x - r, y + r * 0.4), (x + r, y + r * 0.4)]), ink, w);
        }
        SiteSymbol::Crossing => {
            let d = r * 0.75;
            scene.stroke(Shape::polyline(vec![(x - d, y - d), (x + d, y + d)]), ink, w);
            scene.stroke(Shape::polyline(vec![(x - d, y + d), (x + d, y - d)]), ink, w);
        }
        SiteSymbol::Peak => {
            scene.fill(Shape::polygon(vec![(x, y - r), (x + r, y + r * 0.7), (x - r, y + r * 0.7)]), ink)
        }
        SiteSymbol::Base => {
            scene.stroke(Shape::polygon(vec![(x, y - r), (x + r, y), (x, y + r), (x - r, y)]), ink, w);
        }
        SiteSymbol::Landmark => {
            scene.stroke(Shape::circle(x, y, r * 0.8), ink, w);
            scene.fill(Shape::circle(x, y, r * 0.3), ink);
        }
    }
}

/// A small upright rocket: body, nose, two fins, a window. Fits in a circle of 19u.
fn rocket(scene: &mut Scene, fill: Rgba, outline: Rgba, x: f32, y: f32, u: f32) {
    let s = 40.0 * u; // symbol height
    let pt = |dx: f32, dy: f32| (x + dx * s, y - dy * s);
    let body = Shape::polygon(vec![
        pt(-0.11, -0.26),
        pt(-0.11, 0.16),
        pt(-0.07, 0.31),
        pt(0.0, 0.48),
        pt(0.07, 0.31),
        pt(0.11, 0.16),
        pt(0.11, -0.26),
    ]);
    let fin_l = Shape::polygon(vec![pt(-0.11, -0.02), pt(-0.27, -0.22), pt(-0.27, -0.42), pt(-0.11, -0.28)]);
    let fin_r = Shape::polygon(vec![pt(0.11, -0.02), pt(0.27, -0.22), pt(0.27, -0.42), pt(0.11, -0.28)]);
    let flame = Shape::polygon(vec![pt(-0.06, -0.28), pt(0.06, -0.28), pt(0.03, -0.42), pt(-0.03, -0.42)]);
    for part in [&body, &fin_l, &fin_r, &flame] {
        scene.stroke(part.clone(), outline, 2.2 * u);
    }
    for part in [body, fin_l, fin_r, flame] {
        scene.fill(part, fill);
    }
    let (wx, wy) = pt(0.0, 0.14);
    scene.fill(Shape::circle(wx, wy, 0.1 * s * 0.9), outline);
}

/// The route: white casing, red line, a chevron at the middle of every long enough leg.
pub fn route(scene: &mut Scene, p: &Palette, pts: &[(f32, f32)], u: f32) {
    if pts.len() < 2 {
        return;
    }
    scene.stroke(Shape::polyline(pts.to_vec()), p.route_casing, 14.0 * u);
    scene.stroke(Shape::polyline(pts.to_vec()), p.route, 7.0 * u);
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len = dx.hypot(dy);
        if len < 70.0 * u {
            continue;
        }
        let (ux, uy) = (dx / len, dy / len);
        let (mx, my) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        let (l, h) = (5.5 * u, 4.4 * u);
        let chevron = vec![
            (mx - ux * l - uy * h, my - uy * l + ux * h),
            (mx + ux * l * 0.6, my + uy * l * 0.6),
            (mx - ux * l + uy * h, my - uy * l - ux * h),
        ];
        scene.stroke(Shape::polyline(chevron), p.route_casing, 2.4 * u);
    }
}

/// The planned part of a route: white casing, red dashes.
pub fn planned_route(scene: &mut Scene, p: &Palette, pts: &[(f32, f32)], u: f32) {
    if pts.len() < 2 {
        return;
    }
    scene.stroke(Shape::polyline(pts.to_vec()), p.route_casing, 12.0 * u);
    scene.stroke_dashed(Shape::polyline(pts.to_vec()), p.route, 6.0 * u, vec![16.0 * u, 10.0 * u]);
}

/// A launch track as a gentle curve (quadratic Bézier bulging to the left of travel), sampled.
pub fn track_curve(a: (f32, f32), b: (f32, f32)) -> Vec<(f32, f32)> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let c = ((a.0 + b.0) / 2.0 + dy * 0.28, (a.1 + b.1) / 2.0 - dx * 0.28);
    let c = if c.1 > (a.1 + b.1) / 2.0 {
        // always bulge upwards (north) so it reads as a ballistic arc
        ((a.0 + b.0) / 2.0 - dy * 0.28, (a.1 + b.1) / 2.0 + dx * 0.28)
    } else {
        c
    };
    (0..=48)
        .map(|i| {
            let t = i as f32 / 48.0;
            let v = 1.0 - t;
            (v * v * a.0 + 2.0 * v * t * c.0 + t * t * b.0, v * v * a.1 + 2.0 * v * t * c.1 + t * t * b.1)
        })
        .collect()
}

/// Dashed track with a solid arrowhead at its end.
pub fn track(scene: &mut Scene, p: &Palette, pts: &[(f32, f32)], u: f32) {
    if pts.len() < 2 {
        return;
    }
    let head_len = 16.0 * u;
    // stop the dashes where the arrowhead starts
    let mut body = pts.to_vec();
    let tip = pts[pts.len() - 1];
    while body.len() > 2 {
        let q = body[body.len() - 2];
        if (q.0 - tip.0).hypot(q.1 - tip.1) < head_len {
            body.pop();
        } else {
            break;
        }
    }
    let base_from = body[body.len() - 2];
    let (dx, dy) = (tip.0 - base_from.0, tip.1 - base_from.1);
    let len = dx.hypot(dy).max(1e-3);
    let (ux, uy) = (dx / len, dy / len);
    let base = (tip.0 - ux * head_len, tip.1 - uy * head_len);
    if let Some(last) = body.last_mut() {
        *last = base;
    }
    scene.stroke_dashed(Shape::polyline(body), p.missile, 2.8 * u, vec![14.0 * u, 8.0 * u]);
    let hw = 7.0 * u;
    scene.fill(
        Shape::polygon(vec![tip, (base.0 - uy * hw, base.1 + ux * hw), (base.0 + uy * hw, base.1 - ux * hw)]),
        p.missile,
    );
}
