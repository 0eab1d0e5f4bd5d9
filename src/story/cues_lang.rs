//! Travel cues in languages other than English: the stops a Russian, Ukrainian or Korean text's
//! traveller passes through, and the mode it travels by.
//!
//! The English engine ([`super::infer`]) reads English phrases; this pass reads the cue words of
//! `languages/motion.tsv` (compiled in) the way each language writes them:
//! - Russian and Ukrainian put the cue before the place: a verb of motion, then a preposition,
//!   then maybe a common noun of the place's kind («отправился из Пхеньяна», «прибыл на станцию
//!   Хасан», «на космодром „Восточный“»), or a verb with the place as its object («покинул
//!   Пхеньян»);
//! - Korean writes a particle onto the place and the verb after it («평양에서 출발했다»,
//!   «하산역에 도착했다», «…으로 향했다»).
//!
//! A place is a stop only with such a cue in the words between it and the place named before it
//! in the same sentence (or the sentence's start), so places named as where something is or
//! happens («встреча пройдёт во Владивостоке», «하산에서는 … 맞이했다») are not. Order is by phase
//! (origins, stops, plans, returns), then narrative order; each place keeps its first position.
//!
//! Invariant: only texts in a language of the table come here ([`Cues::of`] is `None` for
//! English and the rest), so English stories are exactly what the English engine makes.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::infer::{Phase, Stop, MIN_STOP_CONFIDENCE};
use super::mode::TravelMode;
use super::route::{is_stop_kind, Waypoint};
use super::sentences::Sentences;
use crate::gazetteer::Kind;
use crate::matcher::lang::Lang;
use crate::model::Mention;

/// The cue table, `lang<TAB>class<TAB>entries`.
const TABLE: &str = include_str!("../../languages/motion.tsv");

/// How far after a Korean place its particle and verb may run, in chars.
const KO_AFTER_CHARS: usize = 40;

/// How many words before a Russian or Ukrainian preposition its verb may stand.
const VERB_WORDS: usize = 5;

/// Weight of a stop named with a cue (times the mention's confidence).
const CUE_WEIGHT: f64 = 0.85;

/// The cue words of one language, by class.
#[derive(Debug, Default)]
pub struct Cues {
    classes: FxHashMap<&'static str, Vec<String>>,
    /// The cue follows the place (Korean) rather than preceding it.
    after: bool,
}

/// What a cue makes of a place.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cue {
    Origin,
    Stop,
    Return,
}

impl Cues {
    /// The cues of `lang`, if the table has them.
    pub fn of(lang: Lang) -> Option<&'static Cues> {
        static ALL: OnceLock<FxHashMap<&'static str, Cues>> = OnceLock::new();
        ALL.get_or_init(parse).get(lang.code()).filter(|c| !c.classes.is_empty())
    }

    fn class(&self, name: &str) -> &[String] {
        self.classes.get(name).map_or(&[], Vec::as_slice)
    }

    /// The stops the text gives, in journey order, each place once.
    pub fn stops(
        &self,
        mentions: &[Mention],
        sentences: &Sentences,
        skip_sentence: &dyn Fn(usize) -> bool,
    ) -> Vec<Stop> {
        let mut found: Vec<(Phase, usize, usize, Stop)> = Vec::new();
        let spans = sentences.spans();
        let mut prev: Option<(usize, usize)> = None; // (sentence, end) of the previous mention
        let mut prev_was_stop = false;
        for (k, m) in mentions.iter().enumerate() {
            let si = sentences.index_of(m.start);
            let (s_start, s_end) = spans.get(si).copied().unwrap_or((0, 0));
            let window_start = match prev {
                Some((ps, end)) if ps == si => end,
                _ => {
                    prev_was_stop = false;
                    s_start
                }
            };
            prev = Some((si, m.end));
            let areal = m.place.kind.is_some_and(|k| matches!(k, Kind::Country | Kind::Admin1));
            let usable = !m.adjective
                && m.confidence >= MIN_STOP_CONFIDENCE
                && m.place.kind.is_some_and(|k| is_stop_kind(k) || matches!(k, Kind::Country | Kind::Admin1))
                && !skip_sentence(si);
            if !usable {
                continue;
            }
            let cue = if self.after {
                let next = mentions.get(k + 1).map_or(s_end, |n| n.start.min(s_end)).max(m.end);
                self.cue_after(&sentences.lower(m.end, next.min(m.end + KO_AFTER_CHARS)))
            } else {
                self.cue_before(&sentences.lower(window_start, m.start), prev_was_stop)
            };
            // A country or province is a stop only when a cue names it ("отправился в Россию"),
            // and the journey leaves it out when it holds another stop.
            let Some(cue) = cue.filter(|_| m.confidence >= super::MIN_CONFIDENCE || !areal) else {
                prev_was_stop = false;
                continue;
            };
            prev_was_stop = true;
            let sentence_low = sentences.lower(s_start, s_end);
            let planned = self.said(&sentence_low, "future");
            let phase = match cue {
                Cue::Origin => Phase::Origin,
                Cue::Stop if planned => Phase::Planned,
                Cue::Stop => Phase::Stop,
                Cue::Return => Phase::Return,
            };
            let stop = Stop {
                phase,
                traveller: None,
                within: (m.place.country_code.clone(), m.place.admin1.clone()),
                area: m.place.kind.filter(|_| areal),
                waypoint: Waypoint {
                    name: m.place.name.clone(),
                    lon: m.place.lon,
                    lat: m.place.lat,
                    place_id: Some(m.place.id),
                    planned: planned && phase != Phase::Origin,
                    evidence: Some(sentences.text(si)),
                    confidence: ((CUE_WEIGHT * m.confidence) * 1000.0).round() / 1000.0,
                    mode: self.mode_of(&sentence_low),
                    traveller: None,
                },
            };
            found.push((phase, si, m.start, stop));
        }
        found.sort_by_key(|f| (f.0, f.1, f.2));
        let mut out: Vec<Stop> = Vec::new();
        for (_, _, _, stop) in found {
            if !out.iter().any(|s| s.waypoint.place_id == stop.waypoint.place_id) {
                out.push(stop);
            }
        }
        out
    }

    /// Whether `low` has a word starting with an entry of `class` (Korean: anywhere, its words
    /// carry particles and endings).
    fn said(&self, low: &str, class: &str) -> bool {
        self.class(class).iter().any(|e| self.has(low, e))
    }

    fn has(&self, low: &str, entry: &str) -> bool {
        if self.after {
            return low.contains(entry);
        }
        low.match_indices(entry).any(|(i, _)| !low[..i].chars().next_back().is_some_and(char::is_alphanumeric))
    }

    /// Whether `word` starts with an entry of `class`.
    fn starts(&self, word: &str, class: &str) -> bool {
        self.class(class).iter().any(|e| word.starts_with(e.as_str()))
    }

    /// The cue of the lowercase words before a place (Russian, Ukrainian), `prev_was_stop` when
    /// the place named just before in the sentence was a stop (lists: «через Хабаровск и Читу»).
    fn cue_before(&self, window: &str, prev_was_stop: bool) -> Option<Cue> {
        // The clause the place is in: a verb before a comma belongs to another clause.
        let clause = window.rfind([',', ';', ':', '—', '–', '(']).map_or(window, |i| &window[i + 1..]);
        let mut words: Vec<&str> =
            clause.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).collect();
        if words.is_empty() || words == ["и"] || words == ["та"] || words == ["і"] {
            let list = prev_was_stop && (words.len() == 1 || window.trim().ends_with(','));
            return list.then_some(Cue::Stop);
        }
        // Common nouns of the place's kind and their adjectives: «на пограничную станцию».
        while words.len() > 1 && words.last().is_some_and(|w| self.starts(w, "generic")) {
            words.pop();
        }
        let last = *words.last()?;
        let is = |class: &str, w: &str| self.class(class).iter().any(|e| e == w);
        let (prep, verbs) = if is("from", last) || is("to", last) || is("via", last) {
            (Some(last), &words[..words.len() - 1])
        } else {
            (None, &words[..])
        };
        // «пересёк границу в районе X»: the crossing's place.
        let verbs = &verbs[verbs.len().saturating_sub(VERB_WORDS)..];
        let joined = verbs.join(" ");
        let verb_class =
            ["return", "leave", "reach", "cross", "depart", "arrive", "move"].into_iter().find(|class| {
                self.class(class).iter().any(|e| {
                    if e.contains(' ') {
                        self.has(&joined, e)
                    } else {
                        verbs.iter().any(|w| w.starts_with(e.as_str()))
                    }
                })
            })?;
        // «не прибыл в X», «без остановки в X».
        let denied = verbs.iter().any(|w| self.class("negation").iter().any(|n| n == w));
        if denied {
            return None;
        }
        match (prep, verb_class) {
            (None, "leave") => Some(Cue::Origin),
            (None, "reach") => Some(Cue::Stop),
            (None, _) => None,
            (Some(p), "return") if is("to", p) => Some(Cue::Return),
            (Some(_), "return") => None,
            (Some(p), _) if is("from", p) => Some(Cue::Origin),
            (Some(_), "leave" | "reach") => None,
            (Some(_), _) => Some(Cue::Stop),
        }
    }

    /// The cue of the lowercase text after a place (Korean): its particle, then a verb.
    fn cue_after(&self, after: &str) -> Option<Cue> {
        // A common noun written onto the name or after it: «하산역에», «보스토치니 우주기지에».
        let mut rest = after;
        for g in self.class("generic") {
            if let Some(r) = rest
                .strip_prefix(g.as_str())
                .or_else(|| rest.strip_prefix(' ').and_then(|r| r.strip_prefix(g.as_str())))
            {
                rest = r;
                break;
            }
        }
        // The longest particle written onto the word.
        let particle = ["from-particle", "at-particle", "to-particle", "via-particle"]
            .iter()
            .flat_map(|c| self.class(c))
            .filter(|p| rest.starts_with(p.as_str()))
            .max_by_key(|p| p.len())?;
        let rest = &rest[particle.len()..];
        // The verb: the rest of this word and the next two.
        let verbs: String = rest.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        let verbs = if rest.starts_with(char::is_whitespace) {
            rest.split_whitespace().take(2).collect::<Vec<_>>().join(" ")
        } else {
            verbs
        };
        if self.said(&verbs, "negation") {
            return None;
        }
        let has_particle = |class: &str| self.class(class).iter().any(|p| p == particle);
        if has_particle("from-particle") && self.said(&verbs, "depart") {
            return Some(Cue::Origin);
        }
        if has_particle("at-particle") && self.said(&verbs, "arrive") {
            return Some(Cue::Stop);
        }
        if has_particle("to-particle") && self.said(&verbs, "return") {
            return Some(Cue::Return);
        }
        if has_particle("to-particle") && (self.said(&verbs, "move") || self.said(&verbs, "depart")) {
            return Some(Cue::Stop);
        }
        if has_particle("via-particle") && self.said(&verbs, "via") {
            return Some(Cue::Stop);
        }
        None
    }

    /// The mode a stretch of lowercase text implies: the mode with the most words, `None` when
    /// no mode word occurs or two modes tie.
    pub fn mode_of(&self, low: &str) -> Option<TravelMode> {
        let count = |class: &str| -> usize {
            self.class(class)
                .iter()
                .map(|e| {
                    low.match_indices(e.as_str())
                        .filter(|(i, _)| {
                            self.after || !low[..*i].chars().next_back().is_some_and(char::is_alphanumeric)
                        })
                        .count()
                })
                .sum()
        };
        let counts = [
            (TravelMode::Rail, count("rail")),
            (TravelMode::Air, count("air")),
            (TravelMode::Sea, count("sea")),
            (TravelMode::Road, count("road")),
        ];
        let best = counts.iter().map(|c| c.1).max().unwrap_or(0);
        let mut winners = counts.iter().filter(|c| c.1 == best && best > 0);
        match (winners.next(), winners.next()) {
            (Some(w), None) => Some(w.0),
            _ => None,
        }
    }
}

/// Read [`TABLE`]: comment lines start with `#`; `_` in an entry stands for a space.
fn parse() -> FxHashMap<&'static str, Cues> {
    let mut all: FxHashMap<&'static str, Cues> = FxHashMap::default();
    for line in TABLE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (Some(lang), Some(class), Some(entries)) = (cols.next(), cols.next(), cols.next()) else { continue };
        let cues = all.entry(lang).or_default();
        cues.after = lang == "ko";
        cues.classes
            .entry(class)
            .or_default()
            .extend(entries.split_whitespace().map(|e| e.replace('_', " ").to_lowercase()));
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_for_every_language_it_names() {
        for lang in [Lang::Ru, Lang::Uk, Lang::Ko] {
            let c = Cues::of(lang).unwrap_or_else(|| panic!("{lang} has cues"));
            for class in ["depart", "arrive", "generic", "future", "rail"] {
                assert!(!c.class(class).is_empty(), "{lang} {class}");
            }
            // Entries are lowercase letters (and spaces): a Latin letter in a Cyrillic stem
            // would never match.
            for (class, entries) in &c.classes {
                for e in entries {
                    let latin = e.chars().any(|ch| ch.is_ascii_alphabetic());
                    assert!(!latin, "{lang} {class} {e:?} mixes scripts");
                }
            }
        }
        assert!(Cues::of(Lang::En).is_none() && Cues::of(Lang::De).is_none());
    }

    #[test]
    fn russian_cues_are_read_from_the_words_before_a_place() {
        let ru = Cues::of(Lang::Ru).expect("ru");
        let rows: &[(&str, bool, Option<Cue>)] = &[
            ("бронепоезд в воскресенье отправился из ", false, Some(Cue::Origin)),
            ("поезд прибыл на станцию ", false, Some(Cue::Stop)),
            ("в среду бронепоезд прибыл на космодром «", false, Some(Cue::Stop)),
            ("состав покинул ", false, Some(Cue::Origin)),
            ("делегация вернулась в ", false, Some(Cue::Return)),
            ("колонна пересекла границу в районе ", false, Some(Cue::Stop)),
            ("самолёт вылетел в ", false, Some(Cue::Stop)),
            ("поезд проследовал через ", false, Some(Cue::Stop)),
            (" и ", true, Some(Cue::Stop)),
            // Not stops: where something is or happens, a denied arrival, another clause.
            ("встреча пройдёт во ", false, None),
            ("сообщили в ", false, None),
            (" и ", false, None),
            ("поезд не прибыл в ", false, None),
            ("поезд прибыл утром, его встретили в ", false, None),
            ("министр из ", false, None),
        ];
        for (window, prev, want) in rows {
            assert_eq!(ru.cue_before(window, *prev), *want, "{window:?}");
        }
    }

    #[test]
    fn korean_cues_are_read_from_the_particle_and_verb_after_a_place() {
        let ko = Cues::of(Lang::Ko).expect("ko");
        let rows: &[(&str, Option<Cue>)] = &[
            ("에서 출발했다고 보도했다.", Some(Cue::Origin)),
            ("을 떠났다.", Some(Cue::Origin)),
            ("역에 도착했다.", Some(Cue::Stop)),
            (" 우주기지에 도착했다.", Some(Cue::Stop)),
            ("으로 향했다.", Some(Cue::Stop)),
            ("를 거쳐 북상했다.", Some(Cue::Stop)),
            ("으로 돌아왔다.", Some(Cue::Return)),
            // Not stops: a place where something happens, a denied arrival, no particle.
            ("에서는 장관이 김 위원장을 맞이했다.", None),
            ("에 도착하지 않았다.", None),
            (" 출발", None),
        ];
        for (after, want) in rows {
            assert_eq!(ko.cue_after(after), *want, "{after:?}");
        }
    }

    #[test]
    fn modes_are_counted_from_the_language_words() {
        let ru = Cues::of(Lang::Ru).expect("ru");
        let ko = Cues::of(Lang::Ko).expect("ko");
        assert_eq!(ru.mode_of("бронепоезд прибыл на станцию"), Some(TravelMode::Rail));
        assert_eq!(ru.mode_of("самолёт вылетел из москвы"), Some(TravelMode::Air));
        assert_eq!(ru.mode_of("переговоры продолжались"), None);
        assert_eq!(ko.mode_of("전용열차가 도착했다"), Some(TravelMode::Rail));
        assert_eq!(ko.mode_of("회담이 이어졌다"), None);
    }
}
