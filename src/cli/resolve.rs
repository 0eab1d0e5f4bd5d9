//! `toponym resolve [FILE…|-]`

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;

use super::atomic::AtomicFile;
use super::batch;
use super::inputs::{self, Doc, InputFormat, LimitArgs};
use toponym::emit::escape::escape_control;
use toponym::emit::mentions::{render, DocWriter, Emitter, MentionFormat};
use toponym::emit::WriteError;
use toponym::gazetteer::Gazetteer;
use toponym::model::Document;
use toponym::resolver::window::{windows, Window, WINDOW_BYTES};
use toponym::resolver::{ResolveOptions, Resolver};
use toponym::Lang;

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
writes). Every span the gazetteer has a name for comes back as a mention, demonyms included,
read as running text reads it, with the places the text names elsewhere as context; spans that
overlap an earlier one or name nothing known are left out. A span past the end of
its text, inverted or empty is an error naming the line, document and span (exit 2); with
--skip-bad-lines it is left out with a warning, as is a malformed line.")]
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
    /// The documents' language (en ru uk ko ja zh de fr es ar), whose matching rules apply;
    /// default: detected per document. A JSONL line's "lang" field wins over it.
    #[arg(long, value_name = "CODE", value_parser = inputs::parse_lang)]
    lang: Option<Lang>,
    /// Skip malformed JSONL lines with a warning instead of stopping.
    #[arg(long)]
    skip_bad_lines: bool,
    /// Write to this file (atomically, when the run completes) instead of standard output.
    #[arg(short, long, value_name = "PATH|-")]
    output: Option<String>,
    /// Resolve the spans this JSONL file gives ({"id", "text", "spans": [{"start", "end"}]} per
    /// line) instead of finding places in input files.
    #[arg(long, value_name = "FILE.jsonl", conflicts_with_all = ["files", "input"])]
    spans: Option<String>,
    /// Worker threads (default: one per core). Output is the same for any number.
    #[arg(short, long, value_name = "N", value_parser = batch::jobs_range())]
    jobs: Option<u16>,
    #[command(flatten)]
    limit: LimitArgs,
}

/// `--format`: the formats of [`toponym::emit::mentions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Table,
    Json,
    Jsonl,
    Csv,
}

impl From<OutputFormat> for MentionFormat {
    fn from(format: OutputFormat) -> MentionFormat {
        match format {
            OutputFormat::Table => MentionFormat::Table,
            OutputFormat::Json => MentionFormat::Json,
            OutputFormat::Jsonl => MentionFormat::Jsonl,
            OutputFormat::Csv => MentionFormat::Csv,
        }
    }
}

/// A worker's result: a short document rendered whole, or a long one left for the writer to
/// resolve a few windows at a time and write as it goes.
enum Done {
    Rendered(Result<Vec<u8>, WriteError>),
    Long(Doc),
}

pub fn run(args: &Args, gaz: &Gazetteer, stdout: &mut dyn Write) -> anyhow::Result<i32> {
    let resolver = Resolver::new(gaz);
    let opts = ResolveOptions { adjectives: args.adjectives, lang: args.lang, ..Default::default() };
    let output = args.output.as_deref().filter(|p| *p != "-").map(Path::new);
    let sources = inputs::expand(&args.files, output.as_slice())?;
    let docs = inputs::Docs::new(sources, args.input, args.skip_bad_lines).limits(&args.limit);
    let mut file = output.map(AtomicFile::create).transpose()?;
    let out: &mut dyn Write = match file.as_mut() {
        Some(f) => f,
        None => stdout,
    };
    let format: MentionFormat = args.format.into();
    let mut emit = Emitter::new(out, format, args.places);
    if let Some(path) = &args.spans {
        let limit = args.limit.max_doc_bytes;
        let sink = &mut |doc| Ok(emit.doc(&render(doc, format, args.places)?)?);
        resolve_given_spans(path, limit, args.skip_bad_lines, &resolver, &opts, sink)?;
        emit.finish()?;
        if let Some(f) = file {
            f.commit()?;
            super::say_wrote(output);
        }
        return Ok(0);
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(batch::threads(args.jobs)).build()?;
    let work = |doc: Doc| {
        if doc.text.len() > WINDOW_BYTES {
            return Done::Long(doc);
        }
        let opts = ResolveOptions { lang: inputs::lang_of(&doc, args.lang), ..opts.clone() };
        let mentions = resolver.resolve(&doc.text, &opts);
        Done::Rendered(render(Document { id: doc.id, mentions }, format, args.places))
    };
    batch::run_in(&pool, docs, work, |done| match done {
        Done::Rendered(rendered) => Ok(emit.doc(&rendered?)?),
        Done::Long(doc) => {
            let out = emit.next_doc()?;
            let mut writer = DocWriter::begin(out, doc.id, format, args.places)?;
            // As many windows at once as there are threads: their mentions are all that is held.
            let all: Vec<Window> = windows(&doc.text, WINDOW_BYTES).collect();
            for group in all.chunks(pool.current_num_threads()) {
                let found: Vec<_> =
                    pool.install(|| group.par_iter().map(|w| resolver.resolve_window(&doc.text, w, &opts)).collect());
                for mentions in found {
                    writer.mentions(out, &mentions)?;
                }
            }
            Ok(writer.end(out)?)
        }
    })?;
    emit.finish()?;
    if let Some(f) = file {
        f.commit()?;
        super::say_wrote(output);
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

/// What is wrong with a given span of a text `chars` characters long, if anything.
fn bad_span(start: usize, end: usize, chars: usize) -> Option<String> {
    if start > end {
        Some(format!("span {start}..{end} is inverted (start after end)"))
    } else if start == end {
        Some(format!("span {start}..{end} is empty"))
    } else if end > chars {
        Some(format!("span {start}..{end} ends past the end of the text ({chars} characters)"))
    } else {
        None
    }
}

/// Resolve the spans of a `--spans` file, one line at a time (memory stays bounded); a malformed
/// line, one longer than `limit` bytes, or a span outside its text stops the run naming the line
/// (exit 2), after the documents before it; with `skip_bad`, malformed lines and bad spans are
/// left out with a warning instead.
fn resolve_given_spans(
    path: &str,
    limit: u64,
    skip_bad: bool,
    resolver: &Resolver<'_>,
    opts: &ResolveOptions,
    sink: &mut dyn FnMut(Document) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    use std::io::{BufRead, Read};
    let file = std::fs::File::open(path).map_err(|e| super::Exit::usage(format!("reading {path}: {e}")))?;
    let mut reader = std::io::BufReader::new(file);
    for n in 1.. {
        let mut line = String::new();
        let read = (&mut reader).take(limit.saturating_add(1)).read_line(&mut line);
        if read.map_err(|e| super::Exit::usage(format!("{path}:{n}: {e}")))? == 0 {
            break;
        }
        if line.len() as u64 > limit && !line.ends_with('\n') {
            return Err(super::Exit::usage(format!(
                "{path}:{n}: document longer than --max-doc-bytes ({limit} bytes)"
            )));
        }
        if line.trim().is_empty() {
            continue;
        }
        let doc: SpansLine = match serde_json::from_str(&line) {
            Ok(doc) => doc,
            Err(e) if skip_bad => {
                eprintln!("toponym: {path}:{n}: skipped: {e}");
                continue;
            }
            Err(e) => return Err(super::Exit::usage(format!("{path}:{n}: {e}"))),
        };
        let id = match doc.id {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        };
        let chars = doc.text.chars().count();
        let mut spans: Vec<(usize, usize)> = Vec::with_capacity(doc.spans.len());
        for s in &doc.spans {
            match bad_span(s.start, s.end, chars) {
                None => spans.push((s.start, s.end)),
                Some(what) => {
                    let shown: String = escape_control(&id).chars().take(80).collect();
                    if !skip_bad {
                        return Err(super::Exit::usage(format!("{path}:{n}: document {shown}: {what}")));
                    }
                    eprintln!("toponym: {path}:{n}: document {shown}: {what}; skipped");
                }
            }
        }
        let mentions = resolver.resolve_spans(&doc.text, &spans, opts);
        sink(Document { id, mentions })?;
    }
    Ok(())
}
