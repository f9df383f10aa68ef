; Claim ids are local to their file; actors and sources are global and resolved by the
; language server, not here.
(document) @local.scope

(claim_id) @local.definition

(claim_reference) @local.reference
