//! The map's layers, each a function `(&Frame, &mut Draft)` (see `compose`), and the text-block
//! helpers the label layers share.
//!
//! - `base`: sea, land, lakes, rivers, coastline, admin-1 lines, land borders
//! - `graticule`: the grid and its degree labels
//! - `story_lines`: route, planned route, launch tracks, and the notes at the tracks' ends
//! - `markers`: point symbols
//! - `place_labels`: the input points' labels (with leader lines when crowded)
//! - `country_names`: basemap country names
//! - `furniture`: legend, locator, scale bar, credit, header, frame

pub(super) mod base;
pub(super) mod country_names;
pub(super) mod furniture;
pub(super) mod graticule;
pub(super) mod markers;
pub(super) mod place_labels;
pub(super) mod story_lines;

pub(super) use furniture::Furniture;
pub(super) use place_labels::label_rank;
pub(super) use story_lines::StoryLines;

use super::labels::Rect;
use super::scene::{Rgba, Scene, Text};
use super::text::{FontFace, Fonts};
use super::view::Ring;

/// A country's rings in view (index into the country table, rings in px).
pub(super) type CountryShape = (usize, Vec<Ring>);

/// One line of a label block.
#[derive(Clone, Debug)]
struct LabelLine {
    text: String,
    size: f32,
    face: FontFace,
    color: Rgba,
    tracking: f32,
}

fn line_height(l: &LabelLine) -> f32 {
    l.size * 1.08
}

fn block_size(fonts: &Fonts, lines: &[LabelLine]) -> (f32, f32) {
    let w = lines.iter().map(|l| fonts.width(&l.text, l.size, l.face, l.tracking)).fold(0.0, f32::max);
    let h = lines.iter().map(line_height).sum::<f32>();
    (w, h)
}

fn draw_block(scene: &mut Scene, fonts: &Fonts, lines: &[LabelLine], b: &Rect, align: f32, halo: Option<(Rgba, f32)>) {
    let mut y = b.y0;
    for l in lines {
        let w = fonts.width(&l.text, l.size, l.face, l.tracking);
        let x = b.x0 + (b.width() - w) * align;
        scene.text(Text {
            x,
            y: y + l.size * 0.82,
            size: l.size,
            face: l.face,
            color: l.color,
            halo,
            tracking: l.tracking,
            text: l.text.clone(),
        });
        y += line_height(l);
    }
}

fn in_rect(r: &Rect, q: (f32, f32)) -> bool {
    q.0 >= r.x0 && q.0 <= r.x1 && q.1 >= r.y0 && q.1 <= r.y1
}
