//! Parsers for the coordinates people type: a point as `LAT,LON` and a map extent as `W,S,E,N`,
//! in degrees. The command line uses them for `--near`, `nearest` and `--extent`; errors are
//! one-line messages meant to be shown as they are.

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
        return Err(format!("latitude {lat} is outside -90..90"));
    }
    if !(-180.0..=180.0).contains(&lon) || !lon.is_finite() {
        return Err(format!("longitude {lon} is outside -180..180"));
    }
    Ok(geo::Point::new(lon, lat))
}

/// Parse a map extent "W,S,E,N" in degrees (four numbers; the renderer checks their ranges).
pub fn parse_extent(s: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = s
        .split(',')
        .map(|x| x.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| format!("expected W,S,E,N, got {s:?}"))?;
    <[f64; 4]>::try_from(v).map_err(|_| format!("expected four numbers W,S,E,N, got {s:?}"))
}
