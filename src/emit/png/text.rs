//! Text measuring and glyph outlines from the bundled Liberation Sans (SIL OFL 1.1).
//!
//! Invariants:
//! - Only the three embedded faces are used; no system font is ever looked up, so the same text
//!   measures and draws the same on every machine.
//! - Sizes are em sizes in px. Widths include kerning and `tracking` after every character but
//!   the last, exactly as `outline` lays the glyphs out, so label boxes match drawn ink.

use ab_glyph::{Font, FontRef, OutlineCurve};
use tiny_skia::PathBuilder;

use super::RenderError;

static REGULAR: &[u8] = include_bytes!("../../../basemap/fonts/LiberationSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../basemap/fonts/LiberationSans-Bold.ttf");
static ITALIC: &[u8] = include_bytes!("../../../basemap/fonts/LiberationSans-Italic.ttf");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FontFace {
    Regular,
    Bold,
    Italic,
}

/// The three faces, parsed once.
pub struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
    italic: FontRef<'static>,
}

impl Fonts {
    pub fn load() -> Result<Fonts, RenderError> {
        let f = |b: &'static [u8]| FontRef::try_from_slice(b).map_err(|_| RenderError::Font);
        Ok(Fonts { regular: f(REGULAR)?, bold: f(BOLD)?, italic: f(ITALIC)? })
    }

    fn face(&self, face: FontFace) -> &FontRef<'static> {
        match face {
            FontFace::Regular => &self.regular,
            FontFace::Bold => &self.bold,
            FontFace::Italic => &self.italic,
        }
    }

    fn em_scale(&self, face: FontFace, size: f32) -> f32 {
        size / self.face(face).units_per_em().unwrap_or(2048.0)
    }

    /// Advance width of `text` in px.
    pub fn width(&self, text: &str, size: f32, face: FontFace, tracking: f32) -> f32 {
        let font = self.face(face);
        let k = self.em_scale(face, size);
        let mut w = 0.0;
        let mut prev = None;
        let mut n = 0;
        for ch in text.chars() {
            let id = font.glyph_id(ch);
            if let Some(p) = prev {
                w += font.kern_unscaled(p, id) * k;
            }
            w += font.h_advance_unscaled(id) * k;
            prev = Some(id);
            n += 1;
        }
        w + tracking * (n.max(1) - 1) as f32
    }

    /// Height of capitals above the baseline, px.
    pub fn cap_height(&self, size: f32) -> f32 {
        size * 0.716
    }

    /// Depth of descenders below the baseline, px.
    pub fn descent(&self, size: f32) -> f32 {
        size * 0.212
    }

    /// Where each character of a run starts, px from the run's left end: kerning with the
    /// previous character, then `tracking` after every character, exactly as `width` measures.
    pub fn char_offsets(&self, text: &str, size: f32, face: FontFace, tracking: f32) -> Vec<f32> {
        let font = self.face(face);
        let k = self.em_scale(face, size);
        let mut pen = 0.0;
        let mut prev = None;
        let mut out = Vec::with_capacity(text.len());
        for ch in text.chars() {
            let id = font.glyph_id(ch);
            if let Some(p) = prev {
                pen += font.kern_unscaled(p, id) * k;
            }
            out.push(pen);
            pen += font.h_advance_unscaled(id) * k + tracking;
            prev = Some(id);
        }
        out
    }

    /// Height of a lower-case x above the baseline, px.
    pub fn x_height(&self, size: f32, face: FontFace) -> f32 {
        let font = self.face(face);
        let top = font.outline(font.glyph_id('x')).map_or(0.0, |o| o.bounds.max.y);
        top * self.em_scale(face, size)
    }

    /// Height of the font's ascent plus descent, px.
    pub fn line_height(&self, size: f32, face: FontFace) -> f32 {
        self.face(face).height_unscaled() * self.em_scale(face, size)
    }

    /// The glyph outlines of `text` (kerned, no tracking) with its left end on the baseline at
    /// `(x, y)`, in px with y down.
    pub fn outline(&self, text: &str, size: f32, face: FontFace, (x, y): (f32, f32)) -> Option<tiny_skia::Path> {
        let font = self.face(face);
        let k = self.em_scale(face, size);
        let mut pb = PathBuilder::new();
        let mut pen = x;
        let mut prev = None;
        for ch in text.chars() {
            let id = font.glyph_id(ch);
            if let Some(p) = prev {
                pen += font.kern_unscaled(p, id) * k;
            }
            if let Some(outline) = font.outline(id) {
                let map = |p: ab_glyph::Point| (pen + p.x * k, y - p.y * k);
                let mut last: Option<ab_glyph::Point> = None;
                for curve in &outline.curves {
                    let start = match curve {
                        OutlineCurve::Line(a, _) | OutlineCurve::Quad(a, _, _) | OutlineCurve::Cubic(a, _, _, _) => *a,
                    };
                    if last != Some(start) {
                        if last.is_some() {
                            pb.close();
                        }
                        let (x, y) = map(start);
                        pb.move_to(x, y);
                    }
                    match curve {
                        OutlineCurve::Line(_, b) => {
                            let (x, y) = map(*b);
                            pb.line_to(x, y);
                            last = Some(*b);
                        }
                        OutlineCurve::Quad(_, c, b) => {
                            let ((cx, cy), (x, y)) = (map(*c), map(*b));
                            pb.quad_to(cx, cy, x, y);
                            last = Some(*b);
                        }
                        OutlineCurve::Cubic(_, c1, c2, b) => {
                            let ((ax, ay), (bx, by), (x, y)) = (map(*c1), map(*c2), map(*b));
                            pb.cubic_to(ax, ay, bx, by, x, y);
                            last = Some(*b);
                        }
                    }
                }
                if last.is_some() {
                    pb.close();
                }
            }
            pen += font.h_advance_unscaled(id) * k;
            prev = Some(id);
        }
        pb.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_grow_with_text_and_tracking() {
        let f = Fonts::load().expect("bundled fonts parse");
        let a = f.width("Vladivostok", 20.0, FontFace::Regular, 0.0);
        let b = f.width("Vladivostok", 20.0, FontFace::Bold, 0.0);
        let c = f.width("Vladivostok", 20.0, FontFace::Regular, 2.0);
        assert!(a > 80.0 && a < 130.0, "{a}");
        assert!(b > a, "bold is wider");
        assert!((c - a - 20.0).abs() < 1e-3, "tracking adds 10 gaps of 2 px");
        assert!(f.width("Хасан", 20.0, FontFace::Regular, 0.0) > 40.0, "Cyrillic is covered");
    }

    #[test]
    fn char_offsets_lay_out_like_width() {
        let f = Fonts::load().expect("bundled fonts parse");
        for (text, tracking) in [("AVATAR", 0.0), ("RUSSIA", 3.5), ("x", 2.0), ("", 1.0)] {
            let offsets = f.char_offsets(text, 20.0, FontFace::Bold, tracking);
            assert_eq!(offsets.len(), text.chars().count(), "{text:?}");
            if let (Some(&last), Some(ch)) = (offsets.last(), text.chars().last()) {
                let whole = f.width(text, 20.0, FontFace::Bold, tracking);
                let tail = f.width(&ch.to_string(), 20.0, FontFace::Bold, 0.0);
                assert!((last + tail - whole).abs() < 1e-3, "{text:?} tracking {tracking}: {last} + {tail} vs {whole}");
            }
        }
    }
}
