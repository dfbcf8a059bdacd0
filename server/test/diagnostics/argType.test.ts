import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalog, codes, hook, positionOf } from '../helpers/engine';

const argType = (src: string, opts: Parameters<typeof codes>[2] = {}) => codes(src, 'arg-type', opts);

describe('arg-type: subscripting and iterating', () => {
  test("args[0][0] on socket.connect: the socket is not subscriptable, the address is args[1]", async () => {
    const src = hook(['if event == "socket.connect":', '    print(args[0][0])']);
    const [f, ...rest] = await argType(src);
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'warning');
    assert.equal(
      f.message,
      "'socket.connect' args[0] is 'self' (socket.socket); subscripting it (args[0][0]) fails: socket.socket is not subscriptable — the address is args[1]",
    );
    assert.deepEqual(f.range.start, positionOf(src, 'args[0][0]'));
    assert.deepEqual(f.range.end, positionOf(src, 'args[0][0]', 'args[0][0]'.length));
  });

  test('through a bound name, one finding per line; the address itself is fine', async () => {
    const src = hook([
      'if event == "socket.connect":',
      '    target = args[0]',
      '    print(target[0], target[1])',
      '    address = args[1]',
      '    print(address[0], args[1][1])',
    ]);
    const found = await argType(src);
    assert.deepEqual(found.map((f) => f.range.start.line), [4]);
    assert.match(found[0].message, /here 'target'; subscripting it \(target\[0\]\) fails/);
  });

  test('iterating: for over a code object, unpacking a socket; iterating a list is fine', async () => {
    const src = hook([
      'if event == "exec":',
      '    for part in args[0]:',
      '        pass',
      'elif event == "socket.connect":',
      '    host, port = args[0]',
      'elif event == "subprocess.Popen":',
      '    for word in args[1]:',
      '        pass',
      '    words = [w for w in args[1]]',
    ]);
    const found = await argType(src);
    assert.deepEqual(
      found.map((f) => `${f.range.start.line}:${f.message.split(';')[1].trim()}`),
      ['3:iterating it (args[0]) fails: code is not iterable', '6:iterating it (host, port = args[0]) fails: socket.socket is not iterable — the address is args[1]'],
    );
  });

  test('the types of the target version: syslog.setlogmask passes a tuple up to 3.9, an int from 3.10', async () => {
    const src = hook(['if event == "syslog.setlogmask":', '    print(args[0][0])']);
    assert.deepEqual(await argType(src, { version: '3.9' }), []);
    const [f] = await argType(src, { version: '3.11' });
    assert.match(f.message, /'syslog\.setlogmask' args\[0\] is 'maskpri' \(int\); subscripting it \(args\[0\]\[0\]\) fails: int is not subscriptable/);
    const [both] = await argType(src, { settings: { pythonVersion: '3.8-3.11' } as never });
    assert.equal(both, undefined, 'a tuple on 3.8-3.9 allows it: not wrong for every observed type');
  });

  test('a union of events: reported for the event it fails for, and said so', async () => {
    const src = hook(['if event in ("socket.connect", "socket.getaddrinfo"):', '    print(args[0][0])']);
    const [f] = await argType(src);
    assert.match(f.message, /^'socket\.connect' args\[0\] is 'self' \(socket\.socket\); subscripting it \(args\[0\]\[0\]\) fails when the event is 'socket\.connect': /);
  });

  test('guarded uses, prefixes only, custom and unobserved events, unknown types: silent', async () => {
    const src = hook([
      'if event == "socket.connect":',
      '    try:',
      '        print(args[0][0])',
      '    except TypeError:',
      '        pass',
      'if event.startswith("socket."):',
      '    print(args[0][0])',
      'if event == "myapp.login":',
      '    print(args[0][0])',
      'if event == "object.__setattr__":',
      '    print(args[0][0])',
      'if event == "sys._getframe":',
      '    print(args[0][0])',
    ]);
    assert.deepEqual(await argType(src, { settings: { customEvents: { 'myapp.login': ['user'] } } }), []);
  });

  test("a setting that redefines a catalog event's arguments: its types are no longer known", async () => {
    const src = hook(['if event == "socket.connect":', '    print(args[0][0])']);
    assert.deepEqual(await argType(src, { settings: { customEvents: { 'socket.connect': ['address', 'sock'] } } }), []);
  });
});

describe('arg-type: in tests and str methods', () => {
  test("a str in os.system's bytes command fails; a bytes literal or a decoded copy is fine", async () => {
    const src = hook([
      'if event == "os.system":',
      '    command = args[0]',
      '    if "rm -rf" in command:',
      '        raise PermissionError',
      '    if b"curl" in args[0] or os.fsdecode(args[0]).startswith("x"):',
      '        raise PermissionError',
      '    command = os.fsdecode(args[0])',
      '    if "sudo" in command:',
      '        raise PermissionError',
    ]);
    const found = await argType(src);
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 4);
    assert.equal(
      found[0].message,
      `'os.system' args[0] is 'command' (bytes); "rm -rf" in command fails: a str is never in bytes (test a bytes literal, or os.fsdecode() it first)`,
    );
  });

  test('str methods: bytes.startswith with a str, any str method on a code object; bytes arguments and unknown methods are fine', async () => {
    const src = hook([
      'if event == "os.system":',
      '    if args[0].startswith(("rm", "dd")): pass',
      '    if args[0].startswith(b"rm"): pass',
      '    if args[0].decode().startswith("rm"): pass',
      'if event == "exec":',
      '    if args[0].lower(): pass',
      '    if args[0].co_filename.endswith(".py"): pass',
      '    args[0].replace(co_name="x")',
      'if event == "socket.connect":',
      '    args[0].fileno()',
    ]);
    const found = await argType(src);
    assert.deepEqual(
      found.map((f) => `${f.range.start.line}:${f.message.split('fails: ')[1]}`),
      ['3:bytes.startswith() takes a bytes, not a str', '7:code has no method \'lower\''],
    );
  });

  test("open's mode can be None: information naming the APIs that pass it", async () => {
    const src = hook(['if event == "open":', '    path, mode, flags = args', '    if "w" in mode or mode.startswith("a"):', '        raise PermissionError(path)']);
    const found = await argType(src);
    assert.deepEqual(found.map((f) => f.severity), ['information', 'information']);
    const passing = catalog.apisPassingType('open', 1, 'NoneType');
    assert.ok(passing.includes('os.open'), 'the catalog: os.open passes mode None');
    assert.match(found[0].message, /^'open' args\[1\] is 'mode' \(str or None\); "w" in mode fails when mode is None, as .*os\.open.* pass it: test mode is None first$/);
    assert.match(found[1].message, /mode\.startswith\("a"\) fails when mode is None/);
  });

  test('mode tested for None (or truth) first, or a str that is never None: silent', async () => {
    const src = hook([
      'if event == "open":',
      '    path, mode, flags = args',
      '    if mode is None:',
      '        writes = flags & 3 != 0',
      '    else:',
      '        writes = any(c in mode for c in "wax+")',
      'if event == "open":',
      '    m = args[1]',
      '    if m and "w" in m: pass',
      'if event == "open":',
      '    if isinstance(args[1], str) and "w" in args[1]: pass',
      'if event == "builtins.input":',
      '    if "password" in args[0]: pass',
      'if event == "open":',
      '    mode = "r"',
      '    if "w" in mode: pass',
    ]);
    assert.deepEqual(await argType(src), []);
  });
});

describe('arg-type: isinstance', () => {
  test("isinstance(args[0], str) on exec is always False; under not, always True", async () => {
    const src = hook(['if event == "exec" and isinstance(args[0], str):', '    pass', 'if event == "exec" and not isinstance(args[0], (str, bytes)):', '    pass']);
    const found = await argType(src);
    assert.deepEqual(found.map((f) => f.message), [
      "'exec' args[0] is 'code_object' (code); isinstance(args[0], str) is always False: it is never a str",
      "'exec' args[0] is 'code_object' (code); not isinstance(args[0], (str, bytes)) is always True: it is never any of str, bytes",
    ]);
    assert.deepEqual(found[1].range.start, positionOf(src, 'not isinstance'));
  });

  test("subprocess.Popen's args is a list: isinstance(argv, str) never holds", async () => {
    const src = hook(['if event == "subprocess.Popen":', '    executable, argv, cwd, env = args', '    if isinstance(argv, str): pass']);
    const [f] = await argType(src);
    assert.equal(f.message, "'subprocess.Popen' args[1] is 'args' (list), here 'argv'; isinstance(argv, str) is always False: it is never a str");
  });

  test('a class some observed type satisfies, an unknown class, events that disagree: silent', async () => {
    const src = hook([
      'if event == "exec":',
      '    if isinstance(args[0], types.CodeType): pass',
      '    if isinstance(args[0], MyCode): pass',
      'if event in ("os.system", "open"):',
      '    if isinstance(args[0], str): pass',
      'if event == "socket.connect":',
      '    if isinstance(args[1], tuple): pass',
      'if event == "subprocess.Popen":',
      '    if isinstance(args[3], dict): pass',
      '    if isinstance(args[0], os.PathLike): pass',
      'if event in ("exec", "myapp.run"):',
      '    if isinstance(args[0], str): pass',
    ]);
    assert.deepEqual(await argType(src, { settings: { customEvents: { 'myapp.run': ['source'] } } }), [], 'a custom event beside exec may pass a str');
  });
});
