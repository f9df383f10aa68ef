--- Highlight groups for the semantic tokens of `claimdown lsp`.
---
--- The server's legend (docs/lsp.md): types claim, quote, rebuttal, actor, source,
--- claimReference, unresolvedReference, definition; modifier declaration. Neovim highlights a
--- token of type T with `@lsp.type.T.claimdown`, which nothing defines; these defaults link
--- them to the groups of the tree-sitter captures for the same things (grammar/queries/
--- highlights.scm), so the colours stay the same when the server's tokens arrive, and a buffer
--- without the tree-sitter parser gets them too. They are `default` links: a colorscheme or a
--- `vim.api.nvim_set_hl(0, '@lsp.type.actor.claimdown', {...})` of your own wins.
local M = {}

M.links = {
  ['@lsp.type.actor.claimdown'] = '@tag', -- @jazayeri, [@jazayeri]:
  ['@lsp.type.source.claimdown'] = '@property', -- ^fna-remarks, [^fna-remarks]:
  ['@lsp.type.claimReference.claimdown'] = '@string', -- #c-joint, rebuts=#c-joint
  ['@lsp.type.unresolvedReference.claimdown'] = 'DiagnosticError', -- an id that names nothing
  ['@lsp.type.definition.claimdown'] = '@markup.strong', -- display names and titles
  ['@lsp.type.claim.claimdown'] = '@markup.link.label', -- the prose of a claim
  ['@lsp.type.quote.claimdown'] = '@markup.quote', -- the prose of a quote
  ['@lsp.type.rebuttal.claimdown'] = '@markup.italic', -- the prose of a rebuttal
}

function M.apply()
  for group, target in pairs(M.links) do
    vim.api.nvim_set_hl(0, group, { link = target, default = true })
  end
end

--- Sets the links now and again after every `:colorscheme` (which clears them).
function M.setup()
  M.apply()
  local group = vim.api.nvim_create_augroup('claimdown.highlight', { clear = true })
  vim.api.nvim_create_autocmd('ColorScheme', { group = group, callback = M.apply })
end

--- Asks the server for a buffer's semantic tokens again when its diagnostics change without the
--- buffer having changed: the first diagnostics (the server publishes none before the
--- workspace is indexed, while tokens asked for at attach may predate the index and call
--- every id defined in another file unresolved), and those republished because another file
--- changed. The server does not send `workspace/semanticTokens/refresh` for either; edits of
--- the buffer itself get fresh tokens from Neovim already.
---@param buf integer
function M.refresh_tokens_on_diagnostics(buf)
  local group = vim.api.nvim_create_augroup('claimdown.semantic_tokens', { clear = false })
  vim.api.nvim_clear_autocmds({ group = group, buffer = buf })
  local seen_tick
  vim.api.nvim_create_autocmd('DiagnosticChanged', {
    group = group,
    buffer = buf,
    callback = function()
      local tick = vim.b[buf].changedtick
      if tick ~= seen_tick and seen_tick ~= nil then
        seen_tick = tick -- an edit of this buffer: Neovim asks for its tokens itself
        return
      end
      seen_tick = tick
      if #vim.lsp.get_clients({ bufnr = buf, name = 'claimdown' }) > 0 then
        vim.lsp.semantic_tokens.force_refresh(buf)
      end
    end,
  })
end

return M
