use super::*;

#[track_caller]
fn check(input: &str, expected: &str) {
    let options = FormatOptions::default();
    let formatted = format(input, &options);
    assert!(!formatted.refused, "refused:\n{input}");
    assert_eq!(formatted.text, expected);
    let again = format(&formatted.text, &options);
    assert_eq!(again.text, expected, "not idempotent");
}

#[test]
fn attributes_in_order_with_single_spaces() {
    check(
        "He said [it]{status=false  lang=en ^s rebuts=#c0 @b quote @a #c1  supports=#c2}.\n",
        "He said [it]{#c1 quote @b @a ^s rebuts=#c0 supports=#c2 status=false lang=en}.\n",
    );
}

#[test]
fn definitions_get_their_fields_in_order_indented_by_two() {
    check(
        "[@a]:   Agency  \n\turl: https://a.example\n    kind :person\n  alias: A\n  zzz: 1\n  alias: Ag\n  role:\n",
        "[@a]: Agency\n  kind: person\n  role:\n  alias: A\n  alias: Ag\n  url: https://a.example\n  zzz: 1\n",
    );
    check(
        "[^s]: Report\n  kind: report\n  date: 2020-01-02\n  publisher: @a\n",
        "[^s]: Report\n  publisher: @a\n  date: 2020-01-02\n  kind: report\n",
    );
}

#[test]
fn blank_lines_between_blocks_and_one_final_line_break() {
    check(
        "\n\n# Title\nProse [x]{@a}.   \n\n\n\nMore.\n[@a]: A\n[^s]: S\n::: @a\nQuote.\n:::\n\n\n",
        "\n# Title\n\nProse [x]{@a}.\n\nMore.\n\n[@a]: A\n\n[^s]: S\n\n::: @a\nQuote.\n:::\n",
    );
    check("no final break", "no final break\n");
    check("", "");
    check("\n \n\t\n", "");
}

#[test]
fn comments_stay_with_the_block_they_lead_into() {
    check(
        "Prose.\n%% about the actor\n[@a]: A\n",
        "Prose.\n\n%% about the actor\n[@a]: A\n",
    );
    // A comment among the attributes or the fields keeps them as written.
    let kept = "[x]{@b %% note\n@a}\n\n[@a]: A\n  url: https://a.example %% old\n  kind: person\n";
    check(kept, kept);
}

/// Only blanks and tabs may stand before the `%%` of a comment line: after a form feed or
/// a no-break space the line is a paragraph, a block of its own, and was taken for a
/// comment leading into the next block (two blank lines before it, none after).
#[test]
fn a_line_that_only_looks_like_a_comment_is_a_block() {
    check(
        "[@a]: A\n\x0c%% note\n[@b]: B\n",
        "[@a]: A\n\n\x0c%% note\n\n[@b]: B\n",
    );
    check(
        "[@a]: A\n\u{a0}%% note\n[@b]: B\n",
        "[@a]: A\n\n\u{a0}%% note\n\n[@b]: B\n",
    );
    check(
        "[@a]: A\n \t%% note\n[@b]: B\n",
        "[@a]: A\n\n \t%% note\n[@b]: B\n",
    );
}

#[test]
fn long_attribute_lists_wrap_at_the_line_width() {
    let options = FormatOptions { line_width: 40 };
    let input = "Officials said [it]{@western-media ^reuters-strikes #c-joint status=disputed}.\n";
    let formatted = format(input, &options).text;
    assert_eq!(
        formatted,
        "Officials said [it]{#c-joint\n@western-media ^reuters-strikes\nstatus=disputed}.\n"
    );
    assert_eq!(format(&formatted, &options).text, formatted);
    // Widths are counted in columns, not bytes.
    let wide = "Überall 😀 [ja]{@aé ^sé}.\n";
    assert_eq!(
        format(wide, &FormatOptions { line_width: 22 }).text,
        "Überall 😀 [ja]{@aé\n^sé}.\n"
    );
}

#[test]
fn fence_attributes_in_order() {
    check(
        "::: ^s   @a quote  #q\nQuote.\n:::   \n",
        "::: #q quote @a ^s\nQuote.\n:::\n",
    );
    // Blanks around them, which the grammar skips, go too; a comment stays.
    check(
        ":::  #q quote \t\nQuote.\n:::\n",
        "::: #q quote\nQuote.\n:::\n",
    );
    let commented = "::: %% no attributes\nQuote.\n:::\n";
    check(commented, commented);
}

#[test]
fn broken_blocks_are_left_as_written() {
    let input = "Fine [x]{^s  @a}.\n\nBroken [y]{@a ^s\n\n[@a]:   A\n";
    let formatted = format(input, &FormatOptions::default());
    assert!(!formatted.refused);
    assert_eq!(
        formatted.text,
        "Fine [x]{@a ^s}.\n\nBroken [y]{@a ^s\n\n[@a]: A\n"
    );
    assert_eq!(formatted.skipped.len(), 1);
}

#[test]
fn line_breaks_keep_the_file_style() {
    check(
        "[x]{^s @a}\r\n[@a]: A\r\n  kind: person",
        "[x]{@a ^s}\r\n\r\n[@a]: A\r\n  kind: person\r\n",
    );
}

#[test]
fn prose_is_never_touched() {
    let input = "He  said [sic] \\[x\\]{y}  50% of   them.\n";
    check(input, input);
}

#[test]
fn attribute_lists_in_headings_stay_on_their_line() {
    let options = FormatOptions { line_width: 20 };
    let input = "# Title [x]{^source-one @actor-one #c1}\n";
    let formatted = format(input, &options);
    assert!(!formatted.refused);
    assert_eq!(formatted.text, "# Title [x]{#c1 @actor-one ^source-one}\n");
}

#[test]
fn an_empty_heading_keeps_its_blank() {
    check("#   \n\nText.\n", "# \n\nText.\n");
}

#[test]
fn a_lone_carriage_return_and_a_line_feed_stay_two_breaks() {
    check("a\r  \nb\n", "a\r  \nb\n");
    check("x\nText\r# T\n", "x\nText\r\r# T\n");
}

/// Found by the `format` fuzz target: a final line break after a broken block changed how
/// the parser recovered from the error, and the formatter refused its own output.
#[test]
fn the_end_of_a_file_ending_in_a_broken_block_is_left_as_written() {
    for text in [
        "[]{",
        "[]{ ",
        "[]{\t \n",
        "Text [a]{#c @",
        "[]{\n\n\n",
        "[]{%%",
        "[]{\n%% note",
        "[]{ %%",
    ] {
        let formatted = format(text, &FormatOptions::default());
        assert!(!formatted.refused, "{text:?}");
    }
    check("[]{", "[]{");
}

/// Found by the `format` fuzz target (a long mutated article, control characters and all):
/// when leaving broken blocks and their neighbours alone is not enough, everything from the
/// first broken block on is left as written, and what comes before is still formatted.
#[test]
fn at_last_everything_from_the_first_broken_block_is_left_as_written() {
    let text = include_str!("../../tests/fixtures/format/broken-rest.cdown");
    for line_width in [100, 24] {
        let options = FormatOptions { line_width };
        let formatted = format(text, &options);
        assert!(!formatted.refused, "refused at {line_width}");
        assert_eq!(format(&formatted.text, &options).text, formatted.text);
    }
}

/// Found by the `format` fuzz target: a display name of white space other than blanks (a
/// form feed) was trimmed away.
#[test]
fn a_name_of_other_white_space_is_kept() {
    check("[^d]:\x0c", "[^d]: \x0c\n");
    check("[@a]: A\n  role: \x0b\n", "[@a]: A\n  role: \x0b\n");
}
