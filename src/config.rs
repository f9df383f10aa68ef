//! `claimdown.toml`: per-rule severities and files to exclude. A bad file is an error that
//! names each mistake's key and line, never silently ignored.
//!
//! ```toml
//! exclude = ["drafts/**"]
//! max-file-size = "64MB"
//!
//! [rules]
//! unused-definition = "off"
//! unattributed-claim = "error"
//!
//! [format]
//! line-width = 100
//!
//! [registry]
//! actors = "actors.cdown"
//! sources = "sources.cdown"
//! ```

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::rules::{nearest, Rule, Severity};
use crate::workspace::{
    format_size, parse_size, ReadError, DEFAULT_MAX_FILE_SIZE, MAX_FILE_SIZE_CEILING,
};

pub const CONFIG_FILE: &str = "claimdown.toml";

/// A configuration is a few lines; a larger one is a mistake, not worth reading.
const CONFIG_MAX_SIZE: u64 = 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Config {
    /// The folder holding `claimdown.toml` (or the folder checked, without one).
    pub root: PathBuf,
    /// `None` turns a rule off.
    severities: HashMap<Rule, Option<Severity>>,
    exclude: GlobSet,
    exclude_patterns: Vec<String>,
    /// Larger files are not read (`max-file-size`).
    max_file_size: u64,
    /// `[format]`: how `claimdown fmt` and the editor's formatting write files.
    pub format: crate::format::FormatOptions,
    /// `[registry]`: the files, relative to the root, where quick fixes define a missing
    /// actor or source when they exist.
    pub registry: Registry,
}

/// The project's registry files (`[registry]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Registry {
    pub actors: PathBuf,
    pub sources: PathBuf,
}

impl Default for Registry {
    fn default() -> Registry {
        Registry {
            actors: PathBuf::from("actors.cdown"),
            sources: PathBuf::from("sources.cdown"),
        }
    }
}

/// The project of each folder asked about: the nearest folder at or above it holding a
/// `claimdown.toml`, looked up once per folder. The command line and the server both find
/// projects through it.
#[derive(Default)]
pub struct ProjectFinder {
    nearest: HashMap<PathBuf, Option<PathBuf>>,
}

impl ProjectFinder {
    pub fn nearest(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(found) = self.nearest.get(dir) {
            return found.clone();
        }
        let found = Config::find_root(dir);
        self.nearest.insert(dir.to_path_buf(), found.clone());
        found
    }

    /// Forgets what was found: a `claimdown.toml` appeared or went away.
    pub fn clear(&mut self) {
        self.nearest.clear();
    }
}

/// A `claimdown.toml` that cannot be used: each mistake, with where and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// In line order; never empty.
    pub problems: Vec<ConfigProblem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigProblem {
    pub line: Option<usize>,
    pub message: String,
}

impl ConfigError {
    pub fn new(path: PathBuf, line: Option<usize>, message: String) -> ConfigError {
        ConfigError {
            path,
            problems: vec![ConfigProblem { line, message }],
        }
    }
}

/// One line per mistake, `path:line: message`.
impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (idx, problem) in self.problems.iter().enumerate() {
            if idx > 0 {
                writeln!(f)?;
            }
            match problem.line {
                Some(line) => write!(f, "{}:{line}: {}", self.path.display(), problem.message)?,
                None => write!(f, "{}: {}", self.path.display(), problem.message)?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Every rule at its default severity, nothing excluded.
    pub fn default_for(root: PathBuf) -> Config {
        Config {
            root,
            severities: HashMap::new(),
            exclude: GlobSet::empty(),
            exclude_patterns: Vec::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            format: Default::default(),
            registry: Registry::default(),
        }
    }

    /// The severity of a rule, or `None` when it is off.
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        match self.severities.get(&rule) {
            Some(&severity) => severity,
            None => Some(rule.default_severity()),
        }
    }

    pub fn set_severity(&mut self, rule: Rule, severity: Option<Severity>) {
        self.severities.insert(rule, severity);
    }

    /// The size in bytes above which a file is skipped.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    pub fn set_max_file_size(&mut self, bytes: u64) {
        self.max_file_size = bytes.min(MAX_FILE_SIZE_CEILING);
    }

    pub fn exclude_patterns(&self) -> &[String] {
        &self.exclude_patterns
    }

    /// Whether a file is excluded; `path` may be absolute or relative to the root.
    pub fn is_excluded(&self, path: &Path) -> bool {
        if self.exclude_patterns.is_empty() {
            return false;
        }
        let relative = path.strip_prefix(&self.root).unwrap_or(path);
        self.exclude.is_match(relative)
    }

    /// Reads `claimdown.toml` from `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join(CONFIG_FILE);
        // Read as sources are, so that a FIFO or a device named claimdown.toml cannot hang.
        let read = crate::workspace::read_source(&path, CONFIG_MAX_SIZE).and_then(|bytes| {
            String::from_utf8(bytes).map_err(|_| {
                ReadError::Io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    "it is not UTF-8 text",
                ))
            })
        });
        match read {
            Ok(text) => Config::parse(root.to_path_buf(), &path, &text),
            Err(ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => {
                Ok(Config::default_for(root.to_path_buf()))
            }
            Err(err) => Err(ConfigError::new(
                path,
                None,
                format!("cannot be read: {err}"),
            )),
        }
    }

    /// The folder of the nearest `claimdown.toml` at or above `start`.
    pub fn find_root(start: &Path) -> Option<PathBuf> {
        let start = if start.is_file() {
            start.parent()?
        } else {
            start
        };
        start
            .ancestors()
            .find(|dir| dir.join(CONFIG_FILE).is_file())
            .map(Path::to_path_buf)
    }

    /// Parses `claimdown.toml`; every mistake in it is reported, in line order.
    pub fn parse(root: PathBuf, path: &Path, text: &str) -> Result<Config, ConfigError> {
        let at = |span: Option<std::ops::Range<usize>>| span.map(|span| line_of(text, span.start));
        let table: toml::Spanned<toml::Table> = match toml::from_str(text) {
            Ok(table) => table,
            Err(err) => {
                return Err(ConfigError::new(
                    path.to_path_buf(),
                    at(err.span()),
                    err.message().to_owned(),
                ))
            }
        };
        let mut config = Config::default_for(root);
        let spans = KeySpans::new(text);
        let mut problems = Vec::new();
        for (key, value) in table.get_ref() {
            let mut problem = |key: &str, message: String| {
                problems.push(ConfigProblem {
                    line: at(spans.find(key)),
                    message,
                });
            };
            match key.as_str() {
                "rules" => match value.as_table() {
                    Some(rules) => config.set_rules(rules, &mut problem),
                    None => problem(key, "`rules` must be a table: `[rules]`".to_owned()),
                },
                "exclude" => {
                    if let Err(message) = config.set_exclude(value) {
                        problem(key, message);
                    }
                }
                "max-file-size" => match max_file_size(value) {
                    Ok(size) => config.max_file_size = size,
                    Err(message) => problem(key, message),
                },
                "format" => config.set_format(value, &mut problem),
                "registry" => config.set_registry(value, &mut problem),
                _ => {
                    let keys = ["rules", "exclude", "max-file-size", "format", "registry"];
                    let hint = match nearest(key, keys) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "the keys are `exclude`, `max-file-size`, `[rules]`, `[format]` and `[registry]`".to_owned(),
                    };
                    problem(key, format!("unknown key `{key}`; {hint}"));
                }
            }
        }
        if problems.is_empty() {
            return Ok(config);
        }
        // The table's keys come sorted by name; people read the file from the top.
        problems.sort_by_key(|problem| problem.line);
        Err(ConfigError {
            path: path.to_path_buf(),
            problems,
        })
    }

    fn set_rules(&mut self, rules: &toml::Table, problem: &mut impl FnMut(&str, String)) {
        for (name, severity) in rules {
            let Some(rule) = Rule::from_name(name) else {
                let names = Rule::ALL.map(Rule::name);
                let hint = match nearest(name, names) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("the rules are {}", names.join(", ")),
                };
                problem(name, format!("unknown rule `{name}` in [rules]; {hint}"));
                continue;
            };
            let value = severity.as_str().unwrap_or("");
            match Severity::parse_setting(value) {
                Some(severity) => self.set_severity(rule, severity),
                None => problem(
                    name,
                    format!(
                        "rules.{name} = {severity}: expected \"error\", \"warning\", \"info\", \"hint\" or \"off\""
                    ),
                ),
            }
        }
    }

    fn set_format(&mut self, value: &toml::Value, problem: &mut impl FnMut(&str, String)) {
        let Some(table) = value.as_table() else {
            return problem("format", "`format` must be a table: `[format]`".to_owned());
        };
        for (key, value) in table {
            match (key.as_str(), value.as_integer()) {
                ("line-width", Some(width @ 20..=1000)) => {
                    self.format.line_width = width as usize;
                }
                ("line-width", _) => problem(
                    key,
                    format!(
                        "format.line-width = {value}: expected a number of columns from 20 to 1000"
                    ),
                ),
                _ => problem(
                    key,
                    format!("unknown key `{key}` in [format]; the key is `line-width`"),
                ),
            }
        }
    }

    fn set_registry(&mut self, value: &toml::Value, problem: &mut impl FnMut(&str, String)) {
        let Some(table) = value.as_table() else {
            return problem(
                "registry",
                "`registry` must be a table: `[registry]`".to_owned(),
            );
        };
        for (key, value) in table {
            let slot = match key.as_str() {
                "actors" => &mut self.registry.actors,
                "sources" => &mut self.registry.sources,
                _ => {
                    problem(key, format!("unknown key `{key}` in [registry]; the keys are `actors` and `sources`"));
                    continue;
                }
            };
            match value.as_str() {
                Some(path) if !path.is_empty() => *slot = PathBuf::from(path),
                _ => problem(
                    key,
                    format!("registry.{key} = {value}: expected a file name relative to this folder, such as \"{key}.cdown\""),
                ),
            }
        }
    }

    /// The registry file of a kind of definition, as an absolute path.
    pub fn registry_file(&self, kind: crate::model::DefinitionKind) -> PathBuf {
        match kind {
            crate::model::DefinitionKind::Actor => self.root.join(&self.registry.actors),
            crate::model::DefinitionKind::Source => self.root.join(&self.registry.sources),
        }
    }

    fn set_exclude(&mut self, value: &toml::Value) -> Result<(), String> {
        let patterns = value.as_array().and_then(|items| {
            items
                .iter()
                .map(|item| item.as_str().map(str::to_owned))
                .collect::<Option<Vec<String>>>()
        });
        let Some(patterns) = patterns else {
            return Err(
                "`exclude` must be a list of glob patterns, such as [\"drafts/**\"]".to_owned(),
            );
        };
        let mut builder = GlobSetBuilder::new();
        for pattern in &patterns {
            let glob = Glob::new(pattern)
                .map_err(|err| format!("exclude: `{pattern}` is not a valid glob: {err}"))?;
            builder.add(glob);
        }
        self.exclude = builder.build().map_err(|err| format!("exclude: {err}"))?;
        self.exclude_patterns = patterns;
        Ok(())
    }
}

fn max_file_size(value: &toml::Value) -> Result<u64, String> {
    let size = match value {
        toml::Value::Integer(n) => u64::try_from(*n).ok(),
        toml::Value::String(text) => parse_size(text),
        _ => None,
    };
    match size {
        Some(size) if size <= MAX_FILE_SIZE_CEILING => Ok(size),
        Some(_) => Err(format!(
            "max-file-size = {value}: at most {} ({MAX_FILE_SIZE_CEILING} bytes), the largest file Claimdown can analyse",
            format_size(MAX_FILE_SIZE_CEILING)
        )),
        None => Err(format!(
            "max-file-size = {value}: expected a size such as \"10MB\", \"512KB\" or a number of bytes"
        )),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Finds the line a key is written on, for messages (toml's table does not keep key spans).
struct KeySpans<'t> {
    text: &'t str,
}

impl<'t> KeySpans<'t> {
    fn new(text: &'t str) -> KeySpans<'t> {
        KeySpans { text }
    }

    fn find(&self, key: &str) -> Option<std::ops::Range<usize>> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            let bare = trimmed.trim_start_matches('[').trim_start_matches('"');
            if let Some(rest) = bare.strip_prefix(key) {
                let rest = rest.trim_start_matches('"').trim_start();
                if rest.starts_with('=') || rest.starts_with(']') {
                    let start = offset + (line.len() - trimmed.len());
                    return Some(start..start + key.len());
                }
            }
            offset += line.len();
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(PathBuf::from("/ws"), Path::new("/ws/claimdown.toml"), text)
    }

    #[test]
    fn severities_and_excludes() {
        let config = parse("exclude = [\"drafts/**\"]\n[rules]\nunused-definition = \"off\"\nunattributed-claim = \"error\"\n");
        let config = match config {
            Ok(config) => config,
            Err(err) => panic!("{err}"),
        };
        assert_eq!(config.severity(Rule::UnusedDefinition), None);
        assert_eq!(
            config.severity(Rule::UnattributedClaim),
            Some(Severity::Error)
        );
        assert_eq!(config.severity(Rule::UndefinedActor), Some(Severity::Error));
        assert!(config.is_excluded(Path::new("/ws/drafts/a.cdown")));
        assert!(config.is_excluded(Path::new("drafts/sub/b.cdown")));
        assert!(!config.is_excluded(Path::new("/ws/articles/a.cdown")));
    }

    #[test]
    fn every_mistake_is_reported_in_line_order() {
        let err = parse("max-file-size = \"huge\"\n[rules]\nundefined-actr = \"error\"\nunused-definition = \"loud\"\n")
            .err()
            .map(|e| e.to_string());
        let lines: Vec<&str> = err.as_deref().unwrap_or("").lines().collect();
        assert_eq!(lines.len(), 3, "{err:?}");
        assert!(
            lines[0].starts_with("/ws/claimdown.toml:1: max-file-size"),
            "{err:?}"
        );
        assert!(
            lines[1].starts_with("/ws/claimdown.toml:3: unknown rule"),
            "{err:?}"
        );
        assert!(
            lines[2].starts_with("/ws/claimdown.toml:4: rules.unused-definition"),
            "{err:?}"
        );
    }

    #[test]
    fn errors_name_the_key_and_line() {
        let err = parse("[rules]\nunused-defintion = \"off\"\n").err();
        assert_eq!(
            err.map(|e| e.to_string()),
            Some("/ws/claimdown.toml:2: unknown rule `unused-defintion` in [rules]; did you mean `unused-definition`?".to_owned())
        );
        let err = parse("[rules]\nundefined-actor = \"loud\"\n")
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains(":2: rules.undefined-actor = \"loud\": expected")),
            "{err:?}"
        );
        let err = parse("exclud = []\n").err().map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some("/ws/claimdown.toml:1: unknown key `exclud`; did you mean `exclude`?")
        );
        let err = parse("exclude = \"drafts\"\n").err().map(|e| e.to_string());
        assert!(err.as_deref().is_some_and(|e| e.contains("must be a list")));
        let err = parse("max-file-size = \"10 TB\"\n")
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e
                .starts_with("/ws/claimdown.toml:1: max-file-size = \"10 TB\": expected a size")),
            "{err:?}"
        );
        let err = parse("max-file-size = \"5GB\"\n")
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref().is_some_and(|e| e.contains("at most")),
            "{err:?}"
        );
        let size = parse("max-file-size = \"10MB\"\n").map(|c| c.max_file_size());
        assert_eq!(size, Ok(10 * 1024 * 1024));
        let size = parse("max-file-size = 1000\n").map(|c| c.max_file_size());
        assert_eq!(size, Ok(1000));
        let config = parse("[format]\nline-width = 80\n[registry]\nactors = \"people.cdown\"\n");
        let config = config.map(|c| (c.format.line_width, c.registry.actors, c.registry.sources));
        assert_eq!(
            config,
            Ok((
                80,
                PathBuf::from("people.cdown"),
                PathBuf::from("sources.cdown")
            ))
        );
        let err = parse("[format]\nline-width = 5\nwidth = 3\n")
            .err()
            .map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.contains(":2: format.line-width = 5: expected")
                    && e.contains(":3: unknown key `width` in [format]")),
            "{err:?}"
        );
        let err = parse("[rules\n").err().map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.starts_with("/ws/claimdown.toml:1:")),
            "{err:?}"
        );
    }
}
