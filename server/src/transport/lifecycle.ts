/**
 * The LSP lifecycle, enforced before any handler runs: a request before `initialize` gets
 * ServerNotInitialized (-32002), a second `initialize` and any request after `shutdown` get
 * InvalidRequest, `shutdown` is answered at once (even while the workspace is being indexed),
 * `exit` ends the process; and a message whose parameters lack a field the method needs is
 * refused with one line of log naming the method and the field.
 */
import { AbstractMessageReader, type DataCallback, type Disposable, type Message, type MessageReader, type MessageWriter } from 'vscode-languageserver/node';
import { paramsProblem } from './paramChecks';

const SERVER_NOT_INITIALIZED = -32002;
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;

interface Incoming {
  id?: number | string | null;
  method?: unknown;
  params?: unknown;
}

export class LifecycleGate extends AbstractMessageReader implements MessageReader {
  private state: 'new' | 'initializing' | 'shutdown' = 'new';

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
    private readonly log: (line: string) => void,
    private readonly exit: (code: number) => void,
  ) {
    super();
    inner.onError((e) => this.fireError(e));
    inner.onClose(() => this.fireClose());
    inner.onPartialMessage((info) => this.firePartialMessage(info));
  }

  get shutdownRequested(): boolean {
    return this.state === 'shutdown';
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      if (this.admit(message as Incoming)) callback(message);
    });
  }

  /** Whether the message goes on to the server's handlers. */
  private admit(m: Incoming): boolean {
    if (typeof m.method !== 'string') return true; // a response to one of the server's requests
    const isRequest = m.id !== undefined && m.id !== null;
    if (m.method === 'exit') {
      this.exit(this.state === 'shutdown' ? 0 : 1);
      return false;
    }
    if (this.state === 'shutdown') {
      if (isRequest) this.refuse(m, INVALID_REQUEST, `the server is shut down: ${m.method} is not served`);
      return false;
    }
    if (this.state === 'new') {
      if (m.method === 'initialize' && isRequest) {
        this.state = 'initializing';
        return true;
      }
      if (isRequest) this.refuse(m, SERVER_NOT_INITIALIZED, `the server is not initialized: ${m.method} before initialize`);
      return false;
    }
    if (m.method === 'initialize') {
      if (isRequest) this.refuse(m, INVALID_REQUEST, 'the server is already initialized');
      return false;
    }
    if (m.method === 'shutdown' && isRequest) {
      this.state = 'shutdown';
      void this.writer.write({ jsonrpc: '2.0', id: m.id, result: null } as Message).catch(() => {});
      return false;
    }
    const problem = paramsProblem(m.method, m.params);
    if (problem) {
      this.log(`${m.method}: ${problem}; ${isRequest ? 'refused' : 'ignored'}`);
      if (isRequest) this.refuse(m, INVALID_PARAMS, `${m.method}: ${problem}`);
      return false;
    }
    return true;
  }

  private refuse(m: Incoming, code: number, message: string): void {
    void this.writer.write({ jsonrpc: '2.0', id: m.id, error: { code, message } } as Message).catch(() => {});
  }
}
