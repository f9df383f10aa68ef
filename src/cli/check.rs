//! `claimdown check PATH…`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use super::{files, output, CheckArgs};
use crate::config::{Config, ConfigError};
use crate::rules::{check_file, Severity};

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    let (config, use_root) = match load_config(args.config.as_deref(), &args.paths) {
        Ok(found) => found,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::from(2);
        }
    };
    let loaded = files::load(&args.paths, &config, use_root);
    let results: Vec<_> = loaded
        .checked
        .par_iter()
        .map(|&file| (file, check_file(&loaded.ws, file, &config)))
        .collect();
    for error in &loaded.io_errors {
        eprintln!("error: {error}");
    }
    let report = output::Report { ws: &loaded.ws, results: &results, n_checked: loaded.checked.len() };
    let printed = match args.format {
        super::Format::Human => output::human(&report, output::use_color(args.color)),
        super::Format::Json => output::json(&report),
    };
    if let Err(err) = printed {
        // A closed pipe (`claimdown check … | head`) is not worth a panic.
        if err.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {err}");
            return ExitCode::from(2);
        }
    }
    if !loaded.io_errors.is_empty() {
        return ExitCode::from(2);
    }
    let has_error = results.iter().flat_map(|(_, diagnostics)| diagnostics).any(|d| d.severity == Severity::Error);
    if has_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The configuration to use and whether it came from a `claimdown.toml` (whose folder is
/// then the workspace root).
pub(crate) fn load_config(explicit: Option<&Path>, paths: &[PathBuf]) -> Result<(Config, bool), ConfigError> {
    if let Some(path) = explicit {
        let text = std::fs::read_to_string(path).map_err(|err| ConfigError {
            path: path.to_path_buf(),
            line: None,
            message: format!("cannot be read: {err}"),
        })?;
        let root = path
            .canonicalize()
            .ok()
            .and_then(|path| path.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        return Ok((Config::parse(root, path, &text)?, true));
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let start = paths.first().and_then(|path| path.canonicalize().ok()).unwrap_or_else(|| cwd.clone());
    match Config::find_root(&start) {
        Some(root) => Ok((Config::load(&root)?, true)),
        None => Ok((Config::default_for(cwd), false)),
    }
}
