//! Writing an output file whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a full
/// disk or a crash leaves the old file (or none), never a truncated one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temp = temp_path(path);
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temp)
        .and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// A name in the same folder (so that the rename stays on one file system) that no other
/// run uses.
fn temp_path(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut name = std::ffi::OsString::from(".");
    name.push(path.file_name().unwrap_or_default());
    name.push(format!(
        ".claimdown-{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    path.with_file_name(name)
}

/// Whether `output` is the same file as one of `inputs` (canonical paths): writing it
/// would replace an article with its export.
pub(crate) fn is_one_of(output: &Path, inputs: &[PathBuf]) -> bool {
    let canonical = output.canonicalize().ok().or_else(|| {
        // A file that does not exist yet is none of the inputs, unless its folder is
        // reached by another name: compare through the folder's canonical path.
        let parent = match output.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        Some(parent.canonicalize().ok()?.join(output.file_name()?))
    });
    canonical.is_some_and(|canonical| inputs.contains(&canonical))
}
