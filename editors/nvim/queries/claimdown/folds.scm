[
  (section)
  (front_matter)
  (block_annotation)
  (actor_definition)
  (source_definition)
] @fold
