//! `check --format json`: one object per diagnostic, the shape fixed by the language
//! contract (`docs/language.md`), as typed structs in the order of their fields.

use std::io::{self, Write};

use serde::Serialize;

use super::output::Report;
use crate::path_uri::exact_uri;
use crate::rules::Diagnostic;
use crate::workspace::{SourceFile, Workspace};

/// Lines and columns are 1-based, columns counted in Unicode scalar values.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    severity: &'static str,
    rule: &'static str,
    message: &'a str,
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<Fix<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<Related<'a>>,
    /// Only for a path that is not UTF-8: its exact bytes, percent-encoded.
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
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

pub(crate) fn write(report: &Report<'_>) -> io::Result<()> {
    let mut items = Vec::new();
    for (file_id, diagnostics) in report.results {
        let Some(file) = report.ws.file(*file_id) else {
            continue;
        };
        items.extend(
            diagnostics
                .iter()
                .map(|diagnostic| json_diagnostic(report.ws, file, diagnostic)),
        );
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    serde_json::to_writer_pretty(&mut out, &items).map_err(io::Error::other)?;
    writeln!(out)?;
    out.flush()
}

fn json_diagnostic<'a>(
    ws: &Workspace,
    file: &SourceFile,
    diagnostic: &'a Diagnostic,
) -> JsonDiagnostic<'a> {
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
        file: file.path.display().to_string(),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        severity: diagnostic.severity.as_str(),
        rule: diagnostic.rule.name(),
        message: &diagnostic.message,
        url: diagnostic.rule.url(),
        fix,
        related,
        uri: exact_uri(&file.path),
    }
}
