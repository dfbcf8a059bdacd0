import type { ScanProgress } from '../engine/scanner';
import { printablePath } from './reporters';

/** How long a run goes before it shows progress: a short run shows none. */
const DEFAULT_DELAY_MS = 1000;
/** Between two redraws: a terminal redrawn thousands of times a second slows the run. */
const REDRAW_MS = 100;

/**
 * The one line of progress a long `check` shows on a terminal: the files listed, then analyzed
 * out of the total, then checked. Written to stderr only when stderr is a terminal, redrawn in
 * place, and cleared before the report, so that no output format ever holds it.
 * `AUDIT_EVENTS_PROGRESS_DELAY_MS` sets how long a run goes before it is shown (0: at once).
 */
export class ProgressLine {
  private readonly started = Date.now();
  private readonly delayMs: number;
  private lastDraw = 0;
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    const delay = Number(process.env.AUDIT_EVENTS_PROGRESS_DELAY_MS);
    this.delayMs = Number.isFinite(delay) && delay >= 0 ? delay : DEFAULT_DELAY_MS;
  }

  get enabled(): boolean {
    return !!this.stream.isTTY;
  }

  /** The scanner's progress: listing (and, on one thread, analyzing as it lists), then analyzing. */
  scan(p: ScanProgress, relativePath: (path: string) => string): void {
    const where = printablePath(relativePath(p.current).slice(-60));
    if (p.total !== undefined && p.analyzed !== undefined) this.draw(() => `analyzing ${p.analyzed}/${p.total} files… ${where}`);
    else this.draw(() => `${p.filesSeen} files listed${p.filesParsed ? `, ${p.filesParsed} analyzed` : ''}… ${where}`);
  }

  /** Findings of the analyzed files, file by file. */
  checking(done: number, total: number): void {
    this.draw(() => `checking ${done}/${total} files…`);
  }

  /** Before anything else is written: the line leaves no trace. */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }

  private draw(text: () => string): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.started < this.delayMs || (this.lastDraw && now - this.lastDraw < Math.min(REDRAW_MS, this.delayMs))) return;
    this.lastDraw = now;
    // A line wider than the terminal wraps, and `\r` then clears only its last row.
    const width = this.stream.columns ? this.stream.columns - 1 : Infinity;
    this.stream.write(`\r\x1b[K${`audit-events: ${text()}`.slice(0, width)}`);
    this.shown = true;
  }
}
