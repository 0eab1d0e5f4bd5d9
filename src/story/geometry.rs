//! Line geometry on the ellipsoid: densified geodesics, lengths, bearings, destinations.
//!
//! Every coordinate is a [`Coord`] in WGS84 degrees (x = longitude, y = latitude); longitudes
//! come out normalised to [-180, 180].

use geo::{Bearing, Coord, Destination, Distance, Geodesic, InterpolatePoint, Point};

use crate::coord::normalise_lon;

/// Spacing of the points of a densified geodesic, in metres.
pub const DENSIFY_M: f64 = 50_000.0;

/// The geodesic from `a` to `b` as points at most [`DENSIFY_M`] apart, both ends included.
pub fn geodesic_line(a: Coord, b: Coord) -> Vec<Coord> {
    let (pa, pb) = (Point(a), Point(b));
    if Geodesic.distance(pa, pb) < 1.0 {
        return vec![a, b];
    }
    Geodesic.points_along_line(pa, pb, DENSIFY_M, true).map(|p| Coord { x: normalise_lon(p.x()), y: p.y() }).collect()
}

/// Length of a polyline in km along geodesics.
pub fn length_km(coords: &[Coord]) -> f64 {
    coords.windows(2).map(|w| Geodesic.distance(Point(w[0]), Point(w[1]))).sum::<f64>() / 1000.0
}

/// Initial bearing from `a` to `b`, degrees clockwise from north.
pub fn bearing(a: Coord, b: Coord) -> f64 {
    Geodesic.bearing(Point(a), Point(b))
}

/// The point `km` from `a` on the given bearing.
pub fn destination(a: Coord, bearing_deg: f64, km: f64) -> Coord {
    let p = Geodesic.destination(Point(a), bearing_deg, km * 1000.0);
    Coord { x: normalise_lon(p.x()), y: p.y().clamp(-90.0, 90.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geodesics_are_densified_and_keep_their_ends() {
        let line = geodesic_line((125.75, 39.03).into(), (131.88, 43.11).into());
        assert_eq!(line.first(), Some(&Coord { x: 125.75, y: 39.03 }));
        let last = line.last().expect("points");
        assert!((last.x - 131.88).abs() < 1e-6 && (last.y - 43.11).abs() < 1e-6, "{last:?}");
        let km = length_km(&line);
        assert!((670.0..720.0).contains(&km), "{km}");
        assert!(line.len() >= (km / 50.0) as usize, "{} points for {km} km", line.len());
    }

    #[test]
    fn geodesics_across_the_antimeridian_keep_longitudes_normalised() {
        let across = geodesic_line((170.0, 50.0).into(), (-170.0, 50.0).into());
        assert!(across.len() > 2 && across.iter().all(|c| (-180.0..=180.0).contains(&c.x)));
    }

    #[test]
    fn destination_and_bearing_agree() {
        let start = Coord { x: 125.0, y: 39.0 };
        let east = destination(start, 90.0, 500.0);
        assert!(east.x > 130.0 && (east.y - 39.0).abs() < 1.0, "{east:?}");
        assert!((bearing(start, east) - 90.0).abs() < 0.01);
    }
}
