--- Claimdown for Neovim: filetype, tree-sitter parser registration and the language server.
---
--- require('claimdown').setup({
---   cmd = { '/path/to/claimdown', 'lsp' },   -- default: claimdown from $PATH
---   rules = { ['unused-definition'] = 'off' }, -- rule -> error|warning|info|hint|off
---   inlay_hints = false,                      -- true: the server sends inlay hints
---   root_dir = nil,                           -- default: found by root_markers
---   lsp = true,                               -- false: do not configure/enable the server
---   treesitter = true,                        -- false: do not register the parser
--- })
local M = {}

--- Workspace root markers, in priority order: the nearest folder with claimdown.toml (a
--- Claimdown project), else the repository, else the folder holding actors.cdown.
M.root_markers = { 'claimdown.toml', '.git', 'actors.cdown' }

--- Folder holding this plugin (editors/nvim) and the grammar (../../grammar) in the repository.
local function plugin_root()
  local source = debug.getinfo(1, 'S').source:sub(2)
  return vim.fs.dirname(vim.fs.dirname(vim.fs.dirname(source)))
end

M.plugin_root = plugin_root

--- The language-server configuration table for vim.lsp.config (Neovim 0.11+).
---@param opts table|nil
---@return vim.lsp.Config
function M.lsp_config(opts)
  opts = opts or {}
  local rules = opts.rules or vim.empty_dict()
  local inlay_hints = { enable = opts.inlay_hints == true }
  local config = {
    cmd = opts.cmd or { 'claimdown', 'lsp' },
    filetypes = { 'claimdown' },
    root_markers = opts.root_markers or M.root_markers,
    init_options = { rules = rules, inlayHints = inlay_hints },
    settings = { claimdown = { rules = rules, inlayHints = inlay_hints } },
    commands = require('claimdown.commands').all,
  }
  if opts.root_dir then
    config.root_dir = opts.root_dir
  end
  return config
end

--- Registers the claimdown grammar with nvim-treesitter (either branch), so that
--- `:TSInstall claimdown` builds it from the repository's grammar/ folder.
---@param grammar_dir string|nil folder with grammar.js and src/ (default: the repository's)
function M.register_treesitter(grammar_dir)
  grammar_dir = grammar_dir or vim.fs.joinpath(vim.fs.dirname(vim.fs.dirname(plugin_root())), 'grammar')
  vim.treesitter.language.register('claimdown', 'claimdown')
  local ok, parsers = pcall(require, 'nvim-treesitter.parsers')
  if not ok then
    return
  end
  if type(parsers.get_parser_configs) == 'function' then
    -- nvim-treesitter `master` branch
    parsers.get_parser_configs().claimdown = {
      install_info = {
        url = grammar_dir,
        files = { 'src/parser.c', 'src/scanner.c' },
        generate_requires_npm = false,
        requires_generate_from_grammar = false,
      },
      filetype = 'claimdown',
    }
  else
    -- nvim-treesitter `main` branch: parsers are registered on the TSUpdate event
    local function register()
      require('nvim-treesitter.parsers').claimdown = {
        install_info = { path = grammar_dir, queries = 'queries' },
      }
    end
    register()
    vim.api.nvim_create_autocmd('User', { pattern = 'TSUpdate', callback = register })
  end
end

---@param opts table|nil
function M.setup(opts)
  opts = opts or {}
  vim.filetype.add({ extension = { cdown = 'claimdown' } })
  if opts.treesitter ~= false then
    M.register_treesitter(opts.grammar_dir)
  end
  if opts.lsp ~= false then
    vim.lsp.config('claimdown', M.lsp_config(opts))
    vim.lsp.enable('claimdown')
  end
end

return M
