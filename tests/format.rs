//! Property tests of the formatter on generated articles, put out of order, and on mutated
//! ones: formatting twice gives what formatting once gives, and the formatted text means
//! what the input meant (claims, their text, attributions, sources, relations, definitions
//! and their fields), ranges aside.

#[path = "../benches/support/gen.rs"]
mod gen;
mod mutation;

use mutation::{apply, Mutation};
use proptest::prelude::*;

use claimdown::format::{format, meaning, FormatOptions};

const EXAMPLES: &[&str] = &[
    include_str!("../examples/actors.cdown"),
    include_str!("../examples/iran-strikes.cdown"),
    include_str!("../examples/mistakes.cdown"),
    include_str!("../examples/vaccine-claims.cdown"),
];

fn small_article(seed: u64, claims: usize) -> String {
    gen::article(&gen::ArticleSpec {
        seed,
        claims,
        actors: 6,
        sources: 4,
        define_actors: true,
    })
}

/// Undoes the order a formatter would give: every one-line attribute list reversed, blanks
/// doubled, the fields of each definition reversed and indented otherwise, trailing blanks
/// added, blank lines between blocks dropped or multiplied.
fn disorder(text: &str, rng: &mut gen::Rng) -> String {
    let mut out = String::new();
    let mut fields: Vec<String> = Vec::new();
    let flush = |fields: &mut Vec<String>, out: &mut String| {
        for field in fields.drain(..).rev() {
            out.push_str(&field);
        }
    };
    for line in text.split_inclusive('\n') {
        if line.starts_with("  ") && !line.trim_start().starts_with("%%") {
            let indent = ["\t", "    ", "  "][rng.below(3)];
            fields.push(format!("{indent}{}", line.trim_start()));
            continue;
        }
        flush(&mut fields, &mut out);
        if line.trim().is_empty() {
            out.push_str(["", "\n", "\n\n", " \n"][rng.below(4)]);
            continue;
        }
        out.push_str(&reverse_attributes(line));
        if rng.chance(20) {
            out.insert_str(out.len() - 1, "  ");
        }
    }
    flush(&mut fields, &mut out);
    out
}

fn reverse_attributes(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find("]{") {
        out.push_str(&rest[..open + 2]);
        rest = &rest[open + 2..];
        let Some(close) = rest.find('}') else { break };
        let inner = &rest[..close];
        if inner.contains(['%', '[', '"']) {
            out.push_str(inner);
        } else {
            let items: Vec<&str> = inner.split_whitespace().rev().collect();
            out.push_str(&items.join("  "));
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Formats `input` and checks both properties; returns the output.
fn check(input: &str, options: &FormatOptions) -> claimdown::format::Formatted {
    let once = format(input, options);
    assert!(!once.refused, "the formatter refused:\n{input}");
    assert_eq!(
        meaning(&once.text),
        meaning(input),
        "meaning changed:\n{input}\n---\n{}",
        once.text
    );
    let twice = format(&once.text, options);
    assert_eq!(twice.text, once.text, "not idempotent:\n{input}");
    once
}

fn piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "[",
        "]",
        "{",
        "}",
        ":::",
        "::: ",
        "---\n",
        "%%",
        "\r\n",
        "\n",
        "\n\n",
        "\\",
        "]{",
        "[@",
        "[^",
        "]: ",
        "  ",
        "\t",
        "# ",
        "@",
        "^",
        "=",
        "\"",
        ",",
        "quote",
        "rebuts=#",
        " @a1",
        " ^s1-0",
        " #c1",
        " status=false",
        "  kind: person\n",
        "é",
        "😀",
    ])
    .prop_map(str::to_owned)
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (0.0..=1.0f64, prop::collection::vec(piece(), 1..3))
            .prop_map(|(at, pieces)| Mutation::Insert { at, text: pieces.concat() }),
        1 => (0.0..=1.0f64, 1usize..30).prop_map(|(at, len)| Mutation::Delete { at, len }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn generated_articles_out_of_order(seed in 0u64..10_000, claims in 1usize..30, width in 30usize..120) {
        let mut rng = gen::Rng::new(seed);
        let input = disorder(&small_article(seed, claims), &mut rng);
        let formatted = check(&input, &FormatOptions { line_width: width });
        prop_assert!(formatted.skipped.is_empty(), "a generated article has no syntax error");
        // Out of order, it changes; formatted, it stays.
        prop_assert_ne!(&formatted.text, &input);
    }

    #[test]
    fn mutated_articles(
        seed in 0u64..10_000,
        example in 0..EXAMPLES.len() + 1,
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let mut text = match EXAMPLES.get(example) {
            Some(example) => example.to_string(),
            None => disorder(&small_article(seed, 8), &mut gen::Rng::new(seed)),
        };
        for mutation in &mutations {
            apply(&mut text, mutation);
        }
        check(&text, &FormatOptions::default());
    }
}

#[test]
fn the_examples_are_formatted() {
    for example in EXAMPLES {
        let formatted = check(example, &FormatOptions::default());
        assert_eq!(&formatted.text, example);
    }
}

/// A 1 MB article with a trailing blank on every line (every line changes) formats, and
/// becomes editor edits, in bounded time: no quadratic diff.
#[test]
fn a_large_article_formats_in_bounded_time() {
    let text = gen::article(&gen::large_article_spec());
    let messy: String = text.lines().map(|line| format!("{line} \n")).collect();
    let started = std::time::Instant::now();
    let formatted = format(&messy, &FormatOptions::default());
    let format_took = started.elapsed();
    assert!(!formatted.refused);
    let started = std::time::Instant::now();
    let edits = claimdown::ide::formatting_edits(&messy, &FormatOptions::default(), None);
    let edits_took = started.elapsed();
    eprintln!(
        "format: {format_took:?}, edits: {edits_took:?} ({} edits)",
        edits.len()
    );
    assert_eq!(claimdown::ide::apply_edits(&messy, &edits), formatted.text);
    assert!(
        format_took.as_secs() < 20 && edits_took.as_secs() < 40,
        "{format_took:?} {edits_took:?}"
    );
}

/// Worst cases for the formatter's bookkeeping: one line of 40,000 annotations (the
/// column of each list), and 20,000 broken blocks (which block is broken).
#[test]
fn pathological_input_formats_in_bounded_time() {
    let one_line = "[a]{^s   @a} ".repeat(40_000);
    let broken = "[x]{@a\n\n".repeat(20_000);
    for (what, text) in [("one line", one_line), ("broken blocks", broken)] {
        let started = std::time::Instant::now();
        let formatted = format(&text, &FormatOptions::default());
        let took = started.elapsed();
        eprintln!("{what}: {took:?}");
        assert!(!formatted.refused, "{what}");
        assert!(took.as_secs() < 20, "{what}: {took:?}");
    }
}
