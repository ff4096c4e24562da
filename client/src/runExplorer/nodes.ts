// The elements of the Run Explorer tree. Commands contributed to the tree receive these objects: a run command gets
// `{ kind: 'run', run }` with the run's latest RunInfo, an experiment command gets `{ kind: 'experiment', dir }`.
import type { QueueEntry } from '#core/queue/queueState';
import type { NotARun, RunInfo } from '#core/runs/types';

export interface ExperimentNode {
  kind: 'experiment';
  /** Absolute path of the experiment folder. */
  dir: string;
}

/** A run. The object stays the same while the run exists; `run` is replaced when the run is re-read. */
export interface RunNode {
  kind: 'run';
  run: RunInfo;
}

/** A file or folder inside a run (logs/, plots/, a checkpoint, …). */
export interface RunFileNode {
  kind: 'file';
  path: string;
  isDirectory: boolean;
  /** Size in bytes for files, when known. */
  size?: number;
  /** Why this entry cannot be opened or listed (a symbolic link loop, permission denied, …). */
  problem?: string;
}

/** The group of folders in `runs/` that are not runs. */
export interface NotARunGroupNode {
  kind: 'notRunGroup';
  experimentDir: string;
}

export interface NotARunNode {
  kind: 'notRun';
  notRun: NotARun;
}

/** "Show older runs": the list shows a page of runs at a time. */
export interface MoreRunsNode {
  kind: 'moreRuns';
  experimentDir: string;
  hidden: number;
}

/** A line of explanation in the tree: a problem with a folder, an empty folder, a list cut short. */
export interface MessageNode {
  kind: 'message';
  /** Unique among its siblings' ids; used to keep the tree stable. */
  id: string;
  text: string;
  severity: 'warning' | 'info';
}

/** A SLURM job listed on its own: before its run folder exists, on a run (eval, plot), or ended without a run folder. */
export interface JobNode {
  kind: 'job';
  experimentDir: string;
  jobId: string;
}

/** The workspace's run queue, shown above the experiments while it holds entries. */
export interface QueueGroupNode {
  kind: 'queue';
}

/** One waiting entry of the queue; `position` 1 starts next. */
export interface QueuedNode {
  kind: 'queued';
  entry: QueueEntry;
  position: number;
}

export type RunExplorerNode =
  | ExperimentNode
  | RunNode
  | RunFileNode
  | NotARunGroupNode
  | NotARunNode
  | MoreRunsNode
  | MessageNode
  | JobNode
  | QueueGroupNode
  | QueuedNode;
