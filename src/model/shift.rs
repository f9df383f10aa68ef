//! Moving a block's items to where the block stands in a new model: by a number of bytes
//! (a block copied from the last model to a text where it starts elsewhere) and by the
//! places its lists start at (indices between items renumbered).
//!
//! Each item destructures itself whole, so a field added to a model type does not compile
//! until it says how it moves: no range can silently stay where it was.

use super::cache::Counts;
use super::{
    Attribute, Claim, Definition, Field, FrontMatter, Heading, IndexRange, Malformed, Name,
    Reference, ReferenceContext, TextPiece,
};
use crate::model::DefinitionKind;
use crate::syntax::{EndsBefore, SyntaxError, SyntaxFix};
use crate::text::TextRange;

/// How far a block's items move: `delta` bytes, and the difference between where each list
/// stood when the block was made and where it stands in the model it joins.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Move {
    pub delta: i64,
    pub claims: i64,
    pub references: i64,
    pub actors: i64,
    pub sources: i64,
}

impl Move {
    /// Items moved by `delta` bytes, from lists that stood at `from` to lists that stand
    /// at `now`.
    pub fn between(now: Counts, from: Counts, delta: i64) -> Move {
        let by = |now: u32, from: u32| i64::from(now) - i64::from(from);
        Move {
            delta,
            claims: by(now.claims, from.claims),
            references: by(now.references, from.references),
            actors: by(now.actors, from.actors),
            sources: by(now.sources, from.sources),
        }
    }

    fn range(&self, range: &mut TextRange) {
        if self.delta != 0 {
            let by = |offset: u32| (offset as i64 + self.delta).max(0) as usize;
            *range = TextRange::new(by(range.start), by(range.end));
        }
    }

    fn index(by: i64, idx: &mut usize) {
        *idx = (*idx as i64 + by) as usize;
    }

    fn index_range(by: i64, range: &mut IndexRange) {
        range.start = (range.start as i64 + by) as u32;
        range.end = (range.end as i64 + by) as u32;
    }
}

/// An item that moves with its block.
pub(super) trait Relocate {
    fn relocate(&mut self, by: &Move);
}

impl<T: Relocate> Relocate for Option<T> {
    fn relocate(&mut self, by: &Move) {
        if let Some(item) = self {
            item.relocate(by);
        }
    }
}

impl<T: Relocate> Relocate for Vec<T> {
    fn relocate(&mut self, by: &Move) {
        self.iter_mut().for_each(|item| item.relocate(by));
    }
}

impl Relocate for TextRange {
    fn relocate(&mut self, by: &Move) {
        by.range(self);
    }
}

impl Relocate for Name {
    fn relocate(&mut self, by: &Move) {
        let Name { text: _, range } = self;
        by.range(range);
    }
}

impl Relocate for Attribute {
    fn relocate(&mut self, by: &Move) {
        let Attribute { key, value, range } = self;
        key.relocate(by);
        value.relocate(by);
        by.range(range);
    }
}

impl Relocate for Field {
    fn relocate(&mut self, by: &Move) {
        let Field { key, value, range } = self;
        key.relocate(by);
        value.relocate(by);
        by.range(range);
    }
}

impl Relocate for Claim {
    fn relocate(&mut self, by: &Move) {
        let Claim {
            id,
            kind: _,
            quote: _,
            block: _,
            range,
            span,
            attributes_range,
            references,
            status,
            extra,
            parent,
            // The heading a block stands under is the assembler's to say: it depends on
            // the blocks before, which may have changed.
            heading: _,
        } = self;
        id.relocate(by);
        by.range(range);
        by.range(span);
        by.range(attributes_range);
        Move::index_range(by.references, references);
        status.relocate(by);
        extra.relocate(by);
        if let Some(parent) = parent {
            Move::index(by.claims, parent);
        }
    }
}

impl Relocate for Reference {
    fn relocate(&mut self, by: &Move) {
        let Reference {
            kind: _,
            id: _,
            range,
            id_range,
            context,
        } = self;
        by.range(range);
        by.range(id_range);
        match context {
            ReferenceContext::Attribution { claim }
            | ReferenceContext::Rebuts { claim }
            | ReferenceContext::Supports { claim } => Move::index(by.claims, claim),
            ReferenceContext::Field { kind, definition } => {
                let shift = match kind {
                    DefinitionKind::Actor => by.actors,
                    DefinitionKind::Source => by.sources,
                };
                Move::index(shift, definition);
            }
            ReferenceContext::FrontMatter => (),
        }
    }
}

impl Relocate for Definition {
    fn relocate(&mut self, by: &Move) {
        let Definition {
            kind: _,
            id,
            name,
            range,
            header,
            fields,
        } = self;
        id.relocate(by);
        name.relocate(by);
        by.range(range);
        by.range(header);
        fields.relocate(by);
    }
}

impl Relocate for FrontMatter {
    fn relocate(&mut self, by: &Move) {
        let FrontMatter { range, fields } = self;
        by.range(range);
        fields.relocate(by);
    }
}

impl Relocate for Heading {
    fn relocate(&mut self, by: &Move) {
        let Heading {
            level: _,
            title: _,
            range,
            // Worked out again from all the headings once the model is assembled.
            section: _,
            parent: _,
        } = self;
        by.range(range);
    }
}

impl Relocate for Malformed {
    fn relocate(&mut self, by: &Move) {
        let Malformed { range, message: _ } = self;
        by.range(range);
    }
}

impl Relocate for TextPiece {
    fn relocate(&mut self, by: &Move) {
        match self {
            TextPiece::Verbatim(range) | TextPiece::Escaped { range, ch: _ } => by.range(range),
        }
    }
}

impl Relocate for SyntaxError {
    fn relocate(&mut self, by: &Move) {
        let SyntaxError {
            range,
            message: _,
            fix,
            ends_before,
        } = self;
        by.range(range);
        if let Some(EndsBefore { what: _, offset }) = ends_before {
            *offset = (i64::from(*offset) + by.delta).max(0) as u32;
        }
        if let Some(SyntaxFix {
            title: _,
            range,
            replacement: _,
        }) = fix
        {
            by.range(range);
        }
    }
}

/// Items moved: cloned from `items` and relocated.
pub(super) fn moved<'a, T: Relocate + Clone + 'a>(
    items: impl IntoIterator<Item = &'a T> + 'a,
    by: Move,
) -> impl Iterator<Item = T> + 'a {
    items.into_iter().map(move |item| {
        let mut item = item.clone();
        item.relocate(&by);
        item
    })
}
