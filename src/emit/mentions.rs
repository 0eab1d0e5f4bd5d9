//! The mentions of resolved documents as a table, JSON, JSON lines or CSV (what `toponym resolve`
//! prints), written as mentions come: a document's head, its mentions a window at a time, its
//! tail. A long document with millions of mentions is never held as one list of
//! mentions or one rendered buffer; a short one is rendered whole on a worker thread.
//!
//! Invariant: the bytes are the same however the mentions are split into pieces (JSON exactly as
//! `serde_json` writes a [`Document`], the CSV and table rows as before), and `--places` keeps
//! one summary per distinct place, in order of first mention.

use std::io::Write;

use serde::Serialize;

use super::escape::escape_control as esc;
use super::WriteError;
use crate::gazetteer::PlaceId;
use crate::model::{Document, Mention, PlaceRef};

/// The formats mentions are written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MentionFormat {
    /// Per document its id, then a line per mention (latitude first).
    Table,
    /// A JSON array of documents, each `{"id", "mentions"}` (or `"places"`).
    Json,
    /// One JSON document per line.
    Jsonl,
    /// A CSV row per mention (or per place), with a header row.
    Csv,
}

/// The header line of the CSV of mentions.
pub const CSV_HEADER: &str = "doc,text,start,end,id,name,lat,lon,kind,country_code,confidence,adjective\n";
/// The header line of the CSV of places (`--places`).
pub const CSV_PLACES_HEADER: &str = "doc,id,name,lat,lon,kind,country_code,mentions,confidence\n";

/// A distinct place of a document, for `--places`.
#[derive(Serialize)]
struct PlaceSummary {
    #[serde(flatten)]
    place: PlaceRef,
    mentions: usize,
    first_offset: usize,
    matched: Vec<String>,
    confidence: f64,
}

/// One document's output being written: [`DocWriter::begin`], [`DocWriter::mentions`] any number
/// of times, [`DocWriter::end`].
pub struct DocWriter {
    id: String,
    format: MentionFormat,
    /// `--places`: the summaries so far, and where each place's is.
    places: Option<(Vec<PlaceSummary>, rustc_hash::FxHashMap<PlaceId, usize>)>,
    wrote_mention: bool,
}

impl DocWriter {
    /// Start a document: write what comes before its mentions.
    pub fn begin(
        out: &mut dyn Write,
        id: String,
        format: MentionFormat,
        places: bool,
    ) -> Result<DocWriter, WriteError> {
        match format {
            MentionFormat::Json | MentionFormat::Jsonl if !places => {
                out.write_all(b"{\"id\":")?;
                serde_json::to_writer(&mut *out, &id)?;
                out.write_all(b",\"mentions\":[")?;
            }
            MentionFormat::Table => writeln!(out, "{}", esc(&id))?,
            _ => {}
        }
        Ok(DocWriter { id, format, places: places.then(Default::default), wrote_mention: false })
    }

    /// Write (or, with `--places`, count) the next mentions of the document.
    pub fn mentions(&mut self, out: &mut dyn Write, mentions: &[Mention]) -> Result<(), WriteError> {
        if let Some((list, at)) = &mut self.places {
            for m in mentions {
                match at.get(&m.place.id) {
                    Some(&i) => {
                        let p = &mut list[i];
                        p.mentions += 1;
                        p.confidence = p.confidence.max(m.confidence);
                        if !p.matched.contains(&m.text) {
                            p.matched.push(m.text.clone());
                        }
                    }
                    None => {
                        at.insert(m.place.id, list.len());
                        list.push(PlaceSummary {
                            place: m.place.clone(),
                            mentions: 1,
                            first_offset: m.start,
                            matched: vec![m.text.clone()],
                            confidence: m.confidence,
                        });
                    }
                }
            }
            return Ok(());
        }
        match self.format {
            MentionFormat::Json | MentionFormat::Jsonl => {
                for m in mentions {
                    if self.wrote_mention {
                        out.write_all(b",")?;
                    }
                    serde_json::to_writer(&mut *out, m)?;
                    self.wrote_mention = true;
                }
            }
            MentionFormat::Csv => {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut *out);
                for m in mentions {
                    w.write_record([
                        self.id.as_str(),
                        &m.text,
                        &m.start.to_string(),
                        &m.end.to_string(),
                        &m.place.id.to_string(),
                        &m.place.name,
                        &m.place.lat.to_string(),
                        &m.place.lon.to_string(),
                        m.place.kind_name(),
                        m.place.country_code.as_deref().unwrap_or_default(),
                        &m.confidence.to_string(),
                        &m.adjective.to_string(),
                    ])?;
                }
                w.flush()?;
            }
            MentionFormat::Table => {
                // Lines are formatted into a String (padding is written a character at a time,
                // cheap there) and written out whole.
                let mut line = String::with_capacity(128);
                for m in mentions {
                    use std::fmt::Write as _;
                    line.clear();
                    writeln!(
                        line,
                        "  {:>6}-{:<6} {:<24} → {:<28} {:>10.5}, {:<11.5} {:<12} {:<3} conf {:.2}{}",
                        m.start,
                        m.end,
                        esc(&m.text),
                        esc(&m.place.name),
                        m.place.lat,
                        m.place.lon,
                        m.place.kind_name(),
                        esc(m.place.country_code.as_deref().unwrap_or("-")),
                        m.confidence,
                        if m.adjective { " (adjective)" } else { "" }
                    )
                    .expect("formatting into a String does not fail");
                    out.write_all(line.as_bytes())?;
                }
            }
        }
        Ok(())
    }

    /// Finish the document: its tail, or with `--places` its summaries.
    pub fn end(self, out: &mut dyn Write) -> Result<(), WriteError> {
        let Some((places, _)) = self.places else {
            match self.format {
                MentionFormat::Json => out.write_all(b"]}")?,
                MentionFormat::Jsonl => out.write_all(b"]}\n")?,
                _ => {}
            }
            return Ok(());
        };
        match self.format {
            MentionFormat::Json | MentionFormat::Jsonl => {
                let value = serde_json::json!({"id": self.id, "places": places});
                serde_json::to_writer(&mut *out, &value)?;
                if self.format == MentionFormat::Jsonl {
                    out.write_all(b"\n")?;
                }
            }
            MentionFormat::Csv => {
                let mut w = csv::WriterBuilder::new().has_headers(false).from_writer(&mut *out);
                for p in &places {
                    w.write_record([
                        self.id.as_str(),
                        &p.place.id.to_string(),
                        &p.place.name,
                        &p.place.lat.to_string(),
                        &p.place.lon.to_string(),
                        p.place.kind_name(),
                        p.place.country_code.as_deref().unwrap_or_default(),
                        &p.mentions.to_string(),
                        &p.confidence.to_string(),
                    ])?;
                }
                w.flush()?;
            }
            MentionFormat::Table => {
                for p in &places {
                    writeln!(
                        out,
                        "  {:>3}×  {:<32} {:>10.5}, {:<11.5} {:<12} {:<3} conf {:.2}",
                        p.mentions,
                        esc(&p.place.name),
                        p.place.lat,
                        p.place.lon,
                        p.place.kind_name(),
                        esc(p.place.country_code.as_deref().unwrap_or("-")),
                        p.confidence
                    )?;
                }
            }
        }
        Ok(())
    }
}

/// A whole document's output, without the separators between documents, so it can be made on
/// any worker thread.
pub fn render(doc: Document, format: MentionFormat, places: bool) -> Result<Vec<u8>, WriteError> {
    // About a line of output per mention: sized once rather than grown.
    let mut out = Vec::with_capacity(64 + 128 * doc.mentions.len());
    let mut w = DocWriter::begin(&mut out, doc.id, format, places)?;
    w.mentions(&mut out, &doc.mentions)?;
    w.end(&mut out)?;
    Ok(out)
}

/// Writes documents with what goes between and around them (JSON brackets, CSV header).
pub struct Emitter<'w> {
    out: &'w mut dyn Write,
    format: MentionFormat,
    places: bool,
    first: bool,
}

impl<'w> Emitter<'w> {
    /// Documents to `out` in `format`; with `places`, a summary per distinct place.
    pub fn new(out: &'w mut dyn Write, format: MentionFormat, places: bool) -> Emitter<'w> {
        Emitter { out, format, places, first: true }
    }

    /// Write what goes before the next document, and give the writer for it.
    pub fn next_doc(&mut self) -> Result<&mut dyn Write, WriteError> {
        match self.format {
            MentionFormat::Json => self.out.write_all(if self.first { b"[\n" } else { b",\n" })?,
            MentionFormat::Csv if self.first => {
                self.out.write_all(if self.places { CSV_PLACES_HEADER } else { CSV_HEADER }.as_bytes())?
            }
            _ => {}
        }
        self.first = false;
        Ok(&mut *self.out)
    }

    /// A document rendered whole.
    pub fn doc(&mut self, rendered: &[u8]) -> Result<(), WriteError> {
        self.next_doc()?.write_all(rendered)?;
        Ok(())
    }

    /// Write what goes after the last document.
    pub fn finish(&mut self) -> Result<(), WriteError> {
        if self.format == MentionFormat::Json {
            writeln!(self.out, "{}", if self.first { "[]" } else { "\n]" })?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mention(text: &str, start: usize, id: u32) -> Mention {
        Mention {
            text: text.into(),
            start,
            end: start + text.chars().count(),
            place: PlaceRef {
                id: PlaceId(id),
                name: format!("Place \"{id}\", {text}"),
                lat: 1.5,
                lon: -2.25,
                kind: Some(crate::gazetteer::Kind::City),
                country_code: id.is_multiple_of(2).then(|| "FR".into()),
                admin1: None,
                population: 7,
                user: false,
            },
            confidence: 0.5 + f64::from(id) / 100.0,
            adjective: id == 3,
        }
    }

    #[test]
    fn output_is_the_same_bytes_however_the_mentions_are_split() {
        let mentions =
            vec![mention("Paris", 0, 1), mention("Nice", 9, 2), mention("Paris", 20, 1), mention("French", 30, 3)];
        let doc = Document { id: "doc \"1\"".into(), mentions: mentions.clone() };
        let whole_json = serde_json::to_vec(&doc).unwrap();
        for format in [MentionFormat::Table, MentionFormat::Json, MentionFormat::Jsonl, MentionFormat::Csv] {
            for places in [false, true] {
                let whole = render(doc.clone(), format, places).unwrap();
                if format == MentionFormat::Json && !places {
                    assert_eq!(whole, whole_json, "JSON as serde_json writes a Document");
                }
                for split in [vec![0, 1, 4], vec![0, 0, 2, 2, 3, 4]] {
                    let mut out = Vec::new();
                    let mut w = DocWriter::begin(&mut out, doc.id.clone(), format, places).unwrap();
                    for k in split.windows(2) {
                        w.mentions(&mut out, &mentions[k[0]..k[1]]).unwrap();
                    }
                    w.end(&mut out).unwrap();
                    assert_eq!(
                        String::from_utf8_lossy(&out),
                        String::from_utf8_lossy(&whole),
                        "{format:?} places {places} split {split:?}"
                    );
                }
            }
        }
        let mut out = Vec::new();
        render(Document { id: "x".into(), mentions: Vec::new() }, MentionFormat::Json, false)
            .map(|b| out.extend(b))
            .unwrap();
        assert_eq!(out, br#"{"id":"x","mentions":[]}"#);
    }

    #[test]
    fn places_summarise_in_order_of_first_mention() {
        let mentions = vec![mention("Nice", 3, 2), mention("Paris", 9, 1), mention("Nizza", 20, 2)];
        let out = render(Document { id: "d".into(), mentions }, MentionFormat::Jsonl, true).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let places = v["places"].as_array().unwrap();
        let got: Vec<(u64, u64, u64, Vec<&str>)> = places
            .iter()
            .map(|p| {
                let matched = p["matched"].as_array().unwrap().iter().map(|m| m.as_str().unwrap()).collect();
                (
                    p["id"].as_u64().unwrap(),
                    p["mentions"].as_u64().unwrap(),
                    p["first_offset"].as_u64().unwrap(),
                    matched,
                )
            })
            .collect();
        assert_eq!(got, vec![(2, 2, 3, vec!["Nice", "Nizza"]), (1, 1, 9, vec!["Paris"])]);
    }
}
