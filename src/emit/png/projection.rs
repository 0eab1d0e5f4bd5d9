//! Map projections on the unit sphere, and the choice of one for an extent.
//!
//! Invariants:
//! - `forward` takes degrees (lon, lat) and returns unit-sphere map coordinates with y pointing
//!   north; `inverse` undoes it to within 1e-9 degrees inside the projection's domain.
//! - Longitudes are always taken relative to the central meridian and wrapped to [-180, 180),
//!   so an extent that crosses the antimeridian (W = 170, E = -170) is just a central meridian
//!   of 180 and nothing downstream needs to know.
//! - The formulas are the spherical ones from Snyder, "Map Projections – A Working Manual"
//!   (USGS PP 1395, 1987): Lambert conformal conic (eqs. 15-1 to 15-5, 14-4) and equidistant
//!   cylindrical (eqs. 12-1, 12-2); Equal Earth follows Šavrič, Patterson & Jenny (2018).

use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};

use geo::{Coord, Point};

/// Which projection to draw the map in. `None` in the options means "choose from the extent".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectionKind {
    /// Lambert conformal conic with two standard parallels: regional maps in mid latitudes.
    ConicConformal,
    /// Equal Earth (equal-area, Robinson-like look): world and continent-wide maps.
    EqualEarth,
    /// Plate carrée stretched to be true to scale at the extent's middle latitude.
    Equirectangular,
}

impl std::str::FromStr for ProjectionKind {
    type Err = String;
    fn from_str(s: &str) -> Result<ProjectionKind, String> {
        match s.to_ascii_lowercase().as_str() {
            "conic" | "lcc" | "lambert" => Ok(ProjectionKind::ConicConformal),
            "equal-earth" | "equalearth" | "world" => Ok(ProjectionKind::EqualEarth),
            "equirectangular" | "plate-carree" | "latlon" => Ok(ProjectionKind::Equirectangular),
            other => Err(format!("unknown projection {other:?} (expected conic, equal-earth or equirectangular)")),
        }
    }
}

impl std::fmt::Display for ProjectionKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ProjectionKind::ConicConformal => "conic",
            ProjectionKind::EqualEarth => "equal-earth",
            ProjectionKind::Equirectangular => "equirectangular",
        })
    }
}

/// A projection with all its constants fixed.
#[derive(Clone, Debug, PartialEq)]
pub struct Projection {
    /// Which projection.
    pub kind: ProjectionKind,
    /// Central meridian, degrees in [-180, 180).
    pub lon0: f64,
    params: Params,
}

#[derive(Clone, Debug, PartialEq)]
enum Params {
    Lcc { n: f64, f: f64, rho0: f64 },
    EqualEarth,
    Equirect { cos_phi1: f64, lat0: f64 },
}

/// Wrap a longitude difference to [-180, 180).
pub fn wrap_lon(d: f64) -> f64 {
    let w = (d + 180.0).rem_euclid(360.0) - 180.0;
    if w >= 180.0 {
        w - 360.0
    } else {
        w
    }
}

impl Projection {
    /// Lambert conformal conic, spherical (Snyder 15-1..15-3). Falls back to equirectangular
    /// when the standard parallels are symmetric about the equator (the cone flattens out).
    pub fn lambert_conformal(lon0: f64, lat0: f64, lat1: f64, lat2: f64) -> Projection {
        let (p0, p1, p2) = (lat0.to_radians(), lat1.to_radians(), lat2.to_radians());
        let n = if (lat1 - lat2).abs() < 1e-9 {
            p1.sin()
        } else {
            (p1.cos() / p2.cos()).ln() / ((FRAC_PI_4 + p2 / 2.0).tan() / (FRAC_PI_4 + p1 / 2.0).tan()).ln()
        };
        if n.abs() < 1e-3 || !n.is_finite() {
            return Projection::equirectangular(lon0, lat0, (lat1 + lat2) / 2.0);
        }
        let f = p1.cos() * (FRAC_PI_4 + p1 / 2.0).tan().powf(n) / n;
        let rho0 = f / (FRAC_PI_4 + p0 / 2.0).tan().powf(n);
        Projection { kind: ProjectionKind::ConicConformal, lon0: wrap_lon(lon0), params: Params::Lcc { n, f, rho0 } }
    }

    /// The Equal Earth projection centred on meridian `lon0` (degrees).
    pub fn equal_earth(lon0: f64) -> Projection {
        Projection { kind: ProjectionKind::EqualEarth, lon0: wrap_lon(lon0), params: Params::EqualEarth }
    }

    /// Equidistant cylindrical, true to scale along `lat_ts`, origin at (lon0, lat0).
    pub fn equirectangular(lon0: f64, lat0: f64, lat_ts: f64) -> Projection {
        Projection {
            kind: ProjectionKind::Equirectangular,
            lon0: wrap_lon(lon0),
            params: Params::Equirect { cos_phi1: lat_ts.to_radians().cos().max(0.05), lat0 },
        }
    }

    /// Pick and parametrise a projection for a W,S,E,N extent (W > E means it crosses 180°).
    pub fn for_extent(extent: [f64; 4], kind: Option<ProjectionKind>) -> Projection {
        let [w, s, e, n] = extent;
        let span_lon = lon_span(w, e);
        let lon0 = wrap_lon(w + span_lon / 2.0);
        let lat0 = (s + n) / 2.0;
        let kind = kind.unwrap_or(if span_lon > 100.0 || (n - s) > 70.0 {
            ProjectionKind::EqualEarth
        } else if s < 0.0 && n > 0.0 || lat0.abs() < 12.0 {
            ProjectionKind::Equirectangular
        } else {
            ProjectionKind::ConicConformal
        });
        match kind {
            ProjectionKind::ConicConformal => {
                let sixth = (n - s) / 6.0;
                Projection::lambert_conformal(lon0, lat0, s + sixth, n - sixth)
            }
            ProjectionKind::EqualEarth => Projection::equal_earth(lon0),
            ProjectionKind::Equirectangular => Projection::equirectangular(lon0, lat0, lat0),
        }
    }

    /// Degrees in, unit-sphere map coordinates out (y north).
    pub fn forward(&self, lon: f64, lat: f64) -> (f64, f64) {
        self.forward_relative(wrap_lon(lon - self.lon0), lat)
    }

    /// Like `forward`, but takes the longitude relative to the central meridian and does not
    /// wrap it, so geometry cut at the seam (±180 from `lon0`) lands on the correct edge.
    pub fn forward_relative(&self, dlon: f64, lat: f64) -> (f64, f64) {
        let lam = dlon.to_radians();
        let phi = lat.clamp(-89.999, 89.999).to_radians();
        match self.params {
            Params::Lcc { n, f, rho0 } => {
                let rho = f / (FRAC_PI_4 + phi / 2.0).tan().powf(n);
                let theta = n * lam;
                (rho * theta.sin(), rho0 - rho * theta.cos())
            }
            Params::EqualEarth => equal_earth_forward(lam, phi),
            Params::Equirect { cos_phi1, lat0 } => (lam * cos_phi1, phi - lat0.to_radians()),
        }
    }

    /// Map coordinates back to degrees; `None` outside the projection's domain.
    pub fn inverse(&self, x: f64, y: f64) -> Option<(f64, f64)> {
        let (lam, phi) = match self.params {
            Params::Lcc { n, f, rho0 } => {
                let dy = rho0 - y;
                let rho = n.signum() * (x * x + dy * dy).sqrt();
                let theta = if n > 0.0 { x.atan2(dy) } else { (-x).atan2(-dy) };
                let phi =
                    if rho == 0.0 { n.signum() * FRAC_PI_2 } else { 2.0 * (f / rho).powf(1.0 / n).atan() - FRAC_PI_2 };
                let lam = theta / n;
                if lam.abs() > PI + 1e-9 {
                    return None;
                }
                (lam, phi)
            }
            Params::EqualEarth => equal_earth_inverse(x, y)?,
            Params::Equirect { cos_phi1, lat0 } => (x / cos_phi1, y + lat0.to_radians()),
        };
        if !lam.is_finite() || !phi.is_finite() || phi.abs() > FRAC_PI_2 + 1e-9 {
            return None;
        }
        if lam.abs() > PI + 1e-9 {
            return None;
        }
        Some((wrap_lon(self.lon0 + lam.to_degrees()), phi.to_degrees().clamp(-90.0, 90.0)))
    }
}

/// Eastward span from w to e in degrees, in (0, 360].
pub fn lon_span(w: f64, e: f64) -> f64 {
    let d = (e - w).rem_euclid(360.0);
    if d == 0.0 && e != w {
        360.0
    } else if d == 0.0 {
        0.0
    } else {
        d
    }
}

const EE_A1: f64 = 1.340264;
const EE_A2: f64 = -0.081106;
const EE_A3: f64 = 0.000893;
const EE_A4: f64 = 0.003796;

fn equal_earth_forward(lam: f64, phi: f64) -> (f64, f64) {
    let m = 3f64.sqrt() / 2.0;
    let theta = (m * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = 2.0 * 3f64.sqrt() * lam * theta.cos()
        / (3.0 * (9.0 * EE_A4 * t6 * t2 + 7.0 * EE_A3 * t6 + 3.0 * EE_A2 * t2 + EE_A1));
    let y = theta * (EE_A1 + EE_A2 * t2 + t6 * (EE_A3 + EE_A4 * t2));
    (x, y)
}

fn equal_earth_inverse(x: f64, y: f64) -> Option<(f64, f64)> {
    // Newton iteration on theta for y(theta) = y.
    let mut theta = y / EE_A1;
    for _ in 0..20 {
        let t2 = theta * theta;
        let t6 = t2 * t2 * t2;
        let fy = theta * (EE_A1 + EE_A2 * t2 + EE_A3 * t6 + EE_A4 * t6 * t2) - y;
        let fpy = EE_A1 + 3.0 * EE_A2 * t2 + 7.0 * EE_A3 * t6 + 9.0 * EE_A4 * t6 * t2;
        let step = fy / fpy;
        theta -= step;
        if step.abs() < 1e-12 {
            break;
        }
    }
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let m = 3f64.sqrt() / 2.0;
    let lam = 3.0 * x * (EE_A1 + 3.0 * EE_A2 * t2 + t6 * (7.0 * EE_A3 + 9.0 * EE_A4 * t2))
        / (2.0 * 3f64.sqrt() * theta.cos());
    let s = theta.sin() / m;
    if s.abs() > 1.0 + 1e-12 {
        return None;
    }
    Some((lam, s.clamp(-1.0, 1.0).asin()))
}

/// Great-circle distance in km between two positions in degrees (x = longitude, y =
/// latitude): [`crate::coord::distance_km`], the one great-circle distance of the crate.
pub fn great_circle_km(a: impl Into<Coord>, b: impl Into<Coord>) -> f64 {
    crate::coord::distance_km(Point::from(a.into()), Point::from(b.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lcc_matches_snyder_worked_example() {
        // Snyder p. 295: sphere R = 1, standard parallels 33N/45N, origin 23N 96W;
        // point 35N 75W -> x = 0.2966785, y = 0.2462112 (n = 0.6304777, rho0 = 1.5071429).
        let p = Projection::lambert_conformal(-96.0, 23.0, 33.0, 45.0);
        let Params::Lcc { n, f, rho0 } = p.params else { panic!("expected LCC params") };
        assert!((n - 0.6304777).abs() < 5e-8, "n = {n}");
        assert!((f - 1.9550002).abs() < 5e-8, "F = {f}");
        assert!((rho0 - 1.5071429).abs() < 5e-8, "rho0 = {rho0}");
        let (x, y) = p.forward(-75.0, 35.0);
        assert!((x - 0.2966785).abs() < 5e-8, "x = {x}");
        assert!((y - 0.2462112).abs() < 5e-8, "y = {y}");
    }

    #[test]
    fn round_trips() {
        let projections = [
            ("lcc korea", Projection::lambert_conformal(132.0, 45.0, 40.0, 50.0)),
            ("lcc south", Projection::lambert_conformal(147.0, -30.0, -20.0, -40.0)),
            ("lcc 180", Projection::lambert_conformal(180.0, 60.0, 55.0, 65.0)),
            ("equal earth", Projection::equal_earth(10.0)),
            ("equirect", Projection::equirectangular(-60.0, 0.0, 5.0)),
        ];
        let points = [(125.75, 39.03), (-170.0, 52.0), (179.9, 61.0), (0.0, 0.0), (151.2, -33.9)];
        for (name, p) in &projections {
            for &(lon, lat) in &points {
                let (x, y) = p.forward(lon, lat);
                let (lo, la) = p.inverse(x, y).unwrap_or((f64::NAN, f64::NAN));
                let dlon = wrap_lon(lo - lon).abs();
                assert!(dlon < 1e-9 && (la - lat).abs() < 1e-9, "{name}: ({lon},{lat}) -> ({lo},{la})");
            }
        }
    }

    #[test]
    fn lcc_is_conformal_at_a_point() {
        // Scale along the meridian equals scale along the parallel (Snyder 15-4).
        let p = Projection::lambert_conformal(132.0, 45.0, 40.0, 50.0);
        let d = 1e-6;
        for &(lon, lat) in &[(132.0, 45.0), (120.0, 38.0), (150.0, 55.0)] {
            let (x0, y0) = p.forward(lon, lat);
            let (x1, y1) = p.forward(lon + d, lat);
            let (x2, y2) = p.forward(lon, lat + d);
            let k = ((x1 - x0).hypot(y1 - y0)) / (d.to_radians() * f64::to_radians(lat).cos());
            let h = ((x2 - x0).hypot(y2 - y0)) / d.to_radians();
            assert!((k - h).abs() < 1e-6, "({lon},{lat}): k = {k}, h = {h}");
        }
        // True scale on the standard parallels.
        for lat in [40.0, 50.0] {
            let (x0, y0) = p.forward(132.0, lat);
            let (x1, y1) = p.forward(132.0 + d, lat);
            let k = ((x1 - x0).hypot(y1 - y0)) / (d.to_radians() * f64::to_radians(lat).cos());
            assert!((k - 1.0).abs() < 1e-6, "k at {lat} = {k}");
        }
    }

    #[test]
    fn equal_earth_known_values() {
        // Equator at 180 deg: x = 2/sqrt(3) * pi / A1 = 2.706629...; pole: y = 1.317362...
        let p = Projection::equal_earth(0.0);
        let (x, y) = p.forward(179.999_999_999, 0.0);
        assert!((x - 2.0 / 3f64.sqrt() * PI / EE_A1).abs() < 1e-9, "x = {x}");
        assert!(y.abs() < 1e-12);
        let (_, y) = p.forward(0.0, 89.999);
        assert!((y - 1.317_362).abs() < 1e-4, "y(pole) = {y}");
    }

    #[test]
    fn antimeridian_extent_is_centred_on_180() {
        let p = Projection::for_extent([170.0, 50.0, -170.0, 60.0], None);
        assert_eq!(p.kind, ProjectionKind::ConicConformal);
        assert!((p.lon0.abs() - 180.0).abs() < 1e-9, "lon0 = {}", p.lon0);
        let (xw, _) = p.forward(170.0, 55.0);
        let (xe, _) = p.forward(-170.0, 55.0);
        assert!(xw < 0.0 && xe > 0.0 && (xw + xe).abs() < 1e-12, "{xw} {xe}");
    }

    #[test]
    fn automatic_choice() {
        let rows = [
            ([116.0, 35.0, 154.0, 53.0], ProjectionKind::ConicConformal),
            ([-180.0, -60.0, 180.0, 85.0], ProjectionKind::EqualEarth),
            ([95.0, -10.0, 140.0, 8.0], ProjectionKind::Equirectangular),
        ];
        for (extent, want) in rows {
            assert_eq!(Projection::for_extent(extent, None).kind, want, "{extent:?}");
        }
    }

    #[test]
    fn kind_names_round_trip() {
        for k in [ProjectionKind::ConicConformal, ProjectionKind::EqualEarth, ProjectionKind::Equirectangular] {
            assert_eq!(k.to_string().parse::<ProjectionKind>(), Ok(k), "{k}");
        }
        assert!("mercator".parse::<ProjectionKind>().is_err());
    }

    #[test]
    fn wrap_and_span() {
        let rows = [(190.0, -170.0), (-180.0, -180.0), (180.0, -180.0), (540.0, -180.0), (-190.0, 170.0)];
        for (d, want) in rows {
            assert_eq!(wrap_lon(d), want, "wrap_lon({d})");
        }
        assert_eq!(lon_span(170.0, -170.0), 20.0);
        assert_eq!(lon_span(-180.0, 180.0), 360.0);
    }

    #[test]
    fn great_circle_one_degree_of_latitude() {
        let d = great_circle_km(Coord { x: 0.0, y: 0.0 }, Coord { x: 0.0, y: 1.0 });
        assert!((d - 111.195).abs() < 0.01, "{d}");
    }
}
