//! The language server (see issue #3); a placeholder until the server lands.

use std::process::ExitCode;

pub fn run_stdio() -> ExitCode {
    eprintln!("error: `claimdown lsp` is not available in this build yet");
    ExitCode::from(2)
}
