; Zed-only: the outline panel and breadcrumbs.
(heading
  marker: _ @context
  content: (inline) @name) @item

(actor_definition
  "@" @context
  id: (definition_id) @name) @item

(source_definition
  "^" @context
  id: (definition_id) @name) @item

(block_annotation
  ":::" @context
  attributes: (fence_attributes
    (claim_id) @name)) @item
