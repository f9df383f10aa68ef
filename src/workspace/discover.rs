//! Finding the `.cdown` files of a folder.

use std::path::{Path, PathBuf};

use crate::config::Config;

/// The `.cdown` files under `dir`, sorted by name, skipping hidden folders, `node_modules`,
/// `target` and what the configuration excludes. Unreadable entries are reported in
/// `errors` and skipped.
pub fn cdown_files(dir: &Path, config: &Config, errors: &mut Vec<String>) -> Vec<PathBuf> {
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            entry.depth() == 0
                || !(entry.file_type().is_dir()
                    && (name.starts_with('.') || name == "node_modules" || name == "target"))
        });
    let mut res = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                errors.push(format!("{}: {err}", dir.display()));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|ext| ext != "cdown") {
            continue;
        }
        let absolute = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        if config.is_excluded(&absolute) {
            continue;
        }
        res.push(path.to_path_buf());
    }
    res
}
