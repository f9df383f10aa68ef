//! `check --format sarif`: SARIF 2.1.0, as GitHub code scanning uploads it.
//!
//! Columns are UTF-16 code units, SARIF's default `columnKind`, which the run also states.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

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

// The subset of SARIF 2.1.0 written, field for field in the order written. The names are
// SARIF's; `tests/ci.rs` validates the output against the official schema.

#[derive(Serialize)]
pub(crate) struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<ReportingDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    id: &'static str,
    name: String,
    short_description: Message<String>,
    full_description: Message<String>,
    help: MultiformatMessage,
    help_uri: String,
    default_configuration: Configuration,
}

/// A rule's configured level, or `enabled: false` when it is off.
#[derive(Serialize)]
#[serde(untagged)]
enum Configuration {
    Level { level: &'static str },
    Disabled { enabled: bool },
}

#[derive(Serialize)]
struct Message<T> {
    text: T,
}

#[derive(Serialize)]
struct MultiformatMessage {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Message<&'a str>,
    locations: [Location<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message<&'a str>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

/// 1-based lines and columns, in UTF-16 code units (the run's `columnKind`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

/// The SARIF log of a check: one run, every rule described, one result per diagnostic.
pub(crate) fn log<'a>(report: &Report<'a>, config: &Config) -> Log<'a> {
    let rules = Rule::ALL
        .iter()
        .map(|&rule| rule_descriptor(rule, config))
        .collect();
    let mut results = Vec::new();
    for (file_id, diagnostics) in report.results {
        let Some(file) = report.ws.file(*file_id) else {
            continue;
        };
        for diagnostic in diagnostics {
            let related_locations = diagnostic
                .related
                .iter()
                .enumerate()
                .filter_map(|(idx, related)| {
                    let other = report.ws.file(related.file)?;
                    Some(Location {
                        id: Some(idx),
                        message: Some(Message {
                            text: related.message.as_str(),
                        }),
                        ..location(other, related.range)
                    })
                })
                .collect();
            results.push(SarifResult {
                rule_id: diagnostic.rule.name(),
                rule_index: Rule::ALL
                    .iter()
                    .position(|&rule| rule == diagnostic.rule)
                    .unwrap_or_default(),
                level: level(diagnostic.severity),
                message: Message {
                    text: &diagnostic.message,
                },
                locations: [location(file, diagnostic.range)],
                related_locations,
            });
        }
    }
    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "claimdown",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: "https://github.com/claimdown/claimdown",
                    rules,
                },
            },
            column_kind: "utf16CodeUnits",
            results,
        }],
    }
}

fn rule_descriptor(rule: Rule, config: &Config) -> ReportingDescriptor {
    let default_configuration = match config.severity(rule) {
        Some(severity) => Configuration::Level {
            level: level(severity),
        },
        None => Configuration::Disabled { enabled: false },
    };
    ReportingDescriptor {
        id: rule.name(),
        name: pascal_case(rule.name()),
        short_description: Message {
            text: rule.summary(),
        },
        full_description: Message {
            text: what_it_does(rule.documentation()),
        },
        help: MultiformatMessage {
            text: rule.documentation(),
            markdown: rule.documentation(),
        },
        help_uri: rule.url(),
        default_configuration,
    }
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

fn location(file: &SourceFile, range: TextRange) -> Location<'static> {
    let start = file
        .line_index
        .line_col(&file.text, range.start as usize, Encoding::Utf16);
    let end = file
        .line_index
        .line_col(&file.text, range.end as usize, Encoding::Utf16);
    Location {
        physical_location: PhysicalLocation {
            artifact_location: ArtifactLocation {
                uri: uri(&file.path),
            },
            region: Region {
                start_line: start.line + 1,
                start_column: start.col + 1,
                end_line: end.line + 1,
                end_column: end.col + 1,
            },
        },
        id: None,
        message: None,
    }
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
