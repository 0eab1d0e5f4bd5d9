//! Decompress the committed gazetteer (gazetteer/toponym.gaz.zst) into OUT_DIR so the library
//! can embed it uncompressed with `include_bytes!` and use it in place at start-up.
use std::path::Path;

fn main() {
    let src = Path::new("gazetteer/toponym.gaz.zst");
    println!("cargo:rerun-if-changed={}", src.display());
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("gazetteer.bin");
    let bytes = match std::fs::read(src) {
        Ok(compressed) => {
            zstd::stream::decode_all(&compressed[..]).expect("gazetteer/toponym.gaz.zst is a valid zstd file")
        }
        // Bootstrapping: no compiled gazetteer yet; the binary can still build one.
        Err(_) => Vec::new(),
    };
    std::fs::write(&out, bytes).expect("OUT_DIR is writable");
}
