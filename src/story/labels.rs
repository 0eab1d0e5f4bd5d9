//! Place names in a reader's language (`--label-lang`): a story's places, waypoints and launch
//! ends renamed with the gazetteer's name in that language where it has one.
//!
//! The gazetteer's alternate names carry no language tag, so a name is taken to be in a
//! language by its script (Cyrillic, Hangul, kana, Han, Arabic) and, within a script shared by
//! several languages, by the letters only one of them uses (Ukrainian і ї є ґ, Serbian ј љ њ ћ
//! ђ џ, Belarusian ў; Russian ы э ъ ё). Among the names left, the one the text itself uses wins
//! (its spelling, or the same word with a case ending: «Пхеньяна» → «Пхеньян»), else the first
//! in the gazetteer's order. A place with no such name keeps its name. Latin-script languages
//! (de, fr, es) take a name only from the text's own spellings: the script cannot tell München
//! from Munich.
//!
//! Invariant: only names change; ids, points, roles and order stay as they are.

use super::Story;
use crate::gazetteer::{fold_name, Gazetteer, PlaceId};
use crate::matcher::lang::Lang;

/// Whether `c` is a letter of the Russian alphabet.
fn russian_letter(c: char) -> bool {
    ('а'..='я').contains(&c) || c == 'ё'
}

/// Whether `c` is a letter of the Ukrainian alphabet.
fn ukrainian_letter(c: char) -> bool {
    (('а'..='я').contains(&c) && !matches!(c, 'ы' | 'э' | 'ъ')) || matches!(c, 'і' | 'ї' | 'є' | 'ґ')
}

/// Whether `name` is written the way `lang` writes names.
fn written_in(name: &str, lang: Lang) -> bool {
    let lower = name.to_lowercase();
    let letters = || lower.chars().filter(|c| c.is_alphabetic());
    let hangul = |c: char| ('\u{ac00}'..='\u{d7a3}').contains(&c) || ('\u{1100}'..='\u{11ff}').contains(&c);
    let kana = |c: char| ('\u{3040}'..='\u{30ff}').contains(&c);
    let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c);
    if letters().next().is_none() {
        return false;
    }
    match lang {
        Lang::Ru => letters().all(russian_letter),
        Lang::Uk => letters().all(ukrainian_letter),
        Lang::Ko => letters().all(hangul),
        Lang::Ja => letters().all(|c| kana(c) || han(c)) && letters().any(kana),
        Lang::Zh => letters().all(han),
        Lang::Ar => letters().all(|c| ('\u{600}'..='\u{6ff}').contains(&c)),
        _ => false,
    }
}

/// Whether `written` (folded) is `name` (folded) with case endings: word by word, the same
/// stem with at most two letters of the name's ending changed and three added
/// («Пхеньяна» → «Пхеньян», «Амурской области» → «Амурская область»).
fn inflects(written: &str, name: &str) -> bool {
    let (w, n): (Vec<&str>, Vec<&str>) = (written.split(' ').collect(), name.split(' ').collect());
    w.len() == n.len()
        && w.iter().zip(&n).all(|(a, b)| {
            let common = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
            let (la, lb) = (a.chars().count(), b.chars().count());
            common >= 2.min(lb) && common + 2 >= lb && la <= lb + 3
        })
}

/// The gazetteer's name of place `id` in `lang`, preferring the spelling the text used
/// (`spellings`), if it has one.
pub fn name_in(gaz: &Gazetteer, id: PlaceId, lang: Lang, spellings: &[String]) -> Option<String> {
    let place = gaz.by_id(id)?;
    let (_, alternates) = place.alternate_names();
    let mut names: Vec<String> = std::iter::once(place.name().to_string()).chain(alternates).collect();
    names.retain(|n| written_in(n, lang));
    // A name the text itself uses, or the same word with an ending (at most three letters more).
    let folded: Vec<String> = spellings.iter().map(|s| fold_name(s)).collect();
    let used = names.iter().find(|n| folded.contains(&fold_name(n))).or_else(|| {
        // Of the names the text inflects, the one closest in length to what it wrote.
        names
            .iter()
            .filter_map(|n| {
                let f = fold_name(n);
                let len = f.chars().count() as isize;
                folded
                    .iter()
                    .filter(|s| inflects(s, &f))
                    .map(|s| (s.chars().count() as isize - len).abs())
                    .min()
                    .map(|d| (d, n))
            })
            .min_by_key(|&(d, _)| d)
            .map(|(_, n)| n)
    });
    // Words after the first that the text writes in lowercase stay so: «Амурской области» →
    // «Амурская область» (a label starts with a capital).
    let lowercase_as_written = |n: &str| -> String {
        let written: Vec<&str> = spellings.first().map(|s| s.split(' ').collect()).unwrap_or_default();
        let words: Vec<&str> = n.split(' ').collect();
        if written.len() != words.len() {
            return n.to_string();
        }
        let fixed: Vec<String> = words
            .iter()
            .zip(&written)
            .enumerate()
            .map(|(k, (w, t))| match t.chars().next() {
                Some(c) if k > 0 && c.is_lowercase() => w.to_lowercase(),
                _ => (*w).to_string(),
            })
            .collect();
        fixed.join(" ")
    };
    if let Some(n) = used {
        return Some(without_accents(&lowercase_as_written(n)));
    }
    if matches!(lang, Lang::De | Lang::Fr | Lang::Es | Lang::En | Lang::Other) {
        return None;
    }
    names.first().map(|n| without_accents(n))
}

/// `name` without combining marks (the stress marks of dictionary spellings: «Ангара́»).
fn without_accents(name: &str) -> String {
    name.chars().filter(|c| !('\u{300}'..='\u{36f}').contains(c)).collect()
}

impl Story {
    /// Rename the story's places, waypoints and launch ends with their names in `lang` where
    /// the gazetteer has them (see the module docs). English leaves the story as it is.
    pub fn relabel(&mut self, gaz: &Gazetteer, lang: Lang) {
        if matches!(lang, Lang::En | Lang::Other) {
            return;
        }
        let mut renamed: Vec<(PlaceId, String)> = Vec::new();
        for p in &mut self.places {
            if let Some(n) = name_in(gaz, p.place.id, lang, &p.matched) {
                renamed.push((p.place.id, n.clone()));
                p.place.name = n;
            }
        }
        let lookup = |id: PlaceId| renamed.iter().find(|(i, _)| *i == id).map(|(_, n)| n.clone());
        if let Some(r) = &mut self.route {
            for w in &mut r.waypoints {
                if let Some(n) = w.place_id.and_then(lookup) {
                    w.name = n;
                }
            }
        }
        for l in &mut self.launches {
            if let Some(n) = lookup(l.origin.id) {
                l.origin.name = n;
            }
            if let Some(t) = &mut l.target {
                if let Some(n) = lookup(t.id) {
                    t.name = n;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_told_apart_by_script_and_letters() {
        let rows: &[(&str, Lang, bool)] = &[
            ("Пхеньян", Lang::Ru, true),
            ("Пхенян", Lang::Ru, true),
            ("Пјонгјанг", Lang::Ru, false),
            ("Київ", Lang::Ru, false),
            ("Київ", Lang::Uk, true),
            ("Хабаровск", Lang::Uk, true),
            ("Сыктывкар", Lang::Uk, false),
            ("평양", Lang::Ko, true),
            ("平壌", Lang::Ja, false),
            ("ピョンヤン", Lang::Ja, true),
            ("平壤", Lang::Zh, true),
            ("Pyongyang", Lang::Ru, false),
            ("Космодром Восточный", Lang::Ru, true),
            ("Амур лапӧв", Lang::Ru, false),
            ("", Lang::Ko, false),
        ];
        for (name, lang, want) in rows {
            assert_eq!(written_in(name, *lang), *want, "{name} {lang}");
        }
    }

    #[test]
    fn the_gazetteer_names_places_in_the_readers_language() {
        let gaz = Gazetteer::embedded().expect("embedded gazetteer");
        let id = |name: &str| {
            gaz.places()
                .find(|p| p.name() == name && p.kind() == crate::gazetteer::Kind::City && p.population() > 100_000)
                .map(|p| p.id())
        };
        let pyongyang = id("Pyongyang").expect("Pyongyang");
        assert_eq!(name_in(gaz, pyongyang, Lang::Ko, &[]).as_deref(), Some("평양"));
        assert_eq!(name_in(gaz, pyongyang, Lang::Ru, &["Пхеньяна".into()]).as_deref(), Some("Пхеньян"));
        assert_eq!(name_in(gaz, pyongyang, Lang::De, &[]), None);
    }
}
