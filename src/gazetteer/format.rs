//! The compiled gazetteer's byte layout, shared by the builder (writer) and the loader (reader).
//!
//! The file is a small container of named sections, laid out so that a look-up touches only
//! what it needs: nothing is parsed or decompressed at start-up except a few small tables.
//!
//! ```text
//! "TOPONYM1" u32 section-count, then per section: tag [u8; 4], offset u64, length u64
//! META  JSON: sources and counts (gazetteer info)
//! RECS  fixed-width 32-byte records, sorted by id (see `Record`)
//! NAME  UTF-8 pool of primary names (a record holds offset + length)
//! CTRY  "CC\tName\n" lines; a record holds an index into them
//! ADM1  "CC.code\tName\n" lines; a record holds an index into them
//! FCOD  GeoNames feature codes, one per line; a record holds an index into them
//! FST_  fst::Map: folded name -> value; odd values hold one posting inline (`value >> 1`),
//!       even values are a POST offset (`value >> 1`): small numbers keep the fst small
//! POST  u32 little-endian: at an offset, a count then that many postings
//! ALTI  u32 offsets of the alternate-name blocks (block count + 1 entries)
//! ALTB  zstd blocks of ALT_BLOCK records each: per record, varint count then (varint len, bytes);
//!       the first string is the ASCII name ("" when equal to the name)
//! ```
//! A posting is `record index << 4 | flags` (see [`posting`]). All integers little-endian.
//!
//! A gazetteer file is that container compressed as one zstd frame, then a 48-byte trailer
//! ([`seal`]): a zstd *skippable* frame (magic `0x184D2A5E`, length 40) holding `"TPNYSHA2"` and
//! the SHA-256 of every byte before it. zstd readers skip it, so the file is still plain zstd;
//! a loader checks it before it decompresses anything (see [`unseal`]), so a byte changed
//! anywhere is caught. Files written before the trailer existed carry none.

/// File magic and version.
pub const MAGIC: &[u8; 8] = b"TOPONYM1";
/// Bytes per record.
pub const RECORD_SIZE: usize = 32;
/// Records per alternate-name block.
pub const ALT_BLOCK: usize = 256;
/// No index (admin1, country, feature code).
pub const NONE_U16: u16 = u16::MAX;
/// No index (kind, feature code, country).
pub const NONE_U8: u8 = u8::MAX;

// Id ranges of the records that have no GeoNames id (GeoNames ids stay below 3e9).
/// First id of the records that have no GeoNames id: airports (+ OurAirports id).
pub const AIRPORT_ID_BASE: u32 = 3_000_000_000;
/// First id of seaports (searoute's UN/LOCODE list; + the LOCODE read in base 36, < 36^5).
pub const PORT_ID_BASE: u32 = 3_300_000_000;
/// First id of power plants and dams (powerplantmatching; + a hash of class, country and site).
pub const PLANT_ID_BASE: u32 = 3_400_000_000;
/// First id of volcanoes (the Global Volcanism Program's list; + the GVP volcano number).
pub const VOLCANO_ID_BASE: u32 = 3_450_000_000;
/// First id of US post-office places from the ZIP code list (+ their lowest ZIP code).
pub const US_ZIP_ID_BASE: u32 = 3_500_000_000;
/// First id of supplement records (+ a hash of kind and name, stable across rebuilds).
pub const SUPPLEMENT_ID_BASE: u32 = 4_000_000_000;
/// First id of user places (`--user-places`, `gazetteer build --add`; see [`super::user`]).
pub const USER_ID_BASE: u32 = 4_100_000_000;

/// Posting flags: how a folded key reaches a record.
pub mod posting {
    /// The key is the record's name or ASCII name.
    pub const PRIMARY: u8 = 1;
    /// The key is one of the record's alternate names.
    pub const ALTERNATE: u8 = 2;
    /// The key is a short code (IATA/ICAO, ISO, all-capital abbreviations): only matched as a code.
    pub const CODE: u8 = 4;
    /// The key is a demonym or adjective of the place ("Russian" -> Russia).
    pub const DEMONYM: u8 = 8;
    /// Largest record index a posting can hold.
    pub const MAX_RECORD: u32 = (1 << 28) - 1;

    /// Pack a record index and its flags into one posting.
    pub fn pack(record: u32, flags: u8) -> u32 {
        (record << 4) | u32::from(flags & 0xf)
    }
    /// The record index and flags of a packed posting.
    pub fn unpack(p: u32) -> (u32, u8) {
        (p >> 4, (p & 0xf) as u8)
    }
    /// fst value holding one posting inline.
    pub fn inline_value(p: u32) -> u64 {
        (u64::from(p) << 1) | 1
    }
    /// fst value pointing at a POST offset.
    pub fn offset_value(offset: u64) -> u64 {
        offset << 1
    }
}

/// Record flags.
pub mod flags {
    /// National capital (GeoNames PPLC).
    pub const CAPITAL: u8 = 1;
    /// Seat of a first-level division (PPLA).
    pub const ADMIN_SEAT: u8 = 2;
    /// Named in the hand-curated supplement: a place the news names often.
    pub const CURATED: u8 = 4;
    /// A user's own place (`--user-places`, `gazetteer build --add`): output marks it `"source": "user"`.
    pub const USER: u8 = 8;
}

/// One fixed-width record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RawRecord {
    /// GeoNames id, or an id from one of the ranges above.
    pub id: u32,
    /// Latitude in millionths of a degree.
    pub lat_e6: i32,
    /// Longitude in millionths of a degree.
    pub lon_e6: i32,
    /// Population (0 when unknown).
    pub population: u32,
    /// Offset of the name in the NAME pool.
    pub name_off: u32,
    /// Length of the name in bytes.
    pub name_len: u16,
    /// Index into the ADM1 table, or [`NONE_U16`].
    pub admin1: u16,
    /// Kind code ([`super::Kind`]).
    pub kind: u8,
    /// Index into the FCOD table, or [`NONE_U8`].
    pub fcode: u8,
    /// Index into the CTRY table, or [`NONE_U8`].
    pub country: u8,
    /// Record [`flags`].
    pub flags: u8,
    /// How many alternate names the ALTB block holds for it.
    pub alt_count: u16,
}

impl RawRecord {
    /// Append the record's [`RECORD_SIZE`] bytes.
    pub fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.id.to_le_bytes());
        out.extend_from_slice(&self.lat_e6.to_le_bytes());
        out.extend_from_slice(&self.lon_e6.to_le_bytes());
        out.extend_from_slice(&self.population.to_le_bytes());
        out.extend_from_slice(&self.name_off.to_le_bytes());
        out.extend_from_slice(&self.name_len.to_le_bytes());
        out.extend_from_slice(&self.admin1.to_le_bytes());
        out.extend_from_slice(&[self.kind, self.fcode, self.country, self.flags]);
        out.extend_from_slice(&self.alt_count.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
    }

    /// Decode from exactly [`RECORD_SIZE`] bytes.
    pub fn read(b: &[u8]) -> RawRecord {
        // One length check up front instead of one per field: the resolver reads records in
        // its hot loops.
        let b: &[u8; RECORD_SIZE] = b[..RECORD_SIZE].try_into().expect("a slice of RECORD_SIZE bytes");
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let u16_at = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
        RawRecord {
            id: u32_at(0),
            lat_e6: u32_at(4) as i32,
            lon_e6: u32_at(8) as i32,
            population: u32_at(12),
            name_off: u32_at(16),
            name_len: u16_at(20),
            admin1: u16_at(22),
            kind: b[24],
            fcode: b[25],
            country: b[26],
            flags: b[27],
            alt_count: u16_at(28),
        }
    }
}

/// Magic of the checksum trailer: a zstd skippable frame (0x184D2A50..=0x184D2A5F), then its
/// length (40), then the tag.
const TRAILER_HEAD: [u8; 16] = [0x5e, 0x2a, 0x4d, 0x18, 40, 0, 0, 0, b'T', b'P', b'N', b'Y', b'S', b'H', b'A', b'2'];
/// Bytes of the checksum trailer.
pub const TRAILER_LEN: usize = TRAILER_HEAD.len() + 32;

/// `compressed` with its checksum trailer appended (see the module header).
pub fn seal(mut compressed: Vec<u8>) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(&compressed);
    compressed.extend_from_slice(&TRAILER_HEAD);
    compressed.extend_from_slice(&digest);
    compressed
}

/// Why a file's checksum trailer does not vouch for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unsealed {
    /// The file ends in no trailer (an older file, or not a gazetteer).
    Missing,
    /// The trailer is there and the bytes before it do not match it.
    Mismatch,
}

/// The compressed payload of a sealed file, once its checksum matches.
pub fn unseal(file: &[u8]) -> Result<&[u8], Unsealed> {
    use sha2::{Digest, Sha256};
    let Some(at) = file.len().checked_sub(TRAILER_LEN) else { return Err(Unsealed::Missing) };
    let (payload, trailer) = file.split_at(at);
    if trailer[..TRAILER_HEAD.len()] != TRAILER_HEAD {
        return Err(Unsealed::Missing);
    }
    if Sha256::digest(payload).as_slice() != &trailer[TRAILER_HEAD.len()..] {
        return Err(Unsealed::Mismatch);
    }
    Ok(payload)
}

/// Write a container from (tag, bytes) sections.
pub fn write_container(sections: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let header = 8 + 4 + sections.len() * 20;
    let mut out = Vec::with_capacity(header + sections.iter().map(|s| s.1.len()).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(sections.len() as u32).to_le_bytes());
    let mut offset = header as u64;
    for (tag, bytes) in sections {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&offset.to_le_bytes());
        out.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        offset += bytes.len() as u64;
    }
    for (_, bytes) in sections {
        out.extend_from_slice(bytes);
    }
    out
}

/// Find a section in a container; `None` when the container is malformed or lacks it.
pub fn section<'a>(data: &'a [u8], tag: &[u8; 4]) -> Option<&'a [u8]> {
    if data.len() < 12 || &data[..8] != MAGIC {
        return None;
    }
    let count = u32::from_le_bytes(data[8..12].try_into().ok()?) as usize;
    for i in 0..count {
        let at = 12 + i * 20;
        let entry = data.get(at..at + 20)?;
        if &entry[..4] == tag {
            let offset = u64::from_le_bytes(entry[4..12].try_into().ok()?) as usize;
            let len = u64::from_le_bytes(entry[12..20].try_into().ok()?) as usize;
            return data.get(offset..offset.checked_add(len)?);
        }
    }
    None
}

/// Append an unsigned LEB128 varint.
pub fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Read an unsigned LEB128 varint at `*pos`, advancing it.
pub fn get_varint(data: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    loop {
        let b = *data.get(*pos)?;
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip() {
        let r = RawRecord {
            id: 2013348,
            lat_e6: 43_105_620,
            lon_e6: -131_873_530,
            population: 604_901,
            name_off: 7,
            name_len: 11,
            admin1: 12,
            kind: 3,
            fcode: 4,
            country: 200,
            flags: 5,
            alt_count: 99,
        };
        let mut b = Vec::new();
        r.write(&mut b);
        assert_eq!(b.len(), RECORD_SIZE);
        assert_eq!(RawRecord::read(&b), r);
    }

    #[test]
    fn container_sections_are_found_and_bad_data_is_rejected() {
        let c = write_container(&[(b"AAAA", vec![1, 2, 3]), (b"BBBB", vec![])]);
        assert_eq!(section(&c, b"AAAA"), Some(&[1u8, 2, 3][..]));
        assert_eq!(section(&c, b"BBBB"), Some(&[][..]));
        assert_eq!(section(&c, b"CCCC"), None);
        assert_eq!(section(&c[..10], b"AAAA"), None);
        assert_eq!(section(b"not a gazetteer at all", b"AAAA"), None);
    }

    #[test]
    fn a_sealed_file_is_its_payload_plus_a_trailer_and_any_changed_byte_is_caught() {
        let payload = zstd::bulk::compress(&vec![7u8; 200_000], 3).unwrap();
        let sealed = seal(payload.clone());
        assert_eq!((&sealed[..payload.len()], sealed.len()), (&payload[..], payload.len() + TRAILER_LEN));
        assert_eq!(unseal(&sealed), Ok(&payload[..]));
        // still one plain zstd stream: the trailer is a skippable frame
        assert_eq!(zstd::stream::decode_all(&sealed[..]).unwrap(), vec![7u8; 200_000]);
        for at in [0, 5, payload.len() / 2, payload.len() - 1, payload.len() + 20, sealed.len() - 1] {
            let mut damaged = sealed.clone();
            damaged[at] ^= 0x40;
            assert_eq!(unseal(&damaged), Err(Unsealed::Mismatch), "byte {at}");
        }
        assert_eq!(unseal(&payload), Err(Unsealed::Missing));
        assert_eq!(unseal(&sealed[..sealed.len() - 1]), Err(Unsealed::Missing));
        assert_eq!(unseal(b"short"), Err(Unsealed::Missing));
    }

    #[test]
    fn varints_round_trip() {
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            let mut b = Vec::new();
            put_varint(&mut b, v);
            let mut pos = 0;
            assert_eq!(get_varint(&b, &mut pos), Some(v));
            assert_eq!(pos, b.len());
        }
        assert_eq!(get_varint(&[0x80], &mut 0), None);
    }
}
