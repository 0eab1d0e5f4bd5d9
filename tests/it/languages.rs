//! News in other languages: one fixture sentence (written for these tests) per matching rule of
//! `src/matcher/lang.rs`, run through `toponym resolve` as a user would, plus `--lang` and the
//! JSONL `lang` field.

use crate::support::checks::{check_one_line_error, toponym};

/// (language given, or "" to detect it; text; the mentions' text in order; the English name of
/// the first mention, or "" when it does not matter)
const ROWS: &[(&str, &str, &[&str], &str)] = &[
    // Russian case endings (from OpenCorpora's dictionary, languages/case-endings.tsv):
    // masculine prepositional, feminine genitive, adjective + noun in the accusative and in the
    // genitive, a neuter feature name in the genitive.
    ("ru", "Саммит прошёл во Владивостоке в среду.", &["Владивостоке"], "Vladivostok"),
    ("ru", "Самолёт вылетел из Москвы утром.", &["Москвы"], "Moscow"),
    ("ru", "Поезд въехал в Амурскую область ночью.", &["Амурскую область"], "Amur Oblast"),
    ("ru", "Посол Южной Кореи выразил протест.", &["Южной Кореи"], "South Korea"),
    ("ru", "Губернатор Амурской области ответил не сразу.", &["Амурской области"], "Amur Oblast"),
    ("ru", "Учения прошли у берегов Чёрного моря.", &["Чёрного моря"], "Black Sea"),
    // Ukrainian: the -ів/-ов alternation of city names, Київ → Києва (a two-letter stem), the
    // к → ц of the locative.
    ("uk", "Обстріл Харкова тривав усю ніч.", &["Харкова"], "Kharkiv"),
    ("uk", "Делегація повернулася до Києва ввечері.", &["Києва"], "Kyiv"),
    ("uk", "Зустріч у Владивостоці тривала дві години.", &["Владивостоці"], "Vladivostok"),
    // German genitive -s and dative -n, whole word in the span.
    ("de", "Die Regierung Russlands schwieg dazu.", &["Russlands"], "Russia"),
    ("de", "Er kam gestern aus den Niederlanden zurück.", &["Niederlanden"], "The Netherlands"),
    // German: a capitalised noun that is also a small town counts only after a locative word;
    // stopwords never count.
    ("de", "Die Lage bleibt ruhig, sagte ein Sprecher in Hamburg.", &["Hamburg"], "Hamburg"),
    ("de", "Das Fest fand in Lage statt.", &["Lage"], "Lage"),
    ("de", "Auch in Dresden regnete es den ganzen Tag.", &["Dresden"], "Dresden"),
    // French and Spanish: capitalised function words are not places; a lowercase generic word
    // starts a feature's name, which beats the country inside it.
    ("fr", "Il pleuvait à Lyon. Les trains pour Lille étaient annulés.", &["Lyon", "Lille"], "Lyon"),
    ("fr", "Un navire a été vu en mer du Japon hier soir.", &["mer du Japon"], "Sea of Japan"),
    ("es", "Un buque navegó por el mar de Japón durante horas.", &["mar de Japón"], "Sea of Japan"),
    // Korean: particles stay out of the span; no syllable inside a word is a place.
    ("ko", "대표단은 평양에서 출발해 서울로 돌아왔다.", &["평양", "서울"], "Pyongyang"),
    ("ko", "이번 회의에서 모든 안건이 본회의로 넘어갔다.", &[], ""),
    // Chinese and Japanese: no one-character names.
    ("zh", "中俄代表团抵达北京后前往上海。", &["北京", "上海"], "Beijing"),
    ("ja", "東京から来た一行は上空の雲を見た。", &["東京"], "Tokyo"),
    // Arabic: clitics (و, ب) stay out of the span.
    ("ar", "زار الوزير دمشق وبيروت الأسبوع الماضي.", &["دمشق", "بيروت"], "Damascus"),
    ("ar", "اجتمع الوفد ببغداد أمس.", &["بغداد"], "Baghdad"),
    // Detected, not given: the same rules apply.
    ("", "Переговоры завершились во Владивостоке, сообщили в администрации города.", &["Владивостоке"], "Vladivostok"),
    ("", "대표단은 평양에서 출발해 블라디보스토크로 향했다고 밝혔다.", &["평양", "블라디보스토크"], "Pyongyang"),
    // English is read as before (no German or French rules: "Auch" is the French town here).
    ("", "The envoys flew from Auch to Berlin on Monday.", &["Auch", "Berlin"], "Auch"),
];

/// The rows as JSONL, each with its `lang` field when it gives one.
fn jsonl() -> String {
    ROWS.iter()
        .enumerate()
        .map(|(i, &(lang, text, _, _))| {
            let mut doc = serde_json::json!({"id": i.to_string(), "text": text});
            if !lang.is_empty() {
                doc["lang"] = lang.into();
            }
            format!("{doc}\n")
        })
        .collect()
}

#[test]
fn each_language_rule_finds_its_places() {
    let out = toponym()
        .args(["resolve", "--input", "jsonl", "--format", "jsonl", "-"])
        .write_stdin(jsonl())
        .output()
        .expect("toponym runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let docs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(docs.len(), ROWS.len());
    for (doc, &(lang, text, want, name)) in docs.iter().zip(ROWS) {
        let mentions = doc["mentions"].as_array().expect("mentions");
        let got: Vec<&str> = mentions.iter().map(|m| m["text"].as_str().expect("text")).collect();
        assert_eq!(got, want, "[{lang}] {text}");
        let chars: Vec<char> = text.chars().collect();
        for m in mentions {
            let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
            assert_eq!(chars[s..e].iter().collect::<String>(), m["text"].as_str().unwrap(), "[{lang}] offsets");
        }
        if !name.is_empty() {
            assert_eq!(mentions[0]["name"], name, "[{lang}] {text}");
        }
    }
}

#[test]
fn lang_flag_chooses_the_rules_and_rejects_unknown_codes() {
    // Given as German, the genitive is found; an unknown code is a usage error.
    let out = toponym()
        .args(["resolve", "--lang", "de", "--format", "jsonl", "-"])
        .write_stdin("Russlands Norden")
        .output()
        .expect("toponym runs");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["mentions"][0]["text"], "Russlands");
    let out = toponym().args(["resolve", "--lang", "xx", "-"]).write_stdin("Berlin").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    check_one_line_error(&out.stderr).unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown language \"xx\""));
}

#[test]
fn an_unknown_lang_field_is_warned_about_and_the_language_detected() {
    let input = "{\"id\": \"x\", \"text\": \"Саммит прошёл во Владивостоке в среду.\", \"lang\": \"qq\"}\n";
    let out = toponym()
        .args(["resolve", "--input", "jsonl", "--format", "jsonl", "-"])
        .write_stdin(input)
        .output()
        .expect("toponym runs");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("x: unknown language \"qq\""), "{stderr}");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["mentions"][0]["text"], "Владивостоке");
}
