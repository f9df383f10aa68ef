//! Code lens over actor and source definitions: how much of the project rests on them,
//! `7 claims · 2 rebuttals · cited in 3 files`, with the references to show on a click.

use std::collections::BTreeSet;

use super::FileRange;
use crate::model::{ClaimKind, DefinitionKind};
use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lens {
    /// The definition line, where the lens is drawn.
    pub range: TextRange,
    /// The definition's id: where a find-references would be asked from.
    pub id_range: TextRange,
    pub title: String,
    /// Every reference to the definition across its project, in file order.
    pub references: Vec<FileRange>,
}

/// One lens per actor and source definition of a file.
pub fn code_lenses(ws: &Workspace, file: FileId) -> Vec<Lens> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let mut res = Vec::new();
    for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
        for definition in source.model.definitions(kind) {
            let mut references = Vec::new();
            let mut counts = [0usize; 3];
            let mut files = BTreeSet::new();
            for location in ws.references(file, kind, &definition.id.text) {
                let Some(reference) = ws.reference(location) else {
                    continue;
                };
                references.push(FileRange {
                    file: location.file,
                    range: reference.range,
                });
                files.insert(location.file);
                if let Some(claim_kind) = ws.attributed_claim_kind(location) {
                    counts[kind_slot(claim_kind)] += 1;
                }
            }
            res.push(Lens {
                range: definition.header,
                id_range: definition.id.range,
                title: title(counts, files.len()),
                references,
            });
        }
    }
    res
}

fn kind_slot(kind: ClaimKind) -> usize {
    match kind {
        ClaimKind::Claim => 0,
        ClaimKind::Quote => 1,
        ClaimKind::Rebuttal => 2,
    }
}

/// `7 claims · 1 quote · 2 rebuttals · cited in 3 files`, leaving out the kinds at zero.
fn title(counts: [usize; 3], files: usize) -> String {
    let mut parts: Vec<String> = [
        ("claim", counts[0]),
        ("quote", counts[1]),
        ("rebuttal", counts[2]),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .map(|(noun, n)| plural(n, noun))
    .collect();
    match files {
        0 => parts.push("not cited".to_owned()),
        n => parts.push(format!("cited in {}", plural(n, "file"))),
    }
    parts.join(" · ")
}

fn plural(n: usize, noun: &str) -> String {
    match n {
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}
