// External scanner for Claimdown.
//
// A regular lexer cannot decide these tokens, because each needs look-ahead:
// - whether a newline continues a paragraph or ends it (the next line may be blank or
//   start a heading, a fence or a definition);
// - whether `[` opens an annotation (only if its matching `]` is followed by `{`);
// - whether a line starts a block (heading, fence, definition, field, front matter).
// The scanner keeps no state: every decision is made from the text alone, which keeps
// incremental re-parsing exact (tree-sitter records how far each token looked ahead).

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>

enum TokenType {
  SOFT_BREAK,
  LINE_END,
  BLANK_LINE,
  ANNOTATION_OPEN,
  ANNOTATION_CLOSE,
  TEXT,
  LINE_TEXT,
  FIELD_INDENT,
  FRONT_MATTER_DELIMITER,
  FENCE_OPEN,
  FENCE_CLOSE,
  ACTOR_DEFINITION_OPEN,
  SOURCE_DEFINITION_OPEN,
  ATTRIBUTE_BREAK,
  ATX_H1_MARKER,
  ATX_H2_MARKER,
  ATX_H3_MARKER,
  ATX_H4_MARKER,
  ATX_H5_MARKER,
  ATX_H6_MARKER,
  COMMENT,
  ERROR_SENTINEL,
};

// Nesting deeper than this is read as plain text. It bounds the work of the `[`
// look-ahead, so that a file of ten thousand `[` parses in linear time.
#define MAX_BRACKET_DEPTH 8

typedef enum {
  LINE_EOF,
  LINE_BLANK,
  LINE_BLOCK_START,
  LINE_CONTINUES,
} LineKind;

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }

// The look-ahead is 0 at the end of the input: only then is `eof`, a call through a
// pointer, asked (a NUL in the text is a 0 too). The scanner asks once per character.
static inline bool at_eof(TSLexer *lexer) { return lexer->lookahead == 0 && lexer->eof(lexer); }

static inline bool is_newline(int32_t c) { return c == '\n' || c == '\r'; }

static inline bool is_blank(int32_t c) { return c == ' ' || c == '\t'; }

static inline bool is_escapable(int32_t c) {
  return c == '[' || c == ']' || c == '{' || c == '}' || c == '\\';
}

// Characters that may stand in a definition id when recognising `[@id]:` at a line start.
// Blanks are allowed so that `[@bad id]: Name` reads as a definition with an invalid id.
static inline bool is_definition_id_char(int32_t c) {
  return c != 0 && c != ']' && c != '[' && c != '\\' && c != '%' && !is_newline(c);
}

static void consume_newline(TSLexer *lexer) {
  if (lexer->lookahead == '\r') {
    advance(lexer);
    if (lexer->lookahead == '\n') advance(lexer);
  } else if (lexer->lookahead == '\n') {
    advance(lexer);
  }
}

static void skip_to_line_end(TSLexer *lexer) {
  while (!at_eof(lexer) && !is_newline(lexer->lookahead)) advance(lexer);
}

// What the look-ahead consumed of a continuation line while classifying it: a
// definition-like prefix `[@id` or `[@id]` counts as brackets for the caller.
typedef struct {
  bool opened;
  bool closed;
} LinePrefix;

// Classifies the line that starts at the lexer's position, consuming a bounded prefix.
static LineKind classify_line(TSLexer *lexer, LinePrefix *prefix) {
  prefix->opened = false;
  prefix->closed = false;
  if (at_eof(lexer)) return LINE_EOF;
  unsigned indent = 0;
  while (is_blank(lexer->lookahead)) {
    advance(lexer);
    indent++;
  }
  if (at_eof(lexer) || is_newline(lexer->lookahead)) return LINE_BLANK;
  if (indent > 0) return LINE_CONTINUES;
  switch (lexer->lookahead) {
    case '#': {
      unsigned level = 0;
      while (lexer->lookahead == '#' && level < 7) {
        advance(lexer);
        level++;
      }
      if (level <= 6 && is_blank(lexer->lookahead)) return LINE_BLOCK_START;
      return LINE_CONTINUES;
    }
    case ':': {
      unsigned colons = 0;
      while (lexer->lookahead == ':' && colons < 4) {
        advance(lexer);
        colons++;
      }
      if (colons == 3 && (is_blank(lexer->lookahead) || is_newline(lexer->lookahead) ||
                          at_eof(lexer))) {
        return LINE_BLOCK_START;
      }
      return LINE_CONTINUES;
    }
    case '[': {
      advance(lexer);
      prefix->opened = true;
      if (lexer->lookahead != '@' && lexer->lookahead != '^') return LINE_CONTINUES;
      advance(lexer);
      while (is_definition_id_char(lexer->lookahead)) advance(lexer);
      if (lexer->lookahead != ']') return LINE_CONTINUES;
      advance(lexer);
      prefix->closed = true;
      if (lexer->lookahead == ':') return LINE_BLOCK_START;
      return LINE_CONTINUES;
    }
    default:
      return LINE_CONTINUES;
  }
}

// Skips an attribute list `{…}` during look-ahead. Returns false if the paragraph ends
// before the closing brace.
static bool skip_attribute_list(TSLexer *lexer) {
  advance(lexer);  // `{`
  bool in_quotes = false;
  for (;;) {
    if (at_eof(lexer)) return false;
    int32_t c = lexer->lookahead;
    if (is_newline(c)) {
      if (in_quotes) return false;
      consume_newline(lexer);
      LinePrefix prefix;
      if (classify_line(lexer, &prefix) != LINE_CONTINUES) return false;
      if (prefix.opened) return false;
      continue;
    }
    if (in_quotes) {
      if (c == '\\') {
        advance(lexer);
        if (!at_eof(lexer) && !is_newline(lexer->lookahead)) advance(lexer);
        continue;
      }
      if (c == '"') in_quotes = false;
      advance(lexer);
      continue;
    }
    if (c == '"') in_quotes = true;
    advance(lexer);
    if (c == '}') return true;
  }
}

// Looks ahead from just after a `[` (at bracket depth `depth`) for the `]` that matches
// it, and reports whether that `]` is followed by `{`. Stays inside the paragraph (or the
// line, when `multi_line` is false).
static bool find_annotation_close(TSLexer *lexer, unsigned depth, bool multi_line) {
  for (;;) {
    if (at_eof(lexer)) return false;
    int32_t c = lexer->lookahead;
    if (c == '\\') {
      advance(lexer);
      if (!at_eof(lexer) && !is_newline(lexer->lookahead)) advance(lexer);
      continue;
    }
    if (c == '%') {
      advance(lexer);
      if (lexer->lookahead == '%') skip_to_line_end(lexer);
      continue;
    }
    if (c == '[') {
      advance(lexer);
      if (++depth > MAX_BRACKET_DEPTH) return false;
      continue;
    }
    if (c == ']') {
      advance(lexer);
      depth--;
      if (depth == 0) return lexer->lookahead == '{';
      if (lexer->lookahead == '{' && !skip_attribute_list(lexer)) return false;
      continue;
    }
    if (is_newline(c)) {
      if (!multi_line) return false;
      consume_newline(lexer);
      LinePrefix prefix;
      if (classify_line(lexer, &prefix) != LINE_CONTINUES) return false;
      if (prefix.opened && ++depth > MAX_BRACKET_DEPTH) return false;
      if (prefix.closed) {
        depth--;
        if (depth == 0) return lexer->lookahead == '{';
        if (lexer->lookahead == '{' && !skip_attribute_list(lexer)) return false;
      }
      continue;
    }
    advance(lexer);
  }
}

static bool finish_text(TSLexer *lexer) {
  lexer->result_symbol = TEXT;
  return true;
}

// Prose up to the next character that needs a decision. `has_content` tells whether the
// caller already consumed (and marked) some text. The token's end is marked where the
// token may end, before a look-ahead that may not belong to it, not after every character:
// `mark_end` is a call through a pointer, and prose is most of the text.
static bool scan_text(TSLexer *lexer, const bool *valid, bool has_content) {
  // Characters consumed since the end was last marked, all of them the token's.
  bool unmarked = false;
  for (;;) {
    if (at_eof(lexer)) break;
    int32_t c = lexer->lookahead;
    if (c == '[') break;
    if (is_newline(c)) {
      // Inside a paragraph, text runs on across a line break when the next line goes on
      // as prose: hard-wrapped paragraphs then parse as a few long tokens. Whatever needs
      // a decision of its own ends the token before the line break, which then becomes a
      // soft break.
      if (!(has_content || unmarked) || !valid[SOFT_BREAK]) break;
      if (unmarked) lexer->mark_end(lexer);
      unmarked = false;
      has_content = true;  // the characters before the line break
      consume_newline(lexer);
      LinePrefix prefix;
      if (classify_line(lexer, &prefix) != LINE_CONTINUES || prefix.opened) {
        return finish_text(lexer);
      }
      // The line break and the prefix belong to the token once a character after them does.
      continue;
    }
    if (c == ']' || c == '\\' || c == '%') {
      if (unmarked) {
        lexer->mark_end(lexer);
        has_content = true;
      }
      unmarked = false;
      advance(lexer);
      int32_t next = lexer->lookahead;
      bool stops = c == ']'    ? valid[ANNOTATION_CLOSE] && next == '{'
                   : c == '%' ? next == '%'
                              : is_escapable(next);
      if (stops) break;
      unmarked = true;
      continue;
    }
    advance(lexer);
    unmarked = true;
  }
  if (unmarked) {
    lexer->mark_end(lexer);
    has_content = true;
  }
  if (!has_content) return false;
  return finish_text(lexer);
}

// The rest of a line, without surrounding blanks: display names and field values.
// A line with nothing after its blanks ends there instead.
static bool scan_line_text(TSLexer *lexer, const bool *valid) {
  while (is_blank(lexer->lookahead)) lexer->advance(lexer, true);
  if ((at_eof(lexer) || is_newline(lexer->lookahead)) && valid[LINE_END]) {
    consume_newline(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = LINE_END;
    return true;
  }
  bool has_content = false;
  for (;;) {
    if (at_eof(lexer) || is_newline(lexer->lookahead)) break;
    int32_t c = lexer->lookahead;
    if (c == '%') {
      advance(lexer);
      if (lexer->lookahead == '%') break;
      has_content = true;
      lexer->mark_end(lexer);
      continue;
    }
    advance(lexer);
    if (!is_blank(c)) {
      has_content = true;
      lexer->mark_end(lexer);
    }
  }
  if (!has_content) return false;
  lexer->result_symbol = LINE_TEXT;
  return true;
}

static bool scan_after_open_bracket(TSLexer *lexer, const bool *valid, bool at_line_start);

// At `[` (not yet consumed): a definition, an annotation, or plain text.
static bool scan_open_bracket(TSLexer *lexer, const bool *valid, bool at_line_start) {
  advance(lexer);
  return scan_after_open_bracket(lexer, valid, at_line_start);
}

// Just after a `[`.
static bool scan_after_open_bracket(TSLexer *lexer, const bool *valid, bool at_line_start) {
  lexer->mark_end(lexer);
  unsigned depth = 1;
  while (lexer->lookahead == '[' && depth <= MAX_BRACKET_DEPTH) {
    advance(lexer);
    depth++;
  }
  if (depth > MAX_BRACKET_DEPTH) {
    // A run of more `[` than annotations may nest is plain text as a whole.
    while (lexer->lookahead == '[') advance(lexer);
    lexer->mark_end(lexer);
    if (!valid[TEXT]) return false;
    lexer->result_symbol = TEXT;
    return true;
  }
  bool multi_line = valid[SOFT_BREAK] || at_line_start;
  bool may_define = at_line_start && (valid[ACTOR_DEFINITION_OPEN] || valid[SOURCE_DEFINITION_OPEN]);
  if (may_define && depth == 1 && (lexer->lookahead == '@' || lexer->lookahead == '^')) {
    int32_t sigil = lexer->lookahead;
    advance(lexer);
    while (is_definition_id_char(lexer->lookahead)) advance(lexer);
    if (lexer->lookahead == ']') {
      advance(lexer);
      if (lexer->lookahead == ':') {
        lexer->result_symbol = sigil == '@' ? ACTOR_DEFINITION_OPEN : SOURCE_DEFINITION_OPEN;
        return true;
      }
      depth = 0;
    }
  }
  bool opens = depth == 0 ? lexer->lookahead == '{' : find_annotation_close(lexer, depth, multi_line);
  if (opens && valid[ANNOTATION_OPEN]) {
    lexer->result_symbol = ANNOTATION_OPEN;
    return true;
  }
  if (!valid[TEXT]) return false;
  lexer->result_symbol = TEXT;
  return true;
}

// At `[` at a line start inside a block body (where a fence close is valid): a definition
// line ends the block, unclosed, with an empty fence close. A line that starts `[@` or `[^`
// without being a definition gives an empty text token, after which the line is scanned as
// usual: the look-ahead went past the `[`, so no token ending just after it can be
// returned from here. Any other `[` is scanned as usual.
static bool scan_bracket_in_block(TSLexer *lexer, const bool *valid) {
  lexer->mark_end(lexer);
  advance(lexer);
  if (lexer->lookahead != '@' && lexer->lookahead != '^') {
    return scan_after_open_bracket(lexer, valid, true);
  }
  advance(lexer);
  while (is_definition_id_char(lexer->lookahead)) advance(lexer);
  if (lexer->lookahead == ']') {
    advance(lexer);
    if (lexer->lookahead == ':') {
      lexer->result_symbol = FENCE_CLOSE;
      return true;
    }
  }
  lexer->result_symbol = TEXT;
  return true;
}

static bool scan_newline(TSLexer *lexer, const bool *valid) {
  consume_newline(lexer);
  lexer->mark_end(lexer);
  if (valid[ATTRIBUTE_BREAK]) {
    LinePrefix prefix;
    if (classify_line(lexer, &prefix) != LINE_CONTINUES) return false;
    lexer->result_symbol = ATTRIBUTE_BREAK;
    return true;
  }
  if (valid[SOFT_BREAK]) {
    LinePrefix prefix;
    if (classify_line(lexer, &prefix) == LINE_CONTINUES) {
      lexer->result_symbol = SOFT_BREAK;
      return true;
    }
    if (!valid[LINE_END]) return false;
    lexer->result_symbol = LINE_END;
    return true;
  }
  if (valid[LINE_END]) {
    lexer->result_symbol = LINE_END;
    return true;
  }
  if (valid[BLANK_LINE]) {
    lexer->result_symbol = BLANK_LINE;
    return true;
  }
  return false;
}

// Whether a line `---` follows, from the start of a line.
static bool find_front_matter_close(TSLexer *lexer) {
  for (;;) {
    if (at_eof(lexer)) return false;
    unsigned dashes = 0;
    while (lexer->lookahead == '-' && dashes < 4) {
      advance(lexer);
      dashes++;
    }
    if (dashes == 3) {
      while (is_blank(lexer->lookahead)) advance(lexer);
      if (at_eof(lexer) || is_newline(lexer->lookahead)) return true;
    }
    skip_to_line_end(lexer);
    consume_newline(lexer);
  }
}

// A line that starts with `---`: the front matter's delimiter if nothing else follows.
static bool scan_front_matter_delimiter(TSLexer *lexer, const bool *valid) {
  unsigned dashes = 0;
  while (lexer->lookahead == '-' && dashes < 4) {
    advance(lexer);
    dashes++;
  }
  if (dashes == 3) {
    while (is_blank(lexer->lookahead)) advance(lexer);
    if (at_eof(lexer) || is_newline(lexer->lookahead)) {
      lexer->mark_end(lexer);
      consume_newline(lexer);
      // The opening delimiter counts only if a closing one follows: otherwise the
      // whole article would be swallowed by an unclosed front matter.
      bool opening = valid[TEXT];
      if (!opening || find_front_matter_close(lexer)) {
        lexer->result_symbol = FRONT_MATTER_DELIMITER;
        return true;
      }
      lexer->result_symbol = TEXT;
      return true;
    }
  }
  lexer->mark_end(lexer);
  if (!valid[TEXT]) return false;
  return scan_text(lexer, valid, true);
}

static bool scan_heading_marker(TSLexer *lexer, const bool *valid) {
  // Inside a block body a heading line ends the block, unclosed: an empty fence close.
  lexer->mark_end(lexer);
  unsigned level = 0;
  while (lexer->lookahead == '#' && level < 7) {
    advance(lexer);
    level++;
  }
  if (valid[FENCE_CLOSE] && level <= 6 && is_blank(lexer->lookahead)) {
    lexer->result_symbol = FENCE_CLOSE;
    return true;
  }
  lexer->mark_end(lexer);
  if (level <= 6 && is_blank(lexer->lookahead) && valid[ATX_H1_MARKER + level - 1]) {
    lexer->result_symbol = ATX_H1_MARKER + level - 1;
    return true;
  }
  if (!valid[TEXT]) return false;
  return scan_text(lexer, valid, true);
}

static bool scan_fence(TSLexer *lexer, const bool *valid) {
  unsigned colons = 0;
  while (lexer->lookahead == ':' && colons < 4) {
    advance(lexer);
    colons++;
  }
  lexer->mark_end(lexer);
  if (colons == 3) {
    if (valid[FENCE_OPEN] && is_blank(lexer->lookahead)) {
      while (is_blank(lexer->lookahead)) advance(lexer);
      if (!at_eof(lexer) && !is_newline(lexer->lookahead)) {
        lexer->result_symbol = FENCE_OPEN;
        return true;
      }
    }
    while (is_blank(lexer->lookahead)) advance(lexer);
    if (valid[FENCE_CLOSE] && (at_eof(lexer) || is_newline(lexer->lookahead))) {
      consume_newline(lexer);
      lexer->mark_end(lexer);
      lexer->result_symbol = FENCE_CLOSE;
      return true;
    }
  }
  if (!valid[TEXT]) return false;
  return scan_text(lexer, valid, true);
}

static bool scan_comment(TSLexer *lexer, const bool *valid, bool at_line_start) {
  // At `%`, already consumed; the caller checked that another `%` follows.
  skip_to_line_end(lexer);
  // A comment on a line of its own takes the line with it: it must not read as a blank
  // line that would end a definition or a front matter.
  if (at_line_start) consume_newline(lexer);
  lexer->mark_end(lexer);
  lexer->result_symbol = COMMENT;
  return valid[COMMENT];
}

// Leading blanks at a line start: a blank line, a field's indentation, or prose.
static bool scan_indentation(TSLexer *lexer, const bool *valid) {
  unsigned width = 0;
  while (is_blank(lexer->lookahead)) {
    width += lexer->lookahead == '\t' ? 2 : 1;
    advance(lexer);
  }
  if (at_eof(lexer) || is_newline(lexer->lookahead)) {
    consume_newline(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = BLANK_LINE;
    return true;
  }
  lexer->mark_end(lexer);
  bool percent = lexer->lookahead == '%';
  if (percent) {
    // An indented comment line is a comment line like any other: it takes its line, so
    // that it neither reads as a field without a key nor ends a definition.
    advance(lexer);
    if (lexer->lookahead == '%' && valid[COMMENT]) return scan_comment(lexer, valid, true);
  }
  if (valid[FIELD_INDENT] && width >= 2) {
    lexer->result_symbol = FIELD_INDENT;
    return true;
  }
  if (!valid[TEXT] || percent || lexer->lookahead == '[') {
    // The blanks stand alone; what follows needs a decision of its own.
    if (!valid[TEXT]) return false;
    lexer->result_symbol = TEXT;
    return true;
  }
  return scan_text(lexer, valid, true);
}

static bool scan(TSLexer *lexer, const bool *valid) {
  if (valid[ERROR_SENTINEL]) {
    // Error recovery: offer line ends so that the parser can resume at the next line.
    if (is_newline(lexer->lookahead)) {
      consume_newline(lexer);
      lexer->mark_end(lexer);
      lexer->result_symbol = LINE_END;
      return true;
    }
    if (lexer->lookahead == '%') {
      advance(lexer);
      if (lexer->lookahead == '%') return scan_comment(lexer, valid, false);
    }
    return false;
  }

  int32_t c = lexer->lookahead;
  bool at_line_start = valid[BLANK_LINE];

  // Blanks before a line end or a comment, after a value that ends its line or between
  // attributes. (Between attributes they are an extra the lexer skips, but it would skip
  // them only after this scanner has declined, and then read `%%` as a flag.)
  bool after_value = valid[LINE_END] && !valid[TEXT] && !valid[LINE_TEXT] && !at_line_start;
  if (is_blank(c) && (after_value || valid[ATTRIBUTE_BREAK])) {
    while (is_blank(lexer->lookahead)) lexer->advance(lexer, true);
    c = lexer->lookahead;
  }

  if (c == '%') {
    advance(lexer);
    if (lexer->lookahead == '%') return scan_comment(lexer, valid, at_line_start);
    lexer->mark_end(lexer);
    if (valid[TEXT]) return scan_text(lexer, valid, true);
    if (valid[LINE_TEXT]) {
      // A value starting with a lone `%`: take the rest of the line.
      while (!at_eof(lexer) && !is_newline(lexer->lookahead)) {
        int32_t d = lexer->lookahead;
        advance(lexer);
        if (d == '%' && lexer->lookahead == '%') break;
        if (!is_blank(d)) lexer->mark_end(lexer);
      }
      lexer->result_symbol = LINE_TEXT;
      return true;
    }
    return false;
  }

  if (at_eof(lexer)) {
    if (valid[FENCE_CLOSE] && !valid[LINE_END]) {
      // The file ends inside a block body: the block ends here, unclosed.
      lexer->result_symbol = FENCE_CLOSE;
      return true;
    }
    if (valid[LINE_END]) {
      lexer->mark_end(lexer);
      lexer->result_symbol = LINE_END;
      return true;
    }
    return false;
  }

  if (is_newline(c)) {
    if (valid[ATTRIBUTE_BREAK] || valid[SOFT_BREAK] || valid[LINE_END] || valid[BLANK_LINE]) {
      return scan_newline(lexer, valid);
    }
    return false;
  }

  if (valid[LINE_TEXT]) return scan_line_text(lexer, valid);

  if (at_line_start) {
    if (c == '-' && valid[FRONT_MATTER_DELIMITER]) return scan_front_matter_delimiter(lexer, valid);
    if (is_blank(c)) return scan_indentation(lexer, valid);
    if (c == '#') return scan_heading_marker(lexer, valid);
    if (c == ':') return scan_fence(lexer, valid);
  }

  if (c == '[') {
    if (at_line_start && valid[FENCE_CLOSE] && valid[TEXT]) return scan_bracket_in_block(lexer, valid);
    if (!valid[ANNOTATION_OPEN] && !valid[TEXT] && !at_line_start) return false;
    return scan_open_bracket(lexer, valid, at_line_start);
  }

  if (c == ']' && valid[ANNOTATION_CLOSE]) {
    advance(lexer);
    if (lexer->lookahead == '{') {
      lexer->mark_end(lexer);
      lexer->result_symbol = ANNOTATION_CLOSE;
      return true;
    }
    lexer->mark_end(lexer);
    if (!valid[TEXT]) return false;
    return scan_text(lexer, valid, true);
  }

  if (valid[TEXT]) return scan_text(lexer, valid, false);
  return false;
}

void *tree_sitter_claimdown_external_scanner_create(void) { return NULL; }

void tree_sitter_claimdown_external_scanner_destroy(void *payload) { (void)payload; }

unsigned tree_sitter_claimdown_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}

void tree_sitter_claimdown_external_scanner_deserialize(void *payload, const char *buffer,
                                                        unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

bool tree_sitter_claimdown_external_scanner_scan(void *payload, TSLexer *lexer,
                                                 const bool *valid_symbols) {
  (void)payload;
  return scan(lexer, valid_symbols);
}
