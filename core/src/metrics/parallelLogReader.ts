// Reads the first time several large logs at once on more than one core: the logs are shared out among worker
// threads (node:worker_threads) and the calling thread, each reading whole logs with a LogFollower of its own, so
// the same reading rules hold in a worker (regular files only, size caps, no link out of the experiment). A worker
// hands its follower's state back with the columns' ArrayBuffers transferred, not copied, and the caller's follower
// carries on from it. A worker that cannot start, or fails, leaves its logs to the calling thread.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker, type MessagePort } from 'node:worker_threads';
import { Boundary } from '#core/fs/boundary';
import { errorMessage } from '#core/errorMessage';
import { LogFollower, type FollowerOptions, type FollowerState } from './logFollower';
import { transferList } from './metricTable';

/** Logs smaller than this are read where they are: a worker's start costs more than their reading. */
export const MIN_WORKER_LOG_BYTES = 4 * 1024 * 1024;
/** The worker's script, beside this file's compiled code (out/core/src/metrics/ or the bundles' dist/). */
export const WORKER_FILE = path.join(__dirname, 'metricsWorker.js');

export interface ParallelReadOptions {
  /** Worker threads at most; by default one per core beyond the calling thread's. */
  workers?: number;
  minWorkerLogBytes?: number;
  workerFile?: string;
}

/** What a worker is asked: one log to read from its start. */
export interface LogReadRequest {
  id: number;
  file: string;
  folder: string;
  folderName: string;
  name: string;
  opts: FollowerOptions;
}

export type LogReadReply = { id: number; state: FollowerState } | { id: number; error: string };

/** How many workers help by default: one per core beyond the calling thread's. */
export function defaultWorkerCount(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(0, cores - 1);
}

/** How a readLogs call went: the workers started, and the logs they read. */
export interface ParallelReadStats {
  workers: number;
  logsInWorkers: number;
}

/** Reads each follower once (what a LogFollower.read does), the large first reads of several logs in parallel. */
export async function readLogs(followers: readonly LogFollower[], options: ParallelReadOptions = {}): Promise<ParallelReadStats> {
  const min = options.minWorkerLogBytes ?? MIN_WORKER_LOG_BYTES;
  const large: LogFollower[] = [];
  const rest: LogFollower[] = [];
  const sizes = new Map<LogFollower, number>();
  for (const f of followers) {
    const size = f.seen ? 0 : sizeOf(f.file);
    sizes.set(f, size);
    (!f.seen && size >= min ? large : rest).push(f);
  }
  const workerCount = Math.min(options.workers ?? defaultWorkerCount(), large.length - 1);
  const stats: ParallelReadStats = { workers: 0, logsInWorkers: 0 };
  if (workerCount < 1) {
    await Promise.all(followers.map((f) => f.read()));
    return stats;
  }
  // Largest first, so that no thread is left with a big log at the end while the others wait.
  large.sort((a, b) => (sizes.get(b) ?? 0) - (sizes.get(a) ?? 0));
  const queue = [...large];
  const inThread = async () => {
    for (let f = queue.shift(); f; f = queue.shift()) await f.read();
  };
  const workers = Array.from({ length: workerCount }, () => readInWorker(queue, options.workerFile ?? WORKER_FILE, stats));
  await Promise.all([Promise.all(rest.map((f) => f.read())).then(inThread), ...workers]);
  return stats;
}

/** How long a worker left idle is kept for the next readLogs call (its compiled code then stays warm). */
const IDLE_WORKER_MS = 30_000;

/**
 * Workers between calls, by script. An idle worker does not keep the process alive (it is unref'd), and is ended
 * after IDLE_WORKER_MS.
 */
class WorkerPool {
  private readonly idle = new Map<string, Worker[]>();
  private timer: NodeJS.Timeout | undefined;

  take(file: string): Worker | undefined {
    const worker = this.idle.get(file)?.pop();
    if (worker) {
      worker.ref();
      return worker;
    }
    try {
      return new Worker(file);
    } catch {
      return undefined;
    }
  }

  give(file: string, worker: Worker): void {
    worker.unref();
    const list = this.idle.get(file) ?? [];
    list.push(worker);
    this.idle.set(file, list);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.endIdle(), IDLE_WORKER_MS);
    this.timer.unref();
  }

  private endIdle(): void {
    for (const list of this.idle.values()) for (const worker of list) void worker.terminate();
    this.idle.clear();
  }
}

const pool = new WorkerPool();

/** One worker taking logs from the queue until it is empty; a log it fails on is read by the calling thread. */
async function readInWorker(queue: LogFollower[], workerFile: string, stats: ParallelReadStats): Promise<void> {
  const worker = pool.take(workerFile);
  if (!worker) return; // the calling thread reads the queue
  let failed = false;
  let pending: { follower: LogFollower; resolve: () => void } | undefined;
  const fail = () => {
    failed = true;
    const p = pending;
    pending = undefined;
    // The log it held goes back to the calling thread.
    if (p) void p.follower.read().then(p.resolve, p.resolve);
  };
  const onMessage = (reply: LogReadReply) => {
    const p = pending;
    pending = undefined;
    if (!p) return;
    if ('state' in reply) {
      p.follower.adopt(reply.state);
      stats.logsInWorkers++;
      p.resolve();
    } else void p.follower.read().then(p.resolve, p.resolve);
  };
  stats.workers++;
  worker.on('error', fail);
  worker.on('exit', fail);
  worker.on('message', onMessage);
  try {
    let id = 0;
    while (!failed) {
      const follower = queue.shift();
      if (!follower) break;
      await new Promise<void>((resolve) => {
        pending = { follower, resolve };
        const request: LogReadRequest = {
          id: ++id,
          file: follower.file,
          folder: follower.boundary.folder,
          folderName: follower.boundary.name,
          name: follower.name,
          opts: follower.options,
        };
        worker.postMessage(request);
      });
    }
  } finally {
    worker.off('error', fail);
    worker.off('exit', fail);
    worker.off('message', onMessage);
    if (failed) {
      worker.on('error', () => undefined);
      void worker.terminate();
    } else pool.give(workerFile, worker);
  }
}

/** The worker's side: reads each log asked for and sends its follower's state back, the columns transferred. */
export function serveLogReads(port: MessagePort): void {
  port.on('message', (request: LogReadRequest) => {
    const follower = new LogFollower(request.file, new Boundary(request.folder, request.folderName), request.name, request.opts);
    follower.read().then(
      () => {
        const state = follower.exportState();
        const transfer = transferList(state.table);
        if (state.parser.pending) transfer.push(state.parser.pending.buffer as ArrayBuffer);
        port.postMessage({ id: request.id, state } satisfies LogReadReply, transfer);
      },
      (err: unknown) => port.postMessage({ id: request.id, error: errorMessage(err) } satisfies LogReadReply),
    );
  });
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  } catch {
    return 0;
  }
}
