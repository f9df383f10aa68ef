//! `check --format json`: one object per diagnostic, the shape fixed by the language
//! contract (`docs/language.md`), as typed structs in the order of their fields.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

use super::output::Report;
use crate::path_uri::exact_uri;
use crate::rules::{Diagnostic, Rule};
use crate::workspace::{SourceFile, Workspace};

/// Lines and columns are 1-based, columns counted in Unicode scalar values.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    severity: &'static str,
    rule: &'static str,
    message: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<Fix<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<Related<'a>>,
    /// Only for a path that is not UTF-8: its exact bytes, percent-encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<&'a str>,
}

/// The fix's own range: an insertion (a missing `]`) need not replace the diagnostic's.
#[derive(Serialize)]
struct Fix<'a> {
    title: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    replacement: &'a str,
}

#[derive(Serialize)]
struct Related<'a> {
    file: String,
    line: u32,
    column: u32,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
}

/// What every diagnostic of a file repeats, worked out once per file.
struct FileFields<'a> {
    file: &'a SourceFile,
    path: String,
    uri: Option<String>,
}

/// Diagnostics per task when there are enough to write on every core: a file with thousands
/// of them took 2–3 ms to write on one core after its rules had run on all of them.
const CHUNK: usize = 256;

pub(crate) fn write(report: &Report<'_>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    write_to(report, &mut out)?;
    out.flush()
}

/// The array `serde_json::to_writer_pretty` writes, its items serialised side by side.
fn write_to(report: &Report<'_>, out: &mut impl Write) -> io::Result<()> {
    let files: Vec<Option<FileFields<'_>>> = report
        .results
        .iter()
        .map(|(file_id, _)| {
            let file = report.ws.file(*file_id)?;
            Some(FileFields {
                file,
                path: file.path.display().to_string(),
                uri: exact_uri(&file.path),
            })
        })
        .collect();
    let mut urls = vec![String::new(); Rule::ALL.len()];
    for rule in Rule::ALL {
        if let Some(url) = urls.get_mut(rule as usize) {
            *url = rule.url();
        }
    }
    let items: Vec<(&FileFields<'_>, &Diagnostic)> = files
        .iter()
        .zip(report.results)
        .filter_map(|(fields, (_, diagnostics))| Some((fields.as_ref()?, diagnostics)))
        .flat_map(|(fields, diagnostics)| diagnostics.iter().map(move |d| (fields, d)))
        .collect();
    let write_chunk = |chunk: &[(&FileFields<'_>, &Diagnostic)]| -> io::Result<Vec<u8>> {
        let mut out = Vec::with_capacity(chunk.len() * 512);
        for (n, (fields, diagnostic)) in chunk.iter().enumerate() {
            if n > 0 {
                out.extend_from_slice(b",\n");
            }
            let url = urls
                .get(diagnostic.rule as usize)
                .map_or("", String::as_str);
            let item = json_diagnostic(report.ws, fields, url, diagnostic);
            let mut own = Vec::with_capacity(512);
            serde_json::to_writer_pretty(&mut own, &item).map_err(io::Error::other)?;
            indented(&own, &mut out);
        }
        Ok(out)
    };
    let chunks: Vec<Vec<u8>> = if items.len() > 2 * CHUNK {
        items
            .par_chunks(CHUNK)
            .map(write_chunk)
            .collect::<io::Result<_>>()?
    } else {
        vec![write_chunk(&items)?]
    };
    if items.is_empty() {
        out.write_all(b"[]\n")?;
    } else {
        out.write_all(b"[\n")?;
        for (n, chunk) in chunks.iter().enumerate() {
            if n > 0 {
                out.write_all(b",\n")?;
            }
            out.write_all(chunk)?;
        }
        out.write_all(b"\n]\n")?;
    }
    Ok(())
}

/// `item` as an element of a pretty array: each line two blanks further in. A JSON
/// string holds no line break of its own (it is written `\n`), so every one is the
/// printer's.
fn indented(item: &[u8], out: &mut Vec<u8>) {
    for (n, line) in item.split(|&byte| byte == b'\n').enumerate() {
        if n > 0 {
            out.push(b'\n');
        }
        out.extend_from_slice(b"  ");
        out.extend_from_slice(line);
    }
}

fn json_diagnostic<'a>(
    ws: &Workspace,
    fields: &'a FileFields<'_>,
    url: &'a str,
    diagnostic: &'a Diagnostic,
) -> JsonDiagnostic<'a> {
    let file = fields.file;
    let start = file.position(diagnostic.range.start);
    let end = file.position(diagnostic.range.end);
    let related = diagnostic
        .related
        .iter()
        .filter_map(|related| {
            let other = ws.file(related.file)?;
            let at = other.position(related.range.start);
            Some(Related {
                file: other.path.display().to_string(),
                line: at.line,
                column: at.column,
                message: &related.message,
                uri: exact_uri(&other.path),
            })
        })
        .collect();
    let fix = diagnostic.fix.as_ref().map(|fix| {
        let (from, to) = (file.position(fix.range.start), file.position(fix.range.end));
        Fix {
            title: &fix.title,
            line: from.line,
            column: from.column,
            end_line: to.line,
            end_column: to.column,
            replacement: &fix.replacement,
        }
    });
    JsonDiagnostic {
        file: &fields.path,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        severity: diagnostic.severity.as_str(),
        rule: diagnostic.rule.name(),
        message: &diagnostic.message,
        url,
        fix,
        related,
        uri: fields.uri.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::config::Config;
    use crate::workspace::analyze;

    /// Written in chunks side by side, the array is byte for byte what one pretty printer
    /// writes: with no diagnostic, a few, and enough for several chunks, with fixes,
    /// related places and non-ASCII text.
    #[test]
    fn the_chunks_write_what_one_printer_writes() {
        for count in [0, 3, 2 * CHUNK + 7] {
            let mut text = String::from("[@ana]: Ana 🎺\n\n[x]{#dup @ana}\n\n[y]{#dup @ana}\n\n");
            for n in 0..count {
                text.push_str(&format!("Ünïcode 🎺 [claim {n}]{{@anx}}\n\n"));
            }
            let mut ws = Workspace::new();
            let id = ws.set_file(analyze(PathBuf::from("a b/é.cdown"), text));
            let config = Config::default_for(PathBuf::from("."));
            let results = vec![(id, crate::rules::check_file(&ws, id, &config))];
            let report = Report {
                ws: &ws,
                results: &results,
                n_checked: 1,
                n_unreadable: 0,
            };
            let mut chunked = Vec::new();
            write_to(&report, &mut chunked).unwrap_or_else(|err| panic!("{err}"));
            let file = ws.file(id).unwrap_or_else(|| panic!("the file"));
            let fields = FileFields {
                file,
                path: file.path.display().to_string(),
                uri: exact_uri(&file.path),
            };
            let urls: Vec<String> = results[0].1.iter().map(|d| d.rule.url()).collect();
            let items: Vec<JsonDiagnostic<'_>> = results[0]
                .1
                .iter()
                .zip(&urls)
                .map(|(diagnostic, url)| json_diagnostic(&ws, &fields, url, diagnostic))
                .collect();
            let mut one = serde_json::to_string_pretty(&items).unwrap_or_default();
            one.push('\n');
            assert!(items.len() > count, "{count}: {} diagnostics", items.len());
            assert!(one.contains("\"related\""), "{one}");
            assert!(count == 0 || one.contains("\"fix\""), "{one}");
            assert_eq!(String::from_utf8_lossy(&chunked), one, "{count} more");
        }
    }
}
