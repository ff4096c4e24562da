// The run record: `<run>/.experiment-scripts.json`, written by the launcher when it starts and when it sees a
// launched script end. It is what lets the index say "failed" for a run whose log looks fine, and "running" for a
// run whose log has been quiet for a while. The file is small, merged per script, and written atomically
// (temp file + rename) so that a reader never sees half of it.
//
// The run folder comes from a repository: the record is read only as a regular file of at most 64 KiB (never a
// pipe, a device or a link out of the experiment), and written only into a run folder whose real path is inside
// the experiment, by renaming a new file over the name (so a link there is replaced, never written through).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Boundary } from '#core/fs/boundary';
import type { FsPath } from '#core/fs/fsPath';
import { childPath } from '#core/fs/fsPath';
import { describeRefusal, readRegularFile } from '#core/fs/regularFile';
import { isPlainObject } from '#core/isPlainObject';
import type { SlurmOptions } from '#core/slurm/slurmOptions';

export const RUN_RECORD_FILE = '.experiment-scripts.json';
/** A record is a few hundred bytes; a file far larger than that is not one, and is not read. */
export const MAX_RECORD_BYTES = 64 * 1024;

export type RunScript = 'train' | 'eval' | 'plot';
export const RUN_SCRIPTS: readonly RunScript[] = ['train', 'eval', 'plot'];

export interface RunRecordEntry {
  /** Exit code of the script; null while it runs, or when it was ended by a signal (then endedAt is set). */
  exitCode: number | null;
  /** ISO time the launcher started the script. */
  startedAt: string;
  /** ISO time the script ended; absent while it runs. */
  endedAt?: string;
  /** The command line as launched (program and arguments). */
  argv: string[];
  /** Process id of the launched script, so that a reader can tell whether it still runs. */
  pid?: number;
  /** How it was run: `uv`, `pixi` (a manifest's environment), `pixi-script` (the script's own), `python`. */
  runner?: RecordedRunner;
  /** Set when the script was submitted to SLURM instead of started here. */
  slurm?: RunRecordSlurm;
}

/** A script run as a SLURM job: which job, where, and what it asked for. Absent from records of local launches. */
export interface RunRecordSlurm {
  /** The job id sbatch printed. */
  jobId: string;
  /** The cluster's name (sbatch's answer on a federation, else squeue's `cluster`), when known. */
  cluster?: string;
  /** The partition the job runs in: the one asked for, or the cluster's default as squeue reports it. */
  partition?: string;
  /** What was asked of the scheduler (GPUs, CPUs, memory, time limit, account, QOS, extra sbatch arguments). */
  requested: SlurmOptions;
  /** The job's output file (its standard output and error), absolute. */
  outputFile?: string;
  /** The scheduler's last word on the job (`PENDING`, `TIMEOUT`, …) and its reason, for readers that cannot ask it. */
  state?: string;
  reason?: string;
}

export type RecordedRunner = 'uv' | 'pixi' | 'pixi-script' | 'python';
const RECORDED_RUNNERS: readonly string[] = ['uv', 'pixi', 'pixi-script', 'python'];

export interface RunRecord {
  train?: RunRecordEntry;
  eval?: RunRecordEntry;
  plot?: RunRecordEntry;
  /** Problems met while reading the file (not stored in it): a corrupt file gives a problem, never an exception. */
  problems: string[];
}

export function runRecordPath(runDir: string): string {
  return path.join(runDir, RUN_RECORD_FILE);
}

/** Reads the record of a run: undefined when there is none; a record with `problems` when the file is damaged. */
export function readRunRecord(runDir: string): Promise<RunRecord | undefined> {
  return Promise.resolve(readRunRecordSync(runDir, experimentOfRun(runDir)));
}

/** The same, for a run folder already resolved by the caller, under the experiment's boundary. */
export function readRunRecordSync(runDir: FsPath, boundary: Boundary): RunRecord | undefined {
  const read = readRegularFile(childPath(runDir, RUN_RECORD_FILE), { maxBytes: MAX_RECORD_BYTES, links: boundary });
  if (!read.ok) {
    if (read.kind === 'missing') return undefined;
    const tail = read.kind === 'skipped' ? "; the launcher's record of this run is not read" : '';
    return { problems: [describeRefusal(RUN_RECORD_FILE, read) + tail] };
  }
  return parseRunRecord(read.bytes.toString('utf8'));
}

/** The boundary of the experiment a run folder `<experiment>/runs/<run>` belongs to. */
function experimentOfRun(runDir: string): Boundary {
  return new Boundary(path.dirname(path.dirname(path.resolve(runDir))), 'the experiment');
}

/** Parses the text of a record; every malformed part becomes a problem and is left out. */
export function parseRunRecord(text: string): RunRecord {
  const record: RunRecord = { problems: [] };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    record.problems.push(`${RUN_RECORD_FILE} is not valid JSON; the launcher's record of this run is ignored`);
    return record;
  }
  if (!isPlainObject(data)) {
    record.problems.push(`${RUN_RECORD_FILE} does not hold a JSON object; the launcher's record of this run is ignored`);
    return record;
  }
  for (const script of RUN_SCRIPTS) {
    if (!(script in data)) continue;
    const entry = toEntry(data[script]);
    if (entry) record[script] = entry;
    else record.problems.push(`${RUN_RECORD_FILE}: the "${script}" entry is malformed and is ignored`);
    const slurm = isPlainObject(data[script]) ? data[script].slurm : undefined;
    if (entry && slurm !== undefined) {
      const job = toSlurm(slurm);
      if (job) entry.slurm = job;
      else record.problems.push(`${RUN_RECORD_FILE}: the SLURM job of the "${script}" entry is malformed and is ignored`);
    }
  }
  return record;
}

function toSlurm(v: unknown): RunRecordSlurm | undefined {
  if (!isPlainObject(v) || typeof v.jobId !== 'string' || !/^\d+(_\d+)?$/.test(v.jobId) || !isPlainObject(v.requested)) return undefined;
  const job: RunRecordSlurm = { jobId: v.jobId, requested: {} };
  for (const key of ['cluster', 'partition', 'outputFile', 'state', 'reason'] as const) {
    const value = v[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    job[key] = value;
  }
  const r = v.requested;
  for (const key of ['partition', 'gpuType', 'memory', 'time', 'account', 'qos'] as const) {
    const value = r[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') return undefined;
    job.requested[key] = value;
  }
  for (const key of ['gpus', 'cpus'] as const) {
    const value = r[key];
    if (value === undefined) continue;
    if (!(typeof value === 'number' && Number.isInteger(value) && value >= 0)) return undefined;
    job.requested[key] = value;
  }
  if (r.gpuFlag !== undefined) {
    if (r.gpuFlag !== 'gres' && r.gpuFlag !== 'gpus') return undefined;
    job.requested.gpuFlag = r.gpuFlag;
  }
  if (r.extraArgs !== undefined) {
    if (!Array.isArray(r.extraArgs) || !r.extraArgs.every((a) => typeof a === 'string')) return undefined;
    job.requested.extraArgs = r.extraArgs.filter((a): a is string => typeof a === 'string');
  }
  return job;
}

function toEntry(v: unknown): RunRecordEntry | undefined {
  if (!isPlainObject(v)) return undefined;
  const { exitCode, startedAt, endedAt, argv, pid, runner } = v;
  if (!(exitCode === null || (typeof exitCode === 'number' && Number.isInteger(exitCode)))) return undefined;
  if (typeof startedAt !== 'string') return undefined;
  if (endedAt !== undefined && typeof endedAt !== 'string') return undefined;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return undefined;
  if (pid !== undefined && !(typeof pid === 'number' && Number.isInteger(pid) && pid > 0)) return undefined;
  const entry: RunRecordEntry = { exitCode, startedAt, argv: argv };
  if (endedAt !== undefined) entry.endedAt = endedAt;
  if (pid !== undefined) entry.pid = pid;
  // A runner this version does not know (written by a newer one) is left out, not a reason to drop the entry.
  if (typeof runner === 'string' && RECORDED_RUNNERS.includes(runner)) entry.runner = runner as RecordedRunner;
  return entry;
}

// Writes to one record are chained so that two scripts of the same run ending together do not lose an entry.
const pendingWrites = new Map<string, Promise<void>>();
let tempCounter = 0;

/**
 * Sets the entry of one script in the run's record, keeping the other scripts' entries, and writes the file
 * atomically. A damaged existing file is replaced. Throws only when the run folder cannot be written.
 */
export function writeRunRecord(runDir: string, script: RunScript, entry: RunRecordEntry): Promise<void> {
  const file = runRecordPath(runDir);
  const previous = pendingWrites.get(file) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => writeNow(runDir, script, entry));
  pendingWrites.set(file, next);
  const cleanup = () => {
    if (pendingWrites.get(file) === next) pendingWrites.delete(file);
  };
  next.then(cleanup, cleanup);
  return next;
}

function writeNow(runDir: string, script: RunScript, entry: RunRecordEntry): void {
  // The launcher names the folder `<experiment>/runs/<run>`; what it really is must be inside that experiment.
  const boundary = experimentOfRun(runDir);
  const real = fs.realpathSync.native(runDir);
  if (!boundary.holds(real)) throw new Error(`the record is not written: ${runDir} leads to ${real}, outside the experiment`);
  if (!fs.statSync(real).isDirectory()) throw new Error(`the record is not written: ${runDir} is not a folder`);
  const existing = readRunRecordSync(real, boundary);
  const data: Partial<Record<RunScript, RunRecordEntry>> = {};
  for (const s of RUN_SCRIPTS) {
    const e = existing?.[s];
    if (e) data[s] = e;
  }
  data[script] = { ...entry, argv: [...entry.argv] };
  const file = path.join(real, RUN_RECORD_FILE);
  const temp = `${file}.${process.pid}.${++tempCounter}.tmp`;
  try {
    // A new file (never an existing one, never through a link), then renamed over the record's name.
    const fd = fs.openSync(
      temp,
      fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0),
      0o644,
    );
    try {
      fs.writeFileSync(fd, JSON.stringify(data, null, 2) + '\n', 'utf8');
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}
