//! Moving a block's items by a number of bytes, for blocks copied from the last model to
//! a text where they start elsewhere.

use super::{
    Claim, Definition, DefinitionKind, Field, FrontMatter, Heading, Malformed, Name, Reference,
    ReferenceContext, TextPiece,
};
use crate::text::TextRange;

pub(super) fn shift(range: TextRange, delta: i64) -> TextRange {
    if delta == 0 {
        return range;
    }
    let move_by = |offset: u32| (offset as i64 + delta).max(0) as usize;
    TextRange::new(move_by(range.start), move_by(range.end))
}

pub(super) fn shift_piece(piece: TextPiece, delta: i64) -> TextPiece {
    match piece {
        TextPiece::Verbatim(range) => TextPiece::Verbatim(shift(range, delta)),
        TextPiece::Escaped { range, ch } => TextPiece::Escaped {
            range: shift(range, delta),
            ch,
        },
    }
}

pub(super) fn shift_name(name: &mut Name, delta: i64) {
    name.range = shift(name.range, delta);
}

pub(super) fn shift_field(field: &mut Field, delta: i64) {
    shift_name(&mut field.key, delta);
    if let Some(value) = &mut field.value {
        shift_name(value, delta);
    }
    field.range = shift(field.range, delta);
}

pub(super) fn shift_claim(claim: &mut Claim, delta: i64) {
    if delta == 0 {
        return;
    }
    if let Some(id) = &mut claim.id {
        shift_name(id, delta);
    }
    claim.range = shift(claim.range, delta);
    claim.span = shift(claim.span, delta);
    claim.attributes_range = shift(claim.attributes_range, delta);
    if let Some(status) = &mut claim.status {
        shift_name(status, delta);
    }
    for attribute in &mut claim.extra {
        shift_name(&mut attribute.key, delta);
        if let Some(value) = &mut attribute.value {
            shift_name(value, delta);
        }
        attribute.range = shift(attribute.range, delta);
    }
}

/// A reference moved by `delta` bytes, with the claims and definitions it belongs to
/// renumbered.
pub(super) fn shifted_reference<F: Fn(usize) -> usize>(
    mut reference: Reference,
    delta: i64,
    claim: impl Fn(usize) -> usize,
    definition: impl Fn(DefinitionKind) -> F,
) -> Reference {
    reference.range = shift(reference.range, delta);
    reference.id_range = shift(reference.id_range, delta);
    reference.context = match reference.context {
        ReferenceContext::Attribution { claim: idx } => {
            ReferenceContext::Attribution { claim: claim(idx) }
        }
        ReferenceContext::Rebuts { claim: idx } => ReferenceContext::Rebuts { claim: claim(idx) },
        ReferenceContext::Supports { claim: idx } => {
            ReferenceContext::Supports { claim: claim(idx) }
        }
        ReferenceContext::Field {
            kind,
            definition: idx,
        } => ReferenceContext::Field {
            kind,
            definition: definition(kind)(idx),
        },
        ReferenceContext::FrontMatter => ReferenceContext::FrontMatter,
    };
    reference
}

pub(super) fn shifted_definition(mut definition: Definition, delta: i64) -> Definition {
    if delta == 0 {
        return definition;
    }
    shift_name(&mut definition.id, delta);
    if let Some(name) = &mut definition.name {
        shift_name(name, delta);
    }
    definition.range = shift(definition.range, delta);
    definition.header = shift(definition.header, delta);
    definition
        .fields
        .iter_mut()
        .for_each(|field| shift_field(field, delta));
    definition
}

pub(super) fn shifted_front_matter(mut front_matter: FrontMatter, delta: i64) -> FrontMatter {
    front_matter.range = shift(front_matter.range, delta);
    front_matter
        .fields
        .iter_mut()
        .for_each(|field| shift_field(field, delta));
    front_matter
}

/// Its range only: the section and parent are worked out again from all the headings.
pub(super) fn shifted_heading(mut heading: Heading, delta: i64) -> Heading {
    heading.range = shift(heading.range, delta);
    heading
}

pub(super) fn shifted_malformed(mut malformed: Malformed, delta: i64) -> Malformed {
    malformed.range = shift(malformed.range, delta);
    malformed
}
