// Language-server benchmarks, all over the real protocol against dist/server.js: cold start, diagnostics latency
// after an edit inside the header and far below it (a 300-line and a 20,000-line script), completion latency,
// and the size of the bundles.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { positionOf } from '../test/lsp/lspHarness';
import type { Position } from '#core/diagnostic';
import { heading, printRatio, printTiming } from './stats';

const root = path.resolve(__dirname, '../..');
const serverJs = path.join(root, 'dist/server.js');

export async function run(): Promise<void> {
  heading('Language server (dist/server.js --stdio)');
  await coldStart();
  for (const lines of [300, 20_000]) await editLatency(lines);
  await completionLatency();
  bundleSizes();
}

// --- cold start ----------------------------------------------------------------------------------------------

async function coldStart(): Promise<void> {
  const runs = 15;
  const bare: number[] = [];
  const server: number[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(await timeBareNode());
    server.push(await timeServerStart());
  }
  const b = printTiming('bare `node -e 0` (spawn to exit)', bare);
  const s = printTiming('server cold start (spawn to `initialize` answered)', server);
  printRatio('cold start / bare node (medians)', s.median / b.median, 3);
  // The Python parser loads in the background after `initialize`; the first diagnostics wait for it.
  const firstImports: number[] = [];
  for (let i = 0; i < runs; i++) firstImports.push(await timeFirstImportDiagnostics());
  printTiming('server cold start to first diagnostics with imports checked', firstImports);
}

async function timeFirstImportDiagnostics(): Promise<number> {
  const t0 = performance.now();
  const session = Session.start();
  await session.initialize(false);
  const uri = 'file:///bench/cold_train.py';
  await session.open(uri, '# /// script\n# dependencies = ["typer"]\n# ///\nimport typer\nimport yaml\n');
  const diagnostics = (await session.diagnosticsFor(uri, 1)) as { code?: string }[];
  const elapsed = performance.now() - t0;
  await session.stop();
  if (!diagnostics.some((d) => d.code === 'deps/undeclared-import')) throw new Error('the first diagnostics did not check imports');
  return elapsed;
}

function timeBareNode(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - t0));
  });
}

async function timeServerStart(): Promise<number> {
  const t0 = performance.now();
  const session = Session.start();
  await session.initialize(false);
  const elapsed = performance.now() - t0;
  await session.stop();
  return elapsed;
}

// --- diagnostics after edits ---------------------------------------------------------------------------------

async function editLatency(lineCount: number): Promise<void> {
  const text = generateScript(lineCount);
  const total = text.split('\n').length - 1;
  const session = Session.start();
  await session.initialize(false);
  const uri = `file:///bench/train_${lineCount}.py`;
  let version = 1;
  await session.open(uri, text);
  await session.diagnosticsFor(uri, version);

  // Inside the header: add then remove a letter in a dependency name (`"typer"` ↔ `"typerx"`).
  const dep = positionOf(text, '"typer"', 6);
  // Far below: the same on a code line near the end of the file.
  const far = { line: total - 3, character: 4 };
  const iterations = lineCount > 1000 ? 120 : 200;
  for (const [where, at] of [
    ['inside the header', dep],
    ['far below the header', far],
  ] as const) {
    const samples: number[] = [];
    for (let i = 0; i < iterations + 10; i++) {
      const change = keystroke(at, i);
      version++;
      const t0 = performance.now();
      await session.change(uri, version, [change]);
      await session.diagnosticsFor(uri, version);
      if (i >= 10) samples.push(performance.now() - t0);
    }
    printTiming(`diagnostics after an edit ${where}, ${lineCount} lines (push)`, samples, { ms: lineCount > 1000 ? 50 : 10 });
  }

  // The same header edit with pulled diagnostics, as VS Code asks for them.
  const pull = Session.start();
  await pull.initialize(true);
  await pull.open(uri, text);
  let pv = 1;
  let resultId: string | undefined = (await pull.pull(uri)).resultId;
  const samples: number[] = [];
  for (let i = 0; i < iterations + 10; i++) {
    const change = keystroke(dep, i);
    pv++;
    const t0 = performance.now();
    await pull.change(uri, pv, [change]);
    resultId = (await pull.pull(uri, resultId)).resultId;
    if (i >= 10) samples.push(performance.now() - t0);
  }
  printTiming(`diagnostics after an edit inside the header, ${lineCount} lines (pull)`, samples, { ms: lineCount > 1000 ? 50 : 10 });
  await pull.stop();
  await session.stop();
}

// --- completion ----------------------------------------------------------------------------------------------

async function completionLatency(): Promise<void> {
  const text = generateScript(20_000);
  const session = Session.start();
  await session.initialize(false);
  const uri = 'file:///bench/complete.py';
  await session.open(uri, text);
  await session.diagnosticsFor(uri, 1);
  const emptyLine = positionOf(text, '#\n# [tool.uv]', 1);
  const inString = positionOf(text, '"typer"', 3);
  for (const [label, position] of [
    ['on an empty header line (keys and tables)', emptyLine],
    ['inside a dependencies string (names)', inString],
  ] as const) {
    const samples: number[] = [];
    let count = 0;
    for (let i = 0; i < 210; i++) {
      const t0 = performance.now();
      const list = await session.connection.sendRequest<{ items: unknown[] } | null>('textDocument/completion', {
        textDocument: { uri },
        position,
      });
      if (i >= 10) samples.push(performance.now() - t0);
      count = list?.items.length ?? 0;
    }
    printTiming(`completion ${label}, 20000 lines [${count} items]`, samples, { ms: 5 });
  }
  await session.stop();
}

// --- bundles -------------------------------------------------------------------------------------------------

function bundleSizes(): void {
  const dist = path.join(root, 'dist');
  for (const name of fs
    .readdirSync(dist)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const kb = fs.statSync(path.join(dist, name)).size / 1024;
    const target = name === 'server.js' ? `   size/target ${(kb / 1024).toFixed(2)} (target < 1 MB) ${kb < 1024 ? 'ok' : 'OVER'}` : '';
    console.log(`  bundle dist/${name.padEnd(49)} ${kb.toFixed(0).padStart(6)} KB${target}`);
  }
}

// --- helpers -------------------------------------------------------------------------------------------------

/** A realistic train script: the usual header, then `lineCount` lines in total of ordinary Python. */
export function generateScript(lineCount: number): string {
  const header = [
    '# /// script',
    '# requires-python = ">=3.11"',
    '# dependencies = [',
    '#     "torch>=2.4",',
    '#     "numpy",',
    '#     "typer",',
    '#     "loguru",',
    '# ]',
    '#',
    '# [tool.uv]',
    '# exclude-newer = "2025-06-01T00:00:00Z"',
    '#',
    '# [[tool.uv.index]]',
    '# name = "pytorch-cu128"',
    '# url = "https://download.pytorch.org/whl/cu128"',
    '# explicit = true',
    '#',
    '# [tool.uv.sources]',
    '# torch = { index = "pytorch-cu128" }',
    '# ///',
    '"""Train a model; generated for benchmarks."""',
    'import typer',
    'from loguru import logger',
    '',
  ];
  const body: string[] = [];
  for (let i = 0; body.length + header.length < lineCount; i++) {
    body.push(
      `def step_${i}(x: float) -> float:`,
      `    """Step ${i}."""`,
      `    y = x * ${i} + 1  # scale`,
      `    logger.debug("step {}", y)`,
      `    return y`,
      '',
    );
  }
  return [...header, ...body].slice(0, lineCount).join('\n') + '\n';
}

class Session {
  private readonly waiting = new Map<string, (d: unknown) => void>();

  private constructor(
    readonly connection: MessageConnection,
    private readonly exited: Promise<void>,
  ) {
    connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: unknown }) => {
      const key = `${p.uri}#${p.version}`;
      this.waiting.get(key)?.(p.diagnostics);
      this.waiting.delete(key);
    });
    connection.listen();
  }

  static start(): Session {
    const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return new Session(createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin)), exited);
  }

  async initialize(pull: boolean): Promise<void> {
    const textDocument = {
      publishDiagnostics: {},
      completion: { completionItem: { snippetSupport: true } },
      ...(pull ? { diagnostic: {} } : {}),
    };
    await this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument } });
    await this.connection.sendNotification('initialized', {});
  }

  open(uri: string, text: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** Resolves when diagnostics for this version arrive (register before they can). */
  diagnosticsFor(uri: string, version: number): Promise<unknown> {
    return new Promise((resolve) => this.waiting.set(`${uri}#${version}`, resolve));
  }

  pull(uri: string, previousResultId?: string): Promise<{ resultId?: string }> {
    return this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId });
  }

  async stop(): Promise<void> {
    await this.connection.sendRequest('shutdown', null);
    await this.connection.sendNotification('exit');
    await this.exited;
    this.connection.dispose();
  }
}

/** The i-th edit of a typing loop at `at`: even steps type an `x`, odd steps delete it again. */
function keystroke(at: Position, i: number): { range: { start: Position; end: Position }; text: string } {
  return i % 2 === 0
    ? { range: { start: at, end: at }, text: 'x' }
    : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
}
