//! Finds speech in a file's prose that no annotation covers: quotations between the
//! language's quotation marks, and clauses a reporting phrase introduces (`X said the …`).
//! One pass over the prose outside annotations, char by char: linear in the file's size.

use super::speech::{Language, Reporting};
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

pub(crate) fn find(
    text: &str,
    model: &FileModel,
    language: &Language,
    min_words: usize,
) -> Vec<Finding> {
    let mut res = Vec::new();
    for run in runs(text, model) {
        scan_run(text, run, language, min_words, &mut res);
    }
    res
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
        while headings.next_if(|heading| heading.range.end <= range.start).is_some() {}
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
                let gap = text
                    .get(run.range.end as usize..range.start as usize)
                    .unwrap_or("x");
                let blank = gap.chars().all(char::is_whitespace);
                let breaks = memchr::memchr_iter(b'\n', gap.as_bytes()).count();
                if blank && breaks < 2 {
                    run.range.end = range.end;
                    continue;
                }
                let mut done = *run;
                // Something other than blanks (a comment, a heading's marks) ends it: the
                // sentence there may go on past it, so it counts as touched.
                done.open_end = !blank;
                res.push(done);
                current = Some(Run {
                    range,
                    open_start: !blank,
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
    "Mr", "Mrs", "Ms", "Dr", "Gen", "Col", "Lt", "Sgt", "Capt", "Adm", "Maj", "Sen", "Rep",
    "Gov", "Pres", "Prof", "St", "Jr", "Sr", "Mme", "Mlle", "Sra", "Hr", "Fr", "Nr", "No",
];

/// Whether the word before a period at `idx` is a title or an initial (`J. Kirby`).
fn is_abbreviation(prose: &str, idx: usize) -> bool {
    let before = &prose[..idx];
    let word_start = before
        .rfind(|ch: char| !ch.is_alphanumeric())
        .map_or(0, |n| n + before[n..].chars().next().map_or(1, char::len_utf8));
    let word = &before[word_start..];
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&word)
}

struct OpenQuote {
    start: usize,
    mark: char,
    words: usize,
    in_word: bool,
}

fn scan_run(text: &str, run: Run, language: &Language, min_words: usize, res: &mut Vec<Finding>) {
    let base = run.range.start as usize;
    let Some(prose) = text.get(run.range.as_usize()) else {
        return;
    };
    let mut sentence_start = 0;
    let mut open_start = run.open_start;
    let mut quotes: Vec<(std::ops::Range<usize>, usize)> = Vec::new();
    let mut quote: Option<OpenQuote> = None;
    let mut prev: Option<char> = None;
    let mut chars = prose.char_indices().peekable();
    while let Some((idx, ch)) = chars.next() {
        let end = idx + ch.len_utf8();
        match quote.as_mut() {
            Some(open) if language.closes(open.mark, ch) => {
                quotes.push((open.start..end, open.words));
                quote = None;
            }
            Some(open) => count_word(ch, &mut open.words, &mut open.in_word),
            // A straight mark just after a letter or digit is an inch or a typo, not a quote.
            None if language.is_opening(ch)
                && !(language.closes(ch, ch) && prev.is_some_and(char::is_alphanumeric)) =>
            {
                quote = Some(OpenQuote {
                    start: idx,
                    mark: ch,
                    words: 0,
                    in_word: false,
                });
            }
            None if TERMINATORS.contains(&ch) => {
                // `U.S.` and `1.5` do not end a sentence: a terminator is followed by a blank.
                let next = chars.peek().map(|&(_, next)| next);
                let abbreviation = ch == '.' && is_abbreviation(prose, idx);
                if !abbreviation
                    && next.is_none_or(|next| next.is_whitespace() || language.is_opening(next))
                {
                    let sentence = Sentence {
                        range: sentence_start..end,
                        closed: !open_start,
                    };
                    finish(prose, base, &sentence, &quotes, language, min_words, res);
                    quotes.clear();
                    sentence_start = end;
                    open_start = false;
                }
            }
            None => (),
        }
        prev = Some(ch);
    }
    // An unclosed quotation is partly annotated or runs into the next paragraph: not ours.
    if prose[sentence_start..].trim().is_empty() {
        return;
    }
    let sentence = Sentence {
        range: sentence_start..prose.len(),
        closed: !open_start && !run.open_end,
    };
    finish(prose, base, &sentence, &quotes, language, min_words, res);
}

struct Sentence {
    range: std::ops::Range<usize>,
    /// Neither end touches an annotation: the whole sentence is unannotated prose.
    closed: bool,
}

/// Reports a sentence's quotations, or its reported clause when it has none.
fn finish(
    prose: &str,
    base: usize,
    sentence: &Sentence,
    quotes: &[(std::ops::Range<usize>, usize)],
    language: &Language,
    min_words: usize,
    res: &mut Vec<Finding>,
) {
    let text = &prose[sentence.range.clone()];
    let at = |range: std::ops::Range<usize>| {
        TextRange::new(
            base + sentence.range.start + range.start,
            base + sentence.range.start + range.end,
        )
    };
    let local = |range: &std::ops::Range<usize>| {
        range.start - sentence.range.start..range.end - sentence.range.start
    };
    let phrases: Vec<_> = language
        .reporting_in(text)
        .filter(|(found, _)| {
            !quotes
                .iter()
                .any(|(quote, _)| local(quote).contains(&found.start))
        })
        .collect();
    let phrase = phrases.iter().min_by_key(|(found, _)| found.start).cloned();
    let sentence_range = at(0..text.len());
    for (quote, words) in quotes {
        if *words >= min_words || phrase.is_some() {
            res.push(Finding {
                kind: FindingKind::Quote,
                range: at(local(quote)),
                sentence: sentence_range,
                phrase: phrase.as_ref().map(|(found, _)| at(found.clone())),
                words: *words,
            });
        }
    }
    let Some((found, kind)) = phrase else {
        return;
    };
    if !quotes.is_empty() || !sentence.closed {
        return;
    }
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
    if words >= min_words {
        res.push(Finding {
            kind: FindingKind::Reported,
            range: at(clause),
            sentence: sentence_range,
            phrase: Some(at(found)),
            words,
        });
    }
}

/// The clause a reporting phrase introduces, in the sentence `text`: after a verb (`said
/// that …`), or before it behind a comma (`…, he said.`); after an `according to X,` or
/// before a `, according to X`.
fn reported_clause(
    text: &str,
    phrase: std::ops::Range<usize>,
    kind: Reporting,
    language: &Language,
) -> Option<std::ops::Range<usize>> {
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
fn trim_clause(
    text: &str,
    range: std::ops::Range<usize>,
    language: &Language,
) -> std::ops::Range<usize> {
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
        let file = analyze("a.cdown".into(), text.into());
        let speech = Speech::shipped();
        find(&file.text, &file.model, speech.language(Some(language)), 4)
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
                (FindingKind::Quote, "“We will never cooperate with them,”".to_owned()),
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
                (FindingKind::Reported, "there was no coordination with Tehran".to_owned()),
                (FindingKind::Reported, "The strikes hit three towns in the east".to_owned()),
            ]
        );
    }

    #[test]
    fn headings_are_not_searched_and_a_second_phrase_ends_the_clause() {
        let text = "# Pentagon says Iranian jets struck in Iraq\n\nTehran denied any coordination with Washington, according to state media.\n";
        assert_eq!(
            found(text, "en"),
            vec![(FindingKind::Reported, "any coordination with Washington".to_owned())]
        );
    }

    #[test]
    fn languages_and_their_marks() {
        assert_eq!(
            found("« Nous ne coopérerons jamais avec eux », a déclaré le général.\n", "fr"),
            vec![(FindingKind::Quote, "« Nous ne coopérerons jamais avec eux »".to_owned())]
        );
        assert_eq!(
            found("„Wir werden niemals kooperieren“, sagte er.\n", "de"),
            vec![(FindingKind::Quote, "„Wir werden niemals kooperieren“".to_owned())]
        );
        assert_eq!(
            found("Según Reuters, los aviones atacaron tres pueblos del este.\n", "es"),
            vec![(FindingKind::Reported, "los aviones atacaron tres pueblos del este".to_owned())]
        );
        assert_eq!(
            found("وقال المتحدث: «لن نتعاون معهم أبدا في المنطقة».\n", "ar"),
            vec![(FindingKind::Quote, "«لن نتعاون معهم أبدا في المنطقة»".to_owned())]
        );
        assert_eq!(
            found("He wrote 「日本は協力しない」 in his note.\n", "en"),
            vec![(FindingKind::Quote, "「日本は協力しない」".to_owned())]
        );
    }

    #[test]
    fn inches_abbreviations_and_unclosed_quotes() {
        assert_eq!(found("A 12\" pipe burst in the U.S. embassy said to be old.\n", "en").len(), 0);
        assert_eq!(found("“We will never cooperate with them\n\nmore\n", "en"), vec![]);
    }
}
