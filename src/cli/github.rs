//! `check --format github`: GitHub Actions workflow commands, which the runner turns into
//! annotations on the pull request.
//!
//! `::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=RULE::MESSAGE`; columns
//! as the human output counts them (Unicode scalar values).

use std::io::{self, Write};

use super::output::Report;
use crate::rules::{Diagnostic, Severity};
use crate::workspace::{SourceFile, Workspace};

pub(crate) fn write(report: &Report<'_>) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    for (file_id, diagnostics) in report.results {
        let Some(file) = report.ws.file(*file_id) else {
            continue;
        };
        for diagnostic in diagnostics {
            writeln!(out, "{}", command(report.ws, file, diagnostic))?;
        }
    }
    out.flush()
}

/// One workflow command; the related places and the fix follow the message on lines of
/// their own.
pub(crate) fn command(ws: &Workspace, file: &SourceFile, diagnostic: &Diagnostic) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    };
    let start = file.position(diagnostic.range.start);
    let end = file.position(diagnostic.range.end);
    let mut message = diagnostic.message.to_string();
    for related in &diagnostic.related {
        if let Some(other) = ws.file(related.file) {
            let at = other.position(related.range.start);
            let path = super::sarif::without_dot(&other.path);
            let path = path.display();
            message.push_str(&format!(
                "\nnote: {path}:{}:{}: {}",
                at.line, at.column, related.message
            ));
        }
    }
    if let Some(fix) = &diagnostic.fix {
        message.push_str(&format!("\nhelp: {}", fix.title));
    }
    let path = super::sarif::without_dot(&file.path)
        .to_string_lossy()
        .replace('\\', "/");
    format!(
        "::{name} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        escape_property(&path),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(diagnostic.rule.name()),
        escape_data(&message)
    )
}

/// Escapes a command's message: `%`, `\r` and `\n`.
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value: as a message, and `:` and `,`.
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{escape_data, escape_property};

    #[test]
    fn escapes() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
    }
}
