//! Candidate spans → chosen places with a confidence (disambiguation).
//!
//! Each candidate's options are the places its name can mean. An option's score is its prior —
//! `(match quality + importance) / 2`, the same ranking as `lookup` — plus evidence from the
//! document:
//! - the countries and first-level regions the text names or whose places dominate it ("Khasan"
//!   in a text about Russia is the Russian one);
//! - "Place, Container" patterns and datelines ("Alexandria, Louisiana", "VLADIVOSTOK, Russia"):
//!   options inside the container win;
//! - trigger words next to the name ("… County", "city of …", "… Oblast", "… Sea");
//! - spatial coherence: options near the other places the text resolves to (second pass);
//! - one sense per name per document.
//!
//! `confidence` is the softmax share of the chosen option among the options, lowered for weak
//! recognitions (names that are also common words).

use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::format::posting;
use crate::gazetteer::{fold_name, Gazetteer, Kind, Place};
use crate::matcher::text::Text;
use crate::matcher::{Candidate, Matcher};
use crate::model::{Mention, PlaceRef};

/// Options kept per candidate (by prior) before context scoring.
const MAX_OPTIONS: usize = 40;

/// Weights of the evidence (tuned on the development corpora, see README).
#[derive(Debug, Clone)]
pub struct Weights {
    pub country: f64,
    pub admin1: f64,
    pub container: f64,
    pub trigger: f64,
    pub spatial: f64,
    pub spatial_km: f64,
    pub temperature: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            country: 0.25,
            admin1: 0.2,
            container: 0.6,
            trigger: 0.3,
            spatial: 0.2,
            spatial_km: 300.0,
            temperature: 0.08,
        }
    }
}

/// Options for a resolve run.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Report demonyms and adjectives ("Russian") as mentions too.
    pub adjectives: bool,
    pub weights: Weights,
}

/// Resolves texts against one gazetteer.
pub struct Resolver<'g> {
    gaz: &'g Gazetteer,
    matcher: Matcher<'g>,
}

struct Opt<'g> {
    place: Place<'g>,
    prior: f64,
    score: f64,
}

struct Slot<'g> {
    cand: Candidate,
    key: String,
    options: Vec<Opt<'g>>,
}

impl<'g> Resolver<'g> {
    pub fn new(gaz: &'g Gazetteer) -> Resolver<'g> {
        Resolver { gaz, matcher: Matcher::new(gaz) }
    }

    /// The place mentions of a text, in text order.
    pub fn resolve(&self, text: &str, opts: &ResolveOptions) -> Vec<Mention> {
        let t = Text::new(text);
        let candidates = self.matcher.find_in(&t);
        let w = &opts.weights;
        let mut slots: Vec<Slot<'g>> = candidates.into_iter().map(|c| self.slot(&t, c)).collect();
        if slots.is_empty() {
            return Vec::new();
        }

        // Document context: countries and first-level regions, weighted by how sure each
        // candidate is about them.
        let mut countries: HashMap<&str, f64> = HashMap::default();
        let mut admin1s: HashMap<&str, f64> = HashMap::default();
        for s in &slots {
            let Some(top) = s.options.first() else { continue };
            let total: f64 = s.options.iter().map(|o| (o.prior * 10.0).exp()).sum();
            let share = (top.prior * 10.0).exp() / total;
            if let Some(cc) = top.place.country_code() {
                let boost = if top.place.kind() == Kind::Country { 1.5 } else { 1.0 };
                *countries.entry(cc).or_default() += share * boost;
            }
            if let Some(a1) = top.place.admin1_code() {
                if top.place.kind() != Kind::Country {
                    *admin1s.entry(a1).or_default() += share;
                }
            }
        }
        let top_country = countries.values().copied().fold(0.0, f64::max).max(1.0);
        let container = containers(&t, &slots);
        for (i, s) in slots.iter_mut().enumerate() {
            let trig = trigger_kind(&t, &s.cand);
            for o in &mut s.options {
                let mut score = o.prior;
                if let Some(cc) = o.place.country_code() {
                    let own = if o.place.kind() == Kind::Country { 1.5 } else { 0.0 };
                    let c = (countries.get(cc).copied().unwrap_or(0.0) - own).max(0.0);
                    // Relative to the document's main country, and saturating.
                    score += w.country * (c / top_country).min(1.0) * (1.0 - (-c).exp());
                }
                if let Some(a1) = o.place.admin1_code() {
                    if o.place.kind() != Kind::Admin1 && o.place.kind() != Kind::Country {
                        let a = admin1s.get(a1).copied().unwrap_or(0.0);
                        score += w.admin1 * (1.0 - (-a).exp());
                    }
                }
                if let Some(inside) = container.get(&i) {
                    if inside.iter().any(|(cc, a1)| {
                        o.place.country_code() == Some(cc.as_str())
                            && a1.as_deref().is_none_or(|a| o.place.admin1_code() == Some(a))
                    }) {
                        score += w.container;
                    }
                }
                if trig.is_some_and(|k| k == o.place.kind()) {
                    score += w.trigger;
                }
                o.score = score;
            }
            sort_options(&mut s.options);
        }

        // Spatial coherence: prefer options near the other places' current choices.
        let anchors = Anchors::of(&slots, w);
        for (i, s) in slots.iter_mut().enumerate() {
            if s.options.len() < 2 {
                continue;
            }
            // Options far down the prior ranking cannot win on coherence alone.
            for o in s.options.iter_mut().take(12) {
                let mut best: f64 = 0.0;
                for a in &anchors.0 {
                    if let Some(conf) = a.conf_excluding(i) {
                        let other = &a.place;
                        // An areal option (a country, a state) is as close as it gets to the
                        // places inside it; its representative point says little.
                        let inside = match o.place.kind() {
                            Kind::Country => {
                                other.country_code().is_some() && other.country_code() == o.place.country_code()
                            }
                            Kind::Admin1 => {
                                other.admin1_code().is_some() && other.admin1_code() == o.place.admin1_code()
                            }
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

        // One sense per name per document: the option with the best summed score wins for all.
        let mut by_key: HashMap<String, HashMap<u32, f64>> = HashMap::default();
        for s in &slots {
            let entry = by_key.entry(s.key.clone()).or_default();
            for o in &s.options {
                *entry.entry(o.place.index()).or_default() += o.score;
            }
        }
        let mut mentions = Vec::with_capacity(slots.len());
        for s in &slots {
            if s.cand.adjective && !opts.adjectives {
                continue;
            }
            let sums = &by_key[&s.key];
            let best = s.options.iter().max_by(|a, b| {
                sums[&a.place.index()].total_cmp(&sums[&b.place.index()]).then(b.place.id().cmp(&a.place.id()))
            });
            let Some(best) = best else { continue };
            let mut conf = softmax_share(&s.options, best.score, w.temperature);
            if s.cand.weak {
                conf *= 0.6;
            }
            mentions.push(Mention {
                text: t.slice(s.cand.start, s.cand.end).to_string(),
                start: s.cand.start,
                end: s.cand.end,
                place: PlaceRef::from(&best.place),
                confidence: (conf * 1000.0).round() / 1000.0,
                adjective: s.cand.adjective,
            });
        }
        mentions
    }

    fn slot(&self, t: &Text<'_>, cand: Candidate) -> Slot<'g> {
        let key = fold_name(t.slice(cand.start, cand.end));
        let mut options: Vec<Opt<'g>> = cand
            .postings
            .iter()
            .map(|&(idx, flags)| {
                let place = self.gaz.place(idx);
                let quality = if flags & (posting::PRIMARY | posting::DEMONYM) != 0 {
                    1.0
                } else if flags & posting::ALTERNATE != 0 {
                    0.8
                } else {
                    0.9
                };
                // In running text a first-level region named outright is far more often the region
                // than a small town of the same name ("Florida", "Georgia", "Ontario").
                let regional = if place.kind() == Kind::Admin1 { 0.15 } else { 0.0 };
                let prior = (quality + place.importance() + regional) / 2.0;
                Opt { place, prior, score: prior }
            })
            .collect();
        options.sort_by(|a, b| b.prior.total_cmp(&a.prior).then(a.place.id().cmp(&b.place.id())));
        options.dedup_by_key(|o| o.place.index());
        options.truncate(MAX_OPTIONS);
        Slot { cand, key, options }
    }
}

/// The places the slots currently choose, each once, as anchors for spatial coherence. A long
/// text names the same places over and over; comparing every option with each distinct place
/// (not with every other mention) keeps resolving linear in the number of mentions.
struct Anchors<'g>(Vec<Anchor<'g>>);

/// A chosen place with the best two confidences of the slots choosing it: a slot looking for
/// "the other slots" skips its own choice and still sees any other slot choosing the same place.
struct Anchor<'g> {
    place: Place<'g>,
    best: (usize, f64),
    second: Option<f64>,
}

impl<'g> Anchors<'g> {
    fn of(slots: &[Slot<'g>], w: &Weights) -> Anchors<'g> {
        let mut out: Vec<Anchor<'g>> = Vec::new();
        let mut at: HashMap<u32, usize> = HashMap::default();
        for (i, s) in slots.iter().enumerate() {
            let Some(o) = s.options.first().filter(|o| !is_areal(o.place.kind())) else { continue };
            let conf = confidence(&s.options, w);
            match at.get(&o.place.index()) {
                Some(&k) => {
                    let a = &mut out[k];
                    if conf > a.best.1 {
                        a.second = Some(a.best.1);
                        a.best = (i, conf);
                    } else if a.second.is_none_or(|c| conf > c) {
                        a.second = Some(conf);
                    }
                }
                None => {
                    at.insert(o.place.index(), out.len());
                    out.push(Anchor { place: o.place, best: (i, conf), second: None });
                }
            }
        }
        Anchors(out)
    }
}

impl Anchor<'_> {
    /// The best confidence among the slots choosing this place other than slot `i`.
    fn conf_excluding(&self, i: usize) -> Option<f64> {
        if self.best.0 == i {
            self.second
        } else {
            Some(self.best.1)
        }
    }
}

/// Equirectangular distance: within a few percent of the great circle at the scales the
/// coherence score cares about (hundreds of km), and much cheaper.
fn approx_km(a: &Place<'_>, b: &Place<'_>) -> f64 {
    let mut dlon = (a.lon() - b.lon()).abs();
    if dlon > 180.0 {
        dlon = 360.0 - dlon;
    }
    let x = dlon.to_radians() * ((a.lat() + b.lat()) / 2.0).to_radians().cos();
    let y = (a.lat() - b.lat()).to_radians();
    6371.0088 * (x * x + y * y).sqrt()
}

fn sort_options(options: &mut [Opt<'_>]) {
    options.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.id().cmp(&b.place.id())));
}

/// Kinds whose point is a representative point of a large area: poor anchors for distances.
fn is_areal(k: Kind) -> bool {
    matches!(k, Kind::Country | Kind::Continent | Kind::Ocean | Kind::Sea | Kind::Region | Kind::Admin1)
}

fn softmax_share(options: &[Opt<'_>], score: f64, temperature: f64) -> f64 {
    let z: f64 = options.iter().map(|o| ((o.score - score) / temperature).exp()).sum();
    if z > 0.0 {
        1.0 / z
    } else {
        0.0
    }
}

fn confidence(options: &[Opt<'_>], w: &crate::resolver::Weights) -> f64 {
    options.first().map(|o| softmax_share(options, o.score, w.temperature)).unwrap_or(0.0)
}

/// For each candidate followed by ", <container>" (or a dateline's "CITY, Country"), the
/// (country, admin1) pairs the container can mean.
fn containers(t: &Text<'_>, slots: &[Slot<'_>]) -> HashMap<usize, Vec<(String, Option<String>)>> {
    let mut out = HashMap::default();
    for i in 0..slots.len().saturating_sub(1) {
        let (a, b) = (&slots[i], &slots[i + 1]);
        let gap = t.gap(a.cand.end, b.cand.start);
        if gap.trim() != "," {
            continue;
        }
        let inside: Vec<(String, Option<String>)> = b
            .options
            .iter()
            .filter_map(|o| {
                let cc = o.place.country_code()?.to_string();
                match o.place.kind() {
                    Kind::Country => Some((cc, None)),
                    Kind::Admin1 => Some((cc, o.place.admin1_code().map(str::to_string))),
                    _ => None,
                }
            })
            .collect();
        if !inside.is_empty() {
            out.insert(i, inside);
        }
    }
    out
}

/// A kind the words around a candidate ask for: "Laurel County" (the name itself usually
/// carries it), "the city of X", "X Oblast", "the X River".
fn trigger_kind(t: &Text<'_>, c: &Candidate) -> Option<Kind> {
    let after = t.word_after(c.end).map(|(s, e)| fold_name(t.slice(s, e)));
    let before = t.word_before(c.start).map(|(s, e)| fold_name(t.slice(s, e)));
    let by_after = match after.as_deref() {
        Some("county" | "parish" | "borough") => Some(Kind::Admin2),
        Some("state" | "province" | "region" | "oblast" | "krai" | "prefecture") => Some(Kind::Admin1),
        Some("city" | "town" | "village") => Some(Kind::City),
        Some("river") => Some(Kind::River),
        Some("cosmodrome" | "spaceport") => Some(Kind::LaunchSite),
        Some("station") => Some(Kind::RailStation),
        Some("airport") => Some(Kind::Airport),
        _ => None,
    };
    by_after.or(match before.as_deref() {
        Some("city" | "town" | "village" | "port" | "capital") => Some(Kind::City),
        _ => None,
    })
}
