// Drives the built language server (dist/server.js --stdio) over real JSON-RPC, as an editor would.
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
// The core's shapes are LSP's own (0-based lines, UTF-16 columns), so the protocol tests use them as they are.
import type { Position, Range, TextEdit } from '#core/diagnostic';

export type { Position, Range, TextEdit };

export const repoRoot = path.resolve(__dirname, '../../..');
export const serverPath = path.join(repoRoot, 'dist/server.js');

export function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot, 'test/fixtures/lsp', name), 'utf8');
}

export function fixtureUri(name: string): string {
  return 'file://' + path.join(repoRoot, 'test/fixtures/lsp', name);
}

/** A diagnostic as it travels on the wire (numeric severity, optional source). */
export interface Diagnostic {
  range: Range;
  severity?: number;
  code?: string | number;
  source?: string;
  message: string;
}
export type ContentChange = { range: Range; text: string } | { text: string };

/** Capabilities of a small editor that takes pushed diagnostics only. */
export const PUSH_CLIENT = {
  textDocument: {
    synchronization: { didSave: false },
    publishDiagnostics: { relatedInformation: false },
    completion: { completionItem: { snippetSupport: true } },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
  },
};

/** The same, plus pull diagnostics (`textDocument/diagnostic`), as VS Code advertises them. */
export const PULL_CLIENT = {
  textDocument: { ...PUSH_CLIENT.textDocument, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

const DEADLINE_MS = 15_000;

export class LspClient {
  readonly connection: MessageConnection;
  private readonly published = new Map<string, { version?: number; diagnostics: Diagnostic[] }[]>();
  private readonly waiters = new Set<() => void>();
  stderr = '';
  exitCode: number | null | undefined;
  private readonly exited: Promise<number | null>;

  private constructor(readonly process: ChildProcessWithoutNullStreams) {
    this.connection = createMessageConnection(new StreamMessageReader(process.stdout), new StreamMessageWriter(process.stdin));
    process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => process.on('exit', (code) => resolve((this.exitCode = code))));
    this.connection.onNotification(
      'textDocument/publishDiagnostics',
      (params: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
        const list = this.published.get(params.uri) ?? [];
        list.push({ version: params.version, diagnostics: params.diagnostics });
        this.published.set(params.uri, list);
        for (const wake of [...this.waiters]) wake();
      },
    );
    // Server log lines (window/logMessage) are kept for failure messages.
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.stderr += p.message + '\n';
    });
    this.connection.listen();
  }

  static start(): LspClient {
    const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    return new LspClient(child);
  }

  /** Starts a server and completes the initialize handshake. */
  static async initialized(capabilities: object = PUSH_CLIENT): Promise<{ client: LspClient; result: InitializeResultShape }> {
    const client = LspClient.start();
    const result = await client.initialize(capabilities);
    return { client, result };
  }

  async initialize(capabilities: object): Promise<InitializeResultShape> {
    const result = await this.request<InitializeResultShape>('initialize', { processId: process.pid, rootUri: null, capabilities });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return withDeadline(this.connection.sendRequest<T>(method, params), `${method} answered`);
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version, text } });
  }

  async change(uri: string, version: number, changes: ContentChange[]): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Pushed diagnostics received so far for `uri`, oldest first. */
  publishedFor(uri: string): { version?: number; diagnostics: Diagnostic[] }[] {
    return this.published.get(uri) ?? [];
  }

  /** Waits for a publishDiagnostics for `uri` (and `version`, when given), newer than `after` earlier ones. */
  async waitForDiagnostics(uri: string, version?: number, after = 0): Promise<Diagnostic[]> {
    const found = () =>
      this.publishedFor(uri)
        .slice(after)
        .find((p) => version === undefined || p.version === version);
    await this.until(() => found() !== undefined, `diagnostics for ${uri}${version !== undefined ? ` version ${version}` : ''}`);
    return found()!.diagnostics;
  }

  /** Pulls diagnostics (textDocument/diagnostic); returns the items of a full report. */
  async pull(uri: string, previousResultId?: string): Promise<{ kind: string; resultId?: string; items?: Diagnostic[] }> {
    return this.request('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
  }

  private until(condition: () => boolean, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return withDeadline(
      new Promise<void>((resolve) => {
        const wake = () => {
          if (condition()) {
            this.waiters.delete(wake);
            resolve();
          }
        };
        this.waiters.add(wake);
      }),
      what,
    );
  }

  /** shutdown + exit, as the protocol asks; resolves to the exit code. */
  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    await this.connection.sendNotification('exit');
    const code = await withDeadline(this.exited, 'server exit');
    this.connection.dispose();
    return code;
  }

  /** For cleanup after a failed test: ends the server if it still runs (SIGKILL: nothing may keep the test alive). */
  dispose(): void {
    this.connection.dispose();
    if (this.exitCode === undefined) {
      this.process.stdin.end();
      this.process.kill('SIGKILL');
    }
  }
}

export interface InitializeResultShape {
  capabilities: {
    textDocumentSync?: unknown;
    completionProvider?: { triggerCharacters?: string[] };
    hoverProvider?: boolean;
    codeActionProvider?: unknown;
    diagnosticProvider?: unknown;
  };
  serverInfo?: { name: string; version?: string };
}

/** Rejects with a readable message instead of letting a test hang. */
export function withDeadline<T>(promise: Promise<T>, what: string, ms = DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Applies edits to a text the way an editor would. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.py', 'python', 0, text), edits);
}

/** Text position of the first occurrence of `needle` (plus `offset` characters). */
export function positionOf(text: string, needle: string, offset = 0): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, at + offset);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}
