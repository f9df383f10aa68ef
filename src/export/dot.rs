//! `dot`: the argument graph in Graphviz DOT (`dot -Tpng`, `dot -Tsvg`).

use std::fmt::Write;

use super::graph::{EdgeKind, Graph, Node, NodeStyle};
use crate::model::vocabulary::Status;
use crate::model::ClaimKind;

pub(super) fn render(graph: &Graph) -> String {
    let mut out = String::new();
    // Writing to a `String` cannot fail.
    let _ = write_graph(&mut out, graph);
    out
}

fn write_graph(out: &mut String, graph: &Graph) -> std::fmt::Result {
    writeln!(out, "digraph claimdown {{")?;
    writeln!(out, "  rankdir=LR;")?;
    writeln!(out, "  newrank=true;")?;
    writeln!(out, "  node [fontname=\"Helvetica\", fontsize=11];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=9];")?;
    writeln!(out)?;
    writeln!(out, "  // Actors")?;
    for node in &graph.actors {
        write_node(out, "  ", node)?;
    }
    writeln!(out)?;
    for cluster in &graph.clusters {
        writeln!(out, "  subgraph cluster_{} {{", cluster.id)?;
        writeln!(out, "    label={};", quote(&cluster.title))?;
        writeln!(out, "    style=\"rounded,dashed\";")?;
        writeln!(out, "    color=\"#888888\";")?;
        writeln!(out, "    fontname=\"Helvetica-Bold\";")?;
        for node in &cluster.claims {
            write_node(out, "    ", node)?;
        }
        writeln!(out, "  }}")?;
        writeln!(out)?;
    }
    writeln!(out, "  // Sources")?;
    for node in &graph.sources {
        write_node(out, "  ", node)?;
    }
    writeln!(out)?;
    writeln!(out, "  // Edges")?;
    for edge in &graph.edges {
        let style = match edge.kind {
            EdgeKind::Says => "color=\"#4a6fa5\"",
            EdgeKind::SaidIn => "color=\"#999999\", style=dashed",
            EdgeKind::Rebuts => "color=\"#c0392b\", fontcolor=\"#c0392b\", penwidth=2",
            EdgeKind::Supports => "color=\"#27ae60\", fontcolor=\"#27ae60\", penwidth=2",
        };
        writeln!(
            out,
            "  {} -> {} [label={}, {style}];",
            edge.from,
            edge.to,
            quote(edge.kind.label())
        )?;
    }
    writeln!(out, "}}")
}

fn write_node(out: &mut String, indent: &str, node: &Node) -> std::fmt::Result {
    let style = match node.style {
        NodeStyle::Person => "shape=ellipse, style=filled, fillcolor=\"#dde8f6\"".to_owned(),
        NodeStyle::Organization => "shape=hexagon, style=filled, fillcolor=\"#dde8f6\"".to_owned(),
        NodeStyle::Source => "shape=note, style=filled, fillcolor=\"#f4f4f4\"".to_owned(),
        NodeStyle::Claim { kind, status } => {
            let fill = match status {
                Some(Status::False | Status::Retracted) => "#f8d7d3",
                Some(Status::True) => "#d5f0de",
                Some(Status::Disputed | Status::Unverified) => "#fdf1cf",
                Some(Status::Asserted) | None => "#ffffff",
            };
            let font = match kind {
                ClaimKind::Quote => ", fontname=\"Helvetica-Oblique\"",
                ClaimKind::Claim | ClaimKind::Rebuttal => "",
            };
            format!("shape=box, style=\"rounded,filled\", fillcolor=\"{fill}\"{font}")
        }
    };
    // `\l` ends a left-justified line.
    let label: Vec<String> = node.label.iter().map(|line| escape(line)).collect();
    writeln!(
        out,
        "{indent}{} [label=\"{}\\l\", {style}];",
        node.id,
        label.join("\\l")
    )
}

fn quote(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// Escapes text for a double-quoted DOT string: quotes and backslashes, and line breaks.
fn escape(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '"' => res.push_str("\\\""),
            '\\' => res.push_str("\\\\"),
            '\n' | '\r' => res.push(' '),
            _ => res.push(ch),
        }
    }
    res
}
