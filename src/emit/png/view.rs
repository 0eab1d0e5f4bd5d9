//! The view: projection + scale + offset that put an extent into the map rectangle, and the
//! geometry helpers that go with it (clipping, simplification, the automatic extent).
//!
//! Invariants:
//! - The requested extent is always wholly visible; the view grows it along one axis to fill the
//!   map rectangle, never crops it.
//! - `window` is a geographic box that covers everything visible (plus a margin), so filtering
//!   basemap records by it never drops something that would show.
//! - Clipping keeps coordinates within a guard band around the frame, so the rasteriser never sees
//!   huge numbers.

use geo::Coord;

use super::basemap::GeoWindow;
use super::labels::Rect;
use super::projection::{lon_span, wrap_lon, Projection, ProjectionKind};

#[derive(Clone, Debug)]
pub struct View {
    pub proj: Projection,
    /// Map rectangle in output px.
    pub rect: Rect,
    k: f64,
    mx: f64,
    my: f64,
    pub window: GeoWindow,
    /// Points closer than this (in px at scale 1) are merged: half a pixel of the output.
    simplify_px: f32,
    /// The same in degrees, conservatively (a quarter of `simplify_px` at the nominal scale).
    simplify_deg: f64,
}

impl View {
    /// `scale` is the output pixel density (PNG pixels per px), used only for simplification.
    pub fn new(extent: [f64; 4], kind: Option<ProjectionKind>, rect: Rect, scale: f32) -> View {
        let proj = Projection::for_extent(extent, kind);
        let [w, s, e, n] = extent;
        let span = lon_span(w, e);
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for i in 0..=48 {
            let t = i as f64 / 48.0;
            for (lon, lat) in [
                (w + span * t, s),
                (w + span * t, n),
                (w, s + (n - s) * t),
                (e, s + (n - s) * t),
                (w + span * t, (s + n) / 2.0),
            ] {
                let (x, y) = proj.forward(lon, lat);
                x0 = x0.min(x);
                x1 = x1.max(x);
                y0 = y0.min(y);
                y1 = y1.max(y);
            }
        }
        let k = (rect.width() as f64 / (x1 - x0).max(1e-9)).min(rect.height() as f64 / (y1 - y0).max(1e-9));
        let (mut mx, mut my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
        if proj.kind == ProjectionKind::EqualEarth {
            // keep the frame on the globe's outline instead of showing paper beyond the poles
            // or the seam, when the aspect ratio gives room to spare
            let (_, y_pole) = proj.forward_relative(0.0, 90.0);
            let (x_edge, _) = proj.forward_relative(180.0, 0.0);
            let half_h = rect.height() as f64 / 2.0 / k;
            let half_w = rect.width() as f64 / 2.0 / k;
            my = if half_h >= y_pole { 0.0 } else { my.clamp(-y_pole + half_h, y_pole - half_h) };
            mx = if half_w >= x_edge { 0.0 } else { mx.clamp(-x_edge + half_w, x_edge - half_w) };
        }
        let mut v = View {
            proj,
            rect,
            k,
            mx,
            my,
            window: GeoWindow::WORLD,
            simplify_px: 0.5 / scale.max(0.25),
            simplify_deg: 0.25 * 0.5 / scale.max(0.25) as f64 / (k * std::f64::consts::PI / 180.0),
        };
        v.window = v.visible_window();
        v
    }

    /// Degrees to output px.
    pub fn to_px(&self, lon: f64, lat: f64) -> (f32, f32) {
        let (x, y) = self.proj.forward(lon, lat);
        self.map_to_px(x, y)
    }

    /// Project a polygon ring given in degrees. Rings that cross the seam (the meridian opposite
    /// `lon0`) are cut there, and each side is drawn on its own edge of the map. Appends the rings
    /// to fill to `fills` and the outline pieces to stroke as coastline to `coast` (without the
    /// cut edges, and without edges the source data itself runs along the 180° meridian).
    pub fn project_polygon(&self, pts: &[Coord], fills: &mut Vec<Ring>, coast: &mut Vec<Ring>) {
        let rel = self.unwrapped(pts);
        let (lo, hi) = rel.iter().fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
        for shift in [0.0, 360.0, -360.0] {
            if hi + shift < -180.0 || lo + shift > 180.0 {
                continue;
            }
            let shifted: Vec<GeoPt> =
                rel.iter().map(|p| GeoPt { rel: p.0 + shift, lat: p.1, data_seam: p.2 }).collect();
            let ring = if lo + shift >= -180.0 && hi + shift <= 180.0 { shifted } else { clip_seam(&shifted) };
            if ring.len() < 3 {
                continue;
            }
            let mut fill = Vec::with_capacity(ring.len());
            let mut piece: Ring = Vec::new();
            for i in 0..=ring.len() {
                let a = ring[i % ring.len()];
                let b = ring[(i + 1) % ring.len()];
                if i < ring.len() {
                    self.simplify_push(&mut fill, self.rel_to_px(a.rel, a.lat));
                }
                let on_seam = a.rel.abs() >= 180.0 - 1e-9 && b.rel.abs() >= 180.0 - 1e-9;
                if on_seam && i < ring.len() {
                    // follow the curved edge of the map along the seam
                    let n = ((b.lat - a.lat).abs() / 0.5).ceil() as usize;
                    for k in 1..n {
                        let t = k as f64 / n as f64;
                        self.simplify_push(&mut fill, self.rel_to_px(a.rel, a.lat + (b.lat - a.lat) * t));
                    }
                }
                if on_seam || (a.data_seam && b.data_seam) || i == ring.len() {
                    if piece.len() >= 2 {
                        coast.push(std::mem::take(&mut piece));
                    }
                    piece.clear();
                    continue;
                }
                if piece.is_empty() {
                    piece.push(self.rel_to_px(a.rel, a.lat));
                }
                self.simplify_push(&mut piece, self.rel_to_px(b.rel, b.lat));
            }
            if piece.len() >= 2 {
                coast.push(piece);
            }
            if fill.len() >= 3 {
                fills.push(fill);
            }
        }
    }

    /// Project a polyline given in degrees, breaking it where it jumps across the seam.
    pub fn project_line(&self, pts: &[Coord], out: &mut Vec<Ring>) {
        let mut piece: Ring = Vec::new();
        let mut prev: Option<f64> = None;
        let mut kept = (f64::NAN, f64::NAN);
        for (i, &Coord { x: lon, y: lat }) in pts.iter().enumerate() {
            if i + 1 < pts.len() && self.too_close(kept, (lon, lat)) {
                continue;
            }
            kept = (lon, lat);
            let r = wrap_lon(lon - self.proj.lon0);
            if let Some(p) = prev {
                if (r - p).abs() > 180.0 && piece.len() >= 2 {
                    out.push(std::mem::take(&mut piece));
                }
                if (r - p).abs() > 180.0 {
                    piece.clear();
                }
            }
            self.simplify_push(&mut piece, self.rel_to_px(r, lat));
            prev = Some(r);
        }
        if piece.len() >= 2 {
            out.push(piece);
        }
    }

    /// Longitudes relative to `lon0`, unwrapped along the ring (so they may leave [-180, 180]),
    /// with a flag for points the source data put on the 180° meridian.
    fn unwrapped(&self, pts: &[Coord]) -> Vec<(f64, f64, bool)> {
        let mut out = Vec::with_capacity(pts.len());
        let mut prev: Option<f64> = None;
        let mut kept = (f64::NAN, f64::NAN);
        for (i, &Coord { x: lon, y: lat }) in pts.iter().enumerate() {
            let on_data_seam = (lon.abs() - 180.0).abs() < 1e-7;
            if !on_data_seam && i + 1 < pts.len() && self.too_close(kept, (lon, lat)) {
                continue;
            }
            kept = (lon, lat);
            let mut r = wrap_lon(lon - self.proj.lon0);
            if let Some(p) = prev {
                while r - p > 180.0 {
                    r -= 360.0;
                }
                while r - p < -180.0 {
                    r += 360.0;
                }
            }
            out.push((r, lat, on_data_seam));
            prev = Some(r);
        }
        out
    }

    /// Are two points (degrees) so close that both cannot matter at this map scale? A cheap
    /// filter before projecting: at world scale it skips most of the 10m data's points.
    fn too_close(&self, a: (f64, f64), b: (f64, f64)) -> bool {
        (a.0 - b.0).abs() < self.simplify_deg && (a.1 - b.1).abs() < self.simplify_deg
    }

    /// Append a projected point unless it is within `simplify_px` of the last one kept: detail
    /// finer than half an output pixel only costs time.
    fn simplify_push(&self, out: &mut Ring, p: Pt) {
        if let Some(&(x, y)) = out.last() {
            if (p.0 - x).abs() < self.simplify_px && (p.1 - y).abs() < self.simplify_px {
                return;
            }
        }
        out.push(p);
    }

    fn rel_to_px(&self, rel: f64, lat: f64) -> (f32, f32) {
        let (x, y) = self.proj.forward_relative(rel, lat);
        self.map_to_px(x, y)
    }

    fn map_to_px(&self, x: f64, y: f64) -> (f32, f32) {
        let cx = (self.rect.x0 + self.rect.x1) as f64 / 2.0;
        let cy = (self.rect.y0 + self.rect.y1) as f64 / 2.0;
        ((cx + (x - self.mx) * self.k) as f32, (cy - (y - self.my) * self.k) as f32)
    }

    /// Output px to degrees, `None` off the projection.
    pub fn px_to_geo(&self, px: f32, py: f32) -> Option<Coord> {
        let cx = (self.rect.x0 + self.rect.x1) as f64 / 2.0;
        let cy = (self.rect.y0 + self.rect.y1) as f64 / 2.0;
        self.proj.inverse((px as f64 - cx) / self.k + self.mx, (cy - py as f64) / self.k + self.my).map(Coord::from)
    }

    /// The bounding box W, S, E, N (degrees) of what the map rectangle shows.
    pub fn visible_extent(&self) -> [f64; 4] {
        let w = self.window_with_margin(0.0);
        [w.w, w.s, w.e, w.n]
    }

    fn visible_window(&self) -> GeoWindow {
        self.window_with_margin(1.0)
    }

    fn window_with_margin(&self, margin: f64) -> GeoWindow {
        let r = self.rect;
        let mut lons = Vec::new();
        let (mut s, mut n) = (90.0f64, -90.0f64);
        let steps = 64;
        for i in 0..=steps {
            let t = i as f32 / steps as f32;
            for j in 0..=8 {
                // the frame edges and a few lines across it (conic frames bulge inside)
                let u = j as f32 / 8.0;
                for (x, y) in
                    [(r.x0 + r.width() * t, r.y0 + r.height() * u), (r.x0 + r.width() * u, r.y0 + r.height() * t)]
                {
                    if let Some(Coord { x: lon, y: lat }) = self.px_to_geo(x, y) {
                        lons.push(wrap_lon(lon - self.proj.lon0));
                        s = s.min(lat);
                        n = n.max(lat);
                    }
                }
            }
        }
        let inside = |lat: f64| {
            let (x, y) = self.to_px(self.proj.lon0, lat);
            x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1
        };
        let whole_lon = inside(89.99) || inside(-89.99);
        if inside(89.99) {
            n = 90.0;
        }
        if inside(-89.99) {
            s = -90.0;
        }
        let (lo, hi) = lons.iter().fold((f64::MAX, f64::MIN), |(a, b), &l| (a.min(l), b.max(l)));
        if whole_lon || lons.is_empty() || hi - lo > 300.0 {
            return GeoWindow { w: -180.0, s: (s - margin).max(-90.0), e: 180.0, n: (n + margin).min(90.0) };
        }
        GeoWindow {
            w: wrap_lon(self.proj.lon0 + lo - margin),
            s: (s - margin).max(-90.0),
            e: wrap_lon(self.proj.lon0 + hi + margin),
            n: (n + margin).min(90.0),
        }
    }

    /// Kilometres per output px at the centre of the map, measured along the parallel.
    pub fn km_per_px(&self) -> Option<f64> {
        let cx = (self.rect.x0 + self.rect.x1) / 2.0;
        let cy = (self.rect.y0 + self.rect.y1) / 2.0;
        let d = 50.0;
        let a = self.px_to_geo(cx - d, cy)?;
        let b = self.px_to_geo(cx + d, cy)?;
        Some(super::projection::great_circle_km(a, b) / (2.0 * d as f64))
    }
}

/// A ring point in degrees, longitude relative to the central meridian (unwrapped).
#[derive(Clone, Copy, Debug, PartialEq)]
struct GeoPt {
    rel: f64,
    lat: f64,
    /// The source data has this point on the 180° meridian.
    data_seam: bool,
}

/// Sutherland–Hodgman clip of a ring (in relative degrees) to -180 <= rel <= 180.
fn clip_seam(ring: &[GeoPt]) -> Vec<GeoPt> {
    let mut pts = ring.to_vec();
    for bound in [-180.0f64, 180.0] {
        if pts.is_empty() {
            break;
        }
        let inside = |p: &GeoPt| {
            if bound < 0.0 {
                p.rel >= bound
            } else {
                p.rel <= bound
            }
        };
        let cut = |a: &GeoPt, b: &GeoPt| {
            let t = (bound - a.rel) / (b.rel - a.rel);
            GeoPt { rel: bound, lat: a.lat + (b.lat - a.lat) * t, data_seam: false }
        };
        let mut out = Vec::with_capacity(pts.len() + 4);
        let mut prev = pts[pts.len() - 1];
        for &cur in &pts {
            match (inside(&prev), inside(&cur)) {
                (true, true) => out.push(cur),
                (true, false) => out.push(cut(&prev, &cur)),
                (false, true) => {
                    out.push(cut(&prev, &cur));
                    out.push(cur);
                }
                (false, false) => {}
            }
            prev = cur;
        }
        pts = out;
    }
    pts
}

/// A point in output px.
pub type Pt = (f32, f32);
/// A ring or polyline in output px.
pub type Ring = Vec<Pt>;

/// Sutherland–Hodgman clip of a closed ring to `r` (even-odd fills stay correct).
pub fn clip_ring(ring: &[(f32, f32)], r: &Rect) -> Vec<(f32, f32)> {
    let mut pts = ring.to_vec();
    type Edge = (fn(&(f32, f32), &Rect) -> bool, fn((f32, f32), (f32, f32), &Rect) -> (f32, f32));
    let edges: [Edge; 4] = [
        (|p, r| p.0 >= r.x0, |a, b, r| lerp_x(a, b, r.x0)),
        (|p, r| p.0 <= r.x1, |a, b, r| lerp_x(a, b, r.x1)),
        (|p, r| p.1 >= r.y0, |a, b, r| lerp_y(a, b, r.y0)),
        (|p, r| p.1 <= r.y1, |a, b, r| lerp_y(a, b, r.y1)),
    ];
    for (inside, cut) in edges {
        if pts.is_empty() {
            break;
        }
        let mut out = Vec::with_capacity(pts.len());
        let mut prev = pts[pts.len() - 1];
        for &cur in &pts {
            let (ci, pi) = (inside(&cur, r), inside(&prev, r));
            if ci {
                if !pi {
                    out.push(cut(prev, cur, r));
                }
                out.push(cur);
            } else if pi {
                out.push(cut(prev, cur, r));
            }
            prev = cur;
        }
        pts = out;
    }
    pts
}

fn lerp_x(a: (f32, f32), b: (f32, f32), x: f32) -> (f32, f32) {
    let t = (x - a.0) / (b.0 - a.0);
    (x, a.1 + (b.1 - a.1) * t)
}

fn lerp_y(a: (f32, f32), b: (f32, f32), y: f32) -> (f32, f32) {
    let t = (y - a.1) / (b.1 - a.1);
    (a.0 + (b.0 - a.0) * t, y)
}

/// Split a polyline into the pieces that fall inside `r` (segments are kept whole if they meet it).
pub fn clip_line(line: &[(f32, f32)], r: &Rect) -> Vec<Vec<(f32, f32)>> {
    let mut out = Vec::new();
    let mut cur: Vec<(f32, f32)> = Vec::new();
    for w in line.windows(2) {
        if r.meets_segment(w[0], w[1]) {
            if cur.is_empty() {
                cur.push(w[0]);
            }
            cur.push(w[1]);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if cur.len() >= 2 {
        out.push(cur);
    }
    out
}

/// Extent W,S,E,N around some points, padded, with a minimum size; handles the antimeridian by
/// choosing the shortest longitude arc that holds every point.
pub fn auto_extent(coords: &[Coord]) -> [f64; 4] {
    if coords.is_empty() {
        return [-180.0, -58.0, 180.0, 84.0];
    }
    let mut lons: Vec<f64> = coords.iter().map(|c| wrap_lon(c.x)).collect();
    lons.sort_by(f64::total_cmp);
    // largest gap between neighbours (including the wrap-around) is what the extent leaves out
    let mut best = (lons[0] + 360.0 - lons[lons.len() - 1], lons[0], lons[lons.len() - 1]);
    for w in lons.windows(2) {
        let gap = w[1] - w[0];
        if gap > best.0 {
            best = (gap, w[1], w[0]);
        }
    }
    let (w, e) = (best.1, best.2);
    let span = lon_span(w, e);
    let s = coords.iter().map(|c| c.y).fold(f64::MAX, f64::min);
    let n = coords.iter().map(|c| c.y).fold(f64::MIN, f64::max);
    let mid = (s + n) / 2.0;
    let coslat = mid.to_radians().cos().max(0.2);
    // at least ~450 km across, so a single place gets its surroundings
    let min_lat_span = 4.0;
    let lat_span = (n - s).max(min_lat_span);
    let lon_span_min = min_lat_span / coslat;
    let pad_lat = lat_span * 0.16 + ((lat_span - (n - s)) / 2.0);
    let span_eff = span.max(lon_span_min);
    let pad_lon = span_eff * 0.14 + (span_eff - span) / 2.0;
    let s2 = (s - pad_lat).max(-85.0);
    let n2 = (n + pad_lat).min(86.0);
    if span + 2.0 * pad_lon >= 359.0 {
        return [-180.0, s2, 180.0, n2];
    }
    [wrap_lon(w - pad_lon), s2, wrap_lon(e + pad_lon), n2]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extent_rows() {
        let rows: [(&[(f64, f64)], &str); 3] = [
            (&[(125.75, 39.03), (128.33, 51.88)], "east asia"),
            (&[(179.0, 60.0), (-178.0, 62.0)], "across 180"),
            (&[(2.35, 48.86)], "single place"),
        ];
        for (coords, name) in rows {
            let coords: Vec<Coord> = coords.iter().map(|&(x, y)| Coord { x, y }).collect();
            let [w, s, e, n] = auto_extent(&coords);
            for &Coord { x: lon, y: lat } in &coords {
                let inside_lon = lon_span(w, lon) <= lon_span(w, e);
                assert!(inside_lon && lat > s && lat < n, "{name}: ({lon},{lat}) outside {w},{s},{e},{n}");
            }
            assert!(lon_span(w, e) < 60.0, "{name}: span {}", lon_span(w, e));
            assert!(n - s >= 4.0, "{name}: minimum size");
        }
    }

    #[test]
    fn view_keeps_extent_inside_frame() {
        let rect = Rect::new(0.0, 100.0, 1600.0, 1100.0);
        let v = View::new([116.0, 35.0, 154.0, 53.0], None, rect, 1.0);
        for (lon, lat) in [(116.0, 35.0), (154.0, 53.0), (135.0, 44.0), (116.0, 53.0)] {
            let (x, y) = v.to_px(lon, lat);
            assert!((-0.01..=1600.01).contains(&x) && (99.99..=1200.01).contains(&y), "({lon},{lat}) -> ({x},{y})");
            let Coord { x: lo, y: la } = v.px_to_geo(x, y).unwrap_or_default();
            assert!((lo - lon).abs() < 1e-4 && (la - lat).abs() < 1e-4, "f32 px round trip");
        }
        let w = v.window;
        assert!(w.w < 116.0 && w.e > 154.0 && w.s < 35.0 && w.n > 53.0, "{w:?}");
    }

    #[test]
    fn clip_ring_square() {
        let r = Rect::new(0.0, 0.0, 10.0, 10.0);
        let ring = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)];
        let c = clip_ring(&ring, &r);
        assert!(c.iter().all(|p| p.0 >= 0.0 && p.0 <= 5.0 && p.1 >= 0.0 && p.1 <= 5.0), "{c:?}");
        assert!(c.len() >= 4);
    }
}
