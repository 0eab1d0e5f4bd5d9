//! The curated rail graph (`gazetteer/rail.tsv`): major junctions and the main lines between
//! them, and shortest paths over it.
//!
//! Invariants: node names are unique; every `line` names known nodes; edge weights are
//! great-circle lengths in metres (integers, so Dijkstra's tie-breaks are exact and stable).
//! Coordinates are approximate junction points (see the file's header): the graph says which
//! corridor a journey follows, not the track's exact shape.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::OnceLock;

use crate::gazetteer::haversine_km;

static RAIL_TSV: &str = include_str!("../../gazetteer/rail.tsv");

/// Errors parsing a rail graph.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RailError {
    #[error("rail graph line {line}: {message}")]
    Parse { line: usize, message: String },
}

/// A junction of the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct RailNode {
    pub name: String,
    pub lat: f64,
    pub lon: f64,
}

/// Junctions and the edges between them.
#[derive(Debug, Clone, Default)]
pub struct RailGraph {
    nodes: Vec<RailNode>,
    /// Per node: (neighbour, length in metres), sorted by neighbour.
    adjacency: Vec<Vec<(usize, u64)>>,
}

impl RailGraph {
    /// The graph bundled with the crate.
    pub fn embedded() -> Result<&'static RailGraph, &'static RailError> {
        static GRAPH: OnceLock<Result<RailGraph, RailError>> = OnceLock::new();
        GRAPH.get_or_init(|| RAIL_TSV.parse()).as_ref()
    }

    pub fn nodes(&self) -> &[RailNode] {
        &self.nodes
    }

    /// Every edge once, as (from, to) node indices with from < to.
    pub fn edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.adjacency
            .iter()
            .enumerate()
            .flat_map(|(a, nbrs)| nbrs.iter().filter(move |(b, _)| a < *b).map(move |(b, _)| (a, *b)))
    }

    /// The node nearest to (lat, lon) if it lies within `max_km`; ties break on index.
    pub fn nearest(&self, lat: f64, lon: f64, max_km: f64) -> Option<usize> {
        let mut best: Option<(f64, usize)> = None;
        for (i, n) in self.nodes.iter().enumerate() {
            let d = haversine_km(lat, lon, n.lat, n.lon);
            if d <= max_km && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, i));
            }
        }
        best.map(|(_, i)| i)
    }

    /// Shortest path from `from` to `to` (node indices, both ends included), if connected.
    pub fn shortest_path(&self, from: usize, to: usize) -> Option<Vec<usize>> {
        let n = self.nodes.len();
        if from >= n || to >= n {
            return None;
        }
        let mut dist = vec![u64::MAX; n];
        let mut prev = vec![usize::MAX; n];
        let mut heap = BinaryHeap::new();
        dist[from] = 0;
        heap.push(Reverse((0u64, from)));
        while let Some(Reverse((d, u))) = heap.pop() {
            if d > dist[u] {
                continue;
            }
            if u == to {
                break;
            }
            for &(v, w) in &self.adjacency[u] {
                let nd = d.saturating_add(w);
                if nd < dist[v] {
                    dist[v] = nd;
                    prev[v] = u;
                    heap.push(Reverse((nd, v)));
                }
            }
        }
        if dist[to] == u64::MAX {
            return None;
        }
        let mut path = vec![to];
        let mut at = to;
        while at != from {
            at = prev[at];
            path.push(at);
        }
        path.reverse();
        Some(path)
    }
}

impl std::str::FromStr for RailGraph {
    type Err = RailError;

    fn from_str(text: &str) -> Result<RailGraph, RailError> {
        let mut graph = RailGraph::default();
        let mut index: HashMap<String, usize> = HashMap::new();
        // Nodes first, so a line may name a node defined further down.
        let mut lines: Vec<(usize, Vec<&str>)> = Vec::new();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let err = |message: String| RailError::Parse { line, message };
            let trimmed = raw.trim_end();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = trimmed.split('\t').map(str::trim).collect();
            match fields.first().copied() {
                Some("node") => {
                    let [_, name, lat, lon] = fields[..] else {
                        return Err(err(format!("a node needs name, lat, lon; got {} fields", fields.len())));
                    };
                    let lat: f64 = lat.parse().map_err(|_| err(format!("bad latitude {lat:?}")))?;
                    let lon: f64 = lon.parse().map_err(|_| err(format!("bad longitude {lon:?}")))?;
                    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                        return Err(err(format!("coordinates out of range: {lat}, {lon}")));
                    }
                    if index.insert(name.to_string(), graph.nodes.len()).is_some() {
                        return Err(err(format!("duplicate node {name:?}")));
                    }
                    graph.nodes.push(RailNode { name: name.to_string(), lat, lon });
                    graph.adjacency.push(Vec::new());
                }
                Some("line") => lines.push((line, fields)),
                Some(other) => return Err(err(format!("unknown record type {other:?}"))),
                None => {}
            }
        }
        for (line, fields) in lines {
            let err = |message: String| RailError::Parse { line, message };
            {
                {
                    if fields.len() < 4 {
                        return Err(err("a line needs a name and at least two stations".into()));
                    }
                    let mut stations = Vec::new();
                    for s in &fields[2..] {
                        stations.push(*index.get(*s).ok_or_else(|| err(format!("unknown station {s:?}")))?);
                    }
                    for pair in stations.windows(2) {
                        let (a, b) = (pair[0], pair[1]);
                        let (na, nb) = (&graph.nodes[a], &graph.nodes[b]);
                        let metres = (haversine_km(na.lat, na.lon, nb.lat, nb.lon) * 1000.0).round() as u64;
                        for (x, y) in [(a, b), (b, a)] {
                            if !graph.adjacency[x].iter().any(|(v, _)| *v == y) {
                                graph.adjacency[x].push((y, metres));
                            }
                        }
                    }
                }
            }
        }
        for nbrs in &mut graph.adjacency {
            nbrs.sort_unstable();
        }
        Ok(graph)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph() -> &'static RailGraph {
        RailGraph::embedded().expect("the bundled rail graph parses")
    }

    fn names(path: &[usize]) -> Vec<&str> {
        path.iter().map(|&i| graph().nodes()[i].name.as_str()).collect()
    }

    #[test]
    fn the_bundled_graph_parses_and_is_connected_per_region() {
        let g = graph();
        assert!(g.nodes().len() > 80);
        let by = |n: &str| g.nodes().iter().position(|x| x.name == n).expect(n);
        for (a, b) in [
            ("Pyongyang", "Khasan"),
            ("Khasan", "Vostochny Cosmodrome"),
            ("Irkutsk", "Sovetskaya Gavan"),
            ("Lisbon", "Berlin"),
            ("London", "Warsaw"),
        ] {
            assert!(g.shortest_path(by(a), by(b)).is_some(), "{a} -> {b}");
        }
        assert!(g.shortest_path(by("Lisbon"), by("Khasan")).is_none(), "Europe and Asia are separate here");
    }

    #[test]
    fn shortest_paths_follow_the_main_lines() {
        let g = graph();
        let by = |n: &str| g.nodes().iter().position(|x| x.name == n).expect(n);
        let rows: &[(&str, &str, &[&str])] = &[
            (
                "Pyongyang",
                "Khasan",
                &[
                    "Pyongyang",
                    "Yangdok",
                    "Wonsan",
                    "Hamhung",
                    "Kimchaek",
                    "Kilju",
                    "Chongjin",
                    "Rajin",
                    "Sonbong",
                    "Tumangang",
                    "Khasan",
                ],
            ),
            ("Lisbon", "Madrid", &["Lisbon", "Entroncamento", "Badajoz", "Madrid"]),
            ("Vostochny Cosmodrome", "Belogorsk", &["Vostochny Cosmodrome", "Tsiolkovsky", "Svobodny", "Belogorsk"]),
        ];
        for (a, b, want) in rows {
            let path = g.shortest_path(by(a), by(b)).expect("connected");
            assert_eq!(names(&path), *want, "{a} -> {b}");
        }
    }

    #[test]
    fn nearest_respects_the_radius() {
        let g = graph();
        let vostochny = g.nearest(51.884, 128.334, 30.0).map(|i| g.nodes()[i].name.as_str());
        assert_eq!(vostochny, Some("Vostochny Cosmodrome"));
        assert_eq!(g.nearest(0.0, 0.0, 30.0), None);
    }

    #[test]
    fn malformed_graphs_are_errors_with_line_numbers() {
        let rows = [
            ("node\tA\t1\n", 1),
            ("node\tA\t1\t2\nline\tL\tA\tB\n", 2),
            ("node\tA\t95\t2\n", 1),
            ("# c\nnode\tA\t1\t2\nnode\tA\t1\t2\n", 3),
            ("edge\tA\tB\n", 1),
        ];
        for (text, line) in rows {
            match text.parse::<RailGraph>() {
                Err(RailError::Parse { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                Ok(_) => panic!("{text:?} parsed"),
            }
        }
    }
}
