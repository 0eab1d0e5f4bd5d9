//! What a name lookup gives: [`Posting`]s, each a record reached by a name and how the name is
//! written for it; [`RecordIx`], a record's position in the gazetteer; and [`PlaceId`], a
//! place's stable id. The packed on-disk
//! form ([`super::format::posting`]) is decoded here and nowhere above the gazetteer.

use super::format::posting as bits;

/// A record's position in the gazetteer's record table (what [`super::Gazetteer::place`] reads),
/// not its GeoNames id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordIx(pub u32);

impl From<u32> for RecordIx {
    fn from(index: u32) -> RecordIx {
        RecordIx(index)
    }
}

/// A place's stable id: its GeoNames id where it has one, else an id from a range of its own
/// (airports, US post offices, supplement rows; see [`super::format`]). Written as the bare
/// number in every output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct PlaceId(pub u32);

impl std::fmt::Display for PlaceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A record a folded name reaches, and how: as the record's own name, an alternate name, a
/// code, or a demonym.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    record: RecordIx,
    flags: u8,
}

impl Posting {
    /// Decode a packed posting.
    pub(crate) fn unpack(packed: u32) -> Posting {
        let (record, flags) = bits::unpack(packed);
        Posting { record: RecordIx(record), flags }
    }

    /// The record reached through one of its alternate names (news abbreviations: "U.S.").
    pub(crate) fn alternate(record: RecordIx) -> Posting {
        Posting { record, flags: bits::ALTERNATE }
    }

    /// The record this posting reaches.
    pub fn record(self) -> RecordIx {
        self.record
    }

    /// The name is the record's own name (or its ASCII form).
    pub fn is_primary(self) -> bool {
        self.flags & bits::PRIMARY != 0
    }

    /// The name is one of the record's alternate names.
    pub fn is_alternate(self) -> bool {
        self.flags & bits::ALTERNATE != 0
    }

    /// The name is the record's own or an alternate name (not only a code or a demonym).
    pub fn is_name(self) -> bool {
        self.is_primary() || self.is_alternate()
    }

    /// The name is a short code (IATA/ICAO, ISO, an all-capital abbreviation).
    pub fn is_code(self) -> bool {
        self.flags & bits::CODE != 0
    }

    /// The name is a demonym or adjective of the place ("Russian" for Russia).
    pub fn is_demonym(self) -> bool {
        self.flags & bits::DEMONYM != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_read_back_from_the_packed_form() {
        let p = Posting::unpack(bits::pack(1234, bits::ALTERNATE | bits::DEMONYM));
        assert_eq!(p.record(), RecordIx(1234));
        assert!(p.is_alternate() && p.is_demonym() && p.is_name());
        assert!(!p.is_primary() && !p.is_code());
        let code = Posting::unpack(bits::pack(bits::MAX_RECORD, bits::CODE));
        assert_eq!(code.record(), RecordIx(bits::MAX_RECORD));
        assert!(code.is_code() && !code.is_name() && !code.is_demonym());
        assert_eq!(Posting::alternate(RecordIx(7)), Posting::unpack(bits::pack(7, bits::ALTERNATE)));
    }
}
