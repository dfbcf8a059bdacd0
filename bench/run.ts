// `npm run bench`: speed and memory of the product on generated inputs of known size, against
// the budgets of the benchmark issue. Prints a table and writes bench/results.json.
// Figures are medians and p95s of many repetitions in one run on one machine; compare ratios
// within a run rather than absolute times across machines.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../server/test/helpers/lsp';
import { generateLargeFile, generateTree } from './generate';

const root = resolve(__dirname, '..', '..');
const work = join(root, 'bench', '.work');

interface Figure {
  name: string;
  value: number;
  unit: string;
  budget: string | null;
  met: boolean | null;
}
const figures: Figure[] = [];

function record(name: string, value: number, unit: string, budget: number | null, comparison: '<' | null = '<'): void {
  const rounded = Math.round(value * 100) / 100;
  figures.push({
    name,
    value: rounded,
    unit,
    budget: budget === null ? null : `${comparison} ${budget} ${unit}`,
    met: budget === null ? null : value < budget,
  });
  const status = budget === null ? '' : value < budget ? '  met' : '  MISSED';
  console.log(`  ${name}: ${rounded} ${unit}${budget === null ? '' : ` (budget < ${budget})`}${status}`);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
};
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

function positionOf(text: string, marker: string, offset: number) {
  const i = text.indexOf(marker);
  const before = text.slice(0, i + offset);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

async function main(): Promise<void> {
  const started = now();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(work, 'large'), { recursive: true });
  console.log('generating inputs...');
  const big = generateLargeFile(10000, 300, 50);
  const bigPath = join(work, 'large', 'big.py');
  writeFileSync(bigPath, big);
  const tree2 = generateTree(join(work, 'tree-2pct'), 2000, 20000, 0.02);
  const treeAll = generateTree(join(work, 'tree-all'), 2000, 20000, 1);
  console.log(`  ${big.split('\n').length - 1} lines, ${(big.match(/sys\.audit\(/g) ?? []).length} raise sites, ${(big.match(/sys\.addaudithook\(/g) ?? []).length} hooks; trees of ${tree2.files} files, ${(tree2.bytes / 1e6).toFixed(1)} MB and ${(treeAll.bytes / 1e6).toFixed(1)} MB`);

  // ---- server start -------------------------------------------------------------------------
  console.log('server start (spawn to initialize result)');
  const starts: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = now();
    const c = new LspClient({ settings: {} });
    await c.initialize();
    starts.push(now() - t);
    await c.shutdown();
  }
  record('server start: spawn to initialize result (median)', median(starts), 'ms', 150);

  // ---- requests on the 10,000-line file -----------------------------------------------------
  console.log('requests on the 10,000-line file');
  const client = new LspClient({ settings: { pythonVersion: '3.13' } });
  await client.initialize();
  const uri = pathToFileURL(bigPath).href;
  const opens: number[] = [];
  for (let i = 0; i < 9; i++) {
    const u = `${uri}?open=${i}`;
    const t = now();
    client.open(u, big);
    await client.diagnostics(u, 1);
    opens.push(now() - t);
    client.notify('textDocument/didClose', { textDocument: { uri: u } });
    await new Promise((r) => setTimeout(r, 250)); // a user does not open a file every few ms
  }
  // The first open comes right after start, while WebAssembly still runs in its baseline tier.
  record('diagnostics after opening the file, first open after start', opens[0], 'ms', null);
  record('diagnostics after opening the file (median of 9)', median(opens), 'ms', 150);

  client.open(uri, big);
  await client.diagnostics(uri, 1);
  const completionAt = positionOf(big, 'sys.audit("myapp.login"', 'sys.audit("myapp.lo'.length);
  const hoverAt = positionOf(big, 'sys.audit("os.remove"', 'sys.audit("os.re'.length);
  const sigMarker = big.indexOf('sys.audit("open", ');
  const signatureAt = positionOf(big, 'sys.audit("open", ', 'sys.audit("open", '.length);
  if (sigMarker < 0) throw new Error('generator changed: no sys.audit("open", ...)');
  const latencies: Record<string, number[]> = { completion: [], hover: [], 'signature help': [] };
  for (let i = 0; i < 200; i++) {
    for (const [name, method, position] of [
      ['completion', 'textDocument/completion', completionAt],
      ['hover', 'textDocument/hover', hoverAt],
      ['signature help', 'textDocument/signatureHelp', signatureAt],
    ] as const) {
      const t = now();
      const r = await client.request(method, { textDocument: { uri }, position });
      latencies[name].push(now() - t);
      if (!r) throw new Error(`${name} returned nothing`);
    }
  }
  for (const [name, xs] of Object.entries(latencies)) {
    record(`${name} latency over stdio (p95)`, p95(xs), 'ms', 10);
    record(`${name} latency over stdio (median)`, median(xs), 'ms', null);
  }

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
  record('diagnostics after a one-character edit (p95)', p95(edits), 'ms', 40);
  record('diagnostics after a one-character edit (median)', median(edits), 'ms', null);
  await client.shutdown();

  // ---- CLI against grep ---------------------------------------------------------------------
  console.log('CLI check against grep -rl audit');
  const cli = join(root, 'server', 'out', 'cli.js');
  const dir2 = join(work, 'tree-2pct');
  const dirAll = join(work, 'tree-all');
  timeCommand('grep', ['-rl', 'audit', dir2], 1); // warm the page cache
  const grep2 = median(timeCommand('grep', ['-rl', 'audit', dir2], 7));
  const cli2 = median(timeCommand(process.execPath, [cli, 'check', dir2, '--format', 'json'], 5));
  record('CLI check, 2,000 files / 40 MB, 2% with audit APIs (median)', cli2, 'ms', null);
  record('grep -rl audit, same tree (median)', grep2, 'ms', null);
  record('CLI / grep wall-time ratio, 2% tree', cli2 / grep2, 'x', 10);
  const grepAll = median(timeCommand('grep', ['-rl', 'audit', dirAll], 5));
  const cliAll = median(timeCommand(process.execPath, [cli, 'check', dirAll, '--format', 'json'], 3));
  record('CLI check, 2,000 files / 40 MB, every file with audit APIs (median)', cliAll, 'ms', null);
  record('CLI / grep wall-time ratio, all-audit tree', cliAll / grepAll, 'x', null);

  // ---- server memory ------------------------------------------------------------------------
  console.log('server memory after opening the large file and indexing the 2% tree');
  const mem = new LspClient({ rootPath: dir2, settings: {} });
  await mem.initialize();
  const bigInTree = pathToFileURL(bigPath).href;
  mem.open(bigInTree, big);
  await mem.diagnostics(bigInTree, 1);
  await mem.waitFor('$/progress', (p) => p.value?.kind === 'end', 120000);
  await new Promise((r) => setTimeout(r, 500));
  const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${mem.proc.pid}/status`, 'utf8'))![1]) / 1024;
  record('server RSS after the 10,000-line file and the 2,000-file index', rss, 'MB', 150);
  await mem.shutdown();

  // ---- package ------------------------------------------------------------------------------
  console.log('package');
  execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const vsix = join(root, 'audit-events.vsix');
  record('.vsix size', statSync(vsix).size / 1024 / 1024, 'MB', 3);

  const results = { figures, machine: { node: process.version, platform: process.platform, cpus: require('node:os').cpus().length } };
  writeFileSync(join(root, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log('\n' + table(figures));
  console.log(`\nbench/results.json written; ${((now() - started) / 1000).toFixed(0)} s in all`);
  if (existsSync(work)) rmSync(work, { recursive: true, force: true });
  if (figures.some((f) => f.met === false)) process.exitCode = 1;
}

function table(rows: Figure[]): string {
  const head = ['figure', 'value', 'budget', 'met'];
  const body = rows.map((f) => [f.name, `${f.value} ${f.unit}`, f.budget ?? '-', f.met === null ? '-' : f.met ? 'yes' : 'NO']);
  const widths = head.map((_, i) => Math.max(head[i].length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
