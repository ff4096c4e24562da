// When to ask the scheduler about tracked jobs: one call for all of them (never one per job), at most every 5 s,
// only while at least one is pending or running, never two at once, and less often while calls fail (the
// controller down, squeue timing out or printing something that is not JSON), so that a sick controller is not
// pressed harder. The caller owns the timer; this decides.
import { isActivePhase, SlurmPhase, slurmVerdict, SlurmVerdict } from './jobVerdict';
import { FailureKind, PollAnswer, scontrolShowJobCall, SchedulerCall, squeueCall } from './schedulerCalls';

export const POLL_INTERVAL_MS = 5_000;
export const MAX_POLL_INTERVAL_MS = 60_000;

export interface PollState {
  /** When the last call started (ms since the epoch); absent before the first. */
  lastStartedAt?: number;
  inFlight: boolean;
  /** Failed calls in a row. */
  failures: number;
  /** `squeue --json`, or `scontrol show job` once squeue said it cannot write JSON (Slurm before 21.08). */
  source: 'squeue' | 'scontrol';
}

export const INITIAL_POLL_STATE: PollState = { inFlight: false, failures: 0, source: 'squeue' };

export type PollDecision =
  /** No job is pending or running: no timer at all until one is. */
  | { kind: 'idle' }
  /** Ask again after `ms` (a call is in flight, or the interval has not passed). */
  | { kind: 'wait'; ms: number }
  | { kind: 'call'; call: SchedulerCall };

/** The interval after `failures` failed calls in a row: 5 s, then 10, 20, 40, and 60 s at most. */
export function pollInterval(failures: number): number {
  return Math.min(MAX_POLL_INTERVAL_MS, POLL_INTERVAL_MS * 2 ** Math.min(failures, 10));
}

export function decidePoll(state: PollState, activeJobs: number, now: number): PollDecision {
  if (activeJobs === 0) return { kind: 'idle' };
  const interval = pollInterval(state.failures);
  if (state.inFlight) return { kind: 'wait', ms: interval };
  if (state.lastStartedAt !== undefined) {
    const due = state.lastStartedAt + interval - now;
    if (due > 0) return { kind: 'wait', ms: due };
  }
  return { kind: 'call', call: state.source === 'squeue' ? squeueCall() : scontrolShowJobCall() };
}

export function pollStarted(state: PollState, now: number): PollState {
  return { ...state, inFlight: true, lastStartedAt: now };
}

/** The state after a call ended: `ok`, or why it failed. A squeue without --json switches to scontrol at once. */
export function pollEnded(state: PollState, outcome: 'ok' | FailureKind): PollState {
  if (outcome === 'ok') return { ...state, inFlight: false, failures: 0 };
  if (outcome === 'no-json' && state.source === 'squeue')
    return { ...state, inFlight: false, failures: 0, source: 'scontrol', lastStartedAt: undefined };
  return { ...state, inFlight: false, failures: state.failures + 1 };
}

export interface TrackedJob {
  jobId: string;
  /** What the last answer said; `pending` for a job just submitted. */
  phase: SlurmPhase;
}

export interface PollUpdate {
  /** Jobs the answer describes, with what that means for their run. */
  seen: Map<string, SlurmVerdict>;
  /**
   * Active jobs the answer no longer lists: slurmctld forgets an ended job after MinJobAge (300 s by default). Their
   * end is to be read from sacct where accounting exists; else it stays unknown, and the run's own files decide.
   */
  forgotten: string[];
}

/** What one successful answer says about the tracked jobs. */
export function applyPollAnswer(tracked: readonly TrackedJob[], answer: Extract<PollAnswer, { kind: 'ok' }>): PollUpdate {
  const seen = new Map<string, SlurmVerdict>();
  const forgotten: string[] = [];
  for (const t of tracked) {
    const job = answer.jobs.get(t.jobId);
    if (job) seen.set(t.jobId, slurmVerdict(job));
    else if (isActivePhase(t.phase)) forgotten.push(t.jobId);
  }
  return { seen, forgotten };
}

/** How many tracked jobs keep the poller going. */
export function countActive(tracked: readonly TrackedJob[]): number {
  return tracked.filter((t) => isActivePhase(t.phase)).length;
}
