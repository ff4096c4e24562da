// How a run's status is decided. The rules, in order (the first that applies wins):
//  1. The launcher's record (`.experiment-scripts.json`) has a train entry that ended: exit code 0 → finished;
//     any other code, or ended by a signal (exit code null) → failed.
//  2. The record has a train entry that has not ended and its process is alive → running.
//  3. No `logs/` folder or no `logs/train.log` → incomplete (train never got to log anything).
//  4. `train.log` was modified within the last 60 s and the record has no train entry, or one without a process
//     id → running (a run started from a terminal, which the launcher does not know about).
//  5. The log ends in failure — its last loguru line is ERROR or CRITICAL, or a Python traceback follows that
//     line → failed.
//  6. The log has at least one line → finished; an empty log → incomplete.
// A train entry that never ended and whose process is gone (the editor was closed mid-run, the machine rebooted)
// is not believed: the log decides, through rules 3, 5 and 6 (not 4: that process wrote the log, and it is gone).
import type { RunStatus } from './types';
import type { RunRecord } from './runRecord';

/** A log modified this recently, with no record, is taken as written by a run in progress. */
export const RECENT_LOG_MS = 60_000;

export interface RunStatusFacts {
  record?: RunRecord;
  hasLogsDir: boolean;
  /** The train log's facts, or undefined when the file does not exist. */
  trainLog?: { mtimeMs: number; hasLines: boolean; endsWithError: boolean };
  now: number;
  isProcessAlive(pid: number): boolean;
}

export interface StatusVerdict {
  status: RunStatus;
  /** Which rule decided, in words, for tooltips and `--format json`. */
  reason: string;
}

export function deriveRunStatus(facts: RunStatusFacts): StatusVerdict {
  const train = facts.record?.train;
  if (train?.endedAt !== undefined) {
    if (train.exitCode === 0) return { status: 'finished', reason: 'train exited with code 0' };
    return {
      status: 'failed',
      reason: train.exitCode === null ? 'train was ended by a signal' : `train exited with code ${train.exitCode}`,
    };
  }
  if (train && train.pid !== undefined && facts.isProcessAlive(train.pid)) {
    return { status: 'running', reason: `train is running (process ${train.pid})` };
  }
  if (!facts.hasLogsDir) return { status: 'incomplete', reason: 'the run has no logs/ folder' };
  const log = facts.trainLog;
  if (!log) return { status: 'incomplete', reason: 'the run has no logs/train.log' };
  if ((!train || train.pid === undefined) && facts.now - log.mtimeMs < RECENT_LOG_MS) {
    return { status: 'running', reason: 'logs/train.log was written less than a minute ago' };
  }
  if (log.endsWithError) return { status: 'failed', reason: 'logs/train.log ends with an error' };
  if (log.hasLines) return { status: 'finished', reason: 'logs/train.log ends without an error' };
  return { status: 'incomplete', reason: 'logs/train.log is empty' };
}
