//! The rules: one file each, each documented in `docs/rules/<name>.md` (included below as
//! the rule's own documentation). [`check_file`] runs every enabled rule on one file.

mod coverage;
mod dates;
mod quotes;
mod since;
pub mod speech;
mod suggest;

pub use coverage::{coverage, Coverage};
pub use since::{check_file_since, Since};
pub use suggest::nearest;
pub use vague_attribution::is_vague_actor;

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use crate::config::Config;
use crate::model::{Claim, FileModel, Reference};
use crate::text::TextRange;
use crate::workspace::engine::Change;
use crate::workspace::{FileId, SourceFile, Workspace};

/// The rule table: one row per rule, from which the enum, the names, the default
/// severities, the documentation and the run list all come. A new rule is a file (with
/// `DOCUMENTATION` and `check`, see any rule) and a row here.
macro_rules! rules {
    ($($variant:ident => $module:ident, $name:literal, $severity:ident, $scope:ident;)*) => {
        $(mod $module;)*

        /// A rule: its name is what editors show as the diagnostic's code and what CI
        /// output and `claimdown.toml` use.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $($variant,)*
        }

        impl Rule {
            pub const ALL: [Rule; [$($name),*].len()] = [$(Rule::$variant,)*];

            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }

            pub fn default_severity(self) -> Severity {
                match self {
                    $(Rule::$variant => Severity::$severity,)*
                }
            }

            /// What the rule's findings depend on.
            pub fn scope(self) -> Scope {
                match self {
                    $(Rule::$variant => Scope::$scope,)*
                }
            }

            /// The rule's documentation, in Markdown: what it does, why, and an example.
            pub fn documentation(self) -> &'static str {
                match self {
                    $(Rule::$variant => $module::DOCUMENTATION,)*
                }
            }

            fn run(self, ctx: &mut Ctx<'_>) {
                match self {
                    $(Rule::$variant => $module::check(ctx),)*
                }
            }

            /// The source file of the rule, for the test that every rule file is listed.
            #[cfg(test)]
            fn module(self) -> &'static str {
                match self {
                    $(Rule::$variant => stringify!($module),)*
                }
            }
        }
    };
}

rules! {
    UnattributedClaim => unattributed_claim, "unattributed-claim", Warning, BlockAndIds;
    UndefinedActor => undefined_actor, "undefined-actor", Error, Block;
    UndefinedSource => undefined_source, "undefined-source", Error, Block;
    UndefinedClaim => undefined_claim, "undefined-claim", Error, BlockAndIds;
    DuplicateId => duplicate_id, "duplicate-id", Error, Structure;
    UnusedDefinition => unused_definition, "unused-definition", Warning, Structure;
    SyntaxError => syntax_error, "syntax-error", Error, File;
    InvalidField => invalid_field, "invalid-field", Warning, Block;
    SelfRebuttal => self_rebuttal, "self-rebuttal", Hint, Structure;
    RebuttalCycle => rebuttal_cycle, "rebuttal-cycle", Hint, Structure;
    UnsupportedVerdict => unsupported_verdict, "unsupported-verdict", Warning, Structure;
    UnannotatedQuote => unannotated_quote, "unannotated-quote", Warning, BlockAndIds;
    VagueAttribution => vague_attribution, "vague-attribution", Warning, Block;
}

impl Rule {
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.name() == name)
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

    /// A severity as `claimdown.toml` and editor settings write it: `Some(None)` for
    /// `"off"`, `None` for a word that is neither a severity nor `"off"`.
    pub fn parse_setting(text: &str) -> Option<Option<Severity>> {
        match text {
            "off" => Some(None),
            _ => Severity::parse(text).map(Some),
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

/// What a rule's findings depend on, and so when the findings of the last check of a file
/// can be kept after an edit (see [`check_file_since`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Anything in the file: the rule runs over the whole file every time.
    File,
    /// One block's text and model, the file's front matter and the project's definitions:
    /// findings in blocks an edit did not touch stay, moved, and the rule runs on the
    /// blocks read again only ([`Ctx::within`]).
    Block,
    /// As `Block`, and the file's claim ids (a fix proposes an id no claim has).
    BlockAndIds,
    /// The file's claims as annotated (their kinds, ids, statuses, attributes, references
    /// and roles), its definitions and the project's, not its prose nor where anything
    /// stands: after an edit that changed none of those, every finding stays, moved, and
    /// the rule does not run.
    Structure,
}

impl Scope {
    /// Whether findings of a rule of this scope survive `change` outside its regions.
    fn survives(self, change: &Change) -> bool {
        match self {
            Scope::File => false,
            Scope::Block => !change.definitions,
            Scope::BlockAndIds => !change.definitions && !change.claim_ids,
            Scope::Structure => !change.definitions && !change.annotations,
        }
    }
}

/// A finding, in byte offsets of its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    pub range: TextRange,
    /// Shared: the findings a check keeps from the last one are copied, each keystroke.
    pub message: Arc<str>,
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
    /// Shared, as the message is: a kept finding's fix is copied each keystroke.
    pub title: Arc<str>,
    pub range: TextRange,
    pub replacement: Arc<str>,
}

/// What a rule sees: the workspace and the file it checks.
pub(crate) struct Ctx<'a> {
    pub ws: &'a Workspace,
    pub file_id: FileId,
    pub file: &'a SourceFile,
    pub config: &'a Config,
    /// What of the file to look at: for a rule of [`Scope::Block`], the blocks an edit
    /// touched; for the others, everything.
    pub within: Within<'a>,
    out: Vec<Diagnostic>,
    rule: Rule,
}

/// The part of a file a rule looks at: the whole file, or some of its regions, each made
/// of whole blocks.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Within<'a>(Option<&'a [TextRange]>);

impl<'a> Within<'a> {
    /// Whether `range` lies in the part looked at.
    pub fn contains(self, range: TextRange) -> bool {
        self.0.is_none_or(|regions| {
            regions
                .iter()
                .any(|region| region.start <= range.start && range.end <= region.end)
        })
    }

    /// The regions looked at, the whole file as one.
    pub fn regions(self) -> &'a [TextRange] {
        const ALL: &[TextRange] = &[TextRange {
            start: 0,
            end: u32::MAX,
        }];
        self.0.unwrap_or(ALL)
    }

    /// The claims of `model` in the part looked at, in document order.
    pub fn claims(self, model: &'a FileModel) -> impl Iterator<Item = &'a Claim> + 'a {
        model.claims_in(self.regions())
    }

    /// The references of `model` in the part looked at, in document order.
    pub fn references(self, model: &'a FileModel) -> impl Iterator<Item = &'a Reference> + 'a {
        self.regions()
            .iter()
            .flat_map(move |&region| model.references_starting_in(region))
            .map(|(_, reference)| reference)
    }
}

impl<'a> Ctx<'a> {
    fn new(
        ws: &'a Workspace,
        file_id: FileId,
        file: &'a SourceFile,
        config: &'a Config,
        rule: Rule,
        capacity: usize,
    ) -> Ctx<'a> {
        Ctx {
            ws,
            file_id,
            file,
            config,
            within: Within::default(),
            out: Vec::with_capacity(capacity),
            rule,
        }
    }

    pub fn report(&mut self, range: TextRange, message: String) -> &mut Diagnostic {
        self.report_shared(range, message.into())
    }

    /// [`Ctx::report`] with a message shared by many findings (the same unknown id named
    /// thousands of times), made once.
    pub fn report_shared(&mut self, range: TextRange, message: Arc<str>) -> &mut Diagnostic {
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
    check_file_since(ws, file_id, config, None)
}

/// [`check_file`] with the rules run side by side on the threads of the current rayon
/// pool and the calling thread: what `claimdown check` does for a large file, whose rules
/// would otherwise keep one core busy after every piece of it was parsed on all of them.
/// The result is the same list: each rule's findings in its own order, sorted as
/// [`check_file`] sorts them.
///
/// Each thread takes the next rule from a shared counter, the slowest first, so that the
/// thread that comes last (woken from sleep, about 0.4 ms on a virtual machine, or still
/// checking another file) finds short ones left to share, not a long one. The calling
/// thread takes rules too: `claimdown check` calls this from its main thread, which has
/// just indexed the file and is running, while the pool's threads were idle.
pub fn check_file_parallel(ws: &Workspace, file_id: FileId, config: &Config) -> Vec<Diagnostic> {
    let Some(file) = ws.file(file_id) else {
        return Vec::new();
    };
    let next = AtomicUsize::new(0);
    let found: Vec<Mutex<Vec<Diagnostic>>> =
        SLOWEST_FIRST.iter().map(|_| Mutex::default()).collect();
    let take = || loop {
        let k = next.fetch_add(1, Ordering::Relaxed);
        let (Some(&rule), Some(slot)) = (SLOWEST_FIRST.get(k), found.get(k)) else {
            return;
        };
        let Some(severity) = config.severity(rule) else {
            continue;
        };
        let mut ctx = Ctx::new(ws, file_id, file, config, rule, 0);
        rule.run(&mut ctx);
        for diagnostic in &mut ctx.out {
            diagnostic.severity = severity;
        }
        *slot.lock().unwrap_or_else(PoisonError::into_inner) = ctx.out;
    };
    rayon::in_place_scope(|scope| {
        for _ in 0..rayon::current_num_threads() {
            scope.spawn(|_| take());
        }
        take();
    });
    let found: Vec<Vec<Diagnostic>> = found
        .into_iter()
        .map(|slot| slot.into_inner().unwrap_or_else(PoisonError::into_inner))
        .collect();
    sorted(found.concat())
}

/// Every rule, slowest first, as timed rule by rule in `claimdown check` of the 1 MB bench
/// article with its registry (docs/benchmarks.md, "One big file on both cores"); an order
/// only, which a test keeps complete.
const SLOWEST_FIRST: [Rule; Rule::ALL.len()] = [
    Rule::VagueAttribution,
    Rule::RebuttalCycle,
    Rule::UnannotatedQuote,
    Rule::InvalidField,
    Rule::DuplicateId,
    Rule::UnsupportedVerdict,
    Rule::UndefinedActor,
    Rule::UndefinedClaim,
    Rule::SelfRebuttal,
    Rule::UndefinedSource,
    Rule::UnattributedClaim,
    Rule::UnusedDefinition,
    Rule::SyntaxError,
];

/// Diagnostics in the order every check gives them: by position, then by rule.
fn sorted(mut found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    found.sort_by_key(|d| (d.range.start, d.range.end, d.rule));
    found
}

#[cfg(test)]
mod tests;
