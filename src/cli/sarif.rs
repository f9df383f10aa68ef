//! `check --format sarif`: SARIF 2.1.0, as GitHub code scanning uploads it.
//!
//! Columns are UTF-16 code units, SARIF's default `columnKind`, which the run also states.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::output::Report;
use crate::config::Config;
use crate::rules::{Rule, Severity};
use crate::text::{Encoding, TextRange};
use crate::workspace::SourceFile;

pub(crate) const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

pub(crate) fn write(report: &Report<'_>, config: &Config) -> io::Result<()> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    serde_json::to_writer_pretty(&mut out, &log(report, config)).map_err(io::Error::other)?;
    writeln!(out)?;
    out.flush()
}

/// The SARIF log of a check: one run, every rule described, one result per diagnostic.
pub(crate) fn log(report: &Report<'_>, config: &Config) -> Value {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|&rule| rule_descriptor(rule, config))
        .collect();
    let mut results = Vec::new();
    for (file_id, diagnostics) in report.results {
        let Some(file) = report.ws.file(*file_id) else {
            continue;
        };
        for diagnostic in diagnostics {
            let related: Vec<Value> = diagnostic
                .related
                .iter()
                .enumerate()
                .filter_map(|(idx, related)| {
                    let other = report.ws.file(related.file)?;
                    let mut location = location(other, related.range);
                    location["id"] = json!(idx);
                    location["message"] = json!({ "text": related.message });
                    Some(location)
                })
                .collect();
            let mut result = json!({
                "ruleId": diagnostic.rule.name(),
                "ruleIndex": Rule::ALL.iter().position(|&rule| rule == diagnostic.rule),
                "level": level(diagnostic.severity),
                "message": { "text": diagnostic.message },
                "locations": [location(file, diagnostic.range)],
            });
            if !related.is_empty() {
                result["relatedLocations"] = Value::Array(related);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "claimdown",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/claimdown/claimdown",
                    "rules": rules,
                },
            },
            "columnKind": "utf16CodeUnits",
            "results": results,
        }],
    })
}

fn rule_descriptor(rule: Rule, config: &Config) -> Value {
    let configuration = match config.severity(rule) {
        Some(severity) => json!({ "level": level(severity) }),
        None => json!({ "enabled": false }),
    };
    json!({
        "id": rule.name(),
        "name": pascal_case(rule.name()),
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": what_it_does(rule.documentation()) },
        "help": { "text": rule.documentation(), "markdown": rule.documentation() },
        "helpUri": rule.url(),
        "defaultConfiguration": configuration,
    })
}

/// `unattributed-claim` → `UnattributedClaim`, SARIF's friendly form of a rule's name.
fn pascal_case(name: &str) -> String {
    let mut res = String::with_capacity(name.len());
    for word in name.split('-') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            res.extend(first.to_uppercase());
            res.push_str(chars.as_str());
        }
    }
    res
}

/// The body of the documentation's "What it does" section, lines joined.
fn what_it_does(documentation: &str) -> String {
    let body = documentation
        .split("## What it does")
        .nth(1)
        .unwrap_or(documentation);
    let body = body.split("\n## ").next().unwrap_or(body);
    body.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

fn location(file: &SourceFile, range: TextRange) -> Value {
    let start = file
        .line_index
        .line_col(&file.text, range.start as usize, Encoding::Utf16);
    let end = file
        .line_index
        .line_col(&file.text, range.end as usize, Encoding::Utf16);
    json!({
        "physicalLocation": {
            "artifactLocation": { "uri": uri(&file.path) },
            "region": {
                "startLine": start.line + 1,
                "startColumn": start.col + 1,
                "endLine": end.line + 1,
                "endColumn": end.col + 1,
            },
        },
    })
}

/// A path as a relative (or absolute-path) URI reference, from its exact bytes.
pub(crate) fn uri(path: &Path) -> String {
    crate::path_uri::uri_reference(&without_dot(path))
}

/// The path without `.` components: checking `.` finds `./a.cdown`, which code scanning
/// and annotations know as `a.cdown`, relative to the checkout.
pub(crate) fn without_dot(path: &Path) -> std::path::PathBuf {
    let res: std::path::PathBuf = path
        .components()
        .filter(|part| *part != std::path::Component::CurDir)
        .collect();
    if res.as_os_str().is_empty() {
        path.to_path_buf()
    } else {
        res
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn uris_leave_out_dot_folders() {
        assert_eq!(super::uri(Path::new("./a.cdown")), "a.cdown");
        assert_eq!(super::uri(Path::new("./docs/./b.cdown")), "docs/b.cdown");
        assert_eq!(super::uri(Path::new("../c.cdown")), "../c.cdown");
    }

    #[test]
    fn uris_use_forward_slashes_and_escapes() {
        assert_eq!(
            super::uri(Path::new("examples/a b.cdown")),
            "examples/a%20b.cdown"
        );
        assert_eq!(
            super::uri(Path::new("dir\\é:x.cdown")),
            "dir/%C3%A9%3Ax.cdown"
        );
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let name = std::ffi::OsStr::from_bytes(b"caf\xe9.cdown");
            assert_eq!(super::uri(Path::new(name)), "caf%E9.cdown");
        }
    }
}
