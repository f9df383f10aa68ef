-- End-to-end test of the quick fix that attributes a claim: it inserts `@`, leaves the writer
-- typing after it and opens completion with the project's actors.
--
--   CLAIMDOWN=/abs/path/to/claimdown nvim --headless --clean -l editors/nvim/test/suggest.lua
--
-- Insert mode and the completion menu need Neovim's main loop, which a `-l` script does not
-- give back: this script drives a second Neovim (`--embed`) over RPC, as a person's keys would.
local harness = dofile(vim.fs.joinpath(vim.fs.dirname(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p')), 'harness.lua'))
local nvim_dir, check, server = harness.nvim_dir, harness.check, harness.server

local ws = vim.fn.tempname() .. '-claimdown-nvim-suggest'
vim.fn.mkdir(ws, 'p')
vim.fn.writefile({ '[@kirby]: John Kirby', '  kind: person', '', '[@austin]: Lloyd Austin' },
  vim.fs.joinpath(ws, 'actors.cdown'))
-- Non-ASCII before the claim: the cursor is placed in UTF-16 units, Neovim counts bytes.
vim.fn.writefile({ 'Ünï 😀 said [it]{#c1} today.' }, vim.fs.joinpath(ws, 'article.cdown'))

local child = vim.fn.jobstart({ vim.v.progpath, '--embed', '--headless', '--clean' }, { rpc = true })
local function lua(code, ...)
  return vim.rpcrequest(child, 'nvim_exec_lua', code, { ... })
end
local function wait_child(code, ms)
  local ok = vim.wait(ms or 10000, function() return lua(code) end, 50)
  return ok
end

lua([[
  local nvim_dir, server, ws = ...
  vim.opt.runtimepath:prepend(nvim_dir)
  vim.cmd('runtime! ftdetect/claimdown.lua')
  require('claimdown').setup({ cmd = { server, 'lsp' }, root_dir = ws })
  vim.cmd.edit(vim.fn.fnameescape(vim.fs.joinpath(ws, 'article.cdown')))
]], nvim_dir, server, ws)
check(wait_child([[
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == 'unattributed-claim' then return true end
  end
  return false
]], 15000), 'the claim is reported unattributed')

lua([[
  local line = vim.api.nvim_buf_get_lines(0, 0, 1, false)[1]
  vim.api.nvim_win_set_cursor(0, { 1, (line:find('{#c1}', 1, true)) })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(a) return a.title == "Attribute to an actor: insert '@'" end,
  })
]])
-- Neovim's menu puts its first match in at once ('completeopt' without noinsert).
check(wait_child([[return vim.api.nvim_buf_get_lines(0, 0, 1, false)[1]:find('^Ünï 😀 said %[it%]{#c1 @%l*} today%.$') ~= nil]]),
  'the quick fix inserts `@`', lua([[return vim.api.nvim_buf_get_lines(0, 0, 1, false)[1] ]]))
check(wait_child([[return vim.api.nvim_get_mode().mode == 'i' or vim.api.nvim_get_mode().mode == 'ic']]),
  'the writer is left typing (insert mode)', vim.inspect(lua([[return vim.api.nvim_get_mode()]])))
local words = {}
vim.wait(10000, function()
  words = lua([[
    local items = vim.fn.complete_info({ 'items' }).items or {}
    return vim.tbl_map(function(item) return item.word end, items)
  ]])
  return #words > 0
end, 50)
check(vim.tbl_contains(words, 'austin') and vim.tbl_contains(words, 'kirby'),
  'completion opens at the `@` with the actors', vim.inspect(words))
-- Picking the first one and leaving insert mode gives an attributed claim.
vim.rpcrequest(child, 'nvim_input', '<C-n><Esc>')
check(wait_child([[return vim.api.nvim_buf_get_lines(0, 0, 1, false)[1]:find('{#c1 @austin}', 1, true) ~= nil
    or vim.api.nvim_buf_get_lines(0, 0, 1, false)[1]:find('{#c1 @kirby}', 1, true) ~= nil]]),
  'an actor picked from the list lands after the `@`', lua([[return vim.api.nvim_buf_get_lines(0, 0, 1, false)[1] ]]))

pcall(lua, [[for _, c in ipairs(vim.lsp.get_clients()) do c:stop(true) end]])
vim.fn.jobstop(child)
harness.finish('nvim suggest')
