//! Emphasis in prose, as the article's reader saw it: `*word*` and `_word_` in italics,
//! `**word**` and `__word__` in bold, the rest of the text escaped as it is.
//!
//! Claimdown keeps prose as written, and prose copied from the web or from a Markdown
//! draft carries Markdown's emphasis marks. They are paired as CommonMark pairs them
//! (delimiter runs that are left- or right-flanking, the rule of three), with one
//! exception for news copy: neither `*` nor `_` emphasises inside a word, so `2*3*4`,
//! `snake_case_name` and `a*b` stay as written. A mark that pairs with nothing is text.
//! Emphasis does not cross markup (an annotation's edge, an escape): this works on one
//! stretch of prose at a time.

use std::fmt::Write;

use maud::Escaper;

struct Run {
    ch: char,
    /// Where the run starts in the text, and how many marks it has.
    start: usize,
    len: usize,
    /// Marks not used by a pair yet.
    left: usize,
    can_open: bool,
    can_close: bool,
    /// Tags this run opens (outermost last) and closes (innermost first), as paired.
    opens: Vec<&'static str>,
    closes: Vec<&'static str>,
}

/// Writes `text` HTML-escaped, its paired emphasis marks as `<em>` and `<strong>`.
pub(super) fn write(text: &str, out: &mut String) {
    let mut runs = runs(text);
    pair(&mut runs);
    let mut at = 0;
    for run in &runs {
        escape(&text[at..run.start], out);
        // A pair uses the marks nearest the text it encloses: a closer's first ones and an
        // opener's last ones, so the marks left over stand between the two.
        for tag in &run.closes {
            let _ = write!(out, "</{tag}>");
        }
        for _ in 0..run.left {
            out.push(run.ch);
        }
        for tag in run.opens.iter().rev() {
            let _ = write!(out, "<{tag}>");
        }
        at = run.start + run.len * run.ch.len_utf8();
    }
    escape(&text[at..], out);
}

fn escape(text: &str, out: &mut String) {
    let _ = Escaper::new(out).write_str(text);
}

/// The runs of `*` and `_` in `text`, with whether each can open or close emphasis.
fn runs(text: &str) -> Vec<Run> {
    let mut res = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut before: Option<char> = None;
    while let Some((start, ch)) = chars.next() {
        if ch != '*' && ch != '_' {
            before = Some(ch);
            continue;
        }
        let mut len = 1;
        while chars.peek().is_some_and(|&(_, next)| next == ch) {
            chars.next();
            len += 1;
        }
        let after = chars.peek().map(|&(_, next)| next);
        let left = flanking(before, after);
        let right = flanking(after, before);
        // Not inside a word (see the module's documentation), for `*` as for `_`.
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        res.push(Run {
            ch,
            start,
            len,
            left: len,
            can_open: left && !word(before),
            can_close: right && !word(after),
            opens: Vec::new(),
            closes: Vec::new(),
        });
        before = Some(ch);
    }
    res
}

/// CommonMark's flanking: the run is followed (`toward`) by something that is not a blank,
/// and either not by punctuation or with a blank or punctuation on its other side (`away`).
fn flanking(away: Option<char>, toward: Option<char>) -> bool {
    let blank = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let punctuation =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_punctuation() || is_unicode_punctuation(c));
    !blank(toward) && (!punctuation(toward) || blank(away) || punctuation(away))
}

fn is_unicode_punctuation(c: char) -> bool {
    matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '„'
            | '—'
            | '–'
            | '…'
            | '¡'
            | '¿'
            | '「'
            | '」'
    )
}

/// Pairs closers with the nearest opener of the same mark before them, as CommonMark's
/// "process emphasis" does.
fn pair(runs: &mut [Run]) {
    let mut openers: Vec<usize> = Vec::new();
    for closer in 0..runs.len() {
        if runs[closer].can_close {
            while runs[closer].left > 0 {
                let found = openers.iter().rposition(|&opener| {
                    let (o, c) = (&runs[opener], &runs[closer]);
                    // The rule of three: a run that can both open and close pairs with
                    // another only if their lengths do not add up to a multiple of three.
                    let both = o.can_close || c.can_open;
                    o.ch == c.ch
                        && o.left > 0
                        && !(both && (o.len + c.len) % 3 == 0 && (o.len % 3 != 0 || c.len % 3 != 0))
                });
                let Some(at) = found else {
                    break;
                };
                let opener = openers[at];
                // Openers between the two can no longer pair.
                openers.truncate(at + 1);
                let used = if runs[opener].left >= 2 && runs[closer].left >= 2 {
                    2
                } else {
                    1
                };
                let tag = if used == 2 { "strong" } else { "em" };
                runs[opener].left -= used;
                runs[closer].left -= used;
                runs[opener].opens.push(tag);
                runs[closer].closes.push(tag);
                if runs[opener].left == 0 {
                    openers.pop();
                }
            }
        }
        if runs[closer].can_open && runs[closer].left > 0 {
            openers.push(closer);
        }
    }
}

#[cfg(test)]
mod tests {
    fn html(text: &str) -> String {
        let mut out = String::new();
        super::write(text, &mut out);
        out
    }

    #[test]
    fn emphasis_and_strong() {
        assert_eq!(html("a *b* c"), "a <em>b</em> c");
        assert_eq!(html("a _b c_ d"), "a <em>b c</em> d");
        assert_eq!(
            html("**bold** and __too__"),
            "<strong>bold</strong> and <strong>too</strong>"
        );
        assert_eq!(html("***both***"), "<em><strong>both</strong></em>");
        assert_eq!(
            html("*one **two** one*"),
            "<em>one <strong>two</strong> one</em>"
        );
        assert_eq!(html("“*Never*,” she said."), "“<em>Never</em>,” she said.");
        assert_eq!(html("(*aside*)"), "(<em>aside</em>)");
        assert_eq!(html("*Ünï 😀*"), "<em>Ünï 😀</em>");
    }

    #[test]
    fn marks_that_pair_with_nothing_are_text() {
        for text in [
            "2*3*4",
            "2 * 3 = 6",
            "a * b * c",
            "snake_case_name",
            "file_name.cdown",
            "*",
            "**",
            "a*",
            "*a",
            "_a",
            "price: 5*",
            "* list-like line",
        ] {
            assert_eq!(html(text), text, "{text}");
        }
    }

    #[test]
    fn unpaired_marks_beside_a_pair_stay() {
        assert_eq!(html("**a*"), "*<em>a</em>");
        assert_eq!(html("*a**"), "<em>a</em>*");
        assert_eq!(html("*a _b* c_"), "<em>a _b</em> c_");
    }

    #[test]
    fn everything_else_is_escaped() {
        assert_eq!(
            html("<script>*x*</script> & \"q\""),
            "&lt;script&gt;<em>x</em>&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(html("*<b>*"), "<em>&lt;b&gt;</em>");
    }

    proptest::proptest! {
        /// No text is lost or added, and the tags nest.
        #[test]
        fn the_text_stays_and_tags_nest(text in "[a-c *_“”.,()<&\n]{0,40}") {
            let out = html(&text);
            let mut stack = Vec::new();
            let mut plain = String::new();
            let mut rest = out.as_str();
            while !rest.is_empty() {
                if let Some(tag) = ["<em>", "<strong>", "</em>", "</strong>"]
                    .into_iter()
                    .find(|tag| rest.starts_with(tag))
                {
                    if let Some(name) = tag.strip_prefix("</") {
                        proptest::prop_assert_eq!(stack.pop(), Some(name.trim_end_matches('>')));
                    } else {
                        stack.push(&tag[1..tag.len() - 1]);
                    }
                    rest = &rest[tag.len()..];
                    continue;
                }
                let entity = [("&lt;", '<'), ("&gt;", '>'), ("&amp;", '&'), ("&quot;", '"')]
                    .into_iter()
                    .find(|(entity, _)| rest.starts_with(entity));
                if let Some((entity, ch)) = entity {
                    plain.push(ch);
                    rest = &rest[entity.len()..];
                } else if let Some(ch) = rest.chars().next() {
                    plain.push(ch);
                    rest = &rest[ch.len_utf8()..];
                }
            }
            proptest::prop_assert!(stack.is_empty(), "{}", out);
            proptest::prop_assert_eq!(plain.replace(['*', '_'], ""), text.replace(['*', '_'], ""));
            proptest::prop_assert!(plain.len() <= text.len());
        }
    }
}
