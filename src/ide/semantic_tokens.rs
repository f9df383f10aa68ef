//! Semantic tokens: what each stretch of a file is to the language (a claim's prose, an
//! actor or source reference, a definition …), so that every editor theme can colour what
//! this language is about. Tokens never overlap: a claim nested in another wins over it.

use crate::model::{ClaimKind, DefinitionKind, ReferenceKind};
use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

/// The legend, in the order the server declares it (`TokenKind as u32` is the index).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TokenKind {
    /// The prose of an annotated claim.
    Claim,
    /// The prose of a quote (or of a claim flagged `quote`).
    Quote,
    /// The prose of a rebuttal.
    Rebuttal,
    /// `@id`: an actor, defined somewhere in the project.
    Actor,
    /// `^id`: a source, defined somewhere in the project.
    Source,
    /// `#id`: a claim's own id, or the target of `rebuts=` / `supports=`.
    ClaimReference,
    /// `@id`, `^id` or `#id` that names nothing defined.
    UnresolvedReference,
    /// A definition's display name or title (`[@id]: Name`).
    Definition,
}

impl TokenKind {
    pub const ALL: [TokenKind; 8] = [
        TokenKind::Claim,
        TokenKind::Quote,
        TokenKind::Rebuttal,
        TokenKind::Actor,
        TokenKind::Source,
        TokenKind::ClaimReference,
        TokenKind::UnresolvedReference,
        TokenKind::Definition,
    ];

    /// The name in the legend.
    pub fn name(self) -> &'static str {
        match self {
            TokenKind::Claim => "claim",
            TokenKind::Quote => "quote",
            TokenKind::Rebuttal => "rebuttal",
            TokenKind::Actor => "actor",
            TokenKind::Source => "source",
            TokenKind::ClaimReference => "claimReference",
            TokenKind::UnresolvedReference => "unresolvedReference",
            TokenKind::Definition => "definition",
        }
    }
}

/// The one modifier: where the id is defined (`[@id]:`, a claim's `#id`).
pub const DECLARATION: &str = "declaration";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub range: TextRange,
    pub kind: TokenKind,
    pub declaration: bool,
}

/// The file's tokens in text order, those meeting `within` only (the whole file if `None`).
pub fn semantic_tokens(ws: &Workspace, file: FileId, within: Option<TextRange>) -> Vec<Token> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let model = &source.model;
    let text = &source.text;
    // `None` marks markup that is no token, such as a nested annotation's brackets and
    // attributes inside an outer claim's prose.
    let mut marks: Vec<Mark> = Vec::new();
    let token = |range: TextRange, kind, declaration| Mark {
        range,
        kind: Some(kind),
        declaration,
    };
    for claim in &model.claims {
        let kind = match claim.kind {
            ClaimKind::Rebuttal => TokenKind::Rebuttal,
            ClaimKind::Quote => TokenKind::Quote,
            ClaimKind::Claim if claim.quote => TokenKind::Quote,
            ClaimKind::Claim => TokenKind::Claim,
        };
        marks.push(Mark {
            range: claim.range,
            kind: None,
            declaration: false,
        });
        marks.push(token(claim.span, kind, false));
        if let Some(id) = &claim.id {
            marks.push(token(
                with_sigil(text, id.range, '#'),
                TokenKind::ClaimReference,
                true,
            ));
        }
    }
    for reference in &model.references {
        let resolved = match reference.kind.definition_kind() {
            Some(kind) => !ws.definitions(file, kind, &reference.id).is_empty(),
            None => model.claim_ids.contains_key(reference.id.as_str()),
        };
        let kind = match (resolved, reference.kind) {
            (false, _) => TokenKind::UnresolvedReference,
            (true, ReferenceKind::Actor) => TokenKind::Actor,
            (true, ReferenceKind::Source) => TokenKind::Source,
            (true, ReferenceKind::Claim) => TokenKind::ClaimReference,
        };
        marks.push(token(reference.range, kind, false));
    }
    for (kind, definitions) in [
        (TokenKind::Actor, &model.actors),
        (TokenKind::Source, &model.sources),
    ] {
        let sigil = if kind == TokenKind::Actor {
            DefinitionKind::Actor.sigil()
        } else {
            DefinitionKind::Source.sigil()
        };
        for definition in definitions {
            marks.push(token(
                with_sigil(text, definition.id.range, sigil),
                kind,
                true,
            ));
            if let Some(name) = &definition.name {
                marks.push(token(name.range, TokenKind::Definition, false));
            }
        }
    }
    let mut tokens = flatten(marks);
    if let Some(within) = within {
        tokens.retain(|t| t.range.start < within.end && within.start < t.range.end);
    }
    tokens
}

/// The id's range widened to its sigil, when the sigil is written just before it.
fn with_sigil(text: &str, range: TextRange, sigil: char) -> TextRange {
    let start = range.start as usize;
    match text
        .get(..start)
        .and_then(|before| before.chars().next_back())
    {
        Some(ch) if ch == sigil => TextRange {
            start: (start - ch.len_utf8()) as u32,
            end: range.end,
        },
        _ => range,
    }
}

#[derive(Clone, Copy, Debug)]
struct Mark {
    range: TextRange,
    kind: Option<TokenKind>,
    declaration: bool,
}

/// Cuts overlapping marks into pieces where the innermost (the one that starts last, then
/// the shortest, then the one added last) wins, dropping empty pieces and markup.
fn flatten(mut marks: Vec<Mark>) -> Vec<Token> {
    marks.retain(|m| m.range.start < m.range.end);
    if marks.is_empty() {
        return Vec::new();
    }
    let mut bounds: Vec<u32> = marks
        .iter()
        .flat_map(|m| [m.range.start, m.range.end])
        .collect();
    bounds.sort_unstable();
    bounds.dedup();
    // Sorted by start, longest first: for any stretch, the last mark covering it is the
    // innermost one.
    marks.sort_by_key(|m| (m.range.start, std::cmp::Reverse(m.range.end)));
    let mut out: Vec<Token> = Vec::new();
    let mut open: Vec<Mark> = Vec::new();
    let mut next = 0;
    for pair in bounds.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        while next < marks.len() && marks[next].range.start <= start {
            open.push(marks[next]);
            next += 1;
        }
        open.retain(|m| m.range.end > start);
        let Some(top) = open.last() else {
            continue;
        };
        let Some(kind) = top.kind else {
            continue;
        };
        match out.last_mut() {
            Some(last)
                if last.range.end == start
                    && last.kind == kind
                    && last.declaration == top.declaration =>
            {
                last.range.end = end;
            }
            _ => out.push(Token {
                range: TextRange { start, end },
                kind,
                declaration: top.declaration,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(start: u32, end: u32, kind: TokenKind) -> Token {
        Token {
            range: TextRange { start, end },
            kind,
            declaration: false,
        }
    }

    fn m(start: u32, end: u32, kind: Option<TokenKind>) -> Mark {
        Mark {
            range: TextRange { start, end },
            kind,
            declaration: false,
        }
    }

    #[test]
    fn nested_marks_are_cut_so_that_the_innermost_wins() {
        let marks = vec![
            m(0, 20, Some(TokenKind::Claim)),
            m(4, 11, None),
            m(5, 10, Some(TokenKind::Quote)),
            m(21, 25, Some(TokenKind::Actor)),
        ];
        assert_eq!(
            flatten(marks),
            vec![
                t(0, 4, TokenKind::Claim),
                t(5, 10, TokenKind::Quote),
                t(11, 20, TokenKind::Claim),
                t(21, 25, TokenKind::Actor)
            ]
        );
    }
}
