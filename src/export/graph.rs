//! The argument graph that `dot` and `mermaid` draw: who says what, where, and which claim
//! contradicts or corroborates which.

use super::{articles, explicit_status, front_field, resolved_claims, resolved_definitions, Input};
use crate::model::vocabulary::Status;
use crate::model::{Claim, ClaimKind, DefinitionKind, Role};

/// How many characters of a claim's text a node shows, and the width it is wrapped to.
const LABEL_CHARS: usize = 120;
const WRAP_CHARS: usize = 32;

pub(super) struct Graph {
    /// One cluster of claims per article.
    pub clusters: Vec<Cluster>,
    pub actors: Vec<Node>,
    pub sources: Vec<Node>,
    pub edges: Vec<Edge>,
}

pub(super) struct Cluster {
    pub id: String,
    pub title: String,
    pub claims: Vec<Node>,
}

pub(super) struct Node {
    /// An identifier safe in both DOT and Mermaid: ASCII letters, digits and `_`.
    pub id: String,
    /// Lines of the label.
    pub label: Vec<String>,
    pub style: NodeStyle,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NodeStyle {
    Person,
    Organization,
    Source,
    Claim {
        kind: ClaimKind,
        status: Option<Status>,
    },
}

pub(super) struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum EdgeKind {
    /// Actor → claim.
    Says,
    /// Claim → source.
    SaidIn,
    /// Rebuttal → the claim it contradicts.
    Rebuts,
    /// Claim → the claim it corroborates.
    Supports,
}

impl EdgeKind {
    pub fn label(self) -> &'static str {
        match self {
            EdgeKind::Says => "says",
            EdgeKind::SaidIn => "in",
            EdgeKind::Rebuts => "rebuts",
            EdgeKind::Supports => "supports",
        }
    }
}

pub(super) fn build(input: &Input<'_>) -> Graph {
    let mut graph = Graph {
        clusters: Vec::new(),
        actors: Vec::new(),
        sources: Vec::new(),
        edges: Vec::new(),
    };
    // Definition ids in order of first appearance, and their node ids.
    let mut actor_ids: Vec<String> = Vec::new();
    let mut source_ids: Vec<String> = Vec::new();
    for (article_idx, (_, file)) in articles(input).enumerate() {
        let title = front_field(file.model.front_matter.as_ref(), "title")
            .map_or_else(|| file.path.display().to_string(), str::to_owned);
        let mut cluster = Cluster {
            id: format!("article{article_idx}"),
            title,
            claims: Vec::new(),
        };
        let claim_node = |claim_idx: usize| format!("c{article_idx}_{claim_idx}");
        for (claim_idx, claim) in file.model.claims.iter().enumerate() {
            let style = NodeStyle::Claim {
                kind: claim.kind,
                status: explicit_status(claim),
            };
            cluster.claims.push(Node {
                id: claim_node(claim_idx),
                label: claim_label(claim, &file.model.claim_text(&file.text, claim)),
                style,
            });
            for (id, actor) in resolved_definitions(input.ws, file, claim, DefinitionKind::Actor) {
                let node = node_for(&mut actor_ids, id, 'a', |node_id| {
                    let style = match actor.field("kind").map(|kind| kind.text.as_str()) {
                        Some("person" | "anonymous") | None => NodeStyle::Person,
                        Some(_) => NodeStyle::Organization,
                    };
                    graph.actors.push(Node {
                        id: node_id,
                        label: vec![actor.display_name().to_owned()],
                        style,
                    });
                });
                graph.edges.push(Edge {
                    from: node,
                    to: claim_node(claim_idx),
                    kind: EdgeKind::Says,
                });
            }
            for (id, source) in resolved_definitions(input.ws, file, claim, DefinitionKind::Source)
            {
                let node = node_for(&mut source_ids, id, 's', |node_id| {
                    let mut label = wrap(source.display_name(), WRAP_CHARS);
                    if let Some(date) = source.field("date") {
                        label.push(date.text.trim().to_owned());
                    }
                    graph.sources.push(Node {
                        id: node_id,
                        label,
                        style: NodeStyle::Source,
                    });
                });
                graph.edges.push(Edge {
                    from: claim_node(claim_idx),
                    to: node,
                    kind: EdgeKind::SaidIn,
                });
            }
            for (role, kind) in [
                (Role::Rebuts, EdgeKind::Rebuts),
                (Role::Supports, EdgeKind::Supports),
            ] {
                for target in resolved_claims(file, claim, role) {
                    graph.edges.push(Edge {
                        from: claim_node(claim_idx),
                        to: claim_node(target),
                        kind,
                    });
                }
            }
        }
        graph.clusters.push(cluster);
    }
    graph
}

/// The node id of a definition, calling `add` with a new id the first time it is seen.
fn node_for(seen: &mut Vec<String>, id: &str, prefix: char, add: impl FnOnce(String)) -> String {
    match seen.iter().position(|known| known == id) {
        Some(idx) => format!("{prefix}{idx}"),
        None => {
            let node_id = format!("{prefix}{}", seen.len());
            seen.push(id.to_owned());
            add(node_id.clone());
            node_id
        }
    }
}

/// `rebuttal #r-untrue (disputed)`, then the claim's text, wrapped and shortened.
fn claim_label(claim: &Claim, text: &str) -> Vec<String> {
    let mut head = claim.kind.as_str().to_owned();
    if claim.quote && claim.kind != ClaimKind::Quote {
        head.push_str(", quote");
    }
    if let Some(id) = &claim.id {
        head.push_str(&format!(" #{}", id.text));
    }
    if let Some(status) = explicit_status(claim) {
        head.push_str(&format!(" ({})", status.as_str()));
    }
    let mut res = vec![head];
    res.extend(wrap(&shorten(text, LABEL_CHARS), WRAP_CHARS));
    res
}

pub(super) fn shorten(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let mut res: String = text.chars().take(max_chars - 1).collect();
    if let Some(space) = res.rfind(' ') {
        res.truncate(space);
    }
    res.push('…');
    res
}

/// Splits text into lines of at most `width` characters at spaces (a longer word stands on
/// its own line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
