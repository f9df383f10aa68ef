//! Exports: what a set of files means, as data (`json`, and the JSON-LD vocabularies
//! `claimreview` and `webannotation`), as the argument graph (`dot`, `mermaid`), and as
//! pages to read (`html`, a page per article or a site).
//!
//! Exports read the workspace as it is, errors and all: what does not resolve (an undefined
//! actor, a rebuttal of a missing claim) is left out, and the rest is exported. Deciding
//! whether to export at all is the caller's business (`claimdown export --strict`).
//!
//! **Architecture Invariant:** exports do no IO; the caller reads files and writes output.

mod article_text;
mod claimreview;
mod dot;
mod graph;
pub mod html;
mod json;
mod mermaid;
mod webannotation;

use std::collections::HashMap;
use std::path::Path;

use crate::model::vocabulary::Status;
use crate::model::{Claim, Definition, DefinitionKind, FrontMatter, Role};
use crate::rules::Coverage;
use crate::workspace::{FileId, SourceFile, Workspace};

pub use article_text::{ArticleText, TextQuote};
pub use json::CoverageFigures;

/// The formats `claimdown export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The full model, described by `docs/schema/claimdown-export.schema.json`.
    Json,
    /// schema.org `ClaimReview` JSON-LD for claims with a verdict, one document per article.
    ClaimReview,
    /// W3C Web Annotation JSON-LD, one annotation per claim.
    WebAnnotation,
    /// The argument graph in Graphviz DOT.
    Dot,
    /// The argument graph as a Mermaid flowchart.
    Mermaid,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Json,
        Format::ClaimReview,
        Format::WebAnnotation,
        Format::Dot,
        Format::Mermaid,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::ClaimReview => "claimreview",
            Format::WebAnnotation => "webannotation",
            Format::Dot => "dot",
            Format::Mermaid => "mermaid",
        }
    }
}

/// What to export: files of a workspace, in the order given. The workspace may hold more
/// files (a shared registry); their definitions resolve references but are not exported as
/// articles.
pub struct Input<'a> {
    pub ws: &'a Workspace,
    pub files: &'a [FileId],
    /// The folder that relative file paths are relative to, for `file:` URIs.
    pub cwd: &'a Path,
    /// Each file's coverage figures (`claimdown stats`), for the JSON export; they depend on
    /// the rules as configured, which the caller knows.
    pub coverage: Option<&'a HashMap<FileId, Coverage>>,
}

/// Renders the input in a format; the text ends with a newline.
pub fn export(format: Format, input: &Input<'_>) -> String {
    let mut res = match format {
        Format::Json => to_pretty_json(&json::export(input)),
        Format::ClaimReview => to_pretty_json(&claimreview::export(input)),
        Format::WebAnnotation => to_pretty_json(&webannotation::export(input)),
        Format::Dot => dot::render(&graph::build(input)),
        Format::Mermaid => mermaid::render(&graph::build(input)),
    };
    if !res.ends_with('\n') {
        res.push('\n');
    }
    res
}

fn to_pretty_json(value: &impl serde::Serialize) -> String {
    // Serialising to a `String` cannot fail: every map's keys are strings.
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The files of the input with their ids, skipping any that are gone.
fn articles<'a>(input: &'a Input<'a>) -> impl Iterator<Item = (FileId, &'a SourceFile)> + 'a {
    input
        .files
        .iter()
        .filter_map(|&id| Some((id, input.ws.file(id)?)))
}

/// The first value of a front matter field, trimmed; `None` when absent or empty.
fn front_field<'a>(front_matter: Option<&'a FrontMatter>, key: &str) -> Option<&'a str> {
    let field = front_matter?
        .fields
        .iter()
        .find(|field| field.key.text == key)?;
    let value = field.value.as_ref()?.text.trim();
    if value.is_empty() {
        return None;
    }
    Some(value)
}

/// A field value that names an actor (`@fna`), without its sigil.
fn actor_id(value: &str) -> &str {
    value.strip_prefix('@').unwrap_or(value).trim()
}

/// A claim's explicit, valid `status=` verdict.
fn explicit_status(claim: &Claim) -> Option<Status> {
    Status::parse(claim.status.as_ref()?.text.as_str())
}

/// The ids a claim's attribution (`actors` or `sources` reference indices) names that are
/// defined in the workspace, in order, without repeats.
fn resolved_definitions<'a>(
    ws: &'a Workspace,
    file: &'a SourceFile,
    claim: &Claim,
    kind: DefinitionKind,
) -> Vec<(&'a str, &'a Definition)> {
    let role = match kind {
        DefinitionKind::Actor => Role::Actor,
        DefinitionKind::Source => Role::Source,
    };
    let mut res: Vec<(&str, &Definition)> = Vec::new();
    for (_, reference) in file.model.claim_references(claim, role) {
        let project = ws.project_of_file(&file.path);
        let Some((_, definition)) = ws.definition_in(project, kind, &reference.id) else {
            continue;
        };
        if !res.iter().any(|(id, _)| *id == reference.id) {
            res.push((reference.id.as_str(), definition));
        }
    }
    res
}

/// The claims a claim's `rebuts=`/`supports=` references name that exist in its file, as
/// indices into the file's claims, in order, without repeats.
fn resolved_claims(file: &SourceFile, claim: &Claim, role: Role) -> Vec<usize> {
    let mut res = Vec::new();
    for (_, reference) in file.model.claim_references(claim, role) {
        let Some((target, _)) = file.model.claim_by_id(&reference.id) else {
            continue;
        };
        if !res.contains(&target) {
            res.push(target);
        }
    }
    res
}

/// The `file:` URI of a path: absolute, forward slashes, percent-encoded.
fn file_uri(path: &Path, cwd: &Path) -> String {
    let absolute = match path.is_absolute() {
        true => path.to_path_buf(),
        false => cwd.join(path),
    };
    let mut normal = Vec::new();
    for component in absolute.components() {
        match component {
            std::path::Component::ParentDir => {
                normal.pop();
            }
            std::path::Component::CurDir
            | std::path::Component::RootDir
            | std::path::Component::Prefix(_) => (),
            std::path::Component::Normal(part) => normal.push(part),
        }
    }
    // From the name's exact bytes: a lossy form would name a file that does not exist.
    let encoded: Vec<String> = normal
        .iter()
        .map(|part| crate::path_uri::encode_segment(&crate::path_uri::os_bytes(part)))
        .collect();
    format!("file:///{}", encoded.join("/"))
}

#[cfg(test)]
mod tests;
