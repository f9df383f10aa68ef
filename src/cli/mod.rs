//! The `claimdown` command line: `check`, `lsp`, `rule`.

mod check;
mod files;
mod output;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "claimdown", version, about = "Check and serve Claimdown annotated articles")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and folders (recursively, `.cdown` files) and report diagnostics.
    Check(CheckArgs),
    /// Speak the Language Server Protocol over stdio.
    Lsp,
    /// Show the documentation of a rule, or list the rules.
    Rule {
        /// The rule's name, such as `undefined-actor`; omit to list every rule.
        name: Option<String>,
    },
}

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Files and folders to check.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Use this `claimdown.toml` instead of the nearest one above the first path.
    #[arg(long)]
    config: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// `path:line:column: severity[rule]: message`, the source line underlined, a summary.
    Human,
    /// One JSON array of diagnostics.
    Json,
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
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => ExitCode::SUCCESS,
                _ => ExitCode::from(2),
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Lsp => crate::lsp::run_stdio(),
        Command::Rule { name } => rule(name.as_deref()),
    }
}

fn rule(name: Option<&str>) -> ExitCode {
    use crate::rules::Rule;
    let Some(name) = name else {
        for rule in Rule::ALL {
            println!("{:<20} {:<8} {}", rule.name(), rule.default_severity().as_str(), rule.summary());
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
