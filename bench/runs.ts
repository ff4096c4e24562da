// Benchmark section "run index": listing an experiment with 10,000 runs, `experiment-scripts runs` on it as a whole
// process beside a bare `node -e 0`, reading the latest metric from the tail of a 1 GB log (time and memory), and the
// Run Explorer's first listing (provider construction + first children).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Module } from 'node:module';
import { indexExperiment } from '#core/runs/experimentIndex';
import { LiveExperiment } from '#core/runs/liveExperiment';
import { readLogTail } from '#core/runs/metricsTail';
import { ProcessTable } from '#core/runs/processTable';
import type { Log } from '#client/log';
import { formatRunDirName } from '#core/runs/runName';
import { heading, printRatio, printTiming, summarize, timeAsync } from './stats';

const ROOT = path.join(__dirname, '..', '..');

export async function run(): Promise<void> {
  heading('Run index');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-runs-'));
  try {
    const big = await indexTenThousand(tmp);
    wholeCommand(big);
    await processScan(tmp);
    await tailOfHugeLog(tmp);
    await treeFirstListing(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function indexTenThousand(tmp: string): Promise<string> {
  const dir = path.join(tmp, 'big-experiment');
  const start = new Date(2024, 0, 1).getTime();
  for (let i = 0; i < 10_000; i++) {
    const run = path.join(dir, 'runs', formatRunDirName(new Date(start + i * 60_000), `sweep-${i}`));
    fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(run, 'logs', 'train.log'), `2024-01-01 00:00:00 | INFO | metric {"step": ${i}, "loss": 0.5}\n`);
  }
  for (let i = 0; i < 20; i++) fs.mkdirSync(path.join(dir, 'runs', `scratch-${i}`));
  const check = await indexExperiment(dir);
  if (check.runs.length !== 10_000 || check.notRuns.length !== 20)
    throw new Error(`indexed ${check.runs.length} runs, ${check.notRuns.length} others`);
  await indexExperiment(dir); // warm the file system cache, as a second listing in the editor would be
  printTiming('indexExperiment, 10,000 runs (names and dates)', await timeAsync(20, () => indexExperiment(dir)), { ms: 300 });
  printTiming(
    '  + details of the first page (200 runs: record, log tail)',
    await timeAsync(10, () => new LiveExperiment(dir).visibleRuns()),
  );
  printTiming(
    'indexExperiment with details, 10,000 runs (what `runs` does)',
    await timeAsync(5, () => indexExperiment(dir, { details: true })),
  );
  return dir;
}

/**
 * `experiment-scripts runs` on the 10,000 runs, timed as a user sees it: the whole process (Node's start, loading
 * the bundle, listing, every run's record and log tail, the text output), against a bare `node -e 0` timed the
 * same way, alternately, so that a busy machine slows both. The logs were just written, so every run is also
 * looked for among the processes (one /proc pass), as for a freshly cloned experiment.
 */
function wholeCommand(dir: string): void {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const time = (args: string[]): number => {
    const t0 = performance.now();
    const res = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const ms = performance.now() - t0;
    if (res.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${res.status}: ${res.stderr}`);
    return ms;
  };
  const lines = spawnSync(process.execPath, [cli, 'runs', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout.split(
    '\n',
  ).length;
  if (lines < 10_020) throw new Error(`runs printed ${lines} lines`);
  const bare: number[] = [];
  const runs: number[] = [];
  const json: number[] = [];
  for (let i = 0; i < 7; i++) {
    bare.push(time(['-e', '0']));
    runs.push(time([cli, 'runs', dir]));
    json.push(time([cli, 'runs', '--format', 'json', dir]));
  }
  printTiming('node -e 0 (a bare Node start, whole process)', bare);
  printTiming('experiment-scripts runs, 10,000 runs (whole process)', runs);
  printTiming('experiment-scripts runs --format json, 10,000 runs (whole process)', json);
  printRatio('experiment-scripts runs / node -e 0 (medians)', summarize(runs).median / summarize(bare).median, 10);
}

/**
 * The price of "running means a process runs it": one pass over /proc (a readlink of every process's working folder,
 * then command line and start time of the few in the experiment), and a first page of 200 runs all recent enough to
 * be looked for, which shares one pass. Linux only.
 */
async function processScan(tmp: string): Promise<void> {
  if (process.platform !== 'linux') {
    console.log('  /proc scan: skipped (no /proc on this system)');
    return;
  }
  const dir = path.join(tmp, 'recent-experiment');
  const now = Date.now();
  for (let i = 0; i < 200; i++) {
    const run = path.join(dir, 'runs', formatRunDirName(new Date(now - (i + 1) * 60_000), `sweep-${i}`));
    fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(run, 'logs', 'train.log'), `2024-01-01 00:00:00 | INFO | metric {"step": ${i}, "loss": 0.5}\n`);
  }
  const processes = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
  const table = new ProcessTable();
  printTiming(
    `one pass over /proc (${processes} processes), processes in one folder`,
    await timeAsync(50, () => {
      table.invalidate();
      return table.processesIn(dir);
    }),
    { ms: 50 },
  );
  const scansBefore = table.scans;
  const page = () => {
    table.invalidate();
    return new LiveExperiment(dir, { processes: table }).visibleRuns();
  };
  await page();
  const samples = await timeAsync(10, page);
  printTiming('details of 200 runs from the last hours (record, log tail, 1 /proc pass)', samples, { ms: 300 });
  if ((table.scans - scansBefore) / 11 !== 1) throw new Error(`expected one /proc pass per page, made ${table.scans - scansBefore} in 11`);
}

async function tailOfHugeLog(tmp: string): Promise<void> {
  const file = path.join(tmp, 'train.log');
  const fd = fs.openSync(file, 'w');
  const line = '2025-02-02 14:30:00 | INFO | metric {"epoch": 99, "step": 123456, "loss": 0.0123, "accuracy": 0.991}\n';
  // A sparse 1 GB file: the bytes before the last lines read as NUL padding; what matters is where the reader looks.
  fs.ftruncateSync(fd, 1024 ** 3);
  fs.writeSync(fd, '\n' + line.repeat(3), 1024 ** 3);
  fs.closeSync(fd);
  const size = fs.statSync(file).size;
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const samples = await timeAsync(50, async () => {
    const tail = await readLogTail(file);
    if (tail.latestMetrics?.epoch !== 99) throw new Error('wrong metrics');
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  });
  printTiming(`latest metric from the tail of a ${(size / 1024 ** 3).toFixed(2)} GB log`, samples, { ms: 20 });
  console.log(
    `  ${'peak RSS growth while reading it 50 times'.padEnd(58)} ${((rssPeak - rssBefore) / 1024 / 1024).toFixed(1)} MB (file: ${(size / 1024 / 1024).toFixed(0)} MB)`,
  );

  // Worst case: no metric line near the end, so the reader goes back to its 1 MiB cap and stops.
  const noMetric = path.join(tmp, 'no-metric.log');
  const fd2 = fs.openSync(noMetric, 'w');
  fs.ftruncateSync(fd2, 1024 ** 3);
  fs.writeSync(fd2, '\n' + '2025-02-02 14:30:00 | INFO | step done\n'.repeat(40_000), 1024 ** 3);
  fs.closeSync(fd2);
  printTiming('1 GB log without metric lines near the end (1 MiB cap)', await timeAsync(20, () => readLogTail(noMetric)), { ms: 20 });
}

async function treeFirstListing(tmp: string): Promise<void> {
  const workspace = path.join(tmp, 'workspace');
  fs.cpSync(path.join(ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  const old = new Date(2025, 1, 4);
  const age = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) age(path.join(d, e.name));
      fs.utimesSync(path.join(d, e.name), old, old);
    }
  };
  age(workspace);
  const restore = installVscodeStand(workspace);
  try {
    // Loaded after the stand-in is installed: the provider imports 'vscode'.
    const { RunExplorerProvider } = await import('#client/runExplorer/runExplorerProvider');
    // Problems would be logged; a benchmark that logs one has measured something else, so it stops.
    const log = {
      error: (...args: unknown[]) => {
        throw new Error(`Run Explorer logged an error: ${args.map(String).join(' ')}`);
      },
    } as unknown as Log;
    const listing = async () => {
      const provider = new RunExplorerProvider(log);
      const roots = await provider.getChildren();
      for (const root of roots) {
        provider.getTreeItem(root);
        for (const child of await provider.getChildren(root)) provider.getTreeItem(child);
      }
      provider.dispose();
      if (roots.length === 0) throw new Error('no experiment found');
    };
    await listing();
    printTiming('Run Explorer: new provider + first children (e2e workspace)', await timeAsync(20, listing), { ms: 50 });
  } finally {
    restore();
  }
}

/**
 * A minimal stand-in for the `vscode` module, enough for the Run Explorer provider to run in plain Node: it measures
 * the provider's own work (discovery, index, details, tree items), not VS Code's rendering.
 */
function installVscodeStand(workspace: string): () => void {
  class EventEmitter<T> {
    private listeners: ((e: T) => void)[] = [];
    event = (l: (e: T) => void) => (this.listeners.push(l), { dispose: () => undefined });
    fire(e: T) {
      for (const l of this.listeners) l(e);
    }
    dispose() {}
  }
  class Uri {
    constructor(
      readonly fsPath: string,
      readonly scheme = 'file',
    ) {}
    static file(p: string) {
      return new Uri(p);
    }
  }
  class TreeItem {
    label?: unknown;
    resourceUri?: Uri;
    [k: string]: unknown;
    constructor(
      labelOrUri: unknown,
      readonly collapsibleState?: number,
    ) {
      if (labelOrUri instanceof Uri) this.resourceUri = labelOrUri;
      else this.label = labelOrUri;
    }
  }
  class MarkdownString {
    value = '';
    appendMarkdown(s: string) {
      this.value += s;
      return this;
    }
  }
  const watcher = () => ({
    onDidCreate: () => undefined,
    onDidChange: () => undefined,
    onDidDelete: () => undefined,
    dispose: () => undefined,
  });
  const stand = {
    EventEmitter,
    Uri,
    TreeItem,
    MarkdownString,
    ThemeIcon: class {
      constructor(
        readonly id: string,
        readonly color?: unknown,
      ) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    RelativePattern: class {
      constructor(
        readonly base: unknown,
        readonly pattern: string,
      ) {}
    },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    workspace: {
      workspaceFolders: [{ uri: Uri.file(workspace), name: 'workspace', index: 0 }],
      onDidChangeWorkspaceFolders: () => ({ dispose: () => undefined }),
      onDidChangeConfiguration: () => ({ dispose: () => undefined }),
      createFileSystemWatcher: watcher,
      asRelativePath: (p: string) => path.relative(workspace, p),
      getConfiguration: () => ({ get: <T>(_key: string, fallback: T) => fallback }),
    },
  };
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? stand : original.call(this, request, ...rest);
  };
  return () => {
    mod._load = original;
  };
}
