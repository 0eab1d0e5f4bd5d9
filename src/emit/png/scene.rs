//! A display list of paths and text in output pixels. The PNG draws it through plotters onto a
//! tiny-skia pixmap ([`SkiaBackend`], anti-aliased, drawn directly at `scale`× size); the SVG
//! writes it out element by element (`svg`), one named group per layer.
//!
//! Invariants:
//! - Items are drawn in the order they were pushed; nothing is reordered, so the layer order of
//!   the map is the order of the `push` calls. Each item records the [`Group`] it was pushed
//!   in, which only the SVG reads.
//! - Coordinates are f32 output pixels at scale 1 with y down. Drawing multiplies them by
//!   `scale × GRID` and rounds them to plotters' `i32` coordinates; the backend divides by
//!   `GRID`, so positions and widths keep 1/GRID of a pixel.
//! - Fills are even-odd in both outputs (the PNG backend fills so, the SVG root sets
//!   `fill-rule`), so the rings of one shape, concatenated into one plotters `Polygon`, give holes.
//! - Strokes have round caps in both outputs (the SVG root sets them), so each dash is drawn one
//!   line width shorter and its gap one width longer: the caps restore the requested lengths.
//! - Text keeps its baseline: a run is anchored at its top-left in plotters' convention (see
//!   `skia_backend`), tracked runs are drawn a character at a time at the offsets `Fonts` lays
//!   out, and halos are drawn before any of the run's letters. The PNG draws glyph outlines of the
//!   bundled fonts, so it needs no system fonts and gives the same pixels everywhere; the SVG
//!   keeps text as text in Liberation Sans (or Arial, Helvetica).

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind, IntoDrawingArea};
use plotters::element::{DashedPathElement, Drawable, PathElement, PointCollection, Polygon, Text as TextElement};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBAColor, ShapeStyle, TextStyle};
use plotters_backend::{BackendColor, BackendCoord, DrawingBackend, DrawingErrorKind};
use tiny_skia::Pixmap;

use super::skia_backend::{SkiaBackend, GRID, TEXT_SIZE_PER_EM, TOP_TO_BASELINE_EM};
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
}

impl From<Rgba> for RGBAColor {
    fn from(c: Rgba) -> RGBAColor {
        RGBAColor(c.0, c.1, c.2, f64::from(c.3) / 255.0)
    }
}

/// How to paint a path: fills are even-odd, strokes have round caps (see the module docs).
#[derive(Clone, Debug, PartialEq)]
pub enum Ink {
    Fill {
        color: Rgba,
    },
    /// `dash` is (on, off) lengths in px; a longer pattern uses its first pair.
    Stroke {
        color: Rgba,
        width: f32,
        dash: Option<Vec<f32>>,
    },
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
    /// White (or theme) outline drawn under the glyphs: (colour, radius in px).
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

/// The named SVG group an item is written into: `layer` is one of the groups an illustrator
/// works on (basemap, routes, markers, labels, furniture), `part` a group inside it (sea, land,
/// areas, …; the same as `layer` when the layer has one part). `rank` orders the parts in the
/// SVG (see `svg`); the PNG ignores groups and draws in push order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub rank: u16,
    pub layer: &'static str,
    pub part: &'static str,
}

/// The display list.
#[derive(Clone, Debug, Default)]
pub struct Scene {
    pub width: f32,
    pub height: f32,
    pub items: Vec<Item>,
    /// Each item's group, parallel to `items`.
    pub groups: Vec<Group>,
    /// The group items pushed now go into.
    pub group: Group,
}

impl Scene {
    pub fn new(width: f32, height: f32) -> Scene {
        Scene { width, height, ..Scene::default() }
    }
    fn push(&mut self, item: Item) {
        self.items.push(item);
        self.groups.push(self.group);
    }
    pub fn fill(&mut self, shape: Shape, color: Rgba) {
        self.push(Item::Path(shape, Ink::Fill { color }));
    }
    pub fn stroke(&mut self, shape: Shape, color: Rgba, width: f32) {
        self.push(Item::Path(shape, Ink::Stroke { color, width, dash: None }));
    }
    pub fn stroke_dashed(&mut self, shape: Shape, color: Rgba, width: f32, dash: Vec<f32>) {
        self.push(Item::Path(shape, Ink::Stroke { color, width, dash: Some(dash) }));
    }
    pub fn text(&mut self, t: Text) {
        self.push(Item::Text(t));
    }
}

/// The font family plotters is told (the PNG backend always draws the bundled Liberation Sans).
const FONT_FAMILY: &str = "Liberation Sans, Arial, Helvetica, sans-serif";

/// Halo copies around the circle where a backend cannot outline text (see [`DrawHalo`]).
const HALO_STEPS: u32 = 16;

/// Output pixels → plotters backend units.
#[derive(Clone, Copy)]
struct Grid(f32);

impl Grid {
    fn pt(self, (x, y): (f32, f32)) -> BackendCoord {
        ((x * self.0).round() as i32, (y * self.0).round() as i32)
    }
    fn len(self, v: f32) -> u32 {
        (v * self.0).round().max(1.0) as u32
    }
    /// The finite points of a polyline or ring in backend units (a cast would turn NaN into 0).
    fn points(self, part: &[(f32, f32)]) -> Vec<BackendCoord> {
        part.iter().filter(|(x, y)| x.is_finite() && y.is_finite()).map(|&p| self.pt(p)).collect()
    }
}

/// The rings of a fill as one vertex list for plotters' `Polygon`. Each ring is closed back to
/// its first vertex; every ring after the first is entered from the first ring's start and left
/// back to it, so each joining edge is walked once each way and adds nothing to the fill.
fn polygon_of(shape: &Shape, g: Grid) -> Vec<BackendCoord> {
    let mut out = Vec::with_capacity(shape.parts.iter().map(|p| p.len() + 2).sum());
    let mut anchor = None;
    for ring in shape.parts.iter().map(|p| g.points(p)).filter(|r| r.len() >= 3) {
        let start = ring[0];
        out.extend(ring);
        out.push(start);
        match anchor {
            None => anchor = Some(start),
            Some(a) => out.push(a),
        }
    }
    out
}

/// Backends that can draw a text halo.
pub trait DrawHalo: DrawingBackend {
    /// Draw the halo of `text` (placed as `draw_text` places it) in `color`, `radius` units
    /// wide. Plotters text has no outline, so by default this draws the text in the halo colour
    /// at `HALO_STEPS` offsets on a circle of that radius.
    fn draw_halo(
        &mut self,
        text: &str,
        style: &TextStyle,
        pos: BackendCoord,
        color: BackendColor,
        radius: u32,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let halo = TextStyle { color, ..style.clone() };
        let r = f64::from(radius);
        for i in 0..HALO_STEPS {
            let a = f64::from(i) / f64::from(HALO_STEPS) * std::f64::consts::TAU;
            let (dx, dy) = ((r * a.cos()).round() as i32, (r * a.sin()).round() as i32);
            self.draw_text(text, &halo, (pos.0 + dx, pos.1 + dy))?;
        }
        Ok(())
    }
}

/// Stroking the glyph outlines gives an exact halo (a constant distance, round joins) with one
/// rasterisation instead of sixteen, and soft edges instead of sixteen stacked anti-aliased ones.
impl DrawHalo for SkiaBackend<'_> {
    fn draw_halo(
        &mut self,
        text: &str,
        style: &TextStyle,
        pos: BackendCoord,
        color: BackendColor,
        radius: u32,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.stroke_text(text, style, pos, color, radius)
    }
}

/// Pieces of one text run over a halo: all the halos first, then all the letters, so the halo
/// of one piece never covers the letters of its neighbour.
struct HaloText<'a> {
    texts: Vec<&'a str>,
    positions: Vec<BackendCoord>,
    style: TextStyle<'a>,
    halo: BackendColor,
    radius: u32,
}

impl<'a> PointCollection<'a, BackendCoord> for &'a HaloText<'_> {
    type Point = &'a BackendCoord;
    type IntoIter = &'a [BackendCoord];
    fn point_iter(self) -> &'a [BackendCoord] {
        &self.positions
    }
}

impl<DB: DrawHalo> Drawable<DB> for HaloText<'_> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        positions: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let positions: Vec<BackendCoord> = positions.collect();
        for (text, &pos) in self.texts.iter().zip(&positions) {
            backend.draw_halo(text, &self.style, pos, self.halo, self.radius)?;
        }
        for (text, &pos) in self.texts.iter().zip(&positions) {
            backend.draw_text(text, &self.style, pos)?;
        }
        Ok(())
    }
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Draw the scene onto `area`, whose backend units are `grid` per output pixel.
pub fn draw<DB: DrawHalo>(
    area: &DrawingArea<DB, Shift>,
    scene: &Scene,
    fonts: &Fonts,
    grid: f32,
    background: Rgba,
) -> DrawResult<DB> {
    let g = Grid(grid);
    area.fill(&RGBAColor::from(background))?;
    for item in &scene.items {
        match item {
            Item::Path(shape, Ink::Fill { color }) => {
                let vertices = polygon_of(shape, g);
                if !vertices.is_empty() {
                    area.draw(&Polygon::new(vertices, RGBAColor::from(*color).filled()))?;
                }
            }
            Item::Path(shape, Ink::Stroke { color, width, dash }) => {
                let style = ShapeStyle { color: (*color).into(), filled: false, stroke_width: g.len(*width) };
                // (on, off) in units, the on part shortened by the round caps it gets
                let dash = dash.as_deref().and_then(|d| {
                    let on = *d.first()?;
                    let off = d.get(1).copied().unwrap_or(on);
                    let drawn = (on - width).max(0.0);
                    Some((g.len(drawn) as i32, g.len(on + off - drawn) as i32))
                });
                for mut points in shape.parts.iter().map(|p| g.points(p)).filter(|p| p.len() >= 2) {
                    if shape.closed {
                        points.push(points[0]);
                    }
                    match dash {
                        None => area.draw(&PathElement::new(points, style))?,
                        Some((on, off)) => area.draw(&DashedPathElement::new(points, on, off, style))?,
                    }
                }
            }
            Item::Text(t) => draw_text(area, t, fonts, g)?,
        }
    }
    Ok(())
}

fn draw_text<DB: DrawHalo>(area: &DrawingArea<DB, Shift>, t: &Text, fonts: &Fonts, g: Grid) -> DrawResult<DB> {
    let face = match t.face {
        FontFace::Regular => FontStyle::Normal,
        FontFace::Bold => FontStyle::Bold,
        FontFace::Italic => FontStyle::Italic,
    };
    let size = f64::from(t.size * g.0) * TEXT_SIZE_PER_EM;
    let style = TextStyle {
        font: FontDesc::new(FontFamily::Name(FONT_FAMILY), size, face),
        color: RGBAColor::from(t.color).to_backend_color(),
        pos: Pos::new(HPos::Left, VPos::Top),
    };
    let top = t.y - TOP_TO_BASELINE_EM as f32 * t.size;
    let (texts, positions): (Vec<&str>, Vec<BackendCoord>) = if t.tracking == 0.0 {
        (vec![t.text.as_str()], vec![g.pt((t.x, top))])
    } else {
        let offsets = fonts.char_offsets(&t.text, t.size, t.face, t.tracking);
        t.text
            .char_indices()
            .zip(offsets)
            .filter(|((_, ch), _)| !ch.is_whitespace())
            .map(|((i, ch), dx)| (&t.text[i..i + ch.len_utf8()], g.pt((t.x + dx, top))))
            .unzip()
    };
    match t.halo {
        Some((halo, radius)) => {
            let halo = RGBAColor::from(halo).to_backend_color();
            area.draw(&HaloText { texts, positions, style, halo, radius: g.len(radius) })?;
        }
        None => {
            for (text, pos) in texts.into_iter().zip(positions) {
                area.draw(&TextElement::new(text, pos, style.clone()))?;
            }
        }
    }
    Ok(())
}

fn draw_error<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> RenderError {
    RenderError::Draw(e.to_string())
}

/// Draw the scene at `scale` and encode it as an RGB PNG.
pub fn to_png(scene: &Scene, fonts: &Fonts, scale: f32, background: Rgba) -> Result<Vec<u8>, RenderError> {
    let w = (scene.width * scale).round() as u32;
    let h = (scene.height * scale).round() as u32;
    let mut pm = Pixmap::new(w, h).ok_or(RenderError::Size { width: w, height: h })?;
    {
        let area = SkiaBackend::new(&mut pm, fonts).into_drawing_area();
        draw(&area, scene, fonts, scale * GRID as f32, background).map_err(draw_error)?;
        area.present().map_err(draw_error)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rings_join_through_the_first_ring_start() {
        let shape = Shape {
            parts: vec![
                vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)],
                vec![(2.0, 2.0), (3.0, 2.0), (f32::NAN, 2.0)],
                vec![(4.0, 4.0), (5.0, 4.0), (5.0, 5.0)],
            ],
            closed: true,
        };
        let got = polygon_of(&shape, Grid(2.0));
        let want = vec![(0, 0), (20, 0), (20, 20), (0, 0), (8, 8), (10, 8), (10, 10), (8, 8), (0, 0)];
        assert_eq!(got, want, "non-finite points and then rings under three points are dropped, later rings go out from and back to (0, 0)");
    }
}
