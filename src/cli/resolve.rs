//! `toponym resolve [FILE…|-]`

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::atomic::AtomicFile;
use super::batch;
use super::inputs::{self, Doc, InputFormat};
use super::table::escape_control as esc;
use crate::gazetteer::Gazetteer;
use crate::model::{Document, Mention};
use crate::resolver::{ResolveOptions, Resolver};

/// Find every place a text names and resolve it.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  toponym resolve examples/summit.txt
  toponym resolve --format jsonl articles.jsonl > mentions.jsonl
  cat story.txt | toponym resolve - --places --format json
  toponym resolve --adjectives --format csv story.txt
  toponym resolve --jobs 8 --format jsonl archive/ -o mentions.jsonl
  toponym resolve --spans spans.jsonl --format jsonl   # your recogniser's spans, our resolution

Input: plain text files (the file name is the document id; under a directory, the path relative
to it) or JSONL, one {\"id\": …, \"text\": …} per line (chosen by --input, or by a .jsonl or
.ndjson extension). Directories are walked recursively in name order, skipping hidden entries.
Documents are resolved in parallel and written in input order as they complete; memory stays
bounded however large the input. Ctrl-C leaves no partial --output file; directory walks skip
it, and report an unreadable subdirectory or file with a warning and go on. Offsets are
character offsets into the text, end exclusive. Binary files are skipped with a warning;
invalid UTF-8 is decoded lossily with a warning; a malformed JSONL line is an error (exit 2)
unless --skip-bad-lines. The table format escapes control characters; JSON and CSV keep them.

--spans FILE.jsonl resolves given spans only: one {\"id\": …, \"text\": …, \"spans\": [{\"start\": …,
\"end\": …}]} per line (character offsets, end exclusive; the format `score.py --export-spans`
writes). Every span the gazetteer has a name for comes back as a mention, demonyms included;
spans that overlap an earlier one or name nothing known are left out.")]
pub struct Args {
    /// Input files and directories (walked recursively); `-` or none reads standard input.
    files: Vec<String>,
    /// Input format (default: jsonl for .jsonl/.ndjson files, text otherwise).
    #[arg(long, value_enum)]
    input: Option<InputFormat>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    format: OutputFormat,
    /// A per-document summary of distinct places with mention counts instead of every mention.
    #[arg(long)]
    places: bool,
    /// Also report demonyms and adjectives ("Russian", "North Korean").
    #[arg(long)]
    adjectives: bool,
    /// Skip malformed JSONL lines with a warning instead of stopping.
    #[arg(long)]
    skip_bad_lines: bool,
    /// Write to this file (atomically, when the run completes) instead of standard output.
    #[arg(short, long, value_name = "PATH|-")]
    output: Option<String>,
    /// Resolve the spans this JSONL file gives ({"id", "text", "spans": [{"start", "end"}]} per
    /// line) instead of finding places in input files.
    #[arg(long, value_name = "FILE.jsonl", conflicts_with_all = ["files", "input", "skip_bad_lines"])]
    spans: Option<String>,
    /// Worker threads (default: one per core). Output is the same for any number.
    #[arg(short, long, value_name = "N", value_parser = batch::jobs_range())]
    jobs: Option<u16>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

/// A distinct place of a document, for `--places`.
#[derive(Serialize)]
struct PlaceSummary<'a> {
    #[serde(flatten)]
    place: &'a crate::model::PlaceRef,
    mentions: usize,
    first_offset: usize,
    matched: Vec<&'a str>,
    confidence: f64,
}

fn summarise(mentions: &[Mention]) -> Vec<PlaceSummary<'_>> {
    let mut out: Vec<PlaceSummary<'_>> = Vec::new();
    for m in mentions {
        match out.iter_mut().find(|p| p.place.id == m.place.id) {
            Some(p) => {
                p.mentions += 1;
                p.confidence = p.confidence.max(m.confidence);
                if !p.matched.contains(&m.text.as_str()) {
                    p.matched.push(&m.text);
                }
            }
            None => out.push(PlaceSummary {
                place: &m.place,
                mentions: 1,
                first_offset: m.start,
                matched: vec![&m.text],
                confidence: m.confidence,
            }),
        }
    }
    out
}

/// A document's output in the chosen format, without the separators between documents, so it
/// can be made on any worker thread.
fn render(doc: &Document, format: OutputFormat, places: bool) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    match format {
        OutputFormat::Jsonl | OutputFormat::Json => {
            if places {
                let value = serde_json::json!({"id": doc.id, "places": summarise(&doc.mentions)});
                serde_json::to_writer(&mut out, &value)?;
            } else {
                serde_json::to_writer(&mut out, doc)?;
            }
            if format == OutputFormat::Jsonl {
                out.push(b'\n');
            }
        }
        OutputFormat::Csv => {
            let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut out);
            if places {
                for p in summarise(&doc.mentions) {
                    w.write_record([
                        doc.id.clone(),
                        p.place.id.to_string(),
                        p.place.name.clone(),
                        p.place.lat.to_string(),
                        p.place.lon.to_string(),
                        p.place.kind.to_string(),
                        p.place.country_code.clone().unwrap_or_default(),
                        p.mentions.to_string(),
                        p.confidence.to_string(),
                    ])?;
                }
            } else {
                for m in &doc.mentions {
                    w.write_record([
                        doc.id.clone(),
                        m.text.clone(),
                        m.start.to_string(),
                        m.end.to_string(),
                        m.place.id.to_string(),
                        m.place.name.clone(),
                        m.place.lat.to_string(),
                        m.place.lon.to_string(),
                        m.place.kind.to_string(),
                        m.place.country_code.clone().unwrap_or_default(),
                        m.confidence.to_string(),
                        m.adjective.to_string(),
                    ])?;
                }
            }
            w.flush()?;
        }
        OutputFormat::Table => {
            writeln!(out, "{}", esc(&doc.id))?;
            if places {
                for p in summarise(&doc.mentions) {
                    writeln!(
                        out,
                        "  {:>3}×  {:<32} {:>10.5}, {:<11.5} {:<12} {:<3} conf {:.2}",
                        p.mentions,
                        esc(&p.place.name),
                        p.place.lat,
                        p.place.lon,
                        p.place.kind,
                        esc(p.place.country_code.as_deref().unwrap_or("-")),
                        p.confidence
                    )?;
                }
            } else {
                for m in &doc.mentions {
                    writeln!(
                        out,
                        "  {:>6}-{:<6} {:<24} → {:<28} {:>10.5}, {:<11.5} {:<12} {:<3} conf {:.2}{}",
                        m.start,
                        m.end,
                        esc(&m.text),
                        esc(&m.place.name),
                        m.place.lat,
                        m.place.lon,
                        m.place.kind,
                        esc(m.place.country_code.as_deref().unwrap_or("-")),
                        m.confidence,
                        if m.adjective { " (adjective)" } else { "" }
                    )?;
                }
            }
        }
    }
    Ok(out)
}

const CSV_HEADER: &str = "doc,text,start,end,id,name,lat,lon,kind,country_code,confidence,adjective\n";
const CSV_PLACES_HEADER: &str = "doc,id,name,lat,lon,kind,country_code,mentions,confidence\n";

/// Writes rendered documents with what goes between and around them (JSON brackets, CSV header).
struct Emitter<'w> {
    out: &'w mut dyn Write,
    format: OutputFormat,
    places: bool,
    first: bool,
}

impl Emitter<'_> {
    fn doc(&mut self, rendered: &[u8]) -> anyhow::Result<()> {
        match self.format {
            OutputFormat::Json => self.out.write_all(if self.first { b"[\n" } else { b",\n" })?,
            OutputFormat::Csv if self.first => {
                self.out.write_all(if self.places { CSV_PLACES_HEADER } else { CSV_HEADER }.as_bytes())?
            }
            _ => {}
        }
        self.out.write_all(rendered)?;
        self.first = false;
        Ok(())
    }

    fn finish(&mut self) -> anyhow::Result<()> {
        if self.format == OutputFormat::Json {
            writeln!(self.out, "{}", if self.first { "[]" } else { "\n]" })?;
        }
        Ok(())
    }
}

pub fn run(args: &Args, gaz: &Gazetteer, stdout: &mut dyn Write) -> anyhow::Result<i32> {
    let resolver = Resolver::new(gaz);
    let opts = ResolveOptions { adjectives: args.adjectives, ..Default::default() };
    let output = args.output.as_deref().filter(|p| *p != "-").map(Path::new);
    let sources = inputs::expand(&args.files, output.as_slice())?;
    let docs = inputs::Docs::new(sources, args.input, args.skip_bad_lines);
    let mut file = output.map(AtomicFile::create).transpose()?;
    let out: &mut dyn Write = match file.as_mut() {
        Some(f) => f,
        None => stdout,
    };
    let mut emit = Emitter { out, format: args.format, places: args.places, first: true };
    if let Some(path) = &args.spans {
        resolve_given_spans(path, &resolver, &opts, &mut |doc| emit.doc(&render(&doc, args.format, args.places)?))?;
        emit.finish()?;
        if let Some(f) = file {
            f.commit()?;
        }
        return Ok(0);
    }
    let work = |doc: Doc| {
        let mentions = resolver.resolve(&doc.text, &opts);
        render(&Document { id: doc.id, mentions }, args.format, args.places)
    };
    batch::run(docs, batch::threads(args.jobs), work, |rendered| emit.doc(&rendered?))?;
    emit.finish()?;
    if let Some(f) = file {
        f.commit()?;
    }
    Ok(0)
}

/// A line of a `--spans` file.
#[derive(serde::Deserialize)]
struct SpansLine {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    spans: Vec<GivenSpan>,
}

#[derive(serde::Deserialize)]
struct GivenSpan {
    start: usize,
    end: usize,
}

/// Resolve the spans of a `--spans` file, one line at a time (memory stays bounded); a malformed
/// line stops the run naming the line (exit 2), after the documents before it.
fn resolve_given_spans(
    path: &str,
    resolver: &Resolver<'_>,
    opts: &ResolveOptions,
    sink: &mut dyn FnMut(Document) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(|e| super::Exit::usage(format!("reading {path}: {e}")))?;
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| super::Exit::usage(format!("{path}:{}: {e}", n + 1)))?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: SpansLine =
            serde_json::from_str(&line).map_err(|e| super::Exit::usage(format!("{path}:{}: {e}", n + 1)))?;
        let id = match doc.id {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        let spans: Vec<(usize, usize)> = doc.spans.iter().map(|s| (s.start, s.end)).collect();
        let mentions = resolver.resolve_spans(&doc.text, &spans, opts);
        sink(Document { id, mentions })?;
    }
    Ok(())
}
