//! Running the real `claimdown` binary from the repository root.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `claimdown ARGS…` in the repository root.
pub fn claimdown(args: &[&str]) -> Run {
    claimdown_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, None)
}

/// Runs `claimdown ARGS…` in the repository root with this standard input.
pub fn claimdown_with_stdin(args: &[&str], stdin: &str) -> Run {
    claimdown_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, Some(stdin))
}

pub fn claimdown_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_claimdown"));
    command
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(err) => panic!("cannot run claimdown: {err}"),
    };
    if let Some(mut pipe) = child.stdin.take() {
        if let Some(text) = stdin {
            // A command that refuses its input (`check --fix -`) may exit before reading
            // it: then the pipe is closed, which is not the test's failure.
            match pipe.write_all(text.as_bytes()) {
                Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                    panic!("cannot write to claimdown's standard input: {err}")
                }
                _ => (),
            }
        }
    }
    let output: Output = match child.wait_with_output() {
        Ok(output) => output,
        Err(err) => panic!("claimdown did not finish: {err}"),
    };
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn json(text: &str) -> serde_json::Value {
    match serde_json::from_str(text) {
        Ok(value) => value,
        Err(err) => panic!("not JSON ({err}):\n{text}"),
    }
}

/// A fresh folder for one test, holding a `claimdown.toml` so that it is its own workspace.
pub fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("claimdown-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let write = |path: &Path, text: &str| {
        if let Err(err) = std::fs::create_dir_all(path.parent().unwrap_or(&dir))
            .and_then(|()| std::fs::write(path, text))
        {
            panic!("cannot write {}: {err}", path.display());
        }
    };
    write(&dir.join("claimdown.toml"), "");
    for (path, text) in files {
        write(&dir.join(path), text);
    }
    dir
}

/// Validates a JSON document against a JSON Schema file, formats included, and lists
/// every error.
pub fn validate(schema_path: &str, instance: &serde_json::Value) {
    let errors = schema_errors(schema_path, instance);
    assert!(
        errors.is_empty(),
        "invalid against {schema_path}:\n{}\n\n{instance:#}",
        errors.join("\n")
    );
}

/// What the schema at `schema_path` finds wrong with `instance`.
pub fn schema_errors(schema_path: &str, instance: &serde_json::Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(schema_path);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => panic!("cannot read {}: {err}", path.display()),
    };
    // The SARIF 2.1.0 schema writes a literal `]` unescaped in the pattern of
    // `language`, which ECMA-262 reads as a literal but the `regex` format check of the
    // meta-schema refuses. Escaping it changes nothing the pattern matches.
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#,
    );
    let schema = json(&text);
    let validator = match jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
    {
        Ok(validator) => validator,
        Err(err) => panic!("{schema_path} is not a valid schema: {err}"),
    };
    validator
        .iter_errors(instance)
        .map(|err| format!("{} at {}", err, err.instance_path()))
        .collect()
}
