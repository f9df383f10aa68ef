-- Neovim 0.11+ reads this file for `vim.lsp.config('claimdown')` when editors/nvim is on
-- 'runtimepath'. Enable with `vim.lsp.enable('claimdown')`, override with
-- `vim.lsp.config('claimdown', { ... })`.
return {
  cmd = { 'claimdown', 'lsp' },
  filetypes = { 'claimdown' },
  -- Actor and source ids are global to the workspace: the root is the repository (or the
  -- folder holding the shared actors.cdown registry).
  root_markers = { '.git', 'actors.cdown' },
  init_options = {
    -- rule name -> "error" | "warning" | "info" | "hint" | "off"
    rules = vim.empty_dict(),
  },
  settings = {
    claimdown = {
      rules = vim.empty_dict(),
    },
  },
}
