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
    // Whatever the parser could not read is reported: a tree with an error gives a
    // syntax error, and the model's (block by block) are the one-pass oracle's.
    let tree = claimdown::syntax::parse(&text);
    let oracle = claimdown::syntax::syntax_errors(&tree, &text);
    assert!(
        !tree.root_node().has_error() || !oracle.is_empty(),
        "a tree with an error and no syntax error: {text:?}"
    );
    let mut by_blocks: Vec<_> =
        claimdown::syntax::unclosed_front_matter(&text, file.model.front_matter.is_some())
            .into_iter()
            .collect();
    by_blocks.extend(file.model.syntax_errors.iter().cloned());
    assert_eq!(by_blocks, oracle, "{text:?}");
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
