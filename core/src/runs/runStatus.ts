// How a run's status is decided. "Running" means a process is running it; the time a log was written only hints at
// that where processes cannot be listed. The rules, in order (the first that applies wins):
//  1. The launcher's record (`.experiment-scripts.json`) has a train entry that ended: exit code 0 → finished;
//     any other code, or ended by a signal (exit code null) → failed.
//  2. The record has a train entry that has not ended and its process is alive (on Linux: and started when the
//     record says, so that a reused process id does not count) → running.
//  3. A live process trains the run (Linux, processTable.ts): working folder = the experiment, command line with the
//     train script and the run's name, started just before the time in the folder name → running. This finds runs
//     started from a terminal (`uv run train.py de-risk`), which the launcher does not know about.
//  4. No `logs/` folder or no `logs/train.log` → incomplete (train never got to log anything).
//  5. Only where processes cannot be listed (macOS, Windows): `train.log` was modified within the last 60 s and the
//     record names no process → running, said as a guess ("probably running").
//  6. The log ends in failure — its last loguru line is ERROR or CRITICAL, or a Python traceback follows that
//     line → failed.
//  7. The log has at least one line → finished; an empty log → incomplete.
// A run whose train script ran as a SLURM job is decided by the scheduler's last word first (slurm/runVerdict.ts).
// A copied or freshly cloned run has brand-new file times, and a long run may log rarely: neither changes its status
// where processes can be listed. The reason text says what the verdict rests on.
import type { RunStatus } from './types';
import type { RunRecord } from './runRecord';
import { describeCommand, ProcessSearch, RecordedProcessState } from './processTable';
import { slurmRunVerdict } from '#core/slurm/runVerdict';

/** Where processes cannot be listed, a log modified this recently, with no recorded process, is taken as a run in progress. */
export const RECENT_LOG_MS = 60_000;

export interface RunStatusFacts {
  record?: RunRecord;
  hasLogsDir: boolean;
  /** The train log's facts, or undefined when the file does not exist. */
  trainLog?: { mtimeMs: number; hasLines: boolean; endsWithError: boolean };
  now: number;
  /** What became of the process named by the record's train entry, when that entry has a pid and has not ended. */
  recordedProcess?: RecordedProcessState;
  /** The search for a live process training the run; absent when the run is too old to be looked for. */
  search?: ProcessSearch;
}

export interface StatusVerdict {
  status: RunStatus;
  /** Which rule decided, in words, for tooltips and `--format json`. */
  reason: string;
}

export function deriveRunStatus(facts: RunStatusFacts): StatusVerdict {
  const train = facts.record?.train;
  const scheduler = slurmRunVerdict(train);
  if (scheduler) return scheduler;
  if (train?.endedAt !== undefined) {
    if (train.exitCode === 0) return { status: 'finished', reason: 'train exited with code 0' };
    return {
      status: 'failed',
      reason: train.exitCode === null ? 'train was ended by a signal' : `train exited with code ${train.exitCode}`,
    };
  }
  const recordedPid = train?.pid;
  if (recordedPid !== undefined && facts.recordedProcess === 'alive') {
    const command = train && train.argv.length > 0 ? ` (${describeCommand(train.argv)})` : '';
    return { status: 'running', reason: `process ${recordedPid}${command} is running, as the launcher recorded` };
  }
  const search = facts.search;
  if (search?.kind === 'found') {
    const p = search.process;
    return { status: 'running', reason: `process ${p.pid} (${describeCommand(p.argv)}) is running` };
  }
  const log = facts.trainLog;
  const notes: string[] = [];
  if (recordedPid !== undefined && facts.recordedProcess === 'gone') notes.push(`the launcher's process ${recordedPid} has ended`);
  if (recordedPid !== undefined && facts.recordedProcess === 'reused') {
    notes.push(`the launcher's process ${recordedPid} has ended and its id now belongs to a later program`);
  }
  if (search?.kind === 'none') {
    const age = log ? `log written ${formatAgo(facts.now - log.mtimeMs)}, ` : '';
    notes.push(`${age}no process of this run found`);
  }
  const verdict = (status: RunStatus, base: string): StatusVerdict => ({
    status,
    reason: notes.length > 0 ? `${base} (${notes.join('; ')})` : base,
  });

  if (!facts.hasLogsDir) return verdict('incomplete', 'the run has no logs/ folder');
  if (!log) return verdict('incomplete', 'the run has no logs/train.log');
  const age = facts.now - log.mtimeMs;
  if (search?.kind === 'unavailable' && recordedPid === undefined && age < RECENT_LOG_MS) {
    return {
      status: 'running',
      reason: `probably running: logs/train.log written ${formatAgo(age)} (this system cannot list processes to be sure)`,
    };
  }
  if (log.endsWithError) return verdict('failed', 'logs/train.log ends with an error');
  if (log.hasLines) return verdict('finished', 'logs/train.log ends without an error');
  return verdict('incomplete', 'logs/train.log is empty');
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago"; a time in the future (clock skew) reads "just now". */
export function formatAgo(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 1) return 'just now';
  if (s < 120) return `${s} s ago`;
  const min = Math.floor(s / 60);
  if (min < 120) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}
