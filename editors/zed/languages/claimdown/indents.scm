; Zed-only: definitions' field lines are indented under their definition line.
(actor_definition) @indent
(source_definition) @indent
