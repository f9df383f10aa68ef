//! Human and JSON renderings of a check.

use std::io::{self, IsTerminal, Write};

use unicode_width::UnicodeWidthChar;

use super::Color;
use crate::rules::{Diagnostic, Severity};
use crate::workspace::{FileId, SourceFile, Workspace};

pub(crate) struct Report<'a> {
    pub ws: &'a Workspace,
    pub results: &'a [(FileId, Vec<Diagnostic>)],
    pub n_checked: usize,
    /// Paths named or found that could not be read (each already reported on stderr):
    /// the summary must not call the run clean.
    pub n_unreadable: usize,
}

pub(crate) fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Whether to colour what goes to standard error (`auto` only: `--color` is `check`'s).
pub(crate) fn use_color_stderr() -> bool {
    io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

struct Paint {
    color: bool,
    /// Show each diagnostic's source line, underlined, with its help and notes. Without it
    /// the report is the contract's bare form: one line per diagnostic, then the summary.
    source: bool,
}

impl Paint {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    fn severity(&self, severity: Severity) -> &'static str {
        match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;34",
            Severity::Hint => "1;36",
        }
    }
}

/// Writes the human report to standard output; `summary` adds the closing count line.
pub(crate) fn human(
    report: &Report<'_>,
    color: bool,
    source: bool,
    summary: bool,
) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    human_to(&mut out, report, color, source, summary)?;
    out.flush()
}

/// Whether to show source lines: on a terminal by default, where a person reads; a pipe
/// gets one line per diagnostic, which scripts count and parse.
pub(crate) fn show_source(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal(),
    }
}

/// The same, for a report written to standard error (`export`'s errors).
pub(crate) fn show_source_stderr(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stderr().is_terminal(),
    }
}

pub(crate) fn human_to(
    out: &mut impl Write,
    report: &Report<'_>,
    color: bool,
    source: bool,
    summary: bool,
) -> io::Result<()> {
    let paint = Paint { color, source };
    let mut counts = [0usize; 4];
    let mut files_with_problems = 0;
    for (file_id, diagnostics) in report.results {
        let Some(file) = report.ws.file(*file_id) else {
            continue;
        };
        if !diagnostics.is_empty() {
            files_with_problems += 1;
        }
        for diagnostic in diagnostics {
            counts[diagnostic.severity as usize] += 1;
            write_diagnostic(out, report.ws, file, diagnostic, &paint)?;
        }
    }
    if !summary {
        return Ok(());
    }
    let [hints, infos, warnings, errors] = counts;
    let n_files = |n: usize| {
        if n == 1 {
            "1 file".to_owned()
        } else {
            format!("{n} files")
        }
    };
    let unreadable = match report.n_unreadable {
        0 => String::new(),
        1 => "1 path could not be read".to_owned(),
        n => format!("{n} paths could not be read"),
    };
    if errors + warnings + infos + hints == 0 && !unreadable.is_empty() {
        let checked = match report.n_checked {
            0 => "nothing was checked".to_owned(),
            n => format!("no problems found in {}", n_files(n)),
        };
        writeln!(out, "{} {unreadable}; {checked}.", paint.paint("1;31", "✗"))?;
    } else if errors + warnings + infos + hints == 0 {
        writeln!(
            out,
            "{} No problems found in {}.",
            paint.paint("1;32", "✓"),
            n_files(report.n_checked)
        )?;
    } else {
        let mut parts = Vec::new();
        for (n, noun, code) in [
            (errors, "error", "1;31"),
            (warnings, "warning", "1;33"),
            (infos, "info", "1;34"),
            (hints, "hint", "1;36"),
        ] {
            if n > 0 {
                let plural = if n == 1 || noun == "info" { "" } else { "s" };
                parts.push(paint.paint(code, &format!("{n} {noun}{plural}")));
            }
        }
        let unreadable = if unreadable.is_empty() {
            unreadable
        } else {
            format!("; {unreadable}")
        };
        writeln!(
            out,
            "Found {} in {} ({} checked){unreadable}.",
            parts.join(", "),
            n_files(files_with_problems),
            n_files(report.n_checked)
        )?;
    }
    Ok(())
}

fn write_diagnostic(
    out: &mut impl Write,
    ws: &Workspace,
    file: &SourceFile,
    diagnostic: &Diagnostic,
    paint: &Paint,
) -> io::Result<()> {
    let start = file.position(diagnostic.range.start);
    let severity = diagnostic.severity.as_str();
    writeln!(
        out,
        "{}:{}:{}: {}: {}",
        paint.paint("1", &file.path.display().to_string()),
        start.line,
        start.column,
        paint.paint(
            paint.severity(diagnostic.severity),
            &format!("{severity}[{}]", diagnostic.rule)
        ),
        diagnostic.message
    )?;
    if !paint.source {
        return Ok(());
    }
    let line_idx = start.line as usize - 1;
    let Some(line_range) = file.line_index.line_range(&file.text, line_idx) else {
        return Ok(());
    };
    let line = &file.text[line_range.as_usize()];
    let gutter = start.line.to_string().len();
    let bar = paint.paint("1;34", "|");
    let (shown, underline) = underline(line, line_range.start as usize, diagnostic);
    writeln!(out, "{:gutter$} {bar}", "")?;
    writeln!(
        out,
        "{} {bar} {shown}",
        paint.paint("1;34", &start.line.to_string())
    )?;
    writeln!(
        out,
        "{:gutter$} {bar} {}",
        "",
        paint.paint(paint.severity(diagnostic.severity), &underline)
    )?;
    if let Some(fix) = &diagnostic.fix {
        writeln!(
            out,
            "{:gutter$} {} help: {}",
            "",
            paint.paint("1;34", "="),
            fix.title
        )?;
    }
    for related in &diagnostic.related {
        let Some(other) = ws.file(related.file) else {
            continue;
        };
        let at = other.position(related.range.start);
        writeln!(
            out,
            "{:gutter$} {} note: {}:{}:{}: {}",
            "",
            paint.paint("1;34", "="),
            other.path.display(),
            at.line,
            at.column,
            related.message
        )?;
    }
    writeln!(out)
}

/// The line as shown (tabs expanded) and the carets under the diagnostic's part of it.
/// How much of a long line is shown on each side of the underlined part.
const CONTEXT_BYTES: usize = 120;

fn underline(line: &str, line_start: usize, diagnostic: &Diagnostic) -> (String, String) {
    let from = (diagnostic.range.start as usize).saturating_sub(line_start);
    let to = (diagnostic.range.end as usize)
        .saturating_sub(line_start)
        .min(line.len());
    // A very long line is cut around the diagnostic, so that output stays proportional to
    // the number of diagnostics rather than to line length times their number.
    let mut window_start = from.saturating_sub(CONTEXT_BYTES).min(line.len());
    while !line.is_char_boundary(window_start) {
        window_start -= 1;
    }
    let mut window_end = to.max(from).saturating_add(CONTEXT_BYTES).min(line.len());
    while !line.is_char_boundary(window_end) {
        window_end += 1;
    }
    let mut shown = String::new();
    let mut carets = String::new();
    if window_start > 0 {
        shown.push('…');
        carets.push(' ');
    }
    for (idx, ch) in line[window_start..window_end].char_indices() {
        let idx = idx + window_start;
        let (text, width) = match ch {
            '\t' => ("    ".to_owned(), 4),
            _ if ch.is_control() => ("\u{fffd}".to_owned(), 1),
            _ => (ch.to_string(), ch.width().unwrap_or(0)),
        };
        shown.push_str(&text);
        let marked = idx >= from && idx < to.max(from + 1);
        carets.push_str(&(if marked { "^" } else { " " }).repeat(width));
    }
    if window_end < line.len() {
        shown.push('…');
    }
    if from >= line.len() {
        carets.push('^');
    }
    (shown, carets.trim_end().to_owned())
}
