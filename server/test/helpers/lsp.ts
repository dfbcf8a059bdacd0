// A minimal LSP client that spawns the bundled server (server/out/server.js --stdio) and speaks
// JSON-RPC to it over stdio: the same path Neovim, Helix or Emacs take.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { SERVER_JS } from './repo';

export interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

export interface ClientOptions {
  rootPath?: string;
  /** Answers to workspace/configuration (section auditEvents); null: the client lacks that capability. */
  settings?: Record<string, unknown> | null;
  capabilities?: Record<string, unknown>;
  /** Extra node flags for the server process (`--cpu-prof` when profiling). */
  nodeArgs?: string[];
  /** The server's command line instead of `node server/out/server.js --stdio`: an installed bin, or the bench's peer. */
  command?: string[];
}

export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiting = new Map<number | string, (m: Message) => void>();
  readonly notifications: Message[] = [];
  private readonly listeners: ((m: Message) => void)[] = [];
  readonly stderr: string[] = [];
  settings: Record<string, unknown> | null;

  constructor(private readonly options: ClientOptions = {}) {
    this.settings = options.settings === undefined ? {} : options.settings;
    const [file, ...args] = options.command ?? [process.execPath, ...(options.nodeArgs ?? []), SERVER_JS(), '--stdio'];
    this.proc = spawn(file, args, { stdio: 'pipe' });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString()));
    // Writing to a server that has exited (which some tests expect) is not the test's failure.
    this.proc.stdin.on('error', () => {});
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length: (\d+)/i.exec(header);
      if (!m) throw new Error(`bad header: ${header}`);
      const length = Number(m[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.dispatch(JSON.parse(body) as Message);
    }
  }

  private dispatch(msg: Message): void {
    if (msg.id !== undefined && msg.method === undefined) {
      const resolve = this.waiting.get(msg.id);
      this.waiting.delete(msg.id);
      resolve?.(msg);
      return;
    }
    if (msg.id !== undefined && msg.method) {
      this.answerServerRequest(msg);
      return;
    }
    this.notifications.push(msg);
    for (const l of [...this.listeners]) l(msg);
  }

  /** Requests the server sent (answered already), oldest first. */
  readonly serverRequests: Message[] = [];
  private readonly requestListeners: (() => void)[] = [];

  /** Resolves once the server has sent `count` requests of `method` (counting from the start). */
  serverRequestCount(method: string, count: number, timeoutMs = 20000): Promise<void> {
    const enough = () => this.serverRequests.filter((m) => m.method === method).length >= count;
    if (enough()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`fewer than ${count} ${method} within ${timeoutMs} ms`)), timeoutMs);
      this.requestListeners.push(() => {
        if (!enough()) return;
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private answerServerRequest(msg: Message): void {
    this.serverRequests.push(msg);
    for (const l of [...this.requestListeners]) l();
    let result: unknown = null;
    if (msg.method === 'workspace/configuration') {
      result = (msg.params.items as { section?: string }[]).map((it) => (it.section === 'auditEvents' ? this.settings ?? {} : null));
    }
    this.write({ jsonrpc: '2.0', id: msg.id, result });
  }

  private write(msg: Message): void {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 20000): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.waiting.set(id, (m) => {
        clearTimeout(timer);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result as T);
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** The whole response, error included, for tests of the protocol itself. */
  response(method: string, params: unknown, timeoutMs = 20000): Promise<Message> {
    const id = this.nextId++;
    return new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method} timed out; stderr: ${this.stderr.join('')}`)), timeoutMs);
      this.waiting.set(id, (m) => {
        clearTimeout(timer);
        resolve(m);
      });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  /** Bytes as they are, framing and all: for tests of what the server does with a broken stream. */
  sendRaw(bytes: string | Buffer): void {
    this.proc.stdin.write(bytes);
  }

  /** The exit code, or null if the process has not exited within the time. */
  exited(timeoutMs: number): Promise<number | null> {
    if (this.proc.exitCode !== null) return Promise.resolve(this.proc.exitCode);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve(null), timeoutMs);
      this.proc.on('exit', (code) => {
        clearTimeout(t);
        resolve(code);
      });
    });
  }

  notify(method: string, params: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Waits for a notification that satisfies the predicate (also one that already arrived). */
  waitFor(method: string, predicate: (params: any) => boolean = () => true, timeoutMs = 20000): Promise<any> {
    const found = this.notifications.find((n) => n.method === method && predicate(n.params));
    if (found) return Promise.resolve(found.params);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.splice(this.listeners.indexOf(listener), 1);
        reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderr.join('')}`));
      }, timeoutMs);
      const listener = (m: Message) => {
        if (m.method === method && predicate(m.params)) {
          clearTimeout(timer);
          this.listeners.splice(this.listeners.indexOf(listener), 1);
          resolve(m.params);
        }
      };
      this.listeners.push(listener);
    });
  }

  /** Waits for a notification that arrives after this call and satisfies the predicate. */
  next(method: string, predicate: (params: any) => boolean = () => true, timeoutMs = 20000): Promise<any> {
    const seen = this.notifications.length;
    return this.waitFor(method, (p) => this.notifications.length > seen && this.notifications[this.notifications.length - 1].params === p && predicate(p), timeoutMs);
  }

  /** The diagnostics published for a document version (waits for that version's publish). */
  diagnostics(uri: string, version?: number): Promise<any[]> {
    return this.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uri && (version === undefined || p.version === version)).then(
      (p) => p.diagnostics,
    );
  }

  /** `folders`: several workspace folders instead of the one `rootPath`. */
  async initialize(folders?: string[]): Promise<any> {
    const roots = folders ?? (this.options.rootPath ? [this.options.rootPath] : []);
    const rootUri = roots.length ? pathToFileURL(roots[0]).href : null;
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: roots.length ? roots.map((r, i) => ({ uri: pathToFileURL(r).href, name: `ws${i}` })) : null,
      capabilities: this.options.capabilities ?? {
        workspace: { configuration: this.settings !== null, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          completion: { completionItem: { snippetSupport: false, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
        },
      },
    });
    this.notify('initialized', {});
    return result;
  }

  open(uri: string, text: string, languageId = 'python', version = 1): void {
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): void {
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async shutdown(): Promise<void> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return;
    try {
      await this.request('shutdown', null, 5000);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    await new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        resolve();
      }, 3000);
      this.proc.on('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
}

/** A bundled server, initialized (with `folders`), for the length of `body`; shut down however `body` ends. */
export async function withServer<T>(body: (client: LspClient) => Promise<T>, options: ClientOptions = {}, folders?: string[]): Promise<T> {
  const client = new LspClient(options);
  try {
    await client.initialize(folders);
    return await body(client);
  } finally {
    await client.shutdown();
  }
}
