//! `html`: a self-contained reader's page per article, and a site of several.
//!
//! A page carries its style inline and no script: cards open on hover and keyboard focus
//! with CSS alone, relations are plain `#c3` links, so the Content-Security-Policy allows
//! the page's one style sheet (by hash) and nothing else, and the page makes no request.
//! Everything from the text goes through maud's escaping.

mod emphasis;
mod prose;
mod site;

use maud::{html, Markup, PreEscaped, DOCTYPE};

use super::{explicit_status, front_field, resolved_claims, resolved_definitions, Input};
use crate::model::{Claim, ClaimKind, Definition, DefinitionKind, Role};
use crate::rules::Diagnostic;
use crate::workspace::{FileId, SourceFile, Workspace};

pub use site::{site, SitePage};

const STYLE: &str = include_str!("style.css");
/// The page's Content-Security-Policy: nothing may load or run but the page's own style
/// sheet, named by its hash (so no injected `<style>` or `style=` would apply either).
fn csp() -> String {
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(STYLE));
    format!("default-src 'none'; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'")
}
/// How many colours the actor palette has (Okabe–Ito, safe for colour-blind readers).
const PALETTE: u64 = 8;

/// The page of one article, with its diagnostics in a banner. `links` says where actor
/// and source pages are (in a site), if anywhere.
pub fn page(input: &Input<'_>, file_id: FileId, diagnostics: &[Diagnostic]) -> String {
    page_with(input, file_id, diagnostics, None)
}

fn page_with(
    input: &Input<'_>,
    file_id: FileId,
    diagnostics: &[Diagnostic],
    site: Option<&site::Links>,
) -> String {
    let Some(file) = input.ws.file(file_id) else {
        return String::new();
    };
    let claims: Vec<ClaimInfo<'_>> = (0..file.model.claims.len())
        .map(|idx| ClaimInfo::new(input.ws, file, idx, diagnostics))
        .collect();
    let marks = PageMarks {
        claims: &claims,
        site,
    };
    let prose = prose::render(file, &marks);
    let title = title(file);
    let outlet = front_field(file.model.front_matter.as_ref(), "outlet");
    let published = front_field(file.model.front_matter.as_ref(), "published");
    let body = html! {
        @if let Some(site) = site {
            nav aria-label="Site" { a href=(site.index) { "All articles" } }
        }
        @if !diagnostics.is_empty() {
            section.diagnostics role="region" aria-label="Diagnostics" {
                h2 { (diagnostics.len()) " problem" @if diagnostics.len() != 1 { "s" } " in this article" }
                ul {
                    @for diagnostic in diagnostics {
                        @let at = file.position(diagnostic.range.start);
                        li {
                            span.severity { (diagnostic.severity.as_str()) } ": "
                            (diagnostic.message)
                            " (line " (at.line) ", " code { (diagnostic.rule.name()) } ")"
                        }
                    }
                }
            }
        }
        div.layout {
            main id="main" {
                header {
                    p.meta {
                        @if let Some(outlet) = outlet { span { (super::actor_id(outlet)) } " · " }
                        @if let Some(date) = published { time datetime=(date) { (date) } " · " }
                        span { (file.path.display().to_string()) }
                    }
                }
                article { (PreEscaped(prose)) }
            }
            aside aria-label="Actors and graph" {
                (actors_panel(&claims))
                (graph::svg(&claims))
            }
        }
    };
    let has_h1 = file.model.headings.iter().any(|heading| heading.level == 1);
    document(&title, !has_h1, body)
}

/// A whole page; `heading` puts the title in an `<h1>` (an article with a level-1 heading
/// of its own has it already).
pub(super) fn document(title: &str, heading: bool, body: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(csp());
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                a.skip href="#main" { "Skip to the content" }
                @if heading { h1 { (title) } }
                (body)
            }
        }
    }
    .into_string()
}

fn title(file: &SourceFile) -> String {
    front_field(file.model.front_matter.as_ref(), "title")
        .map_or_else(|| file.path.display().to_string(), str::to_owned)
}

/// A definition as the card shows it.
pub(super) struct DefInfo<'a> {
    pub id: &'a str,
    pub def: &'a Definition,
    /// The affiliation's or the publisher's display name.
    pub linked: Option<String>,
}

/// What a claim's element and card show, resolved once.
pub(super) struct ClaimInfo<'a> {
    pub claim: &'a Claim,
    pub text: String,
    pub actors: Vec<DefInfo<'a>>,
    pub sources: Vec<DefInfo<'a>>,
    /// `(role word, target claim index)`, outgoing then incoming.
    pub relations: Vec<(&'static str, usize)>,
    /// Messages of the diagnostics inside the claim's range.
    pub problems: Vec<&'a str>,
}

impl<'a> ClaimInfo<'a> {
    fn new(
        ws: &'a Workspace,
        file: &'a SourceFile,
        idx: usize,
        diagnostics: &'a [Diagnostic],
    ) -> ClaimInfo<'a> {
        let claim = &file.model.claims[idx];
        let project = ws.project_of_file(&file.path);
        let linked = |def: &Definition, key: &str, kind: DefinitionKind| {
            let id = super::actor_id(&def.field(key)?.text).to_owned();
            Some(
                ws.definition_in(project, kind, &id)
                    .map_or(id, |(_, other)| other.display_name().to_owned()),
            )
        };
        let actors = resolved_definitions(ws, file, claim, DefinitionKind::Actor)
            .into_iter()
            .map(|(id, def)| DefInfo {
                id,
                def,
                linked: linked(def, "affiliation", DefinitionKind::Actor),
            })
            .collect();
        let sources = resolved_definitions(ws, file, claim, DefinitionKind::Source)
            .into_iter()
            .map(|(id, def)| DefInfo {
                id,
                def,
                linked: linked(def, "publisher", DefinitionKind::Actor),
            })
            .collect();
        let mut relations = Vec::new();
        for (role, word) in [(Role::Rebuts, "rebuts"), (Role::Supports, "supports")] {
            relations.extend(
                resolved_claims(file, claim, role)
                    .into_iter()
                    .map(|to| (word, to)),
            );
        }
        for (other_idx, other) in file.model.claims.iter().enumerate() {
            for (role, word) in [
                (Role::Rebuts, "rebutted by"),
                (Role::Supports, "supported by"),
            ] {
                if resolved_claims(file, other, role).contains(&idx) {
                    relations.push((word, other_idx));
                }
            }
        }
        let problems = diagnostics
            .iter()
            .filter(|d| claim.range.start <= d.range.start && d.range.end <= claim.range.end)
            .map(|d| &*d.message)
            .collect();
        ClaimInfo {
            claim,
            text: file.model.claim_text(&file.text, claim),
            actors,
            sources,
            relations,
            problems,
        }
    }

    /// The palette slot of the claim's first actor; `None` when it has none.
    fn colour(&self) -> Option<u64> {
        self.actors.first().map(|actor| colour_of(actor.id))
    }
}

/// A stable palette slot for an actor id: the same actor has the same colour on every page.
pub(super) fn colour_of(id: &str) -> u64 {
    // FNV-1a: stable across runs and platforms, unlike the standard library's hasher.
    let hash = id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    hash % PALETTE
}

/// The element id of claim `idx` on its page.
pub fn claim_anchor(idx: usize) -> String {
    format!("c{idx}")
}

struct PageMarks<'a> {
    claims: &'a [ClaimInfo<'a>],
    site: Option<&'a site::Links>,
}

impl prose::Marks for PageMarks<'_> {
    fn open(&self, idx: usize, out: &mut String) {
        let Some(info) = self.claims.get(idx) else {
            return;
        };
        let claim = info.claim;
        let tag = tag(claim);
        let mut classes = format!("claim kind-{}", claim.kind.as_str());
        match info.colour() {
            Some(slot) => classes.push_str(&format!(" a{slot}")),
            None => classes.push_str(" unattributed"),
        }
        if !info.problems.is_empty() {
            classes.push_str(" flagged");
        }
        let anchor = claim_anchor(idx);
        let label = format!("{} {}", claim.kind.as_str(), idx + 1);
        out.push_str(
            &html! {
                (PreEscaped(format!("<{tag} ")))
                (PreEscaped(format!(
                    "class=\"{classes}\" id=\"{anchor}\" tabindex=\"0\" aria-describedby=\"card-{anchor}\" aria-label=\"{label}\">"
                )))
            }
            .into_string(),
        );
    }

    fn close(&self, idx: usize, out: &mut String) {
        let Some(info) = self.claims.get(idx) else {
            return;
        };
        let status = explicit_status(info.claim);
        let markup = html! {
            @if let Some(status) = status {
                span class={ "badge status-" (status.as_str()) } { (status.as_str()) }
            }
            @if !info.problems.is_empty() {
                span.flag title=(info.problems.join("; ")) { "⚠" span.sr { " problem: " (info.problems.join("; ")) } }
            }
            (card(self.claims, idx, self.site))
            (PreEscaped(format!("</{}>", tag(info.claim))))
        };
        out.push_str(&markup.into_string());
    }
}

fn tag(claim: &Claim) -> &'static str {
    match (claim.block, claim.kind == ClaimKind::Quote || claim.quote) {
        (true, true) => "blockquote",
        (true, false) => "div",
        (false, _) => "mark",
    }
}

fn card(claims: &[ClaimInfo<'_>], idx: usize, site: Option<&site::Links>) -> Markup {
    let Some(info) = claims.get(idx) else {
        return html! {};
    };
    let claim = info.claim;
    html! {
        span.card role="tooltip" id={ "card-" (claim_anchor(idx)) } {
            span.line.head {
                strong { (claim.kind.as_str()) }
                @if let Some(id) = &claim.id { " " code { "#" (id.text) } }
            }
            @if info.actors.is_empty() {
                span.line.none { "No actor: unattributed" }
            }
            @for actor in &info.actors {
                span.line.actor {
                    span class={ "swatch a" (colour_of(actor.id)) } aria-hidden="true" {}
                    @match site.and_then(|site| site.actor(actor.id)) {
                        Some(href) => a.name href=(href) { (actor.def.display_name()) },
                        None => span.name { (actor.def.display_name()) },
                    }
                    @if let Some(role) = actor.def.field("role") { ", " span.role { (role.text) } }
                    @if let Some(affiliation) = &actor.linked { " (" span.affiliation { (affiliation) } ")" }
                }
            }
            @for source in &info.sources {
                span.line.source {
                    "Source: "
                    @match site.and_then(|site| site.source(source.id)) {
                        Some(href) => a.title href=(href) { (source.def.display_name()) },
                        None => cite.title { (source.def.display_name()) },
                    }
                    @if let Some(publisher) = &source.linked { ", " span.publisher { (publisher) } }
                    @if let Some(date) = source.def.field("date") { ", " span.date { (date.text) } }
                    @if let Some(url) = source.def.field("url").filter(|url| is_web_url(&url.text)) {
                        " " a.link href=(url.text) rel="noopener noreferrer" { "link" }
                    }
                }
            }
            @for (word, to) in &info.relations {
                span.line.relation {
                    (word) " "
                    a href={ "#" (claim_anchor(*to)) } { (claim_summary(claims, *to)) }
                }
            }
        }
    }
}

/// A link's text for a claim: its id, else its first words.
fn claim_summary(claims: &[ClaimInfo<'_>], idx: usize) -> String {
    let Some(info) = claims.get(idx) else {
        return String::new();
    };
    match &info.claim.id {
        Some(id) => format!("#{}", id.text),
        None => super::graph::shorten(&info.text, 40),
    }
}

/// Only web addresses become links: a `javascript:` URL in a source would run on click.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

fn actors_panel(claims: &[ClaimInfo<'_>]) -> Markup {
    let mut actors: Vec<(&str, &Definition, Vec<usize>)> = Vec::new();
    for (idx, info) in claims.iter().enumerate() {
        for actor in &info.actors {
            match actors.iter_mut().find(|(id, _, _)| *id == actor.id) {
                Some((_, _, list)) => list.push(idx),
                None => actors.push((actor.id, actor.def, vec![idx])),
            }
        }
    }
    html! {
        section.actors aria-labelledby="actors-heading" {
            h2 id="actors-heading" { "Actors" }
            @if actors.is_empty() { p { "No claim names an actor." } }
            ul {
                @for (id, def, list) in &actors {
                    li {
                        span class={ "swatch a" (colour_of(id)) } aria-hidden="true" {}
                        strong { (def.display_name()) }
                        @if let Some(role) = def.field("role") { br; span.role { (role.text) } }
                        ul {
                            @for idx in list {
                                li { a href={ "#" (claim_anchor(*idx)) } { (claim_summary(claims, *idx)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

mod graph;

#[cfg(test)]
mod tests;
