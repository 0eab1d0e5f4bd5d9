//! Candidate spans → chosen places with a confidence (disambiguation).
//!
//! Each candidate's options are the places its name can mean. An option's score is its prior —
//! `(match quality + importance) / 2`, the same ranking as `lookup` — plus evidence from the
//! document. The decision rules, in the order they apply:
//! 1. **Areal names.** A country's or first-level division's own name means that place, not a
//!    town named after it ("Jordan and Israel", "the government of Honduras"): the towns get no
//!    document context unless the text qualifies the name (rule 2) or names a place within
//!    40 km of the town (local evidence: "Lebanon … Zionsville"). Cities of a million or
//!    capitals are exempt ("New York"). A division named after its seat yields the bare name to
//!    the seat ("Daraa", "Ulaanbaatar") unless the text asks for the division ("Daraa province").
//! 2. **Qualifiers.** "Place, Container" and datelines ("Paris, Texas", "VLADIVOSTOK, Russia")
//!    and a country, state or county named right after the name in the same sentence ("a city in
//!    Olmsted County, Minnesota") favour options inside the container; trigger words ask for a
//!    kind ("Washington state", "the city of …", "… County"). Options cut off by their prior come
//!    back when a container holds them.
//! 3. **Document region.** The countries and first-level regions the text names or whose places
//!    dominate it pull options toward them; a name is never its own evidence.
//! 4. **Spatial coherence.** Options that share a neighbourhood with some option of the text's
//!    other names ("Paris and Henry County": both in Tennessee), then options near the places
//!    the text's other names choose (second pass).
//! 5. **One sense per name per document**, decided by the qualified mentions when there are any;
//!    a qualified mention keeps its own reading.
//!
//! The weights were tuned by hand on the development corpora (LGL, GeoVirus, WikToR), chosen on
//! half of each and checked on the other half (README, Accuracy).
//!
//! `confidence` is the softmax share of the chosen option among the options, lowered for weak
//! recognitions (names that are also common words).

use rustc_hash::FxHashMap as HashMap;

use crate::gazetteer::{fold_name, Gazetteer, Kind, Place, Posting, RecordIx};
use crate::matcher::lang::Lang;
use crate::matcher::text::Text;
use crate::matcher::{Candidate, Matcher};
use crate::model::{Mention, PlaceRef};

mod areal;
mod coherence;
mod fuller_names;
mod given_names;
mod qualifiers;
mod region;
mod sense;
pub mod window;

use areal::{is_major, is_seat_of, names_areal, seats_over_divisions};
use coherence::cohere;
use qualifiers::{containers, trigger_kind, Container};
use region::Region;
use sense::Senses;

/// Options kept per candidate (by prior) before context scoring.
const MAX_OPTIONS: usize = 40;

/// Prior lead of a first-level division over other places of its name.
const ADMIN1_LEAD: f64 = 0.15;

/// Weights of the evidence (tuned on the development corpora, see README).
#[derive(Debug, Clone)]
pub struct Weights {
    /// Weight of the document's countries (rule 3).
    pub country: f64,
    /// Weight of the document's first-level regions (rule 3).
    pub admin1: f64,
    /// Weight of a container the text puts the name in (rule 2).
    pub container: f64,
    /// Weight of a trigger word asking for a kind (rule 2).
    pub trigger: f64,
    /// Weight of closeness to the text's other places (rule 4).
    pub spatial: f64,
    /// Distance scale of rule 4, in km: closeness decays as exp(-d / spatial_km).
    pub spatial_km: f64,
    /// Weight of sharing a neighbourhood with the other names' options (rule 4, see
    /// `coherence::pair_up`); 0 turns it off.
    pub paired: f64,
    /// Distance scale of `paired`, in km.
    pub paired_km: f64,
    /// Softmax temperature of the confidence.
    pub temperature: f64,
    /// How much more a first-level division named outright says about the document's region
    /// than a town inside it.
    pub named_admin1: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            country: 0.25,
            admin1: 0.2,
            container: 0.6,
            trigger: 0.3,
            spatial: 0.4,
            spatial_km: 300.0,
            paired: 0.5,
            paired_km: 20.0,
            temperature: 0.08,
            named_admin1: 1.5,
        }
    }
}

/// Options for a resolve run.
#[derive(Debug, Clone, Default)]
pub struct ResolveOptions {
    /// Report demonyms and adjectives ("Russian") as mentions too.
    pub adjectives: bool,
    /// Evidence weights (the tuned defaults unless you experiment).
    pub weights: Weights,
    /// The document's language, whose matching rules apply (`None`: detected per document).
    pub lang: Option<Lang>,
}

/// Resolves texts against one gazetteer.
pub struct Resolver<'g> {
    gaz: &'g Gazetteer,
    matcher: Matcher<'g>,
    /// Record indices of the US post offices (records are sorted by id, and post offices have
    /// ids of their own range), so a posting says whether it reaches one without a record read.
    post_offices: std::ops::Range<RecordIx>,
}

#[derive(Clone, Copy)]
struct Opt<'g> {
    place: Place<'g>,
    /// How the name reached this place (primary, alternate, demonym).
    posting: Posting,
    prior: f64,
    score: f64,
    /// Document context (country, region, neighbours) counts for this option.
    contextual: bool,
    /// The country and region evidence, added to the score when `contextual`.
    context: f64,
}

struct Slot<'g> {
    cand: Candidate,
    key: String,
    options: Vec<Opt<'g>>,
    /// Options past the prior cut-off: they come back only when the text places them.
    spare: Vec<Opt<'g>>,
    /// Postings of post offices: like `spare`, but read from the gazetteer only when the text
    /// places something (most texts name many places that a post office is also named after).
    post_offices: Vec<Posting>,
    /// The divisions whose seat takes the name from them (see [`seats_over_divisions`]): a post
    /// office inside one takes the seat's prior rule too.
    seated: Vec<(&'g str, &'g str)>,
    /// The text qualifies this mention (a container, a trigger word): it keeps its own reading
    /// instead of the document's one sense for the name.
    qualified: bool,
    role: Role,
}

/// Why a candidate is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// The matcher found it in the text: reported.
    Found,
    /// The caller gave the span as a place (`resolve --spans`): reported, and a post office may
    /// answer it on its own.
    Given,
    /// The matcher found it beside the given spans: context only, not reported.
    Context,
}

impl<'g> Resolver<'g> {
    /// A resolver over `gaz` (cheap: builds the matcher's small tables).
    pub fn new(gaz: &'g Gazetteer) -> Resolver<'g> {
        let post_offices = crate::matcher::post_office_records(gaz);
        Resolver { gaz, matcher: Matcher::new(gaz), post_offices }
    }

    /// A US post-office place without population (the ZIP code list): known to exist, too small
    /// to be read into a text that does not place it.
    fn is_post_office(&self, index: RecordIx) -> bool {
        self.post_offices.contains(&index)
    }

    /// The place mentions of a text resolved as a whole, in text order: working memory grows with
    /// the text's length, so [`Resolver::resolve`] cuts a long text into windows (see [`window`]).
    pub fn resolve_whole(&self, text: &str, opts: &ResolveOptions) -> Vec<Mention> {
        let t = Text::in_lang(text, opts.lang.unwrap_or_else(|| Lang::detect(text)));
        let candidates = self.matcher.find_in(&t);
        self.resolve_candidates(&t, candidates, opts)
    }

    /// Resolve given spans only (character offsets, end exclusive), for callers with their own
    /// recogniser. Spans that overlap an earlier one, fall outside the text or name nothing in the
    /// gazetteer are left out; the rest come back in text order.
    ///
    /// A given span is read as the text mode would read it: when the matcher finds the same span
    /// in the text, its reading (demonym, weak common word) is taken, else the span's own name
    /// (see [`Matcher::candidate_at`]). The places the matcher finds elsewhere in the text are
    /// context (region, coherence) but are not reported. The caller says the span is a place, so
    /// a place only the US post-office list knows is as good an answer as any.
    pub fn resolve_spans(&self, text: &str, spans: &[(usize, usize)], opts: &ResolveOptions) -> Vec<Mention> {
        let t = Text::in_lang(text, opts.lang.unwrap_or_else(|| Lang::detect(text)));
        let mut spans: Vec<(usize, usize)> = spans.iter().copied().filter(|&(s, e)| s < e && e <= t.len()).collect();
        spans.sort_unstable();
        let found = self.matcher.find_in(&t);
        let mut candidates: Vec<(Candidate, Role)> = Vec::with_capacity(spans.len() + found.len());
        let mut last_end = 0;
        for (start, end) in spans {
            if start < last_end {
                continue;
            }
            let same = found.iter().find(|c| c.start == start && c.end == end).cloned();
            if let Some(c) = same.or_else(|| self.matcher.candidate_at(&t, start, end)) {
                last_end = end;
                candidates.push((c, Role::Given));
            }
        }
        let given: Vec<(usize, usize)> = candidates.iter().map(|(c, _)| (c.start, c.end)).collect();
        for c in found {
            let overlaps = given.iter().any(|&(s, e)| c.start < e && s < c.end);
            if !overlaps {
                candidates.push((c, Role::Context));
            }
        }
        candidates.sort_by_key(|(c, _)| (c.start, c.end));
        let all = ResolveOptions { adjectives: true, ..opts.clone() };
        self.resolve_roles(&t, candidates, &all)
    }

    /// Rules 1–5 over the candidates of one text (see the module docs), in order.
    fn resolve_candidates(&self, t: &Text<'_>, candidates: Vec<Candidate>, opts: &ResolveOptions) -> Vec<Mention> {
        self.resolve_roles(t, candidates.into_iter().map(|c| (c, Role::Found)).collect(), opts)
    }

    /// Rules 1–5 over candidates with their roles (see [`Role`]).
    fn resolve_roles(&self, t: &Text<'_>, candidates: Vec<(Candidate, Role)>, opts: &ResolveOptions) -> Vec<Mention> {
        let w = &opts.weights;
        let mut slots: Vec<Slot<'g>> = candidates.into_iter().map(|(c, role)| self.slot(t, c, role)).collect();
        if slots.is_empty() {
            return Vec::new();
        }
        let ids = name_ids(&slots);
        let region = Region::of(&slots, &ids, w);
        let container = containers(t, &slots);
        self.weigh(t, &mut slots, &ids, &region, &container, w);
        cohere(&mut slots, &ids, w);
        let mut mentions = self.mentions(t, &slots, opts);
        fuller_names::follow_fuller_names(&mut mentions, t.lang);
        given_names::drop_given_names(t, &mut mentions, |w, id| {
            self.gaz.postings(&fold_name(w)).iter().any(|p| p.is_name() && self.gaz.place(p.record()).id() == id)
        });
        mentions
    }

    /// Rules 1–3: each option's score from its prior, the document's region (unless the name is
    /// areal and the option a town named after it), the containers that qualify the mention and
    /// its trigger word. Options past the cut-off and post offices come back here when the text
    /// places them.
    fn weigh(
        &self,
        t: &Text<'_>,
        slots: &mut [Slot<'g>],
        ids: &[usize],
        region: &Region<'g>,
        container: &HashMap<usize, Vec<Container<'g>>>,
        w: &Weights,
    ) {
        let mut evidence: Vec<Vec<(f64, f64)>> = slots
            .iter()
            .zip(ids)
            .map(|(s, &name)| s.options.iter().map(|o| region.evidence(name, o)).collect())
            .collect();
        // Options past the cut-off and post offices come back only inside a container or a
        // region the text names outright (the test below): without either, they are not
        // weighed, and post-office records are not even read.
        let some_region = region.names_a_division();
        let returning: Vec<Vec<(Opt<'g>, (f64, f64))>> = slots
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if !(some_region || container.contains_key(&i)) {
                    return Vec::new();
                }
                let post_offices = if s.post_offices.is_empty() { Vec::new() } else { self.post_office_options(s) };
                s.spare.iter().chain(&post_offices).map(|&o| (o, region.evidence(ids[i], &o))).collect()
            })
            .collect();
        for (i, s) in slots.iter_mut().enumerate() {
            let trig = trigger_kind(t, &s.cand);
            let areal = s.options.iter().find(|o| names_areal(o, &s.options, &region.countries)).map(|o| o.place);
            let areal_name = areal.is_some();
            // For a country's or state's name, a comma is more often a list ("Iraq, Iran and
            // Syria") than a qualifier: only a state's likeliest reading qualifies it ("Mexico,
            // Mo."), and not a state of the same country as the name's own reading ("Illinois,
            // Missouri" is a list).
            let qualifies = |c: &&Container<'_>| match areal {
                None => true,
                Some(a) => {
                    c.top
                        && c.place.kind() == Kind::Admin1
                        && !(a.kind() == Kind::Admin1 && a.country_code() == c.place.country_code())
                }
            };
            let inside: Vec<&Container<'_>> =
                container.get(&i).map(|v| v.iter().filter(qualifies).collect()).unwrap_or_default();
            s.qualified = trig.is_some() || !inside.is_empty();
            let within =
                |o: &Opt<'_>| inside.iter().filter(|c| c.holds(&o.place)).map(|c| c.strength).fold(0.0, f64::max);
            // Options past the prior cut-off come back when the text puts them somewhere it names.
            let mut evid = std::mem::take(&mut evidence[i]);
            s.spare.clear();
            for (o, e) in &returning[i] {
                if within(o) > 0.0 || e.1 >= 1.0 {
                    s.options.push(*o);
                    evid.push(*e);
                }
            }
            for (j, o) in s.options.iter_mut().enumerate() {
                let mut score = o.prior;
                o.contextual = !areal_name
                    || is_areal(o.place.kind())
                    || is_major(&o.place)
                    || areal.is_some_and(|a| is_seat_of(&o.place, &a));
                let mut context = 0.0;
                let (c, a) = evid.get(j).copied().unwrap_or((0.0, 0.0));
                if o.place.country_code().is_some() {
                    // Relative to the document's main country, and saturating.
                    context += w.country * (c / region.top_country).min(1.0) * (1.0 - (-c).exp());
                }
                if o.place.kind() != Kind::Admin1 && o.place.kind() != Kind::Country {
                    context += w.admin1 * (1.0 - (-a).exp());
                }
                o.context = context;
                if o.contextual {
                    score += context;
                }
                score += w.container * within(o);
                if trig.is_some_and(|k| k == o.place.kind()) {
                    score += w.trigger;
                }
                o.score = score;
            }
            sort_options(&mut s.options);
        }
    }

    /// Rule 5 and the output: each slot's chosen place with its confidence, in text order.
    fn mentions(&self, t: &Text<'_>, slots: &[Slot<'g>], opts: &ResolveOptions) -> Vec<Mention> {
        let w = &opts.weights;
        let senses = Senses::of(slots);
        let mut mentions = Vec::with_capacity(slots.len());
        for s in slots {
            if (s.cand.adjective && !opts.adjectives) || s.role == Role::Context {
                continue;
            }
            let Some(best) = senses.choose(s) else { continue };
            // A name that only a post office has is taken when the text places it ("Dayton is
            // a town in Marengo County, Alabama"), not on its own.
            if self.is_post_office(best.place.record())
                && !s.qualified
                && !senses.qualified(&s.key)
                && s.role != Role::Given
            {
                continue;
            }
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

    fn slot(&self, t: &Text<'_>, cand: Candidate, role: Role) -> Slot<'g> {
        let key = fold_name(t.slice(cand.start, cand.end));
        // Post offices wait apart from the options: only a qualifier brings them in, unless the
        // caller gave the span as a place.
        let (post_offices, postings): (Vec<_>, Vec<_>) =
            cand.postings.iter().partition(|p| role != Role::Given && self.is_post_office(p.record()));
        let mut options: Vec<Opt<'g>> = postings.iter().map(|&p| self.option(p)).collect();
        let seated = seats_over_divisions(&mut options);
        sort_by_prior(&mut options);
        let spare = options.split_off(options.len().min(MAX_OPTIONS));
        Slot { cand, key, options, spare, post_offices, seated, qualified: false, role }
    }

    /// An option with its prior: how well the name reaches the place, and how important it is.
    fn option(&self, posting: Posting) -> Opt<'g> {
        let place = self.gaz.place(posting.record());
        let quality = if posting.is_primary() || posting.is_demonym() {
            1.0
        } else if posting.is_alternate() {
            0.8
        } else {
            0.9
        };
        // In running text a first-level region named outright is far more often the region
        // than a small town of the same name ("Florida", "Georgia", "Ontario").
        let regional = if place.kind() == Kind::Admin1 { ADMIN1_LEAD } else { 0.0 };
        let prior = (quality + place.importance() + regional) / 2.0;
        Opt { place, posting, prior, score: prior, contextual: true, context: 0.0 }
    }

    /// A slot's post offices as options, by prior. A post office is never a seat or a division, so
    /// the seat rule changes no other option for it; it only takes the rule's prior when it lies in
    /// a division whose seat takes the name.
    fn post_office_options(&self, s: &Slot<'g>) -> Vec<Opt<'g>> {
        let mut options: Vec<Opt<'g>> = s.post_offices.iter().map(|&p| self.option(p)).collect();
        for o in &mut options {
            let d = o.place.country_code().zip(o.place.admin1_code());
            if !is_areal(o.place.kind()) && d.is_some_and(|d| s.seated.contains(&d)) {
                o.prior = (1.0 + o.place.importance()) / 2.0;
                o.score = o.prior;
            }
        }
        sort_by_prior(&mut options);
        options
    }
}

/// Options by prior (best first, then by id), each place once.
fn sort_by_prior(options: &mut Vec<Opt<'_>>) {
    options.sort_by(|a, b| b.prior.total_cmp(&a.prior).then(a.place.id().cmp(&b.place.id())));
    options.dedup_by_key(|o| o.place.index());
}

/// Each slot's name id: the index of the first slot with its name.
fn name_ids(slots: &[Slot<'_>]) -> Vec<usize> {
    let mut first_of: HashMap<&str, usize> = HashMap::default();
    slots.iter().enumerate().map(|(i, s)| *first_of.entry(s.key.as_str()).or_insert(i)).collect()
}

fn sort_options(options: &mut [Opt<'_>]) {
    options.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.place.id().cmp(&b.place.id())));
}

/// Kinds whose point is a representative point of a large area: poor anchors for distances.
fn is_areal(k: Kind) -> bool {
    matches!(k, Kind::Country | Kind::Continent | Kind::Ocean | Kind::Sea | Kind::Region | Kind::Admin1 | Kind::Desert)
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
