//! How a traveller moves: the mode a story's text implies for a journey ("the train" → rail,
//! "the ship sailed" → sea), which the route geometry uses to pick a network. Shared by route
//! inference (which guesses it) and routing (which draws legs on the matching network).

use serde::Serialize;

/// The way a journey or a leg of it is travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TravelMode {
    /// By train.
    Rail,
    /// By ship.
    Sea,
    /// By car, bus or on foot.
    Road,
    /// By plane.
    Air,
    /// The track of a storm: drawn through its points, never on a network.
    Storm,
}

impl TravelMode {
    /// Every mode, in a stable order.
    pub const ALL: [TravelMode; 5] =
        [TravelMode::Rail, TravelMode::Sea, TravelMode::Road, TravelMode::Air, TravelMode::Storm];

    /// The mode's name (`rail`, `sea`, …), as output and `--mode` write it.
    pub fn as_str(self) -> &'static str {
        match self {
            TravelMode::Rail => "rail",
            TravelMode::Sea => "sea",
            TravelMode::Road => "road",
            TravelMode::Air => "air",
            TravelMode::Storm => "storm",
        }
    }
}

impl std::fmt::Display for TravelMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for TravelMode {
    type Err = String;
    fn from_str(s: &str) -> Result<TravelMode, String> {
        TravelMode::ALL
            .into_iter()
            .find(|m| m.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown mode {s:?} (expected rail, sea, road, air or storm)"))
    }
}

impl TravelMode {
    /// A mode a route between named stops is travelled by (`--mode`, Python's `mode=`): any
    /// mode but `storm`, which is for storm tracks.
    pub fn parse_route_mode(s: &str) -> Result<TravelMode, String> {
        match s.parse::<TravelMode>()? {
            TravelMode::Storm => Err("mode storm is for storm tracks; expected rail, sea, road or air".into()),
            m => Ok(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_round_trip_through_their_names() {
        for m in TravelMode::ALL {
            assert_eq!(m.as_str().parse::<TravelMode>(), Ok(m), "{m}");
            assert_eq!(m.as_str().to_uppercase().parse::<TravelMode>(), Ok(m), "{m} upper case");
        }
        assert!("boat".parse::<TravelMode>().is_err());
    }
}
