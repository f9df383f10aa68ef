//! The refactors of a selection: "Mark as claim" and "Mark as quote". Each is offered only
//! where its result parses as the one new claim it means to make.

use super::{Action, ActionKind, FileEdit};
use crate::model::{has_blank_line, FileModel};
use crate::text::TextRange;
use crate::workspace::{analyze, FileId, SourceFile};

/// A fresh id `prefix-words-of-the-text` not yet a claim id of the file.
fn fresh_claim_id(model: &FileModel, prefix: &str, plain: &str) -> String {
    let words: Vec<String> = plain
        .split(|ch: char| !ch.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(4)
        .map(str::to_lowercase)
        .collect();
    let mut slug = words.join("-");
    if slug.chars().count() > 32 {
        slug = slug
            .chars()
            .take(32)
            .collect::<String>()
            .trim_end_matches('-')
            .to_owned();
    }
    let base = if slug.is_empty() {
        prefix.to_owned()
    } else {
        format!("{prefix}-{slug}")
    };
    std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base}-{n}")))
        .find(|id| !model.claim_ids.contains_key(id.as_str()))
        .unwrap_or(base)
}

/// Whether applying `edits` to the file gives a claim `id` (a check that the refactor made
/// the markup it meant to, whatever the text around it).
fn gives_claim(file: &SourceFile, edits: &[FileEdit], id: &str, block: bool) -> bool {
    let edits: Vec<crate::ide::TextEdit> = edits
        .iter()
        .map(|edit| crate::ide::TextEdit {
            range: edit.range,
            new_text: edit.new_text.clone(),
        })
        .collect();
    let text = crate::ide::apply_edits(&file.text, &edits);
    let edited = analyze(file.path.clone(), text);
    let named: Vec<_> = edited
        .model
        .claims
        .iter()
        .filter(|claim| claim.id.as_ref().is_some_and(|name| name.text == id))
        .collect();
    edited.syntax_errors().count() <= file.syntax_errors().count()
        && edited.model.claims.len() == file.model.claims.len() + 1
        && matches!(named[..], [claim] if claim.block == block)
}

/// "Mark as claim": `[selection]{#c-words}`, the cursor after the id.
pub(super) fn mark_as_claim(
    file_id: FileId,
    file: &SourceFile,
    range: TextRange,
) -> Option<Action> {
    let text = &*file.text;
    let selected = text.get(range.as_usize())?;
    let start = range.start as usize + (selected.len() - selected.trim_start().len());
    let end = start + selected.trim().len();
    if start >= end {
        return None;
    }
    let sel = TextRange::new(start, end);
    let model = &file.model;
    let meets = |r: TextRange| r.start < sel.end && sel.start < r.end;
    let inside =
        |outer: TextRange, inner: TextRange| outer.start <= inner.start && inner.end <= outer.end;
    let blocked = model
        .actors
        .iter()
        .chain(&model.sources)
        .any(|d| meets(d.range))
        || model
            .front_matter
            .as_ref()
            .is_some_and(|fm| meets(fm.range))
        || model.headings.iter().any(|h| meets(h.range))
        || model.claims.iter().any(|claim| {
            // Inside a claim's prose, or around a whole inline claim.
            let fits = inside(claim.span, sel) || (!claim.block && inside(sel, claim.range));
            (meets(claim.range) && !fits)
                || (meets(claim.attributes_range) && !inside(sel, claim.range))
        })
        || has_blank_line(&text[sel.as_usize()]);
    if blocked {
        return None;
    }
    let id = fresh_claim_id(model, "c", &model.plain_text(text, sel));
    let closing = format!("]{{#{id}}}");
    let edits = vec![
        FileEdit {
            file: file_id,
            range: TextRange::empty(start),
            new_text: "[".to_owned(),
        },
        FileEdit {
            file: file_id,
            range: TextRange::empty(end),
            new_text: closing.clone(),
        },
    ];
    if !gives_claim(file, &edits, &id, false) {
        return None;
    }
    Some(Action {
        title: "Mark as claim".to_owned(),
        kind: ActionKind::Refactor,
        diagnostic: None,
        cursor: Some((file_id, end + 1 + closing.len() - 1)),
        choices: Vec::new(),
        edits,
        preferred: false,
    })
}

/// "Mark as quote": the paragraph holding the selection as a block quote
/// `::: #q-words quote`, the cursor at the end of the fence line for the attribution.
pub(super) fn mark_as_quote(
    file_id: FileId,
    file: &SourceFile,
    range: TextRange,
) -> Option<Action> {
    let text = &*file.text;
    let paragraph = crate::syntax::paragraph_around(text, range)?;
    let model = &file.model;
    // A paragraph that is already a whole block quote's body stays as it is.
    if model
        .claims
        .iter()
        .any(|claim| claim.block && claim.span == paragraph)
    {
        return None;
    }
    let id = fresh_claim_id(model, "q", &model.plain_text(text, paragraph));
    let opening = format!("::: #{id} quote\n");
    let (end, closing) = match text[..paragraph.end as usize].ends_with('\n') {
        true => (paragraph.end as usize, ":::\n".to_owned()),
        false => (paragraph.end as usize, "\n:::\n".to_owned()),
    };
    let edits = vec![
        FileEdit {
            file: file_id,
            range: TextRange::empty(paragraph.start as usize),
            new_text: opening.clone(),
        },
        FileEdit {
            file: file_id,
            range: TextRange::empty(end),
            new_text: closing,
        },
    ];
    if !gives_claim(file, &edits, &id, true) {
        return None;
    }
    Some(Action {
        title: "Mark as quote".to_owned(),
        kind: ActionKind::Refactor,
        diagnostic: None,
        cursor: Some((file_id, paragraph.start as usize + opening.len() - 1)),
        choices: Vec::new(),
        edits,
        preferred: false,
    })
}
