import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { codeActions } from '../../src/features/codeActions';
import { coverage } from '../../src/features/coverage';
import { computeDiagnostics } from '../../src/features/diagnostics';
import { catalog, codes, context, hook, positionOf } from '../helpers/engine';

const version = catalog.newest;
const processEvents = () => catalog.eventsOf('process-creation', version).map((e) => e.name);

/** Applies one document's LSP text edits to the text. */
function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

/** The text after applying the incomplete-coverage quick fix of the document's (only) finding. */
async function fixed(text: string): Promise<string> {
  const ctx = await context(text, { version });
  const diagnostics = computeDiagnostics(ctx).filter((d: Diagnostic) => d.code === 'incomplete-coverage');
  assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
  const actions: CodeAction[] = codeActions(ctx, diagnostics[0].range, diagnostics);
  const fix = actions.find((a) => a.diagnostics?.[0]?.code === 'incomplete-coverage');
  assert.ok(fix?.edit?.changes, `no fix among ${actions.map((a) => a.title).join(', ')}`);
  return applyEdits(text, fix.edit.changes[ctx.uri]);
}

describe('incomplete-coverage', () => {
  test('a sandbox that blocks os.system and subprocess.Popen: one finding naming the other process-creation events', async () => {
    const src = hook(['if event in ("os.system", "subprocess.Popen"):', '    raise PermissionError(event)'], { name: 'no_processes' });
    const found = await codes(src, 'incomplete-coverage', { version });
    assert.equal(found.length, 1);
    const [f] = found;
    assert.deepEqual(f.range.start, positionOf(src, '"os.system"'));
    assert.equal(f.severity, 'information');
    const others = processEvents().filter((e) => e !== 'os.system' && e !== 'subprocess.Popen');
    assert.ok(others.includes('os.posix_spawn') && others.includes('os.exec'));
    for (const e of others) assert.ok(f.message.includes(e), `${e} not named in: ${f.message}`);
    assert.match(f.message, /'no_processes' handles 2 of \d+ process-creation events/);
    assert.match(f.message, /os\.posix_spawn\(path, argv, env\)/, 'the missing events carry their arguments');
  });

  test('the quick fix adds the missing events to the same tuple, with their arguments in a comment; the finding is gone', async () => {
    const src = hook(['if event in ("os.system", "subprocess.Popen"):', '    raise PermissionError(event)']);
    const after = await fixed(src);
    assert.match(after, /if event in \("os\.system", "subprocess\.Popen", "[^\n]*"os\.posix_spawn"[^\n]*\):  # [^\n]*os\.posix_spawn\(path, argv, env\)/);
    assert.deepEqual(await codes(after, 'incomplete-coverage', { version }), []);
    assert.deepEqual(await codes(after, 'unknown-event', { version }), []);
  });

  test('the quick fix adds case alternatives to a match', async () => {
    const src = hook(['match event:', '    case "os.system" | "subprocess.Popen":', '        raise PermissionError(event)']);
    const after = await fixed(src);
    assert.match(after, /case "os\.system" \| "subprocess\.Popen" \| "[^\n]*"os\.exec"/);
    assert.deepEqual(await codes(after, 'incomplete-coverage', { version }), []);
  });

  test('the quick fix adds an elif after an == branch, with the same body when it does not read args', async () => {
    const src = hook(['if event == "os.system" or event == "subprocess.Popen":', '    raise PermissionError(event)', 'elif event == "open":', '    print(args[0])']);
    const after = await fixed(src);
    assert.match(after, /    raise PermissionError\(event\)\n    elif event in \("[^\n]*"os\.fork"[^\n]*\):  # [^\n]*\n        raise PermissionError\(event\)\n    elif event == "open":/);
    assert.deepEqual(await codes(after, 'incomplete-coverage', { version }), []);
  });

  test('one event and a prefix make a target; the prefix counts as handling what it matches', async () => {
    const src = hook(['if event == "os.system":', '    raise PermissionError(event)', 'elif event.startswith("os.exec"):', '    raise PermissionError(event)']);
    const [f] = await codes(src, 'incomplete-coverage', { version });
    assert.ok(f, 'no finding');
    assert.doesNotMatch(f.message, /os\.exec\(/, 'os.exec is handled by the prefix');
  });

  test('quiet: a logging hook that handles one event per capability; an ignore list; an allowlist jail; a full sandbox', async () => {
    const logging = hook(['if event == "open":', '    print(args[0])', 'elif event == "socket.connect":', '    print(args[1])', 'elif event == "os.system":', '    print(args[0])']);
    assert.deepEqual(await codes(logging, 'incomplete-coverage', { version }), []);
    const ignoring = hook(['if event in ("os.system", "subprocess.Popen", "os.exec"):', '    return', 'print(event)']);
    assert.deepEqual(await codes(ignoring, 'incomplete-coverage', { version }), []);
    const jail = 'import sys\nALLOWED = {"exec", "compile"}\ndef jail(event, args):\n    if event not in ALLOWED:\n        raise RuntimeError(event)\nsys.addaudithook(jail)\n';
    assert.deepEqual(await codes(jail, 'incomplete-coverage', { version }), []);
    const all = processEvents().map((e) => JSON.stringify(e)).join(', ');
    assert.deepEqual(await codes(hook([`if event in (${all}):`, '    raise PermissionError(event)']), 'incomplete-coverage', { version }), []);
  });

  test('coverage groups handled and missing events by capability; a single event is not a target', async () => {
    const ctx = await context(hook(['if event in ("os.remove", "os.rmdir"):', '    raise PermissionError(event)', 'elif event == "socket.connect":', '    print(args)']), { version });
    const [c] = coverage(ctx);
    const del = c.capabilities.find((x) => x.capability === 'file-delete-rename');
    assert.ok(del?.targeted);
    assert.deepEqual(del.handled, ['os.remove', 'os.rmdir']);
    assert.ok(del.missing.includes('os.rename'));
    assert.equal(del.total, catalog.eventsOf('file-delete-rename', version).length);
    const net = c.capabilities.find((x) => x.capability === 'network');
    assert.equal(net?.targeted, false);
  });
});
