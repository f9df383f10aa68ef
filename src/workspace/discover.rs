//! Finding the `.cdown` files of a folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::Config;

/// The `.cdown` files under `dir`, sorted by name, skipping hidden folders, `node_modules`,
/// `target` and what the configuration excludes. Unreadable entries are reported in
/// `errors` and skipped.
///
/// Symbolic links are followed when they lead to a file or folder inside the project (the
/// configuration's root, or `dir` when it lies outside it), never out of it; a loop is not
/// walked twice, and a file reached by two paths is listed once.
pub fn cdown_files(dir: &Path, config: &Config, errors: &mut Vec<String>) -> Vec<PathBuf> {
    cdown_files_canonical(dir, config, errors)
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// [`cdown_files`], each with its canonical path. A path with no link on the way from `dir`
/// is `dir`'s canonical path joined with the rest, without asking the system again: at
/// 20,000 files, `realpath` twice per file was a serial 3% of `claimdown check` (issue 16).
pub fn cdown_files_canonical(
    dir: &Path,
    config: &Config,
    errors: &mut Vec<String>,
) -> Vec<(PathBuf, PathBuf)> {
    let canonical_dir = dir.canonicalize().ok();
    let inside = project_folder(dir, config);
    // The links followed so far: what lies under one is canonicalized by the system.
    let links = std::cell::RefCell::new(Vec::<PathBuf>::new());
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            if entry.depth() == 0 {
                return true;
            }
            if entry.file_type().is_dir()
                && (name.starts_with('.') || name == "node_modules" || name == "target")
            {
                return false;
            }
            // Only a link can lead out; what lies under a followed folder stays inside it.
            if !entry.path_is_symlink() {
                return true;
            }
            links.borrow_mut().push(entry.path().to_path_buf());
            entry.path().canonicalize().is_ok_and(|target| {
                inside
                    .as_ref()
                    .is_some_and(|inside| target.starts_with(inside))
            })
        });
    let mut seen = HashSet::new();
    let mut res = Vec::new();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // A link back to a folder being walked is skipped: its files are listed already.
            Err(err) if err.loop_ancestor().is_some() => continue,
            // A dangling link, or one to itself, was skipped before links were followed.
            Err(err) if err.path().is_some_and(is_link) => continue,
            Err(err) => {
                errors.push(format!("{}: {err}", dir.display()));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|ext| ext != "cdown") {
            continue;
        }
        let under_link = links.borrow().iter().any(|link| path.starts_with(link));
        let joined = match (&canonical_dir, path.strip_prefix(dir)) {
            (Some(canonical_dir), Ok(rest)) if !under_link => Some(canonical_dir.join(rest)),
            _ => None,
        };
        let absolute = joined
            .or_else(|| path.canonicalize().ok())
            .unwrap_or_else(|| path.to_path_buf());
        if config.is_excluded(&absolute) || !seen.insert(absolute.clone()) {
            continue;
        }
        res.push((path.to_path_buf(), absolute));
    }
    res
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
}

/// The folder that links may lead into: the project root when `dir` is inside it.
fn project_folder(dir: &Path, config: &Config) -> Option<PathBuf> {
    let dir = dir.canonicalize().ok()?;
    match config.root.canonicalize() {
        Ok(root) if dir.starts_with(&root) => Some(root),
        _ => Some(dir),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(dir: &Path) -> Vec<String> {
        let config = Config::default_for(dir.to_path_buf());
        let mut errors = Vec::new();
        let files = cdown_files(dir, &config, &mut errors);
        assert!(errors.is_empty(), "{errors:?}");
        files
            .iter()
            .map(|path| {
                let relative = path.strip_prefix(dir).unwrap_or(path);
                relative.to_string_lossy().into_owned()
            })
            .collect()
    }

    #[test]
    fn links_are_followed_inside_the_project_only() {
        let base = std::env::temp_dir().join(format!("claimdown-links-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let project = base.join("project");
        let made = std::fs::create_dir_all(project.join("articles"))
            .and_then(|()| std::fs::create_dir_all(base.join("outside")))
            .and_then(|()| std::fs::write(project.join("registry.txt"), "[@a]: A\n"))
            .and_then(|()| std::fs::write(project.join("articles/a.cdown"), ""))
            .and_then(|()| std::fs::write(base.join("outside/secret.cdown"), ""))
            // Inside: a file and a folder, each reached by a second path.
            .and_then(|()| symlink(project.join("registry.txt"), project.join("actors.cdown")))
            .and_then(|()| symlink(project.join("articles"), project.join("mirror")))
            // Outside: a file and a folder.
            .and_then(|()| symlink(base.join("outside/secret.cdown"), project.join("s.cdown")))
            .and_then(|()| symlink(base.join("outside"), project.join("out")))
            // Loops: a folder linking to its parent, and a link to itself.
            .and_then(|()| symlink(&project, project.join("articles/up")))
            .and_then(|()| symlink(project.join("self.cdown"), project.join("self.cdown")))
            .and_then(|()| symlink(project.join("gone"), project.join("dangling.cdown")));
        if let Err(err) = made {
            panic!("{err}");
        }
        assert_eq!(names(&project), ["actors.cdown", "articles/a.cdown"]);
        // The canonical paths are the system's, joined or asked for.
        let config = Config::default_for(project.clone());
        let found = cdown_files_canonical(&project.join("articles/../."), &config, &mut Vec::new());
        assert_eq!(found.len(), 2);
        for (path, canonical) in found {
            assert_eq!(Some(canonical), path.canonicalize().ok());
        }
    }
}
