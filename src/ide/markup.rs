//! Plain text from the small Markdown dialect hovers and documentation are written in, for
//! clients that declare they cannot render Markdown: headings, `**bold**`, `` `code` ``,
//! `<url>`, rules, and backslash escapes (everything taken from the text is escaped, so an
//! unescaped markup character is always markup).

/// Renders `markdown` as readable plain text.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    for (i, line) in markdown.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_end();
        if trimmed == "---" {
            out.push_str("──────────");
            continue;
        }
        let body = trimmed.trim_start_matches('#');
        let body = if body.len() < trimmed.len() && body.starts_with(' ') {
            &body[1..]
        } else {
            trimmed
        };
        inline(body, &mut out);
    }
    out
}

fn inline(line: &str, out: &mut String) {
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => {
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
            }
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
            }
            '`' => (),
            '<' => {
                // An autolink: keep the address, drop the brackets.
                let rest: String = chars.clone().collect();
                match rest.find('>') {
                    Some(end) if rest[..end].contains("://") => {
                        out.push_str(&rest[..end]);
                        for _ in 0..rest[..=end].chars().count() {
                            chars.next();
                        }
                    }
                    _ => out.push('<'),
                }
            }
            _ => out.push(ch),
        }
    }
}

/// A diagnostic message or a fix's title for clients, which show both as plain text: code
/// spans are quoted the way editors' own messages quote names ('x').
pub fn plain_message(message: &str) -> String {
    message.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hover_dialect_reads_as_text() {
        let markdown = "### Massoud \\*Jazayeri\\*\n`@jazayeri` · person · actors.cdown:3\n\nDeputy, **Iranian Armed Forces**\n\n<https://example.org/a?b=1>\n\n---\nAttributed: 1 claim\n- “a \\<b\\>” — claim `#c-1`";
        assert_eq!(
            plain_text(markdown),
            "Massoud *Jazayeri*\n@jazayeri · person · actors.cdown:3\n\nDeputy, Iranian Armed Forces\n\nhttps://example.org/a?b=1\n\n──────────\nAttributed: 1 claim\n- “a <b>” — claim #c-1"
        );
    }

    #[test]
    fn non_ascii_and_stray_characters_survive() {
        assert_eq!(plain_text("# 😀 <not a link"), "😀 <not a link");
        assert_eq!(plain_text("trailing \\"), "trailing ");
        assert_eq!(
            plain_message("actor `jazayery` is not defined"),
            "actor 'jazayery' is not defined"
        );
    }
}
