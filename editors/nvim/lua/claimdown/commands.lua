--- Client-side commands the server's code lenses run.
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

--- For the `commands` field of a vim.lsp.Config.
M.all = {
  ['claimdown.showReferences'] = M.show_references,
}

return M
