//! The bundled basemap: Natural Earth 1:10m (+ GSHHG rivers) in `basemap/basemap.bin`.
//!
//! Invariants:
//! - The file is embedded with `include_bytes!`; a layer is zstd-decompressed the first time it
//!   is asked for and kept for the life of the process (`OnceLock`), never before.
//! - Each record carries its bounding box, so `records` skips rings outside a window without
//!   decoding their points. Points come out as degrees (1e-5 quantisation, see build.py).
//! - A malformed file is a `BasemapError`, never a panic: the decoder checks every length.

use std::sync::OnceLock;

use geo::Coord;

static BASEMAP_BIN: &[u8] = include_bytes!("../../../basemap/basemap.bin");
const SCALE: f64 = 1e-5;

/// What went wrong reading the embedded basemap (only possible if the asset is corrupt).
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum BasemapError {
    /// The asset's framing is broken.
    #[error("basemap asset is malformed: {0}")]
    Malformed(&'static str),
    /// A layer the renderer needs is absent.
    #[error("basemap layer {0:?} is missing")]
    MissingLayer(&'static str),
    /// A layer does not decompress.
    #[error("basemap layer {0:?} does not decompress")]
    Decompress(&'static str),
}

/// The layers in the file, by their 8-byte names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayerId {
    /// Country polygons, 1:10m; also the land fill and the coastline. attr = country index + 1.
    Land,
    Lakes,
    /// Land borders: edges shared by two country polygons.
    Border,
    Admin1,
    Rivers,
    /// Country polygons, 1:110m, for the locator inset. attr = country index + 1 (or 0).
    World110,
}

const LAYERS: [(LayerId, &str); 6] = [
    (LayerId::Land, "land"),
    (LayerId::Lakes, "lakes"),
    (LayerId::Border, "border"),
    (LayerId::Admin1, "admin1"),
    (LayerId::Rivers, "rivers"),
    (LayerId::World110, "world110"),
];

/// One row of the country table.
#[derive(Clone, Debug, PartialEq)]
pub struct Country {
    pub iso_a2: String,
    pub adm0_a3: String,
    pub name: String,
    pub label: Coord,
    pub label_rank: u8,
}

/// A window in degrees; `w > e` means it crosses the antimeridian.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GeoWindow {
    pub w: f64,
    pub s: f64,
    pub e: f64,
    pub n: f64,
}

impl GeoWindow {
    pub const WORLD: GeoWindow = GeoWindow { w: -180.0, s: -90.0, e: 180.0, n: 90.0 };

    fn hits(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> bool {
        if y1 < self.s || y0 > self.n {
            return false;
        }
        if self.w <= self.e {
            !(x1 < self.w || x0 > self.e)
        } else {
            x1 >= self.w || x0 <= self.e
        }
    }
}

/// A decoded record: a ring or a line piece.
pub struct Record<'a> {
    /// Rings of one shape share a group (fill them together, even-odd).
    pub group: u32,
    pub attr: u32,
    count: usize,
    payload: &'a [u8],
    origin: (i64, i64),
}

impl Record<'_> {
    /// Calls `f(lon, lat)` for every point, in order.
    pub fn for_each_point(&self, mut f: impl FnMut(f64, f64)) -> Result<(), BasemapError> {
        let mut pos = 0;
        let (mut x, mut y) = self.origin;
        for _ in 0..self.count {
            x += unzigzag(read_varint(self.payload, &mut pos)?);
            y += unzigzag(read_varint(self.payload, &mut pos)?);
            f(x as f64 * SCALE, y as f64 * SCALE);
        }
        Ok(())
    }
}

struct LayerSlot {
    id: LayerId,
    /// Decompressed bytes, filled on first use.
    raw: OnceLock<Result<Vec<u8>, BasemapError>>,
    offset: usize,
    compressed_len: usize,
    raw_len: usize,
}

struct Container {
    countries: Vec<Country>,
    layers: Vec<LayerSlot>,
}

fn container() -> Result<&'static Container, BasemapError> {
    static C: OnceLock<Result<Container, BasemapError>> = OnceLock::new();
    C.get_or_init(|| parse_container(BASEMAP_BIN)).as_ref().map_err(Clone::clone)
}

fn parse_container(bin: &'static [u8]) -> Result<Container, BasemapError> {
    if bin.len() < 8 || &bin[0..4] != b"TPBM" {
        return Err(BasemapError::Malformed("bad magic"));
    }
    let count = u16::from_le_bytes([bin[6], bin[7]]) as usize;
    let mut layers = Vec::new();
    let mut country_text = None;
    for i in 0..count {
        let at = 8 + 20 * i;
        let head = bin.get(at..at + 20).ok_or(BasemapError::Malformed("short header"))?;
        let name = std::str::from_utf8(&head[0..8]).map_err(|_| BasemapError::Malformed("layer name"))?;
        let u = |k: usize| u32::from_le_bytes([head[k], head[k + 1], head[k + 2], head[k + 3]]) as usize;
        let (off, clen, rlen) = (u(8), u(12), u(16));
        if bin.get(off..off + clen).is_none() {
            return Err(BasemapError::Malformed("layer out of bounds"));
        }
        let name = name.trim_end();
        if name == "country" {
            country_text = Some(decompress(&bin[off..off + clen], rlen, "country")?);
        } else if let Some(&(id, _)) = LAYERS.iter().find(|(_, n)| *n == name) {
            layers.push(LayerSlot { id, raw: OnceLock::new(), offset: off, compressed_len: clen, raw_len: rlen });
        }
    }
    let text = country_text.ok_or(BasemapError::MissingLayer("country"))?;
    let text = String::from_utf8(text).map_err(|_| BasemapError::Malformed("country table utf-8"))?;
    let mut countries = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 6 {
            return Err(BasemapError::Malformed("country row"));
        }
        let num = |s: &str| s.parse::<f64>().map_err(|_| BasemapError::Malformed("country number"));
        countries.push(Country {
            iso_a2: f[0].to_string(),
            adm0_a3: f[1].to_string(),
            name: f[2].to_string(),
            label: Coord { x: num(f[3])?, y: num(f[4])? },
            label_rank: f[5].parse().unwrap_or(9),
        });
    }
    Ok(Container { countries, layers })
}

fn decompress(data: &[u8], raw_len: usize, name: &'static str) -> Result<Vec<u8>, BasemapError> {
    let out = zstd::bulk::decompress(data, raw_len).map_err(|_| BasemapError::Decompress(name))?;
    if out.len() != raw_len {
        return Err(BasemapError::Decompress(name));
    }
    Ok(out)
}

fn layer_name(id: LayerId) -> &'static str {
    LAYERS.iter().find(|(l, _)| *l == id).map(|(_, n)| *n).unwrap_or("?")
}

/// The country table (index = attr - 1 in the polygon layers).
pub fn countries() -> Result<&'static [Country], BasemapError> {
    Ok(&container()?.countries)
}

fn layer_bytes(id: LayerId) -> Result<&'static [u8], BasemapError> {
    let c = container()?;
    let slot = c.layers.iter().find(|l| l.id == id).ok_or(BasemapError::MissingLayer(layer_name(id)))?;
    slot.raw
        .get_or_init(|| {
            let end = slot.offset + slot.compressed_len;
            decompress(&BASEMAP_BIN[slot.offset..end], slot.raw_len, layer_name(id))
        })
        .as_deref()
        .map_err(Clone::clone)
}

/// Calls `f` for every record of `id` whose bounding box meets `window`.
pub fn records(
    id: LayerId,
    window: &GeoWindow,
    mut f: impl FnMut(&Record<'_>) -> Result<(), BasemapError>,
) -> Result<(), BasemapError> {
    let buf = layer_bytes(id)?;
    let mut pos = 0;
    let n = read_varint(buf, &mut pos)?;
    for _ in 0..n {
        let group = read_varint(buf, &mut pos)? as u32;
        let attr = read_varint(buf, &mut pos)? as u32;
        let x0 = unzigzag(read_varint(buf, &mut pos)?);
        let y0 = unzigzag(read_varint(buf, &mut pos)?);
        let dx = read_varint(buf, &mut pos)? as i64;
        let dy = read_varint(buf, &mut pos)? as i64;
        let count = read_varint(buf, &mut pos)? as usize;
        let len = read_varint(buf, &mut pos)? as usize;
        let payload = buf.get(pos..pos + len).ok_or(BasemapError::Malformed("record payload"))?;
        pos += len;
        let (bx0, by0) = (x0 as f64 * SCALE, y0 as f64 * SCALE);
        let (bx1, by1) = ((x0 + dx) as f64 * SCALE, (y0 + dy) as f64 * SCALE);
        if window.hits(bx0, by0, bx1, by1) {
            f(&Record { group, attr, count, payload, origin: (x0, y0) })?;
        }
    }
    Ok(())
}

fn read_varint(buf: &[u8], pos: &mut usize) -> Result<u64, BasemapError> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *buf.get(*pos).ok_or(BasemapError::Malformed("truncated varint"))?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Ok(v);
        }
        shift += 7;
        if shift > 63 {
            return Err(BasemapError::Malformed("varint too long"));
        }
    }
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varint_rows() {
        let rows: [(&[u8], u64); 4] = [(&[0], 0), (&[0x7f], 127), (&[0x80, 1], 128), (&[0xac, 0x02], 300)];
        for (bytes, want) in rows {
            let mut pos = 0;
            assert_eq!(read_varint(bytes, &mut pos), Ok(want), "{bytes:?}");
            assert_eq!(pos, bytes.len());
        }
        assert!(read_varint(&[0x80], &mut 0).is_err());
        assert_eq!([unzigzag(0), unzigzag(1), unzigzag(2), unzigzag(3)], [0, -1, 1, -2]);
    }

    #[test]
    fn korea_is_in_the_country_table_and_land_layer() {
        let cs = countries().expect("country table");
        let kp = cs.iter().position(|c| c.iso_a2 == "KP").expect("North Korea");
        assert_eq!(cs[kp].name, "North Korea");
        let window = GeoWindow { w: 125.0, s: 38.0, e: 127.0, n: 40.0 };
        let mut found = false;
        records(LayerId::Land, &window, |r| {
            found |= r.attr as usize == kp + 1;
            Ok(())
        })
        .expect("land layer");
        assert!(found);
    }

    #[test]
    fn open_ocean_window_skips_every_land_ring() {
        let pacific = GeoWindow { w: -140.0, s: -40.0, e: -135.0, n: -35.0 };
        let mut seen = 0;
        records(LayerId::Land, &pacific, |_| {
            seen += 1;
            Ok(())
        })
        .expect("land layer");
        assert_eq!(seen, 0);
        let mut all = 0;
        records(LayerId::Land, &GeoWindow::WORLD, |_| {
            all += 1;
            Ok(())
        })
        .expect("land layer");
        assert_eq!(all, 4272, "every ring of the world");
    }

    #[test]
    fn window_across_the_antimeridian() {
        let w = GeoWindow { w: 170.0, s: 50.0, e: -170.0, n: 60.0 };
        assert!(w.hits(175.0, 55.0, 176.0, 56.0));
        assert!(w.hits(-175.0, 55.0, -174.0, 56.0));
        assert!(!w.hits(0.0, 55.0, 1.0, 56.0));
    }
}
