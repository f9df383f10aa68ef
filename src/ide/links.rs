//! Document links: the `url:` and `archived:` fields of definitions and of the front
//! matter, and each `^source` reference to a source that has a `url:`.

use crate::model::vocabulary::is_url;
use crate::model::{DefinitionKind, Field, ReferenceKind};
use crate::text::TextRange;
use crate::workspace::{FileId, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub range: TextRange,
    pub target: String,
    /// What the link opens, for a tooltip: `Remarks to FNA` for a `^source`.
    pub tooltip: Option<String>,
}

const LINK_FIELDS: [&str; 2] = ["url", "archived"];

pub fn document_links(ws: &Workspace, file: FileId) -> Vec<Link> {
    let Some(source) = ws.file(file) else {
        return Vec::new();
    };
    let model = &source.model;
    let fields = model
        .front_matter
        .iter()
        .flat_map(|front_matter| &front_matter.fields)
        .chain(
            model
                .actors
                .iter()
                .chain(&model.sources)
                .flat_map(|definition| &definition.fields),
        );
    let mut res: Vec<Link> = fields.filter_map(field_link).collect();
    for reference in &model.references {
        if reference.kind != ReferenceKind::Source {
            continue;
        }
        let Some((_, definition)) = ws.definition(file, DefinitionKind::Source, &reference.id)
        else {
            continue;
        };
        // A malformed url is `invalid-field`'s to report, not a link to follow.
        let Some(url) = definition.field("url").filter(|url| is_url(&url.text)) else {
            continue;
        };
        res.push(Link {
            range: reference.range,
            target: url.text.to_string(),
            tooltip: Some(definition.display_name().to_owned()),
        });
    }
    res.sort_by_key(|link| link.range.start);
    res
}

fn field_link(field: &Field) -> Option<Link> {
    if !LINK_FIELDS.contains(&field.key.text.as_str()) {
        return None;
    }
    let value = field.value.as_ref()?;
    if !is_url(&value.text) {
        return None;
    }
    Some(Link {
        range: value.range,
        target: value.text.to_string(),
        tooltip: None,
    })
}
