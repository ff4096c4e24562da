// The run index of an experiment folder: what `runs/` holds, split into runs and folders that are not runs.
// Indexing is two-speed on purpose. `indexExperiment` reads `runs/` once (names and dates come from folder names,
// no per-run I/O), so an experiment with 10,000 runs lists in milliseconds; `loadRunDetails` then reads one run's
// record and log tail to fill its status, latest metrics and problems, for the runs someone actually looks at.
// Nothing here throws for a broken folder: every failure becomes a problem string or a "not a run" reason.
//
// A repository decides what `runs/` holds, so the reads follow the rules of core/src/fs: only regular files, with a
// cap, never blocking; a symbolic link is followed only when it stays inside the experiment (a run that links out
// is listed, and said to be a link, but never read); names that are not UTF-8 are read through their bytes.
// A run's own files are read with synchronous calls, a handful of small ones per run (see regularFile.ts for why).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExperimentIndex, NotARun, RunInfo, RunLink } from './types';
import { explainNotARunName, parseRunDirName } from './runName';
import { readRunRecordSync, RunRecord } from './runRecord';
import { describeInvalidMetricLines, describeTooDeepMetricLines, LogTail, scanLogTail, TailOptions } from './metricsTail';
import { Boundary, describeBrokenLink } from '#core/fs/boundary';
import { DirectoryEntry, entryPath, readDirectory } from '#core/fs/directory';
import { describeFileType, describeFsError, formatBytes } from '#core/fs/fsErrors';
import { childPath, FsPath } from '#core/fs/fsPath';
import { describeRefusal, openRegularFile } from '#core/fs/regularFile';
import { deriveRunStatus } from './runStatus';
import { mayStillRun, ProcessSearch, ProcessTable, RecordedProcessState, systemProcesses } from './processTable';
import { RUNS_DIR } from './experimentFolder';
import { mapLimit } from '#core/mapLimit';

export const TRAIN_LOG = path.join('logs', 'train.log');

export interface DetailOptions {
  /** The experiment's boundary, shared by the runs of one listing so that its real path is looked up once. */
  boundary?: Boundary;
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
  const boundary = opts.boundary ?? experimentBoundary(experimentDir);
  const runsDir = path.join(experimentDir, RUNS_DIR);
  const unreadable = runsFolderProblem(runsDir, boundary);
  if (unreadable !== undefined) {
    if (unreadable) index.problems.push(unreadable);
    return index;
  }
  let entries: DirectoryEntry[];
  try {
    entries = await readDirectory(runsDir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // An experiment that has not been trained yet has no runs/ folder: nothing to report.
    if (code !== 'ENOENT') index.problems.push(`runs/ could not be read (${describeFsError(err)})`);
    return index;
  }
  for (const entry of entries) {
    const item = classifyEntry(experimentDir, runsDir, entry, boundary);
    if (!item) continue;
    if ('reason' in item) index.notRuns.push(item);
    else index.runs.push(item);
  }
  index.runs.sort(compareRunsNewestFirst);
  index.notRuns.sort((a, b) => (a.dirName < b.dirName ? -1 : a.dirName > b.dirName ? 1 : 0));
  if (opts.details) {
    const detailOpts = { ...opts, boundary };
    const detailed = await mapLimit(index.runs, opts.concurrency ?? 16, (run) => detailsOf(run, detailOpts, true));
    index.runs = detailed.filter((r): r is RunInfo => r !== undefined);
  }
  return index;
}

/** The boundary of an experiment folder: nothing outside it is read, written or deleted through a link. */
export function experimentBoundary(experimentDir: string): Boundary {
  return new Boundary(path.resolve(experimentDir), 'the experiment');
}

/**
 * Why `runs/` is not listed: a problem to report, '' when there is simply none yet, undefined when it can be read.
 * `runs/` may be a link to a folder inside the experiment; a link out of it is not followed.
 */
function runsFolderProblem(runsDir: string, boundary: Boundary): string | undefined {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(runsDir, { throwIfNoEntry: false });
  } catch (err) {
    return `runs/ could not be read (${describeFsError(err)})`;
  }
  if (!st) return '';
  if (st.isSymbolicLink()) {
    const to = boundary.follow(runsDir);
    if (to.kind === 'outside') return `runs/ is ${boundary.describeOutside(to.real)}; it is not read`;
    if (to.kind !== 'inside') return to.kind === 'dangling' ? '' : `runs/ is ${describeBrokenLink(to)}`;
    return undefined;
  }
  return st.isDirectory() ? undefined : 'runs/ could not be read (not a folder)';
}

/**
 * Re-reads one entry of `runs/` with its details: a RunInfo, a NotARun, or undefined when the entry is gone
 * (or is hidden, like `.DS_Store`). This is what a watcher calls when something under `runs/<dirName>` changed.
 */
export async function readRun(experimentDir: string, dirName: string, opts: DetailOptions = {}): Promise<RunInfo | NotARun | undefined> {
  const dir = path.resolve(experimentDir);
  if (dirName.startsWith('.') || dirName.includes('/') || dirName.includes(path.sep)) return undefined;
  const boundary = opts.boundary ?? experimentBoundary(dir);
  const runsDir = path.join(dir, RUNS_DIR);
  if (runsFolderProblem(runsDir, boundary) !== undefined) return undefined;
  const full = path.join(runsDir, dirName);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(full, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!st) return undefined;
  const kind = st.isDirectory() ? 'folder' : st.isSymbolicLink() ? 'link' : st.isFile() ? 'file' : 'other';
  const item = classifyEntry(dir, runsDir, { name: dirName, fsName: dirName, exactName: true, kind }, boundary);
  if (!item || 'reason' in item) return item;
  return loadRunDetails(item, { ...opts, boundary });
}

/** How the log is named in problems. */
const LOG_NAME = 'logs/train.log';

/** Reads a run's record and log tail; returns the run with status, metrics and problems, or undefined if it is gone. */
export function loadRunDetails(run: RunInfo, opts: DetailOptions = {}): Promise<RunInfo | undefined> {
  return detailsOf(run, opts, false);
}

/** `justListed`: the run folder was seen as a folder (or a link, classified) a moment ago, by the same listing. */
async function detailsOf(run: RunInfo, opts: DetailOptions, justListed: boolean): Promise<RunInfo | undefined> {
  const boundary = opts.boundary ?? experimentBoundary(run.experimentDir);
  const files = readRunFiles(run, boundary, opts.tail, justListed);
  if (files.kind === 'gone') return undefined;
  if (files.kind === 'not-read') return withDetails(run, 'unknown', files.reason, files.problems, files.link);
  const { record, hasLogsDir, tail, problems } = files;
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
  const detailed = withDetails(run, verdict.status, verdict.reason, problems, files.link);
  if (record) detailed.record = record;
  if (tail?.latestMetrics) detailed.latestMetrics = tail.latestMetrics;
  return detailed;
}

type RunFiles =
  | { kind: 'gone' }
  /** A run folder that is not read at all (a link out of the experiment, or unreadable): why, as status reason. */
  | { kind: 'not-read'; reason: string; problems: string[]; link?: RunLink }
  | { kind: 'read'; record?: RunRecord; hasLogsDir: boolean; tail?: LogTail; problems: string[]; link?: RunLink };

/** The run folder's own files: its record and the tail of its train log, read under the experiment's rules. */
function readRunFiles(run: RunInfo, boundary: Boundary, tailOptions: TailOptions | undefined, justListed: boolean): RunFiles {
  const problems: string[] = [];
  if (run.fsPath)
    problems.push(
      'The folder name is not valid UTF-8 (shown with \ufffd for the bytes that are not); scripts may not find the run by this name.',
    );
  const runPath: FsPath = run.fsPath ?? run.path;
  let link = run.link;
  let dir: FsPath = runPath;
  try {
    // A plain folder the listing has just seen is not looked at again (one system call less per run, 10,000 for a
    // large experiment); a linked one always is, since where it leads is decided here.
    const seen = justListed && !run.link;
    const st = seen ? undefined : fs.lstatSync(runPath, { throwIfNoEntry: false });
    if (!seen && !st) return { kind: 'gone' };
    if (st?.isSymbolicLink()) {
      const to = boundary.follow(runPath);
      if (to.kind !== 'inside' && to.kind !== 'outside') return { kind: 'gone' };
      link = linkOf(to.real, to.kind === 'outside', boundary);
      if (to.kind === 'outside') {
        const reason = `the run folder is ${boundary.describeOutside(to.real)}; it is not read`;
        return { kind: 'not-read', reason, problems: [...problems, capitalize(reason) + '.'], link };
      }
      dir = to.real;
      if (!fs.statSync(dir).isDirectory()) return { kind: 'gone' };
    } else if (st && !st.isDirectory()) return { kind: 'gone' };
  } catch (err) {
    const why = describeFsError(err);
    return {
      kind: 'not-read',
      reason: `the run folder could not be read (${why})`,
      problems: [...problems, `The run folder could not be read (${why}).`],
      link,
    };
  }

  const record = readRunRecordSync(dir, boundary);
  if (record) problems.push(...record.problems);

  let hasLogsDir = false;
  let logsDir: FsPath = childPath(dir, 'logs');
  try {
    const st = fs.lstatSync(logsDir, { throwIfNoEntry: false });
    if (st?.isSymbolicLink()) {
      const to = boundary.follow(logsDir);
      if (to.kind === 'outside') problems.push(`logs/ is ${boundary.describeOutside(to.real)}; it is not read.`);
      else if (to.kind === 'inside') {
        logsDir = to.real;
        hasLogsDir = fs.statSync(logsDir).isDirectory();
      }
    } else hasLogsDir = st?.isDirectory() ?? false;
  } catch (err) {
    problems.push(`logs/ could not be read (${describeFsError(err)}).`);
  }
  let tail: LogTail | undefined;
  if (hasLogsDir) {
    const opened = openRegularFile(childPath(logsDir, 'train.log'), boundary);
    if (opened.ok) {
      try {
        tail = scanLogTail(opened.fd, opened.size, opened.mtimeMs, tailOptions);
      } catch (err) {
        problems.push(`${LOG_NAME} could not be read (${describeFsError(err)}).`);
      } finally {
        fs.closeSync(opened.fd);
      }
    } else if (opened.kind !== 'missing') {
      problems.push(describeRefusal(LOG_NAME, opened) + (opened.kind === 'skipped' ? '; it is not read.' : '.'));
    }
  }
  if (tail) {
    const bad = describeInvalidMetricLines(tail.invalidMetricLines, tail.latestMetrics !== undefined);
    if (bad) problems.push(capitalize(bad) + '.');
    const deep = describeTooDeepMetricLines(tail.tooDeepMetricLines);
    if (deep) problems.push(capitalize(deep) + '.');
    if (tail.lastLineTooLong) problems.push(`The last line of ${LOG_NAME} is longer than ${formatBytes(tail.bytesRead)}; it was not read.`);
    if (tail.endsWithError && tail.errorLine) problems.push(`The train log ends with: ${truncate(tail.errorLine, 200)}`);
  }
  // A run deleted while we read it shows up as missing files above; say "gone" rather than "incomplete".
  if ((!hasLogsDir || !tail) && !fs.existsSync(runPath)) return { kind: 'gone' };
  return { kind: 'read', record, hasLogsDir, tail, problems, link };
}

/** What a run folder's link leads to, as RunInfo says it. */
function linkOf(real: FsPath, outside: boolean, boundary: Boundary): RunLink {
  const target = typeof real === 'string' ? real : real.toString('utf8');
  if (outside) return { target, outside };
  return {
    target: path
      .relative(boundary.realPath() ?? '', target)
      .split(path.sep)
      .join('/'),
    outside,
  };
}

/** Newest first by the date in the name; runs started in the same second by folder name, descending. */
export function compareRunsNewestFirst(a: RunInfo, b: RunInfo): number {
  const d = b.startedAt.getTime() - a.startedAt.getTime();
  if (d !== 0) return d;
  return a.dirName < b.dirName ? 1 : a.dirName > b.dirName ? -1 : 0;
}

function classifyEntry(experimentDir: string, runsDir: string, entry: DirectoryEntry, boundary: Boundary): RunInfo | NotARun | undefined {
  // Hidden entries (.DS_Store, .gitkeep, editor files) are nobody's runs and not worth a line.
  if (entry.name.startsWith('.')) return undefined;
  // Concatenated, not joined: `runsDir` is normalized and a name holds no separator (this runs once per entry).
  const full = runsDir + path.sep + entry.name;
  const notRun = (reason: string): NotARun => ({ experimentDir, dirName: entry.name, path: full, reason });
  const fsPath = entry.exactName ? undefined : (entryPath(runsDir, entry) as Buffer);
  let link: RunLink | undefined;
  switch (entry.kind) {
    case 'file':
      return notRun('a file, not a run folder');
    case 'other':
      return notRun(`${otherKind(fsPath ?? full)}, not a run folder`);
    case 'link': {
      const to = boundary.follow(fsPath ?? full);
      if (to.kind === 'outside') {
        // Listed when its name is a run's, so that the user sees it; never looked into.
        if (!parseRunDirName(entry.name)) return notRun(boundary.describeOutside(to.real));
        link = linkOf(to.real, true, boundary);
        break;
      }
      if (to.kind !== 'inside') return notRun(describeBrokenLink(to)!);
      let st: fs.Stats;
      try {
        st = fs.statSync(to.real);
      } catch (err) {
        return notRun(`a symbolic link whose target cannot be read (${describeFsError(err)})`);
      }
      if (st.isFile()) return notRun('a file, not a run folder');
      if (!st.isDirectory()) return notRun(`${describeFileType(st)}, not a run folder`);
      link = linkOf(to.real, false, boundary);
      break;
    }
  }
  const parsed = parseRunDirName(entry.name);
  if (!parsed) return notRun(explainNotARunName(entry.name) ?? 'name does not follow YYYY-MM-DDTHH-MM-SS-<name>');
  const run: RunInfo = {
    experimentDir,
    dirName: entry.name,
    path: full,
    relativePath: `${RUNS_DIR}/${entry.name}`,
    name: parsed.name,
    startedAt: parsed.startedAt,
    status: 'unknown',
    problems: [],
  };
  if (link) run.link = link;
  if (fsPath) run.fsPath = fsPath;
  return run;
}

function otherKind(p: FsPath): string {
  try {
    return describeFileType(fs.lstatSync(p));
  } catch {
    return 'not a folder';
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function withDetails(run: RunInfo, status: RunInfo['status'], reason: string, problems: string[], link?: RunLink): RunInfo {
  // Built field by field (no rest spread): this runs once per run, 10,000 times for a large experiment.
  const detailed: RunInfo = {
    experimentDir: run.experimentDir,
    dirName: run.dirName,
    path: run.path,
    relativePath: run.relativePath,
    name: run.name,
    startedAt: run.startedAt,
    status,
    statusReason: reason,
    problems,
  };
  if (link) detailed.link = link;
  if (run.fsPath) detailed.fsPath = run.fsPath;
  return detailed;
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
