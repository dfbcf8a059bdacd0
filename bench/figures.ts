// The figures of one bench run: each with its budget, and the peer's figure where there is one.

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** `< 5 ms`; null when the figure is shown for context only. */
  budget: string | null;
  met: boolean | null;
  /** The same figure for the peer language server, measured in the same run. */
  peer?: { name: string; value: number };
}

export const figures: Figure[] = [];

const round = (x: number) => Math.round(x * 100) / 100;

export function record(name: string, value: number, unit: string, budget: number | null, peer?: { name: string; value: number }): Figure {
  const f: Figure = {
    name,
    value: round(value),
    unit,
    budget: budget === null ? null : `< ${budget} ${unit}`,
    met: budget === null ? null : value < budget,
    ...(peer ? { peer: { name: peer.name, value: round(peer.value) } } : {}),
  };
  figures.push(f);
  const status = f.met === null ? '' : f.met ? '  met' : '  MISSED';
  const beside = f.peer ? `; ${f.peer.name}: ${f.peer.value} ${unit}` : '';
  console.log(`  ${name}: ${f.value} ${unit}${beside}${budget === null ? '' : ` (budget < ${budget})`}${status}`);
  return f;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export const p95 = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
};

export function table(rows: Figure[], peerName: string): string {
  const head = ['figure', 'ours', peerName, 'budget', 'met'];
  const body = rows.map((f) => [
    f.name,
    `${f.value} ${f.unit}`,
    f.peer ? `${f.peer.value} ${f.unit}` : '',
    f.budget ?? '-',
    f.met === null ? '-' : f.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((_, i) => Math.max(head[i].length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join(' | ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('-|-'), ...body.map(line)].join('\n');
}
