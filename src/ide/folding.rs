//! Folding: sections, block annotations, definitions and the front matter.

use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Section,
    Block,
    Definition,
    FrontMatter,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fold {
    pub range: TextRange,
    pub kind: FoldKind,
}

pub fn folding_ranges(ws: &Workspace, file: FileId) -> Vec<Fold> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let model = &source.model;
    let trim = |range: TextRange| {
        let text = source.text.get(range.as_usize()).unwrap_or("");
        TextRange::new(
            range.start as usize,
            range.start as usize + text.trim_end().len(),
        )
    };
    let mut res = Vec::new();
    if let Some(front_matter) = &model.front_matter {
        res.push(Fold {
            range: trim(front_matter.range),
            kind: FoldKind::FrontMatter,
        });
    }
    for heading in &model.headings {
        res.push(Fold {
            range: trim(heading.section),
            kind: FoldKind::Section,
        });
    }
    for claim in model.claims.iter().filter(|claim| claim.block) {
        res.push(Fold {
            range: trim(claim.range),
            kind: FoldKind::Block,
        });
    }
    for definition in model.actors.iter().chain(&model.sources) {
        res.push(Fold {
            range: definition.range,
            kind: FoldKind::Definition,
        });
    }
    res.retain(|fold| {
        let text = source.text.get(fold.range.as_usize()).unwrap_or("");
        text.contains(['\n', '\r'])
    });
    res.sort_by_key(|fold| (fold.range.start, std::cmp::Reverse(fold.range.end)));
    res
}
