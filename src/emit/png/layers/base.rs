//! The basemap layers: sea, land (story countries tinted), lakes, rivers, coastline, admin-1
//! lines and land borders, from the bundled Natural Earth data, clipped to the frame's guard.

use geo::Coord;

use super::super::basemap::{self, LayerId};
use super::super::compose::{Draft, Frame};
use super::super::projection::ProjectionKind;
use super::super::scene::{Group, Scene, Shape};
use super::super::view::{clip_line, clip_ring, Ring, View};
use super::in_rect;
use crate::emit::png::RenderError;

/// The sea: the whole map, or on an Equal Earth world map the projection's outline.
pub(in super::super) fn sea(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let (view, map) = (&f.view, &f.map);
    if view.proj.kind == ProjectionKind::EqualEarth {
        let lon0 = view.proj.lon0;
        let mut outline: Vec<(f32, f32)> = (-90..=90).map(|lat| view.to_px(lon0 + 179.9999, lat as f64)).collect();
        outline.extend((-90..=90).rev().map(|lat| view.to_px(lon0 - 179.9999, lat as f64)));
        d.scene.fill(Shape::polygon(clip_ring(&outline, &f.guard)), f.palette.sea);
    } else {
        d.scene.fill(Shape::rect(map.x0, map.y0, map.width(), map.height()), f.palette.sea);
    }
    Ok(())
}

/// Land: one fill per country shape, tinted for the story. Keeps each country's shape (for its
/// name) and the coastline (stroked later, over lakes and rivers).
pub(in super::super) fn land(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let p = &f.palette;
    let Draft { scene, country_shapes, coast, .. } = d;
    let mut current: Option<(u32, u32)> = None;
    let mut parts: Vec<Vec<(f32, f32)>> = Vec::new();
    let mut flush = |scene: &mut Scene, parts: &mut Vec<Vec<(f32, f32)>>, attr: u32| {
        if parts.is_empty() {
            return;
        }
        let tint = attr > 0 && f.story.get(attr as usize - 1).copied().unwrap_or(false);
        let shape = Shape { parts: std::mem::take(parts), closed: true };
        let land = scene.group;
        if tint {
            // the SVG keeps the story's countries apart, as `areas`, right over the land
            scene.group = Group { rank: land.rank + 1, part: "areas", ..land };
        }
        scene.fill(shape.clone(), if tint { p.story_land } else { p.land });
        scene.group = land;
        if attr > 0 {
            country_shapes.push((attr as usize - 1, shape.parts));
        }
    };
    basemap::records(LayerId::Land, &f.view.window, |rec| {
        if current.map(|c| c.0) != Some(rec.group) {
            if let Some((_, attr)) = current {
                flush(scene, &mut parts, attr);
            }
            current = Some((rec.group, rec.attr));
        }
        let (mut fills, mut outline) = (Vec::new(), Vec::new());
        f.view.project_polygon(&geo_points(rec)?, &mut fills, &mut outline);
        for ring in fills {
            let clipped = clip_ring(&ring, &f.guard);
            if clipped.len() >= 3 {
                parts.push(clipped);
            }
        }
        for piece in outline {
            coast.extend(clip_line(&piece, &f.guard));
        }
        Ok(())
    })?;
    if let Some((_, attr)) = current {
        flush(scene, &mut parts, attr);
    }
    Ok(())
}

/// Lakes big enough to see, filled as sea; their shores are stroked with the coastline.
pub(in super::super) fn lakes(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let mut lake_rings = Vec::new();
    basemap::records(LayerId::Lakes, &f.view.window, |rec| {
        let (mut fills, mut outline) = (Vec::new(), Vec::new());
        f.view.project_polygon(&geo_points(rec)?, &mut fills, &mut outline);
        for ring in fills {
            let ring = clip_ring(&ring, &f.guard);
            if ring.len() >= 3 && ring_extent(&ring) > 1.5 * f.u {
                lake_rings.push(ring);
                for piece in &outline {
                    d.lake_shores.extend(clip_line(piece, &f.guard));
                }
            }
        }
        Ok(())
    })?;
    if !lake_rings.is_empty() {
        d.scene.fill(Shape { parts: lake_rings, closed: true }, f.palette.sea);
    }
    Ok(())
}

/// Rivers as hairlines, not at world scale.
pub(in super::super) fn rivers(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    if f.km_per_px >= 6.0 {
        return Ok(());
    }
    let rivers = lines_of(f, LayerId::Rivers)?;
    d.rivers_drawn = !rivers.is_empty();
    if d.rivers_drawn {
        d.scene.stroke(Shape { parts: rivers, closed: false }, f.palette.river, 1.3 * f.u);
    }
    Ok(())
}

/// The coastline (country outlines: land borders are overdrawn later) and lake shores.
pub(in super::super) fn coastline(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    d.scene.stroke(Shape { parts: std::mem::take(&mut d.coast), closed: false }, f.palette.coast, 1.1 * f.u);
    if !d.lake_shores.is_empty() {
        d.scene.stroke(Shape { parts: std::mem::take(&mut d.lake_shores), closed: false }, f.palette.coast, 0.8 * f.u);
    }
    Ok(())
}

/// First-level divisions as faint dashes, at regional scales only.
pub(in super::super) fn admin1(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    if f.km_per_px >= 3.0 {
        return Ok(());
    }
    let lines = lines_of(f, LayerId::Admin1)?;
    if !lines.is_empty() {
        let u = f.u;
        d.scene.stroke_dashed(Shape { parts: lines, closed: false }, f.palette.admin1, 0.9 * u, vec![5.0 * u, 4.0 * u]);
    }
    Ok(())
}

/// Land borders: a light casing under a dark line.
pub(in super::super) fn borders(f: &Frame<'_>, d: &mut Draft) -> Result<(), RenderError> {
    let borders = lines_of(f, LayerId::Border)?;
    d.border_drawn = borders.iter().any(|l| l.iter().any(|q| in_rect(&f.map, *q)));
    if !borders.is_empty() {
        let bw = if f.km_per_px > 8.0 { 1.2 } else { 2.2 };
        let p = &f.palette;
        d.scene.stroke(Shape { parts: borders.clone(), closed: false }, p.border_casing, (bw + 3.6) * f.u);
        d.scene.stroke(Shape { parts: borders, closed: false }, p.border, bw * f.u);
    }
    Ok(())
}

/// A line layer of the basemap, projected and clipped to the guard.
fn lines_of(f: &Frame<'_>, layer: LayerId) -> Result<Vec<Ring>, RenderError> {
    let mut lines = Vec::new();
    basemap::records(layer, &f.view.window, |rec| {
        for piece in project_line(&f.view, rec)? {
            lines.extend(clip_line(&piece, &f.guard));
        }
        Ok(())
    })?;
    Ok(lines)
}

fn ring_extent(ring: &[(f32, f32)]) -> f32 {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for &(x, y) in ring {
        x0 = x0.min(x);
        x1 = x1.max(x);
        y0 = y0.min(y);
        y1 = y1.max(y);
    }
    (x1 - x0).max(y1 - y0)
}

fn geo_points(rec: &basemap::Record<'_>) -> Result<Vec<Coord>, basemap::BasemapError> {
    let mut out = Vec::new();
    rec.for_each_point(|lon, lat| out.push(Coord { x: lon, y: lat }))?;
    Ok(out)
}

fn project_line(view: &View, rec: &basemap::Record<'_>) -> Result<Vec<Ring>, basemap::BasemapError> {
    let mut out = Vec::new();
    view.project_line(&geo_points(rec)?, &mut out);
    Ok(out)
}
