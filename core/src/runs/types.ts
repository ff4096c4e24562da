// The run index as the Run Explorer and `experiment-scripts runs` show it.
import type { RunRecord } from './runRecord';

/**
 * `unknown` until the run's details are read: indexing lists names and dates only, so that an experiment with
 * thousands of runs lists instantly; `loadRunDetails` (experimentIndex.ts) fills status, metrics and problems.
 * The rules that decide the status are in runStatus.ts; `cancelled` is a SLURM job's, cancelled with scancel.
 */
export type RunStatus = 'running' | 'finished' | 'failed' | 'cancelled' | 'incomplete' | 'unknown';

/** A folder in `runs/` whose name follows `YYYY-MM-DDTHH-MM-SS-<name>`. */
export interface RunInfo {
  /** Absolute path of the experiment folder (the scripts' working directory). */
  experimentDir: string;
  /** Folder name inside `runs/`, e.g. `2025-02-02T14-30-00-de-risk`. */
  dirName: string;
  /** Absolute path of the run folder. */
  path: string;
  /** Path relative to the experiment folder, as eval and plot scripts take it: `runs/<dirName>`. */
  relativePath: string;
  /** The descriptive part of the name, e.g. `de-risk`. */
  name: string;
  /** Start time encoded in the folder name (local time). */
  startedAt: Date;
  status: RunStatus;
  /** Why the status is what it is (which rule decided), once details are read. */
  statusReason?: string;
  /** The launcher's record of the run (`.experiment-scripts.json`), once details are read, if there is one. */
  record?: RunRecord;
  /** The last `metric {json}` object of `logs/train.log`, if any. */
  latestMetrics?: Record<string, unknown>;
  /** Human-readable problems found while reading this run (unreadable log, bad metric line, …). */
  problems: string[];
  /**
   * Set when the run folder is a symbolic link: `target` is where it leads, relative to the experiment (with `/`)
   * when inside it, else absolute; a run linked `outside` the experiment is listed but never read.
   */
  link?: RunLink;
  /** The folder's path as bytes, when its name is not valid UTF-8 (`dirName` and `path` then hold U+FFFD). */
  fsPath?: Buffer;
}

export interface RunLink {
  target: string;
  outside: boolean;
}

/** A folder in `runs/` that does not follow the run-name convention: shown apart, never hidden. */
export interface NotARun {
  experimentDir: string;
  dirName: string;
  path: string;
  /** Why it is not a run, in words a user understands. */
  reason: string;
}

export interface ExperimentIndex {
  /** Absolute path of the experiment folder. */
  dir: string;
  /** Runs, newest first. */
  runs: RunInfo[];
  notRuns: NotARun[];
  /** Problems with the experiment folder itself (e.g. `runs/` unreadable). */
  problems: string[];
}
