; Claimdown highlights, with nvim-treesitter capture names.

(comment) @comment

; Headings
(heading
  marker: (atx_h1_marker)) @markup.heading.1

(heading
  marker: (atx_h2_marker)) @markup.heading.2

(heading
  marker: (atx_h3_marker)) @markup.heading.3

(heading
  marker: (atx_h4_marker)) @markup.heading.4

(heading
  marker: (atx_h5_marker)) @markup.heading.5

(heading
  marker: (atx_h6_marker)) @markup.heading.6

; Front matter
(front_matter
  "---" @punctuation.delimiter)

(front_matter_field
  key: (field_name) @property)

(front_matter_field
  value: (field_value) @string)

; Inline annotations
(annotation
  [
    "["
    "]"
  ] @punctuation.bracket)

(span) @markup.link.label

(attribute_list
  [
    "{"
    "}"
  ] @punctuation.bracket)

(escape) @string.escape

; Attributes
; Actors, sources and claim ids each get a capture that Neovim's default colorscheme gives a
; colour of its own (@tag cyan, @property blue, @string green), so that none reads as prose
; (@variable, @constant and @label are all the text colour there).
(claim_id) @string

(claim_reference) @string

(actor_reference) @tag

(source_reference) @property

(flag
  (attribute_name) @keyword)

(key_value
  key: (attribute_name) @property)

(key_value
  "=" @operator)

(value_list
  "," @punctuation.delimiter)

(value) @string

(quoted_value) @string

; Block annotations
(block_annotation
  ":::" @punctuation.special)

(block_body) @markup.quote

; Definitions
(actor_definition
  [
    "["
    "]:"
  ] @punctuation.bracket)

(source_definition
  [
    "["
    "]:"
  ] @punctuation.bracket)

(actor_definition
  "@" @punctuation.special)

(source_definition
  "^" @punctuation.special)

(actor_definition
  id: (definition_id) @tag)

(source_definition
  id: (definition_id) @property)

(display_name) @markup.strong

(definition_field
  key: (field_name) @property)

(definition_field
  ":" @punctuation.delimiter)

(definition_field
  value: (field_value) @string)

((definition_field
  key: (field_name) @_key
  value: (field_value) @string.special.url)
  (#any-of? @_key "url" "archived"))
