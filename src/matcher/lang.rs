//! The language of a document and the matching rules that go with it, as data.
//!
//! A document's language is detected once (the `whatlang` crate: trigram and script models in
//! pure Rust, no data files, about a millisecond a document; chosen over `lingua` for being small
//! and fast enough to run on every document of a batch) or given by the caller (`--lang`). Each
//! supported language has a [`Rules`] table that the matcher reads where it matches:
//! - `endings`: a word's written ending and the ending the gazetteer's name has instead
//!   (Russian «Владивостоке» → «Владивосток», «Амурской» → «Амурская»; German «Russlands» →
//!   «Russland»), tried at the end of every word of a name, the whole inflected word kept in the
//!   span; Russian and Ukrainian take theirs from the case-ending table built from OpenCorpora's
//!   dictionaries (`languages/case-endings.tsv`, see `languages/SOURCES.md`), German's are a rule;
//! - `particles`: what may follow a name inside a word of an unspaced script (Korean «평양에서»:
//!   the span stops before the particle); a match may not start inside such a word;
//! - `clitics`: prefixes written onto a word (Arabic «وطرابلس», «بدرنة»), left out of the span;
//! - `generic_words`: lowercase words that belong to feature names (море, mer, mar, область);
//! - `stopwords`: function words never taken as a place on their own (stopwords-iso, see
//!   `languages/SOURCES.md`);
//! - `min_unspaced_chars`: the shortest name written in Han or kana alone.
//!
//! Invariant: [`Lang::En`] and [`Lang::Other`] have empty rules, so English text matches exactly
//! as it did before languages existed; every rule only adds or removes candidates in text of its
//! language.

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::gazetteer::fold_name;

/// A language the matcher has rules for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// English (and any text detected as no other supported language).
    #[default]
    En,
    /// Russian.
    Ru,
    /// Ukrainian.
    Uk,
    /// Korean.
    Ko,
    /// Japanese.
    Ja,
    /// Chinese.
    Zh,
    /// German.
    De,
    /// French.
    Fr,
    /// Spanish.
    Es,
    /// Arabic.
    Ar,
    /// Detected, but not one of the above: English rules apply.
    Other,
}

/// Every language with rules, with its ISO 639-1 code.
pub const LANGS: &[(Lang, &str)] = &[
    (Lang::En, "en"),
    (Lang::Ru, "ru"),
    (Lang::Uk, "uk"),
    (Lang::Ko, "ko"),
    (Lang::Ja, "ja"),
    (Lang::Zh, "zh"),
    (Lang::De, "de"),
    (Lang::Fr, "fr"),
    (Lang::Es, "es"),
    (Lang::Ar, "ar"),
];

impl Lang {
    /// The codes of [`LANGS`], space-separated, for messages.
    pub const CODES: &'static str = "en ru uk ko ja zh de fr es ar";

    /// The ISO 639-1 code ("ru"); `"und"` for a language without rules.
    pub fn code(self) -> &'static str {
        LANGS.iter().find(|(l, _)| *l == self).map_or("und", |(_, c)| c)
    }

    /// The matching rules of this language.
    pub fn rules(self) -> &'static Rules {
        match self {
            Lang::Ru => &RU,
            Lang::Uk => &UK,
            Lang::Ko => &KO,
            Lang::Ja => &JA,
            Lang::Zh => &ZH,
            Lang::De => &DE,
            Lang::Fr => &FR,
            Lang::Es => &ES,
            Lang::Ar => &AR,
            Lang::En | Lang::Other => &NONE,
        }
    }

    /// The language of a text: whatlang's guess among the supported languages and English, or
    /// English when the text is too short or the guess unreliable; [`Lang::Other`] when the
    /// text reads surely as a language without rules (see [`Lang::detect_named`]). Reads at
    /// most the first 4 KB (a document is one language; the head says which).
    pub fn detect(text: &str) -> Lang {
        Lang::detect_named(text).0
    }

    /// [`Lang::detect`], with the English name of the language when it is one without rules
    /// ("Turkish", "Polish", "Hindi"): the caller warns, and English rules apply.
    pub fn detect_named(text: &str) -> (Lang, Option<&'static str>) {
        static DETECTOR: OnceLock<whatlang::Detector> = OnceLock::new();
        let detector = DETECTOR.get_or_init(|| {
            whatlang::Detector::with_allowlist(vec![
                whatlang::Lang::Eng,
                whatlang::Lang::Rus,
                whatlang::Lang::Ukr,
                whatlang::Lang::Kor,
                whatlang::Lang::Jpn,
                whatlang::Lang::Cmn,
                whatlang::Lang::Deu,
                whatlang::Lang::Fra,
                whatlang::Lang::Spa,
                whatlang::Lang::Ara,
            ])
        });
        let head = &text[..floor_boundary(text, 4096)];
        // English news is ASCII nearly throughout; keep it on the English path without asking
        // the models. Typographic punctuation (curly quotes, dashes, "…") does not make a text
        // foreign: only letters outside ASCII send it to the models.
        if no_letters_outside_ascii(head) && !looks_like_latin_language(&head[..floor_boundary(head, 1024)]) {
            return (Lang::En, None);
        }
        // A language without rules: the unrestricted models are sure of it. Cyrillic languages
        // close to Russian (Belarusian, Bulgarian, Serbian, Macedonian) are read as Russian.
        // Asked only when letters outside ASCII are common: English with a curly quote or a
        // "café" skips them (they cost more than the rest of the document's resolution).
        let unrestricted =
            if mostly_ascii_letters(&head[..floor_boundary(head, 1024)]) { None } else { whatlang::detect(head) };
        if let Some(info) = unrestricted {
            use whatlang::Lang as W;
            let supported = matches!(
                info.lang(),
                W::Eng | W::Rus | W::Ukr | W::Kor | W::Jpn | W::Cmn | W::Deu | W::Fra | W::Spa | W::Ara
            );
            let near_russian = matches!(info.lang(), W::Bel | W::Bul | W::Srp | W::Mkd);
            // A script no supported language writes in (Devanagari, Thai, Greek …) is sure
            // enough, whichever of its languages whatlang picks.
            use whatlang::Script as S;
            let foreign_script = !matches!(
                info.script(),
                S::Latin | S::Cyrillic | S::Arabic | S::Hangul | S::Hiragana | S::Katakana | S::Mandarin
            );
            // Mixed scripts (a Russian sentence naming Zürich and 평양) are no foreign text:
            // most of the letters must be in the guess's script.
            let in_script = |c: char| match info.script() {
                S::Latin => c.is_ascii_alphabetic() || ('\u{c0}'..'\u{250}').contains(&c),
                S::Cyrillic => ('\u{400}'..'\u{530}').contains(&c),
                _ => !(c.is_ascii() || ('\u{c0}'..'\u{530}').contains(&c)),
            };
            let (mut letters, mut inside) = (0usize, 0usize);
            for c in head.chars().take(1024).filter(|c| c.is_alphabetic()) {
                letters += 1;
                inside += usize::from(in_script(c));
            }
            let one_script = inside * 5 >= letters * 4;
            if (info.is_reliable() || foreign_script) && one_script && !supported && !near_russian {
                return (Lang::Other, Some(info.lang().eng_name()));
            }
        }
        (Lang::detect_supported(detector, head), None)
    }

    /// The text is written in this language's script: at least half its letters are (Cyrillic
    /// for Russian and Ukrainian, Hangul for Korean, Han and kana for Japanese, Han for Chinese,
    /// Arabic, Latin for the others), or it has too few letters to say. A `--lang` that does not
    /// fit the text's script is a mistake the caller warns about ("ko" given for Russian text).
    pub fn fits_script(self, text: &str) -> bool {
        let in_script = |c: char| match self {
            Lang::Ru | Lang::Uk => ('\u{400}'..'\u{530}').contains(&c),
            Lang::Ko => crate::matcher::text::is_hangul(c),
            Lang::Ja => matches!(c as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF),
            Lang::Zh => matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF),
            Lang::Ar => matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF),
            Lang::En | Lang::De | Lang::Fr | Lang::Es | Lang::Other => {
                c.is_ascii_alphabetic() || ('\u{c0}'..'\u{250}').contains(&c)
            }
        };
        let head = &text[..floor_boundary(text, 4096)];
        let (mut letters, mut inside) = (0usize, 0usize);
        for c in head.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            inside += usize::from(in_script(c));
        }
        letters < 10 || inside * 2 >= letters
    }

    /// Whatlang's guess among the supported languages (see [`Lang::detect`]).
    fn detect_supported(detector: &whatlang::Detector, head: &str) -> Lang {
        let Some(info) = detector.detect(head) else { return Lang::En };
        let lang = match info.lang() {
            whatlang::Lang::Rus => Lang::Ru,
            whatlang::Lang::Ukr => Lang::Uk,
            whatlang::Lang::Kor => Lang::Ko,
            whatlang::Lang::Jpn => Lang::Ja,
            whatlang::Lang::Cmn => Lang::Zh,
            whatlang::Lang::Deu => Lang::De,
            whatlang::Lang::Fra => Lang::Fr,
            whatlang::Lang::Spa => Lang::Es,
            whatlang::Lang::Ara => Lang::Ar,
            _ => Lang::En,
        };
        // Scripts of their own are sure; a Latin-script guess needs whatlang's confidence.
        let latin = matches!(lang, Lang::De | Lang::Fr | Lang::Es);
        if latin && !info.is_reliable() {
            return Lang::En;
        }
        lang
    }
}

/// The largest char boundary of `text` at or below `max` bytes.
fn floor_boundary(text: &str, max: usize) -> usize {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

/// Every letter of the text is an ASCII letter (other characters may be anything).
fn no_letters_outside_ascii(text: &str) -> bool {
    text.is_ascii() || text.chars().all(|c| c.is_ascii() || !c.is_alphabetic())
}

/// Fewer than one letter in 25 is outside ASCII (English, or a Latin-script language written
/// without its accents, which the models could not tell apart anyway).
fn mostly_ascii_letters(head: &str) -> bool {
    let (mut letters, mut foreign) = (0usize, 0usize);
    for c in head.chars().filter(|c| c.is_alphabetic()) {
        letters += 1;
        foreign += usize::from(!c.is_ascii());
    }
    foreign * 25 < letters
}

/// An ASCII text that still reads as German, French or Spanish: one of their commonest function
/// words is frequent in it (many wire stories carry no accented letter in their first lines).
fn looks_like_latin_language(head: &str) -> bool {
    let (mut words, mut hits) = (0usize, 0usize);
    let mut lower = [0u8; 6];
    for w in head.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()) {
        words += 1;
        if w.len() > lower.len() {
            continue;
        }
        let l = &mut lower[..w.len()];
        l.copy_from_slice(w.as_bytes());
        l.make_ascii_lowercase();
        if matches!(
            &*l,
            b"der"
                | b"die"
                | b"das"
                | b"und"
                | b"nicht"
                | b"ist"
                | b"ein"
                | b"eine"
                | b"einem"
                | b"einer"
                | b"den"
                | b"dem"
                | b"des"
                | b"im"
                | b"mit"
                | b"von"
                | b"zu"
                | b"auf"
                | b"sind"
                | b"war"
                | b"wurde"
                | b"le"
                | b"la"
                | b"les"
                | b"et"
                | b"est"
                | b"une"
                | b"du"
                | b"au"
                | b"aux"
                | b"dans"
                | b"pour"
                | b"sur"
                | b"par"
                | b"qui"
                | b"el"
                | b"los"
                | b"las"
                | b"y"
                | b"del"
                | b"una"
                | b"por"
                | b"con"
                | b"para"
                | b"se"
                | b"es"
        ) {
            hits += 1;
        }
    }
    words >= 6 && hits * 6 >= words
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A language code nobody has rules for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {0:?} (one of: en ru uk ko ja zh de fr es ar)")]
pub struct UnknownLang(pub String);

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Lang, UnknownLang> {
        let lower = s.trim().to_ascii_lowercase();
        LANGS.iter().find(|(_, c)| *c == lower).map(|(l, _)| *l).ok_or_else(|| UnknownLang(s.to_string()))
    }
}

/// The matching rules of one language (see the module docs). Strings are written as a reader
/// would; [`Lang::prepared`] folds them the way names are indexed.
pub struct Rules {
    /// (written ending, the name's ending instead), tried at the end of each word of a name.
    pub endings: &'static [(&'static str, &'static str)],
    /// The language code of this language's rows of the case-ending table built from a
    /// morphological dictionary (`languages/case-endings.tsv`), tried as `endings` are.
    pub case_endings: Option<&'static str>,
    /// Shortest stem an ending may follow, in characters.
    pub min_stem_chars: usize,
    /// What may follow a name inside a word of an unspaced script; empty: anything may.
    pub particles: &'static [&'static str],
    /// (written prefix, the name's prefix instead): clitics written onto the word.
    pub clitics: &'static [(&'static str, &'static str)],
    /// Lowercase words (folded stems) that may stand in a name, even first ("mer du Japon").
    pub generic_words: &'static [&'static str],
    /// The stopword table's language code, when stopwords apply.
    pub stopwords: Option<&'static str>,
    /// Shortest name written only in Han or kana characters.
    pub min_unspaced_chars: usize,
    /// One-character country abbreviations (character, the country's name in the language)
    /// that count only inside a compound made of them alone (中俄, 露朝, 日米韓).
    pub country_compounds: &'static [(char, &'static str)],
    /// The language capitalises every noun: a one-word name of small towns only counts after
    /// one of these words (folded): "in Lage", not "Die Lage".
    pub places_after: &'static [&'static str],
    /// The common-word lexicon (English) describes this language: in a run of capitalised words,
    /// one that is neither a common word nor a place is a person's name ("Vladimir Putin"). In
    /// other languages every word is unknown to it, so only titles and given names say "person".
    pub common_words_known: bool,
    /// Country acronyms of the language's press that the gazetteer lacks (written form, the
    /// country's ISO 3166-1 code), matched as whole words, case-sensitively: «США», «КНР».
    pub acronyms: &'static [(&'static str, &'static str)],
    /// Administrative suffixes written onto a name (哈尔滨市, 静岡県, 부여군): a name followed by
    /// one takes it into its span; in Korean the suffix may stand before particles (부여군과).
    pub admin_suffixes: &'static [char],
    /// Words in katakana are loanwords written whole: a name never starts or ends inside a
    /// katakana run (イア is no place inside ジャイアンツ), and a two-character Han name of a
    /// place without population (Chinese townships: 建设, 洪水, 口岸, 小池) needs a suffix.
    pub cjk_words: bool,
    /// Head nouns written before a name in apposition (folded stems: «космодром Восточный»,
    /// «станции Хасан»): they help match the name the gazetteer gives with them, but stay out
    /// of the span, as for any other descriptive word.
    pub apposition_heads: &'static [&'static str],
    /// A name in guillemets alone («Амур», «Шахтар») is a club, ship or company, unless an
    /// apposition head stands before it («космодром „Восточный“»).
    pub quoted_names_are_organisations: bool,
    /// Names may carry a qualifier in parentheses ("Frankfurt (Oder)", "Halle (Saale)").
    pub parenthesised_qualifiers: bool,
    /// A name written as two words that the gazetteer writes as one («بيونغ يانغ», Pyongyang).
    pub spaced_names: bool,
    /// With `places_after`: a town of this many people is named by its name alone.
    pub notable_population: u64,
}

const NONE: Rules = Rules {
    endings: &[],
    case_endings: None,
    min_stem_chars: 0,
    particles: &[],
    clitics: &[],
    generic_words: &[],
    stopwords: None,
    min_unspaced_chars: 1,
    country_compounds: &[],
    places_after: &[],
    common_words_known: true,
    acronyms: &[],
    admin_suffixes: &[],
    cjk_words: false,
    apposition_heads: &[],
    quoted_names_are_organisations: false,
    parenthesised_qualifiers: false,
    spaced_names: false,
    notable_population: 0,
};

/// Russian: case endings from OpenCorpora's dictionary (`languages/case-endings.tsv`), the
/// generic words of feature names, stopwords.
const RU: Rules = Rules {
    endings: &[],
    case_endings: Some("ru"),
    min_stem_chars: 2,
    particles: &[],
    clitics: &[],
    generic_words: &[
        "област",
        "автономн",
        "край",
        "кра",
        "море",
        "моря",
        "мор",
        "река",
        "реки",
        "рек",
        "озер",
        "остров",
        "залив",
        "пролив",
        "полуостров",
        "район",
        "округ",
        "республик",
        "горы",
        "гор",
        "космодром",
        "станци",
        "на",
    ],
    stopwords: Some("ru"),
    min_unspaced_chars: 1,
    country_compounds: &[],
    places_after: &[],
    common_words_known: false,
    acronyms: &[("США", "US"), ("КНР", "CN"), ("РФ", "RU"), ("ФРГ", "DE"), ("ЮАР", "ZA")],
    admin_suffixes: &[],
    cjk_words: false,
    apposition_heads: &["космодром", "станци", "аэропорт", "порт"],
    quoted_names_are_organisations: true,
    parenthesised_qualifiers: false,
    spaced_names: false,
    notable_population: 0,
};

/// Ukrainian: case endings from its pymorphy dictionary (`languages/case-endings.tsv`: Харків →
/// Харкова, Харкові; Київ → Києва; Владивосток → Владивостоці), generic words, stopwords; and
/// [`UK_TO_RU_ADJECTIVES`] for the places of Russia the gazetteer names only in Russian.
const UK: Rules = Rules {
    endings: UK_TO_RU_ADJECTIVES,
    case_endings: Some("uk"),
    min_stem_chars: 2,
    particles: &[],
    clitics: &[],
    generic_words: &[
        "област",
        "автономн",
        "край",
        "кра",
        "море",
        "мор",
        "річк",
        "озер",
        "острів",
        "остров",
        "затока",
        "район",
        "космодром",
        "станці",
        "на",
    ],
    stopwords: Some("uk"),
    min_unspaced_chars: 1,
    country_compounds: &[],
    places_after: &[],
    common_words_known: false,
    acronyms: &[("США", "US"), ("КНР", "CN"), ("РФ", "RU"), ("ФРГ", "DE"), ("ЮАР", "ZA")],
    admin_suffixes: &[],
    cjk_words: false,
    apposition_heads: &["космодром", "станці", "аеропорт", "порт"],
    quoted_names_are_organisations: true,
    parenthesised_qualifiers: false,
    spaced_names: false,
    notable_population: 0,
};

/// Ukrainian forms of adjectival names that the gazetteer has only in Russian (Russia's regions,
/// towns and sites, written in Ukrainian news in Ukrainian spelling): the Ukrainian ending, in
/// any case, and the Russian nominative's ending instead. «Амурській області» → «Амурская
/// область» (the noun by the dictionary's table), «Восточний» → «Восточный», «Приморського краю»
/// → «Приморский край». Grammar (the two languages' regular adjective paradigms), not a list of
/// names; a form counts only when the gazetteer has the Russian name it gives.
const UK_TO_RU_ADJECTIVES: &[(&str, &str)] = &[
    // -ський (soft-stem -sky adjectives): ський ського ському ським ськім; ська ської ській ську ською
    ("ський", "ский"),
    ("ського", "ский"),
    ("ському", "ский"),
    ("ським", "ский"),
    ("ськім", "ский"),
    ("ська", "ская"),
    ("ської", "ская"),
    ("ській", "ская"),
    ("ську", "ская"),
    ("ською", "ская"),
    ("ське", "ское"),
    // -ний (hard-stem adjectives): Восточний, Східний → Восточный
    ("ний", "ный"),
    ("ного", "ный"),
    ("ному", "ный"),
    ("ним", "ный"),
    ("ному", "ный"),
    ("на", "ная"),
    ("ної", "ная"),
    ("ній", "ная"),
    ("ну", "ная"),
    ("ною", "ная"),
    // -цький: Донецький → Донецкий
    ("цький", "цкий"),
    ("цька", "цкая"),
    ("цької", "цкая"),
    ("цькій", "цкая"),
    ("цьку", "цкая"),
];

/// Korean postpositions (case particles and a few endings of nouns) that follow a place name in
/// the same word; longer ones first is not needed, every split is tried.
const KO: Rules = Rules {
    endings: &[],
    case_endings: None,
    min_stem_chars: 0,
    particles: &[
        "에서",
        "에",
        "으로",
        "로",
        "의",
        "은",
        "는",
        "이",
        "가",
        "을",
        "를",
        "과",
        "와",
        "까지",
        "부터",
        "도",
        "만",
        "에게",
        "께",
        "행",
        "시",
        "측",
        "발",
        "산",
        "간",
        "서",
        "엔",
        "이나",
        "나",
        "처럼",
        "보다",
        "으로부터",
        "로부터",
        "에선",
        "에서도",
        "에서는",
        "에서의",
        "에는",
        "에도",
        "와의",
        "과의",
        "로의",
        "으로의",
        "까지의",
        "이다",
        "였다",
        "이었다",
        "라는",
        "이라는",
    ],
    clitics: &[],
    generic_words: &[],
    stopwords: None,
    min_unspaced_chars: 2,
    country_compounds: &[],
    places_after: &[],
    common_words_known: false,
    acronyms: &[],
    admin_suffixes: &['시', '군', '구', '읍', '면'],
    cjk_words: false,
    apposition_heads: &[],
    quoted_names_are_organisations: false,
    parenthesised_qualifiers: false,
    spaced_names: false,
    notable_population: 0,
};

/// Chinese: no one-character names (上, 境, 光 are towns, and everywhere in text), except the
/// press's one-character country abbreviations inside a compound of them alone: 中俄 (China and
/// Russia), 美韩, 中美日. Each character becomes a mention of its country, as an adjective (the
/// compound qualifies a noun: 中俄边境, "the China–Russia border"). Curated, as the issue allows:
/// these are the abbreviations Xinhua-style copy uses for the countries of this region's news.
const ZH: Rules = Rules {
    endings: &[],
    case_endings: None,
    min_stem_chars: 0,
    particles: &[],
    clitics: &[],
    generic_words: &[],
    stopwords: None,
    min_unspaced_chars: 2,
    country_compounds: &[
        ('中', "中国"),
        ('俄', "俄罗斯"),
        ('美', "美国"),
        ('韩', "韩国"),
        ('朝', "朝鲜"),
        ('日', "日本"),
        ('英', "英国"),
        ('法', "法国"),
        ('德', "德国"),
        ('印', "印度"),
    ],
    places_after: &[],
    common_words_known: false,
    acronyms: &[],
    admin_suffixes: &['市', '县', '縣', '区', '區', '省', '镇', '鎮', '乡', '村'],
    cjk_words: true,
    apposition_heads: &[],
    quoted_names_are_organisations: false,
    parenthesised_qualifiers: false,
    spaced_names: false,
    notable_population: 0,
};

/// Japanese: as Chinese, with the Japanese press's abbreviations: 露朝 (Russia and North Korea),
/// 日米韓 (Japan, the United States and South Korea), 米中.
const JA: Rules = Rules {
    country_compounds: &[
        ('日', "日本"),
        ('米', "アメリカ合衆国"),
        ('韓', "大韓民国"),
        ('朝', "北朝鮮"),
        ('露', "ロシア"),
        ('中', "中華人民共和国"),
        ('英', "イギリス"),
        ('仏', "フランス"),
        ('独', "ドイツ"),
        ('豪', "オーストラリア"),
        ('印', "インド"),
    ],
    admin_suffixes: &['市', '県', '府', '都', '町', '村', '区'],
    ..ZH
};

/// German genitive and dative endings: Russland-s, Kiew-s, Niederlande-n.
const DE: Rules = Rules {
    endings: &[("s", ""), ("es", ""), ("n", ""), ("ns", "")],
    case_endings: None,
    min_stem_chars: 3,
    particles: &[],
    clitics: &[],
    generic_words: &[],
    stopwords: Some("de"),
    min_unspaced_chars: 1,
    country_compounds: &[],
    places_after: &[
        "in", "im", "nach", "aus", "bei", "beim", "von", "vom", "uber", "bis", "nahe", "zwischen", "und", "sowie",
        "oder", "gen", "um", "richtung", "ab", "durch", "stadt", "gemeinde", "ort", "dorf",
    ],
    common_words_known: false,
    acronyms: &[],
    admin_suffixes: &[],
    cjk_words: false,
    apposition_heads: &[],
    quoted_names_are_organisations: false,
    parenthesised_qualifiers: true,
    spaced_names: false,
    notable_population: 100_000,
};

const FR: Rules = Rules {
    endings: &[],
    case_endings: None,
    min_stem_chars: 0,
    particles: &[],
    clitics: &[],
    generic_words: &["mer", "golfe", "ile", "iles", "lac", "mont", "monts", "detroit", "ocean", "canal", "baie"],
    stopwords: Some("fr"),
    min_unspaced_chars: 1,
    country_compounds: &[],
    places_after: &[],
    common_words_known: false,
    acronyms: &[],
    admin_suffixes: &[],
    cjk_words: false,
    apposition_heads: &[],
    quoted_names_are_organisations: false,
    parenthesised_qualifiers: false,
    spaced_names: false,
    notable_population: 0,
};

const ES: Rules = Rules {
    endings: &[],
    case_endings: None,
    min_stem_chars: 0,
    particles: &[],
    clitics: &[],
    generic_words: &["mar", "golfo", "isla", "islas", "lago", "rio", "oceano", "estrecho", "sierra", "canal", "bahia"],
    stopwords: Some("es"),
    min_unspaced_chars: 1,
    country_compounds: &[],
    places_after: &[],
    common_words_known: false,
    acronyms: &[],
    admin_suffixes: &[],
    cjk_words: false,
    apposition_heads: &[],
    quoted_names_are_organisations: false,
    parenthesised_qualifiers: false,
    spaced_names: false,
    notable_population: 0,
};

/// Arabic proclitics: the conjunctions و and ف, the prepositions ب ل ك, their combinations, and
/// ل before the article, which then loses its alif (للرياض = ل + الرياض).
const AR: Rules = Rules {
    endings: &[],
    case_endings: None,
    min_stem_chars: 0,
    particles: &[],
    clitics: &[
        ("و", ""),
        ("ف", ""),
        ("ب", ""),
        ("ل", ""),
        ("ك", ""),
        ("وب", ""),
        ("ول", ""),
        ("وك", ""),
        ("فب", ""),
        ("فل", ""),
        ("لل", "ال"),
        ("ولل", "ال"),
        ("فلل", "ال"),
    ],
    generic_words: &[],
    stopwords: Some("ar"),
    min_unspaced_chars: 1,
    country_compounds: &[],
    // A one-word name of towns without population (common nouns: معبر "crossing") counts only
    // after a word saying "city", "town", "village" or "area".
    places_after: &["مدينة", "بلدة", "قرية", "منطقة", "بمدينة", "ببلدة", "بقرية", "بمنطقة", "لمدينة"],
    common_words_known: false,
    acronyms: &[],
    admin_suffixes: &[],
    cjk_words: false,
    apposition_heads: &[],
    quoted_names_are_organisations: false,
    parenthesised_qualifiers: false,
    spaced_names: true,
    notable_population: 1,
};

/// A language's rules with their strings folded as names are, ready for the matcher.
pub struct Prepared {
    /// (folded written ending, folded name ending), longest written ending first.
    pub endings: Vec<(String, String)>,
    /// Shortest stem an ending may follow, in characters.
    pub min_stem_chars: usize,
    /// Longest written ending, in characters.
    pub max_ending_chars: usize,
    /// Particles as chars.
    pub particles: Vec<Vec<char>>,
    /// (written prefix as chars, folded name prefix), longest first.
    pub clitics: Vec<(Vec<char>, String)>,
    /// See [`Rules::generic_words`].
    pub generic_words: &'static [&'static str],
    /// The language's stopwords, folded.
    pub stopwords: Option<&'static FxHashSet<String>>,
    /// See [`Rules::min_unspaced_chars`].
    pub min_unspaced_chars: usize,
    /// See [`Rules::country_compounds`].
    pub country_compounds: &'static [(char, &'static str)],
    /// See [`Rules::places_after`].
    pub places_after: &'static [&'static str],
    /// See [`Rules::common_words_known`].
    pub common_words_known: bool,
    /// See [`Rules::acronyms`].
    pub acronyms: &'static [(&'static str, &'static str)],
    /// See [`Rules::admin_suffixes`].
    pub admin_suffixes: &'static [char],
    /// See [`Rules::cjk_words`].
    pub cjk_words: bool,
    /// See [`Rules::apposition_heads`].
    pub apposition_heads: &'static [&'static str],
    /// See [`Rules::quoted_names_are_organisations`].
    pub quoted_names_are_organisations: bool,
    /// See [`Rules::parenthesised_qualifiers`].
    pub parenthesised_qualifiers: bool,
    /// See [`Rules::spaced_names`].
    pub spaced_names: bool,
    /// See [`Rules::notable_population`].
    pub notable_population: u64,
}

impl Lang {
    /// The folded, ready form of this language's rules (built once per language).
    pub fn prepared(self) -> &'static Prepared {
        // Indexed by the enum's discriminant: looked up for every candidate.
        static ALL: OnceLock<Vec<Prepared>> = OnceLock::new();
        const EVERY: [Lang; 11] = [
            Lang::En,
            Lang::Ru,
            Lang::Uk,
            Lang::Ko,
            Lang::Ja,
            Lang::Zh,
            Lang::De,
            Lang::Fr,
            Lang::Es,
            Lang::Ar,
            Lang::Other,
        ];
        let all = ALL.get_or_init(|| EVERY.iter().map(|l| l.rules().prepare()).collect());
        &all[self as usize]
    }
}

impl Rules {
    fn prepare(&self) -> Prepared {
        let fold = |s: &str| fold_name(s);
        let mut endings: Vec<(String, String)> = self.endings.iter().map(|(w, n)| (fold(w), fold(n))).collect();
        if let Some(lang) = self.case_endings {
            endings.extend(case_endings(lang).map(|(w, n)| (fold(w), fold(n))));
        }
        endings.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        endings.dedup();
        let mut clitics: Vec<(Vec<char>, String)> =
            self.clitics.iter().map(|(w, n)| (w.chars().collect(), fold(n))).collect();
        clitics.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        Prepared {
            max_ending_chars: endings.iter().map(|e| e.0.chars().count()).max().unwrap_or(0),
            endings,
            min_stem_chars: self.min_stem_chars,
            particles: self.particles.iter().map(|p| p.chars().collect()).collect(),
            clitics,
            generic_words: self.generic_words,
            stopwords: self.stopwords.map(stopwords),
            min_unspaced_chars: self.min_unspaced_chars,
            country_compounds: self.country_compounds,
            places_after: self.places_after,
            common_words_known: self.common_words_known,
            acronyms: self.acronyms,
            admin_suffixes: self.admin_suffixes,
            cjk_words: self.cjk_words,
            apposition_heads: self.apposition_heads,
            quoted_names_are_organisations: self.quoted_names_are_organisations,
            parenthesised_qualifiers: self.parenthesised_qualifiers,
            spaced_names: self.spaced_names,
            notable_population: self.notable_population,
        }
    }
}

/// The stopword table (`languages/stopwords.tsv`, from stopwords-iso) of one language.
fn stopwords(lang: &'static str) -> &'static FxHashSet<String> {
    const TSV: &str = include_str!("../../languages/stopwords.tsv");
    static TABLE: OnceLock<FxHashMap<&'static str, FxHashSet<String>>> = OnceLock::new();
    static EMPTY: OnceLock<FxHashSet<String>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t: FxHashMap<&'static str, FxHashSet<String>> = FxHashMap::default();
        for line in TSV.lines() {
            if let Some((l, w)) = line.split_once('\t') {
                t.entry(l).or_default().insert(fold_name(w));
            }
        }
        t
    });
    table.get(lang).unwrap_or_else(|| EMPTY.get_or_init(FxHashSet::default))
}

/// The (written ending, name ending) rows of one language in the case-ending table
/// (`languages/case-endings.tsv`, built from OpenCorpora's and the Ukrainian pymorphy
/// dictionaries by `languages/build.py`; see `languages/SOURCES.md`).
fn case_endings(lang: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
    const TSV: &str = include_str!("../../languages/case-endings.tsv");
    TSV.lines().filter(|l| !l.starts_with('#')).filter_map(move |line| {
        let mut cols = line.split('\t');
        let (l, _kind, written, name) = (cols.next()?, cols.next()?, cols.next()?, cols.next()?);
        (l == lang).then_some((written, name))
    })
}

/// The rules' particles: does `rest` (the characters after a name, up to the end of the word)
/// split into one or two particles?
pub fn is_particle_run(particles: &[Vec<char>], rest: &[char]) -> bool {
    if rest.is_empty() {
        return true;
    }
    particles
        .iter()
        .any(|p| rest.starts_with(p) && (rest.len() == p.len() || particles.iter().any(|q| rest[p.len()..] == q[..])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for &(lang, code) in LANGS {
            assert_eq!(code.parse::<Lang>(), Ok(lang), "{code}");
            assert_eq!(lang.to_string(), code);
        }
        assert!("xx".parse::<Lang>().is_err());
        assert_eq!("RU".parse::<Lang>(), Ok(Lang::Ru));
        assert_eq!(Lang::CODES, LANGS.iter().map(|(_, c)| *c).collect::<Vec<_>>().join(" "));
    }

    #[test]
    fn detection_of_wire_paragraphs() {
        // (text, language)
        let rows: &[(&str, Lang)] = &[
            ("The talks between the two leaders ended in Vladivostok on Thursday, officials said.", Lang::En),
            ("Переговоры лидеров двух стран завершились в четверг во Владивостоке, сообщили чиновники.", Lang::Ru),
            ("Переговори лідерів двох країн завершилися в четвер у Владивостоці, повідомили посадовці.", Lang::Uk),
            ("두 정상의 회담은 목요일 블라디보스토크에서 끝났다고 관리들이 밝혔다.", Lang::Ko),
            ("両首脳の会談は木曜日にウラジオストクで終わったと当局者が明らかにした。", Lang::Ja),
            ("两国领导人的会谈于星期四在符拉迪沃斯托克结束，官员们说。", Lang::Zh),
            ("Die Gespräche der beiden Staatschefs endeten am Donnerstag in Wladiwostok, sagten Beamte.", Lang::De),
            ("Les discussions entre les deux dirigeants se sont achevées jeudi à Vladivostok, selon des responsables.", Lang::Fr),
            ("Las conversaciones entre los dos líderes terminaron el jueves en Vladivostok, según los funcionarios.", Lang::Es),
            ("انتهت المحادثات بين الزعيمين يوم الخميس في فلاديفوستوك، بحسب مسؤولين.", Lang::Ar),
            ("", Lang::En),
            ("Seoul", Lang::En),
        ];
        for &(text, want) in rows {
            assert_eq!(Lang::detect(text), want, "{text}");
        }
    }

    #[test]
    fn typographic_punctuation_keeps_a_text_on_the_ascii_path() {
        // (text, every letter is ASCII)
        let rows: &[(&str, bool)] = &[
            ("Talks ended in Vladivostok.", true),
            ("“Talks ended” in Vladivostok — officials said…", true),
            ("Talks ended in Zürich.", false),
            ("Переговоры завершились.", false),
            ("", true),
        ];
        for &(text, want) in rows {
            assert_eq!(no_letters_outside_ascii(text), want, "{text}");
        }
        let curly = "“The talks between the two leaders ended in Vladivostok on Thursday,” officials said.";
        assert_eq!(Lang::detect(curly), Lang::En);
    }

    /// Every paragraph of the multilingual dev set is detected as the language it is written in.
    #[test]
    fn dev_set_paragraphs_are_detected() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/languages");
        let mut wrong = Vec::new();
        for &(lang, code) in &LANGS[1..] {
            let path = format!("{dir}/{code}.jsonl");
            let jsonl = std::fs::read_to_string(&path).expect("the dev set is in the repository");
            for line in jsonl.lines() {
                let doc: serde_json::Value = serde_json::from_str(line).expect("dev set lines are JSON");
                let text = doc["text"].as_str().expect("a text");
                let got = Lang::detect(text);
                if got != lang {
                    wrong.push(format!("{} detected as {got}", doc["id"]));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:?}");
    }

    #[test]
    fn given_languages_fit_their_scripts() {
        // (language, text, fits)
        let rows: &[(Lang, &str, bool)] = &[
            (Lang::Ru, "Саммит прошёл во Владивостоке, затем делегация вылетела в Zürich.", true),
            (Lang::Ko, "Саммит прошёл во Владивостоке в среду.", false),
            (Lang::De, "대표단은 평양에서 출발해 서울로 돌아왔다고 밝혔다.", false),
            (Lang::Ja, "東京から来た一行は大阪で会議を開いた。", true),
            (Lang::Zh, "代表团抵达北京后前往上海。", true),
            (Lang::Zh, "ジャイアンツはロサンゼルスで勝った。", false),
            (Lang::Ar, "زار الوزير دمشق وبيروت الأسبوع الماضي.", true),
            (Lang::Fr, "Il pleuvait à Lyon toute la journée.", true),
            (Lang::Ru, "Seoul", true),
        ];
        for &(lang, text, want) in rows {
            assert_eq!(lang.fits_script(text), want, "{lang}: {text}");
        }
    }

    #[test]
    fn particle_runs() {
        let p = Lang::Ko.prepared();
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        // (what follows the name in its word, a particle run)
        let rows: &[(&str, bool)] = &[
            ("", true),
            ("에서", true),
            ("에서는", true),
            ("으로", true),
            ("중앙", false),
            ("과의", true),
            ("의를", true),
        ];
        for &(rest, want) in rows {
            assert_eq!(is_particle_run(&p.particles, &chars(rest)), want, "{rest:?}");
        }
    }

    #[test]
    fn english_has_no_rules() {
        let p = Lang::En.prepared();
        assert!(p.endings.is_empty() && p.particles.is_empty() && p.clitics.is_empty() && p.stopwords.is_none());
        assert_eq!(p.min_unspaced_chars, 1);
        assert!(p.acronyms.is_empty() && p.admin_suffixes.is_empty() && !p.cjk_words);
        assert!(p.apposition_heads.is_empty() && !p.quoted_names_are_organisations);
        assert!(!p.parenthesised_qualifiers && !p.spaced_names);
    }
}
