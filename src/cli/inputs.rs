//! Input documents for `resolve`, `geojson` and `map`: files, directories (walked recursively),
//! standard input; plain text (one document per file) or JSONL (one `{"id", "text"}` per line).
//!
//! Invariants:
//! - Documents come out in a fixed order: the arguments in the order given, a directory's entries
//!   sorted by name, each JSONL file line by line. `Doc::index` numbers them from 0.
//! - Files are opened only when reached and JSONL is read a line at a time, so memory does not
//!   grow with the input: a document is the unit, never a file or the whole stream.
//! - Hidden entries (names starting with `.`) are skipped inside directories, and symlinks to
//!   directories are not followed (no cycles); a named file or directory is always read.
//! - A walk skips the command's own output files (so a second run does not read the first run's
//!   output), and files whose content is one of toponym's output formats (see [`sniff`]) unless
//!   `--include-outputs`, with a warning naming each. A subdirectory or file under it that
//!   cannot be read is reported by its own path in a warning and skipped: one bad entry does
//!   not stop a batch. A named path that cannot be read is an error.
//! - A JSONL id keeps its exact text: a string id as is, any other value as its JSON text
//!   (integers digit for digit, however long).
//! - A document longer than `--max-doc-bytes` (a text file's size, a JSONL line's length) is an
//!   error naming it (exit 2), found before it is read whole: a file by its size, a line or
//!   standard input once the limit is passed. A document is held once: a file's bytes become its
//!   text, and a JSONL line's buffer becomes its text (see [`jsonl`]).

mod jsonl;
mod sniff;

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::Exit;
use toponym::atomic::output_identity;
use toponym::emit::escape::escape_control;
use toponym::Lang;

/// The input format; `None` chooses per file from its extension (.jsonl/.ndjson are JSONL).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    Text,
    Jsonl,
}

/// Default of `--max-doc-bytes`: 64 MiB is thousands of articles' worth, so a longer "document"
/// is more likely a mistake (a whole dump read as text) than an article; a caller who means it
/// raises the limit, and it still resolves in bounded memory (a window at a time).
pub const DEFAULT_MAX_DOC_BYTES: u64 = 64 << 20;

/// `--max-doc-bytes`, for the commands that read documents.
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct LimitArgs {
    /// Refuse (exit 2) a document longer than this: a text file's size, a JSONL line's length.
    /// A number of bytes, or with K, M or G (powers of 1024). A longer document resolves in
    /// bounded memory too (a window at a time): raise the limit to read one.
    #[arg(long, value_name = "BYTES", default_value = "64M", value_parser = parse_size)]
    pub max_doc_bytes: u64,
    /// Read the files a directory walk finds even when they are toponym's own outputs (a GeoJSON
    /// FeatureCollection, a map layout, `resolve` results as JSON, JSONL or CSV), which are
    /// otherwise skipped with a warning. Files named on the command line are always read.
    #[arg(long)]
    pub include_outputs: bool,
}

/// A size in bytes: digits, optionally followed by K, M or G (powers of 1024; "KB", "MiB" and
/// lowercase too).
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("expected a size such as 64M or 1000000, got {s:?}")),
    };
    let n: u64 = number.parse().map_err(|_| format!("expected a size such as 64M or 1000000, got {s:?}"))?;
    n.checked_mul(1 << shift).filter(|&n| n > 0).ok_or_else(|| format!("size out of range: {s:?}"))
}

fn too_big(what: &str, limit: u64) -> anyhow::Error {
    Exit::usage(format!(
        "{what}: document longer than --max-doc-bytes {} ({limit} bytes); raise the limit to read it",
        toponym::parse::show_size(limit)
    ))
}

/// `--lang CODE`: one of the languages the matcher has rules for.
pub fn parse_lang(code: &str) -> Result<Lang, String> {
    code.parse::<Lang>().map_err(|e| e.to_string())
}

/// The language a document is read in: its JSONL `lang` field, else `--lang`, else detected
/// from the text. A `lang` field naming a language without rules is warned about and the
/// text's language detected instead; so is a text that reads as a language without rules
/// (Turkish, Polish, Hindi …), once per language and run: English rules apply to it.
pub fn lang_of(doc: &Doc, cli: Option<Lang>) -> Option<Lang> {
    let given = match doc.lang.as_deref().map(str::parse::<Lang>) {
        Some(Ok(lang)) => Some(lang),
        Some(Err(e)) => {
            warn(&format!("{}: {e}; detecting the language instead", doc.id));
            cli
        }
        None => cli,
    };
    match given {
        Some(lang) if lang.fits_script(&doc.text) => return Some(lang),
        Some(lang) => warn(&format!(
            "{}: the text is not written in the script of language {lang}; detecting the language instead",
            doc.id
        )),
        None => {}
    }
    let (lang, unsupported) = Lang::detect_named(&doc.text);
    if let Some(name) = unsupported {
        static WARNED: std::sync::Mutex<Vec<&'static str>> = std::sync::Mutex::new(Vec::new());
        let mut warned = WARNED.lock().unwrap_or_else(|e| e.into_inner());
        if !warned.contains(&name) {
            warned.push(name);
            warn(&format!(
                "{}: the text reads as {name}, a language toponym has no rules for; English rules used \
                 (--lang chooses one of: {})",
                doc.id,
                Lang::CODES
            ));
        }
    }
    Some(lang)
}

/// One document to process.
#[derive(Debug)]
pub struct Doc {
    pub index: usize,
    pub id: String,
    pub text: String,
    /// The language a JSONL line gives (`"lang": "ru"`), as written.
    pub lang: Option<String>,
}

/// A place documents are read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    /// A file, the document id it gets when read as text, and whether a directory walk found it
    /// (then failing to read it is a warning, not an error).
    File {
        path: PathBuf,
        id: String,
        walked: bool,
    },
}

/// A warning on standard error, with control characters in it escaped.
fn warn(message: &str) {
    eprintln!("toponym: warning: {}", escape_control(message));
}

/// Turn command-line arguments into sources: `-` (or nothing) is standard input, a directory
/// stands for every file under it except the command's own `outputs`. A missing path is a
/// usage error.
pub fn expand(args: &[String], outputs: &[&Path]) -> anyhow::Result<Vec<Source>> {
    if args.is_empty() {
        return Ok(vec![Source::Stdin]);
    }
    if args.iter().filter(|a| *a == "-").count() > 1 {
        return Err(Exit::usage("standard input (-) can be read only once"));
    }
    let skip: HashSet<PathBuf> = outputs.iter().filter_map(|p| output_identity(p)).collect();
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Source::Stdin);
            continue;
        }
        let path = PathBuf::from(arg);
        let meta = std::fs::metadata(&path).map_err(|e| Exit::usage(format!("{arg}: {e}")))?;
        if meta.is_dir() {
            walk(&path, &path, &skip, &mut out).map_err(|e| Exit::usage(format!("{arg}: {e}")))?;
        } else {
            let id = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| arg.clone());
            out.push(Source::File { path, id, walked: false });
        }
    }
    Ok(out)
}

/// Files under `dir` in name order, except those in `skip` (output identities); ids are paths
/// relative to `root`, with `/`. An error is `dir`'s own; subdirectories' are warnings.
fn walk(root: &Path, dir: &Path, skip: &HashSet<PathBuf>, out: &mut Vec<Source>) -> std::io::Result<()> {
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    let real_dir = if skip.is_empty() { None } else { std::fs::canonicalize(dir).ok() };
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = match entry.file_type() {
            Ok(kind) => kind,
            Err(e) => {
                warn(&format!("{}: {e} (skipped)", path.display()));
                continue;
            }
        };
        if kind.is_dir() {
            if let Err(e) = walk(root, &path, skip, out) {
                warn(&format!("{}: {e} (skipped)", path.display()));
            }
        } else if kind.is_file() || (kind.is_symlink() && path.is_file()) {
            if real_dir.as_ref().is_some_and(|d| skip.contains(&d.join(entry.file_name()))) {
                continue;
            }
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let id = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            out.push(Source::File { path, id, walked: true });
        }
    }
    Ok(())
}

fn is_jsonl(source: &Source, forced: Option<InputFormat>) -> bool {
    match (forced, source) {
        (Some(f), _) => f == InputFormat::Jsonl,
        (None, Source::Stdin) => false,
        (None, Source::File { path, .. }) => {
            matches!(path.extension().and_then(|e| e.to_str()), Some("jsonl" | "ndjson"))
        }
    }
}

fn shown(source: &Source) -> String {
    match source {
        Source::Stdin => "-".into(),
        Source::File { path, .. } => path.display().to_string(),
    }
}

fn open(source: &Source) -> std::io::Result<Box<dyn Read + Send>> {
    Ok(match source {
        Source::Stdin => Box::new(std::io::stdin()),
        Source::File { path, .. } => Box::new(std::fs::File::open(path)?),
    })
}

fn is_walked(source: &Source) -> bool {
    matches!(source, Source::File { walked: true, .. })
}

/// Decode bytes as UTF-8, lossily with a warning; `None` for binary data (NUL bytes).
pub fn decode(bytes: Vec<u8>, what: &str) -> Option<String> {
    if bytes.iter().take(8192).any(|&b| b == 0) {
        warn(&format!("{what}: binary file, skipped"));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(s) => Some(s),
        Err(e) => {
            warn(&format!("{what}: invalid UTF-8, decoded lossily (offsets refer to the decoded text)"));
            Some(String::from_utf8_lossy(e.as_bytes()).into_owned())
        }
    }
}

/// The JSONL file being read: its reader, name and current line number.
struct Lines {
    reader: BufReader<Box<dyn Read + Send>>,
    shown: String,
    number: usize,
    /// Found by a directory walk and its first line not yet sniffed (see [`sniff`]).
    sniff: bool,
}

/// The documents of a list of sources, in order (see the module invariants).
pub struct Docs {
    sources: std::vec::IntoIter<Source>,
    forced: Option<InputFormat>,
    skip_bad_lines: bool,
    lines: Option<Lines>,
    next_index: usize,
    max_doc_bytes: u64,
    include_outputs: bool,
}

impl Docs {
    pub fn new(sources: Vec<Source>, forced: Option<InputFormat>, skip_bad_lines: bool) -> Docs {
        Docs {
            sources: sources.into_iter(),
            forced,
            skip_bad_lines,
            lines: None,
            next_index: 0,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            include_outputs: false,
        }
    }

    /// The limits and walk options of `args`.
    pub fn limits(self, args: &LimitArgs) -> Docs {
        Docs { include_outputs: args.include_outputs, ..self.max_doc_bytes(args.max_doc_bytes) }
    }

    /// Refuse documents longer than `limit` bytes (default [`DEFAULT_MAX_DOC_BYTES`]).
    pub fn max_doc_bytes(mut self, limit: u64) -> Docs {
        self.max_doc_bytes = limit;
        self
    }

    fn doc(&mut self, id: String, text: String, lang: Option<String>) -> Doc {
        self.next_index += 1;
        Doc { index: self.next_index - 1, id, text, lang }
    }

    /// The next document of the current JSONL file, `Ok(None)` at its end.
    fn next_line(&mut self) -> anyhow::Result<Option<(String, String, Option<String>)>> {
        let limit = self.max_doc_bytes;
        let Some(lines) = self.lines.as_mut() else { return Ok(None) };
        loop {
            let mut line = Vec::new();
            let read = (&mut lines.reader).take(limit.saturating_add(1)).read_until(b'\n', &mut line);
            let n = read.map_err(|e| Exit::usage(format!("{}: {e}", lines.shown)))?;
            if n == 0 {
                self.lines = None;
                return Ok(None);
            }
            lines.number += 1;
            if line.len() as u64 > limit && line.last() != Some(&b'\n') {
                let err = too_big(&format!("{}:{}", lines.shown, lines.number), limit);
                if !self.skip_bad_lines {
                    self.lines = None;
                    return Err(err);
                }
                warn(&format!("{err} (skipped)"));
                lines.reader.skip_until(b'\n').map_err(|e| Exit::usage(format!("{}: {e}", lines.shown)))?;
                continue;
            }
            if std::str::from_utf8(&line).is_err() {
                warn(&format!("{}:{}: invalid UTF-8, decoded lossily", lines.shown, lines.number));
                line = String::from_utf8_lossy(&line).into_owned().into_bytes();
            }
            if std::str::from_utf8(&line).is_ok_and(|s| s.trim().is_empty()) {
                continue;
            }
            if std::mem::take(&mut lines.sniff) && !self.include_outputs {
                if let Some(kind) = std::str::from_utf8(&line).ok().and_then(sniff::output_kind) {
                    warn(&format!("{}: {kind}, skipped (--include-outputs reads it)", lines.shown));
                    self.lines = None;
                    return Ok(None);
                }
            }
            match jsonl::parse(line) {
                Ok(doc) => return Ok(Some(doc)),
                Err(e) => {
                    let msg =
                        format!("{}:{}: not a JSON object with \"id\" and \"text\": {e}", lines.shown, lines.number);
                    if !self.skip_bad_lines {
                        self.lines = None;
                        return Err(Exit::usage(msg));
                    }
                    warn(&format!("{msg} (skipped)"));
                }
            }
        }
    }
}

impl Iterator for Docs {
    type Item = anyhow::Result<Doc>;

    fn next(&mut self) -> Option<anyhow::Result<Doc>> {
        loop {
            match self.next_line() {
                Ok(Some((id, text, lang))) => return Some(Ok(self.doc(id, text, lang))),
                Ok(None) => {}
                Err(e) => return Some(Err(e)),
            }
            let source = self.sources.next()?;
            let name = shown(&source);
            let reader = match open(&source) {
                Ok(r) => r,
                Err(e) if is_walked(&source) => {
                    warn(&format!("{name}: {e} (skipped)"));
                    continue;
                }
                Err(e) => return Some(Err(Exit::usage(format!("{name}: {e}")))),
            };
            if is_jsonl(&source, self.forced) {
                let reader = BufReader::with_capacity(1 << 16, reader);
                self.lines = Some(Lines { reader, shown: name, number: 0, sniff: is_walked(&source) });
                continue;
            }
            let limit = self.max_doc_bytes;
            let size = match &source {
                Source::File { path, .. } => std::fs::metadata(path).ok().filter(|m| m.is_file()).map(|m| m.len()),
                Source::Stdin => None,
            };
            if size.is_some_and(|n| n > limit) {
                return Some(Err(too_big(&name, limit)));
            }
            // A file's exact size (and one byte to see its end): its bytes are read once, in place.
            let mut bytes = Vec::with_capacity(size.map_or(0, |n| n as usize + 1));
            let read = reader.take(limit.saturating_add(1)).read_to_end(&mut bytes);
            if read.is_ok() && bytes.len() as u64 > limit {
                return Some(Err(too_big(&name, limit)));
            }
            if let Err(e) = read {
                if is_walked(&source) {
                    warn(&format!("{name}: {e} (skipped)"));
                    continue;
                }
                return Some(Err(Exit::usage(format!("{name}: {e}"))));
            }
            let Some(text) = decode(bytes, &name) else { continue };
            if is_walked(&source) && !self.include_outputs {
                if let Some(kind) = sniff::output_kind(&text) {
                    warn(&format!("{name}: {kind}, skipped (--include-outputs reads it)"));
                    continue;
                }
            }
            let id = match source {
                Source::Stdin => "-".to_string(),
                Source::File { id, .. } => id,
            };
            return Some(Ok(self.doc(id, text, None)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, body: &str) {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, body).unwrap();
    }

    #[test]
    fn directories_are_walked_in_name_order_skipping_hidden_entries() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "b/2.txt", "two");
        write(tmp.path(), "b/1.txt", "one");
        write(tmp.path(), "a.jsonl", "{\"id\": 7, \"text\": \"seven\"}\n\n{\"id\": \"x\", \"text\": \"ex\"}\n");
        write(tmp.path(), ".hidden/3.txt", "hidden");
        write(tmp.path(), ".dot.txt", "hidden");
        let root = tmp.path().to_string_lossy().into_owned();
        let docs: Vec<Doc> = Docs::new(expand(&[root], &[]).unwrap(), None, false).map(|d| d.unwrap()).collect();
        let got: Vec<(usize, &str, &str)> = docs.iter().map(|d| (d.index, d.id.as_str(), d.text.as_str())).collect();
        assert_eq!(got, vec![(0, "7", "seven"), (1, "x", "ex"), (2, "b/1.txt", "one"), (3, "b/2.txt", "two")]);
    }

    #[test]
    fn a_bad_line_is_an_error_naming_file_and_line_unless_skipped() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "in.jsonl", "{\"id\": 1, \"text\": \"a\"}\n[1,2]\n{\"id\": 2, \"text\": \"b\"}\n");
        let file = tmp.path().join("in.jsonl").to_string_lossy().into_owned();
        let strict: Vec<anyhow::Result<Doc>> =
            Docs::new(expand(std::slice::from_ref(&file), &[]).unwrap(), None, false).collect();
        assert_eq!(strict.len(), 2, "stops at the bad line");
        let err = strict[1].as_ref().unwrap_err().to_string();
        assert!(err.contains("in.jsonl:2: not a JSON object with \"id\" and \"text\""), "{err}");
        let lenient: Vec<String> =
            Docs::new(expand(&[file], &[]).unwrap(), None, true).map(|d| d.unwrap().id).collect();
        assert_eq!(lenient, vec!["1", "2"]);
    }

    #[test]
    fn documents_longer_than_the_limit_are_errors_naming_them() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "small.txt", "0123456789");
        write(tmp.path(), "big.txt", "0123456789a");
        write(
            tmp.path(),
            "in.jsonl",
            "{\"id\":1,\"text\":\"a\"}\n{\"id\":2,\"text\":\"bcdefghijklmnop\"}\n{\"id\":3,\"text\":\"c\"}",
        );
        let path = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
        let read = |name: &str, limit: u64, skip: bool| -> Vec<Result<String, String>> {
            Docs::new(expand(&[path(name)], &[]).unwrap(), None, skip)
                .max_doc_bytes(limit)
                .map(|d| d.map(|d| d.text).map_err(|e| e.to_string()))
                .collect()
        };
        assert_eq!(read("small.txt", 10, false), [Ok("0123456789".to_string())]);
        let err = read("big.txt", 10, false).remove(0).unwrap_err();
        assert!(err.contains("big.txt: document longer than --max-doc-bytes 10 (10 bytes)"), "{err}");
        // A line of exactly the limit (its newline aside) is read; a longer one stops the run
        // after the documents before it, or is skipped.
        let strict = read("in.jsonl", 32, false);
        assert_eq!(strict.len(), 2, "{strict:?}");
        assert_eq!(strict[0], Ok("a".to_string()));
        assert!(strict[1].as_ref().unwrap_err().contains("in.jsonl:2: document longer than --max-doc-bytes 32"));
        assert_eq!(read("in.jsonl", 32, true), [Ok("a".to_string()), Ok("c".to_string())]);
        assert_eq!(read("in.jsonl", 33, false).len(), 3);
    }

    #[test]
    fn sizes_parse_with_binary_units() {
        let rows = [
            ("1000", Ok(1000)),
            ("64M", Ok(64 << 20)),
            ("64MiB", Ok(64 << 20)),
            ("2g", Ok(2 << 30)),
            ("512 KB", Ok(512 << 10)),
            ("0", Err(())),
            ("12X", Err(())),
            ("M", Err(())),
            ("99999999999G", Err(())),
        ];
        for (s, want) in rows {
            assert_eq!(parse_size(s).map_err(|_| ()), want, "{s}");
        }
        assert_eq!(toponym::parse::show_size(256 << 20), "256M");
        assert_eq!(toponym::parse::show_size(1500), "1500");
    }

    #[test]
    fn walks_skip_the_outputs_they_are_given() {
        let tmp = tempfile::tempdir().unwrap();
        write(tmp.path(), "a.txt", "a");
        write(tmp.path(), "sub/out.jsonl", "{}");
        write(tmp.path(), "sub/z.txt", "z");
        let root = tmp.path().to_string_lossy().into_owned();
        let out = tmp.path().join("sub/../sub/out.jsonl");
        let ids = |outputs: &[&Path]| -> Vec<String> {
            expand(std::slice::from_ref(&root), outputs)
                .unwrap()
                .into_iter()
                .map(|s| match s {
                    Source::File { id, .. } => id,
                    Source::Stdin => "-".into(),
                })
                .collect()
        };
        assert_eq!(ids(&[]), ["a.txt", "sub/out.jsonl", "sub/z.txt"]);
        assert_eq!(ids(&[out.as_path()]), ["a.txt", "sub/z.txt"]);
    }

    #[test]
    fn missing_paths_and_double_stdin_are_usage_errors() {
        assert!(expand(&["/nonexistent/x.txt".into()], &[]).unwrap_err().to_string().contains("/nonexistent/x.txt"));
        assert!(expand(&["-".into(), "-".into()], &[]).is_err());
        assert_eq!(expand(&[], &[]).unwrap(), vec![Source::Stdin]);
    }
}
