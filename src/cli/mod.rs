//! The `claimdown` command line: `check`, `fmt`, `export`, `stats`, `lsp`, `rule`.

mod atomic;
mod check;
mod export;
mod files;
mod fmt;
mod github;
mod json;
mod ordered;
mod output;
mod sarif;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "claimdown",
    version,
    about = "Check and serve Claimdown annotated articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and folders (recursively, `.cdown` files) and report diagnostics.
    Check(CheckArgs),
    /// Format files and folders in place (`--check`: report what would change, with a
    /// diff); `-` formats standard input to standard output.
    Fmt(FmtArgs),
    /// Export files and folders as data (JSON, ClaimReview, Web Annotation) or as the
    /// argument graph (DOT, Mermaid).
    Export(ExportArgs),
    /// Show how much of each article is attributed: claims, quotes, rebuttals, the shares
    /// with a named actor and with a source, unannotated quotes, vague attributions.
    Stats(StatsArgs),
    /// Speak the Language Server Protocol over stdio.
    Lsp {
        /// Accepted for clients that pass it (such as vscode-languageclient): stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
    /// Show the documentation of a rule, or list the rules.
    Rule {
        /// The rule's name, such as `undefined-actor`; omit to list every rule.
        name: Option<String>,
    },
}

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Files and folders to check; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// When to show each diagnostic's source line underlined (human output): `auto` shows
    /// it on a terminal; piped output keeps one line per diagnostic.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    source: Color,
    /// Use this `claimdown.toml` instead of the nearest one above the first path.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Fail (exit 1) on diagnostics of this severity too: `--deny warnings`.
    #[arg(long, value_enum)]
    deny: Vec<Deny>,
    /// The path to report for text read from standard input (`-`); its folder is where
    /// the workspace root and `claimdown.toml` are looked for.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// Print the diagnostics only, without the summary line.
    #[arg(long, short)]
    quiet: bool,
    /// Apply every unambiguous fix (the ones editors offer as "fix all") to the files,
    /// say what changed on standard error, then report what is left.
    #[arg(long)]
    fix: bool,
    /// Leave out files named on the command line that `claimdown.toml` excludes, as a
    /// folder's walk does (for pre-commit, which names every changed file).
    #[arg(long)]
    force_exclude: bool,
}

#[derive(clap::Args)]
pub(crate) struct FmtArgs {
    /// Files and folders to format; `-` reads standard input and writes standard output.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Change nothing: print a diff of each file that would change, and exit 1 if any would.
    #[arg(long)]
    check: bool,
    /// Use this `claimdown.toml` instead of each file's nearest one.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The path standard input (`-`) stands for: its folder is where `claimdown.toml` is
    /// looked for.
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// `path:line:column: severity[rule]: message`, the source line underlined, a summary.
    Human,
    /// One JSON array of diagnostics.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (`::error file=…::…`), shown as annotations.
    Github,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Deny {
    /// Warnings fail the run like errors.
    Warnings,
}

#[derive(clap::Args)]
pub(crate) struct ExportArgs {
    /// Files and folders to export; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// What to write.
    #[arg(long, value_enum)]
    format: ExportFormat,
    /// Write to this file instead of standard output (for `html` of several files, the
    /// folder of the site).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Refuse to export (exit 1) when any file has an error-severity diagnostic.
    #[arg(long)]
    strict: bool,
    /// Use this `claimdown.toml` instead of the nearest one above the first path.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The path to report for text read from standard input (`-`).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
    /// When to show each reported error's source line underlined: `auto` shows it when
    /// standard error is a terminal, as `check` does for standard output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    source: Color,
}

#[derive(clap::Args)]
pub(crate) struct StatsArgs {
    /// Files and folders to measure; `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = StatsFormat::Human)]
    format: StatsFormat,
    /// Use this `claimdown.toml` instead of the nearest one above the first path.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The path to report for text read from standard input (`-`).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum StatsFormat {
    /// A table: one row per file, then the total.
    Human,
    /// One JSON object: `files` (one object per file) and `total`.
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ExportFormat {
    /// The full model: articles, actors, sources, claims with ranges and edges.
    Json,
    /// schema.org ClaimReview JSON-LD for claims with a verdict, one document per article.
    Claimreview,
    /// W3C Web Annotation JSON-LD, one annotation per claim.
    Webannotation,
    /// The argument graph in Graphviz DOT.
    Dot,
    /// The argument graph as a Mermaid flowchart.
    Mermaid,
    /// A page to read per article; several files make a site (`-o DIR`).
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Color {
    Auto,
    Always,
    Never,
}

/// Runs the command line; the exit code follows the contract: 0 clean, 1 errors found,
/// 2 usage or I/O failure.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return match err.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Stats(args) => stats::run(&args),
        Command::Lsp { stdio: _ } => crate::lsp::run_stdio(),
        Command::Rule { name } => rule(name.as_deref()),
    }
}

fn rule(name: Option<&str>) -> ExitCode {
    use crate::rules::Rule;
    let Some(name) = name else {
        for rule in Rule::ALL {
            println!(
                "{:<20} {:<8} {}",
                rule.name(),
                rule.default_severity().as_str(),
                rule.summary()
            );
        }
        return ExitCode::SUCCESS;
    };
    match Rule::from_name(name) {
        Some(rule) => {
            print!("{}", rule.documentation());
            ExitCode::SUCCESS
        }
        None => {
            let hint = crate::rules::nearest(name, Rule::ALL.map(Rule::name))
                .map(|near| format!("; did you mean `{near}`?"))
                .unwrap_or_default();
            eprintln!("error: unknown rule `{name}`{hint}");
            ExitCode::from(2)
        }
    }
}
