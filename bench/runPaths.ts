// Benchmark section "run paths": completion of `runs/` and hover on a run path, over the real protocol against
// dist/server.js, in an experiment with 10,000 runs: the first completion (listing plus details of the newest
// runs), completions while the listing is cached, the cost of the quick rejection for ordinary completion requests
// in a 20,000-line file, a run path at the end of that file (the string lexer reads all of it), and hover.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageConnection, StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { formatRunDirName } from '#core/runs/runName';
import { MAX_RUN_PATH_ITEMS } from '#core/runPaths/index';
import { generateScript } from './server';
import { heading, printTiming, timeAsync } from './stats';

const serverJs = path.resolve(__dirname, '../../dist/server.js');
const RUNS = 10_000;

export async function run(): Promise<void> {
  heading(`Run paths (dist/server.js --stdio, an experiment with ${RUNS.toLocaleString('en')} runs)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runpaths-'));
  const server = startServer();
  try {
    const dir = makeExperiment(tmp);
    await server.request('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { completion: {} } } });
    await server.notify('initialized', {});

    const body = generateScript(20_000);
    const text = body + 'EVAL_EXAMPLE = "runs/"\nDEFAULT_RUN = "runs/' + formatRunDirName(new Date(2024, 0, 1, 0, 0), 'sweep-0') + '"\n';
    const file = path.join(dir, 'eval.py');
    fs.writeFileSync(file, text);
    const uri = pathToFileURL(file).href;
    await server.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const lines = text.split('\n');
    const completionLine = lines.length - 3;
    const atRuns = { line: completionLine, character: lines[completionLine].length - 1 };
    const complete = (position: { line: number; character: number }) =>
      server.request<{ items: unknown[] } | null>('textDocument/completion', { textDocument: { uri }, position });
    const invalidate = () =>
      server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(dir, 'runs', 'x')).href, type: 1 }] });

    // First completion after the listing was dropped: list runs/ and read the details of the newest runs.
    const cold: number[] = [];
    let count = 0;
    for (let i = 0; i < 12; i++) {
      await invalidate();
      const t0 = performance.now();
      count = (await complete(atRuns))?.items.length ?? 0;
      if (i >= 2) cold.push(performance.now() - t0);
    }
    if (count !== MAX_RUN_PATH_ITEMS) throw new Error(`completion offered ${count} runs, expected the first ${MAX_RUN_PATH_ITEMS}`);
    printTiming(`completion of "runs/", listing not cached [${count} of ${RUNS} runs]`, cold, { ms: 500 });
    printTiming(`completion of "runs/", listing cached, at the end of a 20000-line file`, await timeAsync(100, () => complete(atRuns), 1), {
      ms: 20,
    });
    // Typing narrows the list: each keystroke asks again (the list is incomplete), answered from the cached listing.
    const typedLine = completionLine + 1;
    const typed = { line: typedLine, character: lines[typedLine].indexOf('runs/') + 'runs/2024-01-01T00-00-00-sweep-0'.length };
    let narrowed = 0;
    const samples = await timeAsync(100, async () => (narrowed = (await complete(typed))?.items.length ?? 0), 1);
    printTiming(`completion of "runs/2024-01-01T00-00-00-sweep-0" (filtered) [${narrowed} items]`, samples, { ms: 20 });

    const codeLine = lines.findIndex((l, i) => i > 100 && l.trim().length > 10 && !l.includes('"'));
    const inCode = { line: codeLine, character: lines[codeLine].length };
    printTiming('completion request on a code line (no run path: rejected on the line)', await timeAsync(200, () => complete(inCode), 1), {
      ms: 5,
    });

    const hoverLine = lines.length - 2;
    const onPath = { line: hoverLine, character: lines[hoverLine].indexOf('runs/') + 8 };
    const hover = () => server.request('textDocument/hover', { textDocument: { uri }, position: onPath });
    printTiming('hover on a run path (reads that run: record, log tail)', await timeAsync(100, hover, 1), { ms: 50 });
    await server.request('shutdown', null);
    await server.notify('exit');
  } finally {
    server.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** 10,000 run folders; the newest 100 have a train log with a metric line, as finished runs do. */
function makeExperiment(tmp: string): string {
  const dir = path.join(tmp, 'experiment');
  fs.mkdirSync(path.join(dir, 'runs'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'train.py'), '');
  const start = new Date(2024, 0, 1).getTime();
  for (let i = 0; i < RUNS; i++) {
    const runDir = path.join(dir, 'runs', formatRunDirName(new Date(start + i * 60_000), `sweep-${i}`));
    if (i === 0 || i >= RUNS - 100) {
      fs.mkdirSync(path.join(runDir, 'logs'), { recursive: true });
      fs.writeFileSync(path.join(runDir, 'logs', 'train.log'), `2024-01-01 00:00:00 | INFO | metric {"step": ${i}, "loss": 0.5}\n`);
    } else fs.mkdirSync(runDir);
  }
  return dir;
}

function startServer(): {
  request<T>(method: string, params: unknown): Promise<T>;
  notify(method: string, params?: unknown): Promise<void>;
  dispose(): void;
} {
  const child = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection: MessageConnection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  connection.listen();
  return {
    request: <T>(method: string, params: unknown) => connection.sendRequest<T>(method, params),
    notify: (method: string, params?: unknown) => connection.sendNotification(method, params),
    dispose() {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}
