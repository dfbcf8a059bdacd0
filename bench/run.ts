// `npm run bench`: speed and memory of the product on generated inputs of known size, against
// the budgets of the benchmark issues, beside a peer language server (Pyright) and beside
// `node -e 0`, `grep -rl audit` and a plain read of the same bytes, all in one run. Prints a
// table and writes bench/results.json.
// Figures are medians and p95s of many repetitions in one run on one machine; compare ratios
// within a run rather than absolute times across machines.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LspClient } from '../server/test/helpers/lsp';
import { figures, median, p95, record, table } from './figures';
import { generateLargeFile, generateTree } from './generate';
import { connect, OURS, pyright, rssMegabytes, stop, type Server } from './servers';

const root = resolve(__dirname, '..', '..');
/**
 * Outside the repository and outside each other: `check` indexes the whole project a path belongs
 * to (its pyproject.toml or .git), so a tree inside this repository would be measured together
 * with the repository and with the other tree.
 */
const work = mkdtempSync(join(tmpdir(), 'audit-events-bench-'));
const now = () => performance.now();

function timeCommand(cmd: string, args: string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: root });
    if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
    times.push(now() - t);
  }
  return times;
}

/** Every byte of every file under a folder, read by Node: the floor of any Node program's scan. */
const READ_TREE = `const fs=require('fs'),p=require('path');let n=0;(function w(d){for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())w(f);else n+=fs.readFileSync(f).length}})(process.argv[1]);`;

function positionOf(text: string, marker: string, offset: number) {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`generator changed: no ${marker}`);
  const before = text.slice(0, i + offset);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

const bytesOf = (result: unknown) => Buffer.byteLength(JSON.stringify(result) ?? 'null');
const itemsOf = (result: any): number => (Array.isArray(result) ? result.length : (result?.items?.length ?? 0));

async function startTime(server: Server, rootPath?: string): Promise<number> {
  const t = now();
  const c = connect(server, rootPath);
  await c.initialize();
  const elapsed = now() - t;
  await stop(c);
  return elapsed;
}

/** Opens the file in a server that has just started: its first answer, its first diagnostics. */
async function openFresh(client: LspClient, uri: string, text: string, hoverAt: { line: number; character: number }) {
  const t = now();
  client.open(uri, text);
  await client.request('textDocument/hover', { textDocument: { uri }, position: hoverAt }, 180000);
  const firstAnswer = now() - t;
  await client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri, 180000);
  return { firstAnswer, firstDiagnostics: now() - t };
}

interface Probe {
  name: string;
  method: string;
  position: { line: number; character: number };
}

/** Each request `reps` times, interleaved: latencies, and the bytes and items of the last answer. */
async function latencies(client: LspClient, uri: string, probes: Probe[], reps: number) {
  const out = new Map<string, { times: number[]; bytes: number; items: number; answered: boolean }>();
  for (const p of probes) out.set(p.name, { times: [], bytes: 0, items: 0, answered: false });
  for (let i = 0; i < reps; i++) {
    for (const p of probes) {
      const t = now();
      const r = await client.request(p.method, { textDocument: { uri }, position: p.position });
      const o = out.get(p.name)!;
      o.times.push(now() - t);
      Object.assign(o, { bytes: bytesOf(r), items: itemsOf(r), answered: r !== null });
    }
  }
  return out;
}

/** completionItem/resolve of one item of a list, as the editor sends it (defaults filled in). */
async function resolveTimes(client: LspClient, uri: string, position: { line: number; character: number }, pick: (items: any[]) => any, reps: number) {
  const list = await client.request('textDocument/completion', { textDocument: { uri }, position });
  const chosen = list && pick(list.items ?? list);
  if (!chosen) throw new Error('no completion item to resolve');
  const item = { ...chosen, data: chosen.data ?? list.itemDefaults?.data };
  const times: number[] = [];
  let resolved: any;
  for (let i = 0; i < reps; i++) {
    const t = now();
    resolved = await client.request('completionItem/resolve', item);
    times.push(now() - t);
  }
  return { times, label: item.label as string, documented: !!resolved?.documentation };
}

async function main(): Promise<void> {
  const started = now();
  mkdirSync(join(work, 'large'), { recursive: true });
  console.log('generating inputs...');
  const big = generateLargeFile(10000, 300, 50);
  const largeDir = join(work, 'large');
  const bigPath = join(largeDir, 'big.py');
  writeFileSync(bigPath, big);
  const tree2 = generateTree(join(work, 'tree-2pct'), 2000, 20000, 0.02);
  const treeAll = generateTree(join(work, 'tree-all'), 2000, 20000, 1);
  console.log(`  ${big.split('\n').length - 1} lines, ${(big.match(/sys\.audit\(/g) ?? []).length} raise sites, ${(big.match(/sys\.addaudithook\(/g) ?? []).length} hooks; trees of ${tree2.files} files, ${(tree2.bytes / 1e6).toFixed(1)} MB and ${(treeAll.bytes / 1e6).toFixed(1)} MB`);
  const peer = pyright(root);
  const uri = pathToFileURL(bigPath).href;
  const completionAt = positionOf(big, 'sys.audit("myapp.login"', 'sys.audit("myapp.lo'.length);
  const hoverAt = positionOf(big, 'sys.audit("os.remove"', 'sys.audit("os.re'.length);
  const signatureAt = positionOf(big, 'sys.audit("open", ', 'sys.audit("open", '.length);
  const probes: Probe[] = [
    { name: 'completion', method: 'textDocument/completion', position: completionAt },
    { name: 'hover', method: 'textDocument/hover', position: hoverAt },
    { name: 'signature help', method: 'textDocument/signatureHelp', position: signatureAt },
  ];
  // Inside an event string the peer has nothing to say; these are where it gives a real answer.
  const membersAt = positionOf(big, 'sys.audit("myapp.login"', 'sys.au'.length);
  const peerProbes: Probe[] = [
    ...probes,
    { name: 'hover on the name audit', method: 'textDocument/hover', position: positionOf(big, 'sys.audit("os.remove"', 'sys.au'.length) },
    { name: 'completion after sys.au', method: 'textDocument/completion', position: membersAt },
  ];

  // ---- server start -------------------------------------------------------------------------
  console.log(`server start (spawn to initialize result), beside node -e 0 and ${peer.name}`);
  const starts: number[] = [];
  const nodeStarts: number[] = [];
  const peerStarts: number[] = [];
  for (let i = 0; i < 15; i++) {
    // Interleaved, so that a busy moment of the machine weighs on both sides of the ratio.
    nodeStarts.push(...timeCommand(process.execPath, ['-e', '0'], 1));
    starts.push(await startTime(OURS));
    if (i % 3 === 0) peerStarts.push(await startTime(peer, largeDir));
  }
  record('server start: spawn to initialize result (median)', median(starts), 'ms', 150, { name: peer.name, value: median(peerStarts) });
  record('node -e 0: spawn to exit (median)', median(nodeStarts), 'ms', null);
  record('server start / node -e 0', median(starts) / median(nodeStarts), 'x', 2);

  // ---- requests on the 10,000-line file -----------------------------------------------------
  console.log('requests on the 10,000-line file');
  const client = connect(OURS);
  await client.initialize();
  const ours = await openFresh(client, uri, big, hoverAt);
  const opens: number[] = [];
  for (let i = 0; i < 9; i++) {
    await new Promise((r) => setTimeout(r, 250)); // a user does not open a file every few ms
    const u = `${uri}?open=${i}`;
    const t = now();
    client.open(u, big);
    await client.diagnostics(u, 1);
    opens.push(now() - t);
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
  }
  const ourLatencies = await latencies(client, uri, probes, 200);
  for (const [name, o] of ourLatencies) if (!o.answered) throw new Error(`${name} returned nothing`);
  const ourResolve = await resolveTimes(client, uri, completionAt, (items) => items.find((i) => i.label === 'open'), 100);
  if (!ourResolve.documented) throw new Error('completionItem/resolve brought no documentation');

  const edits: number[] = [];
  const editAt = positionOf(big, '# naïve café', 2);
  let version = 1;
  for (let i = 0; i < 120; i++) {
    version++;
    const insert = i % 2 === 0;
    const t = now();
    client.change(uri, version, [
      insert ? { range: { start: editAt, end: editAt }, text: 'x' } : { range: { start: editAt, end: { line: editAt.line, character: editAt.character + 1 } }, text: '' },
    ]);
    await client.diagnostics(uri, version);
    edits.push(now() - t);
  }
  await stop(client);

  console.log(`the same file and positions in ${peer.name}`);
  const peerClient = connect(peer, largeDir);
  await peerClient.initialize();
  const theirs = await openFresh(peerClient, uri, big, hoverAt);
  const peerLatencies = await latencies(peerClient, uri, peerProbes, 200);
  const peerResolve = await resolveTimes(peerClient, uri, membersAt, (items) => items[0], 100);
  const peerRss = rssMegabytes(peerClient);
  await stop(peerClient);

  const them = (value: number) => ({ name: peer.name, value });
  const ourOf = (name: string) => ourLatencies.get(name)!;
  const peerOf = (name: string) => peerLatencies.get(name)!;
  record('first answer after opening the file (hover, fresh server)', ours.firstAnswer, 'ms', null, them(theirs.firstAnswer));
  record('diagnostics after opening the file, first open after start', ours.firstDiagnostics, 'ms', null, them(theirs.firstDiagnostics));
  record('diagnostics after opening the file (median of 9)', median(opens), 'ms', 150);
  record('completion latency over stdio (p95)', p95(ourOf('completion').times), 'ms', 5, them(p95(peerOf('completion').times)));
  record('completion latency over stdio (median)', median(ourOf('completion').times), 'ms', null, them(median(peerOf('completion').times)));
  record(`completion p95 / ${peer.name} hover p95 on the name audit`, p95(ourOf('completion').times) / p95(peerOf('hover on the name audit').times), 'x', 1.5);
  record('completion response (VS Code client capabilities)', ourOf('completion').bytes / 1024, 'KB', 40, them(peerOf('completion').bytes / 1024));
  record('completion items', ourOf('completion').items, 'items', null, them(peerOf('completion').items));
  record(`completionItem/resolve latency (p95; ${peer.name}: ${peerResolve.label} after sys.au)`, p95(ourResolve.times), 'ms', 10, them(p95(peerResolve.times)));
  record('hover latency over stdio (p95)', p95(ourOf('hover').times), 'ms', 10, them(p95(peerOf('hover').times)));
  record('hover latency over stdio (median)', median(ourOf('hover').times), 'ms', null, them(median(peerOf('hover').times)));
  record('signature help latency over stdio (p95)', p95(ourOf('signature help').times), 'ms', 10, them(p95(peerOf('signature help').times)));
  record('signature help latency over stdio (median)', median(ourOf('signature help').times), 'ms', null, them(median(peerOf('signature help').times)));
  const peerHover = peerOf('hover on the name audit');
  const peerMembers = peerOf('completion after sys.au');
  record(`${peer.name} alone: hover on the name audit (p95)`, p95(peerHover.times), 'ms', null);
  record(`${peer.name} alone: hover on the name audit (median)`, median(peerHover.times), 'ms', null);
  record(`${peer.name} alone: completion after sys.au (p95)`, p95(peerMembers.times), 'ms', null);
  record(`${peer.name} alone: completion after sys.au (median)`, median(peerMembers.times), 'ms', null);
  record(`${peer.name} alone: completion after sys.au, response (${peerMembers.items} items)`, peerMembers.bytes / 1024, 'KB', null);
  record('diagnostics after a one-character edit (p95)', p95(edits), 'ms', 30);
  record('diagnostics after a one-character edit (median)', median(edits), 'ms', null);

  // ---- a target range against one version ---------------------------------------------------
  // Issue 11: every check runs over every version of the range; the whole range should cost
  // less than twice one version. Interleaved, so a busy moment weighs on both.
  console.log('diagnostics after opening the file: pythonVersion "3.8-3.15" against "3.11"');
  const single = connect({ ...OURS, settings: { pythonVersion: '3.11' } });
  const ranged = connect({ ...OURS, settings: { pythonVersion: '3.8-3.15' } });
  await single.initialize();
  await ranged.initialize();
  const singleOpens: number[] = [];
  const rangeOpens: number[] = [];
  for (let i = 0; i < 10; i++) {
    for (const [c, out] of [[single, singleOpens], [ranged, rangeOpens]] as const) {
      const u = `${uri}?range=${i}`;
      const t = now();
      c.open(u, big);
      await c.diagnostics(u, 1);
      // The first open of each server warms it: not counted.
      if (i > 0) out.push(now() - t);
      c.notify('textDocument/didClose', { textDocument: { uri: u } });
    }
  }
  await stop(single);
  await stop(ranged);
  record('diagnostics after opening the file, pythonVersion "3.11" (median of 9)', median(singleOpens), 'ms', null);
  record('diagnostics after opening the file, pythonVersion "3.8-3.15" (median of 9)', median(rangeOpens), 'ms', null);
  record('range 3.8-3.15 / single version 3.11, diagnostics after opening', median(rangeOpens) / median(singleOpens), 'x', 2);

  // ---- CLI against grep and a plain read ----------------------------------------------------
  console.log('CLI check against grep -rl audit and a plain read of the same bytes');
  const cli = join(root, 'server', 'out', 'cli.js');
  const dir2 = join(work, 'tree-2pct');
  const dirAll = join(work, 'tree-all');
  timeCommand('grep', ['-rl', 'audit', dir2], 1); // warm the page cache
  timeCommand('grep', ['-rl', 'audit', dirAll], 1);
  const grep2 = median(timeCommand('grep', ['-rl', 'audit', dir2], 7));
  const read2 = median(timeCommand(process.execPath, ['-e', READ_TREE, dir2], 7));
  const cli2 = median(timeCommand(process.execPath, [cli, 'check', dir2, '--format', 'json'], 5));
  record('CLI check, 2,000 files / 40 MB, 2% with audit APIs (median)', cli2, 'ms', null);
  record('grep -rl audit, same tree (median)', grep2, 'ms', null);
  record('node reading every byte of the same tree (median)', read2, 'ms', null);
  record('CLI / grep wall-time ratio, 2% tree', cli2 / grep2, 'x', 5);
  record('CLI / plain read wall-time ratio, 2% tree', cli2 / read2, 'x', null);
  const grepAll = median(timeCommand('grep', ['-rl', 'audit', dirAll], 5));
  const readAll = median(timeCommand(process.execPath, ['-e', READ_TREE, dirAll], 5));
  // Beside the same run on the main thread alone (what the worker threads buy), run in turns so
  // that a change in the machine's load weighs on both alike.
  const allRuns: number[] = [];
  const oneRuns: number[] = [];
  for (let i = 0; i < 3; i++) {
    allRuns.push(...timeCommand(process.execPath, [cli, 'check', dirAll, '--format', 'json'], 1));
    oneRuns.push(...timeCommand(process.execPath, [cli, 'check', dirAll, '--format', 'json', '--jobs', '1'], 1));
  }
  const cliAll = median(allRuns);
  const cliAllOne = median(oneRuns);
  record(`CLI check, 2,000 files / 40 MB, every file with audit APIs, ${availableParallelism()} workers (median)`, cliAll, 'ms', 2500);
  record('CLI check, same tree, one thread (--jobs 1) (median)', cliAllOne, 'ms', null);
  record('CLI all-audit tree, workers / one thread wall-time ratio', cliAll / cliAllOne, 'x', 0.6);
  record('CLI / grep wall-time ratio, all-audit tree', cliAll / grepAll, 'x', null);
  record('CLI / plain read wall-time ratio, all-audit tree', cliAll / readAll, 'x', null);

  // ---- server memory ------------------------------------------------------------------------
  console.log('server memory after opening the large file and indexing the 2% tree');
  // A client that announces no item defaults (as the tests' client): the list carries every edit.
  const mem = connect(OURS, dir2, false);
  await mem.initialize();
  mem.open(uri, big);
  await mem.diagnostics(uri, 1);
  await mem.waitFor('$/progress', (p) => p.value?.kind === 'end', 120000);
  const plainList = await mem.request('textDocument/completion', { textDocument: { uri }, position: completionAt });
  await new Promise((r) => setTimeout(r, 500));
  const rss = rssMegabytes(mem);
  await stop(mem);
  record('completion response, client without item defaults', bytesOf(plainList) / 1024, 'KB', null);
  record('server RSS after the 10,000-line file and the 2,000-file index', rss, 'MB', 120, them(peerRss));
  record(`server RSS / ${peer.name} RSS after the same file`, rss / peerRss, 'x', 0.6);

  // ---- package ------------------------------------------------------------------------------
  console.log('package');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const vsix = join(root, 'audit-events.vsix');
  record('.vsix size', statSync(vsix).size / 1024 / 1024, 'MB', 3);
  record('bench wall time', (now() - started) / 1000, 's', 240);

  writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(figures, null, 2) + '\n');
  console.log(`\n${table(figures, peer.name)}`);
  console.log(`\nbench/results.json written (node ${process.version}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)})`);
  if (figures.some((f) => f.met === false)) process.exitCode = 1;
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 2;
  })
  .finally(() => rmSync(work, { recursive: true, force: true }));
