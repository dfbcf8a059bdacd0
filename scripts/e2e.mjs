#!/usr/bin/env node
// `npm run test:e2e`: the extension in a real VS Code and the server in a real Neovim, offline.
//  1. code-server 4.100.3 (VS Code 1.100.3) from npm, installed once into .vscode-test/;
//  2. the integration suite (client/test/suite, mocha, the real `vscode` API) run inside its
//     extension host through the workbench's test payload, driven by Debian's Chromium;
//  3. a UI check on the installed .vsix: completion, hover, Problems, the catalog quick pick,
//     Restart Server, with screenshots;
//  4. the README's Neovim snippet in headless Neovim 0.7 (client/test/neovim/probe.lua): two
//     files share one client; without the server on PATH it says so instead of failing.
// Screenshots go to out/e2e/screenshots/; `--update-screenshots` (or AUDIT_EVENTS_UPDATE_SCREENSHOTS=1)
// also copies them over the committed docs/*.png. `--only=suite,ui,neovim` runs some steps.
// Everything temporary lives in one folder under the temp dir, removed at the end; the run fails
// if it leaves a file of its programs' names in the temp dir or changes `git status`.
// See REAL-EDITORS.md of the project's shared notes for why each step is done this way.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = join(root, '.vscode-test');
const CODE_SERVER_VERSION = '4.100.3';
const codeServerDir = join(cache, `code-server-${CODE_SERVER_VERSION}`);
const codeServerBin = join(codeServerDir, 'node_modules', '.bin', 'code-server');
const fixture = join(root, 'client', 'test', 'fixtures', 'workspace');
const docs = join(root, 'docs');
const screenshots = join(root, 'out', 'e2e', 'screenshots');
/** The screenshots the README shows, committed in docs/. */
const DOC_SCREENSHOTS = ['completion.png', 'hover.png', 'problems.png'];
const options = process.argv.slice(2);
const updateScreenshots = options.includes('--update-screenshots') || process.env.AUDIT_EVENTS_UPDATE_SCREENSHOTS === '1';
const only = options.find((o) => o.startsWith('--only='))?.slice('--only='.length).split(',');
const systemTmp = tmpdir();
// Every temporary file of the run, ours and the child processes' (TMPDIR points here).
const work = mkdtempSync(join(systemTmp, 'audit-events-e2e-'));
process.env.TMPDIR = work;
/**
 * What this run and the programs it starts (npm, node-gyp, code-server and VS Code, Chromium and
 * Playwright, ripgrep's cache, Neovim) name their temp files: any of these left in the system temp
 * dir is a leak of this run.
 */
const OUR_TEMP_NAMES = /^(audit-events-e2e-|rg-|\.org\.chromium\.|\.com\.google\.Chrome\.|playwright|code-server|vscode|nvim|lua_|npm-|node-gyp|v8-compile-cache)/;
const started = [];
const results = [];

function log(message) {
  console.log(`[e2e] ${message}`);
}

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

// ---- installs ---------------------------------------------------------------------------------

function ensureDebianPackages() {
  const missing = ['chromium', 'nvim', 'rg'].filter((c) => !commandExists(c));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`missing ${missing.join(', ')}: apt-get install chromium neovim ripgrep`);
  log(`installing Debian packages for ${missing.join(', ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium', 'neovim', 'ripgrep', 'libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function ensureCodeServer() {
  if (existsSync(codeServerBin)) return;
  log(`installing code-server ${CODE_SERVER_VERSION} into ${codeServerDir} (once; 1-2 minutes)`);
  // @vscode/ripgrep downloads rg from GitHub unless its cache holds the tarball: give it Debian's.
  // (Its cache is in the temp dir, the run's folder: only the install needs it.)
  const rgCache = join(tmpdir(), 'vscode-ripgrep-cache-1.15.11');
  const tarball = join(rgCache, 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz');
  if (!existsSync(tarball)) {
    const stage = mkdtempSync(join(tmpdir(), 'rg-'));
    cpSync(execFileSync('sh', ['-c', 'command -v rg'], { encoding: 'utf8' }).trim(), join(stage, 'rg'));
    mkdirSync(rgCache, { recursive: true });
    run('tar', ['-czf', tarball, '-C', stage, 'rg']);
  }
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(join(codeServerDir, 'package.json'), JSON.stringify({ name: 'code-server-cache', private: true }) + '\n');
  run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--dangerously-allow-all-scripts', '--foreground-scripts', '--no-audit', '--no-fund'], {
    cwd: codeServerDir,
    env: { ...process.env, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
  });
  if (!existsSync(codeServerBin)) throw new Error('code-server did not install');
}

// ---- code-server ------------------------------------------------------------------------------

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
    srv.on('error', rej);
  });
}

function profile(name) {
  const dir = mkdtempSync(join(work, `${name}-`));
  const user = join(dir, 'user');
  mkdirSync(join(user, 'User'), { recursive: true });
  writeFileSync(
    join(user, 'User', 'settings.json'),
    JSON.stringify(
      {
        'files.autoSave': 'off',
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        'chat.disableAIFeatures': true,
        'editor.hover.delay': 150,
      },
      null,
      2,
    ),
  );
  const workspace = join(dir, 'workspace');
  cpSync(fixture, workspace, { recursive: true });
  return { dir, user, extensions: join(dir, 'extensions'), workspace };
}

async function startCodeServer(p) {
  const port = await freePort();
  const config = join(p.dir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const args = [
    '--config', config, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', p.user, '--extensions-dir', p.extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
  ];
  const proc = spawn(codeServerBin, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(proc);
  const output = [];
  proc.stdout.on('data', (d) => output.push(String(d)));
  proc.stderr.on('data', (d) => output.push(String(d)));
  const deadline = Date.now() + 60000;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || proc.exitCode !== null) throw new Error(`code-server did not start:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { port, url: `http://127.0.0.1:${port}`, proc, output, profile: p };
}

function stopAll() {
  for (const proc of started) {
    try {
      process.kill(-proc.pid, 'SIGKILL'); // the whole group: code-server leaves extension hosts behind
    } catch {
      // gone already
    }
  }
}

async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// ---- 2. the integration suite inside code-server ---------------------------------------------

async function integrationSuite(browser) {
  const p = profile('suite');
  const cs = await startCodeServer(p);
  const page = await browser.newPage();
  let exitCode = null;
  const done = new Promise((res) => {
    void page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = code;
      res(code);
    });
  });
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    // The extension host forwards console calls as (format, ...values), as mocha writes them.
    const text = format(...(Array.isArray(args) ? args : [args]));
    for (const line of text.split('\n')) console.log(`  | ${line}`);
  });
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://remote${root}`],
    ['extensionTestsPath', `vscode-remote://remote${root}/out/test/vscode/suite/index.js`],
  ];
  const url = `${cs.url}/?folder=${encodeURIComponent(p.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  log('integration suite: running client/test/suite inside code-server');
  await page.goto(url);
  let timer;
  const timeout = new Promise((res) => {
    timer = setTimeout(() => res('timeout'), 240000);
  });
  const outcome = await Promise.race([done, timeout]);
  clearTimeout(timer); // else the process idles until it fires, long after the results
  await page.close();
  if (outcome === 'timeout') {
    console.log(cs.output.join('').split('\n').slice(-40).join('\n'));
    throw new Error('the integration suite did not finish within 4 minutes');
  }
  if (exitCode !== 0) throw new Error(`the integration suite failed (exit code ${exitCode})`);
}

// ---- 3. UI check on the installed .vsix --------------------------------------------------------

async function uiCheck(browser) {
  const p = profile('ui');
  const vsix = join(root, 'audit-events.vsix');
  run(codeServerBin, ['--user-data-dir', p.user, '--extensions-dir', p.extensions, '--install-extension', vsix], { stdio: 'pipe' });
  const cs = await startCodeServer(p);
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await uiSteps(page, cs);
  } catch (e) {
    await page.screenshot({ path: join(screenshots, 'ui-failure.png') }).catch(() => {});
    throw new Error(`${e.message ?? e}\n(the screen then: ${relative(root, join(screenshots, 'ui-failure.png'))})`);
  } finally {
    await page.close();
  }
}

async function uiSteps(page, cs) {
  const p = cs.profile;
  const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
  log('UI check: completion, hover and Problems in the workbench with the installed .vsix');
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(p.workspace)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  await page.waitForTimeout(1500); // the workbench restores its layout once it is up
  await page.keyboard.press(`${mod}+P`);
  await page.keyboard.type('hooks.py');
  await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20000 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20000 });
  // The server is up once its status item shows the target version.
  const status = page.locator('.statusbar-item', { hasText: 'Audit: Python 3.11' });
  await status.first().waitFor({ timeout: 60000 });
  // A squiggle means diagnostics arrived.
  await page.waitForSelector('.squiggly-warning, .squiggly-error', { timeout: 60000 });

  // Completion: type a raise site at the end of the file.
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press(`${mod}+End`);
  await page.keyboard.press('Enter');
  await page.keyboard.type('sys.audit("socket.');
  const rows = page.locator('.suggest-widget.visible .monaco-list-row');
  await rows.first().waitFor({ timeout: 20000 });
  const labels = await rows.allInnerTexts();
  if (!labels.some((l) => l.includes('socket.connect'))) throw new Error(`no socket.connect among the suggestions: ${labels.join(' | ')}`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshots, 'completion.png') });
  await page.keyboard.press('Escape');
  await page.keyboard.press(`${mod}+Z`);

  // Hover on an event name (the grammar gives the name inside the quotes its own token).
  const event = page.locator('.monaco-editor .view-lines span').getByText('open', { exact: true }).first();
  const box = await event.boundingBox();
  if (!box) throw new Error('"open" is not on screen');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const hover = page.locator('.monaco-hover', { hasText: 'open(path, mode, flags)' });
  await hover.first().waitFor({ state: 'visible', timeout: 20000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshots, 'hover.png') });
  await page.mouse.move(5, 5);

  // The Problems panel lists the engine's warnings with their source and code.
  await page.keyboard.press(`${mod}+Shift+M`);
  const problem = page.locator('.markers-panel .monaco-list-row', { hasText: 'audit-events' });
  await problem.first().waitFor({ timeout: 20000 });
  const problems = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
  if (!problems.some((t) => t.includes('unpack-arity'))) throw new Error(`no unpack-arity in Problems: ${problems.join(' | ')}`);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(screenshots, 'problems.png') });
  await page.keyboard.press(`${mod}+Shift+M`); // the panel closes again: the editor has the focus

  // The catalog quick pick: the API line labelled, and an open-docs button that draws an icon.
  await runCommand(page, 'Audit Events: Show Audit Events Catalog');
  await page.locator('.quick-input-widget', { hasText: 'Audit events of Python 3.11' }).first().waitFor({ timeout: 20000 });
  await page.keyboard.type('shutil.copyfile');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'raised by shutil.copy' });
  await row.first().waitFor({ timeout: 20000 });
  await row.first().hover();
  const button = row.first().locator('.codicon-link-external');
  await button.first().waitFor({ state: 'visible', timeout: 5000 });
  await page.screenshot({ path: join(screenshots, 'catalog.png') });
  await page.keyboard.press('Escape');

  // Restart Server: the server comes back (diagnostics cleared, then published again) and the
  // status item with it, without switching editors.
  await runCommand(page, 'Audit Events: Restart Server');
  await page.waitForSelector('.squiggly-warning, .squiggly-error', { state: 'detached', timeout: 20000 });
  await page.waitForSelector('.squiggly-warning, .squiggly-error', { timeout: 60000 });
  await status.first().waitFor({ timeout: 10000 }).catch(() => {
    throw new Error('the status item is not shown after Restart Server');
  });

  // Restart Server on a hung server (what users restart), while a refresh of the status item
  // waits on it: the item comes back with the new server, without another switch of editors.
  await waitUntil('one server process', () => serverPid(p), 20000);
  const hung = serverPid(p);
  process.kill(hung, 'SIGSTOP');
  try {
    await quickOpen(page, 'raise_sites.py'); // the item asks the hung server for this file's target
    await page.locator('.tab.active', { hasText: 'raise_sites.py' }).first().waitFor({ timeout: 20000 });
    await runCommand(page, 'Audit Events: Restart Server');
    await waitUntil('a new server process', () => serverPid(p, hung), 30000);
    // The new server answers: raise_sites.py's findings (the hung one never gave them).
    await page.waitForSelector('.squiggly-warning, .squiggly-error', { timeout: 60000 });
    await status.first().waitFor({ timeout: 10000 }).catch(() => {
      throw new Error('the status item is not shown after Restart Server on a hung server');
    });
  } finally {
    try {
      process.kill(hung, 'SIGCONT'); // it was told to end: let it
    } catch {
      // ended already
    }
  }
  log(`UI check: ${labels.length} suggestions, hover shown, ${problems.length} rows in Problems, the catalog, a restart, a restart of a hung server; screenshots in ${relative(root, screenshots)}/`);
}

/** The PID of the language server the UI check's code-server runs (other than `not`), or null. */
function serverPid(p, not) {
  const r = spawnSync('pgrep', ['-f', `${p.extensions}/.*/server/out/server\\.js`], { encoding: 'utf8' });
  const pids = r.stdout.split('\n').filter(Boolean).map(Number).filter((pid) => pid !== not);
  return pids.length === 1 ? pids[0] : null;
}

async function waitUntil(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (let v = probe(); !v; v = probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Opens a file of the workspace with Quick Open. */
async function quickOpen(page, name) {
  const mod = process.platform === 'darwin' ? 'Meta' : 'Control';
  await page.keyboard.press(`${mod}+P`);
  await page.keyboard.type(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 20000 });
  await page.keyboard.press('Enter');
}

/** Runs a command from the Command Palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: title });
  await entry.first().waitFor({ timeout: 20000 });
  await page.keyboard.press('Enter');
}

// ---- 4. Neovim ---------------------------------------------------------------------------------

/** The README's Lua block for Neovim: what users copy is what runs here. */
function readmeSnippet() {
  const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```lua\n([\s\S]*?)```/g)].map((m) => m[1]);
  const snippet = blocks.find((b) => b.includes('audit-events-language-server'));
  if (!snippet) throw new Error('no Lua block starting audit-events-language-server in README.md');
  const file = join(work, 'readme-snippet.lua');
  writeFileSync(file, snippet);
  return file;
}

function nvim(env) {
  const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', 'NONE', '--noplugin', '-c', `luafile ${join(root, 'client', 'test', 'neovim', 'probe.lua')}`], {
    encoding: 'utf8',
    timeout: 90000,
    env: { ...process.env, ...env },
  });
  const got = {};
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('{')) Object.assign(got, JSON.parse(line));
  }
  return { got, stderr: r.stderr ?? '' };
}

function neovimCheck() {
  const workspace = profile('nvim').workspace;
  log('Neovim: the README\'s snippet with Neovim 0.7\'s LSP client');
  const snippet = readmeSnippet();
  // The snippet starts `audit-events-language-server` from PATH, as `npm install -g .` links it.
  const bin = join(work, 'bin');
  mkdirSync(bin, { recursive: true });
  const shim = join(bin, 'audit-events-language-server');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'server', 'out', 'server.js')}" "$@"\n`);
  chmodSync(shim, 0o755);
  const files = [join(workspace, 'raise_sites.py'), join(workspace, 'hooks.py')].join(':');
  const { got, stderr } = nvim({ PATH: `${bin}${delimiter}${process.env.PATH}`, AUDIT_EVENTS_SNIPPET: snippet, AUDIT_EVENTS_FILES: files });
  const problems = [];
  if (got.error) problems.push(got.error);
  if (got.initialized !== true) problems.push('the client did not initialize');
  if (got.clients !== 1) problems.push(`${got.clients} clients for one root, not 1`);
  const attached = got.attached ?? [];
  if (attached.length !== 2 || attached.some((ids) => ids.length !== 1 || ids[0] !== attached[0][0])) problems.push(`the two buffers are not on one client: ${JSON.stringify(attached)}`);
  if (!(got.omnifunc ?? []).every((o) => o === 'v:lua.vim.lsp.omnifunc') || got.omnifunc?.length !== 2) problems.push(`omnifunc: ${JSON.stringify(got.omnifunc)}`);
  const arity = (got.diagnostics ?? []).find((d) => d.code === 'arity' && d.source === 'audit-events');
  if (!arity || !/'open' takes 3 arguments \(path, mode, flags\); this call passes 1/.test(arity.message)) problems.push(`no arity diagnostic: ${JSON.stringify(got.diagnostics)}`);
  if (!(got.completion ?? []).includes('os.remove')) problems.push('no os.remove in the completion');
  if (!/shutil\.rmtree\(path, dir_fd\)/.test(got.hover ?? '') || !/Python 3\.11/.test(got.hover ?? '')) problems.push(`unexpected hover: ${got.hover}`);

  // Without the server on PATH: one clear message, no Lua error.
  const pathWithout = (process.env.PATH ?? '').split(delimiter).filter((d) => d && !existsSync(join(d, 'audit-events-language-server'))).join(delimiter);
  const missing = nvim({ PATH: pathWithout, AUDIT_EVENTS_SNIPPET: snippet, AUDIT_EVENTS_FILES: files, AUDIT_EVENTS_EXPECT_SERVER: '0' });
  const notes = missing.got.notes ?? [];
  if (missing.got.error) problems.push(missing.got.error);
  if (missing.got.clients !== 0) problems.push(`a client started without the server on PATH: ${missing.got.clients}`);
  if (notes.length !== 1 || !/audit-events-language-server is not on PATH/.test(notes[0].message)) problems.push(`without the server: ${JSON.stringify(notes)}`);
  if (/stack traceback|E5108|Error detected/.test(missing.stderr)) problems.push(`a Lua error without the server:\n${missing.stderr}`);

  if (problems.length) throw new Error(`Neovim check failed: ${problems.join('; ')}\n${stderr}`);
  log(`Neovim: 2 buffers on 1 client, ${got.diagnostics.length} diagnostics, ${got.completion.length} completion items, hover of ${got.hover.length} characters; without the server: "${notes[0].message}"`);
}

// ---- main ---------------------------------------------------------------------------------------

async function step(name, fn) {
  const t = Date.now();
  try {
    await fn();
    results.push([name, 'passed', Date.now() - t]);
  } catch (e) {
    results.push([name, 'FAILED', Date.now() - t]);
    console.error(`[e2e] ${name} failed: ${e.stack ?? e}`);
  }
}

/** `git status --porcelain`, or null outside a git checkout. */
function gitStatus() {
  const r = spawnSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' });
  return r.status === 0 ? r.stdout : null;
}

async function main() {
  const t0 = Date.now();
  const tmpBefore = new Set(readdirSync(systemTmp));
  const statusBefore = gitStatus();
  process.on('exit', stopAll);
  process.on('SIGINT', () => process.exit(130));
  const wants = (step) => !only || only.includes(step);
  try {
    ensureDebianPackages();
    ensureCodeServer();
    log('building the bundles, the tests and the .vsix');
    run('node', ['scripts/build.mjs', '--tests']);
    run('npm', ['run', '--silent', 'package']);
    rmSync(screenshots, { recursive: true, force: true });
    mkdirSync(screenshots, { recursive: true });
    const browser = await launchBrowser();
    try {
      if (wants('suite')) await step('integration suite in code-server', () => integrationSuite(browser));
      stopAll();
      if (wants('ui')) await step('UI check in code-server', () => uiCheck(browser));
      stopAll();
      if (wants('neovim')) await step('Neovim', () => neovimCheck());
    } finally {
      await browser.close();
      stopAll();
    }
    if (updateScreenshots) {
      for (const name of DOC_SCREENSHOTS) copyFileSync(join(screenshots, name), join(docs, name));
      log(`copied ${DOC_SCREENSHOTS.join(', ')} to docs/`);
    }
  } finally {
    stopAll();
    rmSync(work, { recursive: true, force: true });
  }
  // Nothing left behind: nothing new in the temp dir of the names this run's programs make (on a
  // shared machine other programs add files there meanwhile: those are listed, not failed on), and
  // git status as it was.
  const added = readdirSync(systemTmp).filter((f) => !tmpBefore.has(f));
  const leftovers = added.filter((f) => OUR_TEMP_NAMES.test(f));
  results.push(['leaves no files in ' + systemTmp, leftovers.length ? 'FAILED' : 'passed', 0]);
  if (leftovers.length) console.error(`[e2e] left in ${systemTmp}: ${leftovers.join(', ')}`);
  if (added.length > leftovers.length) log(`new in ${systemTmp} meanwhile, not of a name this run makes: ${added.filter((f) => !OUR_TEMP_NAMES.test(f)).join(', ')}`);
  const statusAfter = gitStatus();
  results.push(['leaves git status as it was', statusAfter === statusBefore ? 'passed' : 'FAILED', 0]);
  if (statusAfter !== statusBefore) console.error(`[e2e] git status before:\n${statusBefore}after:\n${statusAfter}`);
  console.log('\n[e2e] results:');
  for (const [name, status, ms] of results) console.log(`  ${status.padEnd(6)} ${name}${ms ? ` (${(ms / 1000).toFixed(1)} s)` : ''}`);
  console.log(`[e2e] ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
  process.exitCode = results.every((r) => r[1] === 'passed') ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  stopAll();
  process.exitCode = 1;
});
