//! `json`: the full model as typed data. Its schema, `docs/schema/claimdown-export.schema.json`,
//! is generated from these types (the doc comments are its descriptions): a test fails when
//! the committed schema differs, and `CLAIMDOWN_WRITE_SCHEMA=1 cargo test --lib export`
//! writes it.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Serialize;

use super::{actor_id, articles, explicit_status, resolved_claims, resolved_definitions, Input};
use crate::model::vocabulary::Status;
use crate::model::{
    Claim as ModelClaim, Definition, DefinitionKind, FrontMatter as ModelFrontMatter,
    ReferenceKind, Role,
};
use crate::rules::Coverage;
use crate::text::TextRange;
use crate::workspace::{SourceFile, Workspace};

/// The version of the export's shape; it changes only when a field changes meaning or goes.
pub const VERSION: u32 = 1;

/// What `claimdown export --format json` writes: the articles exported, with their claims, and
/// the actors and sources they define or refer to. See docs/export.md.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[cfg_attr(test, schemars(title = "Claimdown export", extend("$id" = super::tests::SCHEMA_ID)))]
#[serde(deny_unknown_fields)]
pub(super) struct Export<'a> {
    format: FormatName,
    /// The version of this shape; it changes only when a field changes meaning or goes away.
    /// Fields may be added within a version.
    #[cfg_attr(test, schemars(extend("const" = VERSION)))]
    version: u32,
    /// One per exported file, in the order given on the command line (folders sorted by name).
    articles: Vec<Article<'a>>,
    /// The actors the exported files define or refer to (also through `outlet`, `publisher`
    /// and `affiliation`), sorted by id. A reference to an actor defined nowhere is left out.
    actors: Vec<Actor<'a>>,
    /// The sources the exported files define or refer to, sorted by id.
    sources: Vec<Source<'a>>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
enum FormatName {
    #[serde(rename = "claimdown-export")]
    ClaimdownExport,
}

/// An actor, source or claim id, without its sigil.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(transparent)]
struct Id<'a>(#[cfg_attr(test, schemars(length(min = 1)))] &'a str);

/// A tag, trimmed.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(transparent)]
struct Tag<'a>(#[cfg_attr(test, schemars(length(min = 1)))] &'a str);

/// A 1-based line and column (in Unicode scalar values, as the command line counts) and the
/// byte offset.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct Position {
    /// 1-based line.
    #[cfg_attr(test, schemars(range(min = 1)))]
    line: u32,
    /// 1-based column, counted in Unicode scalar values.
    #[cfg_attr(test, schemars(range(min = 1)))]
    column: u32,
    /// 0-based byte offset into the UTF-8 file.
    offset: u32,
}

/// A half-open range: `end` is the position just after the last character.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct Range {
    start: Position,
    end: Position,
}

/// Fields the language does not interpret, as written, in the order written.
type TextMap<'a> = IndexMap<&'a str, &'a str>;

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct Article<'a> {
    /// The path as given on the command line (or found under a folder given).
    file: String,
    front_matter: Option<FrontMatter<'a>>,
    headings: Vec<Heading<'a>>,
    /// Claims, quotes and rebuttals in document order (an enclosing claim before the claims it
    /// contains).
    claims: Vec<Claim<'a>>,
    /// Present only when the path is not UTF-8 (and `file` shows it with U+FFFD): the path's
    /// exact bytes as a percent-encoded URI reference, such as `caf%E9.cdown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
    /// How much of the article is attributed, as `claimdown stats --format json` gives it
    /// (see docs/stats.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<CoverageFigures<'a>>,
}

/// The coverage figures of a file or a total. The finding counts follow the rules as
/// configured.
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CoverageFigures<'a> {
    claims: usize,
    quotes: usize,
    rebuttals: usize,
    /// Annotations with an actor whose kind is not `anonymous` or `group`.
    attributed: usize,
    /// `attributed` over all annotations, with three decimals; null without annotations.
    attributed_share: Option<f64>,
    /// Annotations with a source.
    sourced: usize,
    /// `sourced` over all annotations, with three decimals; null without annotations.
    sourced_share: Option<f64>,
    /// Findings of `unannotated-quote`.
    unannotated_quotes: usize,
    /// Findings of `vague-attribution`.
    vague_attributions: usize,
    /// The ids of the actors the annotations name, sorted.
    actors: Vec<&'a str>,
    /// The ids of the sources the annotations name, sorted.
    sources: Vec<&'a str>,
    /// The most `rebuts=` links followed one after another.
    deepest_rebuttal_chain: usize,
}

impl<'a> CoverageFigures<'a> {
    pub fn new(figures: &'a Coverage) -> CoverageFigures<'a> {
        let share = |part: usize| match figures.annotations() {
            0 => None,
            all => Some(((part as f64 / all as f64) * 1000.0).round() / 1000.0),
        };
        CoverageFigures {
            claims: figures.claims,
            quotes: figures.quotes,
            rebuttals: figures.rebuttals,
            attributed: figures.attributed,
            attributed_share: share(figures.attributed),
            sourced: figures.sourced,
            sourced_share: share(figures.sourced),
            unannotated_quotes: figures.unannotated_quotes,
            vague_attributions: figures.vague_attributions,
            actors: figures.actors.iter().map(String::as_str).collect(),
            sources: figures.sources.iter().map(String::as_str).collect(),
            deepest_rebuttal_chain: figures.deepest_rebuttal_chain,
        }
    }
}

/// The known keys, present when given with a value, as written (dates are not checked here:
/// see the invalid-field rule).
#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct FrontMatter<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outlet: Option<Id<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    /// The comma-separated tags, trimmed, empty ones left out.
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<Tag<'a>>>,
    extra: TextMap<'a>,
    range: Range,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct Heading<'a> {
    #[cfg_attr(test, schemars(range(min = 1, max = 6)))]
    level: u8,
    title: &'a str,
    range: Range,
    /// The index of the enclosing heading in `headings`.
    parent: Option<usize>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct Claim<'a> {
    /// The `#id`, or null for a claim without one.
    id: Option<Id<'a>>,
    #[cfg_attr(test, schemars(schema_with = "super::tests::claim_kinds"))]
    kind: &'static str,
    /// The `quote` flag: the span is the actor's verbatim words (a rebuttal may be a quote too).
    quote: bool,
    /// A `:::` block rather than an inline `[…]{…}`.
    block: bool,
    /// The plain text of the span: markup stripped, escapes resolved, line breaks folded into
    /// spaces, blank lines into one paragraph break.
    text: String,
    /// The whole annotation, markup included.
    range: Range,
    /// The annotated prose.
    span: Range,
    /// The `@actor`s it is attributed to that are defined, in order.
    actors: Vec<Id<'a>>,
    /// The `^source`s it was said or published in that are defined, in order.
    sources: Vec<Id<'a>>,
    /// The `status=` verdict; `asserted` when none (or an unknown one) is given.
    #[cfg_attr(test, schemars(schema_with = "super::tests::statuses"))]
    status: &'static str,
    /// Ids of the claims of the same article it contradicts.
    rebuts: Vec<Id<'a>>,
    /// Ids of the claims of the same article it corroborates.
    supports: Vec<Id<'a>>,
    /// Other `key=value` attributes (a string) and unknown flags (true).
    attributes: IndexMap<&'a str, AttributeValue<'a>>,
    /// The index in `claims` of the claim this one is nested in.
    parent: Option<usize>,
    /// The index in `headings` of the innermost heading it stands under.
    heading: Option<usize>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(untagged)]
enum AttributeValue<'a> {
    Text(&'a str),
    Flag(bool),
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct Actor<'a> {
    id: Id<'a>,
    /// The display name (the id when none is given).
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    affiliation: Option<Id<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wikidata: Option<&'a str>,
    /// Every `alias`, in order.
    aliases: Vec<&'a str>,
    extra: TextMap<'a>,
    /// The file that defines it (the first, if it is defined twice).
    file: String,
    range: Range,
    /// Present only when the path is not UTF-8 (and `file` shows it with U+FFFD): the path's
    /// exact bytes as a percent-encoded URI reference, such as `caf%E9.cdown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
}

#[derive(Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct Source<'a> {
    id: Id<'a>,
    /// The title (the id when none is given).
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Id<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    archived: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accessed: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    extra: TextMap<'a>,
    /// The file that defines it (the first, if it is defined twice).
    file: String,
    range: Range,
    /// Present only when the path is not UTF-8 (and `file` shows it with U+FFFD): the path's
    /// exact bytes as a percent-encoded URI reference, such as `caf%E9.cdown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    uri: Option<String>,
}

pub(super) fn export<'a>(input: &'a Input<'a>) -> Export<'a> {
    let mut articles_json = Vec::new();
    // Actors and sources to export, by id: those the files define or refer to.
    let mut actor_ids: BTreeSet<&str> = BTreeSet::new();
    let mut source_ids: BTreeSet<&str> = BTreeSet::new();
    // Ids resolve in the project of the files exported (the first file's, if several).
    let mut project = None;
    for (id, file) in articles(input) {
        project.get_or_insert_with(|| input.ws.project_of_file(&file.path));
        let mut article = article(input.ws, file);
        article.coverage = input
            .coverage
            .and_then(|coverage| coverage.get(&id))
            .map(CoverageFigures::new);
        articles_json.push(article);
        actor_ids.extend(file.model.actors.iter().map(|actor| actor.id.text.as_str()));
        source_ids.extend(
            file.model
                .sources
                .iter()
                .map(|source| source.id.text.as_str()),
        );
        for reference in &file.model.references {
            match reference.kind {
                ReferenceKind::Actor => actor_ids.insert(reference.id.as_str()),
                ReferenceKind::Source => source_ids.insert(reference.id.as_str()),
                ReferenceKind::Claim => false,
            };
        }
    }
    let project = project.unwrap_or_default();
    let find = |kind, id: &str| input.ws.definition_in(project, kind, id);
    // Sources name their publishers and actors their affiliations: follow them.
    for id in &source_ids {
        let publisher =
            find(DefinitionKind::Source, id).and_then(|(_, source)| source.field("publisher"));
        if let Some(publisher) = publisher {
            actor_ids.insert(actor_id(&publisher.text));
        }
    }
    let mut pending: Vec<&str> = actor_ids.iter().copied().collect();
    while let Some(id) = pending.pop() {
        let affiliation =
            find(DefinitionKind::Actor, id).and_then(|(_, actor)| actor.field("affiliation"));
        let Some(affiliation) = affiliation else {
            continue;
        };
        let affiliation = actor_id(&affiliation.text);
        if actor_ids.insert(affiliation) {
            pending.push(affiliation);
        }
    }
    let mut actors = Vec::new();
    for id in actor_ids {
        if let Some((file_id, definition)) = find(DefinitionKind::Actor, id) {
            actors.extend(input.ws.file(file_id).map(|file| actor(file, definition)));
        }
    }
    let mut sources = Vec::new();
    for id in source_ids {
        if let Some((file_id, definition)) = find(DefinitionKind::Source, id) {
            sources.extend(input.ws.file(file_id).map(|file| source(file, definition)));
        }
    }
    Export {
        format: FormatName::ClaimdownExport,
        version: VERSION,
        articles: articles_json,
        actors,
        sources,
    }
}

fn article<'a>(ws: &'a Workspace, file: &'a SourceFile) -> Article<'a> {
    let headings = file
        .model
        .headings
        .iter()
        .map(|heading| Heading {
            level: heading.level,
            title: &heading.title,
            range: range(file, heading.range),
            parent: heading.parent,
        })
        .collect();
    Article {
        file: file.path.display().to_string(),
        front_matter: file
            .model
            .front_matter
            .as_ref()
            .map(|front_matter| self::front_matter(file, front_matter)),
        headings,
        claims: file
            .model
            .claims
            .iter()
            .map(|claim| self::claim(ws, file, claim))
            .collect(),
        uri: crate::path_uri::exact_uri(&file.path),
        coverage: None,
    }
}

fn front_matter<'a>(file: &'a SourceFile, front_matter: &'a ModelFrontMatter) -> FrontMatter<'a> {
    let mut res = FrontMatter {
        title: None,
        url: None,
        outlet: None,
        published: None,
        author: None,
        language: None,
        tags: None,
        extra: TextMap::new(),
        range: range(file, front_matter.range),
    };
    // A key's first line counts, and only when it has a value.
    let mut seen = BTreeSet::new();
    for field in &front_matter.fields {
        let key = field.key.text.as_str();
        let value = field.value.as_ref().map_or("", |value| value.text.trim());
        if !seen.insert(key) || value.is_empty() {
            continue;
        }
        if !res.set(key, value) {
            res.extra.insert(key, value);
        }
    }
    res
}

impl<'a> FrontMatter<'a> {
    /// Files a known key's value; false for a key the language does not know.
    fn set(&mut self, key: &str, value: &'a str) -> bool {
        let slot = match key {
            "title" => &mut self.title,
            "url" => &mut self.url,
            "published" => &mut self.published,
            "author" => &mut self.author,
            "language" => &mut self.language,
            "outlet" => return first(&mut self.outlet, value, |value| Id(actor_id(value))),
            "tags" => {
                let tags = |value: &'a str| {
                    value
                        .split(',')
                        .map(str::trim)
                        .filter(|tag| !tag.is_empty())
                        .map(Tag)
                        .collect()
                };
                return first(&mut self.tags, value, tags);
            }
            _ => return false,
        };
        first(slot, value, |value| value)
    }
}

fn claim<'a>(ws: &'a Workspace, file: &'a SourceFile, claim: &'a ModelClaim) -> Claim<'a> {
    let ids = |role| -> Vec<Id<'a>> {
        resolved_claims(file, claim, role)
            .into_iter()
            .filter_map(|idx| Some(Id(file.model.claims.get(idx)?.id.as_ref()?.text.as_str())))
            .collect()
    };
    let defined = |kind| -> Vec<Id<'a>> {
        resolved_definitions(ws, file, claim, kind)
            .into_iter()
            .map(|(id, _)| Id(id))
            .collect()
    };
    let mut attributes = IndexMap::new();
    for attribute in &claim.extra {
        let value = match &attribute.value {
            Some(value) => AttributeValue::Text(value.text.as_str()),
            None => AttributeValue::Flag(true),
        };
        attributes
            .entry(attribute.key.text.as_str())
            .or_insert(value);
    }
    Claim {
        id: claim.id.as_ref().map(|id| Id(id.text.as_str())),
        kind: claim.kind.as_str(),
        quote: claim.quote,
        block: claim.block,
        text: file.model.claim_text(&file.text, claim),
        range: range(file, claim.range),
        span: range(file, claim.span),
        actors: defined(DefinitionKind::Actor),
        sources: defined(DefinitionKind::Source),
        status: explicit_status(claim).unwrap_or(Status::Asserted).as_str(),
        rebuts: ids(Role::Rebuts),
        supports: ids(Role::Supports),
        attributes,
        parent: claim.parent,
        heading: claim.heading,
    }
}

/// Each field's value, trimmed, when it has one; the first of a key counts but for
/// repeatable ones.
fn fields(definition: &Definition) -> impl Iterator<Item = (&str, &str)> {
    definition.fields.iter().filter_map(|field| {
        let value = field.value.as_ref()?.text.trim();
        (!value.is_empty()).then_some((field.key.text.as_str(), value))
    })
}

fn actor<'a>(file: &'a SourceFile, definition: &'a Definition) -> Actor<'a> {
    let mut res = Actor {
        id: Id(&definition.id.text),
        name: definition.display_name(),
        kind: None,
        role: None,
        affiliation: None,
        description: None,
        url: None,
        wikidata: None,
        aliases: Vec::new(),
        extra: TextMap::new(),
        file: file.path.display().to_string(),
        range: range(file, definition.range),
        uri: crate::path_uri::exact_uri(&file.path),
    };
    fill(&mut res, definition);
    res
}

/// A definition's export: each field the language knows in its slot, the others in `extra`.
trait Fields<'a> {
    /// Files the value of a known field; false for a field the language does not know.
    fn set(&mut self, key: &str, value: &'a str) -> bool;
    fn extra(&mut self) -> &mut TextMap<'a>;
}

fn fill<'a>(res: &mut impl Fields<'a>, definition: &'a Definition) {
    for (key, value) in fields(definition) {
        if !res.set(key, value) {
            res.extra().entry(key).or_insert(value);
        }
    }
}

impl<'a> Fields<'a> for Actor<'a> {
    fn extra(&mut self) -> &mut TextMap<'a> {
        &mut self.extra
    }

    fn set(&mut self, key: &str, value: &'a str) -> bool {
        let slot = match key {
            "kind" => &mut self.kind,
            "role" => &mut self.role,
            "description" => &mut self.description,
            "url" => &mut self.url,
            "wikidata" => &mut self.wikidata,
            "affiliation" => {
                return first(&mut self.affiliation, value, |value| Id(actor_id(value)))
            }
            "alias" => {
                self.aliases.push(value);
                return true;
            }
            _ => return false,
        };
        first(slot, value, |value| value)
    }
}

fn source<'a>(file: &'a SourceFile, definition: &'a Definition) -> Source<'a> {
    let mut res = Source {
        id: Id(&definition.id.text),
        title: definition.display_name(),
        publisher: None,
        url: None,
        date: None,
        kind: None,
        archived: None,
        accessed: None,
        description: None,
        extra: TextMap::new(),
        file: file.path.display().to_string(),
        range: range(file, definition.range),
        uri: crate::path_uri::exact_uri(&file.path),
    };
    fill(&mut res, definition);
    res
}

impl<'a> Fields<'a> for Source<'a> {
    fn extra(&mut self) -> &mut TextMap<'a> {
        &mut self.extra
    }

    fn set(&mut self, key: &str, value: &'a str) -> bool {
        let slot = match key {
            "url" => &mut self.url,
            "date" => &mut self.date,
            "kind" => &mut self.kind,
            "archived" => &mut self.archived,
            "accessed" => &mut self.accessed,
            "description" => &mut self.description,
            "publisher" => return first(&mut self.publisher, value, |value| Id(actor_id(value))),
            _ => return false,
        };
        first(slot, value, |value| value)
    }
}

/// Fills an empty slot (the first value given wins); true, for `set`.
fn first<'a, T>(slot: &mut Option<T>, value: &'a str, make: impl FnOnce(&'a str) -> T) -> bool {
    if slot.is_none() {
        *slot = Some(make(value));
    }
    true
}

fn position(file: &SourceFile, offset: u32) -> Position {
    let at = file.position(offset);
    Position {
        line: at.line,
        column: at.column,
        offset,
    }
}

fn range(file: &SourceFile, range: TextRange) -> Range {
    Range {
        start: position(file, range.start),
        end: position(file, range.end),
    }
}
