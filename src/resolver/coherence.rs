//! Rule 4, spatial coherence: options near the places the text's other names currently choose
//! gain. Other mentions of the same name are no evidence (one sense per name decides between
//! them): a name is identified by its first slot.

use rustc_hash::FxHashMap as HashMap;

use super::{confidence, is_areal, sort_options, Slot, Weights};
use crate::gazetteer::{Kind, Place};

/// Raise each slot's leading options by their closeness to the places the other names choose
/// (an option a country's name kept from document context, [`super::Opt::contextual`] false,
/// joins in only when a place the text names lies within [`LOCAL_KM`]), then re-sort.
pub(super) fn cohere(slots: &mut [Slot<'_>], name_ids: &[usize], w: &Weights) {
    pair_up(slots, name_ids, w);
    let anchors = Anchors::of(slots, name_ids, w);
    for (i, s) in slots.iter_mut().enumerate() {
        if s.options.len() < 2 {
            continue;
        }
        // Options far down the prior ranking cannot win on coherence alone.
        for o in s.options.iter_mut().take(12) {
            if !o.contextual {
                // Local evidence: a place the text names close by ("Lebanon … Zionsville")
                // makes a town named like a country a candidate like any other.
                let local = anchors.0.iter().any(|a| {
                    a.conf_excluding(name_ids[i]).is_some()
                        && a.place.index() != o.place.index()
                        && approx_km(&o.place, &a.place) < LOCAL_KM
                });
                if !local {
                    continue;
                }
                o.contextual = true;
                o.score += o.context;
            }
            let mut best: f64 = 0.0;
            for a in &anchors.0 {
                if let Some(conf) = a.conf_excluding(name_ids[i]) {
                    // The distance only lowers `conf`: an anchor no surer than the best one
                    // so far cannot raise it.
                    if conf <= best {
                        continue;
                    }
                    let other = &a.place;
                    // An areal option (a country, a state) is as close as it gets to the
                    // places inside it; its representative point says little.
                    let inside = match o.place.kind() {
                        Kind::Country => {
                            other.country_code().is_some() && other.country_code() == o.place.country_code()
                        }
                        Kind::Admin1 => other.admin1_code().is_some() && other.admin1_code() == o.place.admin1_code(),
                        _ => false,
                    };
                    let d = if inside { 0.0 } else { approx_km(&o.place, other) };
                    best = best.max(conf * (-d / w.spatial_km).exp());
                }
            }
            o.score += w.spatial * best;
        }
        sort_options(&mut s.options);
    }
}

/// Options (of the first [`PAIRED`] by score) a name shares a neighbourhood with: each other
/// name that has an option within a few tens of km of this one adds to its support, however
/// unlikely that option is on its own. Two small places that lie together ("Paris and Henry
/// County" in Tennessee, a county and its towns) explain each other better than each name's
/// likeliest reading does, which a pass over the current choices alone (below) cannot see.
/// Areal options take no part (the document's region weighs them), nor do weak or adjective
/// names; support saturates, so a long list of neighbours cannot outweigh everything else.
fn pair_up(slots: &mut [Slot<'_>], name_ids: &[usize], w: &Weights) {
    if w.paired == 0.0 {
        return;
    }
    // One slot per name: its first.
    let names: Vec<usize> = (0..slots.len())
        .filter(|&i| name_ids[i] == i && !slots[i].cand.weak && !slots[i].cand.adjective)
        .take(MAX_PAIRED_NAMES)
        .collect();
    if names.len() < 2 {
        return;
    }
    let points: Vec<Vec<Located>> = names
        .iter()
        .map(|&i| {
            slots[i]
                .options
                .iter()
                .take(PAIRED)
                .filter(|o| !is_areal(o.place.kind()))
                .map(|o| Located::new(o.place.lat(), o.place.lon()))
                .collect()
        })
        .collect();
    let far_km = FAR_SCALES * w.paired_km;
    for (i, s) in slots.iter_mut().enumerate() {
        if s.options.len() < 2 || s.cand.adjective {
            continue;
        }
        let own = name_ids[i];
        let mut changed = false;
        for o in s.options.iter_mut().take(PAIRED) {
            if is_areal(o.place.kind()) {
                continue;
            }
            let here = Located::new(o.place.lat(), o.place.lon());
            let support: f64 = names
                .iter()
                .zip(&points)
                .filter(|(&j, _)| j != own)
                .map(|(_, pts)| {
                    pts.iter()
                        .filter(|p| here.km_at_least(p) <= far_km)
                        .map(|p| (-point_km(here.point, p.point) / w.paired_km).exp())
                        .fold(0.0, f64::max)
                })
                .sum();
            if support > 0.0 {
                o.score += w.paired * (1.0 - (-support).exp());
                changed = true;
            }
        }
        if changed {
            sort_options(&mut s.options);
        }
    }
}

/// Options per name that [`pair_up`] compares.
const PAIRED: usize = 12;

/// Distance scales (`Weights::paired_km`) past which [`pair_up`] skips a pair: its support,
/// exp(-70) < 1e-30, could not change a score. Most pairs of a text's options lie that far
/// apart, and a lower bound of their distance ([`Located::km_at_least`]) costs no cosine.
const FAR_SCALES: f64 = 70.0;

/// A (lat, lon) point with the cosine of its absolute latitude, for [`Located::km_at_least`].
#[derive(Clone, Copy)]
struct Located {
    point: (f64, f64),
    cos_lat: f64,
}

impl Located {
    fn new(lat: f64, lon: f64) -> Located {
        Located { point: (lat, lon), cos_lat: lat.abs().to_radians().cos() }
    }

    /// A lower bound of [`point_km`] between the two points: the cosine of their mean latitude
    /// is at least the smaller of their own (cosine falls from the equator to the poles), and
    /// 1% off covers rounding.
    fn km_at_least(&self, other: &Located) -> f64 {
        let (a, b) = (self.point, other.point);
        let mut dlon = (a.1 - b.1).abs();
        if dlon > 180.0 {
            dlon = 360.0 - dlon;
        }
        let x = dlon.to_radians() * self.cos_lat.min(other.cos_lat);
        let y = (a.0 - b.0).to_radians();
        0.99 * 6371.0088 * (x * x + y * y).sqrt()
    }
}

/// Names per text that [`pair_up`] compares (the first ones): it weighs every pair of them.
const MAX_PAIRED_NAMES: usize = 200;

/// [`approx_km`] between two (lat, lon) points.
fn point_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let mut dlon = (a.1 - b.1).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    let x = dlon.to_radians() * ((a.0 + b.0) / 2.0).to_radians().cos();
    let y = (a.0 - b.0).to_radians();
    6371.0088 * (x * x + y * y).sqrt()
}

/// The places the slots currently choose, each once, as anchors for spatial coherence. A long
/// text names the same places over and over; comparing every option with each distinct place
/// (not with every other mention) keeps resolving linear in the number of mentions.
struct Anchors<'g>(Vec<Anchor<'g>>);

/// A chosen place with the best confidence of the names choosing it, and the best confidence
/// among the other names: a slot skips its own name's choices and still sees any other name
/// choosing the same place.
struct Anchor<'g> {
    place: Place<'g>,
    /// (name id, confidence) of the surest name choosing this place.
    best: (usize, f64),
    /// The best confidence among names other than `best`'s.
    other: Option<f64>,
}

impl<'g> Anchors<'g> {
    fn of(slots: &[Slot<'g>], name_ids: &[usize], w: &Weights) -> Anchors<'g> {
        let mut out: Vec<Anchor<'g>> = Vec::new();
        let mut at: HashMap<u32, usize> = HashMap::default();
        for (s, &name) in slots.iter().zip(name_ids) {
            let Some(o) = s.options.first().filter(|o| !is_areal(o.place.kind())) else { continue };
            let conf = confidence(&s.options, w);
            match at.get(&o.place.index()) {
                Some(&k) => {
                    let a = &mut out[k];
                    if name == a.best.0 {
                        a.best.1 = a.best.1.max(conf);
                    } else if conf > a.best.1 {
                        // The old best is the surest of all names but the new one.
                        a.other = Some(a.best.1);
                        a.best = (name, conf);
                    } else if a.other.is_none_or(|c| conf > c) {
                        a.other = Some(conf);
                    }
                }
                None => {
                    at.insert(o.place.index(), out.len());
                    out.push(Anchor { place: o.place, best: (name, conf), other: None });
                }
            }
        }
        Anchors(out)
    }
}

impl Anchor<'_> {
    /// The best confidence among the names choosing this place other than `name`.
    fn conf_excluding(&self, name: usize) -> Option<f64> {
        if self.best.0 == name {
            self.other
        } else {
            Some(self.best.1)
        }
    }
}

/// Equirectangular distance: within a few percent of the great circle at the scales the
/// coherence score cares about (hundreds of km), and much cheaper.
pub(super) fn approx_km(a: &Place<'_>, b: &Place<'_>) -> f64 {
    let mut dlon = (a.lon() - b.lon()).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    let x = dlon.to_radians() * ((a.lat() + b.lat()) / 2.0).to_radians().cos();
    let y = (a.lat() - b.lat()).to_radians();
    6371.0088 * (x * x + y * y).sqrt()
}

/// Distance within which a place the text names is local evidence for a town.
pub(super) const LOCAL_KM: f64 = 40.0;

#[cfg(test)]
mod tests {
    use super::super::{name_ids, Resolver};
    use super::*;
    use crate::gazetteer::Gazetteer;
    use crate::matcher::text::Text;

    /// The top reading of `name` in `text` before and after the coherence pass.
    fn before_after(text: &str, name: &str) -> (String, String) {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let r = Resolver::new(gaz);
        let t = Text::new(text);
        let mut slots: Vec<Slot<'_>> =
            r.matcher.find_in(&t).into_iter().map(|c| r.slot(&t, c, crate::resolver::Role::Found)).collect();
        for s in &mut slots {
            for o in &mut s.options {
                o.score = o.prior;
                o.contextual = true;
            }
        }
        let i = slots.iter().position(|s| t.slice(s.cand.start, s.cand.end) == name).expect("the name is found");
        let top = |s: &Slot<'_>| s.options.first().and_then(|o| o.place.admin1()).unwrap_or_default().to_string();
        let before = top(&slots[i]);
        let ids = name_ids(&slots);
        cohere(&mut slots, &ids, &Weights::default());
        (before, top(&slots[i]))
    }

    #[test]
    fn neighbours_pull_a_name_toward_them() {
        // By prior alone Portland is Oregon's; among towns of Maine it is Maine's.
        let (before, after) = before_after("Portland, Bangor and Lewiston were snowed in.", "Portland");
        assert_eq!((before.as_str(), after.as_str()), ("Oregon", "Maine"));
    }

    #[test]
    fn a_name_alone_keeps_its_reading() {
        let (before, after) = before_after("Portland.", "Portland");
        assert_eq!(before, after);
    }

    #[test]
    fn the_distance_bound_of_pair_up_never_exceeds_the_distance() {
        let points = [
            (0.0, 0.0),
            (45.0, -93.0),
            (44.9, -92.5),
            (-33.9, 151.2),
            (64.8, -147.7),
            (51.5, 179.9),
            (51.4, -179.8),
            (89.9, 10.0),
            (-89.9, -170.0),
            (35.0, 139.0),
            (35.0, 139.0),
        ];
        for &a in &points {
            for &b in &points {
                let bound = Located::new(a.0, a.1).km_at_least(&Located::new(b.0, b.1));
                let exact = point_km(a, b);
                assert!(bound <= exact, "{a:?} {b:?}: bound {bound} over {exact}");
                assert!(bound >= 0.5 * exact, "{a:?} {b:?}: bound {bound} far below {exact}");
            }
        }
    }

    #[test]
    fn the_equirectangular_distance_is_close_to_the_great_circle() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let find = |n: &str| gaz.lookup(n, &Default::default())[0].place;
        let (a, b) = (find("Lyon"), find("Geneva"));
        let exact = a.distance_km(b.point());
        let approx = approx_km(&a, &b);
        assert!((approx - exact).abs() / exact < 0.02, "{approx} vs {exact}");
    }
}
