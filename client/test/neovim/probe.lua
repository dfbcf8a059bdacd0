-- Drives the bundled language server from headless Neovim 0.7 (its built-in LSP client) and
-- prints what it got as JSON lines on stdout, for scripts/e2e.mjs to check.
-- Environment: AUDIT_EVENTS_SERVER (server.js), AUDIT_EVENTS_ROOT (workspace), AUDIT_EVENTS_FILE.
local server = os.getenv('AUDIT_EVENTS_SERVER')
local root = os.getenv('AUDIT_EVENTS_ROOT')
local file = os.getenv('AUDIT_EVENTS_FILE')

local function emit(key, value)
  io.stdout:write(vim.fn.json_encode({ [key] = value }) .. '\n')
end

local function finish(code)
  io.stdout:flush()
  vim.cmd('qa!')
  os.exit(code)
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
vim.api.nvim_buf_set_option(bufnr, 'filetype', 'python')

local client_id = vim.lsp.start_client({
  name = 'audit-events',
  cmd = { 'node', server, '--stdio' },
  root_dir = root,
  settings = { auditEvents = { pythonVersion = '3.11' } },
  -- Neovim 0.7 neither answers workspace/configuration nor sends settings by itself.
  on_init = function(client)
    client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  end,
})
if not client_id then
  emit('error', 'the client did not start')
  finish(1)
end
vim.lsp.buf_attach_client(bufnr, client_id)

local ok = vim.wait(20000, function()
  local c = vim.lsp.get_client_by_id(client_id)
  return c ~= nil and c.initialized
end, 50)
emit('initialized', ok)

vim.wait(20000, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 50)
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(diagnostics, { line = d.lnum, col = d.col, message = d.message, source = d.source, code = d.code or lsp.code })
end
emit('diagnostics', diagnostics)

local client = vim.lsp.get_client_by_id(client_id)
local uri = vim.uri_from_bufnr(bufnr)
local function find(marker, offset)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for i, line in ipairs(lines) do
    local s = string.find(line, marker, 1, true)
    if s then
      return { line = i - 1, character = s - 1 + offset }
    end
  end
  return nil
end

local completion = client.request_sync('textDocument/completion', {
  textDocument = { uri = uri },
  position = find('sys.audit("os.re', 16),
}, 10000, bufnr)
local labels = {}
local items = completion and completion.result and (completion.result.items or completion.result) or {}
for _, item in ipairs(items) do
  table.insert(labels, item.label)
end
emit('completion', labels)

local hover = client.request_sync('textDocument/hover', {
  textDocument = { uri = uri },
  position = find('"shutil.rmtree"', 3),
}, 10000, bufnr)
local value = hover and hover.result and hover.result.contents and hover.result.contents.value or ''
emit('hover', value)

client.stop()
finish(0)
