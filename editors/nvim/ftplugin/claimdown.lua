-- Buffer settings for Claimdown (*.cdown) files.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

vim.bo.commentstring = '%% %s'
vim.bo.comments = ':%%'
-- Ids keep their sigils for `*`, `#`, `ciw` and word completion: @actor, ^source, #claim.
-- (`.` is left out on purpose: it would glue words to the full stop ending a sentence.)
vim.bo.iskeyword = '@,48-57,_,192-255,45,94,35,@-@' -- letters, digits, _, -, ^, #, @

-- Colours for the language server's semantic tokens (@lsp.type.actor.claimdown …).
-- The server sends no `workspace/semanticTokens/refresh` when the workspace has been indexed:
-- ask again when diagnostics change without an edit (see lua/claimdown/highlight.lua).
pcall(function()
  local highlight = require('claimdown.highlight')
  highlight.setup()
  highlight.refresh_tokens_on_diagnostics(vim.api.nvim_get_current_buf())
end)

-- :ClaimdownPreview writes the page the server renders and opens it in the browser.
vim.api.nvim_buf_create_user_command(0, 'ClaimdownPreview', function()
  require('claimdown.preview').preview(vim.api.nvim_get_current_buf())
end, { desc = 'Open the HTML page of this article in the browser' })

-- Tree-sitter highlighting and folding when the claimdown parser is installed.
local has_parser, added = pcall(vim.treesitter.language.add, 'claimdown')
if has_parser and added then
  if pcall(vim.treesitter.start, 0, 'claimdown') then
    vim.wo[0][0].foldmethod = 'expr'
    vim.wo[0][0].foldexpr = 'v:lua.vim.treesitter.foldexpr()'
    vim.wo[0][0].foldlevel = 99
  end
end

vim.b.undo_ftplugin = 'setlocal commentstring< comments< iskeyword< | lua pcall(vim.treesitter.stop)'
  .. ' | silent! delcommand -buffer ClaimdownPreview'
