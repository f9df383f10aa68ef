//! `claimdown export --format FORMAT PATH…`

use std::collections::HashMap;
use std::io::{self, Write};
use std::process::ExitCode;

use rayon::prelude::*;

use super::check::prepare_and_load;
use super::{atomic, files, output, ExportArgs, ExportFormat};
use crate::export::{self, Format, Input};
use crate::rules::{check_file, coverage, Severity};

pub(crate) fn run(args: &ExportArgs) -> ExitCode {
    let (loaded, config) = match prepare_and_load(
        &args.paths,
        args.stdin_filename.as_deref(),
        args.config.as_deref(),
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if let Some(output) = args
        .output
        .as_deref()
        .filter(|output| atomic::is_one_of(output, &loaded.inputs))
    {
        eprintln!(
            "error: the output {} is one of the files read; writing it would replace it with its export",
            output.display()
        );
        return ExitCode::from(2);
    }
    for error in &loaded.io_errors {
        eprintln!("error: {error}");
    }
    if !loaded.io_errors.is_empty() {
        return ExitCode::from(2);
    }
    // Errors are reported, warnings are not: they do not make the export less true. The
    // coverage figures count what the rules find, as configured.
    let (errors, coverage): (Vec<_>, HashMap<_, _>) = loaded
        .checked
        .par_iter()
        .map(|&file| {
            let mut diagnostics = check_file(&loaded.ws, file, loaded.config_for(file, &config));
            let figures = coverage(&loaded.ws, file, &diagnostics);
            diagnostics.retain(|diagnostic| diagnostic.severity == Severity::Error);
            ((file, diagnostics), (file, figures))
        })
        .unzip();
    let n_errors: usize = errors
        .iter()
        .map(|(_, diagnostics)| diagnostics.len())
        .sum();
    if n_errors > 0 {
        let report = output::Report {
            ws: &loaded.ws,
            results: &errors,
            n_checked: loaded.checked.len(),
            n_unreadable: 0,
        };
        let stderr = io::stderr();
        let mut err = stderr.lock();
        let _ = output::human_to(
            &mut err,
            &report,
            output::use_color_stderr(),
            output::show_source_stderr(args.source),
            false,
        );
        let plural = if n_errors == 1 { "" } else { "s" };
        let _ = if args.strict {
            writeln!(
                err,
                "error: {n_errors} error{plural} found; nothing exported (--strict)"
            )
        } else {
            writeln!(
                err,
                "warning: {n_errors} error{plural} found; exported what is valid"
            )
        };
        if args.strict {
            return ExitCode::from(1);
        }
    }
    let cwd = std::env::current_dir().unwrap_or_default();
    let input = Input {
        ws: &loaded.ws,
        files: &loaded.checked,
        cwd: &cwd,
        coverage: Some(&coverage),
    };
    let Some(format) = format(args.format) else {
        return html(args, &loaded, &config, &input);
    };
    let text = export::export(format, &input);
    finish(write_out(args, &text))
}

/// Writes an export to `-o FILE` or standard output.
fn write_out(args: &ExportArgs, text: &str) -> Result<(), String> {
    match &args.output {
        Some(path) => atomic::write_atomically(path, text.as_bytes())
            .map_err(|err| format!("cannot write {}: {err}", path.display())),
        None => {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`claimdown export … | head`) is not worth a failure.
                Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                Err(err) => Err(format!("cannot write the export: {err}")),
            }
        }
    }
}

/// `--format html`: one article's page, or with several the site in the folder `-o DIR`.
/// Pages show every diagnostic, warnings too, in their banner.
fn html(
    args: &ExportArgs,
    loaded: &files::Loaded,
    config: &crate::config::Config,
    input: &Input<'_>,
) -> ExitCode {
    let diagnostics: Vec<_> = loaded
        .checked
        .par_iter()
        .map(|&file| {
            (
                file,
                check_file(&loaded.ws, file, loaded.config_for(file, config)),
            )
        })
        .collect();
    if let [file] = loaded.checked[..] {
        let page = export::html::page(input, file, &diagnostics[0].1);
        return finish(write_out(args, &page));
    }
    let Some(dir) = &args.output else {
        eprintln!("error: the html of several files is a site: name its folder with -o DIR");
        return ExitCode::from(2);
    };
    for page in export::html::site(input, &diagnostics) {
        let path = dir.join(&page.path);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| atomic::write_atomically(&path, page.html.as_bytes()));
        if let Err(err) = written {
            eprintln!("error: cannot write {}: {err}", path.display());
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn finish(written: Result<(), String>) -> ExitCode {
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The format of a single text; `None` for `html`, written page by page.
fn format(format: ExportFormat) -> Option<Format> {
    Some(match format {
        ExportFormat::Json => Format::Json,
        ExportFormat::Claimreview => Format::ClaimReview,
        ExportFormat::Webannotation => Format::WebAnnotation,
        ExportFormat::Dot => Format::Dot,
        ExportFormat::Mermaid => Format::Mermaid,
        ExportFormat::Html => return None,
    })
}
