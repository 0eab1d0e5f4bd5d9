//! A fuzz-style smoke test: many generated texts through `Resolver::resolve` (a library call,
//! no processes), checking for each that it does not panic and that every mention's offsets
//! slice the text (see `checks::check_mentions`). Every 1,000th text is resolved twice, to
//! check that the same input gives the same output.
//!
//! The generator is deterministic (SplitMix64 from a fixed seed), so a failure names the input
//! number and reproduces. It mixes names the gazetteer knows, made-up capitalised words,
//! punctuation, digits, newlines, ALL-CAPS lines, emoji, Hangul, Cyrillic and Arabic, combining
//! marks, arbitrary scalar values (surrogates cannot be `char`s), and now and then a very long
//! word.
//!
//! Measured on the 2-core build machine, release mode, otherwise idle: 100,000 inputs in 21 s
//! (before the resolver's coherence pass was made linear, long inputs made it quadratic).
//! Run just this with `cargo test --release --test fuzz_smoke`.

use crate::support::checks;

use std::panic::{catch_unwind, AssertUnwindSafe};

use toponym::{Gazetteer, ResolveOptions, Resolver};

const INPUTS: u64 = 100_000;
const SEED: u64 = 0x70b0_11a5_2024_0001;

/// SplitMix64: tiny, fast, good enough to spread inputs around.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0; the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// A char from `lo..=hi`, skipping values that are not scalar values.
    fn char_in(&mut self, lo: u32, hi: u32) -> char {
        let v = lo + (self.next() % u64::from(hi - lo + 1)) as u32;
        char::from_u32(v).unwrap_or('\u{fffd}')
    }
}

const PLACES: &[&str] = &[
    "Paris",
    "Lyon",
    "Vladivostok",
    "Seoul",
    "Pyongyang",
    "North Korea",
    "South Korea",
    "Russia",
    "Russian",
    "North Korean",
    "New York",
    "Washington",
    "D.C.",
    "U.S.",
    "U.K.",
    "Georgia",
    "Jordan",
    "Turkey",
    "Chad",
    "Nice",
    "Reading",
    "Sea of Japan",
    "East Sea",
    "Khasan",
    "Tumen River",
    "Lima",
    "Springfield",
    "Alexandria",
    "Louisiana",
    "Orange County",
    "Moscow",
    "Москва",
    "Санкт-Петербург",
    "평양",
    "서울",
    "東京",
    "القاهرة",
    "Zürich",
    "São Paulo",
    "Côte d'Ivoire",
    "Komsomolsk-na-Amure",
    "Stratford-upon-Avon",
    "Sohae",
    "Vostochny Cosmodrome",
    "Oblast",
    "Province",
    "city of",
    "county",
];

const WORDS: &[&str] = &[
    "the",
    "and",
    "in",
    "from",
    "to",
    "of",
    "by train",
    "fired",
    "missiles",
    "toward",
    "left",
    "arrived in",
    "via",
    "met",
    "officials",
    "said",
    "on",
    "Monday",
    "Kim",
    "Putin",
    "Apple",
    "Ford",
    "General",
    "Motors",
    "Street",
];

const PUNCT: &[&str] = &[
    ".", ",", ";", ":", "!", "?", "'", "\"", "’s", "'s", "-", "—", "–", "(", ")", "[", "]", "/", "@", "#", "&", "…",
    "«", "»", "„", "“", "”",
];

const EMOJI: &[&str] = &["🙂", "🇰🇵", "🇷🇺", "👨‍👩‍👧", "🏳️‍🌈", "🚂", "🚀", "\u{fe0f}", "\u{200d}"];

/// One generated text.
fn generate(rng: &mut Rng) -> String {
    let mut s = String::new();
    let most = if rng.below(40) == 0 { 400 } else { 40 };
    let pieces = 1 + rng.below(most);
    for _ in 0..pieces {
        match rng.below(24) {
            0..=6 => s.push_str(rng.pick(PLACES)),
            7..=9 => s.push_str(rng.pick(WORDS)),
            10..=11 => {
                // a made-up capitalised word
                s.push(rng.char_in('A' as u32, 'Z' as u32));
                for _ in 0..rng.below(10) {
                    s.push(rng.char_in('a' as u32, 'z' as u32));
                }
            }
            12 => s.push_str(rng.pick(PUNCT)),
            13 => {
                for _ in 0..1 + rng.below(6) {
                    s.push(rng.char_in('0' as u32, '9' as u32));
                }
            }
            14 => s.push_str(["\n", "\n\n", "\r\n", "\u{2028}", "\u{85}"][rng.below(5)]),
            15 => {
                // an ALL-CAPS line, like a headline or a dateline
                s.push('\n');
                for _ in 0..1 + rng.below(5) {
                    s.push_str(&rng.pick(PLACES).to_uppercase());
                    s.push_str([" ", ", ", " — ", " (AP) "][rng.below(4)]);
                }
                s.push('\n');
            }
            16 => s.push_str(rng.pick(EMOJI)),
            17 => {
                let (lo, hi) = [(0xac00, 0xd7a3), (0x400, 0x4ff), (0x600, 0x6ff), (0x590, 0x5ff)][rng.below(4)];
                for _ in 0..1 + rng.below(8) {
                    s.push(rng.char_in(lo, hi));
                }
            }
            18 => {
                // combining marks, after a letter or on their own
                if rng.below(2) == 0 {
                    s.push(rng.char_in('a' as u32, 'z' as u32));
                }
                for _ in 0..1 + rng.below(4) {
                    s.push(rng.char_in(0x300, 0x36f));
                }
            }
            19 => {
                for _ in 0..1 + rng.below(4) {
                    s.push(rng.char_in(0, 0x10ffff));
                }
            }
            20 => {
                for _ in 0..1 + rng.below(4) {
                    s.push(rng.char_in(0, 0x7f));
                }
            }
            21 if rng.below(8) == 0 => {
                // a very long word, sometimes a run of names with no space between them
                let n = 100 + rng.below(4000);
                if rng.below(2) == 0 {
                    s.extend(std::iter::repeat_n('a', n));
                } else {
                    s.push_str(&rng.pick(PLACES).repeat(n / 8));
                }
            }
            _ => {}
        }
        s.push_str([" ", " ", " ", "", "\t", ", ", ". "][rng.below(7)]);
    }
    s
}

#[test]
fn resolve_survives_generated_texts_with_valid_offsets() {
    let gaz = Gazetteer::embedded().expect("this build embeds a gazetteer");
    let resolver = Resolver::new(gaz);
    let plain = ResolveOptions::default();
    let adjectives = ResolveOptions { adjectives: true, ..Default::default() };
    let mut rng = Rng(SEED);
    for i in 0..INPUTS {
        let text = generate(&mut rng);
        let opts = if i % 2 == 0 { &plain } else { &adjectives };
        let shown = || text.chars().take(400).collect::<String>();
        let mentions = catch_unwind(AssertUnwindSafe(|| resolver.resolve(&text, opts)))
            .unwrap_or_else(|_| panic!("input {i} (seed {SEED:#x}) panicked: {:?}", shown()));
        if let Err(e) = checks::check_mentions(&text, &mentions) {
            panic!("input {i} (seed {SEED:#x}): {e}\ntext: {:?}", shown());
        }
        if i % 1000 == 0 {
            assert_eq!(resolver.resolve(&text, opts), mentions, "input {i}: not deterministic");
        }
    }
}
