//! Document symbols (headings, with the claims of each section nested under them, then the
//! definitions grouped) and workspace symbols (actors and sources by id and name).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::model::{ClaimKind, Definition, DefinitionKind};
use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Heading,
    Claim,
    Quote,
    Rebuttal,
    Actor,
    Source,
    /// "Actors" or "Sources": the definitions of a file.
    Group,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: TextRange,
    pub selection_range: TextRange,
    pub children: Vec<Symbol>,
}

const PREVIEW_CHARS: usize = 60;

pub fn document_symbols(ws: &Workspace, file: FileId) -> Vec<Symbol> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let model = &source.model;
    let mut headings: Vec<Symbol> = model
        .headings
        .iter()
        .map(|heading| Symbol {
            name: if heading.title.is_empty() {
                "(untitled)".to_owned()
            } else {
                heading.title.to_string()
            },
            detail: Some(format!("h{}", heading.level)),
            kind: SymbolKind::Heading,
            range: heading.section,
            selection_range: heading.range,
            children: Vec::new(),
        })
        .collect();
    let mut claims: Vec<Symbol> = model
        .claims
        .iter()
        .map(|claim| {
            let text = preview(&model.claim_text(&source.text, claim));
            let (name, detail, selection_range) = match &claim.id {
                Some(id) => (
                    format!("#{}", id.text),
                    format!("{} {text}", claim.kind.as_str()),
                    TextRange::new(
                        id.range.start.saturating_sub(1) as usize,
                        id.range.end as usize,
                    ),
                ),
                None => (text, claim.kind.as_str().to_owned(), claim.attributes_range),
            };
            Symbol {
                name,
                detail: Some(detail),
                kind: match claim.kind {
                    ClaimKind::Claim => SymbolKind::Claim,
                    ClaimKind::Quote => SymbolKind::Quote,
                    ClaimKind::Rebuttal => SymbolKind::Rebuttal,
                },
                range: claim.range,
                selection_range,
                children: Vec::new(),
            }
        })
        .collect();
    let mut roots = Vec::new();
    // Children have larger indices than their parents: attach from the last one back.
    for idx in (0..claims.len()).rev() {
        let symbol = std::mem::replace(&mut claims[idx], placeholder());
        let claim = &model.claims[idx];
        match (claim.parent, claim.heading) {
            (Some(parent), _) => claims[parent].children.push(symbol),
            (None, Some(heading)) => headings[heading].children.push(symbol),
            (None, None) => roots.push(symbol),
        }
    }
    for idx in (0..headings.len()).rev() {
        let symbol = std::mem::replace(&mut headings[idx], placeholder());
        match model.headings[idx].parent {
            Some(parent) => headings[parent].children.push(symbol),
            None => roots.push(symbol),
        }
    }
    for (kind, group) in [
        (DefinitionKind::Actor, "Actors"),
        (DefinitionKind::Source, "Sources"),
    ] {
        let definitions = model.definitions(kind);
        let (Some(first), Some(last)) = (definitions.first(), definitions.last()) else {
            continue;
        };
        let children: Vec<Symbol> = definitions
            .iter()
            .map(|definition| definition_symbol(kind, definition))
            .collect();
        let range = TextRange::new(first.range.start as usize, last.range.end as usize);
        roots.push(Symbol {
            name: group.to_owned(),
            detail: Some(children.len().to_string()),
            kind: SymbolKind::Group,
            range,
            selection_range: first.header,
            children,
        });
    }
    sort(&mut roots);
    roots
}

fn definition_symbol(kind: DefinitionKind, definition: &Definition) -> Symbol {
    Symbol {
        name: format!("{}{}", kind.sigil(), definition.id.text),
        detail: Some(definition.display_name().to_owned()),
        kind: match kind {
            DefinitionKind::Actor => SymbolKind::Actor,
            DefinitionKind::Source => SymbolKind::Source,
        },
        range: definition.range,
        selection_range: definition.id.range,
        children: Vec::new(),
    }
}

fn sort(symbols: &mut [Symbol]) {
    symbols.sort_by_key(|symbol| (symbol.range.start, symbol.kind == SymbolKind::Group));
    for symbol in symbols {
        sort(&mut symbol.children);
    }
}

fn placeholder() -> Symbol {
    Symbol {
        name: String::new(),
        detail: None,
        kind: SymbolKind::Claim,
        range: TextRange::default(),
        selection_range: TextRange::default(),
        children: Vec::new(),
    }
}

pub(crate) fn preview(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut res: String = flat.chars().take(PREVIEW_CHARS).collect();
    if flat.chars().count() > PREVIEW_CHARS {
        res.push('…');
    }
    format!("“{res}”")
}

/// Actors and sources whose id or display name matches `query` fuzzily, best first.
pub fn workspace_symbols(ws: &Workspace, query: &str, limit: usize) -> Vec<(FileId, Symbol)> {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut res = Vec::new();
    for file in ws.file_ids() {
        for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
            for definition in ws.file_definitions(file, kind) {
                let score = if query.is_empty() {
                    Some(0)
                } else {
                    [definition.id.text.as_str(), definition.display_name()]
                        .into_iter()
                        .filter_map(|haystack| {
                            pattern.score(Utf32Str::new(haystack, &mut buf), &mut matcher)
                        })
                        .max()
                };
                let Some(score) = score else {
                    continue;
                };
                res.push((score, file, definition_symbol(kind, definition)));
            }
        }
    }
    res.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.name.cmp(&b.2.name)));
    res.into_iter()
        .take(limit)
        .map(|(_, file, symbol)| (file, symbol))
        .collect()
}
