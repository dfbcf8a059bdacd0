#!/usr/bin/env node
// The soak test (issue 17): a seeded random LSP session against the bundled server over stdio,
// phase after phase, each followed by a known-good probe. Not part of `npm test` (it runs for a
// couple of minutes); `npm run soak` builds first, .ci/run runs it after the tests.
//
// It fails on: an error response to a well-formed request, a failed probe, a request answered
// later than SOAK_LATENCY_MS (1000 ms: the machine is assumed idle), a difference between the
// diagnostics of an incrementally edited document and those of the same text opened fresh, and
// resident memory above SOAK_RSS_MB (1024 MB). It prints its figures either way.
//
//   SOAK_SEED=578 SOAK_OPS=1200 node scripts/soak.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { TextDocument } = require('vscode-languageserver-textdocument');

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = Number(process.env.SOAK_SEED ?? 578);
const OPS_PER_PHASE = Number(process.env.SOAK_OPS ?? 1200);
const LATENCY_MS = Number(process.env.SOAK_LATENCY_MS ?? 1000);
const RSS_MB = Number(process.env.SOAK_RSS_MB ?? 1024);

// ---- randomness ----------------------------------------------------------------------------

let state = SEED >>> 0;
function random() {
  state = (state * 1664525 + 1013904223) >>> 0;
  return state / 2 ** 32;
}
const int = (n) => Math.floor(random() * n);
const pick = (xs) => xs[int(xs.length)];

// ---- the workspace -------------------------------------------------------------------------

const ws = mkdtempSync(join(tmpdir(), 'audit-events-soak-'));
const examples = ['hooks.py', 'app.py', '_speedups.c'].map((f) => [f, readFileSync(join(root, 'examples', f), 'utf8')]);
for (const [f, text] of examples) writeFileSync(join(ws, f), text);
mkdirSync(join(ws, 'pkg'), { recursive: true });
for (let i = 0; i < 40; i++) writeFileSync(join(ws, 'pkg', `m${i}.py`), `import sys\nsys.audit("myapp.ev${i % 5}", ${'x, '.repeat(i % 3)}1)\n`);
// Indexed from disk at start, opened later under another spelling of its URI (issue 17 item 6).
writeFileSync(join(ws, 'a@b (1).py'), 'import sys\nsys.audit("myapp.twice", 1)\n');
const uriOf = (name) => pathToFileURL(join(ws, name)).href;

// ---- the client ----------------------------------------------------------------------------

const failures = [];
const fail = (what) => {
  failures.push(what);
  const lines = what.split('\n');
  console.error(`FAIL ${lines.slice(0, 12).join('\n')}${lines.length > 12 ? `\n… ${lines.length - 12} more lines` : ''}`);
};
const latencies = [];
/** The three slowest requests, with the size of their document: what a latency failure is about. */
const slowest = [];
let requests = 0;
let settings = {};

const server = spawn(process.execPath, [join(root, 'server', 'out', 'server.js'), '--stdio'], { stdio: 'pipe' });
let stderr = '';
server.stderr.on('data', (d) => (stderr += d));
server.stdin.on('error', () => {});
let exited = null;
let shuttingDown = false;
server.on('exit', (code, signal) => {
  exited = { code, signal };
  if (shuttingDown) return;
  fail(`the server exited during the session: ${code ?? signal}\n${stderr.slice(-3000)}`);
  process.exit(1);
});

const waiting = new Map();
/** The server has logged the end of its first index: until then, rules that read the workspace wait. */
let indexed = false;
const published = new Map(); // uri -> [{ version, diagnostics, at }]
let nextId = 1;
let buffer = Buffer.alloc(0);
server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString('ascii'))[1]);
    if (buffer.length < end + 4 + length) return;
    const msg = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString('utf8'));
    buffer = buffer.subarray(end + 4 + length);
    onMessage(msg);
  }
});

function onMessage(msg) {
  if (msg.id !== undefined && msg.method) {
    let result = null;
    if (msg.method === 'workspace/configuration') result = msg.params.items.map((it) => (it.section === 'auditEvents' ? settings : null));
    write({ jsonrpc: '2.0', id: msg.id, result });
    return;
  }
  if (msg.id !== undefined) {
    const w = waiting.get(msg.id);
    waiting.delete(msg.id);
    w?.(msg);
    return;
  }
  if (msg.method === 'window/logMessage' && /\bindexed \d+ files/.test(msg.params.message)) indexed = true;
  if (msg.method === 'textDocument/publishDiagnostics') {
    const list = published.get(msg.params.uri) ?? [];
    list.push({ version: msg.params.version, diagnostics: msg.params.diagnostics, at: Date.now() });
    if (list.length > 20) list.shift();
    published.set(msg.params.uri, list);
  }
}

function write(msg) {
  const body = Buffer.from(JSON.stringify(msg), 'utf8');
  server.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
}

/**
 * A request; `expect`: 'ok' (a well-formed request: an error response fails the soak),
 * 'cancelled' (an error -32800 is fine), 'any' (malformed on purpose).
 */
function request(method, params, expect = 'ok') {
  const id = nextId++;
  const sent = performance.now();
  requests++;
  return new Promise((resolveAnswer) => {
    const size = open.get(params?.textDocument?.uri)?.getText().length;
    const late = setTimeout(() => fail(`${method} #${id} unanswered after ${LATENCY_MS} ms${size === undefined ? '' : ` (a document of ${Math.round(size / 1024)} KB)`}`), LATENCY_MS);
    waiting.set(id, (m) => {
      clearTimeout(late);
      const ms = performance.now() - sent;
      latencies.push(ms);
      slowest.push({ ms, what: `${method}${size === undefined ? '' : ` (${Math.round(size / 1024)} KB)`}` });
      slowest.sort((a, b) => b.ms - a.ms).splice(3);
      if (m.error && expect === 'ok') fail(`${method} #${id}: error ${m.error.code} ${m.error.message} for ${JSON.stringify(params).slice(0, 200)}`);
      if (m.error && expect === 'cancelled' && m.error.code !== -32800) fail(`${method} #${id} (cancelled): error ${m.error.code} ${m.error.message}`);
      resolveAnswer(m);
    });
    write({ jsonrpc: '2.0', id, method, params });
    if (expect === 'cancelled') write({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } });
  });
}
const notify = (method, params) => write({ jsonrpc: '2.0', method, params });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function rssMb() {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}
const rss = { start: 0, peak: 0, end: 0 };
const sampleRss = () => {
  const r = rssMb();
  if (r > rss.peak) rss.peak = r;
  if (r > RSS_MB) fail(`RSS ${r.toFixed(0)} MB above ${RSS_MB} MB`);
  return r;
};

// ---- documents -----------------------------------------------------------------------------

/** uri -> TextDocument: what the server should hold, kept with the same update rules. */
const open = new Map();

function openDoc(uri, text, languageId = uri.endsWith('.c') ? 'c' : 'python') {
  open.set(uri, TextDocument.create(uri, languageId, 1, text));
  notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}
function closeDoc(uri) {
  open.delete(uri);
  notify('textDocument/didClose', { textDocument: { uri } });
}
function editDoc(uri, changes) {
  const doc = open.get(uri);
  const version = doc.version + 1;
  TextDocument.update(doc, changes, version);
  notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
}

const PIECES = ['sys.audit("open", p, m, f)\n', 'sys.audit("myapp.ev1", 1)\n', 'def hook(event, args):\n    if event == "open":\n        a, b = args\n', 'sys.addaudithook(hook)\n', '"', "'", '(', ')', ':', '\n', '\r', '\r\n', '\0', '\uD800', '\uDC00', '😀', 'é', '\t', '    ', 'if event == "os.remove":\n', 'match event:\n    case "open":\n        pass\n', '#', '\\'];

function randomPosition(doc, outOfRange = random() < 0.1) {
  const lines = doc.lineCount;
  if (outOfRange) return { line: int(lines + 5), character: int(300) };
  const line = int(lines);
  const lineText = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return { line, character: int(lineText.length + 1) };
}

function randomEdit(doc) {
  const a = randomPosition(doc);
  const b = random() < 0.5 ? a : randomPosition(doc);
  const [start, end] = doc.offsetAt(a) <= doc.offsetAt(b) ? [a, b] : [b, a];
  let text = '';
  const r = random();
  if (r < 0.02) text = pasteOf(100 * 1024);
  else if (r < 0.6) for (let k = int(4); k >= 0; k--) text += pick(PIECES);
  return { range: { start, end }, text };
}

/** About `bytes` of plausible Python with raise sites and hooks. */
function pasteOf(bytes) {
  let s = '';
  for (let i = 0; s.length < bytes; i++) {
    s += i % 7 === 0 ? `def h${i}(event, args):\n    if event == "myapp.ev${i % 5}":\n        x, = args\n` : `sys.audit("myapp.ev${i % 5}", ${i})\nx${i} = [${i}] * 3\n`;
  }
  return s;
}

// ---- requests ------------------------------------------------------------------------------

function randomRequest(uri) {
  const doc = open.get(uri);
  const position = randomPosition(doc);
  const textDocument = { uri };
  const range = { start: randomPosition(doc), end: randomPosition(doc) };
  if (doc.offsetAt(range.end) < doc.offsetAt(range.start)) [range.start, range.end] = [range.end, range.start];
  const kinds = [
    () => ['textDocument/completion', { textDocument, position }],
    () => ['textDocument/hover', { textDocument, position }],
    () => ['textDocument/signatureHelp', { textDocument, position }],
    () => ['textDocument/definition', { textDocument, position }],
    () => ['textDocument/references', { textDocument, position, context: { includeDeclaration: random() < 0.5 } }],
    () => ['textDocument/inlayHint', { textDocument, range }],
    () => ['textDocument/codeAction', { textDocument, range, context: { diagnostics: (published.get(uri)?.at(-1)?.diagnostics ?? []).slice(0, 3) } }],
    () => ['textDocument/documentLink', { textDocument }],
    () => ['textDocument/documentSymbol', { textDocument }],
    () => ['workspace/symbol', { query: pick(['', 'open', 'myapp', 'os.', '😀']) }],
    () => ['auditEvents/targetVersion', { uri }],
    () => ['auditEvents/catalog', { uri }],
  ];
  return pick(kinds)();
}

const MALFORMED = [
  () => write({ jsonrpc: '2.0', id: nextId++, method: 'textDocument/hover', params: { textDocument: {} } }),
  () => write({ jsonrpc: '2.0', id: nextId++, method: 'textDocument/completion', params: null }),
  () => notify('textDocument/didOpen', { textDocument: { uri: uriOf('broken.py'), version: 1 } }),
  () => notify('textDocument/didChange', { textDocument: { uri: uriOf('nowhere.py'), version: 3 }, contentChanges: [{ text: 1 }] }),
  () => write({ jsonrpc: '2.0', id: nextId++, method: 'no/such/method', params: {} }),
  () => {
    const body = Buffer.from('{"jsonrpc": "2.0", "id": ');
    server.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  },
];

const GARBAGE_SETTINGS = [
  () => ({ pythonVersion: 3.11, customEvents: 'x', severity: [1], exclude: {}, maxFileSize: -1, inlayHints: 'yes' }),
  () => ({ customEvents: { 'myapp.ev1': [1, 2], 'myapp.ev2': null, '': ['a'] }, severity: { arity: 'loud', 'no-such': 'error' } }),
  () => ({ pythonVersion: '2.7', exclude: ['*a*a*a*a*a*b', '[', '{', '**/**/**'] }),
  () => null,
  () => ({ severity: { arity: 'off', 'unknown-event': 'hint' }, inlayHints: { enable: false } }),
];

// ---- probes and comparisons -------------------------------------------------------------------

let probes = 0;
async function probe(phase) {
  probes++;
  const uri = uriOf(`probe-${probes}.py`);
  const text = 'import sys\nsys.audit("open", 1)\nsys.audit("op")\n';
  openDoc(uri, text);
  const diags = await diagnosticsOf(uri, 1, 5000);
  const codes = diags ? diags.map((d) => d.code).sort().join(',') : 'none';
  if (codes !== 'arity,unknown-event') fail(`probe after ${phase}: diagnostics ${codes}`);
  const hover = await request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 12 } });
  if (!JSON.stringify(hover.result ?? '').includes('open')) fail(`probe after ${phase}: hover ${JSON.stringify(hover.result).slice(0, 100)}`);
  const list = await request('textDocument/completion', { textDocument: { uri }, position: { line: 2, character: 13 } });
  if (!(list.result?.items ?? []).some((i) => i.label === 'open')) fail(`probe after ${phase}: no 'open' in completion`);
  closeDoc(uri);
  sampleRss();
}

async function diagnosticsOf(uri, version, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const hit = published.get(uri)?.findLast((p) => p.version === version);
    if (hit) return hit.diagnostics;
    await sleep(10);
  }
  return null;
}

/** Waits until no diagnostics have been published for `quietMs`. */
async function settle(quietMs = 500, timeoutMs = 10000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const last = Math.max(0, ...[...published.values()].map((l) => l.at(-1)?.at ?? 0));
    if (Date.now() - last >= quietMs && waiting.size === 0) return;
    await sleep(50);
  }
}

/** What must be equal between an edited document and a fresh copy: locations may name the other. */
function comparable(diags) {
  return diags
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.severity} ${d.code} ${d.message.replace(/\((line \d+|[^()]*:\d+)[^()]*\)/g, '(…)')}`)
    .sort()
    .join('\n');
}

let comparisons = 0;
async function compareWithFresh(uri, phase) {
  const doc = open.get(uri);
  if (!doc) return;
  const copy = uri.replace(/(\.\w+)$/, `-fresh${comparisons}$1`);
  openDoc(copy, doc.getText(), doc.languageId);
  await diagnosticsOf(copy, 1, 10000);
  await settle();
  const edited = published.get(uri)?.findLast((p) => p.version === doc.version);
  const fresh = published.get(copy)?.at(-1);
  comparisons++;
  if (!edited || !fresh) fail(`compare after ${phase}: no diagnostics for ${edited ? copy : `${uri} v${doc.version}`}`);
  else if (comparable(edited.diagnostics) !== comparable(fresh.diagnostics)) {
    fail(`compare after ${phase}: ${uri} v${doc.version} differs from a fresh open:\n--- edited\n${comparable(edited.diagnostics)}\n--- fresh\n${comparable(fresh.diagnostics)}`);
  }
  closeDoc(copy);
}

// ---- phases --------------------------------------------------------------------------------

async function randomSession(phase, uris) {
  const inFlight = [];
  for (let op = 0; op < OPS_PER_PHASE; op++) {
    const uri = pick(uris);
    if (!open.has(uri)) {
      openDoc(uri, pick(examples)[1]);
      continue;
    }
    const r = random();
    if (r < 0.35) editDoc(uri, Array.from({ length: 1 + int(3) }, () => randomEdit(open.get(uri))));
    else if (r < 0.8) {
      // One at a time, as an editor's user makes them: the latency is the server's, not a queue's.
      const [method, params] = randomRequest(uri);
      await request(method, params);
    } else if (r < 0.86) {
      const [method, params] = randomRequest(uri);
      inFlight.push(request(method, params, 'cancelled'));
    } else if (r < 0.89) pick(MALFORMED)();
    else if (r < 0.91) {
      settings = pick(GARBAGE_SETTINGS)();
      notify('workspace/didChangeConfiguration', { settings: { auditEvents: settings } });
    } else if (r < 0.94) {
      const text = open.get(uri).getText();
      closeDoc(uri);
      if (random() < 0.8) openDoc(uri, text);
    } else if (r < 0.97) {
      // A full-text change, with every kind of line break.
      const text = open.get(uri).getText().replace(/\n/g, () => pick(['\n', '\r\n', '\r']));
      editDoc(uri, [{ text }]);
    } else await sleep(int(30));
    if (op % 50 === 0) {
      await Promise.all(inFlight.splice(0));
      sampleRss();
    }
  }
  await Promise.all(inFlight);
  settings = {};
  notify('workspace/didChangeConfiguration', { settings: { auditEvents: settings } });
  await settle();
  for (const uri of uris) await compareWithFresh(uri, phase);
  await probe(phase);
  console.log(`${phase}: ${requests} requests so far, RSS ${rssMb().toFixed(0)} MB`);
}

/** The hostile documents of issue 17: items 1, 3, 4, 6 and 7. */
async function hostileDocuments() {
  // 1: a 30 MB document, above the size limit.
  const huge = uriOf('huge.py');
  openDoc(huge, 'import sys\nsys.audit("open", 1)\n'.repeat(1_100_000));
  await probe('a 30 MB document');
  editDoc(huge, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }]);
  closeDoc(huge);
  await probe('closing the 30 MB document');
  // 3: 8,000 raise sites of one custom event, and typing in that file.
  const sites = uriOf('sites.py');
  openDoc(sites, 'import sys\n' + Array.from({ length: 8000 }, (_, i) => `sys.audit("myapp.many", x${i % 10})`).join('\n') + '\nsys.audit("myapp.many", a, b)\n');
  for (let i = 0; i < 5; i++) {
    editDoc(sites, [{ range: { start: { line: 4000, character: 0 }, end: { line: 4000, character: 0 } }, text: '#' }]);
    await request('textDocument/hover', { textDocument: { uri: sites }, position: { line: 4000 + 0, character: 12 } });
  }
  await probe('8,000 raise sites of one event');
  await compareWithFresh(sites, '8,000 raise sites');
  closeDoc(sites);
  // 4: URIs that do not map to a path.
  const odd = [`${pathToFileURL(ws).href}/%FF.py`, `${pathToFileURL(ws).href}/a%2Fb.py`, 'file://host/share/x.py', 'untitled:Untitled-1'];
  for (const uri of odd) openDoc(uri, 'import sys\nsys.audit("open", 1)\n');
  await probe('documents whose URI is not a path');
  for (const uri of odd) {
    await request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 12 } });
    closeDoc(uri);
  }
  await probe('closing those documents');
  // 6: one file under two spellings of its URI.
  const encoded = `${pathToFileURL(ws).href}/a%40b%20%281%29.py`;
  openDoc(encoded, 'import sys\nsys.audit("myapp.twice", 1)\n');
  const twice = await diagnosticsOf(encoded, 1, 5000);
  if (twice?.some((d) => d.code === 'inconsistent-arity')) fail('a file is indexed twice under two URIs (issue 17 item 6)');
  editDoc(encoded, [{ range: { start: { line: 1, character: 25 }, end: { line: 1, character: 25 } }, text: ', 2' }]);
  const twice2 = await diagnosticsOf(encoded, 2, 5000);
  if (twice2?.some((d) => d.code === 'inconsistent-arity')) fail('an edited file disagrees with its own disk copy under another URI (issue 17 item 6)');
  closeDoc(encoded);
  // 7: lone CR line endings.
  const cr = uriOf('cr.py');
  openDoc(cr, 'import sys\rsys.audit("os.remov")\r');
  const crDiags = await diagnosticsOf(cr, 1, 5000);
  if (crDiags?.[0]?.range.start.line !== 1) fail(`a lone CR: the diagnostic is on line ${crDiags?.[0]?.range.start.line}, not 1`);
  closeDoc(cr);
  await probe('hostile documents');
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function main() {
  const started = Date.now();
  await request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(ws).href,
    workspaceFolders: [{ uri: pathToFileURL(ws).href, name: 'soak' }],
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { versionSupport: true, relatedInformation: true } },
    },
  });
  notify('initialized', {});
  // The first probe expects what needs the whole workspace (unknown-event): after the first index.
  for (const until = Date.now() + 60000; !indexed && Date.now() < until; ) await sleep(20);
  if (!indexed) fail('the first index did not end within 60 s');
  await settle(800);
  rss.start = rssMb();
  await probe('initialize');

  const docs = [uriOf('hooks.py'), uriOf('app.py'), uriOf('_speedups.c'), uriOf('pkg/m1.py'), uriOf('scratch.py')];
  for (const [i, uri] of docs.entries()) openDoc(uri, i < 3 ? examples[i][1] : pick(examples.slice(0, 2))[1]);
  for (let phase = 1; phase <= 3; phase++) await randomSession(`random phase ${phase}`, docs);
  await hostileDocuments();
  for (const uri of [...open.keys()]) closeDoc(uri);
  await settle();
  await probe('the end');
  rss.end = sampleRss();

  const code = await new Promise((resolveExit) => {
    shuttingDown = true;
    request('shutdown', null).then(() => notify('exit', null));
    const t = setTimeout(() => resolveExit('still running 5 s after exit'), 5000);
    server.on('exit', (c) => {
      clearTimeout(t);
      resolveExit(c);
    });
    if (exited) resolveExit(exited.code);
  });
  if (code !== 0) fail(`exit: ${code}`);
  if (/\n\s+at |uncaught|unhandled/.test(stderr)) fail(`stack traces on stderr:\n${stderr.slice(0, 2000)}`);

  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `soak (seed ${SEED}, ${OPS_PER_PHASE} operations a phase, ${((Date.now() - started) / 1000).toFixed(0)} s): ${requests} requests, ` +
      `latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted.at(-1).toFixed(0)} ms; ` +
      `${probes} probes, ${comparisons} incremental/fresh comparisons; RSS start ${rss.start.toFixed(0)} MB, peak ${rss.peak.toFixed(0)} MB, end ${rss.end.toFixed(0)} MB (bound ${RSS_MB} MB)`,
  );
  console.log(`slowest requests: ${slowest.map((r) => `${r.what} ${r.ms.toFixed(0)} ms`).join('; ')}`);
  // The latency bound assumes an idle machine: the load says whether this run had one.
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${availableParallelism()} cores`);
  if (failures.length) {
    console.error(`${failures.length} failures`);
    process.exit(1);
  }
  console.log('soak passed');
  process.exit(0);
}

// The workspace goes with the soak, whatever way it ends: /tmp is left as it was.
process.on('exit', () => rmSync(ws, { recursive: true, force: true }));
process.on('unhandledRejection', (e) => {
  fail(`soak script: ${e?.stack ?? e}`);
  process.exit(1);
});
const watchdog = setTimeout(() => {
  fail('the soak did not finish within 10 minutes');
  server.kill('SIGKILL');
  process.exit(1);
}, 10 * 60 * 1000);
watchdog.unref();
main();
