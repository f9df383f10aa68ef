//! Hover: who an actor is, what a source is, what a claim says and who answers it.

use std::fmt::Write;

use super::resolve::{entity_at, Entity};
use crate::model::{
    Claim, ClaimKind, Definition, DefinitionKind, ReferenceContext, ReferenceKind, Role,
};
use crate::text::TextRange;
use crate::workspace::{FileId, Location, SourceFile, Workspace};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HoverResult {
    /// What the hover is about, to highlight.
    pub range: TextRange,
    pub markdown: String,
}

/// How many attributed claims an actor's hover lists.
const LISTED_CLAIMS: usize = 3;
/// How much of a claim's text a hover quotes.
const QUOTED_CHARS: usize = 160;

pub fn hover(ws: &Workspace, file: FileId, offset: usize) -> Option<HoverResult> {
    let occurrence = entity_at(ws, file, offset)?;
    let markdown = hover_markdown(ws, &occurrence.entity)?;
    Some(HoverResult {
        range: occurrence.range,
        markdown,
    })
}

/// The hover text of an entity, also the documentation of its completion item.
pub(crate) fn hover_markdown(ws: &Workspace, entity: &Entity) -> Option<String> {
    let markdown = match entity {
        Entity::Definition(from, kind, id) => match ws.definition(*from, *kind, id) {
            Some((def_file, definition)) => match kind {
                DefinitionKind::Actor => actor(ws, def_file, definition),
                DefinitionKind::Source => source(ws, def_file, definition),
            },
            None => format!(
                "`{}{id}` — no {} of this id is defined in the workspace",
                kind.sigil(),
                kind.noun()
            ),
        },
        Entity::Claim(claim_file, id) => {
            let source = ws.file(*claim_file)?;
            match source.model.claim_by_id(id) {
                Some((claim_idx, claim)) => {
                    claim_markdown(ws, *claim_file, source, claim_idx, claim)
                }
                None => format!("`#{id}` — no claim of this id in this file"),
            }
        }
    };
    Some(markdown)
}

fn actor(ws: &Workspace, file: FileId, definition: &Definition) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {}", escape(definition.display_name()));
    let mut facts = vec![format!("`@{}`", definition.id.text)];
    if let Some(kind) = definition.field("kind") {
        facts.push(escape(&kind.text));
    }
    facts.extend(location(ws, file, definition.id.range));
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    let mut role = Vec::new();
    if let Some(value) = definition.field("role") {
        role.push(escape(&value.text));
    }
    if let Some(value) = definition.field("affiliation") {
        let id = value.text.trim_start_matches('@');
        let name = ws.definition(file, DefinitionKind::Actor, id).map_or_else(
            || format!("`{}`", value.text),
            |(_, affiliation)| format!("**{}**", escape(affiliation.display_name())),
        );
        role.push(name);
    }
    if !role.is_empty() {
        let _ = writeln!(out, "{}\n", role.join(", "));
    }
    let aliases: Vec<String> = definition
        .fields_named("alias")
        .map(|alias| escape(&alias.text))
        .collect();
    if !aliases.is_empty() {
        let _ = writeln!(out, "Also known as: {}\n", aliases.join(", "));
    }
    if let Some(description) = definition.field("description") {
        let _ = writeln!(out, "{}\n", escape(&description.text));
    }
    attributions(
        &mut out,
        ws,
        file,
        DefinitionKind::Actor,
        &definition.id.text,
    );
    out.trim_end().to_owned()
}

fn source(ws: &Workspace, file: FileId, definition: &Definition) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### {}", escape(definition.display_name()));
    let mut facts = vec![format!("`^{}`", definition.id.text)];
    for key in ["kind", "date"] {
        if let Some(value) = definition.field(key) {
            facts.push(escape(&value.text));
        }
    }
    facts.extend(location(ws, file, definition.id.range));
    let _ = writeln!(out, "{}\n", facts.join(" · "));
    if let Some(publisher) = definition.field("publisher") {
        let id = publisher.text.trim_start_matches('@');
        let name = ws.definition(file, DefinitionKind::Actor, id).map_or_else(
            || format!("`{}`", publisher.text),
            |(_, actor)| format!("**{}**", escape(actor.display_name())),
        );
        let _ = writeln!(out, "Published by {name}\n");
    }
    for key in ["url", "archived"] {
        if let Some(url) = definition.field(key) {
            let label = if key == "url" { "" } else { "Archived: " };
            let _ = writeln!(out, "{label}<{}>\n", url.text);
        }
    }
    if let Some(description) = definition.field("description") {
        let _ = writeln!(out, "{}\n", escape(&description.text));
    }
    attributions(
        &mut out,
        ws,
        file,
        DefinitionKind::Source,
        &definition.id.text,
    );
    out.trim_end().to_owned()
}

/// Counts and lists the claims attributed to an actor or citing a source.
fn attributions(out: &mut String, ws: &Workspace, from: FileId, kind: DefinitionKind, id: &str) {
    let mut counts = [0usize; 3];
    let mut listed = Vec::new();
    for location in ws.references(from, kind, id) {
        // Counted from the index and compact files; only the claims listed need their
        // file's whole model (built for a closed file).
        let Some(claim_kind) = ws.attributed_claim_kind(location) else {
            continue;
        };
        counts[claim_kind as usize] += 1;
        if listed.len() < LISTED_CLAIMS {
            listed.extend(listed_claim(ws, location));
        }
    }
    let total: usize = counts.iter().sum();
    if total == 0 {
        let _ = writeln!(
            out,
            "---\nNo claim {} it yet.",
            if kind == DefinitionKind::Actor {
                "is attributed to"
            } else {
                "cites"
            }
        );
        return;
    }
    let parts: Vec<String> = [
        (ClaimKind::Claim, "claim"),
        (ClaimKind::Quote, "quote"),
        (ClaimKind::Rebuttal, "rebuttal"),
    ]
    .iter()
    .filter(|(kind, _)| counts[*kind as usize] > 0)
    .map(|(kind, noun)| {
        let n = counts[*kind as usize];
        format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
    })
    .collect();
    let verb = if kind == DefinitionKind::Actor {
        "Attributed"
    } else {
        "Cited by"
    };
    let _ = writeln!(
        out,
        "---\n{verb}: {} across the workspace",
        parts.join(", ")
    );
    for line in listed {
        let _ = writeln!(out, "- {line}");
    }
    if total > LISTED_CLAIMS {
        let _ = writeln!(out, "- … and {} more", total - LISTED_CLAIMS);
    }
}

/// The line listing the claim whose attributes hold the reference at `location`.
fn listed_claim(ws: &Workspace, location: Location) -> Option<String> {
    let source = ws.file(location.file)?;
    let reference = source.model.references.get(location.idx)?;
    let ReferenceContext::Attribution { claim } = reference.context else {
        return None;
    };
    let claim = source.model.claims.get(claim)?;
    Some(claim_line(ws, location.file, source, claim))
}

fn claim_line(ws: &Workspace, file: FileId, source: &SourceFile, claim: &Claim) -> String {
    let text = quote(&source.model.claim_text(&source.text, claim));
    let id = claim
        .id
        .as_ref()
        .map(|id| format!(" `#{}`", id.text))
        .unwrap_or_default();
    let place = location(ws, file, claim.range).unwrap_or_default();
    format!("{text} — {}{id}, {place}", claim.kind.as_str())
}

fn claim_markdown(
    ws: &Workspace,
    file: FileId,
    source: &SourceFile,
    claim_idx: usize,
    claim: &Claim,
) -> String {
    let model = &source.model;
    let mut out = String::new();
    let id = claim
        .id
        .as_ref()
        .map(|id| format!(" `#{}`", id.text))
        .unwrap_or_default();
    let mut title = format!(
        "**{}{}**{id}",
        claim.kind.as_str(),
        if claim.quote && claim.kind != ClaimKind::Quote {
            " (quote)"
        } else {
            ""
        }
    );
    if let Some(status) = &claim.status {
        title.push_str(&format!(" · status: {}", escape(&status.text)));
    }
    let _ = writeln!(out, "{title}\n");
    let _ = writeln!(out, "> {}\n", quote(&model.claim_text(&source.text, claim)));
    let names = |claim: &Claim, kind: DefinitionKind| -> Vec<String> {
        let role = match kind {
            DefinitionKind::Actor => Role::Actor,
            DefinitionKind::Source => Role::Source,
        };
        model
            .claim_references(claim, role)
            .map(|(_, reference)| reference)
            .map(|reference| match ws.definition(file, kind, &reference.id) {
                Some((_, definition)) => format!("**{}**", escape(definition.display_name())),
                None => format!("`{}{}` (undefined)", kind.sigil(), reference.id),
            })
            .collect()
    };
    let actors = names(claim, DefinitionKind::Actor);
    if !actors.is_empty() {
        let _ = writeln!(out, "By {}\n", actors.join(", "));
    }
    let sources = names(claim, DefinitionKind::Source);
    if !sources.is_empty() {
        let _ = writeln!(out, "In {}\n", sources.join(", "));
    }
    let targets = |role: Role| -> Vec<String> {
        model
            .claim_references(claim, role)
            .map(|(_, reference)| reference)
            .map(|reference| match model.claim_by_id(&reference.id) {
                Some((_, target)) => format!(
                    "`#{}` {}",
                    reference.id,
                    quote(&model.claim_text(&source.text, target))
                ),
                None => format!("`#{}` (undefined)", reference.id),
            })
            .collect()
    };
    for (label, list) in [
        ("Rebuts", targets(Role::Rebuts)),
        ("Supports", targets(Role::Supports)),
    ] {
        for item in list {
            let _ = writeln!(out, "{label} {item}\n");
        }
    }
    if let Some(id) = &claim.id {
        for (reference_idx, reference) in model.references_to(ReferenceKind::Claim, &id.text) {
            let _ = reference_idx;
            let (label, by) = match reference.context {
                ReferenceContext::Rebuts { claim } => ("Rebutted by", claim),
                ReferenceContext::Supports { claim } => ("Supported by", claim),
                _ => continue,
            };
            if by == claim_idx {
                continue;
            }
            let Some(other) = model.claims.get(by) else {
                continue;
            };
            let other_id = other
                .id
                .as_ref()
                .map(|id| format!("`#{}` ", id.text))
                .unwrap_or_default();
            let who = names(other, DefinitionKind::Actor);
            let who = if who.is_empty() {
                String::new()
            } else {
                format!(" — {}", who.join(", "))
            };
            let _ = writeln!(
                out,
                "{label} {other_id}{}{who}\n",
                quote(&model.claim_text(&source.text, other))
            );
        }
    }
    out.trim_end().to_owned()
}

fn location(ws: &Workspace, file: FileId, range: TextRange) -> Option<String> {
    let source = ws.file_text(file)?;
    let name = source.path.file_name().map_or_else(
        || source.path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    );
    Some(format!(
        "{}:{}",
        name,
        source.line_index.line_of(range.start as usize) + 1
    ))
}

/// A claim's text in quotation marks, shortened.
fn quote(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut short: String = flat.chars().take(QUOTED_CHARS).collect();
    if flat.chars().count() > QUOTED_CHARS {
        short.push('…');
    }
    // Quotes often carry their own quotation marks.
    if short.starts_with(['“', '"', '«', '‘', '„', '「']) {
        return escape(&short);
    }
    format!("“{}”", escape(&short))
}

/// Escapes Markdown so that names and prose show as written.
fn escape(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(
            ch,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            res.push('\\');
        }
        res.push(ch);
    }
    res
}
