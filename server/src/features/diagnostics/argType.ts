import type { ArgumentUse } from '../../model';
import { observedArguments, typeSentence, type ObservedArgument } from '../argumentValues';
import type { FeatureContext } from '../context';
import { targetVersions } from '../targetVersions';
import { allows, displayType, isInstance } from '../typeBehaviour';
import type { Finding } from './finding';

const MAX_APIS = 4;

/**
 * `arg-type` (issue 12 §5): a hook uses an argument in a way none of its observed types allows
 * (subscripting a socket, `"x" in` bytes, a str method on a code object), tests it with an
 * isinstance no observed type satisfies, or tests a string in an argument that some APIs pass as
 * None (information, naming them). Silent where the types are not observed: custom events,
 * events never seen on the target versions, types or classes the product does not know.
 */
export function argTypeFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  const reported = new Set<string>();
  // Hooks repeat the same events and positions: the catalog is asked once for each.
  const cache = new Map<string, ReturnType<typeof observedArguments>>();
  for (const hook of ctx.model.hooks) {
    for (const block of hook.blocks) {
      if (block.events.length === 0 || !block.argumentUses?.length) continue;
      if (targetVersions(ctx, block.versions).length === 0) continue;
      for (const use of block.argumentUses) {
        if (use.kind === 'bind') continue;
        const asked = `${block.versions?.join() ?? ''}|${use.index}|${block.events.map((e) => e.value).join()}`;
        let observed = cache.get(asked);
        if (!observed) cache.set(asked, (observed = observedArguments(ctx, block, use.index)));
        const { events, known } = observed;
        const finding = use.kind === 'isinstance' ? isinstanceFinding(use, known) : operationFinding(ctx, use, events, known);
        if (!finding) continue;
        // One finding per argument, use and line: `target[0], target[1]` is one mistake.
        const key = `${use.range.start.line}:${use.index}:${use.kind}:${finding.severity}`;
        if (reported.has(key)) continue;
        reported.add(key);
        out.push(finding);
      }
    }
  }
  return out;
}

/** isinstance(arg, T) that no observed type of any narrowed event satisfies. */
function isinstanceFinding(use: ArgumentUse, known: (ObservedArgument | null)[]): Finding | null {
  const classes = use.classes;
  if (!classes || known.length === 0 || known.some((k) => k === null)) return null;
  const args = known as ObservedArgument[];
  for (const a of args) {
    for (const t of a.types) {
      const verdicts = classes.map((c) => isInstance(t, c));
      if (verdicts.some((v) => v !== false)) return null;
    }
  }
  const tested = classes.length === 1 ? `a ${classes[0]}` : `any of ${classes.join(', ')}`;
  return {
    code: 'arg-type',
    range: use.range,
    severity: 'warning',
    message: `${describe(args, use)}; ${use.expression} is always ${use.negated ? 'True' : 'False'}: it is never ${tested}`,
  };
}

/** A subscript, iteration, `in` test or str method that fails for every type, or for None. */
function operationFinding(ctx: FeatureContext, use: ArgumentUse, events: string[], known: (ObservedArgument | null)[]): Finding | null {
  const args = known.filter((k): k is ObservedArgument => k !== null);
  const failing = (a: ObservedArgument) => a.types.filter((t) => allows(t, use) === false);
  if (use.guard !== 'type') {
    const always = args.filter((a) => failing(a).length === a.types.length);
    if (always.length) {
      const why = [...new Set(always.flatMap((a) => a.types.map((t) => reason(t, use))))].join('; ');
      return {
        code: 'arg-type',
        range: use.range,
        severity: 'warning',
        message: `${describe(always, use)}; ${action(use)} fails${forWhich(always, events)}: ${why}${meant(always, use)}`,
      };
    }
  }
  if (use.guard) return null;
  const none = args.filter((a) => failing(a).includes('NoneType'));
  if (!none.length) return null;
  const apis = [...new Set(none.flatMap((a) => ctx.catalog.apisPassingType(a.event, a.position, 'NoneType')))];
  const from = apis.length
    ? `, as ${apis.slice(0, MAX_APIS).join(', ')}${apis.length > MAX_APIS ? ` and ${apis.length - MAX_APIS} more` : ''} pass${apis.length === 1 ? 'es' : ''} it`
    : '';
  return {
    code: 'arg-type',
    range: use.range,
    severity: 'information',
    message: `${describe(none, use)}; ${action(use)} fails${forWhich(none, events)} when ${use.operand.text} is None${from}: test ${use.operand.text} is None first`,
  };
}

/** `'socket.connect' args[0] is 'self' (socket.socket)`, the events with one description grouped. */
function describe(args: ObservedArgument[], use: ArgumentUse): string {
  const groups = new Map<string, { events: string[]; a: ObservedArgument }>();
  for (const a of args) {
    const key = `${a.position}|${a.name}|${a.types.join()}`;
    const g = groups.get(key);
    if (g) g.events.push(a.event);
    else groups.set(key, { events: [a.event], a });
  }
  const parts = [...groups.values()].map(({ events, a }) => {
    const who = events.map((e) => `'${e}'`).join(' and ');
    return `${who} args[${a.position}] is ${a.name ? `'${a.name}' ` : ''}(${typeSentence(a.types)})`;
  });
  const bound = /^[A-Za-z_]\w*$/.test(use.operand.text) && !args.some((a) => a.name === use.operand.text) ? `, here '${use.operand.text}'` : '';
  return parts.join(', ') + bound;
}

function action(use: ArgumentUse): string {
  switch (use.kind) {
    case 'subscript':
      return `subscripting it (${use.expression})`;
    case 'iterate':
      return `iterating it (${use.expression})`;
    default:
      return use.expression;
  }
}

function reason(type: string, use: ArgumentUse): string {
  const shown = displayType(type);
  switch (use.kind) {
    case 'subscript':
      return `${shown} is not subscriptable`;
    case 'iterate':
      return `${shown} is not iterable`;
    case 'contains':
      if (type === 'bytes' && use.literal === 'str') return 'a str is never in bytes (test a bytes literal, or os.fsdecode() it first)';
      if (type === 'str' && use.literal) return `a ${use.literal} is never in a str`;
      return `${shown} does not support 'in'`;
    default:
      if ((type === 'bytes' || type === 'str') && use.literal && use.literal !== type) return `${type}.${use.method}() takes a ${type}, not a ${use.literal}`;
      return `${shown} has no method '${use.method}'`;
  }
}

/** " when the event is 'socket.connect'": only some of the narrowed events fail. */
function forWhich(args: ObservedArgument[], events: string[]): string {
  return args.length < events.length ? ` when the event is ${args.map((a) => `'${a.event}'`).join(' or ')}` : '';
}

/** " — the address is args[1]": the one other argument of the event that would allow the use. */
function meant(args: ObservedArgument[], use: ArgumentUse): string {
  if (args.length !== 1 || use.kind === 'isinstance') return '';
  const a = args[0];
  const fits = a.all
    .map((types, i) => ({ i, ok: i !== a.position && types.length > 0 && types.every((t) => allows(t, use) === true) }))
    .filter((x) => x.ok);
  if (fits.length !== 1) return '';
  const j = fits[0].i;
  return ` — the ${a.names[j] ?? 'argument that allows it'} is args[${j}]`;
}
