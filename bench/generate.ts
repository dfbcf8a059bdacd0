// Deterministic inputs for `npm run bench`: the same seed gives the same bytes on every machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A small linear congruential generator: fast and reproducible. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const EVENTS: [string, string[]][] = [
  ['open', ['path', 'mode', 'flags']],
  ['os.remove', ['path', 'dir_fd']],
  ['os.rename', ['src', 'dst', 'src_dir_fd', 'dst_dir_fd']],
  ['socket.connect', ['self', 'address']],
  ['subprocess.Popen', ['executable', 'args', 'cwd', 'env']],
  ['shutil.rmtree', ['path', 'dir_fd']],
  ['exec', ['code_object']],
  ['import', ['module', 'filename', 'sys.path', 'sys.meta_path', 'sys.path_hooks']],
];

function filler(random: () => number, i: number): string[] {
  const n = Math.floor(random() * 1000);
  switch (i % 4) {
    case 0:
      return [`def helper_${i}(a, b=${n}):`, `    """Helper ${i}: adds, then scales."""`, `    total = a + b * ${n % 7}`, `    for k in range(${n % 5 + 1}):`, `        total += k`, `    return total`, ''];
    case 1:
      return [`class Model${i}:`, `    limit = ${n}`, `    def __init__(self, name):`, `        self.name = name  # naïve café ${i}`, `    def score(self, xs):`, `        return sum(x * self.limit for x in xs if x > ${n % 3})`, ''];
    case 2:
      return [`VALUES_${i} = {`, `    "alpha": [${n}, ${n + 1}, ${n + 2}],`, `    "beta": {"x": ${n % 11}, "y": "text ${i}"},`, `}`, `RESULT_${i} = [v * 2 for v in VALUES_${i}["alpha"]]`, ''];
    default:
      return [`try:`, `    value_${i} = int("${n}")`, `except ValueError as exc:`, `    value_${i} = -1`, `finally:`, `    pass`, ''];
  }
}

/**
 * A Python file of about `lines` lines with `raiseSites` sys.audit calls and `hooks` hooks (each
 * narrowing on a few events and unpacking their arguments), spread through ordinary code.
 */
export function generateLargeFile(lines = 10000, raiseSites = 300, hooks = 50, seed = 578): string {
  const random = rng(seed);
  const out: string[] = ['"""Generated for the audit-events benchmark."""', 'import sys', 'import os', ''];
  const blocks = Math.ceil((lines - 4) / 7);
  const raiseEvery = blocks / raiseSites;
  const hookEvery = blocks / hooks;
  let raised = 0;
  let hooked = 0;
  for (let i = 0; out.length < lines; i++) {
    if (hooked < hooks && i >= hooked * hookEvery) {
      const [e1, a1] = EVENTS[hooked % EVENTS.length];
      const [e2] = EVENTS[(hooked + 3) % EVENTS.length];
      const id = (s: string) => s.replace(/\W/g, '_');
      out.push(
        `def audit_hook_${hooked}(event, args):`,
        `    if event == ${JSON.stringify(e1)}:`,
        `        ${a1.map(id).join(', ')} = args`,
        `    elif event in (${JSON.stringify(e2)}, "myapp.event_${hooked % 10}"):`,
        `        first = args[0]`,
        `    match event:`,
        `        case "myapp.login" | "myapp.logout":`,
        `            user, ip = args`,
        '',
        `sys.addaudithook(audit_hook_${hooked})`,
        '',
      );
      hooked++;
    }
    if (raised < raiseSites && i >= raised * raiseEvery) {
      if (raised % 3 === 0) {
        const [e, a] = EVENTS[raised % EVENTS.length];
        out.push(`def raise_${raised}(${a.map((x) => x.replace(/\W/g, '_')).join(', ')}):`, `    sys.audit(${JSON.stringify(e)}, ${a.map((x) => x.replace(/\W/g, '_')).join(', ')})`, '');
      } else if (raised % 3 === 1) {
        out.push(`def login_${raised}(user, ip):`, `    sys.audit("myapp.login", user, ip)`, '');
      } else {
        out.push(`def event_${raised}(x):`, `    sys.audit("myapp.event_${raised % 10}", x, ${raised})`, '');
      }
      raised++;
    }
    out.push(...filler(random, i));
  }
  return out.slice(0, lines).join('\n') + '\n';
}

/**
 * A tree of `files` Python files of about `bytesPerFile` bytes each; a share of them
 * (`auditShare`) use audit APIs, the others are ordinary code.
 */
export function generateTree(dir: string, files = 2000, bytesPerFile = 20000, auditShare = 0.02, seed = 3120): { files: number; bytes: number } {
  const random = rng(seed);
  let bytes = 0;
  const auditEvery = auditShare > 0 ? Math.round(1 / auditShare) : Infinity;
  for (let f = 0; f < files; f++) {
    const pkg = join(dir, `pkg_${Math.floor(f / 50)}`);
    if (f % 50 === 0) mkdirSync(pkg, { recursive: true });
    const lines: string[] = ['import os', ''];
    const usesAudit = f % auditEvery === 0;
    if (usesAudit) {
      lines.unshift('import sys');
      lines.push(
        'def _audit(event, args):',
        '    if event == "open":',
        '        path, mode, flags = args',
        '    elif event == "myapp.login":',
        '        user, ip = args',
        'sys.addaudithook(_audit)',
        `sys.audit("myapp.login", "user${f}", "10.0.0.${f % 255}")`,
        '',
      );
    }
    let i = 0;
    let size = lines.join('\n').length;
    while (size < bytesPerFile) {
      const block = filler(random, f * 1000 + i++);
      lines.push(...block);
      size += block.join('\n').length + 1;
    }
    const text = lines.join('\n') + '\n';
    writeFileSync(join(pkg, `module_${f}.py`), text);
    bytes += Buffer.byteLength(text);
  }
  return { files, bytes };
}
