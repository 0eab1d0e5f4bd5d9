//! Warm look-ups per second over a fixed list of names (run: `cargo bench --bench lookup`).
//! Not a test: it prints figures and asserts nothing.

use std::time::Instant;

use toponym::gazetteer::LookupOptions;
use toponym::Gazetteer;

const NAMES: &[&str] = &[
    "Vladivostok",
    "Pyongyang",
    "Khasan",
    "Vostochny Cosmodrome",
    "Komsomolsk-na-Amure",
    "Paris",
    "São Paulo",
    "Москва",
    "東京",
    "Kiev",
    "Odessa",
    "Bombay",
    "Springfield",
    "Sea of Japan",
    "Lagos",
    "Lima",
    "Zurich",
    "Vladivostock",
    "New York",
    "Cape Town",
];

fn main() {
    let t0 = Instant::now();
    let gaz = Gazetteer::embedded().expect("embedded gazetteer");
    println!("load: {:.3} ms", t0.elapsed().as_secs_f64() * 1e3);
    let opts = LookupOptions { limit: 5, ..Default::default() };
    for name in NAMES {
        std::hint::black_box(gaz.lookup(name, &opts));
    }
    let rounds = 200;
    let t = Instant::now();
    for _ in 0..rounds {
        for name in NAMES {
            std::hint::black_box(gaz.lookup(name, &opts));
        }
    }
    let n = rounds * NAMES.len();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "warm lookups: {n} in {secs:.3} s = {:.0} lookups/s ({:.1} µs each)",
        n as f64 / secs,
        secs * 1e6 / n as f64
    );
}
