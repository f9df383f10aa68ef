-- What the Neovim test scripts share: where things are, the server to test, and the tally of
-- checks. Each script loads it with `dofile` from its own folder.
local M = {}

local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p')
M.nvim_dir = vim.fs.dirname(vim.fs.dirname(here)) -- editors/nvim
M.editors_dir = vim.fs.dirname(M.nvim_dir)
M.repo = vim.fs.dirname(M.editors_dir)

--- The server binary: $CLAIMDOWN (absolute, or relative to the repository), else the debug build.
M.server = os.getenv('CLAIMDOWN') or vim.fs.joinpath(M.repo, 'target', 'debug', 'claimdown')
if not M.server:match('^/') then
  M.server = vim.fs.joinpath(M.repo, M.server)
end

local failures, passes = 0, 0

--- Records one check and prints it; returns `cond`.
function M.check(cond, what, detail)
  if cond then
    passes = passes + 1
    io.stdout:write('  ok   ' .. what .. '\n')
  else
    failures = failures + 1
    io.stdout:write('  FAIL ' .. what .. (detail and (': ' .. detail) or '') .. '\n')
  end
  return cond
end

--- Prints the tally as `label: N passed, M failed`, stops the LSP clients and exits, non-zero
--- on any failure.
function M.finish(label)
  io.stdout:write(string.format('%s: %d passed, %d failed\n', label, passes, failures))
  for _, client in ipairs(vim.lsp.get_clients()) do
    client:stop(true)
  end
  os.exit(failures == 0 and 0 or 1)
end

return M
