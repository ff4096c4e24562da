// The run index of an experiment folder: what `runs/` holds, split into runs and folders that are not runs.
// Indexing is two-speed on purpose. `indexExperiment` reads `runs/` once (names and dates come from folder names,
// no per-run I/O), so an experiment with 10,000 runs lists in milliseconds; `loadRunDetails` then reads one run's
// record and log tail to fill its status, latest metrics and problems, for the runs someone actually looks at.
// Nothing here throws for a broken folder: every failure becomes a problem string or a "not a run" reason.
import { promises as fs, Dirent } from 'node:fs';
import * as path from 'node:path';
import type { ExperimentIndex, NotARun, RunInfo } from './types';
import { explainNotARunName, parseRunDirName } from './runName';
import { describeFsError } from '#core/fsErrors';
import { readRunRecord } from './runRecord';
import { describeInvalidMetricLines, LogTail, readLogTail, TailOptions } from './metricsTail';
import { deriveRunStatus } from './runStatus';
import { mayStillRun, ProcessSearch, ProcessTable, RecordedProcessState, systemProcesses } from './processTable';
import { RUNS_DIR } from './experimentFolder';
import { mapLimit } from '#core/mapLimit';

export const TRAIN_LOG = path.join('logs', 'train.log');

export interface DetailOptions {
  /** Clock for the rules that look at the log's age; Date.now() by default. */
  now?: number;
  /** How many bytes of the log tail to read at most, and in which steps. */
  tail?: TailOptions;
  /** Where running processes are looked up; the shared system table by default, tests hand in a fake /proc. */
  processes?: ProcessTable;
  /** File name of the train script, as it appears on the command line of a run's process; `train.py` by default. */
  trainScript?: string;
}

export interface IndexOptions extends DetailOptions {
  /** Also read every run's details (status, metrics, problems). Costs a few reads per run; off by default. */
  details?: boolean;
  /** How many runs' details are read at the same time. */
  concurrency?: number;
}

/** Lists the runs of the experiment at `dir`, newest first. Never throws for a broken `runs/` folder. */
export async function indexExperiment(dir: string, opts: IndexOptions = {}): Promise<ExperimentIndex> {
  const experimentDir = path.resolve(dir);
  const index: ExperimentIndex = { dir: experimentDir, runs: [], notRuns: [], problems: [] };
  const runsDir = path.join(experimentDir, RUNS_DIR);
  let entries: Dirent[];
  try {
    entries = await fs.readdir(runsDir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // An experiment that has not been trained yet has no runs/ folder: nothing to report.
    if (code !== 'ENOENT') index.problems.push(`runs/ could not be read (${describeFsError(err)})`);
    return index;
  }
  const classified = await Promise.all(entries.map((entry) => classifyEntry(experimentDir, entry)));
  for (const item of classified) {
    if (!item) continue;
    if ('reason' in item) index.notRuns.push(item);
    else index.runs.push(item);
  }
  index.runs.sort(compareRunsNewestFirst);
  index.notRuns.sort((a, b) => (a.dirName < b.dirName ? -1 : a.dirName > b.dirName ? 1 : 0));
  if (opts.details) {
    const detailed = await mapLimit(index.runs, opts.concurrency ?? 16, (run) => loadRunDetails(run, opts));
    index.runs = detailed.filter((r): r is RunInfo => r !== undefined);
  }
  return index;
}

/**
 * Re-reads one entry of `runs/` with its details: a RunInfo, a NotARun, or undefined when the entry is gone
 * (or is hidden, like `.DS_Store`). This is what a watcher calls when something under `runs/<dirName>` changed.
 */
export async function readRun(experimentDir: string, dirName: string, opts: DetailOptions = {}): Promise<RunInfo | NotARun | undefined> {
  const dir = path.resolve(experimentDir);
  if (dirName.startsWith('.') || dirName.includes('/') || dirName.includes(path.sep)) return undefined;
  const full = path.join(dir, RUNS_DIR, dirName);
  let kind: EntryKind;
  try {
    const st = await fs.lstat(full);
    kind = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? await symlinkKind(full) : st.isFile() ? 'file' : 'other';
  } catch {
    return undefined;
  }
  const item = classify(dir, dirName, kind);
  if (!item || 'reason' in item) return item;
  return loadRunDetails(item, opts);
}

/** Reads a run's record and log tail; returns the run with status, metrics and problems, or undefined if it is gone. */
export async function loadRunDetails(run: RunInfo, opts: DetailOptions = {}): Promise<RunInfo | undefined> {
  const problems: string[] = [];
  try {
    const st = await fs.stat(run.path);
    if (!st.isDirectory()) return undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return withDetails(run, 'incomplete', `the run folder could not be read (${describeFsError(err)})`, [
      `The run folder could not be read (${describeFsError(err)}).`,
    ]);
  }
  const record = await readRunRecord(run.path);
  if (record) problems.push(...record.problems);

  let hasLogsDir = false;
  try {
    hasLogsDir = (await fs.stat(path.join(run.path, 'logs'))).isDirectory();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') problems.push(`logs/ could not be read (${describeFsError(err)}).`);
  }
  let tail: LogTail | undefined;
  if (hasLogsDir) {
    try {
      tail = await readLogTail(path.join(run.path, TRAIN_LOG), opts.tail);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') problems.push(`logs/train.log could not be read (${describeFsError(err)}).`);
    }
  }
  if (tail) {
    const bad = describeInvalidMetricLines(tail.invalidMetricLines, tail.latestMetrics !== undefined);
    if (bad) problems.push(bad.charAt(0).toUpperCase() + bad.slice(1) + '.');
    if (tail.endsWithError && tail.errorLine) problems.push(`The train log ends with: ${truncate(tail.errorLine, 200)}`);
  }
  // A run deleted while we read it shows up as missing files above; say "gone" rather than "incomplete".
  if (!hasLogsDir || !tail) {
    try {
      await fs.stat(run.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    }
  }
  const now = opts.now ?? Date.now();
  const processes = opts.processes ?? systemProcesses;
  const train = record?.train;
  let recordedProcess: RecordedProcessState | undefined;
  let search: ProcessSearch | undefined;
  if (train?.endedAt === undefined) {
    if (train?.pid !== undefined) recordedProcess = await processes.recordedProcess(train.pid, train.startedAt);
    // Only runs recent enough to be still running are looked for, so an old experiment never costs a /proc pass.
    if (recordedProcess !== 'alive' && mayStillRun(run, tail?.mtimeMs, now)) {
      search = await processes.findRunOwner(run, opts.trainScript);
    }
  }
  const verdict = deriveRunStatus({
    record,
    hasLogsDir,
    trainLog: tail && { mtimeMs: tail.mtimeMs, hasLines: tail.hasLines, endsWithError: tail.endsWithError },
    now,
    recordedProcess,
    search,
  });
  const detailed = withDetails(run, verdict.status, verdict.reason, problems);
  if (record) detailed.record = record;
  if (tail?.latestMetrics) detailed.latestMetrics = tail.latestMetrics;
  return detailed;
}

/** Newest first by the date in the name; runs started in the same second by folder name, descending. */
export function compareRunsNewestFirst(a: RunInfo, b: RunInfo): number {
  const d = b.startedAt.getTime() - a.startedAt.getTime();
  if (d !== 0) return d;
  return a.dirName < b.dirName ? 1 : a.dirName > b.dirName ? -1 : 0;
}

type EntryKind = 'dir' | 'file' | 'other' | 'loop' | 'dangling' | 'unreadable';

async function classifyEntry(experimentDir: string, entry: Dirent): Promise<RunInfo | NotARun | undefined> {
  // Hidden entries (.DS_Store, .gitkeep, editor files) are nobody's runs and not worth a line.
  if (entry.name.startsWith('.')) return undefined;
  let kind: EntryKind;
  if (entry.isDirectory()) kind = 'dir';
  else if (entry.isSymbolicLink()) kind = await symlinkKind(path.join(experimentDir, RUNS_DIR, entry.name));
  else if (entry.isFile()) kind = 'file';
  else kind = 'other';
  return classify(experimentDir, entry.name, kind);
}

async function symlinkKind(full: string): Promise<EntryKind> {
  try {
    const st = await fs.stat(full);
    return st.isDirectory() ? 'dir' : st.isFile() ? 'file' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? 'loop' : code === 'ENOENT' ? 'dangling' : 'unreadable';
  }
}

function classify(experimentDir: string, dirName: string, kind: EntryKind): RunInfo | NotARun | undefined {
  if (dirName.startsWith('.')) return undefined;
  const full = path.join(experimentDir, RUNS_DIR, dirName);
  const notRun = (reason: string): NotARun => ({ experimentDir, dirName, path: full, reason });
  switch (kind) {
    case 'file':
      return notRun('a file, not a run folder');
    case 'other':
      return notRun('not a folder');
    case 'loop':
      return notRun('a symbolic link that loops back on itself');
    case 'dangling':
      return notRun('a symbolic link to something that does not exist');
    case 'unreadable':
      return notRun('a symbolic link whose target cannot be read');
  }
  const parsed = parseRunDirName(dirName);
  if (!parsed) return notRun(explainNotARunName(dirName) ?? 'name does not follow YYYY-MM-DDTHH-MM-SS-<name>');
  return {
    experimentDir,
    dirName,
    path: full,
    relativePath: `${RUNS_DIR}/${dirName}`,
    name: parsed.name,
    startedAt: parsed.startedAt,
    status: 'unknown',
    problems: [],
  };
}

function withDetails(run: RunInfo, status: RunInfo['status'], reason: string, problems: string[]): RunInfo {
  // The record and metrics of an earlier read are not carried over: the caller adds the ones it just read.
  const base: RunInfo = { ...run, status, statusReason: reason, problems };
  delete base.record;
  delete base.latestMetrics;
  return base;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
