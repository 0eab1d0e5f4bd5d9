//! Line geometry on the ellipsoid: densified geodesics, lengths, bearings, destinations.
//!
//! Every coordinate is `(lon, lat)` in WGS84 degrees, like `geo_types::Point` (x = longitude);
//! longitudes come out normalised to [-180, 180].

use geo::{Bearing, Destination, Distance, Geodesic, InterpolatePoint, Point};

use crate::coord::normalise_lon;

/// Spacing of the points of a densified geodesic, in metres.
pub const DENSIFY_M: f64 = 50_000.0;

/// The geodesic from `a` to `b` as points at most [`DENSIFY_M`] apart, both ends included.
pub fn geodesic_line(a: (f64, f64), b: (f64, f64)) -> Vec<(f64, f64)> {
    let (pa, pb) = (Point::new(a.0, a.1), Point::new(b.0, b.1));
    if Geodesic.distance(pa, pb) < 1.0 {
        return vec![a, b];
    }
    Geodesic.points_along_line(pa, pb, DENSIFY_M, true).map(|p| (normalise_lon(p.x()), p.y())).collect()
}

/// Length of a polyline in km along geodesics.
pub fn length_km(coords: &[(f64, f64)]) -> f64 {
    coords.windows(2).map(|w| Geodesic.distance(Point::new(w[0].0, w[0].1), Point::new(w[1].0, w[1].1))).sum::<f64>()
        / 1000.0
}

/// Initial bearing from `a` to `b`, degrees clockwise from north.
pub fn bearing(a: (f64, f64), b: (f64, f64)) -> f64 {
    Geodesic.bearing(Point::new(a.0, a.1), Point::new(b.0, b.1))
}

/// The point `km` from `a` on the given bearing.
pub fn destination(a: (f64, f64), bearing_deg: f64, km: f64) -> (f64, f64) {
    let p = Geodesic.destination(Point::new(a.0, a.1), bearing_deg, km * 1000.0);
    (normalise_lon(p.x()), p.y().clamp(-90.0, 90.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geodesics_are_densified_and_keep_their_ends() {
        let line = geodesic_line((125.75, 39.03), (131.88, 43.11));
        assert_eq!(line.first(), Some(&(125.75, 39.03)));
        let last = line.last().expect("points");
        assert!((last.0 - 131.88).abs() < 1e-6 && (last.1 - 43.11).abs() < 1e-6, "{last:?}");
        let km = length_km(&line);
        assert!((670.0..720.0).contains(&km), "{km}");
        assert!(line.len() >= (km / 50.0) as usize, "{} points for {km} km", line.len());
    }

    #[test]
    fn longitudes_are_normalised() {
        for (lon, want) in [(190.0, -170.0), (-190.0, 170.0), (180.0, 180.0), (540.0, 180.0), (10.0, 10.0)] {
            assert_eq!(normalise_lon(lon), want, "{lon}");
        }
        let across = geodesic_line((170.0, 50.0), (-170.0, 50.0));
        assert!(across.iter().all(|(lon, _)| (-180.0..=180.0).contains(lon)));
    }

    #[test]
    fn destination_and_bearing_agree() {
        let east = destination((125.0, 39.0), 90.0, 500.0);
        assert!(east.0 > 130.0 && (east.1 - 39.0).abs() < 1.0, "{east:?}");
        assert!((bearing((125.0, 39.0), east) - 90.0).abs() < 0.01);
    }
}
