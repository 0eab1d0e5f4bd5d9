//! A plotters [`DrawingBackend`] that draws anti-aliased into a tiny-skia [`Pixmap`], so the PNG
//! is drawn through plotters' elements and drawing areas just like the SVG.
//!
//! Invariants:
//! - **Sub-pixel grid.** Plotters coordinates are `i32` and stroke widths `u32`. This backend
//!   reports a size of [`GRID`]× the pixmap and divides every coordinate, width and radius it is
//!   given by `GRID`: one backend unit is 1/GRID of a pixmap pixel. Callers multiply output pixels
//!   by `GRID` (and round) before handing them to plotters, so vertices keep sub-pixel positions
//!   and a 0.5 px coastline is a width of `GRID / 2` units, not 0 or 1 px.
//! - Everything is anti-aliased.
//! - `fill_polygon` fills with the even-odd rule, so several closed rings concatenated into one
//!   vertex list give holes; joining the rings by edges that are walked once each way (out from a
//!   common anchor vertex and back) leaves no trace of the joins.
//! - Strokes have round caps. Joins are round for lines wider than [`THIN_PX`] and miter at or
//!   below it, where the difference cannot be seen and round joins would make the stroker emit
//!   an arc per vertex (most of the cost of a coastline). A path whose last point equals its
//!   first is closed, so that vertex gets a join like the others rather than two caps.
//! - Text is filled from glyph outlines of the bundled fonts ([`Fonts`]): the family name is
//!   ignored and no system font is consulted. Sizes and anchors mean what they mean to plotters'
//!   SVG backend, so both outputs put text in the same place: the em size is
//!   `size / TEXT_SIZE_PER_EM`, and `VPos::Top` puts the baseline `TOP_TO_BASELINE_EM` ems below
//!   the anchor (`Center`/`Bottom` use ±0.5 ex, as there).
//! - `draw_pixel` paints one backend unit, a 1/GRID × 1/GRID square; bitmaps are not supported
//!   beyond plotters' default of drawing them a unit per source pixel.

use std::convert::Infallible;

use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontStyle,
    FontTransform,
};
use tiny_skia::{FillRule, LineCap, LineJoin, Paint, Path, PathBuilder, Pixmap, Rect, Stroke, Transform};

use super::text::{FontFace, Fonts};

/// Backend units per pixmap pixel.
pub const GRID: u32 = 16;
const UNIT: f32 = 1.0 / GRID as f32;

/// Strokes up to this many pixmap pixels wide get miter joins (see the module docs).
pub const THIN_PX: f32 = 2.5;

/// Plotters' text size is the em size times this (its SVG backend divides by it).
pub const TEXT_SIZE_PER_EM: f64 = 1.24;

/// With `VPos::Top` the baseline is this many ems below the anchor (plotters' SVG: `dy="0.76em"`).
pub const TOP_TO_BASELINE_EM: f64 = 0.76;

type DrawResult = Result<(), DrawingErrorKind<Infallible>>;

/// Draws onto a borrowed pixmap; see the module docs for the coordinate grid.
pub struct SkiaBackend<'a> {
    pixmap: &'a mut Pixmap,
    fonts: &'a Fonts,
}

impl<'a> SkiaBackend<'a> {
    pub fn new(pixmap: &'a mut Pixmap, fonts: &'a Fonts) -> SkiaBackend<'a> {
        SkiaBackend { pixmap, fonts }
    }

    /// Stroke the glyph outlines of `text`, placed as [`DrawingBackend::draw_text`] places them,
    /// `2 × radius` units wide with round joins: a halo of exactly `radius` around every glyph.
    pub fn stroke_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
        color: BackendColor,
        radius: u32,
    ) -> DrawResult {
        if color.alpha <= 0.0 || radius == 0 {
            return Ok(());
        }
        if let Some(path) = self.text_path(text, style, pos) {
            let stroke = Stroke {
                width: 2.0 * px_len(radius),
                line_cap: LineCap::Round,
                line_join: LineJoin::Round,
                ..Stroke::default()
            };
            self.pixmap.stroke_path(&path, &paint_of(color), &stroke, Transform::identity(), None);
        }
        Ok(())
    }

    /// The outlines of `text` in pixmap pixels, anchored at `pos` as plotters' SVG backend anchors.
    fn text_path<S: BackendTextStyle>(&self, text: &str, style: &S, pos: BackendCoord) -> Option<Path> {
        let face = face_of(style.style());
        let em = (style.size() / TEXT_SIZE_PER_EM) as f32 * UNIT;
        if !em.is_finite() || em <= 0.0 {
            return None;
        }
        let anchor = style.anchor();
        let dx = match anchor.h_pos {
            HPos::Left => 0.0,
            HPos::Center => -0.5 * self.fonts.width(text, em, face, 0.0),
            HPos::Right => -self.fonts.width(text, em, face, 0.0),
        };
        let dy = match anchor.v_pos {
            VPos::Top => TOP_TO_BASELINE_EM as f32 * em,
            VPos::Center => 0.5 * self.fonts.x_height(em, face),
            VPos::Bottom => -0.5 * self.fonts.x_height(em, face),
        };
        let (x, y) = (px(pos.0), px(pos.1));
        let path = self.fonts.outline(text, em, face, (x + dx, y + dy))?;
        let degrees = match style.transform() {
            FontTransform::None => return Some(path),
            FontTransform::Rotate90 => 90.0,
            FontTransform::Rotate180 => 180.0,
            FontTransform::Rotate270 => 270.0,
        };
        path.transform(Transform::from_rotate_at(degrees, x, y))
    }

    fn stroke<S: BackendStyle>(&mut self, path: &Path, style: &S) {
        let width = px_len(style.stroke_width());
        let stroke = Stroke {
            width,
            line_cap: LineCap::Round,
            line_join: if width > THIN_PX { LineJoin::Round } else { LineJoin::Miter },
            ..Stroke::default()
        };
        self.pixmap.stroke_path(path, &paint_of(style.color()), &stroke, Transform::identity(), None);
    }
}

fn px(v: i32) -> f32 {
    v as f32 * UNIT
}

fn px_len(v: u32) -> f32 {
    v as f32 * UNIT
}

fn face_of(style: FontStyle) -> FontFace {
    match style {
        FontStyle::Bold => FontFace::Bold,
        FontStyle::Italic | FontStyle::Oblique => FontFace::Italic,
        FontStyle::Normal => FontFace::Regular,
    }
}

fn paint_of(c: BackendColor) -> Paint<'static> {
    let alpha = (c.alpha.clamp(0.0, 1.0) * 255.0).round() as u8;
    let mut p = Paint::default();
    p.set_color_rgba8(c.rgb.0, c.rgb.1, c.rgb.2, alpha);
    p.anti_alias = true;
    p
}

/// A path through `points` in pixmap pixels; closed when `close`, or when it ends where it began.
fn path_of(points: &[BackendCoord], close: bool) -> Option<Path> {
    let (&first, rest) = points.split_first()?;
    let ends_at_start = rest.len() > 1 && rest.last() == Some(&first);
    let rest = if ends_at_start { &rest[..rest.len() - 1] } else { rest };
    let mut pb = PathBuilder::new();
    pb.move_to(px(first.0), px(first.1));
    for &(x, y) in rest {
        pb.line_to(px(x), px(y));
    }
    if close || ends_at_start {
        pb.close();
    }
    pb.finish()
}

impl DrawingBackend for SkiaBackend<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        (self.pixmap.width() * GRID, self.pixmap.height() * GRID)
    }

    fn ensure_prepared(&mut self) -> DrawResult {
        Ok(())
    }

    fn present(&mut self) -> DrawResult {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> DrawResult {
        if let Some(r) = Rect::from_xywh(px(point.0), px(point.1), UNIT, UNIT) {
            self.pixmap.fill_rect(r, &paint_of(color), Transform::identity(), None);
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> DrawResult {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> DrawResult {
        let (x0, y0) = (px(upper_left.0), px(upper_left.1));
        let (x1, y1) = (px(bottom_right.0), px(bottom_right.1));
        let Some(r) = Rect::from_ltrb(x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)) else {
            return Ok(());
        };
        if fill {
            self.pixmap.fill_rect(r, &paint_of(style.color()), Transform::identity(), None);
        } else if style.stroke_width() > 0 {
            self.stroke(&PathBuilder::from_rect(r), style);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> DrawResult {
        if style.color().alpha <= 0.0 || style.stroke_width() == 0 {
            return Ok(());
        }
        let points: Vec<BackendCoord> = path.into_iter().collect();
        if let Some(p) = path_of(&points, false) {
            self.stroke(&p, style);
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> DrawResult {
        let Some(path) = PathBuilder::from_circle(px(center.0), px(center.1), px_len(radius)) else {
            return Ok(());
        };
        if fill {
            self.pixmap.fill_path(&path, &paint_of(style.color()), FillRule::Winding, Transform::identity(), None);
        } else if style.stroke_width() > 0 {
            self.stroke(&path, style);
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> DrawResult {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        let points: Vec<BackendCoord> = vert.into_iter().collect();
        if let Some(p) = path_of(&points, true) {
            self.pixmap.fill_path(&p, &paint_of(style.color()), FillRule::EvenOdd, Transform::identity(), None);
        }
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> DrawResult {
        if style.color().alpha <= 0.0 {
            return Ok(());
        }
        if let Some(path) = self.text_path(text, style, pos) {
            let paint = paint_of(style.color());
            self.pixmap.fill_path(&path, &paint, FillRule::Winding, Transform::identity(), None);
        }
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let face = face_of(style.style());
        let em = (style.size() / TEXT_SIZE_PER_EM) as f32 * UNIT;
        let units = |v: f32| (v.max(0.0) / UNIT).ceil() as u32;
        Ok((units(self.fonts.width(text, em, face, 0.0)), units(self.fonts.line_height(em, face))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters_backend::text_anchor::Pos;
    use plotters_backend::FontFamily;

    const INK: BackendColor = BackendColor { alpha: 1.0, rgb: (0, 0, 0) };

    struct Line(u32);
    impl BackendStyle for Line {
        fn color(&self) -> BackendColor {
            INK
        }
        fn stroke_width(&self) -> u32 {
            self.0
        }
    }

    struct Font(f64, Pos);
    impl BackendTextStyle for Font {
        type FontError = Infallible;
        fn color(&self) -> BackendColor {
            INK
        }
        fn size(&self) -> f64 {
            self.0
        }
        fn anchor(&self) -> Pos {
            self.1
        }
        fn family(&self) -> FontFamily<'_> {
            FontFamily::SansSerif
        }
        fn layout_box(&self, _: &str) -> Result<((i32, i32), (i32, i32)), Infallible> {
            Ok(((0, 0), (0, 0)))
        }
        fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
            &self,
            _: &str,
            _: BackendCoord,
            _: F,
        ) -> Result<Result<(), E>, Infallible> {
            Ok(Ok(()))
        }
    }

    fn canvas(w: u32, h: u32) -> Pixmap {
        let mut pm = Pixmap::new(w, h).expect("small pixmap");
        pm.fill(tiny_skia::Color::WHITE);
        pm
    }

    /// Darkness 0..=255 of pixel (x, y).
    fn ink(pm: &Pixmap, x: u32, y: u32) -> u8 {
        255 - pm.pixel(x, y).expect("inside").red()
    }

    fn g(px: f32) -> i32 {
        (px * GRID as f32).round() as i32
    }

    #[test]
    fn size_is_grid_times_the_pixmap() {
        let fonts = Fonts::load().expect("bundled fonts parse");
        let mut pm = canvas(30, 20);
        assert_eq!(SkiaBackend::new(&mut pm, &fonts).get_size(), (30 * GRID, 20 * GRID));
    }

    #[test]
    fn concatenated_rings_fill_even_odd() {
        let fonts = Fonts::load().expect("bundled fonts parse");
        let mut pm = canvas(40, 40);
        let (outer, hole) = (
            [(4.0, 4.0), (36.0, 4.0), (36.0, 36.0), (4.0, 36.0)],
            [(12.0, 12.0), (28.0, 12.0), (28.0, 28.0), (12.0, 28.0)],
        );
        let ring = |r: &[(f32, f32)]| r.iter().map(|&(x, y)| (g(x), g(y))).collect::<Vec<_>>();
        let anchor = (g(4.0), g(4.0));
        let mut vert = ring(&outer);
        vert.push(anchor);
        vert.extend(ring(&hole));
        vert.extend([(g(12.0), g(12.0)), anchor]);
        SkiaBackend::new(&mut pm, &fonts).fill_polygon(vert, &INK).expect("infallible");
        for (x, y, want, what) in [
            (8, 8, 255, "inside the outer ring"),
            (20, 20, 0, "inside the hole"),
            (2, 2, 0, "outside"),
            (8, 20, 255, "left of the hole"),
            (20, 32, 255, "below the hole"),
            (6, 6, 255, "on the bridge from the anchor"),
        ] {
            assert_eq!(ink(&pm, x, y), want, "{what} ({x}, {y})");
        }
    }

    /// Darkness of columns 8..=12 along row 10 after a vertical line at `x` px, `width` px wide.
    fn columns_after_line(x: f32, width: f32) -> [u8; 5] {
        let fonts = Fonts::load().expect("bundled fonts parse");
        let mut pm = canvas(20, 20);
        let style = Line((width * GRID as f32).round() as u32);
        SkiaBackend::new(&mut pm, &fonts).draw_line((g(x), g(2.0)), (g(x), g(18.0)), &style).expect("infallible");
        [8, 9, 10, 11, 12].map(|c| ink(&pm, c, 10))
    }

    #[test]
    fn positions_keep_sub_pixels() {
        // (line x, width, darkness of columns 8..=12), all in px
        let rows = [
            (10.5, 1.0, [0u8, 0, 255, 0, 0]),
            (10.0, 1.0, [0, 128, 128, 0, 0]),
            (10.25, 1.5, [0, 128, 255, 0, 0]),
            (10.75, 1.5, [0, 0, 255, 128, 0]),
            (10.5, 3.0, [0, 255, 255, 255, 0]),
        ];
        for (x, width, want) in rows {
            let got = columns_after_line(x, width);
            let close = got.iter().zip(want).all(|(&g, w)| (g as i32 - w as i32).abs() <= 16);
            assert!(close, "line at x={x} width {width}: columns 8..=12 {got:?}, want about {want:?}");
        }
    }

    #[test]
    fn thin_widths_keep_their_fraction_of_ink() {
        // tiny-skia draws lines under 1 px as hairlines with their alpha scaled by the width,
        // so the ink across the columns is what counts
        for width in [0.5, 0.625, 0.75, 0.875, 1.0] {
            let total: u32 = columns_after_line(10.5, width).iter().map(|&d| d as u32).sum();
            let want = width * 255.0;
            assert!((total as f32 - want).abs() <= 12.0, "width {width}: ink {total}, want about {want}");
        }
    }

    #[test]
    fn text_sits_on_the_baseline_below_a_top_anchor() {
        let fonts = Fonts::load().expect("bundled fonts parse");
        let mut pm = canvas(80, 40);
        let em = 20.0;
        let style = Font(em * TEXT_SIZE_PER_EM * GRID as f64, Pos::new(HPos::Left, VPos::Top));
        SkiaBackend::new(&mut pm, &fonts).draw_text("HH", &style, (g(4.0), g(5.0))).expect("infallible");
        let baseline = 5.0 + TOP_TO_BASELINE_EM as f32 * em as f32;
        let row_ink = |y: f32| (0..80).map(|x| ink(&pm, x, y as u32) as u32).sum::<u32>();
        assert!(row_ink(baseline - 2.0) > 500, "ink just above the baseline");
        assert!(row_ink(baseline + 1.0) == 0, "no ink below the baseline of capitals");
        assert!(row_ink(baseline - 0.716 * em as f32 - 1.5) == 0, "no ink above the cap height");
    }
}
