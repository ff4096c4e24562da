// Benchmark section "metrics view": reading `metric {json}` lines on one thread (MB/s, against a bare readFileSync
// of the same file), the panel's data for 20 runs × 100,000 metric lines (parsed, summarised, reduced to the charts'
// width) at a first open and at a reopen with the parsed logs kept, a live append of one line end to end in the extension host's code (poll, model, chart data), and the webview
// bundle's size. The logs are written the way Python's json.dumps writes float32 losses: most values need 16 or 17
// digits, which is the expensive case for a number reader.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Boundary } from '#core/fs/boundary';
import { LineKernel } from '#core/metrics/lineKernel';
import { LogFollower } from '#core/metrics/logFollower';
import { MetricLineParser } from '#core/metrics/metricLineParser';
import { MetricTable } from '#core/metrics/metricTable';
import { defaultWorkerCount, type ParallelReadOptions } from '#core/metrics/parallelLogReader';
import { ParsedLogCache } from '#core/metrics/parsedLogCache';
import { MetricsSession } from '#core/metrics/session';
import { formatRunDirName } from '#core/runs/runName';
import { heading, printTiming, summarize, timeAsync } from './stats';

const ROOT = path.join(__dirname, '..', '..');
const RUNS = 20;
const LINES_PER_RUN = 100_000;

export async function run(): Promise<void> {
  heading('Metrics view');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-metrics-'));
  try {
    await parsing(tmp);
    const experiment = writeExperiment(tmp);
    await panelData(experiment);
    await liveAppend(experiment);
    bundleSize();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A float32 value as Python prints it after `.item()`: the shortest digits that read back as that double. */
function pythonFloat(x: number): string {
  return String(Math.fround(x));
}

/** One metric line per step, as a train script writes them; every 50th line an info line. */
function logText(lines: number, seed: number): string {
  const parts: string[] = [];
  const start = new Date(2025, 1, 2, 14, 30, 0).getTime();
  const pad = (n: number) => String(n).padStart(2, '0');
  let loss = 2.3 + seed * 0.01;
  for (let i = 0; i < lines; i++) {
    const d = new Date(start + i * 250);
    const time = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    loss = loss * 0.99995 + (Math.sin(i * 0.37 + seed) + 1) * 0.00003;
    const accuracy = Math.min(1, 1 - loss / 2.5);
    parts.push(
      `${time} | INFO | metric {"epoch": ${Math.floor(i / 1000)}, "step": ${i + 1}, "loss": ${pythonFloat(loss)}, "accuracy": ${accuracy.toFixed(4)}, "lr": ${pythonFloat(0.001 * Math.cos((i / lines) * Math.PI) + 0.001)}}\n`,
    );
    if (i % 50 === 49) parts.push(`${time} | INFO | saved checkpoint step ${i + 1}\n`);
  }
  return parts.join('');
}

async function parsing(tmp: string): Promise<void> {
  const file = path.join(tmp, 'parse', 'logs', 'train.log');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, logText(800_000, 1));
  const size = fs.statSync(file).size;
  const mb = size / 1024 / 1024;
  fs.readFileSync(file); // into the page cache
  const bare: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    fs.readFileSync(file);
    bare.push(performance.now() - t);
  }
  let rows = 0;
  const parse = await timeAsync(
    5,
    async () => {
      const follower = new LogFollower(file, new Boundary(tmp, 'the experiment'), 'logs/train.log');
      await follower.read();
      rows = follower.table.rowCount;
    },
    1,
  );
  if (rows !== 800_000) throw new Error(`read ${rows} metric lines of 800,000`);
  const read = summarize(bare).median;
  const parsed = summarize(parse).median;
  printTiming(`readFileSync of a ${mb.toFixed(0)} MB log (800,000 metric lines)`, bare);
  printTiming(`(c) metric lines read into columns on one thread (LogFollower.read)`, parse);
  console.log(
    `  ${'metric-line reading speed'.padEnd(70)} ${(mb / (parsed / 1000)).toFixed(0)} MB/s   (target ≥ 200 MB/s) ${mb / (parsed / 1000) >= 200 ? 'ok' : 'UNDER'}`,
  );
  console.log(`  ${'bare readFileSync speed'.padEnd(70)} ${(mb / (read / 1000)).toFixed(0)} MB/s`);
  // The parser alone on bytes already in memory (1 MiB chunks, as the follower reads them): with the WebAssembly
  // kernel for the runs of lines of one shape, and with the JavaScript reader alone.
  const bytes = fs.readFileSync(file);
  const parseBytes = (kernel: LineKernel | null) => () => {
    const parser = new MetricLineParser(new MetricTable(), undefined, 1, kernel);
    for (let at = 0; at < bytes.length; at += 1 << 20) parser.push(bytes.subarray(at, at + (1 << 20)));
    parser.finish();
  };
  const speedFromMemory = async (what: string, kernel: LineKernel | null) => {
    const times = await timeAsync(5, () => Promise.resolve(parseBytes(kernel)()), 1);
    console.log(`  ${`metric lines from memory, ${what}`.padEnd(70)} ${(mb / (summarize(times).median / 1000)).toFixed(0)} MB/s`);
  };
  const kernel = LineKernel.shared();
  if (kernel) await speedFromMemory('with the WebAssembly kernel', kernel);
  else console.log(`  ${'metric lines from memory, with the WebAssembly kernel'.padEnd(70)} not loaded`);
  await speedFromMemory('JavaScript reader alone', null);
  console.log(`  ${'reading metric lines / bare readFileSync (time, medians)'.padEnd(70)} ratio ${(parsed / read).toFixed(1)}`);
}

function writeExperiment(tmp: string): string {
  const dir = path.join(tmp, 'experiment');
  const start = new Date(2025, 1, 2, 10, 0, 0).getTime();
  for (let r = 0; r < RUNS; r++) {
    const run = path.join(dir, 'runs', formatRunDirName(new Date(start + r * 3600_000), `sweep-${r}`));
    fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
    fs.writeFileSync(path.join(run, 'logs', 'train.log'), logText(LINES_PER_RUN, r));
    fs.writeFileSync(path.join(run, 'logs', 'eval.log'), `2025-02-02 12:00:00 | INFO | metric {"split": "val", "accuracy": 0.9${r}}\n`);
  }
  return dir;
}

function runIds(experiment: string): string[] {
  return fs.readdirSync(path.join(experiment, 'runs')).sort();
}

/**
 * The panel's data for all runs: (a) a first open, every log parsed (from the page cache), on the worker threads and
 * this one, then on this thread alone; (b) a reopen, and a change of the selection, with the parsed logs kept by an
 * earlier panel of the process. (a) is the figure the target is for.
 */
async function panelData(experiment: string): Promise<void> {
  const ids = runIds(experiment);
  const bytes = ids.reduce((sum, id) => sum + fs.statSync(path.join(experiment, 'runs', id, 'logs', 'train.log')).size, 0);
  for (const id of ids) fs.readFileSync(path.join(experiment, 'runs', id, 'logs', 'train.log')); // page cache
  const what = `${RUNS} runs × ${LINES_PER_RUN.toLocaleString('en-US')} metric lines (${(bytes / 1024 / 1024).toFixed(0)} MB)`;
  let charts = 0;
  const show = (session: MetricsSession) => {
    const model = session.model();
    charts = session.showCharts(model.charts.map((c) => ({ key: c.key, width: 1200 }))).length;
  };
  const firstOpen = (parallel: ParallelReadOptions) => async () => {
    // A cache of its own each time: every log is parsed.
    const session = new MetricsSession(experiment, { logCache: new ParsedLogCache(), parallel });
    await session.setRuns(ids);
    show(session);
  };
  const workers = defaultWorkerCount();
  const threads = `${workers} worker thread${workers === 1 ? '' : 's'} + this one`;
  const parallel = await timeAsync(5, firstOpen({}), 1);
  if (charts !== 3) throw new Error(`expected 3 charts (loss, accuracy with the eval results, lr), got ${charts}`);
  printTiming(`(a) first open, ${what}: parsed on ${threads}, summarised, ${charts} charts reduced`, parallel, { ms: 300, on: 'median' });
  printTiming(`(a) the same, parsed on this thread alone`, await timeAsync(5, firstOpen({ workers: 0 }), 1), { ms: 300, on: 'median' });

  const cache = new ParsedLogCache();
  const warm = new MetricsSession(experiment, { logCache: cache });
  await warm.setRuns(ids);
  warm.dispose();
  const reopen = await timeAsync(
    5,
    async () => {
      const session = new MetricsSession(experiment, { logCache: cache });
      await session.setRuns(ids);
      show(session);
      session.dispose();
    },
    1,
  );
  printTiming(`(b) reopened, the ${RUNS} runs' logs kept (${(cache.bytes / 1024 / 1024).toFixed(0)} MiB of columns)`, reopen);
  const session = new MetricsSession(experiment, { logCache: cache });
  await session.setRuns(ids);
  show(session);
  const fewer = ids.slice(1);
  const change = await timeAsync(5, async () => {
    await session.setRuns(fewer);
    show(session);
    await session.setRuns(ids);
    show(session);
  });
  printTiming(`(b) selection changed to ${fewer.length} runs and back, logs kept (both steps)`, change);
  session.dispose();
}

async function liveAppend(experiment: string): Promise<void> {
  const ids = runIds(experiment);
  const session = new MetricsSession(experiment);
  await session.setRuns(ids);
  session.showCharts(session.model().charts.map((c) => ({ key: c.key, width: 1200 })));
  const log = path.join(experiment, 'runs', ids[0], 'logs', 'train.log');
  const samples: number[] = [];
  for (let i = 0; i < 55; i++) {
    fs.appendFileSync(
      log,
      `2025-02-02 20:00:00 | INFO | metric {"epoch": 100, "step": ${LINES_PER_RUN + 1 + i}, "loss": 0.0123456789, "accuracy": 0.99, "lr": 1e-06}\n`,
    );
    // What the panel does on each poll: read the appended bytes, then build the model and the changed charts' data.
    const started = performance.now();
    const result = await session.poll();
    if (result.modelChanged) session.model();
    if (result.charts.length === 0) throw new Error('the append reached no chart');
    if (i >= 5) samples.push(performance.now() - started);
  }
  printTiming(`live append of 1 line to one of ${RUNS} runs shown: poll, model, chart data`, samples, { ms: 5, on: 'median' });
}

function bundleSize(): void {
  const dir = path.join(ROOT, 'dist', 'webview');
  const js = fs.statSync(path.join(dir, 'metrics.js')).size;
  const css = fs.statSync(path.join(dir, 'metrics.css')).size;
  const kb = (js + css) / 1024;
  console.log(
    `  ${'webview bundle (dist/webview/metrics.js + metrics.css)'.padEnd(70)} ${kb.toFixed(0)} KB (js ${(js / 1024).toFixed(0)} KB, css ${(css / 1024).toFixed(0)} KB)   (target < 300 KB) ${kb < 300 ? 'ok' : 'OVER'}`,
  );
}
