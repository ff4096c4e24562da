// The window's view of SLURM jobs: the job records of every experiment the Run Explorer shows (runs/.slurm/), read
// when an experiment is listed and again when that folder changes (a submission of this window, another window or
// the command line), and followed while they are pending or running by one JobBook: one squeue call per poll for
// all of them. Each answer is written into the job and run records; the Run Explorer is told what changed.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { nodeExecFile } from '#core/gpu/execFile';
import { RUNS_DIR } from '#core/runs/experimentFolder';
import { JobBook } from '#core/slurm/jobBook';
import { isJobListed, jobIsActive, readJobRecords, StoredJobRecord } from '#core/slurm/jobRecord';
import { experimentOfJob, JobProgress } from '#core/slurm/jobProgress';
import { describeCallFailure, execCall, scancelCall, SchedulerFailure } from '#core/slurm/schedulerCalls';
import type { Log } from '#client/log';

export interface ListedJob {
  stored: StoredJobRecord;
  /** Whether the job's run folder exists (it may not yet, or may have been deleted while the job ran). */
  runFolderExists: boolean;
}

interface ExperimentJobs {
  jobs: ListedJob[];
  problems: string[];
}

export class SlurmMonitor implements vscode.Disposable {
  private readonly book: JobBook;
  private readonly experiments = new Map<string, ExperimentJobs>();
  private readonly loading = new Map<string, Promise<void>>();
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  /** Fires with an experiment folder whose jobs changed (or whose scheduler answer failed). */
  readonly onDidChange = this.changeEmitter.event;
  /** Called with a run folder whose run record a job's progress rewrote. */
  onRunChanged: ((runDir: string) => void) | undefined;

  private readonly trust: vscode.Disposable;

  constructor(private readonly log: Log) {
    this.book = new JobBook({
      exec: nodeExecFile,
      onProgress: (p) => this.progressed(p),
      onAnswer: (failure) => this.answered(failure),
    });
    this.trust = vscode.workspace.onDidGrantWorkspaceTrust(() => {
      for (const dir of this.experiments.keys()) void this.load(dir);
    });
  }

  dispose(): void {
    this.book.dispose();
    this.trust.dispose();
    this.changeEmitter.dispose();
  }

  /** The last failed scheduler call, while no call has succeeded since. */
  get failure(): SchedulerFailure | undefined {
    return this.book.failure;
  }

  /** Milliseconds until the scheduler is asked again; undefined while no job is pending or running. */
  nextCallInMs(): number | undefined {
    return this.book.nextCallInMs();
  }

  /** Scheduler calls made so far (squeue, scontrol, sacct): one per poll, whatever the number of jobs. */
  get calls(): number {
    return this.book.calls;
  }

  /** (Re-)reads the job records of an experiment; calls for one experiment run one after another. */
  load(experimentDir: string): Promise<void> {
    const previous = this.loading.get(experimentDir) ?? Promise.resolve();
    const next = previous.then(() => this.read(experimentDir));
    this.loading.set(experimentDir, next);
    return next;
  }

  /** The jobs the Run Explorer lists on their own in an experiment (see isJobListed), newest first. */
  listed(experimentDir: string): ListedJob[] {
    return (this.experiments.get(experimentDir)?.jobs ?? []).filter((j) => isJobListed(j.stored.record, j.runFolderExists));
  }

  problems(experimentDir: string): string[] {
    return this.experiments.get(experimentDir)?.problems ?? [];
  }

  /** Whether an experiment has a job that may still start or run. */
  hasActive(experimentDir: string): boolean {
    return (this.experiments.get(experimentDir)?.jobs ?? []).some((j) => jobIsActive(j.stored.record));
  }

  job(jobId: string): StoredJobRecord | undefined {
    const listed = [...this.experiments.values()].flatMap((e) => e.jobs).find((j) => j.stored.record.jobId === jobId);
    return this.book.get(jobId) ?? listed?.stored;
  }

  /** The jobs of a run folder that may still start or run (its train job, an eval or plot job on it). */
  activeJobsOfRun(experimentDir: string, dirName: string): StoredJobRecord[] {
    return (this.experiments.get(experimentDir)?.jobs ?? [])
      .map((j) => j.stored)
      .filter((s) => s.record.runDirName === dirName && jobIsActive(s.record));
  }

  /** Every job that may still start or run, of every experiment read. */
  allActive(): StoredJobRecord[] {
    return [...this.experiments.values()].flatMap((e) => e.jobs.map((j) => j.stored).filter((s) => jobIsActive(s.record)));
  }

  experimentOf(stored: StoredJobRecord): string {
    return experimentOfJob(stored);
  }

  /** A job this window just submitted: followed at once, without waiting for the folder watcher. */
  add(stored: StoredJobRecord): void {
    const dir = experimentOfJob(stored);
    const state = this.experiments.get(dir) ?? { jobs: [], problems: [] };
    state.jobs = [{ stored, runFolderExists: false }, ...state.jobs.filter((j) => j.stored.record.jobId !== stored.record.jobId)];
    this.experiments.set(dir, state);
    this.book.add(stored);
    this.changeEmitter.fire(dir);
  }

  /**
   * Whether a change to these entries of runs/ made a job's run folder come or go (deleted while the job runs: the
   * job is listed on its own again). Only jobs whose folder is among the names are looked at.
   */
  async runFolderCameOrWent(experimentDir: string, names: ReadonlySet<string>): Promise<boolean> {
    for (const j of this.experiments.get(experimentDir)?.jobs ?? []) {
      if (j.stored.record.runDirName === undefined || !names.has(j.stored.record.runDirName)) continue;
      if ((await runFolderExists(j.stored)) !== j.runFolderExists) return true;
    }
    return false;
  }

  /** Something appeared in an experiment's runs/: maybe the run folder of one of its running train jobs. */
  runsChanged(experimentDir: string): void {
    if (this.hasActive(experimentDir)) void this.book.lookForRunFolders(experimentDir);
  }

  /** Cancels jobs with scancel; the message of a failure, or undefined. Their new state comes with the next answer. */
  async cancel(jobs: readonly StoredJobRecord[]): Promise<string | undefined> {
    const call = scancelCall(jobs.map((j) => j.record.jobId));
    const failure = describeCallFailure(call, await execCall(nodeExecFile, call));
    if (failure) return failure.message;
    this.log.info(`scancel ${jobs.map((j) => j.record.jobId).join(' ')}`);
    return undefined;
  }

  private async read(experimentDir: string): Promise<void> {
    const { jobs, problems } = await readJobRecords(experimentDir);
    // Every job first, so that the first poll asks about all of them in one call.
    const current = jobs.map((stored) => {
      // What this window already knows of a job is newer than, or as new as, its record on disk.
      const known = this.book.get(stored.record.jobId);
      return known && known.file === stored.file && known.record.endedAt !== undefined ? known : stored;
    });
    // In Restricted Mode jobs are listed as their records say, and the scheduler is not asked (nothing is run).
    if (vscode.workspace.isTrusted) for (const stored of current) this.book.add(stored);
    const listed: ListedJob[] = [];
    for (const stored of current)
      listed.push({ stored: this.book.get(stored.record.jobId) ?? stored, runFolderExists: await runFolderExists(stored) });
    this.experiments.set(experimentDir, { jobs: listed, problems });
    for (const p of problems) this.log.warn(`SLURM jobs of ${experimentDir}: ${p}`);
    this.changeEmitter.fire(experimentDir);
  }

  private progressed(p: JobProgress): void {
    const dir = experimentOfJob(p.stored);
    const state = this.experiments.get(dir);
    if (state) {
      state.jobs = state.jobs.map((j) =>
        j.stored.record.jobId !== p.stored.record.jobId
          ? j
          : { stored: p.stored, runFolderExists: p.changed ? p.runDir !== undefined : j.runFolderExists },
      );
    }
    for (const problem of p.problems) this.log.warn(`SLURM job ${p.stored.record.jobId}: ${problem}`);
    if (p.changed) {
      const r = p.stored.record;
      this.log.info(`SLURM job ${r.jobId} (${r.jobName}): ${r.reason ?? r.phase}${r.runDirName ? ` [${RUNS_DIR}/${r.runDirName}]` : ''}`);
      if (p.runDir) this.onRunChanged?.(p.runDir);
    }
    this.changeEmitter.fire(dir);
  }

  private answered(failure: SchedulerFailure | undefined): void {
    if (failure) this.log.warn(`SLURM: ${failure.message}`);
    // A failure (or the first success after one) changes what every experiment with active jobs says.
    for (const dir of this.experiments.keys()) if (this.hasActive(dir)) this.changeEmitter.fire(dir);
  }
}

async function runFolderExists(stored: StoredJobRecord): Promise<boolean> {
  if (!stored.record.runDirName) return false;
  const dir = path.join(experimentOfJob(stored), RUNS_DIR, stored.record.runDirName);
  return fs.lstat(dir).then(
    (st) => st.isDirectory(),
    () => false,
  );
}
