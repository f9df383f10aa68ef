//! Finds speech in a file's prose that no annotation covers: quotations between the
//! language's quotation marks, and clauses a reporting phrase introduces (`X said the …`).
//! One pass over the prose outside annotations, char by char: linear in the file's size.

use std::ops::Range;

use super::speech::{Language, Reporting};
use super::Within;
use crate::model::{FileModel, TextPiece};
use crate::text::TextRange;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Finding {
    pub kind: FindingKind,
    /// The quotation with its marks, or the reported clause: what an annotation would wrap.
    pub range: TextRange,
    /// The sentence it stands in, where the speaker is usually named.
    pub sentence: TextRange,
    /// The reporting phrase of the sentence (`said`), if any.
    pub phrase: Option<TextRange>,
    pub words: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FindingKind {
    /// Words between quotation marks.
    Quote,
    /// A clause reported without quotation marks.
    Reported,
}

/// A stretch of prose outside annotations, within one paragraph. `open_start`/`open_end`:
/// an annotation touches it there, so the sentence at that end is partly annotated.
#[derive(Clone, Copy, Debug)]
struct Run {
    range: TextRange,
    open_start: bool,
    open_end: bool,
}

/// What to look for.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Settings {
    /// Fewer words between quotation marks are a quote only with a reporting phrase.
    pub min_words: usize,
    /// Whether clauses reported without quotation marks are looked for too.
    pub reported_speech: bool,
}

/// The speech no annotation covers in `within` (whole blocks, in order), or in the whole
/// text.
pub(crate) fn find(
    text: &str,
    model: &FileModel,
    language: &Language,
    settings: Settings,
    within: Within<'_>,
) -> Vec<Finding> {
    let mut res = Vec::new();
    if settings.reported_speech {
        // Runs stay within their paragraph, so within a block.
        for run in runs(text, model)
            .into_iter()
            .filter(|run| within.contains(run.range))
        {
            scan_run(text, run, language, settings, &mut res);
        }
        return res;
    }
    // Only quotations: find the opening marks at memory speed, and look at the prose
    // around each one only, a paragraph at a time.
    let openings = lead_bytes(language.pairs.iter().map(|&(open, _)| open));
    for region in within.regions() {
        let bytes = text
            .as_bytes()
            .get(..region.end as usize)
            .unwrap_or(text.as_bytes());
        let mut pos = region.start as usize;
        while let Some(candidate) = find_lead(bytes, pos, &openings) {
            match run_at(text, model, candidate) {
                Ok(run) => {
                    scan_run(text, run, language, settings, &mut res);
                    pos = (run.range.end as usize).max(candidate + 1);
                }
                Err(next) => pos = next.max(candidate + 1),
            }
        }
    }
    res
}

/// The run of prose outside annotations and headings that holds `offset`, as [`runs`]
/// would cut it, found from the pieces around it alone; or, when `offset` is in no such
/// prose, where the next run may start (past the annotation it is in, say).
fn run_at(text: &str, model: &FileModel, offset: usize) -> Result<Run, usize> {
    let pieces = &model.text_pieces;
    let offset = offset as u32;
    let idx = pieces.partition_point(|piece| piece.range().end <= offset);
    let Some(piece) = pieces.get(idx).map(|piece| piece.range()) else {
        return Err(text.len());
    };
    if piece.start > offset {
        return Err(piece.start as usize);
    }
    if let Some(end) = claim_end(model, piece.start) {
        return Err(end as usize);
    }
    if in_heading(model, piece.start) {
        return Err(piece.end as usize);
    }
    let mut run = Run {
        range: piece,
        open_start: false,
        open_end: false,
    };
    for before in pieces[..idx].iter().rev().map(|piece| piece.range()) {
        if in_claim(model, before.start) {
            run.open_start = true;
            break;
        }
        if in_heading(model, before.start) {
            break;
        }
        match gap(text, before.end, run.range.start) {
            Gap::Joins => run.range.start = before.start,
            Gap::Clean => break,
            Gap::Touching => {
                run.open_start = true;
                break;
            }
        }
    }
    for after in pieces[idx + 1..].iter().map(|piece| piece.range()) {
        if in_claim(model, after.start) {
            run.open_end = true;
            break;
        }
        if in_heading(model, after.start) {
            break;
        }
        match gap(text, run.range.end, after.start) {
            Gap::Joins => run.range.end = after.end,
            Gap::Clean => break,
            Gap::Touching => {
                run.open_end = true;
                break;
            }
        }
    }
    Ok(run)
}

/// What stands between two pieces of prose.
enum Gap {
    /// Blanks within a paragraph: the same run.
    Joins,
    /// A blank line: the paragraph ends.
    Clean,
    /// Something else (a comment, a heading's marks): the sentence may go on past it.
    Touching,
}

fn gap(text: &str, end: u32, start: u32) -> Gap {
    let gap = text.get(end as usize..start as usize).unwrap_or("x");
    if !gap.chars().all(char::is_whitespace) {
        return Gap::Touching;
    }
    match memchr::memchr_iter(b'\n', gap.as_bytes()).count() {
        0 | 1 => Gap::Joins,
        _ => Gap::Clean,
    }
}

fn in_claim(model: &FileModel, offset: u32) -> bool {
    claim_end(model, offset).is_some()
}

/// Where the outermost annotation covering `offset` ends, if one does: it is the last
/// claim starting at or before `offset` or one of its ancestors (claims are in document
/// order, nested ones after their parent).
fn claim_end(model: &FileModel, offset: u32) -> Option<u32> {
    let claims = &model.claims;
    let after = claims.partition_point(|claim| claim.range.start <= offset);
    let mut at = after.checked_sub(1);
    let mut res = None;
    while let Some(claim) = at.and_then(|idx| claims.get(idx)) {
        if claim.range.start <= offset && offset < claim.range.end {
            res = Some(claim.range.end);
        }
        at = claim.parent;
    }
    res
}

fn in_heading(model: &FileModel, offset: u32) -> bool {
    let headings = &model.headings;
    let after = headings.partition_point(|heading| heading.range.start <= offset);
    after
        .checked_sub(1)
        .and_then(|idx| headings.get(idx))
        .is_some_and(|heading| offset < heading.range.end)
}

/// The prose outside annotations, in runs that an annotation, a comment or a blank line
/// ends. Headings are left out: a headline sums the article up (`Pentagon says …`), the
/// speech it reports is in the body.
fn runs(text: &str, model: &FileModel) -> Vec<Run> {
    let mut res: Vec<Run> = Vec::new();
    let mut outer = model.claims.iter().filter(|claim| claim.parent.is_none());
    let mut claim = outer.next();
    let mut headings = model.headings.iter().peekable();
    let mut current: Option<Run> = None;
    let mut touching = false;
    for piece in &model.text_pieces {
        let range = match *piece {
            TextPiece::Verbatim(range) | TextPiece::Escaped { range, .. } => range,
        };
        while claim.is_some_and(|claim| claim.range.end <= range.start) {
            claim = outer.next();
        }
        while headings
            .next_if(|heading| heading.range.end <= range.start)
            .is_some()
        {}
        let in_heading = headings
            .peek()
            .is_some_and(|heading| heading.range.start <= range.start);
        if in_heading {
            res.extend(current.take());
            continue;
        }
        if claim.is_some_and(|claim| claim.range.start <= range.start) {
            if let Some(mut run) = current.take() {
                run.open_end = true;
                res.push(run);
            }
            touching = true;
            continue;
        }
        match current.as_mut() {
            Some(run) => {
                let touching = match gap(text, run.range.end, range.start) {
                    Gap::Joins => {
                        run.range.end = range.end;
                        continue;
                    }
                    Gap::Clean => false,
                    Gap::Touching => true,
                };
                let mut done = *run;
                done.open_end = touching;
                res.push(done);
                current = Some(Run {
                    range,
                    open_start: touching,
                    open_end: false,
                });
            }
            None => {
                current = Some(Run {
                    range,
                    open_start: touching,
                    open_end: false,
                });
            }
        }
        touching = false;
    }
    res.extend(current);
    res
}

const TERMINATORS: &[char] = &['.', '!', '?', '…', '。', '！', '？', '؟'];

/// Titles whose period ends no sentence (`said Gen. Jazayeri`).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "Capt", "Adm", "Maj", "Sen", "Rep", "Gov",
    "Pres", "Prof", "St", "Jr", "Sr", "Mme", "Mlle", "Sra", "Hr", "Fr", "Nr", "No",
];

/// Whether the word before a period at `idx` is a title or an initial (`J. Kirby`).
fn is_abbreviation(prose: &str, idx: usize) -> bool {
    let before = &prose[..idx];
    let word_start = before
        .rfind(|ch: char| !ch.is_alphanumeric())
        .map_or(0, |n| {
            n + before[n..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&word)
}

/// A quotation in a run's prose: the byte range with its marks, and its words.
struct Quote {
    range: Range<usize>,
    words: usize,
}

/// How far a sentence is looked for around a quotation: a bound that keeps a paragraph of
/// quotations without any period linear.
const MAX_SENTENCE: usize = 2_000;

fn scan_run(text: &str, run: Run, language: &Language, settings: Settings, res: &mut Vec<Finding>) {
    let base = run.range.start as usize;
    let Some(prose) = text.get(run.range.as_usize()) else {
        return;
    };
    let at = |range: Range<usize>| TextRange::new(base + range.start, base + range.end);
    let quotes = quotations(prose, language);
    // Quotations of one sentence share its bounds and phrase: found once, so that a
    // paragraph of many quotations without a period stays linear.
    let mut last: Option<(Range<usize>, Option<Phrase>)> = None;
    for quote in &quotes {
        let (sentence, phrase) = match &last {
            Some((sentence, phrase))
                if sentence.start <= quote.range.start && quote.range.end <= sentence.end =>
            {
                (sentence.clone(), phrase.clone())
            }
            _ => {
                let sentence = sentence_around(prose, quote.range.clone(), language);
                let phrase = first_phrase(prose, sentence.clone(), &quotes, language);
                last = Some((sentence.clone(), phrase.clone()));
                (sentence, phrase)
            }
        };
        if quote.words >= settings.min_words || phrase.is_some() {
            res.push(Finding {
                kind: FindingKind::Quote,
                range: at(quote.range.clone()),
                sentence: at(sentence),
                phrase: phrase.map(|(found, _)| at(found)),
                words: quote.words,
            });
        }
    }
    if settings.reported_speech {
        reported_speech(
            prose,
            run,
            &quotes,
            language,
            settings.min_words,
            &mut |finding| {
                res.push(Finding {
                    range: at(finding.range.start as usize..finding.range.end as usize),
                    sentence: at(finding.sentence.start as usize..finding.sentence.end as usize),
                    phrase: finding
                        .phrase
                        .map(|phrase| at(phrase.start as usize..phrase.end as usize)),
                    ..finding
                });
            },
        );
    }
}

/// The quotations of a run: from an opening mark to the first mark that closes it. The
/// marks are found by their first byte (`memchr`), so plain prose is skipped at memory
/// speed. An opening mark never closed ends the search: the quotation runs on into an
/// annotation or the next paragraph, and is not ours.
fn quotations(prose: &str, language: &Language) -> Vec<Quote> {
    let bytes = prose.as_bytes();
    let openings = lead_bytes(language.pairs.iter().map(|&(open, _)| open));
    let mut res = Vec::new();
    let mut pos = 0;
    while let Some(start) = find_lead(bytes, pos, &openings) {
        let Some(mark) = prose[start..].chars().next() else {
            break;
        };
        let after = start + mark.len_utf8();
        let straight = language.closes(mark, mark);
        // A straight mark just after a letter or digit is an inch or a typo, not a quote.
        let glued = prose[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if !language.is_opening(mark) || (straight && glued) {
            pos = after;
            continue;
        }
        let closings = lead_bytes(
            language
                .pairs
                .iter()
                .filter(|&&(open, _)| open == mark)
                .map(|&(_, close)| close),
        );
        let mut scan = after;
        let end = loop {
            let Some(candidate) = find_lead(bytes, scan, &closings) else {
                break None;
            };
            let ch = prose[candidate..].chars().next().unwrap_or(' ');
            scan = candidate + ch.len_utf8();
            if language.closes(mark, ch) {
                break Some((candidate, scan));
            }
        };
        let Some((closing, end)) = end else {
            break;
        };
        res.push(Quote {
            range: start..end,
            words: word_count(&prose[after..closing]),
        });
        pos = end;
    }
    res
}

fn lead_bytes(chars: impl Iterator<Item = char>) -> Vec<u8> {
    let mut res: Vec<u8> = chars
        .map(|ch| {
            let mut buf = [0; 4];
            ch.encode_utf8(&mut buf).as_bytes()[0]
        })
        .collect();
    res.sort_unstable();
    res.dedup();
    res
}

/// The first of `leads` at or after `from`.
fn find_lead(bytes: &[u8], from: usize, leads: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    let found = match *leads {
        [] => None,
        [a] => memchr::memchr(a, hay),
        [a, b] => memchr::memchr2(a, b, hay),
        [a, b, c] => memchr::memchr3(a, b, c, hay),
        _ => hay.iter().position(|byte| leads.contains(byte)),
    };
    found.map(|n| from + n)
}

/// Whether the terminator `ch` at `idx` ends a sentence: it is followed by a blank, an
/// opening mark or nothing, and is not the period of a title (`Gen.`) or an initial.
fn ends_sentence(prose: &str, idx: usize, ch: char, language: &Language) -> bool {
    if !TERMINATORS.contains(&ch) || (ch == '.' && is_abbreviation(prose, idx)) {
        return false;
    }
    let next = prose[idx + ch.len_utf8()..].chars().next();
    next.is_none_or(|next| next.is_whitespace() || language.is_opening(next))
}

/// The sentence a quotation stands in, looked for at most `MAX_SENTENCE` bytes around it.
fn sentence_around(prose: &str, quote: Range<usize>, language: &Language) -> Range<usize> {
    let mut floor = quote.start.saturating_sub(MAX_SENTENCE);
    while !prose.is_char_boundary(floor) {
        floor += 1;
    }
    let start = prose[floor..quote.start]
        .char_indices()
        .rev()
        .find(|&(idx, ch)| ends_sentence(prose, floor + idx, ch, language))
        .map_or(floor, |(idx, ch)| floor + idx + ch.len_utf8());
    let mut ceiling = (quote.end + MAX_SENTENCE).min(prose.len());
    while !prose.is_char_boundary(ceiling) {
        ceiling -= 1;
    }
    let end = prose[quote.end..ceiling]
        .char_indices()
        .find(|&(idx, ch)| ends_sentence(prose, quote.end + idx, ch, language))
        .map_or(ceiling, |(idx, ch)| quote.end + idx + ch.len_utf8());
    start..end
}

/// A reporting phrase found: where, and what kind.
type Phrase = (Range<usize>, Reporting);

/// Whether `offset` is inside one of the quotations (in order, not overlapping).
fn in_quote(quotes: &[Quote], offset: usize) -> bool {
    let after = quotes.partition_point(|quote| quote.range.start <= offset);
    after
        .checked_sub(1)
        .and_then(|idx| quotes.get(idx))
        .is_some_and(|quote| offset < quote.range.end)
}

/// The first reporting phrase of a sentence outside its quotations, in run offsets.
fn first_phrase(
    prose: &str,
    sentence: Range<usize>,
    quotes: &[Quote],
    language: &Language,
) -> Option<Phrase> {
    let base = sentence.start;
    language
        .reporting_in(&prose[sentence])
        .map(|(found, kind)| (base + found.start..base + found.end, kind))
        .filter(|(found, _)| !in_quote(quotes, found.start))
        .min_by_key(|(found, _)| found.start)
}

/// Clauses a reporting phrase introduces in whole sentences without quotations
/// (`[unannotated-quote] reported-speech = true`): every sentence of the run is read, so
/// this costs a pass over the prose, unlike the quotations.
fn reported_speech(
    prose: &str,
    run: Run,
    quotes: &[Quote],
    language: &Language,
    min_words: usize,
    report: &mut impl FnMut(Finding),
) {
    let mut sentence_start = 0;
    let mut quotes_left = quotes.iter().peekable();
    let mut idx = 0;
    while let Some(ch) = prose[idx..].chars().next() {
        // Terminators inside a quotation end no sentence: jump past it.
        if let Some(quote) = quotes_left.next_if(|quote| quote.range.start <= idx) {
            idx = idx.max(quote.range.end);
            continue;
        }
        let end = idx + ch.len_utf8();
        if ends_sentence(prose, idx, ch, language) {
            let closed_start = sentence_start > 0 || !run.open_start;
            reported_clause_of(
                prose,
                sentence_start..end,
                closed_start,
                quotes,
                language,
                min_words,
                report,
            );
            sentence_start = end;
        }
        idx = end;
    }
    if !prose[sentence_start..].trim().is_empty() {
        let closed = (sentence_start > 0 || !run.open_start) && !run.open_end;
        reported_clause_of(
            prose,
            sentence_start..prose.len(),
            closed,
            quotes,
            language,
            min_words,
            report,
        );
    }
}

/// Reports the clause of a sentence's reporting phrase, when the whole sentence is
/// unannotated prose without quotations.
fn reported_clause_of(
    prose: &str,
    sentence: Range<usize>,
    closed: bool,
    quotes: &[Quote],
    language: &Language,
    min_words: usize,
    report: &mut impl FnMut(Finding),
) {
    // The first quotation ending after the sentence starts: does it start before its end?
    let first = quotes.partition_point(|quote| quote.range.end <= sentence.start);
    let has_quote = quotes
        .get(first)
        .is_some_and(|quote| quote.range.start < sentence.end);
    if !closed || has_quote {
        return;
    }
    let text = &prose[sentence.clone()];
    let phrases: Vec<_> = language.reporting_in(text).collect();
    let Some((found, kind)) = phrases.iter().min_by_key(|(found, _)| found.start).cloned() else {
        return;
    };
    // A second phrase behind a comma (`…, according to state media`) ends the clause.
    let next_phrase = phrases
        .iter()
        .map(|(other, _)| other.start)
        .filter(|&start| start > found.end)
        .min();
    let text_end = next_phrase
        .and_then(|start| text[found.end..start].rfind(',').map(|n| found.end + n))
        .unwrap_or(text.len());
    let Some(clause) = reported_clause(&text[..text_end], found.clone(), kind, language) else {
        return;
    };
    let words = word_count(&text[clause.clone()]);
    if words < min_words {
        return;
    }
    let local = |range: Range<usize>| {
        TextRange::new(sentence.start + range.start, sentence.start + range.end)
    };
    report(Finding {
        kind: FindingKind::Reported,
        range: local(clause),
        sentence: local(0..text.len()),
        phrase: Some(local(found)),
        words,
    });
}

/// The clause a reporting phrase introduces, in the sentence `text`: after a verb (`said
/// that …`), or before it behind a comma (`…, he said.`); after an `according to X,` or
/// before a `, according to X`.
fn reported_clause(
    text: &str,
    phrase: Range<usize>,
    kind: Reporting,
    language: &Language,
) -> Option<Range<usize>> {
    let after_start = match kind {
        Reporting::Verb => phrase.end,
        Reporting::According => phrase.end + text[phrase.end..].find(',').map(|n| n + 1)?,
    };
    let after = trim_clause(text, after_start..text.len(), language);
    if word_count(&text[after.clone()]) > 0 {
        return Some(after);
    }
    let comma = text[..phrase.start].rfind(',')?;
    Some(trim_clause(text, 0..comma, language))
}

/// A clause without the blanks, punctuation and complementizer around it.
fn trim_clause(text: &str, range: Range<usize>, language: &Language) -> Range<usize> {
    let clause = &text[range.clone()];
    let head = clause.trim_start_matches(|ch: char| ch.is_whitespace() || ch == ',' || ch == ':');
    let head = language.strip_complementizer(head);
    let start = range.start + (clause.len() - head.len());
    let body = head.trim_end_matches(|ch: char| ch.is_whitespace() || TERMINATORS.contains(&ch));
    start..start + body.len()
}

pub(crate) fn word_count(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for ch in text.chars() {
        count_word(ch, &mut words, &mut in_word);
    }
    words
}

/// Words are runs of letters and digits; a Han, kana or hangul character is a word of its
/// own, since those scripts put no blanks between words.
fn count_word(ch: char, words: &mut usize, in_word: &mut bool) {
    if is_ideographic(ch) {
        *words += 1;
        *in_word = false;
    } else if ch.is_alphanumeric() {
        if !*in_word {
            *words += 1;
        }
        *in_word = true;
    } else if !matches!(ch, '\'' | '’' | '-') {
        *in_word = false;
    }
}

fn is_ideographic(ch: char) -> bool {
    matches!(ch,
        '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' // Han
        | '\u{AC00}'..='\u{D7AF}' // hangul
        | '\u{20000}'..='\u{2FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::speech::Speech;
    use crate::workspace::analyze;

    fn found(text: &str, language: &str) -> Vec<(FindingKind, String)> {
        let file = analyze("a.cdown".into(), text);
        let speech = Speech::shipped();
        let settings = Settings {
            min_words: 4,
            reported_speech: true,
        };
        find(
            &file.text,
            &file.model,
            speech.language(Some(language)),
            settings,
            Within::default(),
        )
        .into_iter()
        .map(|f| (f.kind, file.text[f.range.as_usize()].to_owned()))
        .collect()
    }

    #[test]
    fn quotations_of_enough_words_or_with_a_reporting_verb() {
        let text = "He called it a “peace process”. “We will never cooperate with them,” he added.\n\n“No,” said Kirby. The so-called “deal” failed.\n";
        assert_eq!(
            found(text, "en"),
            vec![
                (
                    FindingKind::Quote,
                    "“We will never cooperate with them,”".to_owned()
                ),
                (FindingKind::Quote, "“No,”".to_owned()),
            ]
        );
    }

    #[test]
    fn annotated_or_partly_annotated_quotes_are_not_findings() {
        let text = "[“We will never cooperate with them”]{#q quote @a} he said.\n\n“We will [never cooperate]{#c @a} with them,” he said.\n";
        assert_eq!(found(text, "en"), vec![]);
    }

    #[test]
    fn reported_clauses_in_whole_unannotated_sentences() {
        let text = "Kirby said that there was no coordination with Tehran. The strikes hit three towns in the east, officials said.\n\nThe Pentagon said [Iranian jets struck]{#c @a}.\n";
        assert_eq!(
            found(text, "en"),
            vec![
                (
                    FindingKind::Reported,
                    "there was no coordination with Tehran".to_owned()
                ),
                (
                    FindingKind::Reported,
                    "The strikes hit three towns in the east".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn headings_are_not_searched_and_a_second_phrase_ends_the_clause() {
        let text = "# Pentagon says Iranian jets struck in Iraq\n\nTehran denied any coordination with Washington, according to state media.\n";
        assert_eq!(
            found(text, "en"),
            vec![(
                FindingKind::Reported,
                "any coordination with Washington".to_owned()
            )]
        );
    }

    #[test]
    fn languages_and_their_marks() {
        assert_eq!(
            found(
                "« Nous ne coopérerons jamais avec eux », a déclaré le général.\n",
                "fr"
            ),
            vec![(
                FindingKind::Quote,
                "« Nous ne coopérerons jamais avec eux »".to_owned()
            )]
        );
        assert_eq!(
            found("„Wir werden niemals kooperieren“, sagte er.\n", "de"),
            vec![(
                FindingKind::Quote,
                "„Wir werden niemals kooperieren“".to_owned()
            )]
        );
        assert_eq!(
            found(
                "Según Reuters, los aviones atacaron tres pueblos del este.\n",
                "es"
            ),
            vec![(
                FindingKind::Reported,
                "los aviones atacaron tres pueblos del este".to_owned()
            )]
        );
        assert_eq!(
            found("وقال المتحدث: «لن نتعاون معهم أبدا في المنطقة».\n", "ar"),
            vec![(
                FindingKind::Quote,
                "«لن نتعاون معهم أبدا في المنطقة»".to_owned()
            )]
        );
        assert_eq!(
            found("He wrote 「日本は協力しない」 in his note.\n", "en"),
            vec![(FindingKind::Quote, "「日本は協力しない」".to_owned())]
        );
    }

    /// The quotations alone are found around each opening mark; with reported speech, in
    /// one pass over every run: both ways must agree.
    #[test]
    fn the_fast_path_finds_what_the_full_pass_finds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
        let mut texts: Vec<String> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
            .collect();
        texts.push("# “A heading with a long quote”\nthen “a paragraph with one” said x.\n%% “a comment with words”\n“after the comment is here”.\n[a]{#c}“glued to an annotation four”, he said\n\n::: #q quote\n“inside a block annotation here”\n:::\n".to_owned());
        assert!(texts.len() > 10);
        let speech = Speech::shipped();
        for text in &texts {
            let file = analyze("a.cdown".into(), text.as_str());
            for language in ["en", "fr", "de"] {
                let language = speech.language(Some(language));
                let with = |reported_speech| -> Vec<Finding> {
                    let settings = Settings {
                        min_words: 4,
                        reported_speech,
                    };
                    find(
                        &file.text,
                        &file.model,
                        language,
                        settings,
                        Within::default(),
                    )
                    .into_iter()
                    .filter(|finding| finding.kind == FindingKind::Quote)
                    .collect()
                };
                assert_eq!(with(false), with(true), "{text}");
            }
        }
    }

    /// A megabyte of quotations in one paragraph without a period: each is a finding, and
    /// finding them stays linear (the sentence around is looked for a bounded way once).
    #[test]
    fn a_paragraph_of_quotations_without_a_period_is_linear() {
        let text = "“one two three four” said Kirby ".repeat(30_000);
        let started = std::time::Instant::now();
        let findings = found(&text, "en");
        assert_eq!(findings.len(), 30_000);
        // Quadratic work here took minutes; linear work takes well under a second, even
        // in a debug build on a busy machine.
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    }

    #[test]
    fn inches_abbreviations_and_unclosed_quotes() {
        assert_eq!(
            found(
                "A 12\" pipe burst in the U.S. embassy said to be old.\n",
                "en"
            )
            .len(),
            0
        );
        assert_eq!(
            found("“We will never cooperate with them\n\nmore\n", "en"),
            vec![]
        );
    }
}
