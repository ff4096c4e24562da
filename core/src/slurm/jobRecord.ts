// The record of one submitted job, `runs/.slurm/<time>-<kind>-<name>-<job id>.json`, beside its batch script and
// output file. A train job has no run folder until its script starts on a node and creates one (maybe hours later),
// so what was submitted, where its output goes and what the scheduler last said are kept here: every window and the
// command line read the same file, and the Run Explorer shows a waiting job from it. Once the run folder exists the
// job's state is also written into the run's own record (`.experiment-scripts.json`, `runRecordEntryOfJob`).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { isPlainObject } from '#core/isPlainObject';
import type { LaunchKind } from '#core/launch/taskName';
import { describeRefusal, readRegularFile } from '#core/fs/regularFile';
import { RUNS_DIR } from '#core/runs/experimentFolder';
import type { RecordedRunner, RunRecordEntry } from '#core/runs/runRecord';
import { isActivePhase, SlurmPhase, SlurmVerdict } from './jobVerdict';
import type { SlurmJob } from './slurmJob';
import { mergeSlurmOptions, SlurmOptions } from './slurmOptions';
import { SLURM_FOLDER } from './submission';

export const JOB_RECORD_VERSION = 1;
/** A job record is a few hundred bytes; anything bigger is not ours. */
export const MAX_JOB_RECORD_BYTES = 64 * 1024;
/** An experiment keeps at most this many job records in view (newest first); older ones stay on disk. */
export const MAX_JOB_RECORDS = 500;

export interface SlurmJobRecord {
  version: typeof JOB_RECORD_VERSION;
  jobId: string;
  /** The cluster, when sbatch named one (a federation) or squeue did. */
  cluster?: string;
  kind: LaunchKind;
  /** train: the descriptive name; eval and plot: the run path `runs/<run folder>`. */
  target: string;
  /** `train·de-risk`. */
  jobName: string;
  /** ISO time sbatch accepted the job. */
  submittedAt: string;
  /** The command the job runs (program and arguments), as the run record keeps it. */
  argv: string[];
  runner: RecordedRunner;
  /** What was asked of the scheduler. */
  requested: SlurmOptions;
  /** The partition the job runs in, once the scheduler said (else the one asked for). */
  partition?: string;
  /** Absolute paths of the job's output file (its standard output and error) and batch script. */
  outputFile: string;
  scriptFile: string;
  /** The run folder's name in `runs/`: for eval and plot the target's; for train once the script created it. */
  runDirName?: string;
  /** What the last answer of the scheduler means, its state (`PENDING`, `TIMEOUT`, …) and the reason in words. */
  phase: SlurmPhase;
  state?: string;
  reason?: string;
  /** ISO time the job started on a node, once it did. */
  jobStartedAt?: string;
  /** Set once the job ended: its exit code (null when a signal ended it or it never ran) and when. */
  exitCode?: number | null;
  endedAt?: string;
}

export interface StoredJobRecord {
  /** Absolute path of the record file. */
  file: string;
  record: SlurmJobRecord;
}

/** The record file of a job: the batch script's name with `-<job id>.json` for `.sh`. */
export function jobRecordFile(scriptFile: string, jobId: string): string {
  return scriptFile.replace(/\.sh$/, '') + `-${jobId}.json`;
}

/** Whether the job may still start or run: the window and the command line follow these. */
export function jobIsActive(record: SlurmJobRecord): boolean {
  return record.endedAt === undefined && isActivePhase(record.phase);
}

/**
 * The record after an answer of the scheduler: its phase, state and reason, when it started and, once it ended,
 * its exit code and end time. The same object when the answer changes nothing (so nothing is written).
 */
export function recordWithVerdict(record: SlurmJobRecord, verdict: SlurmVerdict, job: SlurmJob | undefined, now: Date): SlurmJobRecord {
  if (record.endedAt !== undefined) return record;
  const next: SlurmJobRecord = { ...record, phase: verdict.phase, reason: verdict.reason };
  if (job) {
    next.state = job.state;
    if (job.partition) next.partition = job.partition;
    if (job.cluster && !next.cluster) next.cluster = job.cluster;
    if (job.startTime) next.jobStartedAt = new Date(job.startTime * 1000).toISOString();
  } else if (verdict.phase === 'unknown') {
    next.state = 'UNKNOWN';
  }
  if (verdict.phase === 'finished' || verdict.phase === 'failed' || verdict.phase === 'cancelled') {
    next.exitCode = verdict.exitCode ?? null;
    next.endedAt = job?.endTime ? new Date(job.endTime * 1000).toISOString() : now.toISOString();
  }
  return JSON.stringify(next) === JSON.stringify(record) ? record : next;
}

/** The run record's entry for the job's script: the SLURM part, and the end once the job ended. */
export function runRecordEntryOfJob(record: SlurmJobRecord): RunRecordEntry {
  const ended = record.endedAt !== undefined;
  const entry: RunRecordEntry = {
    exitCode: ended ? (record.exitCode ?? null) : null,
    startedAt: record.jobStartedAt ?? record.submittedAt,
    argv: [...record.argv],
    runner: record.runner,
    slurm: {
      jobId: record.jobId,
      requested: mergeSlurmOptions(record.requested),
      outputFile: record.outputFile,
      ...(record.cluster ? { cluster: record.cluster } : {}),
      ...((record.partition ?? record.requested.partition) ? { partition: record.partition ?? record.requested.partition } : {}),
      ...(record.state ? { state: record.state } : {}),
      ...(record.reason ? { reason: record.reason } : {}),
    },
  };
  if (ended) entry.endedAt = record.endedAt;
  return entry;
}

/**
 * Why the experiment's `runs/` or `runs/.slurm/` must not be used, or undefined: either one being a symbolic link
 * (or anything but a folder) would put the batch script, the output and the records somewhere outside the
 * experiment. Missing folders are fine; they are created as real folders.
 */
export async function slurmFolderProblem(experimentDir: string): Promise<string | undefined> {
  for (const rel of [RUNS_DIR, SLURM_FOLDER]) {
    try {
      const st = await fs.lstat(path.join(experimentDir, rel));
      if (st.isSymbolicLink())
        return `${rel}/ in ${experimentDir} is a symbolic link; batch scripts and job output are only written inside the experiment.`;
      if (!st.isDirectory()) return `${rel} in ${experimentDir} is not a folder.`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      return `${rel}/ in ${experimentDir} cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)}).`;
    }
  }
  return undefined;
}

/** Writes the record through a temporary file and a rename, so that a reader sees all of it or the old one. */
export async function writeJobRecord(file: string, record: SlurmJobRecord): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, JSON.stringify(record, null, 2) + '\n', { encoding: 'utf8', flag: 'wx' });
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * The job records of an experiment, newest first (at most MAX_JOB_RECORDS), and what could not be read. Only
 * regular files of `runs/.slurm/` are read (never through a link), each at most 64 KB; a damaged one is a problem.
 */
export async function readJobRecords(experimentDir: string): Promise<{ jobs: StoredJobRecord[]; problems: string[] }> {
  const dir = path.join(experimentDir, SLURM_FOLDER);
  const problems: string[] = [];
  const folderProblem = await slurmFolderProblem(experimentDir);
  if (folderProblem) return { jobs: [], problems: [folderProblem] };
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { jobs: [], problems: code === 'ENOENT' ? [] : [`${SLURM_FOLDER}/ could not be read (${code ?? String(err)})`] };
  }
  const files = names
    .filter((n) => /-\d+(?:_\d+)?\.json$/.test(n) && !n.startsWith('.'))
    .sort()
    .reverse()
    .slice(0, MAX_JOB_RECORDS);
  const jobs: StoredJobRecord[] = [];
  for (const name of files) {
    const file = path.join(dir, name);
    const read = readRegularFile(file, { maxBytes: MAX_JOB_RECORD_BYTES, links: 'refuse' });
    if (!read.ok) {
      if (read.kind !== 'missing') problems.push(`${describeRefusal(`${SLURM_FOLDER}/${name}`, read)}; it is ignored`);
      continue;
    }
    const record = parseJobRecord(read.bytes.toString('utf8'));
    if (record) jobs.push({ file, record });
    else problems.push(`${SLURM_FOLDER}/${name} is not a job record this version can read; it is ignored`);
  }
  return { jobs, problems };
}

const PHASES: readonly SlurmPhase[] = ['pending', 'running', 'finished', 'failed', 'cancelled', 'unknown'];
const RUNNERS: readonly RecordedRunner[] = ['uv', 'pixi', 'pixi-script', 'python'];

/** Reads a record; undefined when it is not one (every field is checked, nothing in it is trusted). */
export function parseJobRecord(text: string): SlurmJobRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(v) || v.version !== JOB_RECORD_VERSION) return undefined;
  const { jobId, kind, target, jobName, submittedAt, argv, runner, requested, outputFile, scriptFile, phase } = v;
  if (typeof jobId !== 'string' || !/^\d+(_\d+)?$/.test(jobId)) return undefined;
  if (kind !== 'train' && kind !== 'eval' && kind !== 'plot') return undefined;
  const strings = [target, jobName, submittedAt, outputFile, scriptFile];
  if (!strings.every((s) => typeof s === 'string')) return undefined;
  if (!Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return undefined;
  if (!RUNNERS.includes(runner as RecordedRunner) || !PHASES.includes(phase as SlurmPhase)) return undefined;
  if (!isPlainObject(requested)) return undefined;
  const record: SlurmJobRecord = {
    version: JOB_RECORD_VERSION,
    jobId,
    kind,
    target: target as string,
    jobName: jobName as string,
    submittedAt: submittedAt as string,
    argv: argv,
    runner: runner as RecordedRunner,
    requested: readRequested(requested),
    outputFile: outputFile as string,
    scriptFile: scriptFile as string,
    phase: phase as SlurmPhase,
  };
  for (const key of ['cluster', 'partition', 'state', 'reason', 'jobStartedAt', 'endedAt'] as const) {
    const value = v[key];
    if (typeof value === 'string') record[key] = value;
  }
  // A run folder name is one name inside runs/: anything with a separator or a climb is dropped.
  if (typeof v.runDirName === 'string' && !/[\\/\0]/.test(v.runDirName) && v.runDirName !== '..' && v.runDirName !== '.') {
    record.runDirName = v.runDirName;
  }
  if (v.exitCode === null || (typeof v.exitCode === 'number' && Number.isInteger(v.exitCode))) record.exitCode = v.exitCode;
  return record;
}

function readRequested(r: Record<string, unknown>): SlurmOptions {
  const o: SlurmOptions = {};
  for (const key of ['partition', 'gpuType', 'memory', 'time', 'account', 'qos'] as const) if (typeof r[key] === 'string') o[key] = r[key];
  for (const key of ['gpus', 'cpus'] as const) {
    const value = r[key];
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) o[key] = value;
  }
  if (r.gpuFlag === 'gres' || r.gpuFlag === 'gpus') o.gpuFlag = r.gpuFlag;
  if (Array.isArray(r.extraArgs) && r.extraArgs.every((a) => typeof a === 'string')) o.extraArgs = [...r.extraArgs];
  return o;
}

/**
 * Whether a job is listed on its own (the Run Explorer's job entries, `experiment-scripts runs`), beside the runs:
 * while it may still start or run and its run folder does not exist (a train job before its script created it, or
 * one whose folder was deleted) or it works on an existing run (eval, plot); and a train job that ended without
 * ever creating a run folder, whose output file is all that tells why. A job whose run shows it is not listed again.
 */
export function isJobListed(record: SlurmJobRecord, runFolderExists: boolean): boolean {
  if (jobIsActive(record)) return record.kind !== 'train' || !runFolderExists;
  return record.kind === 'train' && record.runDirName === undefined;
}
