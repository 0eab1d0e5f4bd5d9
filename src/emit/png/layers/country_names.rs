//! Basemap country names, in spaced capitals inside the visible part of each country, unless
//! the story already names the country: the deepest free spot of a coarse mask of the
//! country's shape in view.

use std::collections::BTreeSet;

use super::super::basemap::Country;
use super::super::compose::{placed, text_key, Draft, Frame};
use super::super::labels::{Placer, Rect};
use super::super::scene::Scene;
use super::super::style::Palette;
use super::super::text::{FontFace, Fonts};
use super::super::view::{Ring, View};
use super::super::{Dropped, LabelKind, Layout};
use super::{block_size, draw_block, CountryShape, LabelLine};
use crate::emit::png::RenderError;

/// The names of the countries in view that no label on the map names yet; a country the text
/// names that ends up with no label goes to the layout's `dropped`, with the reason.
pub(in super::super) fn labels(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let mut named: BTreeSet<String> = f.input.points.iter().map(|p| text_key(&p.label)).collect();
    named.extend(d.drawn.0.iter().cloned());
    let (in_view, labelled) = country_labels(
        &mut d.scene,
        f.fonts,
        &f.palette,
        &f.view,
        f.countries,
        &f.story,
        &d.country_shapes,
        &named,
        &mut d.placer,
        &mut d.layout,
        f.u,
    );
    for (code, name) in &f.input.named_countries {
        if d.drawn.has(name) {
            continue;
        }
        let ci = f.countries.iter().position(|c| c.iso_a2.eq_ignore_ascii_case(code));
        let why = match ci {
            Some(ci) if labelled.contains(&ci) => continue,
            Some(ci) if in_view.contains(&ci) => "no room for the country's name",
            Some(_) => "outside the frame",
            None => "not on the basemap",
        };
        d.layout.dropped.push(Dropped { text: name.clone(), why: why.into() });
    }
    Ok(())
}

/// Country names in spaced capitals inside the visible part of each country.
#[allow(clippy::too_many_arguments)]
fn country_labels(
    scene: &mut Scene,
    fonts: &Fonts,
    p: &Palette,
    view: &View,
    countries: &[Country],
    story: &[bool],
    shapes: &[CountryShape],
    named: &BTreeSet<String>,
    placer: &mut Placer,
    layout: &mut Layout,
    u: f32,
) -> (BTreeSet<usize>, BTreeSet<usize>) {
    let cell = 8.0 * u;
    let map = view.rect;
    let gw = (map.width() / cell).ceil() as usize;
    let gh = (map.height() / cell).ceil() as usize;
    // merge the shapes of each country (a country can have several shape groups in view)
    let mut by_country: Vec<(usize, Vec<&Ring>)> = Vec::new();
    for (ci, parts) in shapes {
        match by_country.iter_mut().find(|(c, _)| c == ci) {
            Some((_, v)) => v.extend(parts.iter()),
            None => by_country.push((*ci, parts.iter().collect())),
        }
    }
    let in_view: BTreeSet<usize> = by_country.iter().map(|(ci, _)| *ci).collect();
    let mut labelled = BTreeSet::new();
    #[allow(clippy::type_complexity)]
    let mut cands: Vec<(bool, u8, f32, usize, Vec<(Rect, usize)>, Vec<Vec<LabelLine>>)> = Vec::new();
    for (ci, parts) in &by_country {
        let Some(c) = countries.get(*ci) else {
            continue;
        };
        if c.name.is_empty() {
            continue;
        }
        if named.contains(&text_key(&c.name)) {
            // a label on the map already names it
            labelled.insert(*ci);
            continue;
        }
        let Some(mask) = mask_of(parts, &map, cell, gw, gh) else {
            continue;
        };
        let dist = chamfer(&mask, gw, gh);
        let best = dist.iter().copied().fold(0.0f32, f32::max);
        if best < 3.0 {
            continue;
        }
        let is_story = story.get(*ci).copied().unwrap_or(false);
        let size = (best * cell * 0.22).clamp(15.0 * u, 28.0 * u);
        let color = if is_story { p.story_country_text } else { p.country_text };
        let name = c.name.to_uppercase();
        let one = vec![LabelLine { text: name.clone(), size, face: FontFace::Bold, color, tracking: size * 0.32 }];
        let mut variants = vec![one];
        if name.contains(' ') {
            let two = name
                .split(' ')
                .map(|w| LabelLine {
                    text: w.to_string(),
                    size: size * 0.85,
                    face: FontFace::Bold,
                    color,
                    tracking: size * 0.28,
                })
                .collect::<Vec<_>>();
            // small countries read better stacked; large ones on one line
            if block_size(fonts, &variants[0]).0 > best * cell * 2.0 {
                variants.insert(0, two);
            } else {
                variants.push(two);
            }
        }
        // candidate centres: the NE label point if visible, then the deepest cells
        let mut centres = Vec::new();
        let (lx, ly) = view.to_px(c.label.x, c.label.y);
        centres.push((lx, ly));
        let mut order: Vec<usize> = (0..dist.len()).filter(|&i| dist[i] >= 2.0).collect();
        order.sort_by(|&a, &b| dist[b].total_cmp(&dist[a]).then(a.cmp(&b)));
        for &i in order.iter().take(400) {
            centres.push((map.x0 + (i % gw) as f32 * cell + cell / 2.0, map.y0 + (i / gw) as f32 * cell + cell / 2.0));
        }
        let mut rects = Vec::new();
        for (vi, lines) in variants.iter().enumerate() {
            let (w, h) = block_size(fonts, lines);
            for &(x, y) in &centres {
                let r = Rect::new(x - w / 2.0, y - h / 2.0, w, h);
                if rect_inside_mask(&r, &mask, &map, cell, gw, gh) {
                    rects.push((r, vi));
                }
            }
        }
        if !rects.is_empty() {
            cands.push((!is_story, c.label_rank, -best, *ci, rects, variants));
        }
    }
    cands.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.total_cmp(&b.2)).then(a.3.cmp(&b.3)));
    for (not_story, _, _, ci, rects, variants) in cands {
        let boxes: Vec<Rect> = rects.iter().map(|r| r.0).collect();
        if let Some(k) = placer.place_first(&boxes) {
            labelled.insert(ci);
            // a halo of the country's own fill keeps rivers and province lines off the letters
            let fill = if not_story { p.land } else { p.story_land };
            let lines = &variants[rects[k].1];
            draw_block(scene, fonts, lines, &boxes[k], 0.5, Some((fill, 2.0 * u)));
            let text = lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ");
            layout.labels.push(placed(&text, LabelKind::BasemapCountry, None, &boxes[k], false));
        }
    }
    (in_view, labelled)
}

/// Rasterise a country's rings into a coarse grid (true = inside).
fn mask_of(parts: &[&Vec<(f32, f32)>], map: &Rect, cell: f32, gw: usize, gh: usize) -> Option<Vec<bool>> {
    let mut pm = tiny_skia::Pixmap::new(gw as u32, gh as u32)?;
    let mut pb = tiny_skia::PathBuilder::new();
    for ring in parts {
        let mut it = ring.iter();
        let Some(&(x, y)) = it.next() else { continue };
        pb.move_to((x - map.x0) / cell, (y - map.y0) / cell);
        for &(x, y) in it {
            pb.line_to((x - map.x0) / cell, (y - map.y0) / cell);
        }
        pb.close();
    }
    let path = pb.finish()?;
    let mut paint = tiny_skia::Paint::default();
    paint.set_color_rgba8(0, 0, 0, 255);
    paint.anti_alias = true;
    pm.fill_path(&path, &paint, tiny_skia::FillRule::EvenOdd, tiny_skia::Transform::identity(), None);
    Some(pm.pixels().iter().map(|px| px.alpha() > 200).collect())
}

/// Distance (in cells) from each inside cell to the nearest outside cell or the grid edge.
fn chamfer(mask: &[bool], gw: usize, gh: usize) -> Vec<f32> {
    let big = 1e6f32;
    let mut d: Vec<f32> = mask.iter().map(|&m| if m { big } else { 0.0 }).collect();
    let at = |x: isize, y: isize, d: &Vec<f32>| {
        if x < 0 || y < 0 || x >= gw as isize || y >= gh as isize {
            0.0
        } else {
            d[y as usize * gw + x as usize]
        }
    };
    for y in 0..gh as isize {
        for x in 0..gw as isize {
            let i = y as usize * gw + x as usize;
            if d[i] > 0.0 {
                let v = (at(x - 1, y, &d) + 1.0)
                    .min(at(x, y - 1, &d) + 1.0)
                    .min(at(x - 1, y - 1, &d) + 1.4)
                    .min(at(x + 1, y - 1, &d) + 1.4);
                d[i] = d[i].min(v);
            }
        }
    }
    for y in (0..gh as isize).rev() {
        for x in (0..gw as isize).rev() {
            let i = y as usize * gw + x as usize;
            if d[i] > 0.0 {
                let v = (at(x + 1, y, &d) + 1.0)
                    .min(at(x, y + 1, &d) + 1.0)
                    .min(at(x + 1, y + 1, &d) + 1.4)
                    .min(at(x - 1, y + 1, &d) + 1.4);
                d[i] = d[i].min(v);
            }
        }
    }
    d
}

fn rect_inside_mask(r: &Rect, mask: &[bool], map: &Rect, cell: f32, gw: usize, gh: usize) -> bool {
    let cx0 = ((r.x0 - map.x0) / cell).floor();
    let cy0 = ((r.y0 - map.y0) / cell).floor();
    let cx1 = ((r.x1 - map.x0) / cell).floor();
    let cy1 = ((r.y1 - map.y0) / cell).floor();
    if cx0 < 0.0 || cy0 < 0.0 || cx1 >= gw as f32 || cy1 >= gh as f32 {
        return false;
    }
    for cy in cy0 as usize..=cy1 as usize {
        for cx in cx0 as usize..=cx1 as usize {
            if !mask[cy * gw + cx] {
                return false;
            }
        }
    }
    true
}
