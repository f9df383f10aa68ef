--- nvim-lspconfig style entry, for setups that still use `require('lspconfig').NAME.setup{}`:
---
---   require('claimdown.lspconfig').register()
---   require('lspconfig').claimdown.setup({ init_options = { rules = { ['unused-definition'] = 'off' } } })
---
--- (With Neovim 0.11 and nvim-lspconfig 2.x prefer `vim.lsp.enable('claimdown')`, which
--- uses editors/nvim/lsp/claimdown.lua.)
local M = {}

M.default_config = {
  cmd = { 'claimdown', 'lsp' },
  filetypes = { 'claimdown' },
  root_dir = function(fname)
    -- claimdown.toml first (the nearest Claimdown project), then the repository.
    return vim.fs.root(fname, { 'claimdown.toml', '.git', 'actors.cdown' }) or vim.fs.dirname(fname)
  end,
  single_file_support = true,
  init_options = { rules = vim.empty_dict() },
  settings = { claimdown = { rules = vim.empty_dict() } },
  commands = require('claimdown.commands').all,
}

M.docs = {
  description = [[
Claimdown language server (`claimdown lsp`): diagnostics named by rule, hover, definition,
references, completion and document symbols for `*.cdown` files.
]],
}

function M.register()
  local configs = require('lspconfig.configs')
  if not configs.claimdown then
    configs.claimdown = { default_config = M.default_config, docs = M.docs }
  end
end

return M
