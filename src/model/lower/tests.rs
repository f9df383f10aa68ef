use crate::model::{lower, ClaimKind, FileModel, Reference, ReferenceContext, ReferenceKind, Role};
use crate::syntax::parse;
use crate::text::TextRange;

fn model(text: &str) -> FileModel {
    lower(&parse(text), text)
}

fn at(text: &str, range: TextRange) -> &str {
    &text[range.as_usize()]
}

#[test]
fn claims_with_attribution_and_relations() {
    let text = "Officials rejected [reports that jets\nstruck]{#c-joint @western-media}.\n\nHe called them [totally untrue]{#r-untrue @jazayeri ^fna-remarks rebuts=#c-joint status=false note=\"x\"}.\n";
    let model = model(text);
    assert_eq!(model.claims.len(), 2);
    let joint = &model.claims[0];
    assert_eq!(
        joint.id.as_ref().map(|id| id.text.as_str()),
        Some("c-joint")
    );
    assert_eq!(joint.kind, ClaimKind::Claim);
    assert_eq!(model.claim_text(text, joint), "reports that jets struck");
    let rebuttal = &model.claims[1];
    assert_eq!(rebuttal.kind, ClaimKind::Rebuttal);
    assert_eq!(
        rebuttal.status.as_ref().map(|s| s.text.as_str()),
        Some("false")
    );
    assert_eq!(rebuttal.extra.len(), 1);
    assert_eq!(
        rebuttal.extra[0].value.as_ref().map(|v| v.text.as_str()),
        Some("x")
    );
    let roles: Vec<Option<Role>> = model.references[rebuttal.references.as_usize()]
        .iter()
        .map(Reference::role)
        .collect();
    assert_eq!(
        roles,
        [Some(Role::Actor), Some(Role::Source), Some(Role::Rebuts)]
    );
    let (_, target) = model
        .claim_references(rebuttal, Role::Rebuts)
        .next()
        .expect("the rebuttal has a target");
    assert_eq!(
        (target.kind, target.id.as_str()),
        (ReferenceKind::Claim, "c-joint")
    );
    assert_eq!(at(text, target.range), "#c-joint");
    assert_eq!(at(text, target.id_range), "c-joint");
    let (_, actor) = model
        .claim_references(rebuttal, Role::Actor)
        .next()
        .expect("the rebuttal has an actor");
    assert_eq!(at(text, actor.range), "@jazayeri");
    assert_eq!(actor.context, ReferenceContext::Attribution { claim: 1 });
}

#[test]
fn nested_claims_know_their_parent_and_heading() {
    let text = "# Top\n## Sub\nHe called [the [reports]{#c1 @media} untrue]{#r1 @j rebuts=#c1}.\n";
    let model = model(text);
    assert_eq!(model.headings.len(), 2);
    assert_eq!(&*model.headings[1].title, "Sub");
    assert_eq!(model.headings[1].parent, Some(0));
    let outer = &model.claims[0];
    let inner = &model.claims[1];
    assert_eq!(inner.parent, Some(0));
    assert_eq!(outer.heading, Some(1));
    assert_eq!(model.claim_text(text, outer), "the reports untrue");
}

#[test]
fn a_fence_line_without_attributes_has_them_where_they_would_go() {
    // Non-ASCII before it, so that a byte offset taken for a char offset shows.
    let text = "\u{00e9}\u{1d11e}\n\n:::  \t%% to attribute \u{1d11e}\nQuoted.\n:::\n";
    let model = model(text);
    let claim = &model.claims[0];
    assert!(claim.block);
    let at_comment = text.find("%%").unwrap_or(0);
    assert_eq!(claim.attributes_range, TextRange::empty(at_comment));
    assert_eq!(model.claim_text(text, claim), "Quoted.");
}

#[test]
fn block_quotes_and_escapes() {
    let text = "::: #q quote @j ^s\n\u{201c}The root \\[cause\\].\u{201d}\n\nSecond.\n:::\n";
    let model = model(text);
    let quote = &model.claims[0];
    assert!(quote.block && quote.quote);
    assert_eq!(quote.kind, ClaimKind::Quote);
    assert_eq!(
        model.claim_text(text, quote),
        "\u{201c}The root [cause].\u{201d}\n\nSecond."
    );
}

#[test]
fn definitions_fields_and_field_references() {
    let text = "---\noutlet: @fna\n---\n[@j]: Massoud Jazayeri\n  kind: person\n  alias: MJ\n  alias: Jaz\n  affiliation: @army\n[^s]: Remarks\n  publisher: @fna\n";
    let model = model(text);
    assert_eq!(model.actors.len(), 1);
    let actor = &model.actors[0];
    assert_eq!(actor.display_name(), "Massoud Jazayeri");
    assert_eq!(
        actor
            .fields_named("alias")
            .map(|n| n.text.as_str())
            .collect::<Vec<_>>(),
        ["MJ", "Jaz"]
    );
    let ids: Vec<(&str, ReferenceContext)> = model
        .references
        .iter()
        .map(|r| (r.id.as_str(), r.context))
        .collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], ("fna", ReferenceContext::FrontMatter));
    assert_eq!(ids[1].0, "army");
    assert_eq!(ids[2].0, "fna");
    assert_eq!(at(text, model.references[1].id_range), "army");
}

#[test]
fn malformed_markup_is_recorded_not_resolved() {
    let text =
        "[a]{#c1 #c2 @ja$zayeri @ rebuts=c1 = status=}\n[@bad id]: X\n[^s]: S\n  kind report\n";
    let model = model(text);
    let messages: Vec<&str> = model.malformed.iter().map(|m| m.message.as_str()).collect();
    assert_eq!(messages.len(), 8, "{messages:#?}");
    assert!(messages[0].contains("second one"));
    assert!(messages[1].contains("`ja$zayeri` is not a valid actor id"));
    assert!(
        messages[2].contains("`@` needs an actor id after `@`"),
        "{}",
        messages[2]
    );
    assert!(messages[3].contains("write `#c1`"));
    assert!(messages[4].contains("unexpected `=`"));
    assert!(messages[5].contains("`status=` needs a value"));
    assert!(messages[6].contains("`bad id` is not a valid actor id"));
    assert!(messages[7].contains("`kind report` has no `:`"));
    assert!(model.references.is_empty());
    assert!(model.actors.is_empty());
    assert_eq!(model.sources.len(), 1);
    assert!(model.sources[0].fields.is_empty());
}
