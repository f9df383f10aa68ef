//! Completion: actors after `@`, sources after `^`, the file's claims after `rebuts=#`,
//! attribute keywords, `status=` values, field names and `kind:` values. Candidates are
//! ranked by fuzzy match on the id and on display names and aliases (`@rice` finds
//! `susan-rice`, and the actor whose name is Susan Rice).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::hover::hover_markdown;
use crate::model::vocabulary::{self, Status, ValueKind};
use crate::model::{DefinitionKind, Role};
use crate::text::TextRange;
use crate::workspace::{FileId, SourceFile, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Actor,
    Source,
    Claim,
    Keyword,
    Field,
    Value,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    /// Markdown.
    pub documentation: Option<String>,
    /// What the item replaces: the word typed so far, without its sigil.
    pub replace_range: TextRange,
    pub insert_text: String,
    /// What the editor filters on as the user types more: the typed word with the id and
    /// the names, so that name matches stay visible.
    pub filter_text: String,
    /// Orders items by match quality.
    pub sort_text: String,
}

/// At most this many actors or sources are offered, the best matches first.
const MAX_ITEMS: usize = 100;

pub fn completions(ws: &Workspace, file: FileId, offset: usize) -> Vec<CompletionItem> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let text = &*source.text;
    let offset = crate::text::floor_char_boundary(text, offset);
    let word_start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|&(_, ch)| is_id_char(ch))
        .last()
        .map_or(offset, |(idx, _)| idx);
    let word = &text[word_start..offset];
    let replace = TextRange::new(word_start, offset);
    let before = &text[..word_start];
    let sigil = before.chars().next_back();
    let line_start = before.rfind(['\n', '\r']).map_or(0, |n| n + 1);
    let line_prefix = &text[line_start..word_start];

    if let Some(context) = field_context(source, line_start, offset, line_prefix) {
        return field_completions(ws, file, context, sigil, word, replace);
    }
    if !in_attributes(text, word_start, line_prefix) {
        return Vec::new();
    }
    match sigil {
        Some('@') => definitions(ws, file, DefinitionKind::Actor, word, replace),
        Some('^') => definitions(ws, file, DefinitionKind::Source, word, replace),
        Some('#') if ends_with_relation(&before[..before.len() - 1]) => {
            claims(source, word, replace)
        }
        Some('=') if before.ends_with("status=") => statuses(word, replace),
        Some('#') | Some('=') => Vec::new(),
        _ => keywords(word, replace),
    }
}

fn is_id_char(ch: char) -> bool {
    ch.is_alphanumeric() || matches!(ch, '-' | '_' | '.')
}

/// Whether the text before `offset` is inside `{…}` after `]`, or on a `:::` line.
fn in_attributes(text: &str, offset: usize, line_prefix: &str) -> bool {
    if line_prefix.starts_with(":::") {
        return true;
    }
    // Look back through the paragraph (a blank line ends it) for an open `]{`.
    // The window is floored to a character boundary: 4,096 bytes back may fall inside one.
    let mut from = offset.saturating_sub(4096).min(offset);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let lookback = text.get(from..offset).unwrap_or("");
    let mut prev_newline = false;
    for (idx, ch) in lookback.char_indices().rev() {
        match ch {
            '}' => return false,
            '{' => return lookback[..idx].ends_with(']') && !lookback[..idx].ends_with("\\]"),
            '\n' => {
                if prev_newline {
                    return false;
                }
                prev_newline = true;
                continue;
            }
            _ if ch.is_whitespace() => continue,
            _ => (),
        }
        prev_newline = false;
    }
    false
}

/// Whether the attribute text before a `#` is `rebuts=`, `supports=`, or a list of them.
fn ends_with_relation(before: &str) -> bool {
    let token_start = before
        .rfind(|ch: char| ch.is_whitespace() || ch == '{')
        .map_or(0, |n| n + 1);
    let token = &before[token_start..];
    token.starts_with("rebuts=") || token.starts_with("supports=")
}

enum FieldContext {
    Key(&'static [vocabulary::FieldSpec]),
    Value(ValueKind),
}

/// A field line of a definition or of the front matter, and where in it the cursor is.
fn field_context(
    source: &SourceFile,
    line_start: usize,
    offset: usize,
    line_prefix: &str,
) -> Option<FieldContext> {
    let model = &source.model;
    let specs = if model
        .front_matter
        .as_ref()
        .is_some_and(|fm| fm.range.contains_inclusive(offset))
    {
        vocabulary::FRONT_MATTER_FIELDS
    } else {
        if !line_prefix.starts_with(' ') && !line_prefix.starts_with('\t') {
            return None;
        }
        let kind = [DefinitionKind::Actor, DefinitionKind::Source]
            .into_iter()
            .find(|&kind| {
                model.definitions(kind).iter().any(|definition| {
                    // The definition, or the line right after it being typed.
                    definition.range.start as usize <= line_start
                        && line_start <= definition.range.end as usize + 2
                })
            })?;
        vocabulary::definition_fields(kind)
    };
    match line_prefix.split_once(':') {
        None => Some(FieldContext::Key(specs)),
        Some((key, _)) => {
            vocabulary::find_field(specs, key.trim()).map(|spec| FieldContext::Value(spec.value))
        }
    }
}

fn field_completions(
    ws: &Workspace,
    file: FileId,
    context: FieldContext,
    sigil: Option<char>,
    word: &str,
    replace: TextRange,
) -> Vec<CompletionItem> {
    match context {
        FieldContext::Key(specs) => ranked(
            specs.iter().map(|spec| Candidate {
                label: spec.key.to_owned(),
                kind: CompletionKind::Field,
                detail: Some(spec.doc.to_owned()),
                names: Vec::new(),
                insert: format!("{}: ", spec.key),
            }),
            word,
            replace,
        ),
        FieldContext::Value(ValueKind::Choice(choices)) => ranked(
            choices.iter().map(|choice| Candidate {
                label: (*choice).to_owned(),
                kind: CompletionKind::Value,
                detail: None,
                names: Vec::new(),
                insert: (*choice).to_owned(),
            }),
            word,
            replace,
        ),
        FieldContext::Value(ValueKind::ActorReference) if sigil == Some('@') => {
            definitions(ws, file, DefinitionKind::Actor, word, replace)
        }
        FieldContext::Value(_) => Vec::new(),
    }
}

struct Candidate {
    label: String,
    kind: CompletionKind,
    detail: Option<String>,
    /// Display name and aliases, matched as well as the label.
    names: Vec<String>,
    insert: String,
}

/// Fuzzy-ranks candidates against the typed word; everything, in label order, when nothing
/// is typed yet.
fn ranked(
    candidates: impl Iterator<Item = Candidate>,
    word: &str,
    replace: TextRange,
) -> Vec<CompletionItem> {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(word, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, Candidate)> = candidates
        .filter_map(|candidate| {
            if word.is_empty() {
                return Some((0, candidate));
            }
            let score = std::iter::once(&candidate.label)
                .chain(&candidate.names)
                .filter_map(|haystack| {
                    pattern.score(Utf32Str::new(haystack, &mut buf), &mut matcher)
                })
                .max()?;
            Some((score, candidate))
        })
        .collect();
    scored.sort_by(|(a_score, a), (b_score, b)| {
        b_score.cmp(a_score).then_with(|| a.label.cmp(&b.label))
    });
    scored.truncate(MAX_ITEMS);
    scored
        .into_iter()
        .enumerate()
        .map(|(rank, (_, candidate))| CompletionItem {
            filter_text: std::iter::once(word.to_owned())
                .chain(std::iter::once(candidate.label.clone()))
                .chain(candidate.names.iter().cloned())
                .collect::<Vec<_>>()
                .join(" "),
            label: candidate.label,
            kind: candidate.kind,
            detail: candidate.detail,
            documentation: None,
            replace_range: replace,
            insert_text: candidate.insert,
            sort_text: format!("{rank:04}"),
        })
        .collect()
}

fn definitions(
    ws: &Workspace,
    file: FileId,
    kind: DefinitionKind,
    word: &str,
    replace: TextRange,
) -> Vec<CompletionItem> {
    let candidates = ws.defined_ids(file, kind).filter_map(|id| {
        let (_, definition) = ws.definition(file, kind, id)?;
        let mut names = vec![definition.display_name().to_owned()];
        names.extend(
            definition
                .fields_named("alias")
                .map(|alias| alias.text.to_string()),
        );
        Some(Candidate {
            label: id.to_owned(),
            kind: match kind {
                DefinitionKind::Actor => CompletionKind::Actor,
                DefinitionKind::Source => CompletionKind::Source,
            },
            detail: Some(definition.display_name().to_owned()),
            names,
            insert: id.to_owned(),
        })
    });
    let mut items = ranked(candidates, word, replace);
    for item in &mut items {
        item.documentation = hover_markdown(
            ws,
            &crate::ide::Entity::Definition(file, kind, item.label.clone()),
        );
    }
    items
}

fn claims(source: &SourceFile, word: &str, replace: TextRange) -> Vec<CompletionItem> {
    let model = &source.model;
    let candidates = model.claims.iter().filter_map(|claim| {
        let id = claim.id.as_ref()?;
        let text = model.claim_text(&source.text, claim);
        let who: Vec<&str> = model
            .claim_references(claim, Role::Actor)
            .map(|(_, reference)| reference.id.as_str())
            .collect();
        let detail = if who.is_empty() {
            claim.kind.as_str().to_owned()
        } else {
            format!("{} by @{}", claim.kind.as_str(), who.join(", @"))
        };
        Some(Candidate {
            label: id.text.to_string(),
            kind: CompletionKind::Claim,
            detail: Some(detail),
            names: vec![text],
            insert: id.text.to_string(),
        })
    });
    let mut items = ranked(candidates, word, replace);
    for item in &mut items {
        if let Some((_, claim)) = model.claim_by_id(&item.label) {
            item.documentation = Some(format!("> {}", model.claim_text(&source.text, claim)));
        }
    }
    items
}

fn statuses(word: &str, replace: TextRange) -> Vec<CompletionItem> {
    ranked(
        Status::ALL.into_iter().map(|status| Candidate {
            label: status.as_str().to_owned(),
            kind: CompletionKind::Value,
            detail: Some(status.doc().to_owned()),
            names: Vec::new(),
            insert: status.as_str().to_owned(),
        }),
        word,
        replace,
    )
}

fn keywords(word: &str, replace: TextRange) -> Vec<CompletionItem> {
    ranked(
        vocabulary::ATTRIBUTE_KEYWORDS
            .iter()
            .map(|(keyword, doc)| Candidate {
                label: (*keyword).to_owned(),
                kind: CompletionKind::Keyword,
                detail: Some((*doc).to_owned()),
                names: Vec::new(),
                insert: if keyword.ends_with('=') && *keyword != "status=" {
                    format!("{keyword}#")
                } else {
                    (*keyword).to_owned()
                },
            }),
        word,
        replace,
    )
}
