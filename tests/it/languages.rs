//! News in other languages: one fixture sentence (written for these tests) per matching rule of
//! `src/matcher/lang.rs`, run through `toponym resolve` as a user would, plus `--lang` and the
//! JSONL `lang` field.

use crate::support::checks::{check_one_line_error, toponym};

/// See [`Row`].
const ROWS: &[Row] = &[
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

/// A row: language given, or "" to detect it; text; the mentions' text in order; the English
/// name of the first mention, or "" when it does not matter.
pub type Row = (&'static str, &'static str, &'static [&'static str], &'static str);

/// The rows as JSONL, each with its `lang` field when it gives one.
fn jsonl(rows: &[Row]) -> String {
    rows.iter()
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

/// Resolve every row in one JSONL run and check its mentions, their offsets and the first one's
/// place. A batch where no document names a place exits 1, any other failure fails the test.
pub fn check_rows(rows: &[Row]) {
    let out = toponym()
        .args(["resolve", "--input", "jsonl", "--format", "jsonl", "-"])
        .write_stdin(jsonl(rows))
        .output()
        .expect("toponym runs");
    assert!(out.status.success() || out.status.code() == Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let docs: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(docs.len(), rows.len());
    let empty = Vec::new();
    for (doc, &(lang, text, want, name)) in docs.iter().zip(rows) {
        let mentions = doc["mentions"].as_array().unwrap_or(&empty);
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
fn each_language_rule_finds_its_places() {
    check_rows(ROWS);
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
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("unknown language \"xx\" (one of: en ru uk ko ja zh de fr es ar)"));
    // The story commands take the same flag.
    let out = toponym().args(["geojson", "--lang", "tr", "-o", "-", "-"]).write_stdin("Berlin").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    check_one_line_error(&out.stderr).unwrap();
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

/// Mentions (text, English name) of `resolve --adjectives` on one text.
fn mentions_with_adjectives(lang: &str, text: &str) -> Vec<(String, String)> {
    let out = toponym()
        .args(["resolve", "--adjectives", "--lang", lang, "--format", "jsonl", "-"])
        .write_stdin(text.to_string())
        .output()
        .expect("toponym runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    doc["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|m| (m["text"].as_str().unwrap().to_string(), m["name"].as_str().unwrap().to_string()))
        .collect()
}

/// (language, text, the (span, country) mentions)
type CompoundRow = (&'static str, &'static str, &'static [(&'static str, &'static str)]);

#[test]
fn one_character_country_abbreviations_count_only_in_compounds_of_them() {
    let rows: &[CompoundRow] = &[
        ("zh", "中俄两国外长在会后发表了联合声明。", &[("中", "China"), ("俄", "Russia")]),
        ("zh", "美韩联合演习下周开始。", &[("美", "United States"), ("韩", "South Korea")]),
        ("ja", "露朝の首脳が握手した。", &[("露", "Russia"), ("朝", "North Korea")]),
        ("ja", "日米韓の高官が電話で協議した。", &[("日", "Japan"), ("米", "United States"), ("韓", "South Korea")]),
        // A lone character is no country; nor a compound that is a word of its own.
        ("zh", "美丽的风景让人难忘。", &[]),
        ("zh", "中美洲的咖啡很有名。", &[]),
        ("zh", "他会说中英文。", &[]),
        ("ja", "朝日新聞が報じた。", &[]),
    ];
    for &(lang, text, want) in rows {
        // One-character mentions only: 朝日 may still be the town of Asahi, as a name of two.
        let got: Vec<(String, String)> =
            mentions_with_adjectives(lang, text).into_iter().filter(|(t, _)| t.chars().count() == 1).collect();
        let want: Vec<(String, String)> = want.iter().map(|&(a, b)| (a.to_string(), b.to_string())).collect();
        assert_eq!(got, want, "[{lang}] {text}");
    }
}

#[test]
fn a_language_without_rules_is_warned_about_once_and_read_with_english_rules() {
    // (text, the language the warning names)
    let rows = [
        ("Heyet zırhlı trenle başkentten ayrıldı ve çarşamba günü Vladivostok şehrine ulaştı.", "Turkish"),
        (
            "Delegacja wyjechała pociągiem ze stolicy i w środę dotarła do miasta, gdzie rozpoczęły się rozmowy.",
            "Polish",
        ),
        ("प्रतिनिधिमंडल बुधवार को ट्रेन से राजधानी से रवाना हुआ और शाम को शहर पहुंचा।", "Hindi"),
    ];
    for (text, name) in rows {
        // Two documents in the same language: one warning.
        let doc = |id: &str| format!("{}\n", serde_json::json!({"id": id, "text": text}));
        let out = toponym()
            .args(["resolve", "--input", "jsonl", "--format", "jsonl", "-"])
            .write_stdin(doc("a") + &doc("b"))
            .output()
            .expect("toponym runs");
        assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
        assert_eq!(warnings.len(), 1, "{name}: {stderr}");
        assert!(warnings[0].contains(name) && warnings[0].contains("English rules used"), "{stderr}");
        assert!(warnings[0].contains("en ru uk ko ja zh de fr es ar"), "{stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2);
    }
    // English and the supported languages say nothing.
    for text in
        ["The envoys flew from Seoul to Berlin on Monday.", "Die Delegation reiste am Montag über München nach Wien."]
    {
        let out = toponym().args(["resolve", "-"]).write_stdin(text).output().expect("toponym runs");
        assert!(out.stderr.is_empty(), "{text}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn mixed_scripts_are_no_foreign_language() {
    // A Russian sentence naming places in their own scripts warns of nothing.
    let text = "Из Москвы — в Zürich, затем в 평양 и Vladivostok.";
    let out = toponym().args(["resolve", "-"]).write_stdin(text).output().expect("toponym runs");
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
}
