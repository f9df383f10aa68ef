//! Finding the files to check and the workspace they belong to, and reading them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::config::{Config, ProjectFinder};
use crate::workspace::{
    analyze_bytes, cdown_files_canonical, load_file, FileId, ProjectId, SourceFile, Workspace,
};

/// A file to read: the path to show (as the user gave it) and the path to open.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub display: PathBuf,
    pub canonical: PathBuf,
}

/// Text read from standard input (the path `-`), and the path it stands for.
pub(crate) struct Stdin {
    /// The path to report (`--stdin-filename`, or `-`).
    pub display: PathBuf,
    /// The file it replaces in the workspace, if any: the same path, made absolute.
    pub canonical: PathBuf,
    pub bytes: Vec<u8>,
}

impl Stdin {
    /// Reads standard input to its end.
    pub(crate) fn read(name: Option<&Path>) -> std::io::Result<Stdin> {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)?;
        let display = name.map_or_else(|| PathBuf::from("-"), Path::to_path_buf);
        let canonical = match name {
            Some(name) => name
                .canonicalize()
                .or_else(|_| std::path::absolute(name))
                .unwrap_or_else(|_| name.to_path_buf()),
            None => std::env::current_dir().unwrap_or_default().join("-"),
        };
        Ok(Stdin {
            display,
            canonical,
            bytes,
        })
    }
}

/// Whether a path on the command line means standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// What a `check` run analyses.
pub(crate) struct Loaded {
    pub ws: Workspace,
    /// The files to report on, in the order given (folders sorted by name).
    pub checked: Vec<FileId>,
    /// Paths that could not be found or read.
    pub io_errors: Vec<String>,
    /// The canonical path of every file read, checked or not.
    pub inputs: Vec<PathBuf>,
    /// Where each file read is on disk (files are known by the path shown).
    pub on_disk: HashMap<FileId, PathBuf>,
    /// The configuration of each project with a `claimdown.toml` of its own, other than
    /// the one the run started with.
    pub configs: HashMap<ProjectId, Config>,
}

impl Loaded {
    /// The configuration that applies to a file: its project's, else the run's.
    pub fn config_for<'a>(&'a self, file: FileId, run: &'a Config) -> &'a Config {
        self.configs.get(&self.ws.project(file)).unwrap_or(run)
    }
}

/// The project each checked file belongs to (LANGUAGE.md, "Definitions"): the nearest
/// folder above it holding a `claimdown.toml`, else the folder checked (a file's own
/// folder when a file is named).
struct Projects {
    finder: ProjectFinder,
    roots: Vec<PathBuf>,
    /// Roots that hold a `claimdown.toml`.
    configured: Vec<PathBuf>,
}

impl Projects {
    fn new() -> Projects {
        Projects {
            finder: ProjectFinder::default(),
            roots: Vec::new(),
            configured: Vec::new(),
        }
    }

    /// Files `file` (canonical), found by checking `checked` (a canonical folder).
    fn add(&mut self, file: &Path, checked: &Path) {
        let dir = file.parent().unwrap_or(checked);
        match self.finder.nearest(dir) {
            Some(root) => {
                if !self.configured.contains(&root) {
                    self.configured.push(root.clone());
                    self.roots.push(root);
                }
            }
            None => {
                if !self.roots.iter().any(|root| root == checked) {
                    self.roots.push(checked.to_path_buf());
                }
            }
        }
    }
}

/// The `.cdown` files under a folder, sorted, skipping hidden folders and build output.
pub(crate) fn walk(
    dir: &Path,
    display: &Path,
    config: &Config,
    out: &mut Vec<Candidate>,
    errors: &mut Vec<String>,
) {
    for (path, canonical) in cdown_files_canonical(dir, config, errors) {
        let relative = path.strip_prefix(dir).unwrap_or(&path);
        out.push(Candidate {
            display: display.join(relative),
            canonical,
        });
    }
}

/// Finds the files named on the command line, the workspace root, and the root's other
/// files (whose definitions the checked files may use), and analyses them all in parallel.
/// The path `-` stands for `stdin`, which replaces the file it names.
pub(crate) fn load(
    paths: &[PathBuf],
    stdin: Option<&Stdin>,
    config: &Config,
    use_root: bool,
) -> Loaded {
    let mut checked = Vec::new();
    let mut io_errors = Vec::new();
    let mut projects = Projects::new();
    for path in paths {
        if is_stdin(path) {
            if let Some(stdin) = stdin {
                if let Some(dir) = stdin.canonical.parent() {
                    projects.add(&stdin.canonical, dir);
                }
                checked.push(Candidate {
                    display: stdin.display.clone(),
                    canonical: stdin.canonical.clone(),
                });
            }
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let start = checked.len();
                walk(path, path, config, &mut checked, &mut io_errors);
                let folder = path.canonicalize().unwrap_or_else(|_| path.clone());
                for candidate in &checked[start..] {
                    projects.add(&candidate.canonical, &folder);
                }
            }
            Ok(_) => match path.canonicalize() {
                Ok(canonical) => {
                    if let Some(dir) = canonical.parent() {
                        projects.add(&canonical, dir);
                    }
                    checked.push(Candidate {
                        display: path.clone(),
                        canonical,
                    });
                }
                Err(err) => io_errors.push(format!("{}: {err}", path.display())),
            },
            Err(err) => io_errors.push(format!("{}: {}", path.display(), describe(&err))),
        }
    }
    let mut seen = HashSet::new();
    checked.retain(|candidate| seen.insert(candidate.canonical.clone()));

    // The other files of each project with a `claimdown.toml`: their definitions count.
    let mut context = Vec::new();
    let mut configs = HashMap::new();
    let mut project_configs = Vec::new();
    {
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut configured = projects.configured.clone();
        // The run's configuration (found from the first path, or `--config`) is a project.
        if use_root && !configured.contains(&config.root) {
            configured.push(config.root.clone());
            projects.roots.push(config.root.clone());
        }
        for root in configured {
            let own = if root == config.root {
                None
            } else {
                match Config::load(&root) {
                    Ok(own) => Some(own),
                    Err(err) => {
                        io_errors.push(err.to_string());
                        None
                    }
                }
            };
            let project_config = own.as_ref().unwrap_or(config);
            let display_root = root
                .strip_prefix(&cwd)
                .map_or(root.clone(), Path::to_path_buf);
            let mut found = Vec::new();
            walk(
                &root,
                &display_root,
                project_config,
                &mut found,
                &mut Vec::new(),
            );
            context.extend(
                found
                    .into_iter()
                    .filter(|candidate| seen.insert(candidate.canonical.clone())),
            );
            if let Some(own) = own {
                project_configs.push((root, own));
            }
        }
    }

    let n_checked = checked.len();
    let all: Vec<Candidate> = checked.into_iter().chain(context).collect();
    let inputs = all
        .iter()
        .map(|candidate| candidate.canonical.clone())
        .collect();
    let mut ws = Workspace::new();
    ws.set_project_roots(projects.roots.clone());
    let mut checked_ids = Vec::new();
    let mut on_disk = HashMap::new();
    // The files are indexed in order as they are analysed on the other cores.
    super::ordered::map_in_order(
        &all,
        |candidate| match stdin.filter(|stdin| stdin.canonical == candidate.canonical) {
            Some(stdin) => Ok(analyze_bytes(
                candidate.display.clone(),
                stdin.bytes.clone(),
            )),
            None => read(candidate, config.max_file_size()),
        },
        |idx, file: Result<SourceFile, String>| match file {
            Ok(file) => {
                // Files are known by the path shown; their project by where they are.
                let id = ws.set_file_at(file, &all[idx].canonical);
                on_disk.insert(id, all[idx].canonical.clone());
                if idx < n_checked {
                    checked_ids.push(id);
                }
            }
            Err(err) => io_errors.push(err),
        },
    );
    for (root, own) in project_configs {
        configs.insert(
            ws.project_of_path(&root.join(crate::config::CONFIG_FILE)),
            own,
        );
    }
    Loaded {
        ws,
        checked: checked_ids,
        io_errors,
        inputs,
        on_disk,
        configs,
    }
}

fn read(candidate: &Candidate, max_bytes: u64) -> Result<SourceFile, String> {
    load_file(candidate.display.clone(), &candidate.canonical, max_bytes)
        .map_err(|err| format!("{}: {err}", candidate.display.display()))
}

fn describe(err: &std::io::Error) -> String {
    match err.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => err.to_string(),
    }
}
