//! Label placement: greedy, in priority order, over a few candidate positions per label.
//!
//! Invariants:
//! - A kept label box lies wholly inside `bounds` (so the frame never clips it), does not meet
//!   any other kept box, any obstacle box (symbols, legend, inset, scale bar) or any obstacle
//!   segment widened by its half width (the route, launch tracks).
//! - A label that has no free candidate is dropped, never squeezed in: callers place the most
//!   important labels first.
//! - Placement is deterministic: candidates are tried in a fixed order, first fit wins.

/// An axis-aligned box in output px, y down.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

impl Rect {
    pub fn new(x: f32, y: f32, w: f32, h: f32) -> Rect {
        Rect { x0: x, y0: y, x1: x + w, y1: y + h }
    }
    pub fn around(cx: f32, cy: f32, r: f32) -> Rect {
        Rect { x0: cx - r, y0: cy - r, x1: cx + r, y1: cy + r }
    }
    pub fn width(&self) -> f32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> f32 {
        self.y1 - self.y0
    }
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
    pub fn inflate(&self, d: f32) -> Rect {
        Rect { x0: self.x0 - d, y0: self.y0 - d, x1: self.x1 + d, y1: self.y1 + d }
    }
    pub fn contains(&self, o: &Rect) -> bool {
        o.x0 >= self.x0 && o.x1 <= self.x1 && o.y0 >= self.y0 && o.y1 <= self.y1
    }

    /// Does the segment a-b pass through this box? (Liang–Barsky clipping.)
    pub fn meets_segment(&self, a: (f32, f32), b: (f32, f32)) -> bool {
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let mut t0 = 0.0f32;
        let mut t1 = 1.0f32;
        for (p, q) in [(-dx, a.0 - self.x0), (dx, self.x1 - a.0), (-dy, a.1 - self.y0), (dy, self.y1 - a.1)] {
            if p == 0.0 {
                if q < 0.0 {
                    return false;
                }
            } else {
                let r = q / p;
                if p < 0.0 {
                    t0 = t0.max(r);
                } else {
                    t1 = t1.min(r);
                }
                if t0 > t1 {
                    return false;
                }
            }
        }
        true
    }
}

/// Where a label sits relative to its anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    E,
    W,
    NE,
    SE,
    NW,
    SW,
    N,
    S,
    Centre,
}

impl Side {
    /// The fixed order in which point-label candidates are tried.
    pub const POINT_ORDER: [Side; 8] = [Side::E, Side::W, Side::NE, Side::SE, Side::NW, Side::SW, Side::N, Side::S];

    /// The box of a `w` × `h` label on this side of an anchor with a symbol of radius `r`.
    pub fn place(self, ax: f32, ay: f32, r: f32, w: f32, h: f32) -> Rect {
        let gap = r + 3.0;
        let diag = r * 0.7 + 2.0;
        match self {
            Side::E => Rect::new(ax + gap, ay - h / 2.0, w, h),
            Side::W => Rect::new(ax - gap - w, ay - h / 2.0, w, h),
            Side::NE => Rect::new(ax + diag, ay - diag - h, w, h),
            Side::SE => Rect::new(ax + diag, ay + diag, w, h),
            Side::NW => Rect::new(ax - diag - w, ay - diag - h, w, h),
            Side::SW => Rect::new(ax - diag - w, ay + diag, w, h),
            Side::N => Rect::new(ax - w / 2.0, ay - gap - h, w, h),
            Side::S => Rect::new(ax - w / 2.0, ay + gap, w, h),
            Side::Centre => Rect::new(ax - w / 2.0, ay - h / 2.0, w, h),
        }
    }

    /// Text alignment that reads naturally on this side: 0 = left, 0.5 = centre, 1 = right.
    pub fn align(self) -> f32 {
        match self {
            Side::E | Side::NE | Side::SE => 0.0,
            Side::W | Side::NW | Side::SW => 1.0,
            Side::N | Side::S | Side::Centre => 0.5,
        }
    }
}

type Segment = ((f32, f32), (f32, f32), f32);

/// The placement state: what is already taken.
#[derive(Clone, Debug)]
pub struct Placer {
    pub bounds: Rect,
    kept: Vec<Rect>,
    blocked: Vec<Rect>,
    /// Lines no label may meet: (from, to, half width).
    segments: Vec<Segment>,
}

impl Placer {
    pub fn new(bounds: Rect) -> Placer {
        Placer { bounds, kept: Vec::new(), blocked: Vec::new(), segments: Vec::new() }
    }

    /// A box no label may meet (a symbol, the legend...).
    pub fn block(&mut self, r: Rect) {
        self.blocked.push(r);
    }

    /// A line no label may meet, widened by `half_width` on each side.
    pub fn block_segment(&mut self, a: (f32, f32), b: (f32, f32), half_width: f32) {
        self.segments.push((a, b, half_width));
    }

    /// Is `r` free (inside the bounds, off every kept label and obstacle)?
    pub fn is_free(&self, r: &Rect) -> bool {
        self.bounds.contains(r)
            && !self.kept.iter().any(|k| k.intersects(r))
            && !self.blocked.iter().any(|k| k.intersects(r))
            && !self.segments.iter().any(|(a, b, hw)| r.inflate(*hw).meets_segment(*a, *b))
    }

    /// Keep the first free candidate; returns its index, or `None` (the label is dropped).
    pub fn place_first(&mut self, candidates: &[Rect]) -> Option<usize> {
        let i = candidates.iter().position(|c| self.is_free(c))?;
        self.kept.push(candidates[i]);
        Some(i)
    }

    /// Keep the free candidate that covers the fewest of `avoid` (the candidate boxes of labels
    /// still to come) and, given the label's `anchor`, sits on the side away from the nearest
    /// blocked line (the route); earlier candidates win ties. `None` if no candidate is free.
    pub fn place_best(&mut self, candidates: &[Rect], avoid: &[Rect], anchor: Option<(f32, f32)>) -> Option<usize> {
        let toward_line = anchor.and_then(|a| self.nearest_line_direction(a));
        let (i, _) = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| self.is_free(c))
            .map(|(i, c)| {
                let crowding = avoid.iter().filter(|a| a.intersects(c)).count() * 8;
                let facing_line = match (anchor, toward_line) {
                    (Some(a), Some(d)) => {
                        let (cx, cy) = ((c.x0 + c.x1) / 2.0 - a.0, (c.y0 + c.y1) / 2.0 - a.1);
                        if cx * d.0 + cy * d.1 > 0.0 {
                            6
                        } else {
                            0
                        }
                    }
                    _ => 0,
                };
                (i, crowding + facing_line + i)
            })
            .min_by_key(|&(i, score)| (score, i))?;
        self.kept.push(candidates[i]);
        Some(i)
    }

    /// Unit-free direction from `a` to the closest point of any blocked line within 80 px.
    fn nearest_line_direction(&self, a: (f32, f32)) -> Option<(f32, f32)> {
        let mut best: Option<(f32, (f32, f32))> = None;
        for &(p, q, _) in &self.segments {
            let (dx, dy) = (q.0 - p.0, q.1 - p.1);
            let len2 = dx * dx + dy * dy;
            let t = if len2 > 0.0 { (((a.0 - p.0) * dx + (a.1 - p.1) * dy) / len2).clamp(0.0, 1.0) } else { 0.0 };
            let n = (p.0 + dx * t, p.1 + dy * t);
            let d = (n.0 - a.0).hypot(n.1 - a.1);
            // a line through the anchor itself (a stop on the route) says nothing about sides
            if d > 1.0 && d < 80.0 && best.is_none_or(|b| d < b.0) {
                best = Some((d, (n.0 - a.0, n.1 - a.1)));
            }
        }
        best.map(|b| b.1)
    }

    #[cfg(test)]
    pub fn kept(&self) -> &[Rect] {
        &self.kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_labels_never_overlap() {
        let bounds = Rect::new(0.0, 0.0, 800.0, 600.0);
        let mut placer = Placer::new(bounds);
        placer.block_segment((0.0, 300.0), (800.0, 320.0), 6.0);
        // A dense, deterministic cloud of anchors (LCG), some right at the frame edge.
        let mut seed = 12345u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 8) as f32 / (1u32 << 24) as f32
        };
        let mut tried = 0;
        for _ in 0..400 {
            let (ax, ay) = (next() * 800.0, next() * 600.0);
            let (w, h) = (30.0 + next() * 90.0, 12.0 + next() * 10.0);
            let cands: Vec<Rect> = Side::POINT_ORDER.iter().map(|s| s.place(ax, ay, 4.0, w, h)).collect();
            if tried % 2 == 0 {
                placer.place_first(&cands);
            } else {
                placer.place_best(&cands, &cands[..2], Some((ax, ay)));
            }
            tried += 1;
        }
        let kept = placer.kept();
        assert!(kept.len() > 40 && kept.len() < tried, "kept {} of {tried}", kept.len());
        for (i, a) in kept.iter().enumerate() {
            assert!(bounds.contains(a), "label {i} is clipped: {a:?}");
            assert!(!a.inflate(6.0).meets_segment((0.0, 300.0), (800.0, 320.0)), "label {i} covers the route");
            for (j, b) in kept.iter().enumerate().skip(i + 1) {
                assert!(!a.intersects(b), "labels {i} and {j} overlap: {a:?} {b:?}");
            }
        }
    }

    #[test]
    fn segment_rows() {
        let r = Rect::new(10.0, 10.0, 10.0, 10.0);
        let rows = [
            ((0.0, 0.0), (30.0, 30.0), true),
            ((0.0, 0.0), (30.0, 0.0), false),
            ((15.0, 15.0), (16.0, 16.0), true),
            ((0.0, 25.0), (25.0, 0.0), true),
            ((0.0, 5.0), (5.0, 0.0), false),
            ((15.0, 0.0), (15.0, 9.9), false),
        ];
        for (a, b, want) in rows {
            assert_eq!(r.meets_segment(a, b), want, "{a:?}-{b:?}");
        }
    }

    #[test]
    fn blocked_and_bounds() {
        let mut p = Placer::new(Rect::new(0.0, 0.0, 100.0, 100.0));
        p.block(Rect::new(40.0, 40.0, 20.0, 20.0));
        assert_eq!(p.place_first(&[Rect::new(50.0, 50.0, 5.0, 5.0), Rect::new(95.0, 0.0, 10.0, 5.0)]), None);
        assert_eq!(p.place_first(&[Rect::new(0.0, 0.0, 10.0, 5.0)]), Some(0));
    }
}
