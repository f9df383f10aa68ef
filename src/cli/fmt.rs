//! `claimdown fmt [--check] PATH…`: formats files in place, or reports (with a diff) the
//! files that would change. `-` formats standard input to standard output.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::{atomic, check, files, FmtArgs};
use crate::config::{Config, ProjectFinder};
use crate::format::{format, Formatted};
use crate::text::LineIndex;

pub(crate) fn run(args: &FmtArgs) -> ExitCode {
    let explicit = match args
        .config
        .as_deref()
        .map(|path| check::load_config(Some(path), &[]))
    {
        Some(Ok((config, _))) => Some(config),
        Some(Err(err)) => return config_error(&err),
        None => None,
    };
    let mut configs = Configs {
        explicit,
        finder: ProjectFinder::default(),
        loaded: Vec::new(),
    };
    let mut run = Run::default();
    for path in &args.paths {
        if files::is_stdin(path) {
            run.stdin(args, &mut configs);
            continue;
        }
        let canonical = match path.canonicalize() {
            Ok(canonical) => canonical,
            Err(err) => {
                run.error(format!("{}: {err}", path.display()));
                continue;
            }
        };
        if canonical.is_dir() {
            let config = match configs.for_path(&canonical) {
                Ok(config) => config,
                Err(code) => return code,
            };
            let mut found = Vec::new();
            let mut errors = Vec::new();
            files::walk(&canonical, path, &config, &mut found, &mut errors);
            for error in errors {
                run.error(error);
            }
            for candidate in found {
                run.file(
                    &candidate.display,
                    &candidate.canonical,
                    args.check,
                    &mut configs,
                );
            }
        } else {
            run.file(path, &canonical, args.check, &mut configs);
        }
    }
    run.finish(args.check)
}

fn config_error(err: &crate::config::ConfigError) -> ExitCode {
    for line in err.to_string().lines() {
        eprintln!("error: {line}");
    }
    ExitCode::from(2)
}

/// The configuration of each file: `--config`, else its project's `claimdown.toml`.
struct Configs {
    explicit: Option<Config>,
    finder: ProjectFinder,
    loaded: Vec<Config>,
}

impl Configs {
    fn for_path(&mut self, path: &Path) -> Result<Config, ExitCode> {
        if let Some(config) = &self.explicit {
            return Ok(config.clone());
        }
        let dir = if path.is_dir() {
            path
        } else {
            path.parent().unwrap_or(path)
        };
        let Some(root) = self.finder.nearest(dir) else {
            return Ok(Config::default_for(dir.to_path_buf()));
        };
        if let Some(config) = self.loaded.iter().find(|config| config.root == root) {
            return Ok(config.clone());
        }
        let config = Config::load(&root).map_err(|err| config_error(&err))?;
        self.loaded.push(config.clone());
        Ok(config)
    }
}

#[derive(Default)]
struct Run {
    changed: usize,
    unchanged: usize,
    /// I/O failures and files not formatted for safety: exit code 2.
    failed: bool,
}

impl Run {
    fn error(&mut self, message: String) {
        eprintln!("error: {message}");
        self.failed = true;
    }

    fn stdin(&mut self, args: &FmtArgs, configs: &mut Configs) {
        let stdin = match files::Stdin::read(args.stdin_filename.as_deref()) {
            Ok(stdin) => stdin,
            Err(err) => return self.error(format!("cannot read standard input: {err}")),
        };
        let Ok(text) = String::from_utf8(stdin.bytes) else {
            return self.error(format!("{}: it is not UTF-8 text", stdin.display.display()));
        };
        let Ok(config) = configs.for_path(&stdin.canonical) else {
            self.failed = true;
            return;
        };
        let formatted = format(&text, &config.format);
        self.report(&stdin.display, &text, &formatted);
        let mut out = std::io::stdout().lock();
        let written = if args.check {
            if formatted.text != text {
                self.changed += 1;
                out.write_all(diff(&stdin.display, &text, &formatted.text).as_bytes())
            } else {
                self.unchanged += 1;
                Ok(())
            }
        } else {
            out.write_all(formatted.text.as_bytes())
        };

        if let Err(err) = written.and_then(|()| out.flush()) {
            if err.kind() != std::io::ErrorKind::BrokenPipe {
                self.error(format!("cannot write to standard output: {err}"));
            }
        }
    }

    fn file(&mut self, display: &Path, canonical: &Path, check: bool, configs: &mut Configs) {
        let Ok(config) = configs.for_path(canonical) else {
            self.failed = true;
            return;
        };
        let bytes = match crate::workspace::read_source(canonical, config.max_file_size()) {
            Ok(bytes) => bytes,
            Err(err) => return self.error(format!("{}: {err}", display.display())),
        };
        let Ok(text) = String::from_utf8(bytes) else {
            return self.error(format!(
                "{}: it is not UTF-8 text; left as it is",
                display.display()
            ));
        };
        let formatted = format(&text, &config.format);
        self.report(display, &text, &formatted);
        if formatted.text == text {
            self.unchanged += 1;
            return;
        }
        self.changed += 1;
        if check {
            print!("{}", diff(display, &text, &formatted.text));
        } else if let Err(err) = atomic::write_atomically(canonical, formatted.text.as_bytes()) {
            self.error(format!("{}: cannot write: {err}", display.display()));
        }
    }

    /// Says which blocks were left as written, and refuses loudly.
    fn report(&mut self, display: &Path, text: &str, formatted: &Formatted) {
        if formatted.refused {
            self.error(format!(
                "{}: left as it is: formatting would have changed what it means (a bug in claimdown fmt; please report it)",
                display.display()
            ));
        }
        let index = LineIndex::new(text);
        for skipped in &formatted.skipped {
            let at = index.line_col(text, skipped.start as usize, crate::text::Encoding::Chars);
            eprintln!(
                "warning: {}:{}:{}: a block with a syntax error is left as written (see `claimdown check`)",
                display.display(),
                at.line + 1,
                at.col + 1
            );
        }
    }

    fn finish(&self, check: bool) -> ExitCode {
        let files = |n: usize| {
            if n == 1 {
                "1 file".to_owned()
            } else {
                format!("{n} files")
            }
        };
        let summary = match (check, self.changed) {
            (true, 0) => format!("{} already formatted", files(self.unchanged)),
            (true, n) => format!(
                "{} would be formatted, {} already formatted",
                files(n),
                self.unchanged
            ),
            (false, n) => format!("{} formatted, {} unchanged", files(n), self.unchanged),
        };
        // `fmt -` alone is a filter: its output is the text, nothing else.
        if self.changed + self.unchanged > 0 {
            eprintln!("{summary}");
        }
        if self.failed {
            ExitCode::from(2)
        } else if check && self.changed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// A unified diff of a file's text and its formatted text.
fn diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    // A deadline bounds the time on huge files (the diff is then less minimal, still right).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(2);
    similar::TextDiff::configure()
        .deadline(deadline)
        .diff_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&name, &name)
        .to_string()
}
