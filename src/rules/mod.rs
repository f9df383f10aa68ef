//! The rules: one file each, each documented in `docs/rules/<name>.md` (included below as
//! the rule's own documentation). [`check_file`] runs every enabled rule on one file.

mod dates;
mod duplicate_id;
mod invalid_field;
mod suggest;
mod syntax_error;
mod unattributed_claim;
mod undefined_actor;
mod undefined_claim;
mod undefined_source;
mod unused_definition;

pub use suggest::nearest;

use std::fmt;

use crate::config::Config;
use crate::text::TextRange;
use crate::workspace::{FileId, SourceFile, Workspace};

/// A rule: its name is what editors show as the diagnostic's code and what CI output and
/// `claimdown.toml` use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    UnattributedClaim,
    UndefinedActor,
    UndefinedSource,
    UndefinedClaim,
    DuplicateId,
    UnusedDefinition,
    SyntaxError,
    InvalidField,
}

impl Rule {
    pub const ALL: [Rule; 8] = [
        Rule::UnattributedClaim,
        Rule::UndefinedActor,
        Rule::UndefinedSource,
        Rule::UndefinedClaim,
        Rule::DuplicateId,
        Rule::UnusedDefinition,
        Rule::SyntaxError,
        Rule::InvalidField,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Rule::UnattributedClaim => "unattributed-claim",
            Rule::UndefinedActor => "undefined-actor",
            Rule::UndefinedSource => "undefined-source",
            Rule::UndefinedClaim => "undefined-claim",
            Rule::DuplicateId => "duplicate-id",
            Rule::UnusedDefinition => "unused-definition",
            Rule::SyntaxError => "syntax-error",
            Rule::InvalidField => "invalid-field",
        }
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.name() == name)
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Rule::UnattributedClaim | Rule::UnusedDefinition | Rule::InvalidField => {
                Severity::Warning
            }
            Rule::UndefinedActor
            | Rule::UndefinedSource
            | Rule::UndefinedClaim
            | Rule::DuplicateId
            | Rule::SyntaxError => Severity::Error,
        }
    }

    /// The rule's documentation, in Markdown: what it does, why, and an example.
    pub fn documentation(self) -> &'static str {
        match self {
            Rule::UnattributedClaim => unattributed_claim::DOCUMENTATION,
            Rule::UndefinedActor => undefined_actor::DOCUMENTATION,
            Rule::UndefinedSource => undefined_source::DOCUMENTATION,
            Rule::UndefinedClaim => undefined_claim::DOCUMENTATION,
            Rule::DuplicateId => duplicate_id::DOCUMENTATION,
            Rule::UnusedDefinition => unused_definition::DOCUMENTATION,
            Rule::SyntaxError => syntax_error::DOCUMENTATION,
            Rule::InvalidField => invalid_field::DOCUMENTATION,
        }
    }

    /// The first sentence of the documentation's "What it does".
    pub fn summary(self) -> String {
        let doc = self.documentation();
        let body = doc
            .split("## What it does")
            .nth(1)
            .unwrap_or(doc)
            .trim_start();
        // The first paragraph, on one line, up to the end of its first sentence.
        let paragraph = body.split("\n\n").next().unwrap_or(body).replace('\n', " ");
        let end = paragraph.find(". ").map_or(paragraph.len(), |n| n + 1);
        paragraph[..end].trim().to_owned()
    }

    /// Where the documentation is published.
    pub fn url(self) -> String {
        format!("{DOCS_URL}/rules/{}.md", self.name())
    }
}

/// The published documentation, for links from editors and SARIF.
pub const DOCS_URL: &str = "https://github.com/claimdown/claimdown/blob/main/docs";

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// A finding, in byte offsets of its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub range: TextRange,
    pub message: String,
    /// Other places that explain this one: the other definition of a duplicate, the claim a
    /// rebuttal targets.
    pub related: Vec<Related>,
    /// The code can go (an unused definition): editors fade it.
    pub unnecessary: bool,
    /// A replacement that fixes the finding, such as the nearest defined id.
    pub fix: Option<Fix>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub file: FileId,
    pub range: TextRange,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub range: TextRange,
    pub replacement: String,
}

/// What a rule sees: the workspace and the file it checks.
pub(crate) struct Ctx<'a> {
    pub ws: &'a Workspace,
    pub file_id: FileId,
    pub file: &'a SourceFile,
    out: Vec<Diagnostic>,
    rule: Rule,
}

impl Ctx<'_> {
    pub fn report(&mut self, range: TextRange, message: String) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            rule: self.rule,
            severity: self.rule.default_severity(),
            range,
            message,
            related: Vec::new(),
            unnecessary: false,
            fix: None,
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

/// Runs every enabled rule on one file of the workspace, with the configured severities.
/// Diagnostics come sorted by position.
pub fn check_file(ws: &Workspace, file_id: FileId, config: &Config) -> Vec<Diagnostic> {
    let Some(file) = ws.file(file_id) else {
        return Vec::new();
    };
    let mut ctx = Ctx {
        ws,
        file_id,
        file,
        out: Vec::new(),
        rule: Rule::SyntaxError,
    };
    for rule in Rule::ALL {
        let Some(severity) = config.severity(rule) else {
            continue;
        };
        let first = ctx.out.len();
        ctx.rule = rule;
        match rule {
            Rule::UnattributedClaim => unattributed_claim::check(&mut ctx),
            Rule::UndefinedActor => undefined_actor::check(&mut ctx),
            Rule::UndefinedSource => undefined_source::check(&mut ctx),
            Rule::UndefinedClaim => undefined_claim::check(&mut ctx),
            Rule::DuplicateId => duplicate_id::check(&mut ctx),
            Rule::UnusedDefinition => unused_definition::check(&mut ctx),
            Rule::SyntaxError => syntax_error::check(&mut ctx),
            Rule::InvalidField => invalid_field::check(&mut ctx),
        }
        for diagnostic in &mut ctx.out[first..] {
            diagnostic.severity = severity;
        }
    }
    let mut res = ctx.out;
    res.sort_by_key(|d| (d.range.start, d.range.end, d.rule));
    res
}

#[cfg(test)]
mod tests;
