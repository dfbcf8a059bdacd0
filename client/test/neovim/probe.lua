-- Runs the README's Neovim snippet in headless Neovim (0.7: its built-in LSP client), opens the
-- given files, and prints what it got as JSON lines on stdout, for scripts/e2e.mjs to check.
-- Environment: AUDIT_EVENTS_SNIPPET (the README's Lua block, saved to a file), AUDIT_EVENTS_FILES
-- (paths separated by ':'; the first one is probed for diagnostics, completion and hover),
-- AUDIT_EVENTS_EXPECT_SERVER ('0' when the server is deliberately not on PATH).
local snippet = os.getenv('AUDIT_EVENTS_SNIPPET')
local files = vim.split(os.getenv('AUDIT_EVENTS_FILES'), ':', { plain = true })
local expect_server = os.getenv('AUDIT_EVENTS_EXPECT_SERVER') ~= '0'

local function emit(key, value)
  io.stdout:write(vim.fn.json_encode({ [key] = value }) .. '\n')
end

local function finish(code)
  io.stdout:flush()
  vim.cmd('qa!')
  os.exit(code)
end

-- What the snippet tells the user, kept instead of drawn.
local notes = {}
vim.notify = function(message, level)
  table.insert(notes, { message = message, level = level })
end

-- A user's init.vim has filetype detection on; `-u NONE` does not.
vim.cmd('filetype on')
local loaded, load_error = pcall(dofile, snippet)
if not loaded then
  emit('error', 'the snippet failed: ' .. tostring(load_error))
  finish(1)
end

local buffers = {}
for _, file in ipairs(files) do
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  table.insert(buffers, vim.api.nvim_get_current_buf())
end
emit('filetypes', vim.tbl_map(function(b) return vim.bo[b].filetype end, buffers))
emit('omnifunc', vim.tbl_map(function(b) return vim.bo[b].omnifunc end, buffers))

local function ours()
  return vim.tbl_filter(function(c) return c.name == 'audit-events' end, vim.lsp.get_active_clients())
end

if not expect_server then
  vim.wait(1000, function() return #ours() > 0 end, 50)
  emit('clients', #ours())
  emit('notes', notes)
  finish(0)
end

local ready = vim.wait(20000, function()
  local cs = ours()
  return #cs > 0 and cs[1].initialized
end, 50)
emit('initialized', ready)
-- Every buffer attached, and to which client ids.
local attached = {}
for _, b in ipairs(buffers) do
  local ids = {}
  for id, c in pairs(vim.lsp.buf_get_clients(b)) do
    if c.name == 'audit-events' then table.insert(ids, id) end
  end
  table.insert(attached, ids)
end
emit('attached', attached)
emit('clients', #ours())
emit('notes', notes)

local bufnr = buffers[1]
vim.api.nvim_set_current_buf(bufnr)
vim.wait(20000, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 50)
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(diagnostics, { line = d.lnum, col = d.col, message = d.message, source = d.source, code = d.code or lsp.code })
end
emit('diagnostics', diagnostics)

local client = ours()[1]
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
