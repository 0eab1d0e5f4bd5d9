//! Route queries on the embedded networks (run: `cargo bench --bench route`, or
//! `bench/route.sh` for these figures plus binary size and `lookup` start-up).
//! Not a test: it prints figures and asserts nothing.

use std::time::Instant;

use toponym::network::{Avoid, Kind, Network, Passage};

/// (network, name, stops as (lon, lat), passages to avoid besides the default)
type Query = (Kind, &'static str, &'static [(f64, f64)], &'static [Passage]);

const QUERIES: &[Query] = &[
    (
        Kind::Rail,
        "Beijing > Ulaanbaatar > Irkutsk > Moscow",
        &[(116.397, 39.908), (106.883, 47.908), (104.296, 52.298), (37.616, 55.752)],
        &[],
    ),
    (Kind::Rail, "Kyiv > Przemyśl > Warsaw", &[(30.524, 50.455), (22.767, 49.785), (21.012, 52.230)], &[]),
    (Kind::Rail, "Pyongyang > Khasan > Vostochny", &[(125.754, 39.034), (130.652, 42.424), (128.334, 51.884)], &[]),
    (Kind::Rail, "Lisbon > Moscow", &[(-9.150, 38.725), (37.616, 55.752)], &[]),
    (Kind::Sea, "Shanghai > Singapore > Rotterdam", &[(121.458, 31.222), (103.850, 1.290), (4.479, 51.922)], &[]),
    (
        Kind::Sea,
        "Shanghai > Singapore > Rotterdam, avoid Suez",
        &[(121.458, 31.222), (103.850, 1.290), (4.479, 51.922)],
        &[Passage::Suez],
    ),
    (Kind::Sea, "Tokyo > Los Angeles", &[(139.77, 35.62), (-118.27, 33.74)], &[]),
    (Kind::Road, "Lyon > Geneva > Milan", &[(4.835, 45.764), (6.143, 46.204), (9.190, 45.464)], &[]),
    (Kind::Road, "Paris > Berlin", &[(2.349, 48.853), (13.405, 52.520)], &[]),
    (Kind::Road, "Lisbon > Moscow", &[(-9.150, 38.725), (37.616, 55.752)], &[]),
];

fn main() {
    for kind in Kind::ALL {
        let t0 = Instant::now();
        let net = Network::embedded(kind).expect("embedded network");
        println!(
            "decode {:<4}  {:>7.1} ms  ({} nodes, {} edges)",
            kind.as_str(),
            t0.elapsed().as_secs_f64() * 1e3,
            net.node_count(),
            net.edge_count()
        );
    }
    println!();
    for (kind, name, stops, extra) in QUERIES {
        let net = Network::embedded(*kind).expect("embedded network");
        let avoid = extra.iter().fold(Avoid::default(), |a, p| a.with(*p));
        let run = || {
            let mut km = 0.0;
            for w in stops.windows(2) {
                km += net.route_leg(w[0].into(), w[1].into(), avoid).map_or(f64::NAN, |l| l.km);
            }
            km
        };
        let km = run();
        let mut times: Vec<f64> = (0..15)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(run());
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{:<4} {:<46} {:>9.0} km  median {:>6.2} ms  max {:>6.2} ms",
            kind.as_str(),
            name,
            km,
            times[7],
            times[14]
        );
    }
}
