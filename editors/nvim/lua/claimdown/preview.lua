--- `:ClaimdownPreview`: the buffer as the server renders it (`claimdown/render`), written to
--- a file and opened with the system's opener (vim.ui.open, so xdg-open, open or start).
local M = {}

--- Asks the server attached to `bufnr` for the page; calls `done(path)` once written, or
--- `done(nil, message)`. `opts.open == false` writes without opening (for tests).
---@param bufnr integer
---@param opts? { open?: boolean }
---@param done? fun(path: string?, err: string?)
function M.preview(bufnr, opts, done)
  opts = opts or {}
  done = done or function(_, err)
    if err then
      vim.notify('Claimdown preview: ' .. err, vim.log.levels.ERROR)
    end
  end
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = 'claimdown' })[1]
  if not client then
    return done(nil, 'no claimdown language server is attached to this buffer')
  end
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) } }
  client:request('claimdown/render', params, function(err, result)
    if err or not result or type(result.html) ~= 'string' then
      return done(nil, err and err.message or 'the server has no page for this buffer')
    end
    local dir = vim.fs.joinpath(vim.fn.stdpath('cache'), 'claimdown')
    vim.fn.mkdir(dir, 'p')
    local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':t:r')
    local path = vim.fs.joinpath(dir, (name ~= '' and name or 'preview') .. '.html')
    if vim.fn.writefile(vim.split(result.html, '\n', { plain = true }), path, 'b') ~= 0 then
      return done(nil, 'cannot write ' .. path)
    end
    if opts.open ~= false then
      vim.ui.open(path)
    end
    done(path)
  end, bufnr)
end

return M
