// Event sets bound anywhere (issue 12 §3 and the rest of §4): locals of the hook, class
// attributes and attributes set in __init__, set()/frozenset()/tuple()/list() calls, split
// strings, dicts of argument names bound in the hook, tuples of prefixes and the loop variable
// over them, and the module part of the name (`event.split(".")[0]`). Each shape: a finding
// where the code is wrong, none where it is right, none where the set cannot be followed.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completion } from '../src/features/completion';
import { hover } from '../src/features/hover';
import { analyze, codes, context, positionOf } from './helpers/engine';

/** A module with one registered hook whose body is `body`; `top` goes before the def. */
function module(body: string[], top: string[] = []): string {
  return ['import sys', ...top, '', 'def hook(event, args):', ...body.map((l) => `    ${l}`), '', 'sys.addaudithook(hook)', ''].join('\n');
}

const unknown = (src: string) => codes(src, 'unknown-event');

describe('locals of the hook', () => {
  test('a set bound in the hook: its names are checked, and it narrows', async () => {
    const src = module(['allowed = {"open", "os.remvoe"}', 'if event in allowed:', '    path, mode = args']);
    const [typo] = await unknown(src);
    assert.match(typo.message, /'os\.remvoe'.*Did you mean 'os\.remove'\?/);
    assert.deepEqual(typo.range.start, positionOf(src, '"os.remvoe"'));
    const [unpack] = await codes(src, 'unpack-arity');
    assert.match(unpack.message, /'open' takes 3 arguments/);
  });

  test('right names and a right unpack are quiet', async () => {
    const src = module(['allowed = frozenset(["open", "os.remove"])', 'if event not in allowed:', '    return', 'x = args[1]']);
    assert.deepEqual((await analyze(src)).hooks[0].blocks.map((b) => b.events.map((e) => e.value)), [['open', 'os.remove']]);
    assert.deepEqual(await unknown(src), []);
    assert.deepEqual(await codes(src, 'index-range'), []);
  });

  test('set(...), tuple(...) and list(...) of literals, and the union of two bound sets', async () => {
    const src = module(['a = set(["exec", "compil"])', 'b = list(("import", "opne"))', 'both = a | set(b)', 'if event in both:', '    pass']);
    assert.deepEqual((await unknown(src)).map((f) => f.message.match(/'([^']+)'/)![1]), ['compil', 'opne']);
  });

  test('a local that is changed or bound twice is not trusted: quiet, and no narrowing', async () => {
    for (const body of [
      ['allowed = {"open", "os.remvoe"}', 'allowed.add(args[0])', 'if event in allowed:', '    path, mode = args'],
      ['allowed = {"open", "os.remvoe"}', 'if args:', '    allowed = {"exec"}', 'if event in allowed:', '    path, mode = args'],
      ['allowed = ["open", "os.remvoe"]', 'allowed[0] = "exec"', 'if event in allowed:', '    path, mode = args'],
      ['allowed = {"open", "os.remvoe"}', 'allowed |= {"exec"}', 'if event in allowed:', '    path, mode = args'],
      ['allowed = {"open", "os.remvoe"}', 'for allowed in ([], []): pass', 'if event in allowed:', '    path, mode = args'],
    ]) {
      const src = module(body);
      assert.deepEqual(await unknown(src), [], body.join('; '));
      assert.deepEqual(await codes(src, 'unpack-arity'), [], body.join('; '));
    }
  });

  test('a local shadows a module-level set of the same name', async () => {
    const src = module(['WATCH = ("exec",)', 'if event in WATCH:', '    (code,) = args'], ['WATCH = ("opne",)']);
    assert.deepEqual(await unknown(src), []);
    assert.deepEqual(await codes(src, 'unpack-arity'), []);
  });

  test('a set bound in a function around the hook (a closure)', async () => {
    const src = [
      'import sys',
      'def install():',
      '    blocked = {"os.sytem", "subprocess.Popen"}',
      '    def hook(event, args):',
      '        if event in blocked:',
      '            raise PermissionError(event)',
      '    sys.addaudithook(hook)',
      '',
    ].join('\n');
    const [f] = await unknown(src);
    assert.match(f.message, /'os\.sytem'.*Did you mean 'os\.system'\?/);
  });

  test('a dict of argument names bound in the hook is checked against the arity', async () => {
    const src = module(['names = {"open": ("path", "mode"), "os.rename": ("src", "dst", "src_dir_fd", "dst_dir_fd")}', 'labels = names.get(event)']);
    const found = await codes(src, 'arity');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /'open' takes 3 arguments \(path, mode, flags\); this table names 2 \(path, mode\)/);
    assert.deepEqual(found[0].range.start, positionOf(src, '"open"'));
  });

  test('string sets that are never compared with the event get nothing', async () => {
    const src = module(['colours = {"rde", "gren"}', 'words = "os.sytem;opne".split(";")', 'if args[0] in colours or args[0] in words:', '    pass']);
    assert.deepEqual((await analyze(src)).mentions, []);
  });
});

describe('class attributes and attributes set in __init__', () => {
  const sandbox = (members: string[], call = ['    def __call__(self, event, args):', '        if event in self.PROCESS or event in self.files:', '            raise PermissionError(event)']) =>
    ['import sys', 'class Sandbox:', '    PROCESS = frozenset({"os.system", "os.spwn"})', '    def __init__(self):', '        self.files = {"open", "os.remov"}', ...members, ...call, 'sys.addaudithook(Sandbox())', ''].join('\n');

  test('the names of both are checked', async () => {
    const found = await unknown(sandbox([]));
    assert.deepEqual(
      found.map((f) => f.message.match(/Did you mean '([^']+)'/)?.[1]),
      ['os.spawn', 'os.remove'],
    );
  });

  test('an attribute changed or bound again anywhere in the file is not trusted', async () => {
    const changed = await unknown(sandbox(['    def allow(self, name):', '        self.files.add(name)']));
    assert.deepEqual(changed.map((f) => f.message.match(/'([^']+)'/)![1]), ['os.spwn']);
    const rebound = await unknown(sandbox(['    def reset(self):', '        self.PROCESS = frozenset()']));
    assert.deepEqual(rebound.map((f) => f.message.match(/'([^']+)'/)![1]), ['os.remov']);
    const outside = await unknown(sandbox([]).replace('sys.addaudithook(Sandbox())', 's = Sandbox()\ns.files = set()\nsys.addaudithook(s)'));
    assert.deepEqual(outside.map((f) => f.message.match(/'([^']+)'/)![1]), ['os.spwn']);
  });

  test('an attribute set in another method than __init__, or on another object, is not followed', async () => {
    const src = [
      'import sys',
      'class Guard:',
      '    def start(self):',
      '        self.blocked = {"os.sytem"}',
      '    def __call__(self, event, args):',
      '        if event in self.blocked:',
      '            raise PermissionError(event)',
      'sys.addaudithook(Guard())',
      '',
    ].join('\n');
    assert.deepEqual(await unknown(src), []);
  });

  test('a subclass that binds the attribute again makes self.X unknown', async () => {
    const src = sandbox([]) + 'class Strict(Sandbox):\n    PROCESS = frozenset({"os.exec"})\n';
    assert.deepEqual((await unknown(src)).map((f) => f.message.match(/'([^']+)'/)![1]), ['os.remov']);
  });

  test('Cls.X from a function outside the class, and self.X narrowing args', async () => {
    const src = [
      'import sys',
      'class Policy:',
      '    NETWORK = ("socket.connect", "socket.bind")',
      'def hook(event, args):',
      '    if event in Policy.NETWORK:',
      '        sock, address, port = args',
      'sys.addaudithook(hook)',
      '',
    ].join('\n');
    const [f] = await codes(src, 'unpack-arity');
    assert.match(f.message, /'socket\.connect' and 'socket\.bind' take 2 arguments \(self, address\)/);
    assert.deepEqual(await codes(src.replace('sock, address, port = args', 'sock, address = args'), 'unpack-arity'), []);
  });
});

describe('names split out of one string', () => {
  test('";"-separated and whitespace-separated: each piece is a name, at its place in the literal', async () => {
    const src = module(['if event in DENIED or event in WATCHED:', '    pass'], ['DENIED = "os.system;os.posix_spwan".split(";")', 'WATCHED = """open', '  socket.conect""".split()']);
    const found = await unknown(src);
    assert.equal(found.length, 2);
    assert.deepEqual(found[0].range, { start: positionOf(src, 'os.posix_spwan'), end: positionOf(src, 'os.posix_spwan', 'os.posix_spwan'.length) });
    assert.deepEqual(found[1].range, { start: positionOf(src, 'socket.conect'), end: positionOf(src, 'socket.conect', 'socket.conect'.length) });
    assert.deepEqual(found[0].replacements?.[0], 'os.posix_spawn');
  });

  test('right names, empty pieces and an unknown separator are quiet', async () => {
    assert.deepEqual(await unknown(module(['if event in NAMES: pass'], ['NAMES = "open,exec,".split(",")'])), []);
    assert.deepEqual(await unknown(module(['if event in NAMES: pass'], ['SEP = ";"', 'NAMES = "opne;exce".split(SEP)'])), []);
  });

  test('a literal with escapes: the whole literal is the range, and there is no edit to offer', async () => {
    const src = module(['if event in NAMES: pass'], ['NAMES = "open\\tos.sytem".split()']);
    const m = await analyze(src);
    const typo = m.mentions.find((x) => x.name.value === 'os.sytem')!;
    assert.deepEqual(typo.name.range.start, positionOf(src, '"open'));
    assert.equal(typo.name.contentRange, null);
    assert.equal((await unknown(src)).length, 1);
  });
});

describe('prefixes: tuples, loops over them', () => {
  test('for p in PREFIXES: event.startswith(p) — every member is a prefix, checked', async () => {
    const src = module(['for prefix in REFUSED:', '    if event.startswith(prefix):', '        raise PermissionError(event)'], ['REFUSED = ("socket.", "os.exec", "shelve.", "pikle.")']);
    const found = await unknown(src);
    assert.deepEqual(found.map((f) => f.range.start), [positionOf(src, '"shelve."'), positionOf(src, '"pikle."')]);
    assert.match(found[1].message, /starts with 'pikle\.'.*Did you mean 'pickle\.'\?/);
    const m = await analyze(src);
    assert.deepEqual(m.hooks[0].blocks.map((b) => b.prefixes.map((p) => p.value)), [['socket.', 'os.exec', 'shelve.', 'pikle.']]);
  });

  test('a loop over names compared with ==, and a local tuple given to startswith', async () => {
    const src = module(['for name in ("open", "os.sytem"):', '    if event == name:', '        return', 'pre = ("socket.", "sokcet.")', 'if event.startswith(pre):', '    pass']);
    const found = await unknown(src);
    assert.deepEqual(found.map((f) => f.message.match(/'([^']+)'/)![1]), ['os.sytem', 'sokcet.']);
  });

  test('a loop over something that is not a literal collection binds nothing', async () => {
    const src = module(['for prefix in load_prefixes():', '    if event.startswith(prefix):', '        raise PermissionError(event)']);
    assert.deepEqual((await analyze(src)).mentions, []);
    const rebound = module(['for prefix in ("pikle.",):', '    prefix = prefix.upper()', '    if event.startswith(prefix):', '        pass']);
    assert.deepEqual(await unknown(rebound), []);
  });

  test('a prefix tuple two hooks test is reported once', async () => {
    const src = module(['if event.startswith(P): pass'], ['P = ("pikle.",)']) + 'def other(event, args):\n    if event.startswith(P): pass\nsys.addaudithook(other)\n';
    assert.equal((await unknown(src)).length, 1);
  });
});

describe('the module part of the name', () => {
  test('split(".")[0] through a name, partition, rsplit: a module no event lives under never matches', async () => {
    const src = module([
      'module = event.split(".")[0]',
      'if module == "sockets":',
      '    return',
      'if event.partition(".")[0] in ("shutil", "pikle"):',
      '    return',
      'if event.rsplit(".", 1)[0] == "http.client":',
      '    return',
    ]);
    const found = await unknown(src);
    assert.deepEqual(found.map((f) => f.range.start), [positionOf(src, '"sockets"'), positionOf(src, '"pikle"')]);
    assert.match(found[0].message, /lives under module 'sockets'.*Did you mean 'socket'\?/);
    assert.deepEqual(found[0].replacements, ['socket']);
  });

  test('narrowing under a module test means the events of that module', async () => {
    const src = module(['if event.split(".")[0] == "socket":', '    return args[7]', 'if event.partition(".")[0] == "shutil":', '    return args[0]']);
    const found = await codes(src, 'index-range');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /the \d+ events under 'socket\.' take 0 to \d arguments; args\[7\] is out of range/);
    // socket.gethostname takes none: args[0] is wrong for it alone, and the message names it.
    const [partial] = await codes(module(['mod, _, name = event.partition(".")', 'if mod == "socket":', '    x = args[0]']), 'index-range');
    assert.match(partial.message, /args\[0\] is out of range for 'socket\.gethostname'/);
  });

  test('not a module test: another part, another separator, maxsplit=0', async () => {
    const src = module([
      'if event.split(".")[1] == "sockets": return args[9]',
      'if event.split("/")[0] == "sockets": return args[9]',
      'if event.split(".", 0)[0] == "sockets": return args[9]',
      'if event.rsplit(".", 2)[0] == "sockets": return args[9]',
    ]);
    assert.deepEqual(await unknown(src), []);
    assert.deepEqual(await codes(src, 'index-range'), []);
  });

  test('hover and completion on the module name speak of modules, not events', async () => {
    const src = module(['if event.split(".")[0] == "socket":', '    pass', 'if event.split(".")[0] == "sockets":', '    pass']);
    const ctx = await context(src);
    const h = hover(ctx, positionOf(src, '"socket"', 2))!;
    assert.match((h.contents as { value: string }).value, /`socket`: the module part of the event name; \d+ audit events live under it \(.*`socket\.connect`/);
    const none = hover(ctx, positionOf(src, '"sockets"', 2))!;
    assert.match((none.contents as { value: string }).value, /no audit event .* lives under it/);
    const list = completion(ctx, positionOf(src, '"sockets"', 1))!;
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('socket') && labels.includes('os') && labels.includes('http.client'), labels.join());
    assert.ok(!labels.includes('socket.connect'), 'an event name is no module');
    const socket = list.items.find((i) => i.label === 'socket')!;
    assert.deepEqual(socket.textEdit, { range: { start: positionOf(src, 'sockets"'), end: positionOf(src, 'sockets"', 7) }, newText: 'socket' });
  });
});
