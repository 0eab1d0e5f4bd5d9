//! `toponym resolve [FILE…|-]`

use std::io::{BufRead, Read, Write};
use std::path::Path;

use serde::Serialize;

use super::Exit;
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

Input: plain text files (the file name is the document id) or JSONL, one {\"id\": …, \"text\": …}
per line (chosen by --input, or by a .jsonl extension). Offsets are character offsets into the
text, end exclusive. Binary files are skipped with a warning; invalid UTF-8 is decoded lossily
with a warning; a malformed JSONL line is an error (exit 2) unless --skip-bad-lines.")]
pub struct Args {
    /// Input files; `-` or none reads standard input.
    files: Vec<String>,
    /// Input format (default: jsonl for .jsonl files, text otherwise).
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    Text,
    Jsonl,
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

/// Writes documents in the chosen format as they come (streaming; input order kept).
struct Emitter<'w> {
    out: &'w mut dyn Write,
    format: OutputFormat,
    places: bool,
    first: bool,
    csv_header: bool,
}

impl Emitter<'_> {
    fn doc(&mut self, doc: &Document) -> anyhow::Result<()> {
        match self.format {
            OutputFormat::Jsonl | OutputFormat::Json => {
                if self.format == OutputFormat::Json {
                    write!(self.out, "{}", if self.first { "[\n" } else { ",\n" })?;
                }
                if self.places {
                    let value = serde_json::json!({"id": doc.id, "places": summarise(&doc.mentions)});
                    serde_json::to_writer(&mut *self.out, &value)?;
                } else {
                    serde_json::to_writer(&mut *self.out, doc)?;
                }
                if self.format == OutputFormat::Jsonl {
                    writeln!(self.out)?;
                }
            }
            OutputFormat::Csv => {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut *self.out);
                if !self.csv_header {
                    if self.places {
                        w.write_record([
                            "doc",
                            "id",
                            "name",
                            "lat",
                            "lon",
                            "kind",
                            "country_code",
                            "mentions",
                            "confidence",
                        ])?;
                    } else {
                        w.write_record([
                            "doc",
                            "text",
                            "start",
                            "end",
                            "id",
                            "name",
                            "lat",
                            "lon",
                            "kind",
                            "country_code",
                            "confidence",
                            "adjective",
                        ])?;
                    }
                    self.csv_header = true;
                }
                if self.places {
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
                writeln!(self.out, "{}", doc.id)?;
                if self.places {
                    for p in summarise(&doc.mentions) {
                        writeln!(
                            self.out,
                            "  {:>3}×  {:<32} {:>10.5}, {:<11.5} {:<12} {:<3} conf {:.2}",
                            p.mentions,
                            p.place.name,
                            p.place.lat,
                            p.place.lon,
                            p.place.kind,
                            p.place.country_code.as_deref().unwrap_or("-"),
                            p.confidence
                        )?;
                    }
                } else {
                    for m in &doc.mentions {
                        writeln!(
                            self.out,
                            "  {:>6}-{:<6} {:<24} → {:<28} {:>10.5}, {:<11.5} {:<12} {:<3} conf {:.2}{}",
                            m.start,
                            m.end,
                            m.text,
                            m.place.name,
                            m.place.lat,
                            m.place.lon,
                            m.place.kind,
                            m.place.country_code.as_deref().unwrap_or("-"),
                            m.confidence,
                            if m.adjective { " (adjective)" } else { "" }
                        )?;
                    }
                }
            }
        }
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

/// Decode bytes as UTF-8, lossily with a warning; `None` for binary data (NUL bytes).
pub(super) fn decode(bytes: Vec<u8>, what: &str) -> Option<String> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        eprintln!("toponym: warning: {what}: binary file, skipped");
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!("toponym: warning: {what}: invalid UTF-8, decoded lossily (offsets refer to the decoded text)");
            Some(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    }
}

#[derive(serde::Deserialize)]
struct JsonlDoc {
    id: serde_json::Value,
    text: String,
}

pub fn run(args: &Args, gaz: &Gazetteer, out: &mut dyn Write) -> anyhow::Result<i32> {
    let resolver = Resolver::new(gaz);
    let opts = ResolveOptions { adjectives: args.adjectives, ..Default::default() };
    let mut emit = Emitter { out, format: args.format, places: args.places, first: true, csv_header: false };
    let files: Vec<String> = if args.files.is_empty() { vec!["-".into()] } else { args.files.clone() };
    for file in &files {
        let jsonl = match args.input {
            Some(f) => f == InputFormat::Jsonl,
            None => file.ends_with(".jsonl"),
        };
        let reader: Box<dyn Read> = if file == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::fs::File::open(file).map_err(|e| Exit::usage(format!("{file}: {e}")))?)
        };
        if jsonl {
            resolve_jsonl(reader, file, args, &resolver, &opts, &mut emit)?;
        } else {
            let mut bytes = Vec::new();
            let mut reader = reader;
            reader.read_to_end(&mut bytes).map_err(|e| Exit::usage(format!("{file}: {e}")))?;
            let Some(text) = decode(bytes, file) else { continue };
            let id = if file == "-" {
                "-".to_string()
            } else {
                Path::new(file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| file.clone())
            };
            let mentions = resolver.resolve(&text, &opts);
            emit.doc(&Document { id, mentions })?;
        }
    }
    emit.finish()?;
    Ok(0)
}

fn resolve_jsonl(
    reader: Box<dyn Read>,
    file: &str,
    args: &Args,
    resolver: &Resolver<'_>,
    opts: &ResolveOptions,
    emit: &mut Emitter<'_>,
) -> anyhow::Result<()> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let mut line = Vec::new();
    let mut number = 0usize;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line).map_err(|e| Exit::usage(format!("{file}: {e}")))?;
        if n == 0 {
            break;
        }
        number += 1;
        let raw = match std::str::from_utf8(&line) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                eprintln!("toponym: warning: {file}:{number}: invalid UTF-8, decoded lossily");
                String::from_utf8_lossy(&line)
            }
        };
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            continue;
        }
        let doc: JsonlDoc = match serde_json::from_str(trimmed) {
            Ok(d) => d,
            Err(e) => {
                let msg = format!("{file}:{number}: not a JSON object with \"id\" and \"text\": {e}");
                if args.skip_bad_lines {
                    eprintln!("toponym: warning: {msg} (skipped)");
                    continue;
                }
                return Err(Exit::usage(msg));
            }
        };
        let id = match doc.id {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        let mentions = resolver.resolve(&doc.text, opts);
        emit.doc(&Document { id, mentions })?;
    }
    Ok(())
}
