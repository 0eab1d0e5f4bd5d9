//! Routing networks: world railways, sea lanes and roads as compact graphs, with shortest paths
//! and snapping of stops to the network.
//!
//! The data (`network/*.net.zst`, recipe in `network/`) is embedded compressed and decoded the
//! first time a network is used, so commands that never route pay nothing at start-up.
//!
//! Invariants: nodes are WGS84 points in 1e-5 degree units; edges are undirected and stored
//! both ways in a CSR (`offsets`, then `targets`/`metres`/`passage` per half-edge); an edge's length is at least the great-circle distance between its ends (the
//! builder sums the source track it replaces), which keeps the A* heuristic admissible.
//!
//! Budgets: one leg's search settles at most [`LEG_NODE_BUDGET`] nodes and then gives up
//! ([`LegError::Budget`]); callers draw such a leg as a geodesic. A passage is closed both by
//! its tagged edges and, for the open-ocean ones (the Cape of Good Hope, Cape Horn), by a gate
//! from the cape to the pole that no edge of the path may cross ([`Passage::gate`]).
//!
//! Why our own A* over a CSR rather than `petgraph`: the file already is the CSR, so loading
//! is one pass of varint decoding with no second graph structure; distances live in flat
//! `Vec<u32>`s indexed by node (petgraph's `astar` keeps scores in a `HashMap`); avoided
//! passages are one bit test per edge; and no dependency is added for ~40 lines.

mod format;
pub mod passage;

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::OnceLock;

pub use passage::{Avoid, Passage};

use geo::{Coord, LineString, Point};

use crate::coord::distance_km;

/// Most nodes one leg's search settles before it gives up (the road network has about 480k
/// nodes; the longest legs the tests route settle a fraction of that).
pub const LEG_NODE_BUDGET: usize = 200_000;

static RAIL: &[u8] = include_bytes!("../../network/rail.net.zst");
static SEA: &[u8] = include_bytes!("../../network/sea.net.zst");
static ROAD: &[u8] = include_bytes!("../../network/road.net.zst");

/// A stored coordinate in degrees (divided, so ±180 comes out exact).
fn deg(units: i32) -> f64 {
    f64::from(units) / 100_000.0
}

/// Which network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// World railways.
    Rail,
    /// Sea lanes between ports.
    Sea,
    /// Major roads.
    Road,
}

impl Kind {
    /// Every network.
    pub const ALL: [Kind; 3] = [Kind::Rail, Kind::Sea, Kind::Road];

    /// The name `--mode` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Rail => "rail",
            Kind::Sea => "sea",
            Kind::Road => "road",
        }
    }

    /// How far a stop may lie from the network and still be joined to it, in km. For the sea
    /// this is the distance to a port (or, for a point at sea, to a sea lane).
    pub fn snap_km(self) -> f64 {
        match self {
            Kind::Rail => 30.0,
            Kind::Sea => 60.0,
            Kind::Road => 30.0,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Errors decoding a network file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NetworkError {
    /// The file is not a valid network: what is wrong with it.
    #[error("network data: {0}")]
    Corrupt(String),
}

/// A port of the sea network: where ships leave the lanes.
#[derive(Debug, Clone, PartialEq)]
pub struct Port {
    /// The port's name in the source data.
    pub name: String,
    /// Where the port is (x = longitude, y = latitude).
    pub point: Point,
    /// The sea-lane node the port joins.
    pub node: u32,
}

/// A network as a CSR graph with a grid index over its nodes.
#[derive(Debug, Clone)]
pub struct Network {
    kind: Kind,
    lat: Vec<i32>,
    lon: Vec<i32>,
    offsets: Vec<u32>,
    targets: Vec<u32>,
    metres: Vec<u32>,
    /// Passage id per half-edge (empty when the network has none).
    passage: Vec<u8>,
    ports: Vec<Port>,
    grid: Grid,
    /// Connected component per node (set after decoding): stops in different components
    /// have no path, and the search knows it without exploring one of them whole.
    component: Vec<u32>,
}

/// A path over the network.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The nodes from start to end, both included.
    pub nodes: Vec<u32>,
    /// Length along the network.
    pub metres: u64,
}

/// Why a leg could not be routed on the network.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LegError {
    /// No node (for the sea: no port, no lane) within the snapping distance of a stop.
    #[error("{} is {} from the {kind} network (more than {} km)", end.as_str(), far_text(*nearest_km), kind.snap_km())]
    OffNetwork {
        /// The network.
        kind: Kind,
        /// The stop that is too far.
        end: End,
        /// How far its nearest node (or port) is, when one is within reach of the search.
        nearest_km: Option<f64>,
    },
    /// Both stops join the network, but no path connects them (keeping out of `avoid`).
    #[error("no {kind} connection between the two stops{}{}", avoid_text(*avoid), opened_text(opened_by))]
    NoPath {
        /// The network.
        kind: Kind,
        /// The passages the path had to keep out of.
        avoid: Avoid,
        /// The avoided passages any one of which, allowed again, would open a path (empty when
        /// none would, or nothing was avoided).
        opened_by: Vec<Passage>,
    },
    /// The search settled [`LEG_NODE_BUDGET`] nodes without reaching the end stop.
    #[error("the {kind} network search gave up after {settled} nodes (the per-leg budget)")]
    Budget {
        /// The network.
        kind: Kind,
        /// How many nodes it settled.
        settled: usize,
    },
}

fn opened_text(opened_by: &[Passage]) -> String {
    let names: Vec<&str> = opened_by.iter().map(|p| p.as_str()).collect();
    match names.len() {
        0 => String::new(),
        1 => format!("; only {} would open one", names[0]),
        _ => format!("; allowing any one of {} would open one", names.join(", ")),
    }
}

fn far_text(km: Option<f64>) -> String {
    km.map_or_else(|| "far".to_string(), |k| format!("{k:.0} km"))
}

fn avoid_text(avoid: Avoid) -> String {
    let names: Vec<&str> = avoid.passages().filter(|p| *p != Passage::Northwest).map(|p| p.as_str()).collect();
    if names.is_empty() {
        String::new()
    } else {
        format!(" avoiding {}", names.join(", "))
    }
}

/// Which stop of a leg.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// The leg's first stop.
    From,
    /// The leg's last stop.
    To,
}

impl End {
    fn as_str(self) -> &'static str {
        match self {
            End::From => "the start",
            End::To => "the end",
        }
    }
}

/// A leg routed over a network: `line` runs from the start stop to the end stop.
#[derive(Debug, Clone, PartialEq)]
pub struct Leg {
    /// The stops, the ports the sea joins through, and the network nodes in between.
    pub line: LineString,
    /// Along the network, plus the straight connectors from the stops to it.
    pub km: f64,
    /// The named passages it goes through, in order.
    pub passages: Vec<Passage>,
}

/// How a bounded search ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Search {
    /// The shortest path.
    Found(Path),
    /// The end cannot be reached (keeping out of the avoided passages).
    Unreachable,
    /// The budget was spent first, after settling this many nodes.
    OverBudget(usize),
}

impl Network {
    /// The embedded network of `kind`, decoded on first use.
    pub fn embedded(kind: Kind) -> Result<&'static Network, &'static NetworkError> {
        static CELLS: [OnceLock<Result<Network, NetworkError>>; 3] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let (i, bytes) = match kind {
            Kind::Rail => (0, RAIL),
            Kind::Sea => (1, SEA),
            Kind::Road => (2, ROAD),
        };
        CELLS[i].get_or_init(|| Network::from_compressed(kind, bytes)).as_ref()
    }

    /// Decode a zstd-compressed network file (see `network/build.py` for the format).
    pub fn from_compressed(kind: Kind, bytes: &[u8]) -> Result<Network, NetworkError> {
        let raw = zstd::stream::decode_all(bytes).map_err(|e| NetworkError::Corrupt(format!("zstd: {e}")))?;
        let mut net = format::decode(kind, &raw)?;
        net.close_gates();
        net.component = net.components();
        Ok(net)
    }

    /// Label every node with its connected component (edges of every passage open).
    fn components(&self) -> Vec<u32> {
        let mut label = vec![u32::MAX; self.node_count()];
        let mut stack = Vec::new();
        for start in 0..self.node_count() as u32 {
            if label[start as usize] != u32::MAX {
                continue;
            }
            label[start as usize] = start;
            stack.push(start);
            while let Some(u) = stack.pop() {
                for (v, ..) in self.neighbours(u) {
                    if label[v as usize] == u32::MAX {
                        label[v as usize] = start;
                        stack.push(v);
                    }
                }
            }
        }
        label
    }

    /// Tag every untagged edge that crosses a passage's gate with that passage, so avoiding it
    /// closes the whole way round the cape, not only the lanes the source data tagged.
    fn close_gates(&mut self) {
        let gates: Vec<(Passage, f64, f64)> =
            Passage::ALL.into_iter().filter_map(|p| p.gate().map(|(lon, lat)| (p, lon, lat))).collect();
        if gates.is_empty() || self.kind != Kind::Sea {
            return;
        }
        if self.passage.is_empty() {
            self.passage = vec![0; self.targets.len()];
        }
        for u in 0..self.node_count() {
            for e in self.offsets[u] as usize..self.offsets[u + 1] as usize {
                if self.passage[e] != 0 {
                    continue;
                }
                let (a, b) = (self.point(u as u32), self.point(self.targets[e]));
                if let Some(&(p, ..)) = gates.iter().find(|(_, lon, lat)| crosses_meridian(a, b, *lon, *lat)) {
                    self.passage[e] = p.id();
                }
            }
        }
    }

    /// Which network this is.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// How many nodes the graph has.
    pub fn node_count(&self) -> usize {
        self.lat.len()
    }

    /// How many (undirected) edges the graph has.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// The ports where stops join the lanes (only the sea network has any).
    pub fn ports(&self) -> &[Port] {
        &self.ports
    }

    /// Where node `i` is.
    pub fn point(&self, i: u32) -> Point {
        Point::new(deg(self.lon[i as usize]), deg(self.lat[i as usize]))
    }

    /// Neighbours of `u` as (node, metres, passage id).
    pub fn neighbours(&self, u: u32) -> impl Iterator<Item = (u32, u32, u8)> + '_ {
        let (a, b) = (self.offsets[u as usize] as usize, self.offsets[u as usize + 1] as usize);
        (a..b).map(move |e| (self.targets[e], self.metres[e], self.passage.get(e).copied().unwrap_or(0)))
    }

    /// The node nearest to `at` within `max_km`, with its distance; ties break on id.
    pub fn nearest_node(&self, at: Point, max_km: f64) -> Option<(u32, f64)> {
        let mut best: Option<(f64, u32)> = None;
        self.grid.visit(at, max_km, |i| {
            let d = distance_km(at, self.point(i));
            if d <= max_km && best.is_none_or(|(bd, bi)| d < bd || (d == bd && i < bi)) {
                best = Some((d, i));
            }
        });
        best.map(|(d, i)| (i, d))
    }

    /// The port nearest to `at` within `max_km`, with its distance.
    pub fn nearest_port(&self, at: Point, max_km: f64) -> Option<(&Port, f64)> {
        self.ports
            .iter()
            .map(|p| (p, distance_km(at, p.point)))
            .filter(|(_, d)| *d <= max_km)
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    /// The shortest path from `from` to `to` keeping out of `avoid` (A*, great-circle heuristic),
    /// however many nodes it takes.
    pub fn shortest_path(&self, from: u32, to: u32, avoid: Avoid) -> Option<Path> {
        match self.search(from, to, avoid, usize::MAX) {
            Search::Found(p) => Some(p),
            _ => None,
        }
    }

    /// The shortest path from `from` to `to` keeping out of `avoid`, settling at most `budget`
    /// nodes.
    pub fn search(&self, from: u32, to: u32, avoid: Avoid, budget: usize) -> Search {
        let n = self.node_count();
        if from as usize >= n
            || to as usize >= n
            || self.component.get(from as usize) != self.component.get(to as usize)
        {
            return Search::Unreachable;
        }
        let mut settled = 0usize;
        let target = self.point(to);
        // Slightly under the great-circle distance: edge lengths are rounded to metres.
        let h = |i: u32| (distance_km(self.point(i), target) * 999.0) as u64;
        let mut dist = vec![u64::MAX; n];
        let mut prev = vec![u32::MAX; n];
        let mut heap = BinaryHeap::new();
        dist[from as usize] = 0;
        heap.push(Reverse((h(from), from)));
        while let Some(Reverse((f, u))) = heap.pop() {
            if u == to {
                break;
            }
            let du = dist[u as usize];
            if f > du.saturating_add(h(u)) {
                continue; // stale entry
            }
            settled += 1;
            if settled > budget {
                return Search::OverBudget(budget);
            }
            for (v, w, p) in self.neighbours(u) {
                if avoid.blocks(p) {
                    continue;
                }
                let nd = du + u64::from(w);
                if nd < dist[v as usize] {
                    dist[v as usize] = nd;
                    prev[v as usize] = u;
                    heap.push(Reverse((nd + h(v), v)));
                }
            }
        }
        if dist[to as usize] == u64::MAX {
            return Search::Unreachable;
        }
        let mut nodes = vec![to];
        while *nodes.last().expect("starts with `to`") != from {
            nodes.push(prev[*nodes.last().expect("non-empty") as usize]);
        }
        nodes.reverse();
        Search::Found(Path { nodes, metres: dist[to as usize] })
    }

    /// Where a stop joins the network.
    fn access(&self, at: Point, end: End) -> Result<Access, LegError> {
        let max = self.kind.snap_km();
        if self.kind == Kind::Sea {
            if let Some((port, d)) = self.nearest_port(at, max) {
                let on = distance_km(port.point, self.point(port.node));
                return Ok(Access { via: Some(port.point), node: port.node, km: d + on });
            }
        }
        match self.nearest_node(at, max) {
            Some((node, km)) => Ok(Access { via: None, node, km }),
            None => {
                let nearest_km = match self.kind {
                    Kind::Sea => self.nearest_port(at, 20_000.0).map(|(_, d)| d),
                    _ => self.nearest_node(at, 500.0).map(|(_, d)| d),
                };
                Err(LegError::OffNetwork { kind: self.kind, end, nearest_km })
            }
        }
    }

    /// Route one leg from `a` to `b`: each stop joins the network (see [`Kind::snap_km`]; the
    /// sea through its nearest port), then the shortest path, within [`LEG_NODE_BUDGET`].
    pub fn route_leg(&self, a: Point, b: Point, avoid: Avoid) -> Result<Leg, LegError> {
        let (from, to) = (self.access(a, End::From)?, self.access(b, End::To)?);
        let path = match self.search(from.node, to.node, avoid, LEG_NODE_BUDGET) {
            Search::Found(p) => p,
            Search::OverBudget(settled) => return Err(LegError::Budget { kind: self.kind, settled }),
            Search::Unreachable => {
                // Which avoided passage blocks it: each one allowed again in turn (the sea
                // network is small; the default-closed Northwest Passage is not suggested).
                let opened_by = avoid
                    .passages()
                    .filter(|p| *p != Passage::Northwest)
                    .filter(|p| {
                        let open = avoid.without(*p);
                        matches!(self.search(from.node, to.node, open, LEG_NODE_BUDGET), Search::Found(_))
                    })
                    .collect();
                return Err(LegError::NoPath { kind: self.kind, avoid, opened_by });
            }
        };
        let mut coords: Vec<Coord> = vec![a.0];
        coords.extend(from.via.map(|p| p.0));
        coords.extend(path.nodes.iter().map(|&i| self.point(i).0));
        coords.extend(to.via.map(|p| p.0));
        coords.push(b.0);
        coords.dedup();
        let passages = self.passages_on(&path.nodes);
        Ok(Leg { line: LineString::new(coords), km: path.metres as f64 / 1000.0 + from.km + to.km, passages })
    }

    /// The passages a path goes through, in order of first use.
    pub fn passages_on(&self, path: &[u32]) -> Vec<Passage> {
        let mut out = Vec::new();
        for w in path.windows(2) {
            if let Some(p) = self.neighbours(w[0]).find(|(v, ..)| *v == w[1]).and_then(|(.., p)| Passage::from_id(p)) {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
        }
        out
    }
}

/// Whether the edge `a`–`b` crosses the meridian `lon` south of `lat` (a gate from a cape to
/// the pole). Edges are short, so a straight line in degrees is close enough; an edge over the
/// antimeridian is taken the short way round.
fn crosses_meridian(a: Point, b: Point, lon: f64, lat: f64) -> bool {
    let (ax, mut bx) = (a.x(), b.x());
    if (bx - ax).abs() > 180.0 {
        bx -= 360.0 * (bx - ax).signum();
    }
    let side = |x: f64| x < lon;
    if side(ax) == side(bx) || ax == bx {
        return false;
    }
    let t = (lon - ax) / (bx - ax);
    a.y() + t * (b.y() - a.y()) < lat
}

/// How a stop joins the network: through a port (sea) to a node, over `km` of connector.
struct Access {
    via: Option<Point>,
    node: u32,
    km: f64,
}

/// Nodes bucketed into 1° cells (row-major from 90° S, 180° W), for nearest-node searches.
#[derive(Debug, Clone, Default)]
struct Grid {
    /// `start[c]..start[c + 1]` indexes `nodes` for cell `c`.
    start: Vec<u32>,
    nodes: Vec<u32>,
}

const GRID_W: i64 = 360;
const GRID_H: i64 = 180;

impl Grid {
    fn cell_of(p: Point) -> (i64, i64) {
        let row = ((p.y() + 90.0).floor() as i64).clamp(0, GRID_H - 1);
        let col = ((p.x() + 180.0).floor() as i64).rem_euclid(GRID_W);
        (row, col)
    }

    fn new(lat: &[i32], lon: &[i32]) -> Grid {
        let cells = (GRID_W * GRID_H) as usize;
        let key = |i: usize| {
            let (r, c) = Grid::cell_of(Point::new(deg(lon[i]), deg(lat[i])));
            (r * GRID_W + c) as usize
        };
        let mut count = vec![0u32; cells + 1];
        for i in 0..lat.len() {
            count[key(i) + 1] += 1;
        }
        for c in 0..cells {
            count[c + 1] += count[c];
        }
        let mut fill = count.clone();
        let mut nodes = vec![0u32; lat.len()];
        for i in 0..lat.len() {
            let k = key(i);
            nodes[fill[k] as usize] = i as u32;
            fill[k] += 1;
        }
        Grid { start: count, nodes }
    }

    /// Call `f` on every node in the cells that can hold a point within `km` of `at`.
    fn visit(&self, at: Point, km: f64, mut f: impl FnMut(u32)) {
        if self.start.is_empty() || !at.x().is_finite() || !at.y().is_finite() {
            return;
        }
        let dlat = (km / 111.0).ceil() as i64 + 1;
        let coslat = (at.y().abs() + km / 111.0).min(89.0).to_radians().cos();
        let dlon = ((km / (111.0 * coslat)).ceil() as i64 + 1).min(GRID_W / 2);
        let (row, col) = Grid::cell_of(at);
        for r in (row - dlat).max(0)..=(row + dlat).min(GRID_H - 1) {
            for dc in -dlon..=dlon {
                if dlon == GRID_W / 2 && dc == dlon {
                    continue; // the whole circle once
                }
                let c = (col + dc).rem_euclid(GRID_W);
                let k = (r * GRID_W + c) as usize;
                for &i in &self.nodes[self.start[k] as usize..self.start[k + 1] as usize] {
                    f(i);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
