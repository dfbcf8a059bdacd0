import type { FeatureContext } from '../context';
import type { Finding } from './finding';

/**
 * `hook-signature`: CPython calls every hook as hook(event, args); a callable that cannot take
 * exactly that raises TypeError inside every audited call once the first event fires.
 */
export function hookSignatureFindings(ctx: FeatureContext): Finding[] {
  const out: Finding[] = [];
  for (const hook of ctx.model.hooks) {
    const p = hook.signatureProblem;
    if (!p) continue;
    const name = hook.kind === 'lambda' ? 'This lambda' : `'${hook.name}'`;
    const positional = hook.params.filter((x) => x.kind === 'positional').map((x) => x.name);
    let message: string;
    let severity: Finding['severity'] = 'error';
    switch (p.kind) {
      case 'too-few':
        message = `${name} takes ${p.positional} positional parameter${p.positional === 1 ? '' : 's'}${positional.length ? ` (${positional.join(', ')})` : ''}; audit hooks are called as hook(event, args) (TypeError at the first audited event)`;
        break;
      case 'too-many-required':
        message = `${name} requires ${p.required} positional arguments (${positional.join(', ')}); audit hooks are called with 2 (event, args) (TypeError at the first audited event)`;
        break;
      case 'required-keyword-only':
        message = `${name} requires keyword-only argument${p.names.length === 1 ? '' : 's'} ${p.names.join(', ')}; audit hooks are called as hook(event, args) (TypeError at the first audited event)`;
        break;
      case 'nested-args': {
        const star = hook.params.find((x) => x.kind === 'var-positional')?.name ?? 'args';
        message = `${name} is called as hook(event, args), so *${star} receives (args,): the event's arguments are ${star}[0], not ${star}. Use def ${hook.name}(${positional[0] ?? 'event'}, ${star}) to get the tuple itself.`;
        severity = 'information';
        break;
      }
    }
    out.push({ code: 'hook-signature', range: hook.nameRange, severity, message });
  }
  return out;
}
