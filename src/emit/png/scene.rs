//! A display list of paths and text in output pixels, and its two back ends: a PNG rasteriser
//! (tiny-skia, anti-aliased, `scale`× supersampled by drawing at that resolution) and an SVG writer.
//!
//! Invariants:
//! - Items are drawn in the order they were pushed; nothing is reordered, so the layer order of
//!   the map is the order of the `push` calls.
//! - Coordinates are f32 output pixels at scale 1 with y down; the rasteriser multiplies by
//!   `scale`, the SVG writer keeps them and sets a viewBox.
//! - Text is turned into glyph outlines with the bundled fonts for the PNG, so rendering needs no
//!   system fonts and gives the same pixels everywhere.

use std::fmt::Write as _;

use tiny_skia::{FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};

use super::text::{FontFace, Fonts};
use super::RenderError;

/// An sRGB colour with alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    pub const fn hex(v: u32) -> Rgba {
        Rgba((v >> 16) as u8, (v >> 8) as u8, v as u8, 255)
    }
    pub const fn alpha(self, a: u8) -> Rgba {
        Rgba(self.0, self.1, self.2, a)
    }
    fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// How to paint a path.
#[derive(Clone, Debug, PartialEq)]
pub enum Ink {
    Fill { color: Rgba, even_odd: bool },
    Stroke { color: Rgba, width: f32, dash: Option<Vec<f32>>, round: bool },
}

/// A set of sub-paths; each is a polyline, closed when `closed`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shape {
    pub parts: Vec<Vec<(f32, f32)>>,
    pub closed: bool,
}

impl Shape {
    pub fn polyline(points: Vec<(f32, f32)>) -> Shape {
        Shape { parts: vec![points], closed: false }
    }
    pub fn polygon(points: Vec<(f32, f32)>) -> Shape {
        Shape { parts: vec![points], closed: true }
    }
    pub fn circle(cx: f32, cy: f32, r: f32) -> Shape {
        let n = ((r * 4.0).ceil() as usize).clamp(16, 96);
        let pts = (0..n)
            .map(|i| {
                let a = i as f32 / n as f32 * std::f32::consts::TAU;
                (cx + r * a.cos(), cy + r * a.sin())
            })
            .collect();
        Shape::polygon(pts)
    }
    pub fn rect(x: f32, y: f32, w: f32, h: f32) -> Shape {
        Shape::polygon(vec![(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
    }
}

/// A run of text with its left end on the baseline at (x, y).
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub face: FontFace,
    pub color: Rgba,
    /// White (or theme) outline drawn under the glyphs: (colour, width in px).
    pub halo: Option<(Rgba, f32)>,
    /// Extra space after each character, px.
    pub tracking: f32,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Path(Shape, Ink),
    Text(Text),
}

/// The display list.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
}

impl Scene {
    pub fn fill(&mut self, shape: Shape, color: Rgba) {
        self.items.push(Item::Path(shape, Ink::Fill { color, even_odd: true }));
    }
    pub fn stroke(&mut self, shape: Shape, color: Rgba, width: f32) {
        self.items.push(Item::Path(shape, Ink::Stroke { color, width, dash: None, round: true }));
    }
    pub fn stroke_dashed(&mut self, shape: Shape, color: Rgba, width: f32, dash: Vec<f32>) {
        self.items.push(Item::Path(shape, Ink::Stroke { color, width, dash: Some(dash), round: false }));
    }
    pub fn text(&mut self, t: Text) {
        self.items.push(Item::Text(t));
    }
}

fn build_path(shape: &Shape, t: &Transform) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for part in &shape.parts {
        let mut it = part.iter();
        let Some(&(x, y)) = it.next() else { continue };
        pb.move_to(x, y);
        for &(x, y) in it {
            pb.line_to(x, y);
        }
        if shape.closed {
            pb.close();
        }
    }
    pb.finish()?.transform(*t)
}

fn paint_of(c: Rgba) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c.0, c.1, c.2, c.3);
    p.anti_alias = true;
    p
}

/// Rasterise the scene at `scale` and encode it as an RGB PNG.
pub fn to_png(scene: &Scene, fonts: &Fonts, scale: f32, background: Rgba) -> Result<Vec<u8>, RenderError> {
    let w = (scene.width * scale).round() as u32;
    let h = (scene.height * scale).round() as u32;
    let mut pm = Pixmap::new(w, h).ok_or(RenderError::Size { width: w, height: h })?;
    pm.fill(tiny_skia::Color::from_rgba8(background.0, background.1, background.2, 255));
    let t = Transform::from_scale(scale, scale);
    for item in &scene.items {
        match item {
            Item::Path(shape, ink) => {
                let Some(path) = build_path(shape, &t) else {
                    continue;
                };
                match ink {
                    Ink::Fill { color, even_odd } => {
                        let rule = if *even_odd { FillRule::EvenOdd } else { FillRule::Winding };
                        pm.fill_path(&path, &paint_of(*color), rule, Transform::identity(), None);
                    }
                    Ink::Stroke { color, width, dash, round } => {
                        let mut st = Stroke { width: width * scale, ..Stroke::default() };
                        if width * scale <= 2.5 {
                            // thin lines: joins are invisible, and round ones make the
                            // stroker emit many arcs (most of the cost of a coastline)
                            st.line_cap = LineCap::Butt;
                            st.line_join = LineJoin::Miter;
                        } else if *round {
                            st.line_cap = LineCap::Round;
                            st.line_join = LineJoin::Round;
                        } else {
                            st.line_cap = LineCap::Butt;
                            st.line_join = LineJoin::Round;
                        }
                        if let Some(d) = dash {
                            st.dash = StrokeDash::new(d.iter().map(|v| v * scale).collect(), 0.0);
                        }
                        if shape.parts.len() > 1 {
                            // one path per piece: the rasteriser's edge list stays short
                            let paint = paint_of(*color);
                            for part in &shape.parts {
                                let one = Shape { parts: vec![part.clone()], closed: shape.closed };
                                if let Some(p) = build_path(&one, &t) {
                                    pm.stroke_path(&p, &paint, &st, Transform::identity(), None);
                                }
                            }
                        } else {
                            pm.stroke_path(&path, &paint_of(*color), &st, Transform::identity(), None);
                        }
                    }
                }
            }
            Item::Text(text) => {
                let Some(path) = fonts.outline(text).and_then(|p| p.transform(t)) else {
                    continue;
                };
                if let Some((halo, hw)) = text.halo {
                    let st = Stroke {
                        width: hw * 2.0 * scale,
                        line_join: LineJoin::Round,
                        line_cap: LineCap::Round,
                        ..Stroke::default()
                    };
                    pm.stroke_path(&path, &paint_of(halo), &st, Transform::identity(), None);
                }
                pm.fill_path(&path, &paint_of(text.color), FillRule::Winding, Transform::identity(), None);
            }
        }
    }
    encode_png(&pm)
}

fn encode_png(pm: &Pixmap) -> Result<Vec<u8>, RenderError> {
    // The background is opaque, so premultiplied RGBA equals straight RGBA: drop alpha.
    let rgb: Vec<u8> = pm.data().chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, pm.width(), pm.height());
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Fast);
        let mut wr = enc.write_header().map_err(|e| RenderError::Encode(e.to_string()))?;
        wr.write_image_data(&rgb).map_err(|e| RenderError::Encode(e.to_string()))?;
    }
    Ok(out)
}

fn svg_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn svg_path_data(shape: &Shape) -> String {
    let mut d = String::new();
    for part in &shape.parts {
        for (i, (x, y)) in part.iter().enumerate() {
            let _ = write!(d, "{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, x, y);
        }
        if shape.closed && !part.is_empty() {
            d.push('Z');
        }
    }
    d
}

fn opacity_attr(name: &str, c: Rgba) -> String {
    if c.3 == 255 {
        String::new()
    } else {
        format!(" {name}-opacity=\"{:.3}\"", c.3 as f32 / 255.0)
    }
}

/// Write the scene as a standalone SVG document (text stays text, in Liberation Sans/Arial).
pub fn to_svg(scene: &Scene, background: Rgba) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">"#,
        w = scene.width,
        h = scene.height
    );
    let _ = writeln!(s, r#"<rect width="100%" height="100%" fill="{}"/>"#, background.css());
    for item in &scene.items {
        match item {
            Item::Path(shape, Ink::Fill { color, even_odd }) => {
                let _ = writeln!(
                    s,
                    r#"<path d="{}" fill="{}"{} fill-rule="{}"/>"#,
                    svg_path_data(shape),
                    color.css(),
                    opacity_attr("fill", *color),
                    if *even_odd { "evenodd" } else { "nonzero" }
                );
            }
            Item::Path(shape, Ink::Stroke { color, width, dash, round }) => {
                let dash = dash
                    .as_ref()
                    .map(|d| {
                        let v: Vec<String> = d.iter().map(|x| format!("{x:.1}")).collect();
                        format!(r#" stroke-dasharray="{}""#, v.join(" "))
                    })
                    .unwrap_or_default();
                let cap = if *round { "round" } else { "butt" };
                let _ = writeln!(
                    s,
                    r#"<path d="{}" fill="none" stroke="{}"{} stroke-width="{:.2}" stroke-linecap="{cap}" stroke-linejoin="round"{dash}/>"#,
                    svg_path_data(shape),
                    color.css(),
                    opacity_attr("stroke", *color),
                    width
                );
            }
            Item::Text(t) => {
                let (weight, style) = match t.face {
                    FontFace::Regular => ("normal", "normal"),
                    FontFace::Bold => ("bold", "normal"),
                    FontFace::Italic => ("normal", "italic"),
                };
                let halo = t
                    .halo
                    .map(|(c, w)| {
                        format!(
                            r#" stroke="{}" stroke-width="{:.2}" stroke-linejoin="round" paint-order="stroke""#,
                            c.css(),
                            w * 2.0
                        )
                    })
                    .unwrap_or_default();
                let _ = writeln!(
                    s,
                    r#"<text x="{:.1}" y="{:.1}" font-family="Liberation Sans, Arial, Helvetica, sans-serif" font-size="{:.1}" font-weight="{weight}" font-style="{style}" letter-spacing="{:.1}" fill="{}"{halo}>{}</text>"#,
                    t.x,
                    t.y,
                    t.size,
                    t.tracking,
                    t.color.css(),
                    svg_escape(&t.text)
                );
            }
        }
    }
    s.push_str("</svg>\n");
    s
}
