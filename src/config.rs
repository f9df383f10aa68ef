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
//! [unannotated-quote]
//! min-words = 3
//!
//! [language.en]
//! quotes = ["‘’"]
//! reporting = ["quipped"]
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
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use toml::de::{DeString, DeTable, DeValue};
use toml::Spanned;

use crate::rules::speech::{LanguageExtension, Speech};
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
    /// Quotation marks and reporting phrases by language (`[language.xx]`), and the
    /// settings of the rules that read them (`[unannotated-quote]`).
    speech: Arc<Speech>,
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
            speech: Speech::shipped(),
            format: Default::default(),
            registry: Registry::default(),
        }
    }

    /// The words of reported speech, by language.
    pub fn speech(&self) -> &Speech {
        &self.speech
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
        match read(&path) {
            Ok(text) => Config::parse(root.to_path_buf(), &path, &text),
            Err(ReadError::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => {
                Ok(Config::default_for(root.to_path_buf()))
            }
            Err(err) => Err(cannot_read(path, err)),
        }
    }

    /// Reads a configuration file named explicitly (`--config FILE`); its folder is the
    /// project's root.
    pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
        let text = read(path).map_err(|err| cannot_read(path.to_path_buf(), err))?;
        let root = path
            .canonicalize()
            .ok()
            .and_then(|path| path.parent().map(Path::to_path_buf))
            .unwrap_or_default();
        Config::parse(root, path, &text)
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

    /// Parses `claimdown.toml`; every mistake in it is reported at its key's line, in
    /// line order.
    pub fn parse(root: PathBuf, path: &Path, text: &str) -> Result<Config, ConfigError> {
        let table = DeTable::parse(text).map_err(|err| {
            let line = err.span().map(|span| line_of(text, span.start));
            ConfigError::new(path.to_path_buf(), line, err.message().to_owned())
        })?;
        let mut config = Config::default_for(root);
        let mut problems = Vec::new();
        let mut quote_settings = (crate::rules::speech::DEFAULT_MIN_WORDS, false);
        let mut extensions = Vec::new();
        let mut problem = |key: &Spanned<DeString<'_>>, message: String| {
            problems.push(ConfigProblem {
                line: Some(line_of(text, key.span().start)),
                message,
            });
        };
        // A value as written, for messages.
        let written = |value: &Spanned<DeValue<'_>>| text.get(value.span()).unwrap_or("").trim();
        for (key, value) in table.get_ref() {
            match key.get_ref().as_ref() {
                "rules" => match value.get_ref().as_table() {
                    Some(rules) => config.set_rules(rules, written, &mut problem),
                    None => problem(key, "`rules` must be a table: `[rules]`".to_owned()),
                },
                "exclude" => {
                    if let Err(message) = config.set_exclude(value.get_ref()) {
                        problem(key, message);
                    }
                }
                "max-file-size" => match max_file_size(value.get_ref(), written(value)) {
                    Ok(size) => config.max_file_size = size,
                    Err(message) => problem(key, message),
                },
                "unannotated-quote" => match read_quote_settings(value.get_ref(), written) {
                    Ok(settings) => quote_settings = settings,
                    Err(message) => problem(key, message),
                },
                "language" => match value.get_ref().as_table() {
                    Some(languages) => {
                        for (tag, value) in languages {
                            let name = tag.get_ref().as_ref();
                            match language_extension(name, value.get_ref()) {
                                Ok(extension) => extensions.push((name.to_owned(), extension)),
                                Err(message) => problem(tag, message),
                            }
                        }
                    }
                    None => problem(
                        key,
                        "`language` must be a table of languages: `[language.en]`".to_owned(),
                    ),
                },
                "format" => match value.get_ref().as_table() {
                    Some(table) => config.set_format(table, written, &mut problem),
                    None => problem(key, "`format` must be a table: `[format]`".to_owned()),
                },
                "registry" => match value.get_ref().as_table() {
                    Some(table) => config.set_registry(table, written, &mut problem),
                    None => problem(key, "`registry` must be a table: `[registry]`".to_owned()),
                },
                name => {
                    let hint = match nearest(name, TOP_KEYS) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "the keys are `exclude`, `max-file-size`, `[rules]`, `[format]`, `[registry]`, `[unannotated-quote]` and `[language.xx]`".to_owned(),
                    };
                    problem(key, format!("unknown key `{name}`; {hint}"));
                }
            }
        }
        if quote_settings != (crate::rules::speech::DEFAULT_MIN_WORDS, false)
            || !extensions.is_empty()
        {
            let (min_words, reported_speech) = quote_settings;
            config.speech = Arc::new(Speech::with_extensions(
                min_words,
                reported_speech,
                &extensions,
            ));
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

    fn set_rules<'t>(
        &mut self,
        rules: &DeTable<'t>,
        written: impl Fn(&Spanned<DeValue<'t>>) -> &'t str,
        problem: &mut impl FnMut(&Spanned<DeString<'t>>, String),
    ) {
        for (key, severity) in rules {
            let name = key.get_ref().as_ref();
            let Some(rule) = Rule::from_name(name) else {
                let names = Rule::ALL.map(Rule::name);
                let hint = match nearest(name, names) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("the rules are {}", names.join(", ")),
                };
                problem(key, format!("unknown rule `{name}` in [rules]; {hint}"));
                continue;
            };
            let value = severity.get_ref().as_str().unwrap_or("");
            match Severity::parse_setting(value) {
                Some(severity) => self.set_severity(rule, severity),
                None => problem(
                    key,
                    format!(
                        "rules.{name} = {}: expected \"error\", \"warning\", \"info\", \"hint\" or \"off\"",
                        written(severity)
                    ),
                ),
            }
        }
    }

    fn set_format<'t>(
        &mut self,
        table: &DeTable<'t>,
        written: impl Fn(&Spanned<DeValue<'t>>) -> &'t str,
        problem: &mut impl FnMut(&Spanned<DeString<'t>>, String),
    ) {
        for (key, value) in table {
            let width = match value.get_ref() {
                DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix()).ok(),
                _ => None,
            };
            match (key.get_ref().as_ref(), width) {
                ("line-width", Some(width @ 20..=1000)) => {
                    self.format.line_width = width as usize;
                }
                ("line-width", _) => problem(
                    key,
                    format!(
                        "format.line-width = {}: expected a number of columns from 20 to 1000",
                        written(value)
                    ),
                ),
                (name, _) => problem(
                    key,
                    format!("unknown key `{name}` in [format]; the key is `line-width`"),
                ),
            }
        }
    }

    fn set_registry<'t>(
        &mut self,
        table: &DeTable<'t>,
        written: impl Fn(&Spanned<DeValue<'t>>) -> &'t str,
        problem: &mut impl FnMut(&Spanned<DeString<'t>>, String),
    ) {
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            let slot = match name {
                "actors" => &mut self.registry.actors,
                "sources" => &mut self.registry.sources,
                _ => {
                    problem(
                        key,
                        format!("unknown key `{name}` in [registry]; the keys are `actors` and `sources`"),
                    );
                    continue;
                }
            };
            match value.get_ref().as_str() {
                Some(path) if !path.is_empty() => *slot = PathBuf::from(path),
                _ => problem(
                    key,
                    format!(
                        "registry.{name} = {}: expected a file name relative to this folder, such as \"{name}.cdown\"",
                        written(value)
                    ),
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

    fn set_exclude(&mut self, value: &DeValue<'_>) -> Result<(), String> {
        let patterns = value.as_array().and_then(|items| {
            items
                .iter()
                .map(|item| item.get_ref().as_str().map(str::to_owned))
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

const TOP_KEYS: [&str; 7] = [
    "rules",
    "exclude",
    "max-file-size",
    "format",
    "registry",
    "unannotated-quote",
    "language",
];

/// `[unannotated-quote]`: its `min-words` and `reported-speech`.
fn read_quote_settings<'t>(
    value: &DeValue<'t>,
    written: impl Fn(&Spanned<DeValue<'t>>) -> &'t str,
) -> Result<(usize, bool), String> {
    let Some(table) = value.as_table() else {
        return Err("`unannotated-quote` must be a table: `[unannotated-quote]`".to_owned());
    };
    let mut min_words = crate::rules::speech::DEFAULT_MIN_WORDS;
    let mut reported_speech = false;
    for (key, value) in table {
        let name = key.get_ref().as_ref();
        match (name, value.get_ref()) {
            ("min-words", words) => {
                let words = match words {
                    DeValue::Integer(n) => i64::from_str_radix(n.as_str(), n.radix()).ok(),
                    _ => None,
                };
                match words {
                    Some(n @ 1..=100) => min_words = n as usize,
                    _ => {
                        return Err(format!(
                            "unannotated-quote.min-words = {}: expected a number of words from 1 to 100",
                            written(value)
                        ))
                    }
                }
            }
            ("reported-speech", DeValue::Boolean(on)) => reported_speech = *on,
            ("reported-speech", _) => {
                return Err(format!(
                    "unannotated-quote.reported-speech = {}: expected true or false",
                    written(value)
                ))
            }
            _ => {
                return Err(format!(
                    "unknown key `{name}` in [unannotated-quote]; the keys are `min-words` and `reported-speech`"
                ))
            }
        }
    }
    Ok((min_words, reported_speech))
}

/// `[language.xx]`: quotation mark pairs and phrases added to a language's tables.
fn language_extension(tag: &str, value: &DeValue<'_>) -> Result<LanguageExtension, String> {
    let valid_tag =
        !tag.is_empty() && tag.len() <= 8 && tag.bytes().all(|b| b.is_ascii_lowercase());
    if !valid_tag {
        return Err(format!(
            "[language.{tag}]: a language is a lowercase ISO 639 code such as `en` or `fr`"
        ));
    }
    let Some(table) = value.as_table() else {
        return Err(format!(
            "`language.{tag}` must be a table: `[language.{tag}]`"
        ));
    };
    let mut extension = LanguageExtension::default();
    for (key, value) in table {
        let key = key.get_ref().as_ref();
        let words = value.get_ref().as_array().and_then(|items| {
            items
                .iter()
                .map(|item| item.get_ref().as_str().map(str::to_owned))
                .collect::<Option<Vec<String>>>()
        });
        let Some(words) = words else {
            return Err(format!(
                "language.{tag}.{key} must be a list of strings, such as [\"word\"]"
            ));
        };
        match key {
            "quotes" => {
                for pair in words {
                    let mut chars = pair.chars();
                    match (chars.next(), chars.next(), chars.next()) {
                        (Some(open), Some(close), None) => extension.quotes.push((open, close)),
                        _ => {
                            return Err(format!(
                                "language.{tag}.quotes: `{pair}` is not a pair of marks, such as \"‘’\" (opening, then closing)"
                            ))
                        }
                    }
                }
            }
            "reporting" | "according" | "vague" => {
                if let Some(blank) = words.iter().find(|word| word.trim().is_empty()) {
                    return Err(format!(
                        "language.{tag}.{key}: `{blank}` is blank; a phrase needs a word"
                    ));
                }
                let list = match key {
                    "reporting" => &mut extension.reporting,
                    "according" => &mut extension.according,
                    _ => &mut extension.vague,
                };
                list.extend(words);
            }
            _ => {
                return Err(format!(
                    "unknown key `{key}` in [language.{tag}]; the keys are `quotes`, `reporting`, `according` and `vague`"
                ))
            }
        }
    }
    Ok(extension)
}

/// `max-file-size`, `written` as in the file.
fn max_file_size(value: &DeValue<'_>, written: &str) -> Result<u64, String> {
    let size = match value {
        DeValue::Integer(n) => u64::from_str_radix(n.as_str(), n.radix()).ok(),
        DeValue::String(text) => parse_size(text),
        _ => None,
    };
    match size {
        Some(size) if size <= MAX_FILE_SIZE_CEILING => Ok(size),
        Some(_) => Err(format!(
            "max-file-size = {written}: at most {} ({MAX_FILE_SIZE_CEILING} bytes), the largest file Claimdown can analyse",
            format_size(MAX_FILE_SIZE_CEILING)
        )),
        None => Err(format!(
            "max-file-size = {written}: expected a size such as \"10MB\", \"512KB\" or a number of bytes"
        )),
    }
}

/// Read as sources are, so that a FIFO or a device named claimdown.toml cannot hang.
fn read(path: &Path) -> Result<String, ReadError> {
    let bytes = crate::workspace::read_source(path, CONFIG_MAX_SIZE)?;
    String::from_utf8(bytes).map_err(|_| {
        ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "it is not UTF-8 text",
        ))
    })
}

fn cannot_read(path: PathBuf, err: ReadError) -> ConfigError {
    ConfigError::new(path, None, format!("cannot be read: {err}"))
}

fn line_of(text: &str, offset: usize) -> usize {
    let before = &text.as_bytes()[..offset.min(text.len())];
    memchr::memchr_iter(b'\n', before).count() + 1
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

    /// Keys that are not at the start of their line, or written dotted or inline, are
    /// found where they are written.
    #[test]
    fn every_key_is_located_exactly() {
        let text = "# rules.unused-defintion = \"off\"\nmax-file-size = 10\nrules.unused-defintion = \"off\"\n";
        assert_eq!(
            parse(text).err().map(|e| e.to_string()).as_deref(),
            Some("/ws/claimdown.toml:3: unknown rule `unused-defintion` in [rules]; did you mean `unused-definition`?")
        );
        let text = "exclude = []\nrules = { undefined-actor = \"error\",\n  unused-definition = 'loud' }\n";
        assert_eq!(
            parse(text).err().map(|e| e.to_string()).as_deref(),
            Some("/ws/claimdown.toml:3: rules.unused-definition = 'loud': expected \"error\", \"warning\", \"info\", \"hint\" or \"off\"")
        );
        let text = "[rules]\n\"undefined-actor\" = \"off\"\n  \"exclud\" = \"off\"\n";
        let err = parse(text).err().map(|e| e.to_string());
        assert!(
            err.as_deref()
                .is_some_and(|e| e.starts_with("/ws/claimdown.toml:3: unknown rule `exclud`")),
            "{err:?}"
        );
        let text = "\"max-file-size\" = 0x10\n";
        assert_eq!(parse(text).map(|c| c.max_file_size()), Ok(16));
    }

    #[test]
    fn quote_settings_and_language_extensions() {
        let config = parse("[unannotated-quote]\nmin-words = 3\nreported-speech = true\n\n[language.en]\nquotes = [\"‘’\"]\nreporting = [\"quipped\"]\n\n[language.it]\nreporting = [\"ha detto\"]\n");
        let config = match config {
            Ok(config) => config,
            Err(err) => panic!("{err}"),
        };
        let speech = config.speech();
        assert_eq!(speech.min_words, 3);
        assert!(speech.reported_speech);
        assert!(speech.language(Some("en")).is_opening('‘'));
        assert!(
            speech.language(Some("en")).is_opening('“'),
            "the shipped marks stay"
        );
        assert_eq!(
            speech.language(Some("it")).reporting_in("ha detto").count(),
            1
        );
        let default = Config::default_for(PathBuf::from("/ws"));
        assert_eq!(default.speech().min_words, 4);
        assert!(!default.speech().reported_speech);
        assert!(!default.speech().language(Some("en")).is_opening('‘'));
    }

    #[test]
    fn bad_quote_settings_and_languages_name_their_line() {
        let err = parse("[unannotated-quote]\nmin-words = 0\n\n[language.EN]\nquotes = []\n\n[language.fr]\nquotes = [\"«\"]\n\n[language.de]\nverbs = [\"sagte\"]\n")
            .err()
            .map(|e| e.to_string());
        let lines: Vec<&str> = err.as_deref().unwrap_or("").lines().collect();
        assert_eq!(
            lines,
            [
                "/ws/claimdown.toml:1: unannotated-quote.min-words = 0: expected a number of words from 1 to 100",
                "/ws/claimdown.toml:4: [language.EN]: a language is a lowercase ISO 639 code such as `en` or `fr`",
                "/ws/claimdown.toml:7: language.fr.quotes: `«` is not a pair of marks, such as \"‘’\" (opening, then closing)",
                "/ws/claimdown.toml:10: unknown key `verbs` in [language.de]; the keys are `quotes`, `reporting`, `according` and `vague`",
            ]
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
