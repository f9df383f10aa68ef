-- Neovim 0.11+ reads this file for `vim.lsp.config('claimdown')` when editors/nvim is on
-- 'runtimepath'. Enable with `vim.lsp.enable('claimdown')`, override with
-- `vim.lsp.config('claimdown', { ... })`.
return {
  cmd = { 'claimdown', 'lsp' },
  filetypes = { 'claimdown' },
  -- A folder with claimdown.toml is a Claimdown project: the nearest one above the file is the
  -- workspace root. Outside any project, the repository (.git), then the folder holding a shared
  -- actors.cdown registry. (The list is in priority order: the first marker found wins.)
  root_markers = { 'claimdown.toml', '.git', 'actors.cdown' },
  init_options = {
    -- rule name -> "error" | "warning" | "info" | "hint" | "off"
    rules = vim.empty_dict(),
    -- true: the server sends inlay hints (show them with vim.lsp.inlay_hint.enable())
    inlayHints = { enable = false },
  },
  settings = {
    claimdown = {
      rules = vim.empty_dict(),
      inlayHints = { enable = false },
    },
  },
  -- The code lens over a definition runs this to list its references.
  commands = require('claimdown.commands').all,
}
