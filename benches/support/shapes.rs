//! Articles of other shapes than [`super::gen`]'s, as an independent client measured the
//! server on: level-1 sections of one-claim paragraphs on long lines dense with links, the
//! same hard-wrapped, the same without its definitions, and many short paragraphs. A bench
//! tuned to one shape of article hid a keystroke five times slower on another.

use std::fmt::Write as _;

use super::gen::Rng;

const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "talks",
    "had",
    "stalled",
    "over",
    "border",
    "crossings",
    "while",
    "aid",
    "groups",
    "warned",
    "of",
    "shortages",
    "in",
    "northern",
    "districts",
    "and",
    "officials",
    "denied",
    "reports",
    "that",
    "convoys",
    "were",
    "blocked",
    "on",
    "Monday",
    "according",
    "to",
    "a",
    "statement",
    "from",
    "agency",
    "residents",
    "described",
];

/// One of the shapes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// 206 level-1 sections of 25 one-claim paragraphs, each on one long line, 7,700
    /// `rebuts=`/`supports=` links, 51 undefined actors: about 1.3 MB.
    Flat,
    /// [`Shape::Flat`] hard-wrapped at 80 columns.
    FlatWrapped,
    /// [`Shape::Flat`] without its definitions: every reference undefined.
    FlatUndefined,
    /// 30,000 one-sentence paragraphs, a claim in every fifth, a `##` heading every 100.
    ShortParagraphs,
}

impl Shape {
    pub const ALL: [Shape; 4] = [
        Shape::Flat,
        Shape::FlatWrapped,
        Shape::FlatUndefined,
        Shape::ShortParagraphs,
    ];

    pub fn describe(self) -> &'static str {
        match self {
            Shape::Flat => "flat: level-1 sections, one-claim paragraphs on long lines",
            Shape::FlatWrapped => "flat, hard-wrapped at 80 columns",
            Shape::FlatUndefined => "flat without its definitions (every reference undefined)",
            Shape::ShortParagraphs => "30,000 short paragraphs",
        }
    }

    pub fn article(self) -> String {
        match self {
            Shape::Flat => flat(true),
            Shape::FlatWrapped => wrap(&flat(true), 80),
            Shape::FlatUndefined => flat(false),
            Shape::ShortParagraphs => short_paragraphs(),
        }
    }
}

fn sentence(rng: &mut Rng, words: usize, out: &mut String) {
    for n in 0..words {
        if n > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick(WORDS));
    }
}

fn flat(definitions: bool) -> String {
    const SECTIONS: usize = 206;
    const PARAGRAPHS: usize = 25;
    // Actors b0…b100 are used, b0…b49 defined: 51 are undefined.
    const ACTORS: usize = 101;
    const DEFINED: usize = 50;
    let mut rng = Rng::new(7);
    let mut out = String::from("---\ntitle: Flat article\nlanguage: en\n---\n\n");
    let mut claim = 0usize;
    for section in 0..SECTIONS {
        let _ = writeln!(out, "# Section {section}\n");
        for _ in 0..PARAGRAPHS {
            out.push_str("Reporting ");
            sentence(&mut rng, 12, &mut out);
            out.push_str(" [");
            sentence(&mut rng, 8, &mut out);
            let _ = write!(out, "]{{#p{claim} @b{}", rng.below(ACTORS));
            if rng.chance(40) {
                let _ = write!(out, " ^s{}", rng.below(30));
            }
            // About 1.5 links a claim, to earlier claims.
            for relation in ["rebuts", "supports"] {
                if claim > 0 && rng.chance(75) {
                    let _ = write!(out, " {relation}=#p{}", rng.below(claim));
                }
            }
            out.push_str("} ");
            sentence(&mut rng, 14, &mut out);
            out.push_str(".\n\n");
            claim += 1;
        }
    }
    if definitions {
        for actor in 0..DEFINED {
            let _ = writeln!(out, "[@b{actor}]: Actor {actor}\n  role: spokesperson\n");
        }
        for source in 0..30 {
            let _ = writeln!(
                out,
                "[^s{source}]: Statement {source}\n  url: https://example.org/{source}\n"
            );
        }
    }
    out
}

/// Breaks prose lines at the last space before `width`, never inside `{…}`.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width);
    for line in text.split_inclusive('\n') {
        let mut column = 0;
        let mut depth = 0i32;
        for word in line.split_inclusive(' ') {
            if column > 0 && column + word.len() > width && depth == 0 {
                out.truncate(out.trim_end_matches(' ').len());
                out.push('\n');
                column = 0;
            }
            depth += word.matches('{').count() as i32 - word.matches('}').count() as i32;
            out.push_str(word);
            column += word.len();
        }
    }
    out
}

fn short_paragraphs() -> String {
    let mut rng = Rng::new(11);
    let mut out = String::from("---\ntitle: Short paragraphs\n---\n\n");
    for n in 0..30_000 {
        if n % 100 == 0 {
            let _ = writeln!(out, "## Part {}\n", n / 100);
        }
        out.push_str("Then ");
        if n % 5 == 0 {
            out.push('[');
            sentence(&mut rng, 4, &mut out);
            let _ = write!(out, "]{{#q{n} @c{}}}", rng.below(40));
        } else {
            sentence(&mut rng, 4, &mut out);
        }
        out.push_str(".\n\n");
    }
    for actor in 0..40 {
        let _ = writeln!(out, "[@c{actor}]: Actor {actor}");
    }
    out
}

/// The line about `fraction` of the way down where a paragraph starts with prose: typing
/// there changes no markup.
pub fn paragraph_start(text: &str, fraction: f64) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let from = (lines.len() as f64 * fraction) as usize;
    (from..lines.len())
        .find(|&n| {
            (lines[n].starts_with("Reporting") || lines[n].starts_with("Then "))
                && n > 0
                && lines[n - 1].is_empty()
        })
        .unwrap_or(from)
}

/// About `bytes` of densely annotated text: every paragraph makes two claims (one rebutting
/// the one before), a `##` heading every 50 paragraphs, its 40 actors and 30 sources defined
/// at the end, so that it has no errors. The shape that costs most memory per byte.
#[allow(dead_code)] // Only the memory bench asks for it.
pub fn dense(bytes: usize) -> String {
    let mut rng = Rng::new(13);
    let mut out = String::from("---\ntitle: Dense article\nlanguage: en\n---\n\n");
    let mut n = 0usize;
    while out.len() < bytes {
        if n.is_multiple_of(50) {
            let _ = writeln!(out, "## Part {}\n", n / 50);
        }
        out.push('[');
        sentence(&mut rng, 6, &mut out);
        let _ = write!(out, "]{{#d{n} @a{} ^s{}}} and ", n % 40, n % 30);
        out.push('[');
        sentence(&mut rng, 5, &mut out);
        let _ = write!(out, "]{{#e{n} @a{} rebuts=#d{n}}}.\n\n", (n + 1) % 40);
        n += 1;
    }
    for actor in 0..40 {
        let _ = writeln!(out, "[@a{actor}]: Actor {actor}\n");
    }
    for source in 0..30 {
        let _ = writeln!(out, "[^s{source}]: Statement {source}\n");
    }
    out
}
