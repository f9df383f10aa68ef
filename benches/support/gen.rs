//! Deterministic generators of realistic Claimdown articles, for benchmarks and stress tests.
//!
//! Include it with `#[path = "support/gen.rs"] mod gen;` (from `benches/`) or
//! `#[path = "../benches/support/gen.rs"] mod gen;` (from `tests/`). Nothing here is random
//! between runs: the same spec always gives the same text, so figures stay comparable.
//!
//! An article has front matter, headings at three levels, hard-wrapped paragraphs (lines of
//! at most 78 columns, so spans and attribute lists cross line breaks), claims with ids,
//! actors and sources, quotes, rebuttals of earlier claims (some nested around the claim
//! they rebut), `status=` and `key="quoted value"` attributes, plain `[sic]` brackets,
//! escapes, comments, block quotes of several paragraphs (some nested), and its own
//! definitions at the end.

#![allow(dead_code)]

use std::fmt::Write as _;

/// A small, fast, deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct ArticleSpec {
    pub seed: u64,
    /// Inline and block annotations, nested ones included.
    pub claims: usize,
    /// Actors the claims are attributed to, `@a0` … (defined here when `define_actors`).
    pub actors: usize,
    /// Sources defined in the article itself, `^s{seed}-0` … (unique to the article).
    pub sources: usize,
    /// Whether the article defines its actors, or relies on a shared registry (see [`registry`]).
    pub define_actors: bool,
}

/// The 1 MB benchmark article: about 5,000 claims and 500 definitions.
pub fn large_article_spec() -> ArticleSpec {
    ArticleSpec {
        seed: 1,
        claims: 5_000,
        actors: 300,
        sources: 200,
        define_actors: true,
    }
}

const WORDS: &[&str] = &[
    "the",
    "government",
    "said",
    "that",
    "officials",
    "had",
    "rejected",
    "reports",
    "of",
    "joint",
    "strikes",
    "in",
    "eastern",
    "province",
    "while",
    "analysts",
    "noted",
    "a",
    "sharp",
    "rise",
    "violence",
    "since",
    "spring",
    "ministry",
    "spokesperson",
    "denied",
    "any",
    "coordination",
    "with",
    "foreign",
    "forces",
    "and",
    "described",
    "accounts",
    "as",
    "baseless",
    "according",
    "to",
    "documents",
    "seen",
    "by",
    "reporters",
    "army",
    "carried",
    "out",
    "operations",
    "against",
    "militants",
    "near",
    "border",
    "on",
    "Tuesday",
    "residents",
    "heard",
    "explosions",
    "late",
    "night",
    "hospital",
    "treated",
    "dozens",
    "people",
    "for",
    "injuries",
    "statement",
    "released",
    "earlier",
    "this",
    "week",
    "promised",
    "an",
    "independent",
    "inquiry",
    "into",
    "incident",
    "opposition",
    "leaders",
    "called",
    "it",
    "cover-up",
    "vaccine",
    "trial",
    "regulator",
    "approved",
    "data",
    "children",
    "study",
    "results",
    "published",
    "journal",
    "experts",
    "warned",
    "élite",
    "Zürich",
    "Kraków",
    "São",
    "Paulo",
    "naïve",
    "café",
    "100%",
    "2,268",
];

const QUOTE_WORDS: &[&str] = &[
    "“We",
    "have",
    "never",
    "cooperated",
    "with",
    "them",
    "and",
    "never",
    "will.”",
    "“These",
    "claims",
    "are",
    "totally",
    "untrue,”",
    "he",
    "added.",
    "“Every",
    "result",
    "was",
    "submitted",
    "to",
    "the",
    "regulator.”",
    "“Our",
    "forces",
    "acted",
    "alone.”",
];

const STATUSES: &[&str] = &["disputed", "false", "true", "unverified", "retracted"];
// The kinds the language defines, so that generated fields stay valid as it changes.
use claimdown::model::vocabulary::{ACTOR_KINDS, SOURCE_KINDS};
const ROLES: &[&str] = &[
    "Deputy Chief of Staff",
    "Press Secretary",
    "Minister of Health",
    "Senior Correspondent",
    "Spokesperson",
    "Chief Medical Officer",
];
const NAMES: &[&str] = &[
    "Massoud", "John", "Maria", "Élodie", "Kenji", "Amina", "Piotr", "Fatima", "Lars", "Ana",
];
const SURNAMES: &[&str] = &[
    "Jazayeri", "Kirby", "Silva", "Dubois", "Tanaka", "Okafor", "Nowak", "Haddad", "Berg", "Lima",
];

/// A paragraph being written: pieces that may not be split, joined by spaces or line breaks.
struct Paragraph {
    pieces: Vec<String>,
}

impl Paragraph {
    fn new() -> Paragraph {
        Paragraph { pieces: Vec::new() }
    }

    fn push(&mut self, piece: impl Into<String>) {
        self.pieces.push(piece.into());
    }

    /// Appends to the last piece without a space (closing brackets, punctuation).
    fn glue(&mut self, piece: &str) {
        match self.pieces.last_mut() {
            Some(last) => last.push_str(piece),
            None => self.pieces.push(piece.to_owned()),
        }
    }

    /// Hard-wraps at 78 columns. No line starts with a blank, `#`, `:::` or `[@`/`[^`, so a
    /// continuation line never reads as a block start.
    fn write(self, out: &mut String) {
        let mut column = 0;
        for (idx, piece) in self.pieces.iter().enumerate() {
            let width = piece.chars().count();
            if idx > 0 {
                if column + 1 + width > 78 && !starts_block(piece) {
                    out.push('\n');
                    column = 0;
                } else {
                    out.push(' ');
                    column += 1;
                }
            }
            out.push_str(piece);
            column += width;
        }
        out.push('\n');
    }
}

fn starts_block(piece: &str) -> bool {
    piece.starts_with("# ")
        || piece == "#"
        || piece.starts_with(":::")
        || piece.starts_with("[@")
        || piece.starts_with("[^")
        || piece.starts_with("%%")
}

struct Writer<'a> {
    spec: &'a ArticleSpec,
    rng: Rng,
    claims: usize,
    /// Ids of the claims written so far, for `rebuts=` and `supports=`.
    ids: Vec<usize>,
    next_id: usize,
}

impl Writer<'_> {
    fn words(&mut self, paragraph: &mut Paragraph, n: usize) {
        for _ in 0..n {
            let word = self.rng.pick(WORDS);
            paragraph.push(word);
        }
    }

    fn actor(&mut self) -> String {
        format!("@a{}", self.rng.below(self.spec.actors.max(1)))
    }

    fn source(&mut self) -> String {
        format!(
            "^s{}-{}",
            self.spec.seed,
            self.rng.below(self.spec.sources.max(1))
        )
    }

    fn new_id(&mut self) -> usize {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// The attributes of one claim, as pieces (the caller wraps them in `{…}` or a fence).
    fn attributes(&mut self, id: usize, quote: bool, rebuts: Option<usize>) -> Vec<String> {
        let mut res = vec![format!("#c{id}")];
        if quote {
            res.push("quote".to_owned());
        }
        res.push(self.actor());
        if self.rng.chance(15) {
            res.push(self.actor());
        }
        if self.spec.sources > 0 && self.rng.chance(80) {
            res.push(self.source());
        }
        if let Some(target) = rebuts {
            res.push(format!("rebuts=#c{target}"));
        } else if !self.ids.is_empty() && self.rng.chance(8) {
            let target = self.ids[self.rng.below(self.ids.len())];
            res.push(format!("supports=#c{target}"));
        }
        if self.rng.chance(12) {
            let status = self.rng.pick(STATUSES);
            res.push(format!("status={status}"));
        }
        if self.rng.chance(5) {
            res.push("note=\"translated from Persian\"".to_owned());
        }
        res
    }

    /// `[span words…]{attributes}` into the paragraph.
    fn inline_claim(&mut self, paragraph: &mut Paragraph) {
        let id = self.new_id();
        self.claims += 1;
        let quote = self.rng.chance(15);
        let n = 3 + self.rng.below(12);
        let mut words = Vec::with_capacity(n);
        for _ in 0..n {
            words.push(if quote {
                self.rng.pick(QUOTE_WORDS)
            } else {
                self.rng.pick(WORDS)
            });
        }
        paragraph.push(format!("[{}", words[0]));
        for word in &words[1..] {
            paragraph.push(*word);
        }
        self.close(paragraph, id, quote, None);
        self.ids.push(id);
    }

    /// A rebuttal whose span holds the claim it rebuts: `[… [claim]{#c1 …} …]{#c2 rebuts=#c1}`.
    fn nested_claims(&mut self, paragraph: &mut Paragraph) {
        let outer = self.new_id();
        self.claims += 1;
        paragraph.push("[called");
        self.words(paragraph, 1);
        let inner = self.next_id;
        self.inline_claim(paragraph);
        paragraph.push("plainly");
        paragraph.push("untrue");
        self.close(paragraph, outer, false, Some(inner));
        self.ids.push(outer);
    }

    fn close(&mut self, paragraph: &mut Paragraph, id: usize, quote: bool, rebuts: Option<usize>) {
        let attributes = self.attributes(id, quote, rebuts);
        paragraph.glue(&format!("]{{{}", attributes[0]));
        for attribute in &attributes[1..] {
            paragraph.push(attribute.clone());
        }
        paragraph.glue("}");
    }

    fn paragraph(&mut self, out: &mut String, budget: usize) {
        let mut paragraph = Paragraph::new();
        let mut left = budget.min(1 + self.rng.below(3));
        while left > 0 {
            let n = 4 + self.rng.below(14);
            self.words(&mut paragraph, n);
            if self.rng.chance(6) {
                paragraph.push("[sic]");
            }
            if self.rng.chance(3) {
                paragraph.push("\\[1\\]");
            }
            if left >= 2 && !self.ids.is_empty() && self.rng.chance(30) {
                self.nested_claims(&mut paragraph);
                left -= 2;
            } else {
                self.inline_claim(&mut paragraph);
                left -= 1;
            }
            paragraph.glue(if self.rng.chance(50) { "." } else { "," });
        }
        let n = 3 + self.rng.below(10);
        self.words(&mut paragraph, n);
        paragraph.glue(".");
        paragraph.write(out);
        out.push('\n');
    }

    /// A block quote of one to three paragraphs, sometimes with a nested block inside.
    fn block(&mut self, out: &mut String, nested: bool) {
        let id = self.new_id();
        self.claims += 1;
        let rebuts = if !self.ids.is_empty() && self.rng.chance(40) {
            Some(self.ids[self.rng.below(self.ids.len())])
        } else {
            None
        };
        let attributes = self.attributes(id, true, rebuts);
        let _ = writeln!(out, "::: {}", attributes.join(" "));
        let n_paragraphs = 1 + self.rng.below(3);
        for idx in 0..n_paragraphs {
            if idx > 0 {
                out.push('\n');
            }
            let mut paragraph = Paragraph::new();
            let n = 12 + self.rng.below(30);
            for _ in 0..n {
                paragraph.push(self.rng.pick(QUOTE_WORDS));
            }
            if self.rng.chance(30) {
                self.inline_claim(&mut paragraph);
            }
            paragraph.write(out);
        }
        if nested {
            out.push('\n');
            self.block(out, false);
        }
        out.push_str(":::\n\n");
        self.ids.push(id);
    }

    fn definitions(&mut self, out: &mut String) {
        if self.spec.define_actors {
            out.push_str(&actor_definitions(self.spec.actors, &mut self.rng));
        }
        for idx in 0..self.spec.sources {
            let rng = &mut self.rng;
            let seed = self.spec.seed;
            let _ = writeln!(
                out,
                "[^s{seed}-{idx}]: {} {} remarks to reporters",
                rng.pick(NAMES),
                rng.pick(SURNAMES)
            );
            let _ = writeln!(out, "  publisher: @a{}", rng.below(self.spec.actors.max(1)));
            let _ = writeln!(
                out,
                "  date: 20{:02}-{:02}-{:02}",
                10 + rng.below(15),
                1 + rng.below(12),
                1 + rng.below(28)
            );
            let _ = writeln!(out, "  kind: {}", rng.pick(SOURCE_KINDS));
            if rng.chance(70) {
                let _ = writeln!(
                    out,
                    "  url: https://example.org/news/{idx}/story-{}",
                    rng.below(100_000)
                );
            }
            if rng.chance(20) {
                let _ = writeln!(out, "  %% checked by the desk");
                let _ = writeln!(
                    out,
                    "  accessed: 2024-0{}-1{}",
                    1 + rng.below(9),
                    rng.below(10)
                );
            }
            out.push('\n');
        }
    }
}

/// Actor definitions `[@a0]` … with fields, as an article or a shared registry holds them.
fn actor_definitions(n: usize, rng: &mut Rng) -> String {
    let mut out = String::new();
    for idx in 0..n {
        let _ = writeln!(out, "[@a{idx}]: {} {}", rng.pick(NAMES), rng.pick(SURNAMES));
        let _ = writeln!(out, "  kind: {}", rng.pick(ACTOR_KINDS));
        if rng.chance(60) {
            let _ = writeln!(out, "  role: {}", rng.pick(ROLES));
        }
        if idx > 0 && rng.chance(40) {
            let _ = writeln!(out, "  affiliation: @a{}", rng.below(idx));
        }
        if rng.chance(30) {
            let _ = writeln!(out, "  alias: {}", rng.pick(SURNAMES));
            let _ = writeln!(out, "  alias: {}.", rng.pick(NAMES));
        }
        if rng.chance(20) {
            let _ = writeln!(out, "  wikidata: Q{}", 1 + rng.below(1_000_000));
        }
        out.push('\n');
    }
    out
}

/// A whole article.
pub fn article(spec: &ArticleSpec) -> String {
    let mut writer = Writer {
        spec,
        rng: Rng::new(spec.seed),
        claims: 0,
        ids: Vec::new(),
        next_id: 0,
    };
    let mut out = String::with_capacity(spec.claims * 220 + spec.sources * 120 + 1024);
    let _ = writeln!(
        out,
        "---\ntitle: Generated article {}\noutlet: @a0",
        spec.seed
    );
    out.push_str("published: 2014-12-03\nlanguage: en\ntags: generated, benchmark\n---\n\n");
    let _ = writeln!(out, "# Generated article {}\n", spec.seed);
    let mut section = 0;
    while writer.claims < spec.claims {
        if section % 8 == 0 {
            let _ = writeln!(out, "## Part {}\n", section / 8 + 1);
        }
        let _ = writeln!(out, "### Section {section}\n");
        if writer.rng.chance(30) {
            out.push_str("%% analyst note: check this section against the wire copy\n");
        }
        for _ in 0..6 {
            let left = spec.claims.saturating_sub(writer.claims);
            if left == 0 {
                break;
            }
            if left >= 2 && writer.rng.chance(7) {
                let nested = left >= 3 && writer.rng.chance(25);
                writer.block(&mut out, nested);
            } else {
                writer.paragraph(&mut out, left);
            }
        }
        section += 1;
    }
    out.push_str("%% Definitions.\n\n");
    writer.definitions(&mut out);
    out
}

/// The shared registry of a generated workspace: actors `@a0` … `@a{n-1}`.
pub fn registry(actors: usize) -> String {
    let mut out = String::from("%% Shared registry of the generated workspace.\n\n");
    out.push_str(&actor_definitions(actors, &mut Rng::new(0)));
    out
}

/// The spec of the `idx`th article of a generated workspace: 20 to 80 claims attributed to
/// the registry's actors, ten local sources.
pub fn workspace_article_spec(idx: usize, registry_actors: usize) -> ArticleSpec {
    let mut rng = Rng::new(1_000 + idx as u64);
    ArticleSpec {
        seed: 1_000 + idx as u64,
        claims: 20 + rng.below(61),
        actors: registry_actors,
        sources: 10,
        define_actors: false,
    }
}

/// Writes a workspace of `n_articles` articles, a shared `actors.cdown` and a
/// `claimdown.toml` into `dir` (created if needed); returns the total size in bytes.
pub fn write_workspace(dir: &std::path::Path, n_articles: usize) -> std::io::Result<u64> {
    const REGISTRY_ACTORS: usize = 400;
    std::fs::create_dir_all(dir)?;
    let mut total = 0;
    let mut write = |name: String, text: String| -> std::io::Result<()> {
        total += text.len() as u64;
        std::fs::write(dir.join(name), text)
    };
    write(
        "claimdown.toml".to_owned(),
        "[rules]\nunused-definition = \"warning\"\n".to_owned(),
    )?;
    write("actors.cdown".to_owned(), registry(REGISTRY_ACTORS))?;
    for idx in 0..n_articles {
        let spec = workspace_article_spec(idx, REGISTRY_ACTORS);
        write(format!("article-{idx:04}.cdown"), article(&spec))?;
    }
    Ok(total)
}

/// The first line at or after `fraction` of the way down `text` that starts with a
/// lowercase letter: prose, where typing a character changes no markup.
pub fn prose_line(text: &str, fraction: f64) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let from = (lines.len() as f64 * fraction) as usize;
    (from..lines.len())
        .find(|&n| lines[n].starts_with(|ch: char| ch.is_ascii_lowercase()))
        .unwrap_or(from)
}

/// The first actor reference `@a…` at or after `fraction` of the way down `text`: its line,
/// and the byte columns where its id starts and ends.
pub fn actor_reference(text: &str, fraction: f64) -> (usize, usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let from = (lines.len() as f64 * fraction) as usize;
    (from..lines.len())
        .find_map(|n| {
            let start = lines[n].find(" @a")? + 2;
            let len = lines[n][start..].find(|ch: char| !ch.is_ascii_alphanumeric())?;
            Some((n, start, start + len))
        })
        .unwrap_or((0, 0, 0))
}
