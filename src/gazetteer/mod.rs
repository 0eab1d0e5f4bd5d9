//! The place index: the compiled gazetteer embedded in the binary (or loaded from a file), its
//! records, and the name index every later stage looks names up in.
//!
//! Loading is cheap by design: the embedded data is used in place (no parse, no decompression);
//! only the small country/admin1/feature-code tables are split into lines. Alternate names are
//! kept in small zstd blocks and decompressed only for the records a caller asks about.

pub mod build;
pub mod fold;
pub mod format;
mod kind;
pub(crate) mod lexicon;
mod lookup;
#[cfg(feature = "net")]
pub mod net;
mod postings;
mod query;
pub mod user;

use std::sync::OnceLock;

use geo::Point;

pub use fold::fold_name;
pub use kind::Kind;
pub use lookup::{Lookup, LookupOptions, Match, MatchKind};
pub use postings::{PlaceId, Posting, RecordIx};
pub use user::{read_places, BadRow, PlacesError, PlacesReport, UserRow};

use format::{flags, RawRecord, RECORD_SIZE};

static EMBEDDED_BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));

/// Errors loading a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// This build embeds no gazetteer.
    #[error("this build has no embedded gazetteer (build one with `toponym gazetteer build`)")]
    NoEmbedded,
    /// A section the format requires is missing.
    #[error("not a toponym gazetteer, or a damaged one (missing section {0})")]
    Malformed(&'static str),
    /// The name index (fst) does not load.
    #[error("the gazetteer's name index is damaged: {0}")]
    Index(String),
    /// A compressed section does not decompress.
    #[error("decompressing the gazetteer: {0}")]
    Decompress(#[source] std::io::Error),
    /// The file cannot be read.
    #[error("{0}")]
    Read(#[source] std::io::Error),
    /// The path is a directory, a FIFO, a device: nothing a gazetteer is kept in.
    #[error("not a regular file")]
    NotAFile,
    /// The file, or what it decompresses to, is larger than any gazetteer.
    #[error("{what} is larger than {limit} bytes, far more than any gazetteer")]
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// The limit in bytes.
        limit: u64,
    },
    /// The file's checksum trailer does not match its bytes.
    #[error("the file is damaged: its bytes do not match the SHA-256 checksum it carries")]
    Checksum,
    /// The file carries no checksum (an older toponym wrote it) and is not the embedded gazetteer.
    #[error("the file carries no checksum, so it cannot be verified (an older toponym wrote it, or it is not a gazetteer); build or fetch it again")]
    NoChecksum,
}

/// The largest gazetteer file [`Gazetteer::from_file`] reads: a gazetteer of every GeoNames
/// record with every alternate name is well under 1 GB compressed.
pub const MAX_FILE_BYTES: u64 = 4 << 30;

/// What a gazetteer file may decompress to, as a multiple of its size: the build's zstd level
/// 19 gives about 1.5; this only stops a small file from filling the memory.
pub const MAX_EXPANSION: u64 = 32;

/// A loaded gazetteer. Cheap to query; share it by reference.
pub struct Gazetteer {
    recs: &'static [u8],
    names: &'static [u8],
    countries: Vec<(&'static str, &'static str)>,
    admin1: Vec<(&'static str, &'static str)>,
    fcodes: Vec<&'static str>,
    fst: fst::Map<&'static [u8]>,
    post: &'static [u8],
    alt_index: &'static [u8],
    alt_blocks: &'static [u8],
    meta: &'static [u8],
    lexicon: Option<lexicon::Lexicon>,
    abbreviations: Vec<(&'static str, RecordIx)>,
    data: &'static [u8],
    /// User places laid over the records (see [`user`]): indices `base_len()..len()`.
    user: Option<std::sync::Arc<user::Overlay>>,
}

/// Decompress a zstd stream, refusing output longer than `limit` bytes.
fn decompress(bytes: &[u8], limit: u64) -> Result<Vec<u8>, LoadError> {
    use std::io::Read;
    let decoder = zstd::stream::Decoder::new(bytes).map_err(LoadError::Decompress)?;
    let mut raw = Vec::new();
    decoder.take(limit.saturating_add(1)).read_to_end(&mut raw).map_err(LoadError::Decompress)?;
    if raw.len() as u64 > limit {
        return Err(LoadError::TooLarge { what: "its content", limit });
    }
    Ok(raw)
}

fn lines(bytes: &'static [u8]) -> impl Iterator<Item = &'static str> {
    std::str::from_utf8(bytes).unwrap_or("").lines()
}

fn pairs(bytes: &'static [u8]) -> Vec<(&'static str, &'static str)> {
    lines(bytes).map(|l| l.split_once('\t').unwrap_or((l, ""))).collect()
}

impl Gazetteer {
    /// The gazetteer compiled into this binary.
    pub fn embedded() -> Result<&'static Gazetteer, &'static LoadError> {
        static EMBEDDED: OnceLock<Result<Gazetteer, LoadError>> = OnceLock::new();
        EMBEDDED
            .get_or_init(|| {
                if EMBEDDED_BYTES.is_empty() {
                    Err(LoadError::NoEmbedded)
                } else {
                    Gazetteer::from_static(EMBEDDED_BYTES)
                }
            })
            .as_ref()
    }

    /// A gazetteer from the compressed bytes `toponym gazetteer build` writes. The decompressed
    /// data lives for the rest of the process (a gazetteer is loaded once per run).
    ///
    /// Unlike the embedded data, a file may be damaged: its SHA-256 trailer (see [`format`](mod@format)) is
    /// checked before anything is decompressed, and a file without one is accepted only when it
    /// holds exactly the embedded gazetteer (the committed file, or a copy of it). Records and
    /// postings are read defensively anyway, and the name index and word lists are checked
    /// against their own checksums too (a damaged fst would panic deep inside a look-up).
    pub fn from_compressed(bytes: &[u8]) -> Result<Gazetteer, LoadError> {
        let payload = match format::unseal(bytes) {
            Ok(payload) => payload,
            Err(format::Unsealed::Mismatch) => return Err(LoadError::Checksum),
            Err(format::Unsealed::Missing) => {
                let embedded = decompress(bytes, EMBEDDED_BYTES.len() as u64).is_ok_and(|raw| raw == EMBEDDED_BYTES);
                if EMBEDDED_BYTES.is_empty() || !embedded {
                    return Err(LoadError::NoChecksum);
                }
                return Gazetteer::from_static(EMBEDDED_BYTES);
            }
        };
        let limit = (payload.len() as u64).saturating_mul(MAX_EXPANSION).max(1 << 20);
        let raw = decompress(payload, limit)?;
        let gaz = Gazetteer::from_static(Box::leak(raw.into_boxed_slice()))?;
        gaz.fst.as_fst().verify().map_err(|e| LoadError::Index(e.to_string()))?;
        if let Some(lexicon) = &gaz.lexicon {
            lexicon.verify().map_err(|e| LoadError::Index(format!("word lists: {e}")))?;
        }
        Ok(gaz)
    }

    /// A gazetteer from a file `toponym gazetteer build|fetch` wrote, checked as
    /// [`Gazetteer::from_compressed`] checks it. Only a regular file is read, and only if it is
    /// at most [`MAX_FILE_BYTES`] long (a FIFO or `/dev/zero` is refused before any byte is read).
    pub fn from_file(path: &std::path::Path) -> Result<Gazetteer, LoadError> {
        use std::io::Read;
        let regular = |m: &std::fs::Metadata| if m.is_file() { Ok(()) } else { Err(LoadError::NotAFile) };
        // stat first: opening a FIFO would wait for a writer
        regular(&std::fs::metadata(path).map_err(LoadError::Read)?)?;
        let file = std::fs::File::open(path).map_err(LoadError::Read)?;
        let meta = file.metadata().map_err(LoadError::Read)?;
        regular(&meta)?;
        let too_large = LoadError::TooLarge { what: "the file", limit: MAX_FILE_BYTES };
        if meta.len() > MAX_FILE_BYTES {
            return Err(too_large);
        }
        let mut bytes = Vec::with_capacity(meta.len() as usize);
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(LoadError::Read)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large);
        }
        Gazetteer::from_compressed(&bytes)
    }

    /// A gazetteer over an uncompressed container that lives for the whole process.
    pub fn from_static(data: &'static [u8]) -> Result<Gazetteer, LoadError> {
        let get =
            |tag: &'static [u8; 4], what: &'static str| format::section(data, tag).ok_or(LoadError::Malformed(what));
        let recs = get(b"RECS", "RECS")?;
        if recs.len() % RECORD_SIZE != 0 {
            return Err(LoadError::Malformed("RECS"));
        }
        let fst = fst::Map::new(get(b"FST_", "FST_")?).map_err(|e| LoadError::Index(e.to_string()))?;
        Ok(Gazetteer {
            recs,
            names: get(b"NAME", "NAME")?,
            countries: pairs(get(b"CTRY", "CTRY")?),
            admin1: pairs(get(b"ADM1", "ADM1")?),
            fcodes: lines(get(b"FCOD", "FCOD")?).collect(),
            fst,
            post: get(b"POST", "POST")?,
            alt_index: get(b"ALTI", "ALTI")?,
            alt_blocks: get(b"ALTB", "ALTB")?,
            meta: get(b"META", "META")?,
            data,
            user: None,
            abbreviations: {
                let mut v: Vec<(&'static str, RecordIx)> = pairs(format::section(data, b"ABBR").unwrap_or_default())
                    .into_iter()
                    .filter_map(|(a, i)| Some((a, RecordIx(i.parse().ok()?))))
                    .filter(|&(_, i)| (i.0 as usize) < recs.len() / RECORD_SIZE)
                    .collect();
                v.sort_by_key(|(a, _)| std::cmp::Reverse(a.len()));
                v
            },
            lexicon: match (format::section(data, b"WORD"), format::section(data, b"PERS")) {
                (Some(w), Some(p)) => lexicon::Lexicon::new(w, p),
                _ => None,
            },
        })
    }

    /// Number of records, user places included.
    pub fn len(&self) -> usize {
        self.base_len() + self.user.as_ref().map_or(0, |o| o.len())
    }

    /// Number of compiled records (user places laid over them come after).
    pub fn base_len(&self) -> usize {
        self.recs.len() / RECORD_SIZE
    }

    /// The same compiled data without any user places (cheap: the data is shared).
    fn base_copy(&self) -> Gazetteer {
        Gazetteer {
            recs: self.recs,
            names: self.names,
            countries: self.countries.clone(),
            admin1: self.admin1.clone(),
            fcodes: self.fcodes.clone(),
            fst: self.fst.clone(),
            post: self.post,
            alt_index: self.alt_index,
            alt_blocks: self.alt_blocks,
            meta: self.meta,
            lexicon: self.lexicon.clone(),
            abbreviations: self.abbreviations.clone(),
            data: self.data,
            user: None,
        }
    }

    /// The user places laid over this gazetteer: (source, rows) in the order they were added.
    pub fn user_sources(&self) -> &[(String, usize)] {
        self.user.as_ref().map_or(&[], |o| o.sources())
    }

    /// The overlay's name index, when user places are laid over the gazetteer.
    pub(crate) fn user_index(&self) -> Option<&fst::Map<Vec<u8>>> {
        self.user.as_ref().map(|o| o.index())
    }

    /// True when the gazetteer has no records.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The record at `index` (0..len). Panics on an index out of range: indices come from this
    /// gazetteer's own postings.
    pub fn place(&self, index: impl Into<RecordIx>) -> Place<'_> {
        let RecordIx(index) = index.into();
        let at = index as usize * RECORD_SIZE;
        if let Some(rest) = at.checked_sub(self.recs.len()) {
            let raw = self.user.as_ref().and_then(|o| o.record(rest / RECORD_SIZE));
            return Place { gaz: self, index, raw: raw.expect("a record index of this gazetteer") };
        }
        Place { gaz: self, index, raw: RawRecord::read(&self.recs[at..at + RECORD_SIZE]) }
    }

    /// Every record, in id order.
    pub fn places(&self) -> impl Iterator<Item = Place<'_>> {
        (0..self.len() as u32).map(|i| self.place(i))
    }

    /// The record with this stable id, if any (binary search: records are sorted by id).
    pub fn by_id(&self, id: PlaceId) -> Option<Place<'_>> {
        self.base_by_id(id).or_else(|| {
            let o = self.user.as_ref()?;
            Some(self.place((self.base_len() + o.position_of(id.0)?) as u32))
        })
    }

    /// [`Gazetteer::by_id`] among the compiled records only.
    fn base_by_id(&self, id: PlaceId) -> Option<Place<'_>> {
        let (mut lo, mut hi) = (0usize, self.base_len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let p = self.place(mid as u32);
            match p.id().cmp(&id) {
                std::cmp::Ordering::Equal => return Some(p),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }

    /// The name index (folded name -> postings value), for automaton walks.
    pub(crate) fn name_index(&self) -> &fst::Map<&'static [u8]> {
        &self.fst
    }

    /// Postings of a folded name: the records it reaches, and how.
    pub fn postings(&self, folded: &str) -> Vec<Posting> {
        let mut out: Vec<Posting> = self.fst.get(folded).map(|v| self.postings_of_value(v)).unwrap_or_default();
        if let Some(o) = &self.user {
            out.extend(o.postings(folded));
        }
        out
    }

    /// Decode an fst value into postings. A damaged file (`--gazetteer FILE` can be anything that
    /// loads) cannot make this read past the POST section or name a record that does not exist:
    /// such postings are dropped, so every index it returns is safe for [`Gazetteer::place`].
    pub fn postings_of_value(&self, value: u64) -> Vec<Posting> {
        let exists = |p: &Posting| (p.record().0 as usize) < self.len();
        if value & user::USER_VALUE != 0 {
            return self.user.as_ref().map(|o| o.postings_of_value(value)).unwrap_or_default();
        }
        if value & 1 == 1 {
            return Some(Posting::unpack((value >> 1) as u32)).filter(exists).into_iter().collect();
        }
        let words = self.post.len() / 4;
        let word = |i: usize| -> Option<u32> {
            let b = self.post.get(i.checked_mul(4)?..)?.get(..4)?;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let Ok(at) = usize::try_from(value >> 1) else { return Vec::new() };
        let count = (word(at).unwrap_or(0) as usize).min(words.saturating_sub(at.saturating_add(1)));
        (1..=count).filter_map(|i| word(at + i)).map(Posting::unpack).filter(exists).collect()
    }

    /// The ASCII name and alternate names of a record (decompresses one small block).
    pub fn alternate_names(&self, index: u32) -> (String, Vec<String>) {
        if let Some(i) = (index as usize).checked_sub(self.base_len()) {
            let aliases = self.user.as_ref().map(|o| o.aliases(i).to_vec()).unwrap_or_default();
            return (String::new(), aliases);
        }
        let block = index as usize / format::ALT_BLOCK;
        let offset = |i: usize| -> Option<usize> {
            let b = self.alt_index.get(i * 4..i * 4 + 4)?;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
        };
        let (Some(start), Some(end)) = (offset(block), offset(block + 1)) else {
            return (String::new(), Vec::new());
        };
        let Some(raw) = self.alt_blocks.get(start..end).and_then(|z| zstd::stream::decode_all(z).ok()) else {
            return (String::new(), Vec::new());
        };
        let mut pos = 0;
        for i in 0..=index as usize % format::ALT_BLOCK {
            let Some(count) = format::get_varint(&raw, &mut pos) else { break };
            // a damaged count must not reserve gigabytes
            let mut names = Vec::with_capacity((count as usize).min(64));
            for _ in 0..count {
                let Some(len) = format::get_varint(&raw, &mut pos) else { break };
                let end = pos.saturating_add(usize::try_from(len).unwrap_or(usize::MAX));
                names.push(String::from_utf8_lossy(raw.get(pos..end).unwrap_or_default()).into_owned());
                pos = end;
            }
            if i == index as usize % format::ALT_BLOCK {
                let mut it = names.into_iter();
                let ascii = it.next().unwrap_or_default();
                return (ascii, it.collect());
            }
        }
        (String::new(), Vec::new())
    }

    /// The word lists the matcher uses (absent from gazetteers built without them).
    pub(crate) fn lexicon(&self) -> Option<&lexicon::Lexicon> {
        self.lexicon.as_ref()
    }

    /// The raw bytes of a section of the container (for tools that copy it unchanged).
    pub fn section_bytes(&self, tag: &[u8; 4]) -> Option<&'static [u8]> {
        format::section(self.data, tag)
    }

    /// News abbreviations ("U.S.", "W.Va.") and the record each stands for, longest first.
    pub fn abbreviations(&self) -> &[(&'static str, RecordIx)] {
        &self.abbreviations
    }

    /// English name of a country code, if known.
    pub fn country_name(&self, cc: &str) -> Option<&'static str> {
        self.countries.iter().find(|(c, _)| *c == cc).map(|(_, n)| *n)
    }

    /// Build metadata (sources, counts) as JSON.
    pub fn metadata(&self) -> serde_json::Value {
        serde_json::from_slice(self.meta).unwrap_or(serde_json::Value::Null)
    }
}

/// A view of one record.
#[derive(Clone, Copy)]
pub struct Place<'g> {
    gaz: &'g Gazetteer,
    index: u32,
    raw: RawRecord,
}

impl<'g> Place<'g> {
    /// Index of the record in this gazetteer (not stable across builds; see [`Place::id`]).
    pub fn index(&self) -> u32 {
        self.index
    }
    /// [`Place::index`] as a [`RecordIx`].
    pub fn record(&self) -> RecordIx {
        RecordIx(self.index)
    }
    /// Stable id: the GeoNames id where one exists.
    pub fn id(&self) -> PlaceId {
        PlaceId(self.raw.id)
    }
    /// Preferred name.
    pub fn name(&self) -> &'g str {
        if let Some(o) = self.overlay() {
            return o.name(&self.raw);
        }
        let start = self.raw.name_off as usize;
        let bytes = self.gaz.names.get(start..start + usize::from(self.raw.name_len)).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or("")
    }
    /// Latitude in degrees (the y of [`Place::point`]).
    pub fn lat(&self) -> f64 {
        f64::from(self.raw.lat_e6) / 1e6
    }
    /// Longitude in degrees (the x of [`Place::point`]).
    pub fn lon(&self) -> f64 {
        f64::from(self.raw.lon_e6) / 1e6
    }
    /// The place's point: x = longitude, y = latitude.
    pub fn point(&self) -> Point {
        Point::new(self.lon(), self.lat())
    }
    /// What kind of place it is.
    pub fn kind(&self) -> Kind {
        Kind::from_code(self.raw.kind).unwrap_or(Kind::City)
    }
    /// GeoNames feature code (PPLC, ADM1 …) where known.
    pub fn feature_code(&self) -> Option<&'g str> {
        self.gaz.fcodes.get(usize::from(self.raw.fcode)).copied()
    }
    /// ISO 3166-1 alpha-2 code, if the place is in a country.
    pub fn country_code(&self) -> Option<&'g str> {
        self.gaz.countries.get(usize::from(self.raw.country)).map(|(c, _)| *c)
    }
    /// Country name, if the place is in a country.
    pub fn country(&self) -> Option<&'g str> {
        self.gaz.countries.get(usize::from(self.raw.country)).map(|(_, n)| *n)
    }
    /// GeoNames admin1 code ("RU.05") of the place.
    pub fn admin1_code(&self) -> Option<&'g str> {
        self.gaz.admin1.get(usize::from(self.raw.admin1)).map(|(c, _)| *c)
    }
    /// Name of the first-level division the place is in (or is).
    pub fn admin1(&self) -> Option<&'g str> {
        let named_by_user = self.gaz.user.as_ref().and_then(|o| o.admin1_name(self.raw.admin1));
        named_by_user.or_else(|| self.gaz.admin1.get(usize::from(self.raw.admin1)).map(|(_, n)| *n))
    }
    /// The overlay this place is a user place of, if it is one laid over the gazetteer.
    fn overlay(&self) -> Option<&'g user::Overlay> {
        let o = self.gaz.user.as_deref()?;
        (self.index as usize >= self.gaz.base_len()).then_some(o)
    }
    /// A user's own place (`--user-places`, or compiled in with `gazetteer build --add`).
    pub fn is_user(&self) -> bool {
        self.raw.flags & flags::USER != 0
    }
    /// The `id` a user's places file gave this place, as written there.
    pub fn user_id(&self) -> Option<&'g str> {
        self.overlay()?.user_id(self.index as usize - self.gaz.base_len())
    }
    /// Population (0 when unknown).
    pub fn population(&self) -> u64 {
        u64::from(self.raw.population)
    }
    /// A national capital (GeoNames PPLC).
    pub fn is_capital(&self) -> bool {
        self.raw.flags & flags::CAPITAL != 0
    }
    /// The seat of a first-level division (GeoNames PPLA).
    pub fn is_admin_seat(&self) -> bool {
        self.raw.flags & flags::ADMIN_SEAT != 0
    }
    /// Named in the hand-curated supplement.
    pub fn is_curated(&self) -> bool {
        self.raw.flags & flags::CURATED != 0
    }
    /// How many alternate names the gazetteer keeps for it.
    pub fn alternate_name_count(&self) -> usize {
        usize::from(self.raw.alt_count)
    }
    /// ASCII name and alternate names.
    pub fn alternate_names(&self) -> (String, Vec<String>) {
        self.gaz.alternate_names(self.index)
    }
    /// A prior in [0, 1.25] (user places: 1.5 to 1.6) for how likely a bare mention of this name means this place: kind,
    /// population, capital status, curation. See `lookup` for how it is used.
    pub fn importance(&self) -> f64 {
        let pop_term = |scale: f64| ((self.population() as f64 + 1.0).log10() / 7.5).min(0.95) * scale;
        if self.is_user() {
            // Above every compiled place (at most 1.25), so the user's place wins its name; among
            // user places the `priority` column (0..1), else the population, decides.
            let priority = self.overlay().and_then(|o| o.priority(self.index as usize - self.gaz.base_len()));
            return 1.5 + 0.1 * priority.map_or_else(|| pop_term(1.0), |p| p.clamp(0.0, 1.0));
        }
        let base = match self.kind() {
            Kind::Country => 1.0,
            Kind::Continent => 0.95,
            Kind::Ocean => 0.9,
            Kind::Sea => 0.85,
            Kind::Admin1 => 0.5 + pop_term(0.2),
            Kind::Region => 0.75,
            Kind::LaunchSite => 0.7,
            Kind::Gulf | Kind::Strait | Kind::Bay | Kind::Canal | Kind::Desert | Kind::Cape => 0.7,
            Kind::Landmark => 0.6,
            Kind::Admin2 => 0.3 + pop_term(0.25),
            // An airport the supplement names as news does ("Heathrow", "Gatwick") outranks a
            // small namesake town abroad (Heathrow, Florida).
            Kind::Airport if self.is_curated() => 0.6,
            Kind::Airport | Kind::RailStation | Kind::BorderCrossing => 0.45,
            // Below a town of a few thousand (0.5 + 0.15 curated < its prior with a primary name),
            // above a village: a site wins a shared name only with its generic word or a cue.
            Kind::Port | Kind::PowerPlant | Kind::Dam | Kind::Bridge | Kind::Tunnel | Kind::MilitaryBase => 0.45,
            Kind::Peak => 0.55,
            Kind::City => {
                pop_term(1.0)
                    + if self.is_capital() {
                        0.15
                    } else if self.is_admin_seat() {
                        0.1
                    } else {
                        0.0
                    }
            }
            _ => 0.5,
        };
        base + if self.is_curated() { 0.15 } else { 0.0 }
    }
    /// Great-circle distance in km to a point (see [`crate::coord::distance_km`]).
    pub fn distance_km(&self, to: Point) -> f64 {
        crate::coord::distance_km(self.point(), to)
    }
}

impl std::fmt::Debug for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, {}, {:?}) #{}",
            self.name(),
            self.kind(),
            self.country_code().unwrap_or("-"),
            (self.lat(), self.lon()),
            self.id()
        )
    }
}
