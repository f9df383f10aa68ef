//! `claimdown export`: the real binary on the examples, compared with reviewed snapshots,
//! and the JSON outputs checked against their schema and vocabularies.

mod run_bin;

use run_bin::{claimdown, claimdown_in, claimdown_with_stdin, json, scratch, validate};
use serde_json::Value;

const ARTICLES: [&str; 2] = [
    "examples/iran-strikes.cdown",
    "examples/vaccine-claims.cdown",
];

fn export(format: &str) -> String {
    let mut args = vec!["export", "--format", format];
    args.extend(ARTICLES);
    let run = claimdown(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    run.stdout
}

/// `file:` URIs name the checkout, which differs between machines: `file:///…/examples/`
/// reads `file:///CHECKOUT/examples/`.
fn redact_checkout(text: &str) -> String {
    let mut res = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("file:///") {
        let after = &rest[start..];
        let Some(end) = after
            .find("/examples/")
            .filter(|&end| !after[..end].contains('"'))
        else {
            res.push_str(&rest[..start + 8]);
            rest = &rest[start + 8..];
            continue;
        };
        res.push_str(&rest[..start]);
        res.push_str("file:///CHECKOUT");
        rest = &after[end..];
    }
    res.push_str(rest);
    res
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!(export("json"));
}

#[test]
fn claimreview_snapshot() {
    insta::assert_snapshot!(export("claimreview"));
}

#[test]
fn webannotation_snapshot() {
    insta::assert_snapshot!(redact_checkout(&export("webannotation")));
}

#[test]
fn dot_snapshot() {
    insta::assert_snapshot!(export("dot"));
}

#[test]
fn mermaid_snapshot() {
    insta::assert_snapshot!(export("mermaid"));
}

#[test]
fn json_export_matches_its_schema() {
    let exported = json(&export("json"));
    validate("docs/schema/claimdown-export.schema.json", &exported);
    // The whole examples folder, the registry included.
    let run = claimdown(&["export", "--format", "json", "examples"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    validate(
        "docs/schema/claimdown-export.schema.json",
        &json(&run.stdout),
    );
    // A file with every kind of mistake.
    let run = claimdown(&["export", "--format", "json", "examples/mistakes.cdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    validate(
        "docs/schema/claimdown-export.schema.json",
        &json(&run.stdout),
    );
}

/// The generated schema is strict: it refuses what the export never writes.
#[test]
fn the_json_schema_refuses_what_the_export_never_writes() {
    let exported = json(&export("json"));
    // What is wrong, the object and key it is in, and the key's new value (`None` removes it).
    let mutations = [
        (
            "an unknown key",
            "/articles/0/claims/0",
            "colour",
            Some(Value::from("red")),
        ),
        (
            "an unknown status",
            "/articles/0/claims/0",
            "status",
            Some("maybe".into()),
        ),
        ("an empty id", "/actors/0", "id", Some("".into())),
        (
            "a null optional field",
            "/actors/0",
            "url",
            Some(Value::Null),
        ),
        (
            "a missing required field",
            "/articles/0/claims/0",
            "parent",
            None,
        ),
    ];
    for (what, pointer, key, value) in mutations {
        let mut instance = exported.clone();
        let Some(object) = instance.pointer_mut(pointer).and_then(Value::as_object_mut) else {
            panic!("no object at {pointer}")
        };
        match value {
            Some(value) => object.insert(key.to_owned(), value),
            None => object.remove(key),
        };
        let errors = run_bin::schema_errors("docs/schema/claimdown-export.schema.json", &instance);
        assert!(!errors.is_empty(), "{what} was accepted");
    }
}

#[test]
fn json_export_is_referentially_whole() {
    let run = claimdown(&[
        "export",
        "--format",
        "json",
        "examples",
        "examples/mistakes.cdown",
    ]);
    let exported = json(&run.stdout);
    let ids = |key: &str| -> Vec<String> {
        exported[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|it| it["id"].as_str().map(str::to_owned))
            .collect()
    };
    let (actors, sources) = (ids("actors"), ids("sources"));
    let mut n_claims = 0;
    for article in exported["articles"].as_array().into_iter().flatten() {
        let claim_ids: Vec<&str> = article["claims"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|claim| claim["id"].as_str())
            .collect();
        for claim in article["claims"].as_array().into_iter().flatten() {
            n_claims += 1;
            for (key, known) in [("actors", &actors), ("sources", &sources)] {
                for id in claim[key].as_array().into_iter().flatten() {
                    assert!(
                        known
                            .iter()
                            .any(|known| Some(known.as_str()) == id.as_str()),
                        "{key} {id} of {claim}"
                    );
                }
            }
            for key in ["rebuts", "supports"] {
                for id in claim[key].as_array().into_iter().flatten() {
                    assert!(
                        claim_ids.iter().any(|known| Some(*known) == id.as_str()),
                        "{key} {id} of {claim}"
                    );
                }
            }
        }
    }
    assert!(n_claims > 10, "{n_claims}");
    // The undefined actor of mistakes.cdown is left out; its defined ones are kept.
    assert!(!actors.iter().any(|id| id == "jazayery"));
    assert!(actors.iter().any(|id| id == "forgotten"));
}

#[test]
fn claimreview_documents_carry_the_required_properties() {
    let documents = json(&export("claimreview"));
    let documents = documents.as_array().map(Vec::as_slice).unwrap_or_default();
    assert_eq!(documents.len(), 2, "one document per article with verdicts");
    let mut verdicts = Vec::new();
    for document in documents {
        assert_eq!(document["@context"], "https://schema.org");
        for review in document["@graph"].as_array().into_iter().flatten() {
            assert_eq!(review["@type"], "ClaimReview");
            assert!(
                review["claimReviewed"]
                    .as_str()
                    .is_some_and(|text| !text.is_empty()),
                "{review}"
            );
            assert!(review["datePublished"].as_str().is_some(), "{review}");
            assert!(
                matches!(
                    review["author"]["@type"].as_str(),
                    Some("Person" | "Organization")
                ),
                "{review}"
            );
            let item = &review["itemReviewed"];
            assert_eq!(item["@type"], "Claim");
            let authors = match &item["author"] {
                Value::Array(authors) => authors.clone(),
                author => vec![author.clone()],
            };
            for author in authors {
                assert!(
                    matches!(author["@type"].as_str(), Some("Person" | "Organization")),
                    "{review}"
                );
                assert!(author["name"].as_str().is_some(), "{review}");
            }
            for appearance in item["appearance"].as_array().into_iter().flatten() {
                assert!(
                    appearance["@type"].as_str().is_some() && appearance["name"].as_str().is_some(),
                    "{review}"
                );
            }
            assert_eq!(review["reviewRating"]["@type"], "Rating");
            verdicts.push(
                review["reviewRating"]["alternateName"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            );
        }
    }
    assert_eq!(verdicts, ["Disputed", "False", "True", "Unverified"]);
}

#[test]
fn web_annotations_select_the_claims_in_the_article_text() {
    let annotations = json(&export("webannotation"));
    let exported = json(&export("json"));
    let texts: Vec<&str> = exported["articles"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|article| article["claims"].as_array().into_iter().flatten())
        .filter_map(|claim| claim["text"].as_str())
        .collect();
    let annotations = annotations
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    assert_eq!(annotations.len(), texts.len(), "one annotation per claim");
    for (annotation, text) in annotations.iter().zip(texts) {
        assert_eq!(annotation["@context"], "http://www.w3.org/ns/anno.jsonld");
        assert_eq!(annotation["type"], "Annotation");
        assert!(
            annotation["id"]
                .as_str()
                .is_some_and(|id| id.starts_with("file:///")),
            "{annotation}"
        );
        assert!(annotation["motivation"].as_str().is_some());
        let target = &annotation["target"];
        assert!(
            target["source"]
                .as_str()
                .is_some_and(|source| source.ends_with(".cdown")),
            "{annotation}"
        );
        let selectors = target["selector"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        let [quote, position] = selectors else {
            panic!("two selectors expected: {annotation}");
        };
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(quote["exact"], text);
        assert_eq!(position["type"], "TextPositionSelector");
        let (Some(start), Some(end)) = (position["start"].as_u64(), position["end"].as_u64())
        else {
            panic!("positions expected: {annotation}");
        };
        assert_eq!((end - start) as usize, text.chars().count(), "{annotation}");
        for context in ["prefix", "suffix"] {
            assert!(
                quote[context]
                    .as_str()
                    .is_some_and(|it| it.chars().count() <= 32),
                "{annotation}"
            );
        }
    }
}

#[test]
fn web_annotations_target_the_front_matter_url() {
    let dir = scratch(
        "webannotation-url",
        &[(
            "a.cdown",
            "---\nurl: https://example.org/news/a#top\n---\nHe said [it rained]{#c1 @x} and [it \\[did\\] not]{@x rebuts=#c1}.\n\n[@x]: X\n",
        )],
    );
    let run = claimdown_in(
        &dir,
        &["export", "--format", "webannotation", "a.cdown"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let annotations = json(&run.stdout);
    assert_eq!(annotations[0]["id"], "https://example.org/news/a#claim=c1");
    assert_eq!(
        annotations[1]["id"],
        "https://example.org/news/a#claim-index=2"
    );
    assert_eq!(
        annotations[1]["target"]["source"],
        "https://example.org/news/a"
    );
    let selector = &annotations[1]["target"]["selector"];
    assert_eq!(selector[0]["exact"], "it [did] not");
    assert_eq!(selector[0]["prefix"], "He said it rained and ");
    assert_eq!(selector[0]["suffix"], ".");
    assert_eq!(selector[1]["start"], 22);
    assert_eq!(selector[1]["end"], 34);
    let linked: Vec<&Value> = annotations[1]["body"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|body| body["purpose"] == "linking")
        .collect();
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0]["id"], "https://example.org/news/a#claim=c1");
}

#[test]
fn errors_are_reported_and_the_valid_part_exported() {
    let run = claimdown(&["export", "--format", "json", "examples/mistakes.cdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("examples/mistakes.cdown:11:31: error[undefined-actor]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("exported what is valid"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("warning["),
        "warnings are not reported:\n{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains(" | "),
        "piped standard error has no source lines, as check's piped output:\n{}",
        run.stderr
    );
    let shown = claimdown(&[
        "export",
        "--source",
        "always",
        "--format",
        "json",
        "examples/mistakes.cdown",
    ]);
    assert!(shown.stderr.contains("^^^"), "{}", shown.stderr);
    let claims = json(&run.stdout)["articles"][0]["claims"]
        .as_array()
        .map(Vec::len);
    assert_eq!(claims, Some(8));

    let run = claimdown(&[
        "export",
        "--strict",
        "--format",
        "json",
        "examples/mistakes.cdown",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains("nothing exported (--strict)"),
        "{}",
        run.stderr
    );

    let run = claimdown(&[
        "export",
        "--strict",
        "--format",
        "dot",
        "examples/iran-strikes.cdown",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("digraph claimdown {"));
}

#[test]
fn output_file_and_stdin() {
    let dir = scratch("export-output", &[]);
    let out = dir.join("graph.mmd");
    let out_arg = out.to_string_lossy().into_owned();
    let run = claimdown(&[
        "export",
        "--format",
        "mermaid",
        "-o",
        &out_arg,
        "examples/iran-strikes.cdown",
    ]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""), "{}", run.stderr);
    let written = std::fs::read_to_string(&out).unwrap_or_default();
    assert_eq!(
        written,
        export_one("mermaid", "examples/iran-strikes.cdown")
    );

    // Standard input stands for the file it names: the registry still resolves.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/iran-strikes.cdown"
    ))
    .unwrap_or_default();
    let run = claimdown_with_stdin(
        &[
            "export",
            "--format",
            "json",
            "--stdin-filename",
            "examples/iran-strikes.cdown",
            "-",
        ],
        &text.replace("totally untrue", "entirely false"),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let exported = json(&run.stdout);
    assert_eq!(
        exported["articles"][0]["file"],
        "examples/iran-strikes.cdown"
    );
    assert_eq!(
        exported["articles"][0]["claims"][1]["text"],
        "entirely false"
    );
    assert_eq!(
        exported["articles"][0]["claims"][1]["actors"][0],
        "jazayeri"
    );
}

fn export_one(format: &str, path: &str) -> String {
    let run = claimdown(&["export", "--format", format, path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

/// `-o` naming an input replaced the article with its export and exited 0.
#[test]
fn output_that_is_an_input_is_refused() {
    let article = "[x]{#c1 @a}\n\n[@a]: A\n";
    let dir = scratch(
        "export-onto-input",
        &[("a.cdown", article), ("b.cdown", "")],
    );
    for output in ["a.cdown", "./a.cdown", "b.cdown"] {
        let run = claimdown_in(
            &dir,
            &["export", "--format", "json", "-o", output, "a.cdown"],
            None,
        );
        assert_eq!(run.code, 2, "{output}: {}", run.stderr);
        assert!(
            run.stderr.contains("is one of the files read"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("a.cdown")).ok().as_deref(),
        Some(article)
    );
}

/// The output is written beside its final name and renamed: no temporary file stays, and
/// a write that fails leaves the old output whole.
#[test]
fn output_is_replaced_whole() {
    let dir = scratch("export-atomic", &[("a.cdown", "[x]{#c1 @a}\n\n[@a]: A\n")]);
    std::fs::write(dir.join("out.json"), "old").unwrap_or_else(|err| panic!("{err}"));
    let run = claimdown_in(
        &dir,
        &["export", "--format", "json", "-o", "out.json", "a.cdown"],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let written = std::fs::read_to_string(dir.join("out.json")).unwrap_or_default();
    assert!(written.starts_with('{'), "{written}");
    let names: Vec<_> = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
    // A folder cannot be renamed over: the write fails, exits 2, and leaves no temporary.
    std::fs::create_dir_all(dir.join("taken")).unwrap_or_else(|err| panic!("{err}"));
    std::fs::write(dir.join("taken/x"), "").unwrap_or_else(|err| panic!("{err}"));
    let run = claimdown_in(
        &dir,
        &["export", "--format", "json", "-o", "taken", "a.cdown"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("cannot write taken"), "{}", run.stderr);
    let leftovers = std::fs::read_dir(&dir)
        .into_iter()
        .flatten()
        .flatten()
        .count();
    assert_eq!(
        leftovers, 4,
        "claimdown.toml, a.cdown, out.json, taken only"
    );
}

/// A file name that is not UTF-8 became `caf\u{fffd}.cdown` in JSON and
/// `caf%EF%BF%BD.cdown` in URIs, naming a file that does not exist.
#[cfg(unix)]
#[test]
fn non_utf8_file_names_keep_their_bytes_in_uris() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("non-utf8-name", &[]);
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.cdown");
    std::fs::write(dir.join(name), "[x]{#c1}\n\n[@a]: A\n").unwrap_or_else(|err| panic!("{err}"));
    let run = claimdown_in(&dir, &["export", "--format", "json", "."], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let exported = json(&run.stdout);
    validate("docs/schema/claimdown-export.schema.json", &exported);
    assert_eq!(exported["articles"][0]["file"], "./caf\u{fffd}.cdown");
    assert_eq!(exported["articles"][0]["uri"], "./caf%E9.cdown");
    assert_eq!(exported["actors"][0]["uri"], "./caf%E9.cdown");

    let run = claimdown_in(&dir, &["check", "--format", "json", "."], None);
    let diagnostics = json(&run.stdout);
    assert_eq!(
        diagnostics[0]["file"], "./caf\u{fffd}.cdown",
        "{diagnostics:#}"
    );
    assert_eq!(diagnostics[0]["uri"], "./caf%E9.cdown");

    let run = claimdown_in(&dir, &["check", "--format", "sarif", "."], None);
    let sarif = json(&run.stdout);
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        // SARIF leaves out `.` folders (checking `.`).
        location["artifactLocation"]["uri"],
        "caf%E9.cdown",
        "{sarif:#}"
    );
}

#[test]
fn html_of_one_article_is_a_page() {
    let run = claimdown(&["export", "--format", "html", "examples/iran-strikes.cdown"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = run.stdout;
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.contains("<title>Iran rejects reports of joint strikes</title>"));
    // The rebuttal's card names its actor, source and the claim it rebuts.
    let card = page.split("id=\"card-c1\"").nth(1).unwrap_or_default();
    assert!(card.contains("Massoud Jazayeri"), "{card}");
    assert!(card.contains("Remarks of Gen. Jazayeri to FNA"), "{card}");
    assert!(
        card.contains("rebuts <a href=\"#c0\">#c-joint</a>"),
        "{card}"
    );
    assert!(!page.contains("<script"));
}

#[test]
fn html_of_several_articles_is_a_site_in_a_folder() {
    let run = claimdown(&["export", "--format", "html", "examples/"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("-o DIR"), "{}", run.stderr);
    let dir = scratch("export-html-site", &[]);
    let site = dir.join("site");
    let site_arg = site.to_string_lossy().into_owned();
    let run = claimdown(&["export", "--format", "html", "examples/", "-o", &site_arg]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let read = |path: &str| std::fs::read_to_string(site.join(path)).unwrap_or_default();
    let index = read("index.html");
    assert!(
        index.contains(
            "<a href=\"articles/iran-strikes.html\">Iran rejects reports of joint strikes</a>"
        ),
        "{index}"
    );
    let actor = read("actors/kirby.html");
    assert!(actor.contains("../articles/iran-strikes.html#c"), "{actor}");
    let source = read("sources/dod-briefing.html");
    assert!(
        source.contains("there was no coordination with Tehran"),
        "{source}"
    );
    assert!(read("articles/vaccine-claims.html").contains("<mark "));
}
