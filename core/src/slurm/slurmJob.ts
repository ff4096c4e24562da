// One job as the scheduler describes it, whichever command said it (squeue --json, scontrol show job, sacct): the
// few facts the Run Explorer needs, in one shape.

export interface SlurmExit {
  /** The program's exit code; null when it was ended by a signal before it could exit. */
  code: number | null;
  /** The signal that ended it, when one did. */
  signal: number | null;
}

export interface SlurmJob {
  /** The job id as Slurm prints it (digits; `123_4` for an array task). */
  jobId: string;
  /** The job name, e.g. `train·de-risk`. */
  name?: string;
  /** The base state in capitals: `PENDING`, `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, `TIMEOUT`, … */
  state: string;
  /** Further state flags Slurm 23.02+ lists beside the base state (`COMPLETING`, `REQUEUED`, …). */
  stateFlags: string[];
  /** Why a job waits or ended as it did (`Resources`, `Priority`, `NonZeroExitCode`, `TimeLimit`, …); absent for `None`. */
  reason?: string;
  /** How the batch script ended, once known. */
  exit?: SlurmExit;
  partition?: string;
  cluster?: string;
  /** Time limit in minutes; null when the job has none. Absent when the command did not say. */
  timeLimitMinutes?: number | null;
  /** The output file pattern or path as the scheduler holds it. */
  stdout?: string;
  workDir?: string;
  /** Unix seconds. Start and end of a job that has not started or ended are forecasts and are left out. */
  submitTime?: number;
  startTime?: number;
  endTime?: number;
}

/** Base states (Slurm's job state codes) of a job that has not started yet. */
export const PENDING_STATES: ReadonlySet<string> = new Set([
  'PENDING',
  'REQUEUED',
  'REQUEUE_FED',
  'REQUEUE_HOLD',
  'RESV_DEL_HOLD',
  'CONFIGURING',
  'POWER_UP_NODE',
]);
/** Base states of a job that holds its allocation: running, suspended or ending. */
export const RUNNING_STATES: ReadonlySet<string> = new Set([
  'RUNNING',
  'COMPLETING',
  'SUSPENDED',
  'STOPPED',
  'SIGNALING',
  'STAGE_OUT',
  'RESIZING',
]);

/**
 * Adds the exit and times that are facts for the job's state: a start time once it started, an end time and an
 * exit once it ended (before that, Slurm prints forecasts and `0:0`).
 */
export function settleJob(job: SlurmJob, facts: { exit?: SlurmExit; startTime?: number; endTime?: number }): SlurmJob {
  const pending = PENDING_STATES.has(job.state);
  const ended = !pending && !RUNNING_STATES.has(job.state) && !job.stateFlags.includes('COMPLETING');
  if (facts.startTime && !pending) job.startTime = facts.startTime;
  if (ended) {
    if (facts.endTime) job.endTime = facts.endTime;
    if (facts.exit) job.exit = facts.exit;
  }
  return job;
}

/**
 * Decodes a raw wait status, as `squeue --json` (Slurm 22.05) gives `exit_code`: the low seven bits are the signal
 * (bit 7 says a core was dumped), the next byte the exit code.
 */
export function decodeWaitStatus(status: number): SlurmExit {
  const signal = status & 0x7f;
  const code = (status >> 8) & 0xff;
  if (signal === 0) return { code, signal: null };
  // Slurm also reports an exit code beside a signal when slurmstepd itself failed (e.g. 15 and signal 53).
  return { code: code === 0 ? null : code, signal };
}

/** Reads `3:0` (`scontrol`'s `ExitCode=`, `sacct`'s `ExitCode`): exit code, colon, signal. */
export function parseExitPair(text: string): SlurmExit | undefined {
  const m = /^(\d+):(\d+)$/.exec(text.trim());
  if (!m) return undefined;
  const code = Number(m[1]);
  const signal = Number(m[2]);
  if (signal === 0) return { code, signal: null };
  return { code: code === 0 ? null : code, signal };
}

/**
 * Reads a Slurm time limit (`--time`, `TimeLimit=`): `minutes`, `minutes:seconds`, `hours:minutes:seconds`,
 * `days-hours`, `days-hours:minutes`, `days-hours:minutes:seconds`; `UNLIMITED`/`INFINITE` → null. Seconds round
 * up to a minute, as Slurm does. Undefined when the text is none of these.
 */
export function parseTimeLimit(text: string): number | null | undefined {
  const t = text.trim();
  if (/^(UNLIMITED|INFINITE|infinite|unlimited)$/.test(t)) return null;
  let m = /^(\d+)-(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(t);
  if (m) {
    const [days, hours, minutes, seconds] = [m[1], m[2], m[3] ?? '0', m[4] ?? '0'].map(Number);
    return days * 1440 + hours * 60 + minutes + Math.ceil(seconds / 60);
  }
  m = /^(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(t);
  if (!m) return undefined;
  if (m[3] !== undefined) return Number(m[1]) * 60 + Number(m[2]) + Math.ceil(Number(m[3]) / 60);
  if (m[2] !== undefined) return Number(m[1]) + Math.ceil(Number(m[2]) / 60);
  return Number(m[1]);
}

/**
 * Reads a time as scontrol and sacct print it, in the machine's local time without a zone (`2026-11-29T19:00:14`),
 * into Unix seconds; `Unknown`, `None`, `N/A` and anything else give undefined.
 */
export function parseSlurmTime(text: string | undefined): number | undefined {
  const m = text === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  return Math.floor(new Date(y, mo - 1, d, h, mi, s).getTime() / 1000);
}
