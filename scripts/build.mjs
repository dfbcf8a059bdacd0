#!/usr/bin/env node
// Bundles the language server, the CLI and the VS Code client with esbuild, and copies the
// tree-sitter .wasm files beside every bundle that parses.
//   --tests       also bundle the tests (server/test, client/test) into out/test/
//   --production  minify, no source maps (what the .vsix ships)
//   --bench       also bundle the benchmark (bench/run.ts) into out/bench/
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { join, resolve, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
// `prepare` runs this before `npm pack` and `npm publish` too: what goes to the registry is the
// minified build the .vsix ships, not the development one.
const production = args.has('--production') || ['pack', 'publish'].includes(process.env.npm_command ?? '');
const withTests = args.has('--tests');
const withBench = args.has('--bench');

const wasm = [
  'node_modules/web-tree-sitter/web-tree-sitter.cjs',
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'node_modules/tree-sitter-python/tree-sitter-python.wasm',
  'node_modules/tree-sitter-c/tree-sitter-c.wasm',
].map((f) => join(root, f));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

// What a bundle reads at run time: the grammars and the generated catalog.
function copyRuntimeFiles(dir) {
  mkdirSync(dir, { recursive: true });
  for (const f of [...wasm, join(root, 'server/src/catalog/catalog.json')]) copyFileSync(f, join(dir, f.split('/').pop()));
}

function findTests(dir, suffix) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p, suffix));
    else if (name.endsWith(suffix)) out.push(p);
  }
  return out;
}

/**
 * package.json's severity schema comes from the rule registry (features/diagnostics/rules.ts):
 * a new rule needs no edit here. Written only when it differs; server/test/layers.test.ts checks it.
 */
async function syncSeveritySchema() {
  const out = await build({ ...common, sourcemap: false, minify: false, write: false, entryPoints: [join(root, 'server/src/features/diagnostics/rules.ts')] });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', out.outputFiles[0].text)(mod, mod.exports, (await import('node:module')).createRequire(import.meta.url));
  const properties = Object.fromEntries(
    mod.exports.RULES.map((r) => [
      r.code,
      { type: 'string', enum: ['error', 'warning', 'information', 'hint', 'off'], description: `Default: ${r.severity}${r.severityNote ? ` (${r.severityNote})` : ''}` },
    ]),
  );
  const path = join(root, 'package.json');
  const text = readFileSync(path, 'utf8');
  const pkg = JSON.parse(text);
  pkg.contributes.configuration.properties['auditEvents.severity'].properties = properties;
  const next = JSON.stringify(pkg, null, 2) + '\n';
  if (next !== text) {
    writeFileSync(path, next);
    console.log('package.json: severity schema updated from the rule registry');
  }
}

const started = Date.now();
await syncSeveritySchema();
rmSync(join(root, 'server', 'out'), { recursive: true, force: true });
rmSync(join(root, 'client', 'out'), { recursive: true, force: true });

await Promise.all([
  build({
    ...common,
    // The CLI's analysis workers (engine/analysisPool.ts) run analysisWorker.js, found beside cli.js.
    entryPoints: { server: join(root, 'server/src/server.ts'), cli: join(root, 'server/src/cli.ts'), analysisWorker: join(root, 'server/src/engine/analysisWorker.ts') },
    outdir: join(root, 'server/out'),
  }),
  build({
    ...common,
    entryPoints: { extension: join(root, 'client/src/extension.ts') },
    outdir: join(root, 'client/out'),
    external: ['vscode'],
  }),
]);
copyRuntimeFiles(join(root, 'server/out'));

if (withTests) {
  rmSync(join(root, 'out', 'test'), { recursive: true, force: true });
  const serverTests = findTests(join(root, 'server/test'), '.test.ts');
  await build({
    ...common,
    entryPoints: serverTests,
    outdir: join(root, 'out/test/server'),
    outbase: join(root, 'server/test'),
  });
  copyRuntimeFiles(join(root, 'out/test/server'));
  // The VS Code suite runs inside an extension host: `vscode` and mocha come from there.
  const clientTests = [...findTests(join(root, 'client/test'), '.ts')];
  if (clientTests.length) {
    await build({
      ...common,
      entryPoints: clientTests,
      outdir: join(root, 'out/test/vscode'),
      outbase: join(root, 'client/test'),
      external: ['vscode', 'mocha', '@vscode/test-electron'],
    });
  }
  console.log(`built ${serverTests.length + clientTests.length} test bundles`);
}
if (withBench) {
  await build({ ...common, entryPoints: [join(root, 'bench/run.ts')], outdir: join(root, 'out/bench') });
}
console.log(`build done in ${Date.now() - started} ms${production ? ' (production)' : ''}: ${relative(root, join(root, 'server/out'))}, ${relative(root, join(root, 'client/out'))}`);
