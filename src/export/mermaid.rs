//! `mermaid`: the argument graph as a Mermaid flowchart, which GitHub renders in Markdown.

use std::fmt::Write;

use super::graph::{EdgeKind, Graph, Node, NodeStyle};
use crate::model::vocabulary::Status;

pub(super) fn render(graph: &Graph) -> String {
    let mut out = String::new();
    // Writing to a `String` cannot fail.
    let _ = write_graph(&mut out, graph);
    out
}

fn write_graph(out: &mut String, graph: &Graph) -> std::fmt::Result {
    writeln!(out, "flowchart LR")?;
    for node in &graph.actors {
        write_node(out, "  ", node)?;
    }
    for cluster in &graph.clusters {
        writeln!(
            out,
            "  subgraph {}[\"{}\"]",
            cluster.id,
            escape(&cluster.title)
        )?;
        for node in &cluster.claims {
            write_node(out, "    ", node)?;
        }
        writeln!(out, "  end")?;
    }
    for node in &graph.sources {
        write_node(out, "  ", node)?;
    }
    let mut rebuts = Vec::new();
    let mut supports = Vec::new();
    for (idx, edge) in graph.edges.iter().enumerate() {
        let arrow = match edge.kind {
            EdgeKind::Says => "-->",
            EdgeKind::SaidIn => "-.->",
            EdgeKind::Rebuts => {
                rebuts.push(idx.to_string());
                "==>"
            }
            EdgeKind::Supports => {
                supports.push(idx.to_string());
                "==>"
            }
        };
        writeln!(
            out,
            "  {} {arrow}|{}| {}",
            edge.from,
            edge.kind.label(),
            edge.to
        )?;
    }
    if !rebuts.is_empty() {
        writeln!(
            out,
            "  linkStyle {} stroke:#c0392b,color:#c0392b",
            rebuts.join(",")
        )?;
    }
    if !supports.is_empty() {
        writeln!(
            out,
            "  linkStyle {} stroke:#27ae60,color:#27ae60",
            supports.join(",")
        )?;
    }
    writeln!(out, "  classDef actor fill:#dde8f6,stroke:#4a6fa5")?;
    writeln!(out, "  classDef source fill:#f4f4f4,stroke:#999999")?;
    writeln!(out, "  classDef refuted fill:#f8d7d3,stroke:#c0392b")?;
    writeln!(out, "  classDef confirmed fill:#d5f0de,stroke:#27ae60")?;
    writeln!(out, "  classDef contested fill:#fdf1cf,stroke:#b7950b")?;
    let mut classes: [(&str, Vec<&str>); 5] = [
        ("actor", vec![]),
        ("source", vec![]),
        ("refuted", vec![]),
        ("confirmed", vec![]),
        ("contested", vec![]),
    ];
    let nodes = graph
        .actors
        .iter()
        .chain(graph.clusters.iter().flat_map(|cluster| &cluster.claims))
        .chain(&graph.sources);
    for node in nodes {
        let class = match node.style {
            NodeStyle::Person | NodeStyle::Organization => 0,
            NodeStyle::Source => 1,
            NodeStyle::Claim {
                status: Some(Status::False | Status::Retracted),
                ..
            } => 2,
            NodeStyle::Claim {
                status: Some(Status::True),
                ..
            } => 3,
            NodeStyle::Claim {
                status: Some(Status::Disputed | Status::Unverified),
                ..
            } => 4,
            NodeStyle::Claim {
                status: Some(Status::Asserted) | None,
                ..
            } => continue,
        };
        classes[class].1.push(&node.id);
    }
    for (class, ids) in classes {
        if !ids.is_empty() {
            writeln!(out, "  class {} {class}", ids.join(","))?;
        }
    }
    Ok(())
}

fn write_node(out: &mut String, indent: &str, node: &Node) -> std::fmt::Result {
    let label: Vec<String> = node.label.iter().map(|line| escape(line)).collect();
    let label = label.join("<br/>");
    let (open, close) = match node.style {
        NodeStyle::Person => ("([", "])"),
        NodeStyle::Organization => ("{{", "}}"),
        NodeStyle::Source => ("[/", "/]"),
        NodeStyle::Claim { .. } => ("(", ")"),
    };
    writeln!(out, "{indent}{}{open}\"{label}\"{close}", node.id)
}

/// Escapes text inside a quoted Mermaid label with its entity codes (`#quot;`), so that
/// quotes, `#`, markup characters and backticks read as themselves.
fn escape(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => res.push_str("#quot;"),
            '#' => res.push_str("#35;"),
            '<' => res.push_str("#lt;"),
            '>' => res.push_str("#gt;"),
            '&' => res.push_str("#amp;"),
            '`' => res.push_str("#96;"),
            '\n' | '\r' => res.push(' '),
            _ => res.push(ch),
        }
    }
    res
}
