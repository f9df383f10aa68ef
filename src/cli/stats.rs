//! `claimdown stats PATH…`: how much of each article is attributed, and the total.

use std::io::{self, Write};
use std::process::ExitCode;

use rayon::prelude::*;
use serde::Serialize;

use super::check::prepare_and_load;
use super::{StatsArgs, StatsFormat};
use crate::export::CoverageFigures;
use crate::rules::{check_file, coverage, Coverage};

pub(crate) fn run(args: &StatsArgs) -> ExitCode {
    let (loaded, config) = match prepare_and_load(
        &args.paths,
        args.stdin_filename.as_deref(),
        args.config.as_deref(),
    ) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    for error in &loaded.io_errors {
        eprintln!("error: {error}");
    }
    let rows: Vec<(String, Coverage)> = loaded
        .checked
        .par_iter()
        .map(|&file| {
            let diagnostics = check_file(&loaded.ws, file, loaded.config_for(file, &config));
            let path = loaded
                .ws
                .file(file)
                .map(|source| source.path.display().to_string())
                .unwrap_or_default();
            (path, coverage(&loaded.ws, file, &diagnostics))
        })
        .collect();
    let mut total = Coverage::default();
    for (_, figures) in &rows {
        total.add(figures);
    }
    let text = match args.format {
        StatsFormat::Human => table(&rows, &total),
        StatsFormat::Json => {
            let report = Report {
                files: rows
                    .iter()
                    .map(|(file, figures)| FileFigures {
                        file,
                        figures: CoverageFigures::new(figures),
                    })
                    .collect(),
                total: CoverageFigures::new(&total),
            };
            // Serialising plain structs of numbers and strings cannot fail.
            format!(
                "{}\n",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            )
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    if let Err(err) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        if err.kind() != io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the figures: {err}");
            return ExitCode::from(2);
        }
    }
    if loaded.io_errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// `--format json`: the figures per file, the export's `coverage` with the file's name.
#[derive(Serialize)]
struct Report<'a> {
    files: Vec<FileFigures<'a>>,
    total: CoverageFigures<'a>,
}

#[derive(Serialize)]
struct FileFigures<'a> {
    file: &'a str,
    #[serde(flatten)]
    figures: CoverageFigures<'a>,
}

const HEADERS: [&str; 11] = [
    "file",
    "claims",
    "quotes",
    "rebuttals",
    "attributed",
    "sourced",
    "unannotated",
    "vague",
    "actors",
    "sources",
    "chain",
];

/// One row per file and the total, columns aligned (the file name by its width on screen).
fn table(rows: &[(String, Coverage)], total: &Coverage) -> String {
    let percent = |figures: &Coverage, part: usize| {
        figures
            .percent(part)
            .map_or_else(|| "-".to_owned(), |percent| format!("{percent}%"))
    };
    let cells = |name: &str, figures: &Coverage| -> Vec<String> {
        vec![
            name.to_owned(),
            figures.claims.to_string(),
            figures.quotes.to_string(),
            figures.rebuttals.to_string(),
            percent(figures, figures.attributed),
            percent(figures, figures.sourced),
            figures.unannotated_quotes.to_string(),
            figures.vague_attributions.to_string(),
            figures.actors.len().to_string(),
            figures.sources.len().to_string(),
            figures.deepest_rebuttal_chain.to_string(),
        ]
    };
    let mut lines: Vec<Vec<String>> = vec![HEADERS.iter().map(|h| (*h).to_owned()).collect()];
    lines.extend(rows.iter().map(|(path, figures)| cells(path, figures)));
    lines.push(cells("total", total));
    let width = |cell: &str| unicode_width::UnicodeWidthStr::width(cell);
    let widths: Vec<usize> = (0..HEADERS.len())
        .map(|col| {
            lines
                .iter()
                .map(|line| width(&line[col]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut res = String::new();
    for line in &lines {
        let mut row = String::new();
        for (col, cell) in line.iter().enumerate() {
            let pad = " ".repeat(widths[col] - width(cell));
            if col == 0 {
                row.push_str(cell);
                row.push_str(&pad);
            } else {
                row.push_str("  ");
                row.push_str(&pad);
                row.push_str(cell);
            }
        }
        res.push_str(row.trim_end());
        res.push('\n');
    }
    res
}
