// The jobs one program follows, with their records: a JobFollower asks the scheduler (one call for all of them), and
// every answer is carried into the job records and run records by applyJobNews. The window keeps one for every
// experiment it shows; `experiment-scripts train --wait`, `cancel` and `runs` make one for the jobs they care about.
import type { ExecFileFn } from '#core/gpu/execFile';
import { FollowUpdate, JobFollower, JobNews } from './jobFollower';
import { jobIsActive, StoredJobRecord } from './jobRecord';
import { applyJobNews, claimedRunDirs, experimentOfJob, JobProgress } from './jobProgress';
import type { SchedulerFailure } from './schedulerCalls';

export interface JobBookOptions {
  exec: ExecFileFn;
  /** The environment of the scheduler calls; the process's own when absent. */
  env?: Readonly<Record<string, string>>;
  /** Called for each job an answer said something about, after its records were written. */
  onProgress?: (progress: JobProgress) => void;
  /** Called after each answer (or failed call), once every job's progress was applied. */
  onAnswer?: (failure: SchedulerFailure | undefined) => void;
  now?: () => number;
}

export class JobBook {
  private readonly byId = new Map<string, StoredJobRecord>();
  private readonly follower: JobFollower;
  private readonly waiters = new Set<{ done: () => boolean; resolve: () => void }>();
  private readonly now: () => number;
  /** Answers and run-folder looks are applied one after another, never interleaved. */
  private applying: Promise<void> = Promise.resolve();
  /** The last failed call, until one succeeds. */
  failure: SchedulerFailure | undefined;

  constructor(private readonly options: JobBookOptions) {
    this.now = options.now ?? Date.now;
    this.follower = new JobFollower(options.exec, (u) => this.apply(u), { env: options.env, now: this.now });
  }

  /** Adds or replaces a job; it is followed while its record says it is pending or running. */
  add(stored: StoredJobRecord): void {
    const known = this.byId.get(stored.record.jobId);
    // A record read from disk again must not undo what this book already knows (a window's own newer answer).
    if (known && known.record.endedAt !== undefined && stored.record.endedAt === undefined) return;
    this.byId.set(stored.record.jobId, stored);
    if (jobIsActive(stored.record)) {
      if (!this.follower.isTracked(stored.record.jobId)) this.follower.track(stored.record.jobId, stored.record.phase);
    } else {
      this.follower.untrack(stored.record.jobId);
    }
  }

  get(jobId: string): StoredJobRecord | undefined {
    return this.byId.get(jobId);
  }

  jobs(): StoredJobRecord[] {
    return [...this.byId.values()];
  }

  get activeCount(): number {
    return this.follower.activeCount;
  }

  /** How many calls the scheduler got from this book. */
  get calls(): number {
    return this.follower.calls;
  }

  nextCallInMs(): number | undefined {
    return this.follower.nextCallInMs();
  }

  /** Resolves once `done()` holds, checked now and after each answer; also when the book is disposed. */
  waitUntil(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add({ done, resolve }));
  }

  private wake(all = false): void {
    for (const w of [...this.waiters]) {
      if (!all && !w.done()) continue;
      this.waiters.delete(w);
      w.resolve();
    }
  }

  dispose(): void {
    this.follower.dispose();
    this.wake(true);
  }

  /**
   * Looks again for the run folders of the started train jobs of an experiment that have none yet, without asking
   * the scheduler: called when something appears in its runs/, so a running job's run shows as such at once
   * rather than at the next poll.
   */
  lookForRunFolders(experimentDir: string): Promise<void> {
    return this.serially(async () => {
      for (const stored of this.jobs()) {
        const r = stored.record;
        if (r.kind !== 'train' || r.runDirName || r.phase !== 'running' || experimentOfJob(stored) !== experimentDir) continue;
        await this.progress(stored, undefined);
      }
    });
  }

  private apply(update: FollowUpdate): Promise<void> {
    return this.serially(async () => {
      this.failure = update.failure;
      for (const [jobId, news] of update.news) {
        const stored = this.byId.get(jobId);
        if (stored) await this.progress(stored, news);
      }
      this.options.onAnswer?.(update.failure);
      this.wake();
    });
  }

  private async progress(stored: StoredJobRecord, news: JobNews | undefined): Promise<void> {
    const experiment = experimentOfJob(stored);
    const siblings = this.jobs().filter((j) => experimentOfJob(j) === experiment);
    const progress = await applyJobNews(stored, news, new Date(this.now()), claimedRunDirs(siblings, stored.file));
    this.byId.set(stored.record.jobId, progress.stored);
    if (!jobIsActive(progress.stored.record)) this.follower.untrack(stored.record.jobId);
    if (news || progress.changed) this.options.onProgress?.(progress);
  }

  private serially(op: () => Promise<void>): Promise<void> {
    const run = this.applying.then(op, op);
    this.applying = run.catch(() => undefined);
    return run;
  }
}
