// Follows submitted jobs until they end, by the poll rule of pollSchedule.ts: one `squeue --json` for all of them,
// at most every 5 s, only while one is pending or running, never two calls at once, less often while calls fail.
// A job the controller no longer lists is looked up once with sacct; where no accounting exists its end stays
// unknown. The window (every job of its experiments) and `experiment-scripts … --wait` (one job) both follow jobs
// with this; each says what to do with an answer.
import type { ExecFileFn } from '#core/gpu/execFile';
import { isActivePhase, SlurmPhase, slurmVerdict, SlurmVerdict } from './jobVerdict';
import { applyPollAnswer, countActive, decidePoll, INITIAL_POLL_STATE, pollEnded, pollStarted, PollState } from './pollSchedule';
import { execCall, readPollAnswer, sacctCall, SchedulerCall, SchedulerFailure } from './schedulerCalls';
import type { SlurmJob } from './slurmJob';

export interface JobNews {
  verdict: SlurmVerdict;
  /** The scheduler's view of the job; absent when it no longer knows the job. */
  job?: SlurmJob;
}

export interface FollowUpdate {
  /** The jobs the answer said something about. */
  news: Map<string, JobNews>;
  /** Set when the call failed: the jobs keep their last phase, and the next call comes later. */
  failure?: SchedulerFailure;
}

export interface FollowerOptions {
  /** The environment of the scheduler calls (`SLURM_CONF`, PATH); the process's own when absent. */
  env?: Readonly<Record<string, string>>;
  now?: () => number;
}

/** What a job whose end nobody can tell any more is shown as. */
export const FORGOTTEN_VERDICT: SlurmVerdict = {
  phase: 'unknown',
  reason: 'the scheduler no longer lists the job and keeps no accounting of ended jobs; its run folder tells how it ended',
};

export class JobFollower {
  private poll: PollState = INITIAL_POLL_STATE;
  private readonly jobs = new Map<string, SlurmPhase>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly now: () => number;
  /** The last failed call, until a call succeeds again. */
  lastFailure: SchedulerFailure | undefined;
  /** How many scheduler calls were made (squeue, scontrol and sacct together). */
  calls = 0;

  constructor(
    private readonly exec: ExecFileFn,
    private readonly onUpdate: (update: FollowUpdate) => void | Promise<void>,
    private readonly options: FollowerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Follows a job (again), as `phase` until the scheduler says otherwise. */
  track(jobId: string, phase: SlurmPhase = 'pending'): void {
    this.jobs.set(jobId, phase);
    this.schedule();
  }

  untrack(jobId: string): void {
    this.jobs.delete(jobId);
  }

  isTracked(jobId: string): boolean {
    return this.jobs.has(jobId);
  }

  /** Jobs still pending or running, as far as the last answer said. */
  get activeCount(): number {
    return countActive(this.trackedJobs());
  }

  /** Milliseconds until the next call may start by the rule (0: now); undefined when no job is active. */
  nextCallInMs(): number | undefined {
    const d = decidePoll(this.poll, this.activeCount, this.now());
    return d.kind === 'idle' ? undefined : d.kind === 'wait' ? d.ms : 0;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private trackedJobs() {
    return [...this.jobs].map(([jobId, phase]) => ({ jobId, phase }));
  }

  private schedule(): void {
    if (this.disposed || this.timer || this.poll.inFlight) return;
    const decision = decidePoll(this.poll, this.activeCount, this.now());
    if (decision.kind === 'idle') return;
    if (decision.kind === 'wait') {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, decision.ms);
      return;
    }
    void this.ask(decision.call);
  }

  private async ask(call: SchedulerCall): Promise<void> {
    this.poll = pollStarted(this.poll, this.now());
    // Jobs tracked in the same turn (a window reading every record of an experiment) go into this one call.
    await new Promise((resolve) => setImmediate(resolve));
    const ids = new Set(this.jobs.keys());
    this.calls++;
    const answer = readPollAnswer(call, await execCall(this.exec, call, { env: this.options.env }), ids);
    this.poll = pollEnded(this.poll, answer.kind === 'ok' ? 'ok' : answer.failure.kind);
    const update: FollowUpdate = { news: new Map() };
    if (answer.kind === 'failed') {
      update.failure = answer.failure;
      this.lastFailure = answer.failure;
    } else {
      this.lastFailure = undefined;
      const tracked = this.trackedJobs().filter((t) => ids.has(t.jobId));
      const { seen, forgotten } = applyPollAnswer(tracked, answer);
      for (const [jobId, verdict] of seen) update.news.set(jobId, { verdict, job: answer.jobs.get(jobId) });
      if (forgotten.length > 0) await this.askAccounting(forgotten, update);
    }
    for (const [jobId, news] of update.news) if (this.jobs.has(jobId)) this.jobs.set(jobId, news.verdict.phase);
    if (!this.disposed) {
      try {
        await this.onUpdate(update);
      } catch {
        // What the caller does with an answer must not stop the following of the other jobs.
      }
    }
    this.schedule();
  }

  /** Jobs slurmctld has forgotten: sacct knows their end where an accounting database exists. */
  private async askAccounting(jobIds: string[], update: FollowUpdate): Promise<void> {
    const call = sacctCall(jobIds);
    this.calls++;
    const answer = readPollAnswer(call, await execCall(this.exec, call, { env: this.options.env }), new Set(jobIds));
    if (answer.kind === 'failed' && answer.failure.kind !== 'no-accounting' && answer.failure.kind !== 'unknown-job') {
      // The accounting database may be down for a moment: ask again with the next poll.
      update.failure = answer.failure;
      return;
    }
    for (const jobId of jobIds) {
      const job = answer.kind === 'ok' ? answer.jobs.get(jobId) : undefined;
      const verdict = job ? slurmVerdict(job) : FORGOTTEN_VERDICT;
      // Accounting lists a job that has not ended yet too (it may have been requeued): followed as it says.
      update.news.set(jobId, job ? { verdict, job } : { verdict });
      if (!isActivePhase(verdict.phase) && !job) this.jobs.set(jobId, 'unknown');
    }
  }
}
