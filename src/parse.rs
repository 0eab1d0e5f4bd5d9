//! Parsers for the coordinates people type: a point as `LAT,LON` and a map extent as `W,S,E,N`,
//! in degrees. The command line uses them for `--near`, `nearest` and `--extent`; errors are
//! one-line messages meant to be shown as they are.

/// A byte count as `--max-doc-bytes` takes it ("64M", "1G", "1500"), for messages.
pub fn show_size(n: u64) -> String {
    match n {
        n if n % (1 << 30) == 0 => format!("{}G", n >> 30),
        n if n % (1 << 20) == 0 => format!("{}M", n >> 20),
        n if n % (1 << 10) == 0 => format!("{}K", n >> 10),
        n => n.to_string(),
    }
}

/// Parse "LAT,LON" in degrees (latitude first, as people write it) into a point (x = lon).
pub fn parse_lat_lon(s: &str) -> Result<geo::Point, String> {
    let (a, b) = s.split_once(',').ok_or_else(|| format!("expected LAT,LON, got {s:?}"))?;
    let lat: f64 = a.trim().parse().map_err(|_| format!("bad latitude {:?}", a.trim()))?;
    let lon: f64 = b.trim().parse().map_err(|_| format!("bad longitude {:?}", b.trim()))?;
    point(lat, lon)
}

/// A point from a latitude and longitude in degrees, if both are in range.
pub fn point(lat: f64, lon: f64) -> Result<geo::Point, String> {
    if !(-90.0..=90.0).contains(&lat) || !lat.is_finite() {
        return Err(format!("latitude {} is outside -90..90", shown(lat)));
    }
    if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
        return Err(format!("longitude {} is outside -180..180", shown(lon)));
    }
    Ok(geo::Point::new(lon, lat))
}

/// A number for a one-line message: huge ones in exponent form (1e308, not 309 digits).
fn shown(v: f64) -> String {
    if v.is_finite() && v.abs() >= 1e9 {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

/// Parse a map extent "W,S,E,N" in degrees: four finite numbers, longitudes in -180..180,
/// latitudes in -90..90, S < N. W > E is an extent across the antimeridian (W = 170, E = -170
/// is 20° wide, centred on 180°); W = E is empty.
pub fn parse_extent(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("expected W,S,E,N, got {s:?}"))?;
    let [w, south, e, north] =
        <[f64; 4]>::try_from(v).map_err(|_| format!("expected four numbers W,S,E,N, got {s:?}"))?;
    for (what, lon) in [("west", w), ("east", e)] {
        if !lon.is_finite() || !(-180.0..=180.0).contains(&lon) {
            return Err(format!("{what} longitude {} is outside -180..180", shown(lon)));
        }
    }
    for (what, lat) in [("south", south), ("north", north)] {
        if !lat.is_finite() || !(-90.0..=90.0).contains(&lat) {
            return Err(format!("{what} latitude {} is outside -90..90", shown(lat)));
        }
    }
    if south >= north {
        return Err(format!("south {south} must be below north {north}"));
    }
    if w == e {
        return Err(format!("west and east are both {w}: the extent is empty (W > E crosses the antimeridian)"));
    }
    Ok([w, south, e, north])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extents_are_checked_for_range_and_order() {
        // (input, accepted)
        let rows = [
            ("120,35,145,55", true),
            ("-10, -5, 10, 5", true),
            ("170,-50,-170,-30", true), // across the antimeridian
            ("-180,-90,180,90", true),
            ("-1e308,0,1e308,10", false),
            ("-200,0,200,10", false),
            ("NaN,0,10,10", false),
            ("0,inf,10,10", false),
            ("0,10,10,0", false), // S > N
            ("0,5,10,5", false),
            ("5,0,5,10", false),
            ("0,-91,10,10", false),
            ("0,0,10", false),
            ("a,b,c,d", false),
        ];
        for (input, accepted) in rows {
            assert_eq!(parse_extent(input).is_ok(), accepted, "{input}: {:?}", parse_extent(input));
        }
    }

    #[test]
    fn points_are_checked_for_range() {
        let rows = [
            ("43.1,131.9", true),
            ("-90,-180", true),
            ("90.5,0", false),
            ("0,180.01", false),
            ("NaN,0", false),
            ("0,-inf", false),
            ("1e400,0", false),
            ("43.1", false),
        ];
        for (input, accepted) in rows {
            assert_eq!(parse_lat_lon(input).is_ok(), accepted, "{input}");
        }
    }
}
