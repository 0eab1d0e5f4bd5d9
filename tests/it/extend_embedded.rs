//! Nothing the embedded gazetteer knows is lost when it is extended: taken apart into builder
//! entries and written again with no fetched rows, every section but the metadata (which lists
//! the fetched files) is byte-identical to the embedded one.

use toponym::gazetteer::build::extend::{extend, Overlay};
use toponym::gazetteer::format::section;

#[test]
fn extending_the_embedded_gazetteer_with_nothing_keeps_every_record_name_and_index_entry() {
    let embedded = toponym::Gazetteer::embedded().expect("this build embeds a gazetteer");
    let overlay = Overlay { manifest_rows: vec!["geonames\ttest\t-\tnone\t-\t-\t-".into()], ..Overlay::default() };
    let (bytes, summary) = extend(embedded, overlay).expect("extend");
    assert_eq!(summary.records, embedded.len());
    let rebuilt = zstd::stream::decode_all(&bytes[..]).expect("zstd");
    let original = zstd::stream::decode_all(
        &std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/gazetteer/toponym.gaz.zst")).expect("committed file")[..],
    )
    .expect("zstd");
    for tag in [b"RECS", b"NAME", b"CTRY", b"ADM1", b"FCOD", b"FST_", b"POST", b"ALTI", b"ALTB"] {
        let (a, b) = (section(&rebuilt, tag), section(&original, tag));
        assert!(a.is_some() && a == b, "section {} differs", String::from_utf8_lossy(tag));
    }
    let meta: serde_json::Value = serde_json::from_slice(section(&rebuilt, b"META").expect("META")).expect("JSON");
    assert!(meta["manifest"].as_str().unwrap_or("").ends_with("geonames\ttest\t-\tnone\t-\t-\t-\n"));
}
