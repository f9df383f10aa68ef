//! The article's argument graph as inline SVG, in three layers laid out here: actors on the
//! left, claims in the middle in reading order, sources on the right. Rebuttals and supports
//! are arcs right of the claims, drawn dashed and solid so that colour is not the only cue.

use std::fmt::Write;

use maud::{html, Markup, PreEscaped};

use super::{claim_anchor, colour_of, ClaimInfo};

const ROW: usize = 34;
const WIDTH: usize = 560;
const COL: [usize; 3] = [8, 190, 400];
const BOX: [usize; 3] = [150, 170, 150];

pub(super) fn svg(claims: &[ClaimInfo<'_>]) -> Markup {
    let mut actors: Vec<(&str, &str)> = Vec::new();
    let mut sources: Vec<(&str, &str)> = Vec::new();
    for info in claims {
        for actor in &info.actors {
            if !actors.iter().any(|(id, _)| *id == actor.id) {
                actors.push((actor.id, actor.def.display_name()));
            }
        }
        for source in &info.sources {
            if !sources.iter().any(|(id, _)| *id == source.id) {
                sources.push((source.id, source.def.display_name()));
            }
        }
    }
    let rows = claims.len().max(actors.len()).max(sources.len());
    if claims.is_empty() {
        return html! {};
    }
    let height = rows * ROW + 16;
    let y = |row: usize| 8 + row * ROW;
    let mut edges = String::new();
    for (idx, info) in claims.iter().enumerate() {
        for actor in &info.actors {
            if let Some(row) = actors.iter().position(|(id, _)| *id == actor.id) {
                line(
                    &mut edges,
                    COL[0] + BOX[0],
                    y(row) + 12,
                    COL[1],
                    y(idx) + 12,
                    "says",
                );
            }
        }
        for source in &info.sources {
            if let Some(row) = sources.iter().position(|(id, _)| *id == source.id) {
                line(
                    &mut edges,
                    COL[1] + BOX[1],
                    y(idx) + 12,
                    COL[2],
                    y(row) + 12,
                    "in",
                );
            }
        }
        for (word, to) in &info.relations {
            if !matches!(*word, "rebuts" | "supports") {
                continue;
            }
            let (x, y1, y2) = (COL[1] + BOX[1], y(idx) + 12, y(*to) + 12);
            let bend = x + 20 + 6 * y1.abs_diff(y2) / ROW;
            let _ = write!(
                edges,
                "<path class=\"edge {word}\" d=\"M{x} {y1} C{bend} {y1} {bend} {y2} {x} {y2}\"><title>{word}</title></path>"
            );
        }
    }
    html! {
        section.graph aria-labelledby="graph-heading" {
            h2 id="graph-heading" { "Argument graph" }
            p.legend { "Lines: actor says claim, claim said in source; solid arc: supports; dashed arc: rebuts." }
            // A group, not an image: its claims are links, which an image's children cannot be.
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (height) } role="group" aria-labelledby="graph-heading" {
                (PreEscaped(edges))
                @for (row, (id, name)) in actors.iter().enumerate() {
                    g class={ "node actor a" (colour_of(id)) } {
                        rect x=(COL[0]) y=(y(row)) width=(BOX[0]) height="24" rx="12" {}
                        text x=(COL[0] + 8) y=(y(row) + 16) { (cut(name, 22)) }
                    }
                }
                @for (idx, info) in claims.iter().enumerate() {
                    a href={ "#" (claim_anchor(idx)) } {
                        g class={ "node claim kind-" (info.claim.kind.as_str()) } {
                            rect x=(COL[1]) y=(y(idx)) width=(BOX[1]) height="24" {}
                            text x=(COL[1] + 6) y=(y(idx) + 16) {
                                (cut(&match &info.claim.id { Some(id) => format!("#{} {}", id.text, info.text), None => info.text.clone() }, 26))
                            }
                        }
                    }
                }
                @for (row, (_, title)) in sources.iter().enumerate() {
                    g.node.source {
                        rect x=(COL[2]) y=(y(row)) width=(BOX[2]) height="24" {}
                        text x=(COL[2] + 6) y=(y(row) + 16) { (cut(title, 22)) }
                    }
                }
            }
        }
    }
}

fn line(out: &mut String, x1: usize, y1: usize, x2: usize, y2: usize, word: &str) {
    let _ = write!(
        out,
        "<line class=\"edge {word}\" x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\"><title>{word}</title></line>"
    );
}

fn cut(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut res: String = text.chars().take(max - 1).collect();
    res.push('…');
    res
}
