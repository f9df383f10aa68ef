//! Selection ranges, innermost first: id → attribute → attribute list → annotation (and the
//! spans and annotations around it) → paragraph → section (and the sections around it) →
//! file. In prose the first step is the word; in a definition or the front matter, the id
//! or the field's value.

use crate::model::FileModel;
use crate::text::{LineIndex, TextRange};
use crate::workspace::{FileId, Workspace};

/// The ranges to grow a selection at `offset` through, each containing the one before.
pub fn selection_ranges(ws: &Workspace, file: FileId, offset: usize) -> Vec<TextRange> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let text = &*source.text;
    let model = &source.model;
    // Every range must start and end on a character: a cursor inside one is before it.
    let offset = crate::text::floor_char_boundary(text, offset);
    let mut candidates = Vec::new();
    let place = markup(model, text, offset, &mut candidates);
    if place == Place::Prose {
        candidates.push(word(text, offset));
    }
    // Annotations around the cursor, innermost (last in document order) first.
    let claims = model
        .claims
        .iter()
        .rev()
        .filter(|claim| claim.range.contains_inclusive(offset));
    candidates.extend(claims.flat_map(|claim| [claim.span, claim.range]));
    // A definition or the front matter is a block of its own: its lines are no paragraph.
    if place != Place::Fields {
        candidates.push(paragraph(text, &source.line_index, offset));
    }
    if let Some(front_matter) = &model.front_matter {
        candidates.push(front_matter.range);
    }
    let mut sections: Vec<TextRange> = model
        .headings
        .iter()
        .filter(|heading| heading.section.contains_inclusive(offset))
        .flat_map(|heading| [heading.range, heading.section])
        .collect();
    sections.sort_by_key(|range| range.len());
    candidates.extend(sections);
    candidates.push(TextRange::new(0, text.len()));
    nest(candidates, offset)
}

/// Keeps the candidates that contain the cursor and grow the one kept before.
fn nest(candidates: Vec<TextRange>, offset: usize) -> Vec<TextRange> {
    let mut res: Vec<TextRange> = Vec::new();
    for range in candidates {
        if !range.contains_inclusive(offset) {
            continue;
        }
        let grows = match res.last() {
            Some(last) => range.start <= last.start && range.end >= last.end && range != *last,
            None => true,
        };
        if grows {
            res.push(range);
        }
    }
    res
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Prose,
    Attributes,
    /// A definition or the front matter: lines of fields.
    Fields,
}

/// The markup under the cursor, innermost first: attributes and their list, or a
/// definition's id, header and fields.
fn markup(model: &FileModel, text: &str, offset: usize, out: &mut Vec<TextRange>) -> Place {
    for definition in model.actors.iter().chain(&model.sources) {
        if !definition.range.contains_inclusive(offset) {
            continue;
        }
        let names = std::iter::once((definition.id.range, definition.header))
            .chain(
                definition
                    .name
                    .iter()
                    .map(|name| (name.range, definition.header)),
            )
            .chain(definition.fields.iter().flat_map(|field| {
                [Some(&field.key), field.value.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|name| (name.range, field.range))
            }));
        for (name, line) in names {
            if name.contains_inclusive(offset) {
                out.extend([name, line]);
                break;
            }
        }
        out.push(definition.range);
        return Place::Fields;
    }
    if let Some(front_matter) = &model.front_matter {
        for field in &front_matter.fields {
            if field.range.contains_inclusive(offset) {
                let value = field
                    .value
                    .as_ref()
                    .filter(|v| v.range.contains_inclusive(offset));
                out.extend(value.map(|value| value.range));
                out.push(field.range);
                return Place::Fields;
            }
        }
    }
    // The innermost attribute list around the cursor.
    let Some(claim) = model
        .claims
        .iter()
        .rev()
        .find(|claim| claim.attributes_range.contains_inclusive(offset))
    else {
        return Place::Prose;
    };
    let references = model
        .references
        .get(claim.references.as_usize())
        .unwrap_or(&[]);
    let ids = references
        .iter()
        .flat_map(|reference| [reference.id_range, reference.range])
        .chain(claim.id.iter().map(|id| id.range))
        .chain(claim.status.iter().map(|status| status.range))
        .chain(claim.extra.iter().flat_map(|attribute| {
            attribute
                .value
                .iter()
                .map(|value| value.range)
                .chain([attribute.key.range])
        }));
    let mut inner: Vec<TextRange> = ids
        .filter(|range| range.contains_inclusive(offset))
        .collect();
    inner.sort_by_key(|range| range.len());
    out.extend(inner);
    let extra = claim
        .extra
        .iter()
        .find(|attribute| attribute.range.contains_inclusive(offset));
    match extra {
        // A quoted value may hold blanks: the model knows where it ends.
        Some(attribute) => out.push(attribute.range),
        None => out.extend(token(text, claim.attributes_range, offset)),
    }
    out.push(claim.attributes_range);
    Place::Attributes
}

/// The blank-separated attribute at `offset` in an attribute list.
fn token(text: &str, list: TextRange, offset: usize) -> Option<TextRange> {
    let inner = text.get(list.as_usize())?;
    let start = list.start as usize;
    let is_separator = |ch: char| ch.is_whitespace() || matches!(ch, '{' | '}');
    let mut at = 0;
    for piece in inner.split(is_separator) {
        let range = TextRange::new(start + at, start + at + piece.len());
        at += piece.len()
            + inner[at + piece.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        if !piece.is_empty() && range.contains_inclusive(offset) {
            return Some(range);
        }
    }
    None
}

fn word(text: &str, offset: usize) -> TextRange {
    let is_word = |ch: char| ch.is_alphanumeric() || ch == '_';
    let before = text.get(..offset).unwrap_or("");
    let after = text.get(offset..).unwrap_or("");
    let start = offset
        - before
            .chars()
            .rev()
            .take_while(|ch| is_word(*ch))
            .map(char::len_utf8)
            .sum::<usize>();
    let end = offset
        + after
            .chars()
            .take_while(|ch| is_word(*ch))
            .map(char::len_utf8)
            .sum::<usize>();
    TextRange::new(start, end)
}

/// The lines around `offset` up to a blank line, a heading or a `:::` fence: a paragraph
/// as a writer sees it, without the line break that ends it.
fn paragraph(text: &str, lines: &LineIndex, offset: usize) -> TextRange {
    let line_at = |line: usize| lines.line_range(text, line);
    let ends_paragraph = |line: usize| {
        line_at(line)
            .and_then(|range| text.get(range.as_usize()))
            .is_none_or(|line| {
                line.trim().is_empty() || line.starts_with('#') || line.starts_with(":::")
            })
    };
    let here = lines.line_of(offset);
    let (mut first, mut last) = (here, here);
    if !ends_paragraph(here) {
        while first > 0 && !ends_paragraph(first - 1) {
            first -= 1;
        }
        while last + 1 < lines.line_count() && !ends_paragraph(last + 1) {
            last += 1;
        }
    }
    match (line_at(first), line_at(last)) {
        (Some(first), Some(last)) => TextRange::new(first.start as usize, last.end as usize),
        _ => TextRange::empty(offset),
    }
}
