//! Coordinates as every stage passes them: [`geo::Point`] with x = longitude, y = latitude, in
//! WGS84 degrees. One great-circle distance and one longitude wrap for the whole crate.
//!
//! The distance is geo's [`Haversine`] metric space, whose default sphere has the GRS80 mean
//! radius (6371.0088 km) — the radius the evaluation scorer measures acc@161 with, so a
//! distance here and an error there agree.

use geo::{Distance, Haversine};

/// The coordinate types of the public API, re-exported so callers need not name `geo`'s version.
pub use geo::{Coord, LineString, Point};

/// Great-circle distance in km between two points (haversine on the 6371.0088 km sphere).
pub fn distance_km(a: Point, b: Point) -> f64 {
    Haversine.distance(a, b) / 1000.0
}

/// A longitude (or a difference of two) wrapped into [-180, 180]. A value already in range comes
/// back unchanged, bit for bit; a positive value that wraps to the antimeridian stays +180.
pub fn normalise_lon(lon: f64) -> f64 {
    if (-180.0..=180.0).contains(&lon) {
        return lon;
    }
    let l = (lon + 180.0).rem_euclid(360.0) - 180.0;
    if l == -180.0 && lon > 0.0 {
        180.0
    } else {
        l
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_on_the_mean_sphere() {
        // (a, b, km, tolerance): 1° of arc is 2πR/360 = 111.19508 km on this sphere.
        let rows = [
            (Point::new(0.0, 0.0), Point::new(1.0, 0.0), 111.195_08, 1e-5),
            (Point::new(0.0, 0.0), Point::new(0.0, 1.0), 111.195_08, 1e-5),
            (Point::new(179.5, 10.0), Point::new(-179.5, 10.0), 109.505, 1e-3),
            (Point::new(2.3522, 48.8566), Point::new(2.3522, 48.8566), 0.0, 0.0),
            (Point::new(-0.1276, 51.5072), Point::new(2.3522, 48.8566), 343.53, 0.01),
            // A quarter meridian is πR/2.
            (Point::new(37.0, 0.0), Point::new(37.0, 90.0), 10_007.557, 1e-3),
            // Antipodes: half the circumference, never NaN.
            (Point::new(20.0, 10.0), Point::new(-160.0, -10.0), 20_015.114, 1e-3),
            (Point::new(0.0, 90.0), Point::new(0.0, -90.0), 20_015.114, 1e-3),
        ];
        for (a, b, want, tol) in rows {
            let d = distance_km(a, b);
            assert!((d - want).abs() <= tol, "{a:?} -> {b:?}: {d} km, want {want}");
            assert_eq!(d, distance_km(b, a), "{a:?} <-> {b:?} symmetric");
        }
    }

    #[test]
    fn longitudes_wrap_into_range() {
        let rows = [
            (190.0, -170.0),
            (-190.0, 170.0),
            (180.0, 180.0),
            (-180.0, -180.0),
            (540.0, 180.0),
            (360.0, 0.0),
            (10.0, 10.0),
            (1e-10, 1e-10),
            (-359.5, 0.5),
        ];
        for (lon, want) in rows {
            assert_eq!(normalise_lon(lon), want, "{lon}");
        }
    }
}
