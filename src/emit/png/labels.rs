//! Label placement: greedy, in priority order, over a few candidate positions per label.
//!
//! Invariants:
//! - A kept label box lies wholly inside `bounds` (so the frame never clips it), does not meet
//!   any other kept box, any obstacle box (symbols, legend, inset, scale bar) or any obstacle
//!   segment widened by its half width (the route, launch tracks).
//! - A label that has no free candidate is dropped, never squeezed in: callers place the most
//!   important labels first.
//! - Placement is deterministic: candidates are tried in a fixed order, first fit wins.
//! - Everything placed or blocked is filed in a uniform grid, so a test looks only at the
//!   cells a box covers: placing n labels costs about n times the local density, not n².

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

/// A uniform grid over the map: each cell lists the ids of the boxes that meet it, so a query
/// looks only at what lies near it. Boxes outside the grid are filed in its edge cells, so
/// nothing is ever missed, only looked at more often.
#[derive(Clone, Debug)]
struct Grid {
    x0: f32,
    y0: f32,
    cell: f32,
    cols: usize,
    rows: usize,
    cells: Vec<Vec<u32>>,
}

impl Grid {
    fn new(bounds: Rect, cell: f32) -> Grid {
        let cols = ((bounds.width() / cell).ceil().max(1.0) as usize).min(4096);
        let rows = ((bounds.height() / cell).ceil().max(1.0) as usize).min(4096);
        Grid { x0: bounds.x0, y0: bounds.y0, cell, cols, rows, cells: vec![Vec::new(); cols * rows] }
    }

    /// The inclusive cell range a box covers, clamped to the grid.
    fn range(&self, r: &Rect) -> (usize, usize, usize, usize) {
        let clamp = |v: f32, n: usize| if v.is_nan() { 0 } else { (v.max(0.0) as usize).min(n - 1) };
        (
            clamp(((r.x0 - self.x0) / self.cell).floor(), self.cols),
            clamp(((r.y0 - self.y0) / self.cell).floor(), self.rows),
            clamp(((r.x1 - self.x0) / self.cell).floor(), self.cols),
            clamp(((r.y1 - self.y0) / self.cell).floor(), self.rows),
        )
    }

    /// File `id` in every cell `r` covers; returns the first (top-left) of them, which `any`
    /// needs back.
    fn insert(&mut self, r: &Rect, id: u32) -> (u16, u16) {
        let (c0, r0, c1, r1) = self.range(r);
        for row in r0..=r1 {
            for col in c0..=c1 {
                self.cells[row * self.cols + col].push(id);
            }
        }
        (c0 as u16, r0 as u16)
    }

    /// Call `f` with the id of every box filed in a cell `r` covers, until `f` returns true
    /// (then returns true). An id filed in several of those cells is seen once: only in the
    /// first cell of the overlap of its own range and the query's, so `first` must give each
    /// id's first cell (as `insert` returned it).
    fn any(&self, r: &Rect, first: &dyn Fn(u32) -> (u16, u16), mut f: impl FnMut(u32) -> bool) -> bool {
        let (c0, r0, c1, r1) = self.range(r);
        let single = (c0, r0) == (c1, r1);
        for row in r0..=r1 {
            for col in c0..=c1 {
                for &id in &self.cells[row * self.cols + col] {
                    if !single {
                        let (first_col, first_row) = first(id);
                        if ((first_col as usize).max(c0), (first_row as usize).max(r0)) != (col, row) {
                            continue;
                        }
                    }
                    if f(id) {
                        return true;
                    }
                }
            }
        }
        false
    }
}

/// Grid cell size, px: about a short label's height and a half.
const CELL: f32 = 32.0;

/// The placement state: what is already taken, in a grid so that a query costs what lies near
/// it, not what the whole map holds (tens of thousands of points place in about a second).
#[derive(Clone, Debug)]
pub struct Placer {
    pub bounds: Rect,
    /// Kept labels and blocked boxes (symbols, the legend...).
    boxes: Vec<Rect>,
    /// Which of `boxes` are labels.
    kept: Vec<usize>,
    /// Lines no label may meet: (from, to, half width).
    segments: Vec<Segment>,
    /// `boxes` and segments (as `u32::MAX - i`) by cell; segments are filed by their widened
    /// bounding box.
    grid: Grid,
    /// First grid cell of each box and of each segment.
    box_cell: Vec<(u16, u16)>,
    segment_cell: Vec<(u16, u16)>,
    /// Candidate boxes of labels still to come, with their label and first cell, for crowding
    /// scores.
    pending: Vec<(Rect, u32, (u16, u16))>,
    pending_grid: Grid,
    /// Labels whose pending candidates no longer count (placed or given up).
    settled: Vec<bool>,
}

impl Placer {
    pub fn new(bounds: Rect) -> Placer {
        Placer {
            bounds,
            boxes: Vec::new(),
            kept: Vec::new(),
            segments: Vec::new(),
            grid: Grid::new(bounds, CELL),
            box_cell: Vec::new(),
            segment_cell: Vec::new(),
            pending: Vec::new(),
            pending_grid: Grid::new(bounds, CELL),
            settled: Vec::new(),
        }
    }

    fn segment_box(&(a, b, hw): &Segment) -> Rect {
        Rect { x0: a.0.min(b.0), y0: a.1.min(b.1), x1: a.0.max(b.0), y1: a.1.max(b.1) }.inflate(hw)
    }

    fn first_cell(&self, id: u32) -> (u16, u16) {
        if id as usize >= self.boxes.len() {
            self.segment_cell[(u32::MAX - id) as usize]
        } else {
            self.box_cell[id as usize]
        }
    }

    fn push_box(&mut self, r: Rect) -> usize {
        let id = self.boxes.len();
        assert!(id < (u32::MAX / 2) as usize, "fewer boxes than ids");
        self.boxes.push(r);
        let first = self.grid.insert(&r, id as u32);
        self.box_cell.push(first);
        id
    }

    /// A box no label may meet (a symbol, the legend...).
    pub fn block(&mut self, r: Rect) {
        self.push_box(r);
    }

    /// A line no label may meet, widened by `half_width` on each side.
    pub fn block_segment(&mut self, a: (f32, f32), b: (f32, f32), half_width: f32) {
        let s = (a, b, half_width);
        let id = u32::MAX - self.segments.len() as u32;
        self.segments.push(s);
        let first = self.grid.insert(&Self::segment_box(&s), id);
        self.segment_cell.push(first);
    }

    /// Does `r` meet a kept label, a blocked box or a blocked line?
    fn taken(&self, r: &Rect) -> bool {
        let ranges = |id: u32| self.first_cell(id);
        // segments are filed by their widened box, so a query by `r` finds every one that can
        // meet it
        self.grid.any(r, &ranges, |id| {
            if (id as usize) < self.boxes.len() {
                self.boxes[id as usize].intersects(r)
            } else {
                let (a, b, hw) = self.segments[(u32::MAX - id) as usize];
                r.inflate(hw).meets_segment(a, b)
            }
        })
    }

    /// Is `r` free (inside the bounds, off every kept label and obstacle)?
    pub fn is_free(&self, r: &Rect) -> bool {
        self.bounds.contains(r) && !self.taken(r)
    }

    /// Does the segment a-b stay off every kept label and blocked box (not lines)? For leader
    /// lines.
    pub fn segment_is_free(&self, a: (f32, f32), b: (f32, f32)) -> bool {
        let r = Rect { x0: a.0.min(b.0), y0: a.1.min(b.1), x1: a.0.max(b.0), y1: a.1.max(b.1) };
        let ranges = |id: u32| self.first_cell(id);
        !self
            .grid
            .any(&r, &ranges, |id| (id as usize) < self.boxes.len() && self.boxes[id as usize].meets_segment(a, b))
    }

    /// Keep the first free candidate; returns its index, or `None` (the label is dropped).
    pub fn place_first(&mut self, candidates: &[Rect]) -> Option<usize> {
        let i = candidates.iter().position(|c| self.is_free(c))?;
        self.keep(candidates[i]);
        Some(i)
    }

    /// Keep `r` as a label (the caller has checked it is free).
    pub fn keep(&mut self, r: Rect) {
        let id = self.push_box(r);
        self.kept.push(id);
    }

    /// Announce the candidate boxes of a label still to come (`label` counts from 0 in the
    /// order labels are announced), so earlier labels leave room for it.
    pub fn expect(&mut self, label: u32, candidates: &[Rect]) {
        if self.settled.len() <= label as usize {
            self.settled.resize(label as usize + 1, false);
        }
        for c in candidates {
            let id = self.pending.len() as u32;
            let first = self.pending_grid.insert(c, id);
            self.pending.push((*c, label, first));
        }
    }

    /// Stop counting a label's announced candidates (it was placed or given up).
    pub fn settle(&mut self, label: u32) {
        if let Some(s) = self.settled.get_mut(label as usize) {
            *s = true;
        }
    }

    /// How many candidates of labels still to come `c` covers, counted up to `cap`.
    fn crowding(&self, c: &Rect, cap: usize) -> usize {
        let mut n = 0;
        let ranges = |id: u32| self.pending[id as usize].2;
        self.pending_grid.any(c, &ranges, |id| {
            let (r, label, _) = &self.pending[id as usize];
            if !self.settled[*label as usize] && r.intersects(c) {
                n += 1;
            }
            n >= cap
        });
        n
    }

    /// Settle `label` and keep the free candidate that covers the fewest candidates of labels
    /// still to come (see [`Placer::expect`]) and, given the label's `anchor`, sits on the side
    /// away from the nearest blocked line (the route); earlier candidates win ties. `None` if
    /// no candidate is free.
    pub fn place_best(&mut self, label: u32, candidates: &[Rect], anchor: Option<(f32, f32)>) -> Option<usize> {
        self.settle(label);
        let toward_line = anchor.and_then(|a| self.nearest_line_direction(a));
        let (i, _) = candidates
            .iter()
            .enumerate()
            .filter(|(_, c)| self.is_free(c))
            .map(|(i, c)| {
                // three covered candidates already outweigh every other term
                let crowding = self.crowding(c, 3) * 8;
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
        self.keep(candidates[i]);
        Some(i)
    }

    /// Unit-free direction from `a` to the closest point of any blocked line within 80 px.
    fn nearest_line_direction(&self, a: (f32, f32)) -> Option<(f32, f32)> {
        let mut best: Option<(f32, (f32, f32))> = None;
        let near = Rect::around(a.0, a.1, 80.0);
        let ranges = |id: u32| self.first_cell(id);
        // the grid yields segments in cell order; ties on distance go to the earlier segment
        let mut found: Vec<usize> = Vec::new();
        self.grid.any(&near, &ranges, |id| {
            if id as usize >= self.boxes.len() {
                found.push((u32::MAX - id) as usize);
            }
            false
        });
        found.sort_unstable();
        for (p, q, _) in found.into_iter().map(|i| self.segments[i]) {
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
    pub fn kept(&self) -> Vec<Rect> {
        self.kept.iter().map(|&i| self.boxes[i]).collect()
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
        let mut tried = 0u32;
        for _ in 0..400 {
            let (ax, ay) = (next() * 800.0, next() * 600.0);
            let (w, h) = (30.0 + next() * 90.0, 12.0 + next() * 10.0);
            let cands: Vec<Rect> = Side::POINT_ORDER.iter().map(|s| s.place(ax, ay, 4.0, w, h)).collect();
            if tried.is_multiple_of(2) {
                placer.place_first(&cands);
            } else {
                placer.place_best(tried, &cands, Some((ax, ay)));
            }
            tried += 1;
        }
        let kept = placer.kept();
        assert!(kept.len() > 40 && kept.len() < tried as usize, "kept {} of {tried}", kept.len());
        for (i, a) in kept.iter().enumerate() {
            assert!(bounds.contains(a), "label {i} is clipped: {a:?}");
            assert!(!a.inflate(6.0).meets_segment((0.0, 300.0), (800.0, 320.0)), "label {i} covers the route");
            for (j, b) in kept.iter().enumerate().skip(i + 1) {
                assert!(!a.intersects(b), "labels {i} and {j} overlap: {a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_label_leaves_room_for_the_candidates_of_labels_to_come() {
        let mut p = Placer::new(Rect::new(0.0, 0.0, 400.0, 400.0));
        let first = [Rect::new(100.0, 100.0, 50.0, 10.0), Rect::new(100.0, 200.0, 50.0, 10.0)];
        let later = [Rect::new(120.0, 95.0, 50.0, 10.0)];
        p.expect(0, &first);
        p.expect(1, &later);
        assert_eq!(p.place_best(0, &first, None), Some(1), "the first candidate covers label 1's only place");
        assert_eq!(p.place_best(1, &later, None), Some(0));
        // boxes far outside the grid are still found
        p.block(Rect::new(-500.0, -500.0, 10.0, 10.0));
        assert!(p.taken(&Rect::new(-495.0, -495.0, 1.0, 1.0)));
        assert!(!p.segment_is_free((-600.0, -495.0), (-400.0, -495.0)));
        assert!(p.segment_is_free((0.0, 0.0), (50.0, 50.0)));
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
