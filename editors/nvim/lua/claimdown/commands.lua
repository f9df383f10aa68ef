--- Client-side commands the server's code lenses and code actions run.
local M = {}

--- `claimdown.showReferences`: the lens over an actor or source definition. Its arguments are
--- those of VS Code's editor.action.showReferences, `{ uri, position, locations }`; the
--- locations go to the quickfix list, as `vim.lsp.buf.references()` puts them.
---@param command lsp.Command
---@param ctx table
function M.show_references(command, ctx)
  local locations = (command.arguments or {})[3] or {}
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local items = vim.lsp.util.locations_to_items(locations, client and client.offset_encoding or 'utf-16')
  if #items == 0 then
    vim.notify('No references found')
    return
  end
  vim.fn.setqflist({}, ' ', { title = 'References', items = items })
  vim.cmd('botright copen')
end

--- `claimdown.placeCursor`: after a code action's edit, where the writer goes on typing.
--- Its arguments are `{ uri, position, { suggest = true }? }`; run here rather than by the
--- server (which would ask for window/showDocument) so that, with `suggest`, completion opens
--- at once: after an inserted `@`, the list of actors.
---@param command lsp.Command
---@param ctx table
function M.place_cursor(command, ctx)
  local args = command.arguments or {}
  local uri, position, options = args[1], args[2], args[3] or {}
  if type(uri) ~= 'string' or type(position) ~= 'table' then
    return
  end
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local encoding = client and client.offset_encoding or 'utf-16'
  local range = { start = position, ['end'] = position }
  vim.lsp.util.show_document({ uri = uri, range = range }, encoding, { focus = true })
  if options.suggest then
    -- Insert mode at the cursor, then the LSP omnifunc's completion.
    vim.api.nvim_feedkeys(vim.keycode('i<C-x><C-o>'), 'n', false)
  end
end

--- For the `commands` field of a vim.lsp.Config.
M.all = {
  ['claimdown.showReferences'] = M.show_references,
  ['claimdown.placeCursor'] = M.place_cursor,
}

return M
