//! The types every stage after the gazetteer shares: a resolved place, a mention of it in a
//! text, a document's result.

use serde::Serialize;

use serde::Serializer;

use crate::gazetteer::{Kind, Place, PlaceId};

/// A gazetteer place, detached from the gazetteer (owned strings), as output reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlaceRef {
    /// GeoNames id (or a derived id for records GeoNames lacks: airports, post offices, supplement rows).
    pub id: PlaceId,
    /// Preferred name.
    pub name: String,
    /// Latitude in degrees (WGS84), rounded to 6 decimals.
    pub lat: f64,
    /// Longitude in degrees (WGS84), rounded to 6 decimals.
    pub lon: f64,
    /// The gazetteer kind; `None` for a point that is no gazetteer place (a waypoint an
    /// explicit route pins by coordinates). Output writes it as [`PlaceRef::kind_name`].
    #[serde(serialize_with = "serialize_kind")]
    pub kind: Option<Kind>,
    /// ISO 3166-1 alpha-2 country code, when the place is in a country.
    pub country_code: Option<String>,
    /// First-level division (state, province) name, when known.
    pub admin1: Option<String>,
    /// Population (0 when unknown).
    pub population: u64,
    /// A user's own place (`--user-places`): output writes `"source": "user"`.
    #[serde(rename = "source", serialize_with = "serialize_user", skip_serializing_if = "std::ops::Not::not")]
    pub user: bool,
}

impl PlaceRef {
    /// Where the place is (x = lon, y = lat).
    pub fn coord(&self) -> geo::Coord {
        geo::Coord { x: self.lon, y: self.lat }
    }
}

impl From<&Place<'_>> for PlaceRef {
    fn from(p: &Place<'_>) -> PlaceRef {
        PlaceRef {
            id: p.id(),
            name: p.name().to_string(),
            lat: round6(p.lat()),
            lon: round6(p.lon()),
            kind: Some(p.kind()),
            country_code: p.country_code().map(str::to_string),
            admin1: p.admin1().map(str::to_string),
            population: p.population(),
            user: p.is_user(),
        }
    }
}

impl PlaceRef {
    /// The kind's name as output writes it: a point that is no gazetteer place is a `"waypoint"`.
    pub fn kind_name(&self) -> &'static str {
        kind_name(self.kind)
    }
}

fn kind_name(kind: Option<Kind>) -> &'static str {
    kind.map_or("waypoint", Kind::as_str)
}

fn serialize_user<S: Serializer>(_: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str("user")
}

fn serialize_kind<S: Serializer>(kind: &Option<Kind>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(kind_name(*kind))
}

/// Round to 6 decimals (about 0.1 m), the precision every output uses.
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// One place mention in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mention {
    /// The text as written.
    pub text: String,
    /// Character (Unicode scalar) offsets into the text, end exclusive.
    pub start: usize,
    /// End offset (exclusive), in characters like `start`.
    pub end: usize,
    /// The place the mention resolved to.
    #[serde(flatten)]
    pub place: PlaceRef,
    /// How sure the resolver is, in [0, 1].
    pub confidence: f64,
    /// A demonym or adjective ("Russian") rather than a name.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub adjective: bool,
}

/// The result for one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The document's id (from the input, or a file name).
    pub id: String,
    /// Its place mentions, in text order.
    pub mentions: Vec<Mention>,
}
