//! `claimdown check PATH…`

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use super::{files, github, json, output, sarif, CheckArgs, Deny};
use crate::config::{Config, ConfigError};
use crate::rules::{check_file, check_file_parallel, Diagnostic, Severity};
use crate::workspace::FileId;

/// A file this large has its rules run side by side (they take a few milliseconds a
/// megabyte, on one core otherwise, after the pieces of the file were parsed on all).
const PARALLEL_RULES_FROM: usize = 256 * 1024;

pub(crate) fn run(args: &CheckArgs) -> ExitCode {
    // The pool's threads start now and make their parsers, while the files are found and
    // read, not when the first large file is cut into pieces: that took up to 3 ms there.
    rayon::spawn_broadcast(|_| crate::syntax::with_parser(|_| ()));
    if args.fix {
        if args.paths.iter().any(|path| files::is_stdin(path)) {
            eprintln!("error: --fix writes files in place and cannot fix standard input");
            return ExitCode::from(2);
        }
        if let Err(code) = fix(args) {
            return code;
        }
    }
    let (stdin, config, use_root) = match prepare(
        &args.paths,
        args.stdin_filename.as_deref(),
        args.config.as_deref(),
    ) {
        Ok(prepared) => prepared,
        Err(code) => return code,
    };
    let paths = if args.force_exclude {
        without_excluded(&args.paths, args.stdin_filename.as_deref(), &config)
    } else {
        args.paths.clone()
    };
    let loaded = files::load(&paths, stdin.as_ref(), &config, use_root);
    let results = check_files(&loaded, &config);
    for error in &loaded.io_errors {
        eprintln!("error: {error}");
    }
    let report = output::Report {
        ws: &loaded.ws,
        results: &results,
        n_checked: loaded.checked.len(),
        n_unreadable: loaded.io_errors.len(),
    };
    let printed = match args.format {
        super::Format::Human => output::human(
            &report,
            output::use_color(args.color),
            output::show_source(args.source),
            !args.quiet,
        ),
        super::Format::Json => json::write(&report),
        super::Format::Sarif => sarif::write(&report, &config),
        super::Format::Github => github::write(&report),
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
    let deny_warnings = args.deny.contains(&Deny::Warnings);
    let fails = |severity: Severity| {
        severity == Severity::Error || (deny_warnings && severity == Severity::Warning)
    };
    let has_error = results
        .iter()
        .flat_map(|(_, diagnostics)| diagnostics)
        .any(|d| fails(d.severity));
    // Freeing every file's model and diagnostics one allocation at a time is a serial
    // 2% of the work at 20,000 files (issue 16), and the process ends here: what the
    // system takes back at exit is not freed.
    std::mem::forget(results);
    std::mem::forget(loaded);
    if has_error {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Every checked file's diagnostics, in the order of `loaded.checked`. The small files are
/// checked on the pool, one file per task; a large file's rules are shared by the pool and
/// this thread (see [`check_file_parallel`]), which has just put the files into the
/// workspace and is running, where the pool's threads have been idle since the last
/// piece and take a while to wake.
fn check_files(loaded: &files::Loaded, config: &Config) -> Vec<(FileId, Vec<Diagnostic>)> {
    let ws = &loaded.ws;
    // Each file with its place in the list.
    let (large, small): (Vec<_>, Vec<_>) =
        loaded
            .checked
            .iter()
            .copied()
            .enumerate()
            .partition(|&(_, file)| {
                ws.file_text(file)
                    .is_some_and(|source| source.text.len() >= PARALLEL_RULES_FROM)
            });
    let mut small_found = Vec::new();
    let mut large_found = Vec::new();
    rayon::in_place_scope(|scope| {
        scope.spawn(|_| {
            small_found = small
                .par_iter()
                .map(|&(at, file)| {
                    (
                        at,
                        file,
                        check_file(ws, file, loaded.config_for(file, config)),
                    )
                })
                .collect();
        });
        large_found = large
            .iter()
            .map(|&(at, file)| {
                let found = check_file_parallel(ws, file, loaded.config_for(file, config));
                (at, file, found)
            })
            .collect();
    });
    let mut all: Vec<(usize, FileId, Vec<Diagnostic>)> = small_found;
    all.extend(large_found);
    all.sort_unstable_by_key(|&(at, _, _)| at);
    all.into_iter()
        .map(|(_, file, found)| (file, found))
        .collect()
}

/// `--fix`: applies the fixes of a fix-all to every checked file and says what changed,
/// one line per fix on standard error, before the check reports what is left.
fn fix(args: &CheckArgs) -> Result<(), ExitCode> {
    let (_, config, use_root) = prepare(&args.paths, None, args.config.as_deref())?;
    let paths = if args.force_exclude {
        without_excluded(&args.paths, None, &config)
    } else {
        args.paths.clone()
    };
    let loaded = files::load(&paths, None, &config, use_root);
    let fixed: Vec<(FileId, String, Vec<Diagnostic>)> = loaded
        .checked
        .par_iter()
        .filter_map(|&id| {
            let file = loaded.ws.file(id)?;
            let diagnostics = check_file(&loaded.ws, id, loaded.config_for(id, &config));
            let chosen = crate::ide::fix_all(&diagnostics);
            if chosen.is_empty() {
                return None;
            }
            let edits: Vec<crate::ide::TextEdit> = chosen
                .iter()
                .filter_map(|&idx| {
                    let fix = diagnostics[idx].fix.as_ref()?;
                    Some(crate::ide::TextEdit {
                        range: fix.range,
                        new_text: fix.replacement.to_string(),
                    })
                })
                .collect();
            let text = crate::ide::apply_edits(&file.text, &edits);
            let applied = chosen.iter().map(|&idx| diagnostics[idx].clone()).collect();
            Some((id, text, applied))
        })
        .collect();
    let mut failed = false;
    for (id, text, applied) in fixed {
        let (Some(file), Some(path)) = (loaded.ws.file(id), loaded.on_disk.get(&id)) else {
            continue;
        };
        if let Err(err) = super::atomic::write_atomically(path, text.as_bytes()) {
            eprintln!("error: {}: cannot write: {err}", file.path.display());
            failed = true;
            continue;
        }
        for d in applied {
            let at = file.position(d.range.start);
            let title = d
                .fix
                .map(|fix| crate::ide::plain_message(&fix.title))
                .unwrap_or_default();
            eprintln!(
                "fixed {}:{}:{}: [{}] {title}",
                file.path.display(),
                at.line,
                at.column,
                d.rule
            );
        }
    }
    if failed {
        return Err(ExitCode::from(2));
    }
    Ok(())
}

/// The paths without the files that the configuration excludes (`--force-exclude`).
fn without_excluded(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    config: &Config,
) -> Vec<PathBuf> {
    let excluded = |path: &Path| match path.canonicalize().or_else(|_| std::path::absolute(path)) {
        Ok(canonical) => !canonical.is_dir() && config.is_excluded(&canonical),
        Err(_) => false,
    };
    paths
        .iter()
        .filter(|path| match (files::is_stdin(path), stdin_filename) {
            (true, Some(name)) => !excluded(name),
            (true, None) => true,
            (false, _) => !excluded(path),
        })
        .cloned()
        .collect()
}

/// What `check` and `export` start from: standard input when a path is `-`, the
/// configuration, and whether it came from a `claimdown.toml`. Failures are reported here
/// and become exit code 2.
pub(crate) fn prepare(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    explicit_config: Option<&Path>,
) -> Result<(Option<files::Stdin>, Config, bool), ExitCode> {
    let stdin = match read_stdin(paths, stdin_filename) {
        Ok(stdin) => stdin,
        Err(err) => {
            eprintln!("error: cannot read standard input: {err}");
            return Err(ExitCode::from(2));
        }
    };
    match load_config(explicit_config, &config_start(paths, stdin_filename)) {
        Ok((config, use_root)) => Ok((stdin, config, use_root)),
        Err(err) => {
            // One `error:` line per mistake in the file.
            for line in err.to_string().lines() {
                eprintln!("error: {line}");
            }
            Err(ExitCode::from(2))
        }
    }
}

/// [`prepare`], then the files of `paths` (and standard input) read and analysed, with
/// the configuration they were read with.
pub(crate) fn prepare_and_load(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    explicit_config: Option<&Path>,
) -> Result<(files::Loaded, Config), ExitCode> {
    let (stdin, config, use_root) = prepare(paths, stdin_filename, explicit_config)?;
    let loaded = files::load(paths, stdin.as_ref(), &config, use_root);
    Ok((loaded, config))
}

/// Standard input, read when a path is `-`.
pub(crate) fn read_stdin(
    paths: &[PathBuf],
    name: Option<&Path>,
) -> std::io::Result<Option<files::Stdin>> {
    if !paths.iter().any(|path| files::is_stdin(path)) {
        return Ok(None);
    }
    files::Stdin::read(name).map(Some)
}

/// The paths to look for `claimdown.toml` from: `-` stands for `--stdin-filename` (or the
/// current folder).
pub(crate) fn config_start(paths: &[PathBuf], stdin_filename: Option<&Path>) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    paths
        .iter()
        .map(|path| match (files::is_stdin(path), stdin_filename) {
            (false, _) => path.clone(),
            (true, Some(name)) => cwd
                .join(name)
                .parent()
                .map_or_else(|| cwd.clone(), Path::to_path_buf),
            (true, None) => cwd.clone(),
        })
        .collect()
}

/// The configuration to use and whether it came from a `claimdown.toml` (whose folder is
/// then the workspace root).
pub(crate) fn load_config(
    explicit: Option<&Path>,
    paths: &[PathBuf],
) -> Result<(Config, bool), ConfigError> {
    if let Some(path) = explicit {
        return Ok((Config::load_file(path)?, true));
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let start = paths
        .first()
        .and_then(|path| path.canonicalize().ok())
        .unwrap_or_else(|| cwd.clone());
    match Config::find_root(&start) {
        Some(root) => Ok((Config::load(&root)?, true)),
        None => Ok((Config::default_for(cwd), false)),
    }
}
