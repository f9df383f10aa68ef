//! What stands at a position: an actor, a source or a claim, written as a definition or a
//! reference.

use crate::model::{DefinitionKind, Reference, ReferenceKind};
use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

use super::FileRange;

/// Something that can be defined and referred to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Entity {
    /// An actor or a source: global to the project of the file it is seen from.
    Definition(FileId, DefinitionKind, String),
    /// A claim: its id is local to its file.
    Claim(FileId, String),
}

impl Entity {
    pub fn id(&self) -> &str {
        match self {
            Entity::Definition(_, _, id) | Entity::Claim(_, id) => id,
        }
    }

    pub fn sigil(&self) -> char {
        match self {
            Entity::Definition(_, kind, _) => kind.sigil(),
            Entity::Claim(..) => '#',
        }
    }
}

/// One place where an entity is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub entity: Entity,
    /// The id alone (what a rename replaces).
    pub id_range: TextRange,
    /// The id with its sigil.
    pub range: TextRange,
    pub is_definition: bool,
}

/// The entity at `offset` in a file; a cursor just after an id still counts.
pub fn entity_at(ws: &Workspace, file: FileId, offset: usize) -> Option<Occurrence> {
    let model = &ws.file(file)?.model;
    for reference in &model.references {
        if !reference.range.contains_inclusive(offset) {
            continue;
        }
        let entity = match reference.kind.definition_kind() {
            Some(kind) => Entity::Definition(file, kind, reference.id.to_string()),
            None => Entity::Claim(file, reference.id.to_string()),
        };
        return Some(Occurrence {
            entity,
            id_range: reference.id_range,
            range: reference.range,
            is_definition: false,
        });
    }
    for kind in [DefinitionKind::Actor, DefinitionKind::Source] {
        for definition in model.definitions(kind) {
            let range = TextRange::new(
                definition.header.start as usize,
                definition.id.range.end as usize,
            );
            if range.contains_inclusive(offset) {
                return Some(Occurrence {
                    entity: Entity::Definition(file, kind, definition.id.text.to_string()),
                    id_range: definition.id.range,
                    range,
                    is_definition: true,
                });
            }
        }
    }
    for claim in &model.claims {
        let Some(id) = &claim.id else {
            continue;
        };
        let range = TextRange::new(
            id.range.start.saturating_sub(1) as usize,
            id.range.end as usize,
        );
        if range.contains_inclusive(offset) {
            return Some(Occurrence {
                entity: Entity::Claim(file, id.text.to_string()),
                id_range: id.range,
                range,
                is_definition: true,
            });
        }
    }
    None
}

/// Every place an entity is written: definitions first, then references.
pub(crate) fn occurrences(ws: &Workspace, entity: &Entity) -> Vec<(FileRange, Occurrence)> {
    let mut res = Vec::new();
    match entity {
        Entity::Definition(from, kind, id) => {
            for location in ws.definitions(*from, *kind, id) {
                let Some(definition) = ws.file_definitions(location.file, *kind).get(location.idx)
                else {
                    continue;
                };
                let range = TextRange::new(
                    definition.header.start as usize,
                    definition.id.range.end as usize,
                );
                res.push((
                    FileRange {
                        file: location.file,
                        range: definition.range,
                    },
                    Occurrence {
                        entity: entity.clone(),
                        id_range: definition.id.range,
                        range,
                        is_definition: true,
                    },
                ));
            }
            for location in ws.references(*from, *kind, id) {
                let Some(reference) = ws.reference(location) else {
                    continue;
                };
                res.push(reference_occurrence(entity, location.file, &reference));
            }
        }
        Entity::Claim(file, id) => {
            let Some(source) = ws.file(*file) else {
                return res;
            };
            for claim in &source.model.claims {
                let Some(claim_id) = claim.id.as_ref().filter(|claim_id| claim_id.text == *id)
                else {
                    continue;
                };
                let range = TextRange::new(
                    claim_id.range.start.saturating_sub(1) as usize,
                    claim_id.range.end as usize,
                );
                res.push((
                    FileRange {
                        file: *file,
                        range: claim.range,
                    },
                    Occurrence {
                        entity: entity.clone(),
                        id_range: claim_id.range,
                        range,
                        is_definition: true,
                    },
                ));
            }
            for (_, reference) in source.model.references_to(ReferenceKind::Claim, id) {
                res.push(reference_occurrence(entity, *file, reference));
            }
        }
    }
    res
}

fn reference_occurrence(
    entity: &Entity,
    file: FileId,
    reference: &Reference,
) -> (FileRange, Occurrence) {
    (
        FileRange {
            file,
            range: reference.range,
        },
        Occurrence {
            entity: entity.clone(),
            id_range: reference.id_range,
            range: reference.range,
            is_definition: false,
        },
    )
}
