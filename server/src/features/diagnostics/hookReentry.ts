import type { FeatureContext } from '../context';
import { handledEvents } from '../coverage';
import type { Finding } from './finding';

/**
 * `hook-reentry`: while handling an event, a hook calls an API that raises an event the same
 * hook handles (`open()` in a hook that handles `open`), with no guard before the call: the call
 * re-enters the hook, which calls it again. The API-to-event facts are the catalog's (observed on
 * real interpreters); an API the facts do not know is not reported.
 */
export function hookReentryFindings(ctx: FeatureContext): Finding[] {
  if (ctx.model.language !== 'python') return [];
  const out: Finding[] = [];
  ctx.model.hooks.forEach((hook, i) => {
    const handles = handledEvents(ctx, i);
    for (const block of hook.blocks) {
      for (const call of block.calls ?? []) {
        if (call.guarded) continue;
        const raised = ctx.catalog.eventsRaisedBy(call.callee, ctx.settings.version) ?? [];
        const reentering = raised.filter((e) => handles.has(e));
        if (!reentering.length) continue;
        const events = reentering.map((e) => `'${e}'`).join(', ');
        out.push({
          code: 'hook-reentry',
          range: call.range,
          severity: 'warning',
          message:
            `${call.callee}() raises ${events}, which '${hook.name}' handles: with no guard before the call, each call re-enters the hook. ` +
            `Expected a flag checked before it (if _busy: return), or a call that raises none of the events the hook handles`,
        });
      }
    }
  });
  return out;
}
