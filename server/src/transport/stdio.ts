/**
 * The server's end of `--stdio`, stricter than vscode-jsonrpc's: a framing error (a missing or
 * bad Content-Length, a stray header, NUL bytes, LF-only separators) left the stock reader
 * waiting forever, alive and deaf, so the client never restarted it. Here it is logged on stderr
 * and the process exits non-zero. A client that stops reading ends the process quietly.
 */
import { format } from 'node:util';
import { AbstractMessageReader, StreamMessageWriter, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { LifecycleGate } from './lifecycle';

/** Longer than any real header section (two short lines). */
const MAX_HEADER_BYTES = 8192;
/** Far above any document an editor sends; a larger length is a corrupt stream. */
const MAX_CONTENT_LENGTH = 1024 * 1024 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

export class FramingError extends Error {}

/** Reads LSP base-protocol frames and rejects anything that is not one. */
export class StrictStreamReader extends AbstractMessageReader implements MessageReader {
  private chunks: Buffer[] = [];
  private total = 0;
  private contentLength = -1;
  private callback: DataCallback = () => {};
  private failed = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    /** A frame whose body is not JSON: the stream is still in step, so it is only reported. */
    private readonly onBadBody: (problem: string) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer) => this.onData(chunk);
    const onEnd = () => this.fireClose();
    const onError = (e: Error) => this.fireError(e);
    this.input.on('data', onData);
    this.input.on('end', onEnd);
    this.input.on('close', onEnd);
    this.input.on('error', onError);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('end', onEnd);
        this.input.off('close', onEnd);
        this.input.off('error', onError);
      },
    };
  }

  private onData(chunk: Buffer): void {
    if (this.failed) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
    try {
      while (this.step());
    } catch (e) {
      this.failed = true;
      this.fireError(e instanceof Error ? e : new Error(String(e)));
    }
  }

  /** Takes one header section or one body off the buffer; false when more bytes are needed. */
  private step(): boolean {
    if (this.contentLength < 0) {
      const buffered = this.take(this.total, false);
      const end = buffered.indexOf(HEADER_END);
      checkHeaderBytes(buffered.subarray(0, end < 0 ? buffered.length : end));
      if (end < 0) {
        if (buffered.length > MAX_HEADER_BYTES) throw new FramingError(`no end of the message header after ${buffered.length} bytes`);
        return false;
      }
      this.contentLength = contentLengthOf(buffered.subarray(0, end).toString('ascii'));
      this.take(end + HEADER_END.length, true);
      return true;
    }
    if (this.total < this.contentLength) return false;
    const body = this.take(this.contentLength, true);
    this.contentLength = -1;
    let message: unknown;
    try {
      message = JSON.parse(body.toString('utf8'));
    } catch (e) {
      this.onBadBody(`a message body that is not JSON (${body.length} bytes: ${(e as Error).message})`);
      return true;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      this.onBadBody(`a message that is not a JSON object (${body.length} bytes)`);
      return true;
    }
    this.callback(message as Message);
    return true;
  }

  /** The first `n` buffered bytes, removed from the buffer when `consume`. */
  private take(n: number, consume: boolean): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.total);
    this.chunks = [all];
    if (!consume) return all.subarray(0, n);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.total = rest.length;
    return head;
  }
}

/** Header bytes are printable ASCII in CRLF-terminated lines. */
function checkHeaderBytes(bytes: Buffer): void {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0x0a && bytes[i - 1] !== 0x0d) throw new FramingError('a line feed without a carriage return in the message header');
    if (b === 0x0d && i + 1 < bytes.length && bytes[i + 1] !== 0x0a) throw new FramingError('a carriage return without a line feed in the message header');
    if ((b < 0x20 || b > 0x7e) && b !== 0x0d && b !== 0x0a && b !== 0x09) throw new FramingError(`byte 0x${b.toString(16).padStart(2, '0')} in the message header`);
  }
}

function contentLengthOf(header: string): number {
  let length: number | null = null;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new FramingError(`a header line without a name and a colon: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'content-length') {
      if (length !== null) throw new FramingError('two Content-Length headers');
      if (!/^\d{1,10}$/.test(value) || Number(value) > MAX_CONTENT_LENGTH) throw new FramingError(`Content-Length is not a length: ${JSON.stringify(value.slice(0, 40))}`);
      length = Number(value);
    } else if (name === 'content-type') {
      if (!/utf-?8/i.test(value) && /charset/i.test(value)) throw new FramingError(`unsupported charset: ${JSON.stringify(value.slice(0, 80))}`);
    } else throw new FramingError(`unknown header ${JSON.stringify(line.slice(0, 80))}`);
  }
  if (length === null) throw new FramingError('no Content-Length header');
  return length;
}

function logLine(message: string): void {
  try {
    process.stderr.write(`[audit-events] ${message}\n`);
  } catch {
    // stderr is gone too: nothing left to tell
  }
}

/**
 * The reader and writer for `--stdio`, behind the lifecycle gate. Whatever third-party code
 * prints with `console` goes to stderr: on stdout it would corrupt the protocol stream.
 */
export function stdioTransport(): [MessageReader, MessageWriter] {
  let exiting = false;
  const exit = (code: number, why?: string) => {
    if (exiting) return;
    exiting = true;
    if (why) logLine(why);
    process.exit(code);
  };
  for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) console[level] = (...args: unknown[]) => logLine(format(...args));

  const writer = new StreamMessageWriter(process.stdout);
  // EPIPE: the client closed its end. Nobody is listening, so nothing is said.
  process.stdout.on('error', () => exit(gate.shutdownRequested ? 0 : 1));
  writer.onError(() => exit(gate.shutdownRequested ? 0 : 1));

  const reader = new StrictStreamReader(process.stdin, (problem) => {
    logLine(`ignored ${problem}`);
    void writer.write({ jsonrpc: '2.0', id: null, error: { code: -32700, message: `Parse error: ${problem}` } } as Message).catch(() => {});
  });
  reader.onError((e) =>
    exit(1, e instanceof FramingError ? `framing error on stdin: ${e.message}; exiting so that the client can restart the server` : `cannot read stdin: ${e.message}; exiting`),
  );
  // The client closed our input: there is no one to serve.
  reader.onClose(() => exit(gate.shutdownRequested ? 0 : 1));
  const gate = new LifecycleGate(reader, writer, logLine, (code) => exit(code));
  return [gate, writer];
}
