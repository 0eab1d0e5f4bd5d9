//! Rule 6, fuller names: a bare name that the document also writes with a common noun
//! attached («하산» beside «하산역», "Khasan station") means the place the fuller name means,
//! when its own reading lies far from it (one sense per document: the fuller name is the
//! surer one, it says what kind of place the name is).
//!
//! Only texts in a language with rules come here (the matcher's [`Lang`]); English keeps its own
//! passes unchanged. A reading near the fuller one (서울 beside 서울역: the city and its
//! station) is kept.

use crate::coord::Point;
use crate::matcher::lang::Lang;
use crate::model::Mention;

/// Readings further apart than this are different places, not a town and its station.
const APART_KM: f64 = 100.0;

/// Common nouns written onto a Korean name (station, port, airport, space centre, base, city,
/// county, town, island), which make it the name of one kind of place.
const KO_GENERIC: &[&str] = &["역", "항", "공항", "우주기지", "기지", "시", "군", "읍", "섬"];

/// Whether `fuller` is `bare` with a common noun before or after it.
fn is_fuller(fuller: &str, bare: &str, lang: Lang) -> bool {
    if fuller.chars().count() <= bare.chars().count() {
        return false;
    }
    if lang == Lang::Ko {
        return fuller.strip_prefix(bare).map(str::trim_start).is_some_and(|rest| KO_GENERIC.contains(&rest));
    }
    // Spaced scripts: one lowercase word before or after the name ("станция Хасан").
    let lowercase_word = |w: &str| {
        let w = w.trim();
        !w.is_empty() && !w.contains(' ') && w.chars().all(|c| c.is_lowercase())
    };
    fuller.strip_prefix(bare).is_some_and(|r| r.starts_with(' ') && lowercase_word(r))
        || fuller.strip_suffix(bare).is_some_and(|r| r.ends_with(' ') && lowercase_word(r))
}

/// Give each bare name the place of a fuller name of the same document (see the module docs).
pub(super) fn follow_fuller_names(mentions: &mut [Mention], lang: Lang) {
    if matches!(lang, Lang::En | Lang::Other) {
        return;
    }
    for i in 0..mentions.len() {
        let fuller = mentions
            .iter()
            .filter(|n| is_fuller(&n.text, &mentions[i].text, lang) && !n.adjective)
            .max_by(|a, b| a.confidence.total_cmp(&b.confidence))
            .map(|n| (n.place.clone(), n.confidence));
        let Some((place, confidence)) = fuller else { continue };
        let m = &mut mentions[i];
        if m.adjective || m.place.id == place.id {
            continue;
        }
        let km = crate::coord::distance_km(Point::new(m.place.lon, m.place.lat), Point::new(place.lon, place.lat));
        if km > APART_KM {
            m.place = place;
            m.confidence = m.confidence.min(confidence);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuller_names_are_a_name_with_a_common_noun() {
        let rows: &[(&str, &str, Lang, bool)] = &[
            ("하산역", "하산", Lang::Ko, true),
            ("보스토치니 우주기지", "보스토치니", Lang::Ko, true),
            ("하산", "하산", Lang::Ko, false),
            ("하산시장", "하산", Lang::Ko, false),
            ("станция Хасан", "Хасан", Lang::Ru, true),
            ("Хасан станция", "Хасан", Lang::Ru, true),
            ("Новый Хасан", "Хасан", Lang::Ru, false),
            ("Хасанский район", "Хасан", Lang::Ru, false),
        ];
        for (fuller, bare, lang, want) in rows {
            assert_eq!(is_fuller(fuller, bare, *lang), *want, "{fuller} / {bare}");
        }
    }
}
