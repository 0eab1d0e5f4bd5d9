//! News in other languages, the failure classes a held-out set of wire paragraphs found
//! (eval/languages/news/): one fixture sentence (written for these tests) per fix, run through
//! `toponym resolve` as a user would.

use crate::languages::{check_rows, Row};
use crate::support::checks::toponym;

/// See [`Row`].
const ROWS: &[Row] = &[
    // Country acronyms of the Russian and Ukrainian press the gazetteer lacks.
    ("ru", "Торговля с КНР выросла, а санкции США не помогли.", &["КНР", "США"], "China"),
    ("uk", "Делегація КНР прибула до Києва.", &["КНР", "Києва"], "China"),
    // An acronym is one only written whole and in capitals.
    ("ru", "Слово «сша» здесь ничего не значит.", &[], ""),
    // Ukrainian forms of places the gazetteer names only in Russian: the adjective's Ukrainian
    // ending gives the Russian nominative («Амурській області» → «Амурская область»).
    ("uk", "Потяг прибув до Амурської області вночі.", &["Амурської області"], "Amur Oblast"),
    ("uk", "Лідери зустрілися на космодромі Восточний.", &["Восточний"], "Vostochny Cosmodrome"),
    // An apposition head helps find the name but stays out of the span.
    ("ru", "Ракета стартовала с космодрома Восточный утром.", &["Восточный"], "Vostochny Cosmodrome"),
    // A lowercase adjective inside a region's name: «Еврейской автономной области».
    (
        "ru",
        "Паводок в Еврейской автономной области продолжается.",
        &["Еврейской автономной области"],
        "Jewish Autonomous Oblast",
    ),
    // A name alone in guillemets is a club, not a place; after an apposition head it is one.
    ("ru", "Хабаровск, 2 октября. «Адмирал» уступил местному «Амуру» со счётом 2:3.", &["Хабаровск"], "Khabarovsk"),
    // Chinese and Japanese: an administrative suffix written onto a name is in its span; a
    // two-character township seat that is an ordinary word (建设, 洪水) is no place alone.
    ("zh", "暴雨过后，涿州市仍有多个村庄被淹。", &["涿州市"], "Zhuozhou"),
    ("zh", "洪水过后，当地加快了重建和建设工作。", &[], ""),
    // ... but not where the suffix starts a word of its own (市长, the mayor).
    ("zh", "据报道，涿州市长在会上讲话。", &["涿州"], "Zhuozhou"),
    // Japanese: no name starts or ends inside a katakana word (イア in ジャイアンツ).
    ("ja", "ジャイアンツは大阪で勝った。", &["大阪"], "Osaka"),
    // Korean: a county's suffix may stand before a particle, and is in the span.
    ("ko", "기상청은 부여군과 공주에 호우 경보를 내렸다.", &["부여군", "공주"], "Buyeo"),
    // German: a function word capitalised mid-sentence names a feature ("der Oder").
    ("de", "Das Hochwasser der Oder erreichte die Stadt.", &["Oder"], "Oder"),
    // ... but at a sentence's start it is the conjunction.
    ("de", "Oder die Regierung handelt jetzt.", &[], ""),
    // German: a qualifier in parentheses is part of the name.
    ("de", "Das Wasser hat Frankfurt (Oder) erreicht.", &["Frankfurt (Oder)"], "Frankfurt (Oder)"),
    // Arabic: a name written as two words the gazetteer writes as one.
    ("ar", "وصل القطار من بيونغ يانغ أمس.", &["بيونغ يانغ"], "Pyongyang"),
    // French: an English common word ("tours") is no word of French text.
    ("fr", "Les crues ont inondé plusieurs quartiers de Tours hier.", &["Tours"], "Tours"),
    // ... but a small town that is an English word still needs a locative in foreign text.
    ("es", "El equipo se enfrentará al Arsenal el martes en Londres.", &["Londres"], "London"),
];

#[test]
fn a_lang_that_does_not_fit_the_script_is_warned_about_and_the_language_detected() {
    let out = toponym()
        .args(["resolve", "--lang", "ko", "--format", "jsonl", "-"])
        .write_stdin("Делегация вылетела из Пхеньяна во Владивосток.")
        .output()
        .expect("toponym runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not written in the script of language ko"), "{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let names: Vec<&str> =
        doc["mentions"].as_array().expect("mentions").iter().map(|m| m["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Pyongyang", "Vladivostok"]);
}

#[test]
fn each_fix_finds_its_places() {
    check_rows(ROWS);
}
