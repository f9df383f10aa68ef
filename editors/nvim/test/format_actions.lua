-- End-to-end test of formatting and code actions in Neovim against the real server.
--
--   CLAIMDOWN=/abs/path/to/claimdown nvim --headless --clean -l editors/nvim/test/format_actions.lua
--
-- Formats a messy article with vim.lsp.buf.format, then applies code actions the way a person
-- picks them from vim.lsp.buf.code_action: define a missing actor in the registry file (another
-- file, edited through the workspace edit), fix all (`source.fixAll`), and "Mark as claim" on a
-- selection after non-ASCII text, whose cursor the plugin's claimdown.placeCursor places.
-- (The quick fix that inserts `@` and opens completion: suggest.lua, in a Neovim with its own
-- main loop.)
-- Checks the buffers' text and the cursor. Exits non-zero on any failure.
local harness = dofile(vim.fs.joinpath(vim.fs.dirname(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p')), 'harness.lua'))
local nvim_dir, check, server = harness.nvim_dir, harness.check, harness.server
local function finish()
  harness.finish('nvim format/actions')
end

local ws = vim.fn.tempname() .. '-claimdown-nvim-fmt'
vim.fn.mkdir(ws, 'p')
vim.fn.writefile({ '[@kirby]: John Kirby', '  kind: person' }, vim.fs.joinpath(ws, 'actors.cdown'))
vim.fn.writefile({}, vim.fs.joinpath(ws, 'claimdown.toml'))
local messy = {
  '# Strikes',
  'Ünï 😀 said [it]{^dod   @kirbyy #c1} today.  ',
  '[^dod]: Briefing',
  '  date: 23 March 2021',
  '  publisher: @kirby',
}
vim.fn.writefile(messy, vim.fs.joinpath(ws, 'article.cdown'))

vim.opt.runtimepath:prepend(nvim_dir)
vim.cmd('runtime! ftdetect/claimdown.lua')
require('claimdown').setup({ cmd = { server, 'lsp' }, root_dir = ws })
vim.cmd.edit(vim.fn.fnameescape(vim.fs.joinpath(ws, 'article.cdown')))
local buf = vim.api.nvim_get_current_buf()
local client
vim.wait(15000, function()
  client = vim.lsp.get_clients({ bufnr = buf, name = 'claimdown' })[1]
  return client ~= nil and client.initialized
end, 50)
if not check(client ~= nil, 'the server starts') then
  finish()
end
vim.wait(15000, function() return #vim.diagnostic.get(buf) >= 2 end, 50)
local function lines(b)
  return vim.api.nvim_buf_get_lines(b or buf, 0, -1, false)
end

-- Formatting.
check(client:supports_method('textDocument/formatting'), 'the server formats')
vim.lsp.buf.format({ bufnr = buf, async = false, timeout_ms = 10000 })
local tidy = {
  '# Strikes',
  '',
  'Ünï 😀 said [it]{#c1 @kirbyy ^dod} today.',
  '',
  '[^dod]: Briefing',
  '  publisher: @kirby',
  '  date: 23 March 2021',
}
check(vim.deep_equal(lines(), tidy), 'vim.lsp.buf.format writes the formatted text', vim.inspect(lines()))

-- Waits for the server's diagnostics of the current text (after an edit).
local function settle()
  local version = vim.lsp.util.buf_versions[buf]
  vim.wait(5000, function()
    local ns = vim.lsp.diagnostic.get_namespace(client.id)
    return vim.diagnostic.get(buf, { namespace = ns }) ~= nil
  end, 50)
  vim.wait(300)
  return version
end

-- Runs the code action titled `title` at the cursor or on `range`, as picking it would.
-- Define the missing actor in the registry (actors.cdown, not open yet).
settle()
vim.api.nvim_win_set_cursor(0, { 3, 26 })
local before = table.concat(lines(), '\n')
vim.lsp.buf.code_action({ apply = true, filter = function(a) return a.title == "Define actor '@kirbyy' in actors.cdown" end })
local registry
vim.wait(5000, function()
  registry = vim.fn.bufnr(vim.fs.joinpath(ws, 'actors.cdown'))
  return registry > 0 and #lines(registry) > 2
end, 50)
check(registry > 0 and vim.deep_equal(lines(registry), { '[@kirby]: John Kirby', '  kind: person', '', '[@kirbyy]: kirbyy', '  kind:', '  role:' }),
  'Define actor writes a stub into actors.cdown', registry > 0 and vim.inspect(lines(registry)) or 'not loaded')
check(table.concat(lines(), '\n') == before, 'the article itself is unchanged')

-- Fix all: the date becomes ISO 8601.
settle()
vim.lsp.buf.code_action({ context = { only = { 'source.fixAll' } }, apply = true })
vim.wait(5000, function() return lines()[7] == '  date: 2021-03-23' end, 50)
check(lines()[7] == '  date: 2021-03-23', 'source.fixAll applies the date fix', lines()[7])

-- Mark as claim on `today` (bytes 37..42 of line 3; the emoji is 4 bytes, 2 UTF-16 units).
settle()
local row = 3
local col = lines()[row]:find('today', 1, true) - 1
vim.lsp.buf.code_action({
  apply = true,
  -- Mark-like indexing: the end column is that of the last character selected.
  range = { start = { row, col }, ['end'] = { row, col + 4 } },
  filter = function(a) return a.title == 'Mark as claim' end,
})
vim.wait(5000, function() return lines()[row]:find('[today]{#c-today}', 1, true) ~= nil end, 50)
check(lines()[row] == 'Ünï 😀 said [it]{#c1 @kirbyy ^dod} [today]{#c-today}.', 'Mark as claim wraps the selection', lines()[row])
local want = { row, #'Ünï 😀 said [it]{#c1 @kirbyy ^dod} [today]{#c-today' }
vim.wait(5000, function() return vim.deep_equal(vim.api.nvim_win_get_cursor(0), want) end, 50)
check(vim.deep_equal(vim.api.nvim_win_get_cursor(0), want), 'the cursor lands after the new id (claimdown.placeCursor)',
  vim.inspect(vim.api.nvim_win_get_cursor(0)))

finish()
