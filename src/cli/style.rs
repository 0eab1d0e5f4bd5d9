//! The QGIS style sidecar of a GeoJSON output (`--style PATH`, `--no-style`), shared by
//! `geojson -o` and `map --geojson`.
//!
//! The style never replaces the GeoJSON itself, nor an existing file without a word:
//! - `--no-style`: no style;
//! - `--style PATH`: written to PATH (replacing what is there: the user named it); an error when
//!   PATH is the GeoJSON output;
//! - by default `NAME.qml` next to a GeoJSON file (none when the GeoJSON goes to standard output,
//!   a special file or a descriptor); an error when that is the output itself (`-o story.qml`);
//!   an existing file there that holds something else is kept, with a warning.

use std::path::{Path, PathBuf};

use super::Exit;
use toponym::atomic::{output_kind, same_output, OutputKind};
use toponym::emit::qml;

/// `--style PATH` and `--no-style`.
#[derive(clap::Args, Debug, Default, Clone)]
pub struct StyleArgs {
    /// Write the QGIS style here (default: NAME.qml next to the GeoJSON file, unless a different
    /// file is already there).
    #[arg(long, value_name = "PATH", conflicts_with = "no_style")]
    pub style: Option<PathBuf>,
    /// Do not write the QGIS style sidecar (.qml).
    #[arg(long)]
    pub no_style: bool,
}

/// Where the style of the GeoJSON output `geojson` goes (`None` for standard output), by the
/// rules above; `Ok(None)` when no style is written.
pub fn sidecar(geojson: Option<&Path>, args: &StyleArgs) -> anyhow::Result<Option<PathBuf>> {
    if args.no_style {
        return Ok(None);
    }
    if let Some(chosen) = &args.style {
        if geojson.is_some_and(|g| same_output(g, chosen)) {
            return Err(Exit::usage(format!("--style {}: that is the GeoJSON output itself", chosen.display())));
        }
        return Ok(Some(chosen.clone()));
    }
    let Some(geojson) = geojson else { return Ok(None) };
    if output_kind(geojson).is_ok_and(|k| k == OutputKind::InPlace) {
        return Ok(None);
    }
    let path = geojson.with_extension("qml");
    if same_output(geojson, &path) {
        return Err(Exit::usage(format!(
            "{}: the QGIS style (NAME.qml) would overwrite the GeoJSON; name the output otherwise, or pass --style PATH or --no-style",
            geojson.display()
        )));
    }
    match std::fs::read(&path) {
        Ok(existing) if existing == qml::style().as_bytes() => Ok(Some(path)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Some(path)),
        _ => {
            let shown = path.display();
            eprintln!("toponym: warning: kept {shown}, which is not toponym's style (--style {shown} replaces it, --no-style skips it)");
            Ok(None)
        }
    }
}

/// The style's bytes.
pub fn bytes() -> Vec<u8> {
    qml::style().into_bytes()
}
