//! A site of several articles: `index.html`, `articles/NAME.html` per article,
//! `actors/ID.html` per actor (every claim it made, and what rebuts it) and
//! `sources/ID.html` per source (what cites it).

use std::collections::BTreeMap;

use maud::html;

use super::{claim_anchor, colour_of, document, front_field, page_with, title, ClaimInfo};
use crate::export::{articles, Input};
use crate::rules::Diagnostic;
use crate::workspace::FileId;

/// A file of the site: its path relative to the site's folder, and its text.
pub struct SitePage {
    pub path: String,
    pub html: String,
}

/// Where an article page finds the site's other pages.
pub(super) struct Links {
    pub index: String,
    actors: Vec<String>,
    sources: Vec<String>,
}

impl Links {
    pub fn actor(&self, id: &str) -> Option<String> {
        self.actors
            .iter()
            .any(|known| known == id)
            .then(|| format!("../actors/{}.html", file_name(id)))
    }

    pub fn source(&self, id: &str) -> Option<String> {
        self.sources
            .iter()
            .any(|known| known == id)
            .then(|| format!("../sources/{}.html", file_name(id)))
    }
}

/// What one claim contributes to the actor and source pages.
struct Entry {
    article: usize,
    anchor: String,
    text: String,
    rebutted_by: Vec<String>,
}

/// The site of the input's articles; `diagnostics` holds each file's, in any order.
pub fn site(input: &Input<'_>, diagnostics: &[(FileId, Vec<Diagnostic>)]) -> Vec<SitePage> {
    let files: Vec<_> = articles(input).collect();
    let mut names: Vec<String> = Vec::new();
    for (_, file) in &files {
        let stem = file.path.file_stem().map_or_else(
            || "article".to_owned(),
            |stem| stem.to_string_lossy().into_owned(),
        );
        let mut name = file_name(&stem);
        let mut n = 2;
        while names.contains(&name) {
            name = format!("{}-{n}", file_name(&stem));
            n += 1;
        }
        names.push(name);
    }
    let empty = Vec::new();
    let diagnostics_of = |id: FileId| {
        diagnostics
            .iter()
            .find(|(file, _)| *file == id)
            .map_or(&empty, |(_, list)| list)
    };
    // Actors and sources by id, with the claims that name them.
    let mut actors: BTreeMap<String, (String, Vec<Entry>)> = BTreeMap::new();
    let mut sources: BTreeMap<String, (String, Vec<Entry>)> = BTreeMap::new();
    let mut counts = Vec::new();
    for (article, (_, file)) in files.iter().enumerate() {
        let infos: Vec<ClaimInfo<'_>> = (0..file.model.claims.len())
            .map(|idx| ClaimInfo::new(input.ws, file, idx, &[]))
            .collect();
        counts.push((
            infos.len(),
            infos
                .iter()
                .filter(|info| info.relations.iter().any(|(w, _)| *w == "rebuts"))
                .count(),
        ));
        for (idx, info) in infos.iter().enumerate() {
            let entry = || Entry {
                article,
                anchor: claim_anchor(idx),
                text: info.text.clone(),
                rebutted_by: info
                    .relations
                    .iter()
                    .filter(|(word, _)| *word == "rebutted by")
                    .filter_map(|(_, by)| infos.get(*by))
                    .map(|by| by.text.clone())
                    .collect(),
            };
            for actor in &info.actors {
                actors
                    .entry(actor.id.to_owned())
                    .or_insert_with(|| (actor.def.display_name().to_owned(), Vec::new()))
                    .1
                    .push(entry());
            }
            for source in &info.sources {
                sources
                    .entry(source.id.to_owned())
                    .or_insert_with(|| (source.def.display_name().to_owned(), Vec::new()))
                    .1
                    .push(entry());
            }
        }
    }
    let links = Links {
        index: "../index.html".to_owned(),
        actors: actors.keys().cloned().collect(),
        sources: sources.keys().cloned().collect(),
    };
    let mut pages = Vec::new();
    for ((id, _), name) in files.iter().zip(&names) {
        pages.push(SitePage {
            path: format!("articles/{name}.html"),
            html: page_with(input, *id, diagnostics_of(*id), Some(&links)),
        });
    }
    let index = html! {
        main id="main" {
            section aria-labelledby="articles-heading" {
                h2 id="articles-heading" { "Articles" }
                table {
                    thead { tr { th { "Title" } th { "Outlet" } th { "Published" } th { "Claims" } th { "Rebuttals" } th { "Problems" } } }
                    tbody {
                        @for (n, ((id, file), name)) in files.iter().zip(&names).enumerate() {
                            @let front = file.model.front_matter.as_ref();
                            tr {
                                td { a href={ "articles/" (name) ".html" } { (title(file)) } }
                                td { (front_field(front, "outlet").map(super::super::actor_id).unwrap_or("")) }
                                td { (front_field(front, "published").unwrap_or("")) }
                                td { (counts[n].0) }
                                td { (counts[n].1) }
                                td { (diagnostics_of(*id).len()) }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="actors-heading" {
                h2 id="actors-heading" { "Actors" }
                ul { @for (id, (name, _)) in &actors { li { a href={ "actors/" (file_name(id)) ".html" } { (name) } } } }
            }
            section aria-labelledby="sources-heading" {
                h2 id="sources-heading" { "Sources" }
                ul { @for (id, (name, _)) in &sources { li { a href={ "sources/" (file_name(id)) ".html" } { (name) } } } }
            }
        }
    };
    pages.push(SitePage {
        path: "index.html".to_owned(),
        html: document("Claimdown articles", true, index),
    });
    for (folder, noun, map) in [
        ("actors", "Claims made", &actors),
        ("sources", "Claims citing it", &sources),
    ] {
        for (id, (name, entries)) in map {
            let body = html! {
                nav aria-label="Site" { a href="../index.html" { "All articles" } }
                main id="main" {
                    @if folder == "actors" { p { span class={ "swatch a" (colour_of(id)) } aria-hidden="true" {} code { "@" (id) } } }
                    @else { p { code { "^" (id) } } }
                    h2 { (noun) }
                    ul.entries {
                        @for entry in entries {
                            li {
                                a href={ "../articles/" (names[entry.article]) ".html#" (entry.anchor) } { (entry.text) }
                                " — " (title(files[entry.article].1))
                                @if !entry.rebutted_by.is_empty() {
                                    ul { @for by in &entry.rebutted_by { li { "rebutted by: " (by) } } }
                                }
                            }
                        }
                    }
                }
            };
            pages.push(SitePage {
                path: format!("{folder}/{}.html", file_name(id)),
                html: document(name, true, body),
            });
        }
    }
    pages
}

/// A file name for an id: its letters, digits, `-` and `_`, and a hash of the id when
/// anything else had to go, so that two ids never share a file.
fn file_name(id: &str) -> String {
    let kept: String = id
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    if kept == id && !kept.is_empty() {
        return kept;
    }
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("{kept}-{hash:016x}")
}
