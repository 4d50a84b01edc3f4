//! The printers of an `inspect` scan, fed file by file as the scan finds them, so that what a
//! scan holds in memory is what its output form needs and no more:
//!
//! - JSON Lines writes every line as it is found: memory stays flat;
//! - the JSON document is written as it goes too (the inputs first, then the skipped entries and
//!   the summary), keeping only the skipped entries' names;
//! - the table keeps one short row per distinct certificate, printed at the end;
//! - the detailed view (one file) keeps that file's report.
//!
//! Each printer does its costly work (serialising, formatting) in [`Printer::prepare`], which
//! runs on the scan's worker threads with the printer's [`Printer::Options`] only;
//! [`Printer::write`] runs in scan order on one thread, while the workers prepare the next round.

use std::io::{BufWriter, Stdout, Write};

use serde::Serialize;

use crate::ops::inspect::{InputReport, InspectReport, Summary};
use crate::ops::inspect_scan::{
    CertificateLine, CrlLine, FileLine, Known, Line, Seen, SkippedFile,
};
use crate::output::{is_closed_pipe, Output, PipeClosed};

/// One thing a scan found, in scan order.
#[derive(Debug)]
pub enum Found {
    Input(Box<InputReport>),
    Skipped(SkippedFile),
}

/// An output form of the scan.
pub trait Printer: Send {
    /// What a worker makes of one found thing.
    type Prepared: Send;
    /// What preparing needs of the printer (its settings, never its output).
    type Options: Sync;
    fn options(&self) -> Self::Options;
    /// Turns what was found into what will be written (on a worker thread). `known` holds the
    /// certificates recorded before the round began: a certificate it knows can only be a
    /// repeat.
    fn prepare(options: &Self::Options, found: Found, known: &Known) -> Self::Prepared;
    /// Writes (or keeps) it; `seen` says, for each of its certificates, whether the scan met it
    /// before.
    fn write(&mut self, prepared: Self::Prepared, seen: &[Seen]) -> anyhow::Result<()>;
    /// Ends the output with the summary.
    fn finish(self, summary: &Summary) -> anyhow::Result<()>;
}

/// Standard output, buffered, with a closed pipe turned into the quiet [`PipeClosed`].
struct Sink(BufWriter<Stdout>);

impl Sink {
    fn new() -> Sink {
        Sink(BufWriter::with_capacity(64 * 1024, std::io::stdout()))
    }

    fn write(&mut self, bytes: &[u8]) -> anyhow::Result<()> {
        closed_or(self.0.write_all(bytes))
    }

    fn flush(&mut self) -> anyhow::Result<()> {
        closed_or(self.0.flush())
    }
}

fn closed_or(result: std::io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(e) if is_closed_pipe(&e) => Err(PipeClosed.into()),
        Err(e) => Err(anyhow::Error::new(e).context("writing to standard output")),
        Ok(()) => Ok(()),
    }
}

/// `value` as pretty JSON with every line but the first indented by `indent` spaces, as it
/// reads nested that deep in an enclosing document, appended to `out`. Written in one pass by
/// [`Nested`], serde_json's pretty layout with a starting depth.
fn pretty_nested_into<T: Serialize>(out: &mut Vec<u8>, value: &T, indent: usize) {
    let formatter = Nested {
        base: indent,
        depth: 0,
        has_value: false,
    };
    let mut serializer = serde_json::Serializer::with_formatter(out, formatter);
    value.serialize(&mut serializer).expect("reports serialise");
}

fn pretty_nested<T: Serialize>(value: &T, indent: usize) -> Vec<u8> {
    let mut out = Vec::new();
    pretty_nested_into(&mut out, value, indent);
    out
}

/// serde_json's pretty layout (two spaces a level, `": "` after keys), every line starting
/// `base` spaces further right.
struct Nested {
    base: usize,
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn new_line<W: ?Sized + Write>(&self, writer: &mut W) -> std::io::Result<()> {
        const SPACES: [u8; 64] = [b' '; 64];
        writer.write_all(b"\n")?;
        let mut left = self.base + 2 * self.depth;
        while left > 0 {
            let n = left.min(SPACES.len());
            writer.write_all(&SPACES[..n])?;
            left -= n;
        }
        Ok(())
    }

    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            self.new_line(writer)?;
        }
        writer.write_all(bracket)
    }

    fn item<W: ?Sized + Write>(&self, writer: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            writer.write_all(b",")?;
        }
        self.new_line(writer)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// The single JSON document, written as the scan goes: byte for byte what serialising the
/// whole [`InspectReport`] would print.
pub struct JsonDocument {
    sink: Sink,
    inputs: usize,
    skipped: Vec<SkippedFile>,
}

pub enum JsonPrepared {
    Input(Vec<u8>),
    Skipped(SkippedFile),
}

impl JsonDocument {
    pub fn new() -> anyhow::Result<JsonDocument> {
        let mut sink = Sink::new();
        sink.write(
            format!(
                "{{\n  \"version\": {},\n  \"inputs\": [",
                InspectReport::VERSION
            )
            .as_bytes(),
        )?;
        Ok(JsonDocument {
            sink,
            inputs: 0,
            skipped: Vec::new(),
        })
    }
}

impl Printer for JsonDocument {
    type Prepared = JsonPrepared;
    type Options = ();

    fn options(&self) {}

    fn prepare(_: &(), found: Found, _known: &Known) -> JsonPrepared {
        match found {
            Found::Input(report) => {
                let mut bytes = Vec::with_capacity(4096);
                bytes.extend_from_slice(b"    ");
                pretty_nested_into(&mut bytes, &report, 4);
                JsonPrepared::Input(bytes)
            }
            Found::Skipped(s) => JsonPrepared::Skipped(s),
        }
    }

    fn write(&mut self, prepared: JsonPrepared, _seen: &[Seen]) -> anyhow::Result<()> {
        match prepared {
            JsonPrepared::Input(bytes) => {
                self.sink
                    .write(if self.inputs == 0 { b"\n" } else { b",\n" })?;
                self.sink.write(&bytes)?;
                self.inputs += 1;
            }
            JsonPrepared::Skipped(s) => self.skipped.push(s),
        }
        Ok(())
    }

    fn finish(mut self, summary: &Summary) -> anyhow::Result<()> {
        self.sink
            .write(if self.inputs == 0 { b"]" } else { b"\n  ]" })?;
        self.sink.write(b",\n  \"skipped\": ")?;
        self.sink.write(&pretty_nested(&self.skipped, 2))?;
        self.sink.write(b",\n  \"summary\": ")?;
        self.sink.write(&pretty_nested(summary, 2))?;
        self.sink.write(b"\n}\n")?;
        self.sink.flush()
    }
}

/// JSON Lines: every line written as found (ripgrep's `--json` model).
pub struct JsonLines {
    sink: Sink,
}

pub enum LinesPrepared {
    Input {
        path: String,
        /// The file (or error) line.
        head: Vec<u8>,
        /// Each certificate's thumbprint and full line (none for a known repeat).
        certificates: Vec<(String, Option<Vec<u8>>)>,
        /// The CRL lines.
        tail: Vec<u8>,
    },
    Skipped(Vec<u8>),
}

fn line(line: &Line) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(line).expect("reports serialise");
    bytes.push(b'\n');
    bytes
}

impl JsonLines {
    pub fn new() -> anyhow::Result<JsonLines> {
        let mut sink = Sink::new();
        sink.write(&line(&Line::Begin {
            version: Line::VERSION,
        }))?;
        Ok(JsonLines { sink })
    }
}

impl Printer for JsonLines {
    type Prepared = LinesPrepared;
    type Options = ();

    fn options(&self) {}

    fn prepare(_: &(), found: Found, known: &Known) -> LinesPrepared {
        let report = match found {
            Found::Skipped(s) => return LinesPrepared::Skipped(line(&Line::Skipped(s))),
            Found::Input(report) => report,
        };
        let path = report.path;
        if let Some(error) = report.error {
            return LinesPrepared::Input {
                head: line(&Line::Error {
                    path: path.clone(),
                    error,
                }),
                path,
                certificates: Vec::new(),
                tail: Vec::new(),
            };
        }
        let head = line(&Line::File(FileLine {
            path: path.clone(),
            format: report.format,
            notes: report.notes,
            pkcs12: report.pkcs12,
            private_key: report.private_key,
            csrs: report.csrs,
            ocsp: report.ocsp,
        }));
        let certificates = report
            .certificates
            .into_iter()
            .map(|cert| {
                let thumbprint = cert.certificate.thumbprint.clone();
                let full = (!known.knows(&thumbprint)).then(|| {
                    line(&Line::Certificate(CertificateLine {
                        path: path.clone(),
                        report: cert,
                    }))
                });
                (thumbprint, full)
            })
            .collect();
        let tail = report
            .crls
            .into_iter()
            .flat_map(|crl| {
                line(&Line::Crl(CrlLine {
                    path: path.clone(),
                    report: crl,
                }))
            })
            .collect();
        LinesPrepared::Input {
            path,
            head,
            certificates,
            tail,
        }
    }

    fn write(&mut self, prepared: LinesPrepared, seen: &[Seen]) -> anyhow::Result<()> {
        match prepared {
            LinesPrepared::Skipped(bytes) => self.sink.write(&bytes),
            LinesPrepared::Input {
                path,
                head,
                certificates,
                tail,
            } => {
                self.sink.write(&head)?;
                for ((thumbprint, full), seen) in certificates.into_iter().zip(seen) {
                    if let Some(full) = full.filter(|_| seen.first) {
                        self.sink.write(&full)?;
                    } else {
                        self.sink.write(&line(&Line::Duplicate {
                            path: path.clone(),
                            thumbprint,
                        }))?;
                    }
                }
                self.sink.write(&tail)
            }
        }
    }

    fn finish(mut self, summary: &Summary) -> anyhow::Result<()> {
        self.sink.write(&line(&Line::Summary {
            summary: summary.clone(),
        }))?;
        self.sink.flush()
    }
}

/// The table of a scan (or of several inputs): one short row per distinct certificate.
pub struct Table {
    out: Output,
    /// Print the table (not under `--quiet`).
    print: bool,
    /// Name each skipped entry (`--verbose`).
    verbose: bool,
    rows: Vec<super::inspect::TableRow>,
    crls: Vec<String>,
    notes: Vec<String>,
    skipped: Vec<SkippedFile>,
}

pub enum TablePrepared {
    Input {
        /// A row per certificate (none for a known repeat).
        rows: Vec<Option<super::inspect::TableRow>>,
        crls: Vec<String>,
        notes: Vec<String>,
    },
    Skipped(SkippedFile),
}

impl Table {
    pub fn new(out: &Output, print: bool, verbose: bool) -> Table {
        Table {
            out: out.clone(),
            print,
            verbose,
            rows: Vec::new(),
            crls: Vec::new(),
            notes: Vec::new(),
            skipped: Vec::new(),
        }
    }
}

/// What the table's rows are made with.
pub struct TableOptions {
    out: Output,
    print: bool,
}

impl Printer for Table {
    type Prepared = TablePrepared;
    type Options = TableOptions;

    fn options(&self) -> TableOptions {
        TableOptions {
            out: self.out.clone(),
            print: self.print,
        }
    }

    fn prepare(options: &TableOptions, found: Found, known: &Known) -> TablePrepared {
        match found {
            Found::Skipped(s) => TablePrepared::Skipped(s),
            // Nothing to keep when nothing is printed.
            Found::Input(report) if !options.print => TablePrepared::Input {
                rows: vec![None; report.certificates.len()],
                crls: Vec::new(),
                notes: Vec::new(),
            },
            Found::Input(report) => TablePrepared::Input {
                rows: report
                    .certificates
                    .iter()
                    .map(|c| {
                        (!known.knows(&c.certificate.thumbprint))
                            .then(|| super::inspect::table_row(c, &report, &options.out))
                    })
                    .collect(),
                crls: super::inspect::object_lines(&report, &options.out),
                notes: super::inspect::note_lines(&report, &options.out),
            },
        }
    }

    fn write(&mut self, prepared: TablePrepared, seen: &[Seen]) -> anyhow::Result<()> {
        match prepared {
            TablePrepared::Skipped(s) => {
                if self.verbose {
                    self.skipped.push(s);
                }
            }
            TablePrepared::Input { rows, crls, notes } => {
                for (row, seen) in rows.into_iter().zip(seen) {
                    match row.filter(|_| seen.first) {
                        Some(row) => {
                            debug_assert_eq!(seen.index, self.rows.len());
                            self.rows.push(row);
                        }
                        None => {
                            if let Some(first) = self.rows.get_mut(seen.index) {
                                first.also += 1;
                            }
                        }
                    }
                }
                self.crls.extend(crls);
                self.notes.extend(notes);
            }
        }
        Ok(())
    }

    fn finish(self, summary: &Summary) -> anyhow::Result<()> {
        if !self.print {
            return Ok(());
        }
        let skipped = self.verbose.then_some(self.skipped.as_slice());
        let mut sink = Sink::new();
        closed_or(super::inspect::write_table(
            &mut sink.0,
            &self.rows,
            &self.out,
        ))?;
        drop(self.rows);
        let tail = super::inspect::table_tail(&self.crls, &self.notes, skipped, summary);
        sink.write(tail.as_bytes())?;
        sink.flush()
    }
}

/// The detailed view of one input.
pub struct Detailed {
    out: Output,
    print: bool,
    inputs: Vec<InputReport>,
}

impl Detailed {
    pub fn new(out: &Output, print: bool) -> Detailed {
        Detailed {
            out: out.clone(),
            print,
            inputs: Vec::new(),
        }
    }
}

impl Printer for Detailed {
    type Prepared = Option<InputReport>;
    /// Whether the report is printed.
    type Options = bool;

    fn options(&self) -> bool {
        self.print
    }

    fn prepare(print: &bool, found: Found, _known: &Known) -> Option<InputReport> {
        match found {
            Found::Input(report) if *print => Some(*report),
            _ => None,
        }
    }

    fn write(&mut self, prepared: Option<InputReport>, _seen: &[Seen]) -> anyhow::Result<()> {
        self.inputs.extend(prepared);
        Ok(())
    }

    fn finish(self, summary: &Summary) -> anyhow::Result<()> {
        if !self.print {
            return Ok(());
        }
        let report = InspectReport {
            version: InspectReport::VERSION,
            inputs: self.inputs,
            skipped: Vec::new(),
            summary: summary.clone(),
        };
        self.out
            .print(&super::inspect::detailed(&report, &self.out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::inspect_scan::SkipReason;

    #[test]
    fn nested_json_is_serde_json_pretty_indented() {
        let value = serde_json::json!({
            "a": [1, {"b": []}, {}, [[]]],
            "c": {"d": "x\ny", "e": null},
            "f": []
        });
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        for indent in [0, 2, 4, 70] {
            let expected = pretty.replace('\n', &format!("\n{}", " ".repeat(indent)));
            let nested = String::from_utf8(pretty_nested(&value, indent)).unwrap();
            assert_eq!(nested, expected, "indent {indent}");
        }
    }

    #[test]
    fn nested_pretty_json_reads_as_the_whole_document_would() {
        let skipped = SkippedFile {
            path: "a/b.txt".into(),
            reason: SkipReason::NotCertificateMaterial,
            detail: None,
        };
        let report = InspectReport {
            version: InspectReport::VERSION,
            inputs: Vec::new(),
            skipped: vec![skipped.clone(), skipped.clone()],
            summary: Summary::default(),
        };
        let whole = serde_json::to_string_pretty(&report).unwrap();
        let mut streamed = format!(
            "{{\n  \"version\": {},\n  \"inputs\": [],\n  \"skipped\": ",
            InspectReport::VERSION
        );
        streamed.push_str(&String::from_utf8(pretty_nested(&report.skipped, 2)).unwrap());
        streamed.push_str(",\n  \"summary\": ");
        streamed.push_str(&String::from_utf8(pretty_nested(&report.summary, 2)).unwrap());
        streamed.push_str("\n}");
        assert_eq!(streamed, whole);
    }
}
