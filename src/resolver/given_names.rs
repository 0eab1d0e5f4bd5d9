//! Rule 7, persons named after places in languages whose common words the English lexicon does
//! not know: «Владимир Путин» (the town of Vladimir), «블라디미르 푸틴 대통령». The matcher's
//! person rules lean on that lexicon ("a word that is neither a common word nor a place"), so in
//! Russian, Ukrainian and Korean a person's given name that is also a town passes them.
//!
//! - Russian, Ukrainian: a one-word name in the nominative as the gazetteer writes it, with no
//!   preposition before it, followed (after one space) by a capitalised word that is no place:
//!   a given name and a surname. Datelines in capitals are left alone.
//! - Korean: a name with no particle, then one word, then a title (대통령 president, 총리
//!   prime minister, 위원장 chairman, 장관 minister, 대변인 spokesperson, 주석, 국왕, 여왕).

use crate::matcher::lang::Lang;
use crate::matcher::text::Text;
use crate::model::Mention;

/// Words that set a place after them (a town after a preposition is a place).
const RU_PREPOSITIONS: &[&str] = &[
    "в",
    "во",
    "на",
    "из",
    "с",
    "со",
    "к",
    "ко",
    "у",
    "о",
    "об",
    "от",
    "до",
    "по",
    "за",
    "под",
    "над",
    "при",
    "через",
    "около",
    "возле",
    "между",
    "близ",
    "і",
    "у",
    "й",
    "з",
    "із",
    "зі",
    "від",
    "біля",
];

/// Titles written after a Korean name.
const KO_TITLES: &[&str] = &["대통령", "총리", "위원장", "장관", "대변인", "주석", "국왕", "여왕", "대사", "특사"];

fn is_hangul(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// Leave out the mentions that are a person's given name (see the module docs).
/// `is_name` says whether a word is, as written (no case ending), a name of the place.
pub(super) fn drop_given_names(
    t: &Text<'_>,
    mentions: &mut Vec<Mention>,
    is_name: impl Fn(&str, crate::gazetteer::PlaceId) -> bool,
) {
    let starts: Vec<usize> = mentions.iter().map(|m| m.start).collect();
    let person = |m: &Mention| -> bool {
        if m.adjective || m.text.contains([' ', '-']) {
            return false;
        }
        match t.lang {
            Lang::Ru | Lang::Uk => {
                let mut chars = m.text.chars();
                let first_upper = chars.next().is_some_and(char::is_uppercase);
                let rest_lower = chars.all(char::is_lowercase);
                // As the gazetteer writes it, not inflected («мэр Москвы Сергей Собянин»).
                // GeoNames lists some oblique forms as names («Москвы»): a word that a case
                // ending turns into another name of the place is inflected too.
                let folded = crate::gazetteer::fold_name(&m.text);
                let inflected = t.lang.prepared().endings.iter().any(|(w, n)| {
                    w != n
                        && folded.len() > w.len()
                        && folded.ends_with(w.as_str())
                        && is_name(&format!("{}{n}", &folded[..folded.len() - w.len()]), m.place.id)
                });
                let nominative = is_name(&m.text, m.place.id) && !inflected;
                let placed = t
                    .word_before(m.start)
                    .is_some_and(|(s, e)| RU_PREPOSITIONS.contains(&t.slice(s, e).to_lowercase().as_str()));
                let surname = t.word_after(m.end).filter(|&(s, _)| t.gap(m.end, s) == " ").is_some_and(|(s, e)| {
                    let w = t.slice(s, e);
                    let mut cs = w.chars();
                    cs.next().is_some_and(|c| c.is_uppercase() && ('\u{400}'..='\u{4ff}').contains(&c))
                        && cs.all(char::is_lowercase)
                        && w.chars().count() >= 2
                        && !starts.contains(&s)
                });
                first_upper && rest_lower && nominative && !placed && surname
            }
            Lang::Ko => {
                let Some((s, e)) = t.word_after(m.end).filter(|&(s, _)| t.gap(m.end, s) == " ") else { return false };
                let word = t.slice(s, e);
                let title = t.word_after(e).filter(|&(s2, _)| t.gap(e, s2) == " ").map(|(s2, e2)| t.slice(s2, e2));
                word.chars().all(is_hangul)
                    && !starts.contains(&s)
                    && title.is_some_and(|w| KO_TITLES.iter().any(|k| w.starts_with(k)))
            }
            _ => false,
        }
    };
    mentions.retain(|m| !person(m));
}
