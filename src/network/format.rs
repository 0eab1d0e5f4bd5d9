//! Decoding the network file `network/build.py` writes (after zstd):
//!
//! ```text
//! b"TPNW" u8 version(1)
//! varint node_count, varint edge_count, varint port_count
//! nodes: zigzag dlat, zigzag dlon per node (1e-5 degree, delta from the previous node)
//! edges, sorted by (u, v), u < v: varint du, varint v - u, varint metres, u8 passage id
//! ports: varint name length, UTF-8 name, zigzag lat, zigzag lon, varint node
//! ```
//!
//! Every count and index is checked: a corrupt file is an error, never a panic.

use super::{deg, Grid, Kind, Network, NetworkError, Port};

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

fn corrupt(what: &str) -> NetworkError {
    NetworkError::Corrupt(what.to_string())
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, NetworkError> {
        let b = *self.bytes.get(self.at).ok_or_else(|| corrupt("truncated"))?;
        self.at += 1;
        Ok(b)
    }

    fn varint(&mut self) -> Result<u64, NetworkError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(corrupt("varint too long"))
    }

    fn u32(&mut self) -> Result<u32, NetworkError> {
        u32::try_from(self.varint()?).map_err(|_| corrupt("value out of range"))
    }

    fn zigzag(&mut self) -> Result<i64, NetworkError> {
        let v = self.varint()?;
        Ok((v >> 1) as i64 ^ -((v & 1) as i64))
    }

    fn coord(&mut self, prev: i64, limit: i64) -> Result<i32, NetworkError> {
        let v = prev + self.zigzag()?;
        if v.abs() > limit {
            return Err(corrupt("coordinate out of range"));
        }
        Ok(v as i32)
    }
}

pub(super) fn decode(kind: Kind, bytes: &[u8]) -> Result<Network, NetworkError> {
    let mut r = Reader { bytes, at: 0 };
    if bytes.get(..5) != Some(b"TPNW\x01") {
        return Err(corrupt("not a version 1 network file"));
    }
    r.at = 5;
    let (n, m, ports) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
    // Each node takes at least 2 bytes, each edge 4, each port 4: reject absurd counts early.
    if n.saturating_mul(2).saturating_add(m.saturating_mul(4)).saturating_add(ports.saturating_mul(4)) > bytes.len() {
        return Err(corrupt("counts exceed the file"));
    }
    let (lat_max, lon_max) = (9_000_000i64, 18_000_000i64);
    let mut lat = Vec::with_capacity(n);
    let mut lon = Vec::with_capacity(n);
    let (mut plat, mut plon) = (0i64, 0i64);
    for _ in 0..n {
        let (a, b) = (r.coord(plat, lat_max)?, r.coord(plon, lon_max)?);
        (plat, plon) = (i64::from(a), i64::from(b));
        lat.push(a);
        lon.push(b);
    }
    let mut edges: Vec<(u32, u32, u32, u8)> = Vec::with_capacity(m);
    let mut u = 0u32;
    for _ in 0..m {
        u = u.checked_add(r.u32()?).ok_or_else(|| corrupt("node id overflow"))?;
        let v = u.checked_add(r.u32()?).ok_or_else(|| corrupt("node id overflow"))?;
        let (w, p) = (r.u32()?, r.byte()?);
        if v as usize >= n || u == v {
            return Err(corrupt("edge names a missing node"));
        }
        edges.push((u, v, w, p));
    }
    let mut port_list = Vec::with_capacity(ports);
    for _ in 0..ports {
        let len = r.u32()? as usize;
        let name = bytes.get(r.at..r.at.saturating_add(len)).ok_or_else(|| corrupt("truncated port name"))?;
        let name = std::str::from_utf8(name).map_err(|_| corrupt("port name is not UTF-8"))?.to_string();
        r.at += len;
        let (plat, plon) = (r.coord(0, lat_max)?, r.coord(0, lon_max)?);
        let node = r.u32()?;
        if node as usize >= n {
            return Err(corrupt("port names a missing node"));
        }
        port_list.push(Port { name, point: geo::Point::new(deg(plon), deg(plat)), node });
    }
    if r.at != bytes.len() {
        return Err(corrupt("trailing bytes"));
    }
    // CSR: count degrees, then place both directions of each edge.
    let mut offsets = vec![0u32; n + 1];
    for &(u, v, ..) in &edges {
        offsets[u as usize + 1] += 1;
        offsets[v as usize + 1] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut fill = offsets.clone();
    let half = 2 * edges.len();
    let (mut targets, mut metres) = (vec![0u32; half], vec![0u32; half]);
    let any_passage = edges.iter().any(|e| e.3 != 0);
    let mut passage = if any_passage { vec![0u8; half] } else { Vec::new() };
    for &(u, v, w, p) in &edges {
        for (a, b) in [(u, v), (v, u)] {
            let slot = fill[a as usize] as usize;
            fill[a as usize] += 1;
            targets[slot] = b;
            metres[slot] = w;
            if any_passage {
                passage[slot] = p;
            }
        }
    }
    let grid = Grid::new(&lat, &lon);
    Ok(Network { kind, lat, lon, offsets, targets, metres, passage, ports: port_list, grid, component: Vec::new() })
}
