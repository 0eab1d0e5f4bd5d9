//! What sort of place a record is. The set is closed so that it can be stored in one byte and
//! matched on; `as_str` names are the ones the CLI accepts and prints.

use std::fmt;
use std::str::FromStr;

macro_rules! kinds {
    ($($variant:ident = $code:literal => $name:literal),* $(,)?) => {
        /// Kind of a gazetteer record.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Kind { $(#[doc = concat!("A `", $name, "` record.")] $variant = $code),* }

        impl Kind {
            /// Every kind, in code order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];
            /// The lowercase name used on the command line and in output.
            pub fn as_str(self) -> &'static str {
                match self { $(Kind::$variant => $name),* }
            }
            /// Decode the stored byte.
            pub fn from_code(code: u8) -> Option<Kind> {
                match code { $($code => Some(Kind::$variant),)* _ => None }
            }
        }
    };
}

kinds! {
    Country = 0 => "country",
    Admin1 = 1 => "admin1",
    Admin2 = 2 => "admin2",
    City = 3 => "city",
    Continent = 4 => "continent",
    Ocean = 5 => "ocean",
    Sea = 6 => "sea",
    Gulf = 7 => "gulf",
    Bay = 8 => "bay",
    Strait = 9 => "strait",
    Canal = 10 => "canal",
    Lake = 11 => "lake",
    River = 12 => "river",
    Region = 13 => "region",
    Island = 14 => "island",
    MountainRange = 15 => "mountain_range",
    Point = 16 => "point",
    LaunchSite = 17 => "launch_site",
    RailStation = 18 => "rail_station",
    BorderCrossing = 19 => "border_crossing",
    Airport = 20 => "airport",
    District = 21 => "district",
    Cape = 22 => "cape",
    Desert = 23 => "desert",
    Landmark = 24 => "landmark",
    Port = 25 => "port",
    PowerPlant = 26 => "power_plant",
    Dam = 27 => "dam",
    Bridge = 28 => "bridge",
    Tunnel = 29 => "tunnel",
    Peak = 30 => "peak",
    MilitaryBase = 31 => "military_base",
}

impl Kind {
    /// Water bodies: named as such in text ("the Sea of Japan"), drawn in italics on maps.
    pub fn is_water(self) -> bool {
        matches!(
            self,
            Kind::Ocean | Kind::Sea | Kind::Gulf | Kind::Bay | Kind::Strait | Kind::Canal | Kind::Lake | Kind::River
        )
    }

    /// Sites: a named point that is neither a settlement nor an area (an airport, a port, a plant,
    /// a dam, a bridge, a crossing, a peak, a base, a landmark). Their names are often a town's
    /// name plus a generic word, so in text they win a bare town name only with that word or a
    /// context cue (see the resolver's trigger words).
    pub fn is_site(self) -> bool {
        matches!(
            self,
            Kind::Airport
                | Kind::Port
                | Kind::PowerPlant
                | Kind::Dam
                | Kind::Bridge
                | Kind::Tunnel
                | Kind::Peak
                | Kind::MilitaryBase
                | Kind::BorderCrossing
                | Kind::RailStation
                | Kind::LaunchSite
                | Kind::Landmark
        )
    }

    /// The kind a row of the hand-curated supplement names (its `kind` column).
    pub fn from_supplement(kind: &str) -> Option<Kind> {
        Some(match kind {
            "spaceport" | "launch_site" => Kind::LaunchSite,
            "admin_region" => Kind::Admin1,
            "archipelago" => Kind::Island,
            "nuclear_plant" | "plant" => Kind::PowerPlant,
            "naval_base" | "air_base" | "base" | "test_site" => Kind::MilitaryBase,
            "shipyard" => Kind::Port,
            "volcano" | "mountain" => Kind::Peak,
            "crossing" => Kind::BorderCrossing,
            "neighbourhood" | "township" => Kind::District,
            "square" => Kind::Landmark,
            other => return other.parse().ok(),
        })
    }
}

/// Serialised by name (`"launch_site"`), like the command line spells it.
impl serde::Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error for an unknown kind name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown kind {0:?} (known: {known})", known = Kind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", "))]
pub struct UnknownKind(pub String);

impl FromStr for Kind {
    type Err = UnknownKind;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL.iter().copied().find(|k| k.as_str().eq_ignore_ascii_case(s)).ok_or_else(|| UnknownKind(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_name_and_code() {
        for &k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>(), Ok(k), "{k}");
            assert_eq!(Kind::from_code(k as u8), Some(k), "{k}");
        }
        assert!("volcano".parse::<Kind>().is_err());
        assert_eq!(Kind::from_supplement("volcano"), Some(Kind::Peak));
        assert_eq!(Kind::from_supplement("spaceport"), Some(Kind::LaunchSite));
    }
}
