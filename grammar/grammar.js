/**
 * @file Claimdown: annotated articles — who claims what, where it was said, who rebuts whom.
 * @license MIT
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// Line structure (which newline ends a paragraph, whether a `[` opens an annotation,
// where a block starts) needs look-ahead that a regular lexer cannot do, so those
// tokens come from src/scanner.c. Everything inside `{…}` and field lines is lexed here.

const HEADING_LEVELS = [1, 2, 3, 4, 5, 6];

// `repeat(rule)` with its first `n` items written out. A `repeat` is a binary tree of
// hidden nodes, one reduction per item and one more level for a tree cursor to step
// through; items written out are children of the parent itself. The visible tree is the
// same. Used where most lists are short (paragraphs, spans, attribute lists): 12% fewer
// parse instructions on the bench article (docs/benchmarks.md, "Round three").
function repeatUnrolled(rule, n) {
  let res = repeat(rule);
  for (let i = 0; i < n; i++) res = optional(seq(rule, res));
  return res;
}

module.exports = grammar({
  name: 'claimdown',

  externals: $ => [
    $._soft_break,
    $._line_end,
    $._blank_line,
    $._annotation_open,
    $._annotation_close,
    $.text,
    $._line_text,
    $._field_indent,
    $._front_matter_delimiter,
    $._fence_open,
    $._fence_close,
    $._actor_definition_open,
    $._source_definition_open,
    $._attribute_break,
    $.atx_h1_marker,
    $.atx_h2_marker,
    $.atx_h3_marker,
    $.atx_h4_marker,
    $.atx_h5_marker,
    $.atx_h6_marker,
    $.comment,
    $._error_sentinel,
  ],

  // Blanks are skipped between the tokens of attributes (`{#c1 @a}`, `::: #c1 @a`) instead
  // of being tokens of their own: about an eighth fewer tokens in annotated prose. Every
  // token outside attributes is `token.immediate`, so that no blank is skipped before it.
  extras: $ => [$.comment, /[ \t]/],

  // No supertypes: a supertype is a hidden node around each of its children, one more
  // reduction per inline and one more node for a tree cursor to step through.

  conflicts: _ => [],

  rules: {
    document: $ => seq(
      optional($.front_matter),
      repeat($._block),
      repeat(choice(...HEADING_LEVELS.map(n => alias($[`_section_${n}`], $.section)))),
    ),

    // --- Front matter -------------------------------------------------------
    front_matter: $ => seq(
      alias($._front_matter_delimiter, '---'),
      $._line_end,
      repeat(choice($.front_matter_field, $._blank_line)),
      alias($._front_matter_delimiter, '---'),
      $._line_end,
    ),

    front_matter_field: $ => seq(
      field('key', alias(token.immediate(/[^\s:%][^:\r\n%]*/), $.field_name)),
      optional(seq(token.immediate(':'), optional(field('value', alias($._line_text, $.field_value))))),
      $._line_end,
    ),

    // --- Sections: a heading owns what follows it, up to a heading of its level or above.
    ...Object.fromEntries(HEADING_LEVELS.map(n => [
      `_section_${n}`,
      $ => prec.right(seq(
        alias($[`_heading_${n}`], $.heading),
        repeat($._block),
        repeat(choice(...HEADING_LEVELS.filter(m => m > n)
          .map(m => alias($[`_section_${m}`], $.section)))),
      )),
    ])),

    ...Object.fromEntries(HEADING_LEVELS.map(n => [
      `_heading_${n}`,
      $ => seq(
        field('marker', $[`atx_h${n}_marker`]),
        optional(field('content', $.inline)),
        $._line_end,
      ),
    ])),

    _block: $ => choice(
      $.paragraph,
      $.block_annotation,
      $.actor_definition,
      $.source_definition,
      $._blank_line,
    ),

    // --- Prose ----------------------------------------------------------------
    paragraph: $ => seq(
      $._inline,
      repeatUnrolled(choice($._inline, $._soft_break), 6),
      $._line_end,
    ),

    inline: $ => repeat1($._inline),

    _inline: $ => choice(
      $.text,
      $.escape,
      $.annotation,
    ),

    escape: _ => token.immediate(/\\[\[\]{}\\]/),

    annotation: $ => seq(
      alias($._annotation_open, '['),
      field('content', optional(alias($._span, $.span))),
      alias($._annotation_close, ']'),
      field('attributes', $.attribute_list),
    ),

    _span: $ => seq(
      choice($._inline, $._soft_break),
      repeatUnrolled(choice($._inline, $._soft_break), 4),
    ),

    attribute_list: $ => seq(
      token.immediate('{'),
      repeatUnrolled(choice($._attribute, $._attribute_break), 5),
      '}',
    ),

    // --- Block annotation -----------------------------------------------------
    block_annotation: $ => seq(
      alias($._fence_open, ':::'),
      // Absent when a comment follows the fence: `::: %% note`.
      field('attributes', optional($.fence_attributes)),
      $._line_end,
      field('body', optional(alias($._block_body, $.block_body))),
      alias($._fence_close, ':::'),
    ),

    fence_attributes: $ => repeat1($._attribute),

    _block_body: $ => repeat1(choice($.paragraph, $.block_annotation, $._blank_line)),

    // --- Attributes -------------------------------------------------------------
    _attribute: $ => choice(
      $.claim_id,
      $.actor_reference,
      $.source_reference,
      $.key_value,
      $.flag,
      $.invalid_attribute,
    ),

    // Ids are lexed greedily up to a separator; the analysis checks their characters,
    // so that `@ja$zayeri` is one reference with a clear message, not three tokens.
    claim_id: _ => /#[^\s{}"=,\[\]]*/,
    actor_reference: _ => /@[^\s{}"=,\[\]]*/,
    source_reference: _ => /\^[^\s{}"=,\[\]]*/,

    attribute_name: _ => /[^\s{}"=,#@^\[\]][^\s{}"=,\[\]]*/,

    flag: $ => $.attribute_name,

    key_value: $ => seq(
      field('key', $.attribute_name),
      token.immediate('='),
      field('value', optional(choice($.quoted_value, $.value_list))),
    ),

    quoted_value: _ => token.immediate(/"([^"\\\r\n]|\\.)*"/),

    value_list: $ => seq(
      $._value_item,
      repeat(seq(token.immediate(','), $._value_item)),
    ),

    _value_item: $ => choice(
      alias(token.immediate(/#[^\s{}"=,\[\]]*/), $.claim_reference),
      alias(token.immediate(/[^\s{}"=,#\[\]][^\s{}"=,\[\]]*/), $.value),
    ),

    invalid_attribute: _ => token(prec(-1, /[="\[\],]/)),

    // --- Definitions --------------------------------------------------------------
    actor_definition: $ => seq(
      alias($._actor_definition_open, '['),
      token.immediate('@'),
      optional(field('id', alias(token.immediate(/[^\]\r\n]+/), $.definition_id))),
      token.immediate(']:'),
      optional(field('name', alias($._line_text, $.display_name))),
      $._line_end,
      repeat($.definition_field),
    ),

    source_definition: $ => seq(
      alias($._source_definition_open, '['),
      token.immediate('^'),
      optional(field('id', alias(token.immediate(/[^\]\r\n]+/), $.definition_id))),
      token.immediate(']:'),
      optional(field('name', alias($._line_text, $.display_name))),
      $._line_end,
      repeat($.definition_field),
    ),

    definition_field: $ => seq(
      $._field_indent,
      field('key', alias(token.immediate(/[^\s:%][^:\r\n%]*/), $.field_name)),
      optional(seq(token.immediate(':'), optional(field('value', alias($._line_text, $.field_value))))),
      $._line_end,
    ),
  },
});
