//! Invariants the fuzz targets check on whatever the engine makes of their input.

use claimdown::model::{Definition, Field, FileModel, Name, TextPiece};
use claimdown::rules::Diagnostic;
use claimdown::text::{Encoding, LineCol, LineIndex, TextRange};
use claimdown::workspace::Workspace;

/// A range of `text` that can slice it: ordered, inside, on char boundaries.
pub fn check_range(text: &str, range: TextRange, what: &str) {
    let (start, end) = (range.start as usize, range.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what} {range:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} {range:?} splits a char of {text:?}"
    );
}

fn check_name(text: &str, name: &Name, what: &str) {
    check_range(text, name.range, what);
}

fn check_field(text: &str, field: &Field) {
    check_range(text, field.range, "field");
    check_name(text, &field.key, "field key");
    if let Some(value) = &field.value {
        check_name(text, value, "field value");
    }
}

fn check_definition(text: &str, definition: &Definition) {
    check_range(text, definition.range, "definition");
    check_range(text, definition.header, "definition header");
    check_name(text, &definition.id, "definition id");
    if let Some(name) = &definition.name {
        check_name(text, name, "definition name");
    }
    definition
        .fields
        .iter()
        .for_each(|field| check_field(text, field));
}

/// Every range the model holds lies in the text, and every index points into its list.
pub fn check_model(text: &str, model: &FileModel) {
    if let Some(front_matter) = &model.front_matter {
        check_range(text, front_matter.range, "front matter");
        front_matter
            .fields
            .iter()
            .for_each(|field| check_field(text, field));
    }
    for heading in &model.headings {
        check_range(text, heading.range, "heading");
        check_range(text, heading.section, "section");
        assert!(heading
            .parent
            .is_none_or(|parent| parent < model.headings.len()));
    }
    for claim in &model.claims {
        check_range(text, claim.range, "claim");
        check_range(text, claim.span, "claim span");
        check_range(text, claim.attributes_range, "claim attributes");
        if let Some(id) = &claim.id {
            check_name(text, id, "claim id");
        }
        if let Some(status) = &claim.status {
            check_name(text, status, "claim status");
        }
        for attribute in &claim.extra {
            check_range(text, attribute.range, "attribute");
            check_name(text, &attribute.key, "attribute key");
            if let Some(value) = &attribute.value {
                check_name(text, value, "attribute value");
            }
        }
        let refs = claim.references;
        assert!(refs.start <= refs.end && refs.end as usize <= model.references.len());
        assert!(claim
            .parent
            .is_none_or(|parent| parent < model.claims.len()));
        assert!(claim
            .heading
            .is_none_or(|heading| heading < model.headings.len()));
    }
    for definition in model.actors.iter().chain(&model.sources) {
        check_definition(text, definition);
    }
    for reference in &model.references {
        check_range(text, reference.range, "reference");
        check_range(text, reference.id_range, "reference id");
        assert_eq!(
            &text[reference.id_range.as_usize()],
            reference.id.as_str(),
            "a reference's id is the text at its id range"
        );
    }
    for malformed in &model.malformed {
        check_range(text, malformed.range, "malformed");
    }
    for piece in &model.text_pieces {
        check_range(text, piece.range(), "text piece");
        if let TextPiece::Verbatim(range) = piece {
            check_range(text, *range, "verbatim piece");
        }
    }
    for (id, &claim) in &model.claim_ids {
        let named = model.claims.get(claim).and_then(|claim| claim.id.as_ref());
        assert_eq!(named.map(|name| name.text.as_str()), Some(id.as_str()));
    }
}

/// Every diagnostic's ranges (its own, its related places', its fix's) lie in their files.
pub fn check_diagnostics(ws: &Workspace, text: &str, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        check_range(text, diagnostic.range, "diagnostic");
        if let Some(fix) = &diagnostic.fix {
            check_range(text, fix.range, "fix");
        }
        for related in &diagnostic.related {
            let file = ws
                .file(related.file)
                .expect("related places are in the workspace");
            check_range(&file.text, related.range, "related place");
        }
    }
}

/// A model as comparable text (see `FileModel::comparable`).
pub fn model_debug(model: &FileModel) -> String {
    model.comparable()
}

/// The line index agrees, at every char boundary, with lines and columns counted here the
/// plain way, and converts back to the same offset in each encoding.
pub fn check_positions(text: &str) {
    let index = LineIndex::new(text);
    let mut expected = (0u32, [0u32; 3]);
    let mut chars = text.char_indices().peekable();
    // A conversion costs the length of its line: converting at every boundary would make
    // a run quadratic, so the walk converts at a sample of chars, spread evenly, and next
    // to line breaks (where the counting turns), at most `BUDGET` places in all.
    const BUDGET: usize = 96;
    let step = (text.chars().count() / (BUDGET / 2)).max(1);
    let bytes = text.as_bytes();
    let special = |offset: usize| {
        bytes[offset.saturating_sub(2)..(offset + 2).min(bytes.len())]
            .iter()
            .any(|&b| b == b'\n' || b == b'\r')
    };
    let mut budget = BUDGET;
    for n in 0.. {
        let (offset, ch) = match chars.next() {
            Some((offset, ch)) => (offset, Some(ch)),
            None => (text.len(), None),
        };
        // Between the `\r` and `\n` of a line break there is no position to go back to.
        let inside_crlf = offset > 0 && bytes[offset - 1] == b'\r' && ch == Some('\n');
        let checked = ch.is_none() || (budget > 0 && (n % step == 0 || special(offset)));
        budget -= usize::from(checked && budget > 0);
        for (n, encoding) in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars]
            .into_iter()
            .enumerate()
            .filter(|_| checked)
        {
            let at = index.line_col(text, offset, encoding);
            let want = LineCol {
                line: expected.0,
                col: expected.1[n],
            };
            assert_eq!(at, want, "{encoding:?} position of {offset} in {text:?}");
            if !inside_crlf {
                assert_eq!(
                    index.offset(text, at, encoding),
                    offset,
                    "{encoding:?} round trip of {offset} in {text:?}"
                );
            }
        }
        let Some(ch) = ch else { break };
        let breaks = ch == '\n' || (ch == '\r' && chars.peek().map(|&(_, c)| c) != Some('\n'));
        if breaks {
            expected = (expected.0 + 1, [0; 3]);
        } else {
            expected.1[0] += ch.len_utf8() as u32;
            expected.1[1] += ch.len_utf16() as u32;
            expected.1[2] += 1;
        }
    }
    assert_eq!(index.line_count() as u32, expected.0 + 1);
    // Past the end clamps to the end.
    let past = LineCol {
        line: expected.0 + 1,
        col: 0,
    };
    assert_eq!(index.offset(text, past, Encoding::Utf16), text.len());
}

/// The text with every line break written as `newline`.
pub fn with_line_breaks(text: &str, newline: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', newline)
}
