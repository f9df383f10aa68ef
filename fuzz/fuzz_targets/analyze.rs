//! Arbitrary bytes, as read from disk, through the analysis and every rule; and the text's
//! positions, with its line breaks as they are and rewritten as `\n`, `\r\n` and `\r`.
#![no_main]

use std::path::PathBuf;

use claimdown::config::Config;
use claimdown::rules::check_file;
use claimdown::workspace::{analyze_bytes, Workspace};
use claimdown_fuzz::{check_diagnostics, check_model, check_positions, with_line_breaks};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = analyze_bytes(PathBuf::from("a.cdown"), data.to_vec());
    let text = file.text.clone();
    check_model(&text, &file.model);
    for error in file.syntax_errors() {
        claimdown_fuzz::check_range(&text, error.range, "syntax error");
    }
    let mut ws = Workspace::new();
    let id = ws.set_file(file);
    let diagnostics = check_file(&ws, id, &Config::default_for(PathBuf::from(".")));
    check_diagnostics(&ws, &text, &diagnostics);

    check_positions(&text);
    if text.contains(['\n', '\r']) {
        for newline in ["\n", "\r\n", "\r"] {
            check_positions(&with_line_breaks(&text, newline));
        }
    }
});
