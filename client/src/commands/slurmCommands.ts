// Cancel Run (scancel for the run's SLURM jobs, from a run or job entry of the Run Explorer, or a pick of the jobs
// pending or running) and Remove Job from List (the record of a job that ended without a run folder).
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { isPlainObject } from '#core/isPlainObject';
import { jobIsActive, StoredJobRecord } from '#core/slurm/jobRecord';
import type { Prompts } from '#client/prompts';
import type { SlurmMonitor } from '#client/slurm/slurmMonitor';
import { escapeIconSyntax } from '#core/text/iconSyntax';

export interface CancelResult {
  cancelled: string[];
  message?: string;
}

export function registerSlurmCommands(context: vscode.ExtensionContext, monitor: SlurmMonitor, prompts: Prompts): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('experimentScripts.cancelRun', (arg?: unknown) => cancelRun(monitor, prompts, arg)),
    vscode.commands.registerCommand('experimentScripts.removeJobFromList', (arg?: unknown) => removeJob(monitor, arg)),
  );
}

async function cancelRun(monitor: SlurmMonitor, prompts: Prompts, arg: unknown): Promise<CancelResult> {
  const jobs = jobsOf(monitor, arg) ?? (await pickJob(monitor, prompts));
  if (!jobs) return { cancelled: [] };
  if (jobs.length === 0) {
    const message = 'This run has no SLURM job pending or running.';
    void prompts.notify('info', message);
    return { cancelled: [], message };
  }
  const failure = await monitor.cancel(jobs);
  if (failure) {
    void prompts.notify('error', `Could not cancel ${describe(jobs)}: ${failure}`);
    return { cancelled: [], message: failure };
  }
  vscode.window.setStatusBarMessage(`Cancelled ${describe(jobs)}`, 5000);
  return { cancelled: jobs.map((j) => j.record.jobId) };
}

/** The active jobs a tree node names: a job entry's job, or a run's jobs; undefined for anything else. */
function jobsOf(monitor: SlurmMonitor, arg: unknown): StoredJobRecord[] | undefined {
  if (!isPlainObject(arg)) return undefined;
  if (arg.kind === 'job' && typeof arg.jobId === 'string') {
    const job = monitor.job(arg.jobId);
    return job && jobIsActive(job.record) ? [job] : [];
  }
  if (arg.kind === 'run' && isPlainObject(arg.run) && typeof arg.run.experimentDir === 'string' && typeof arg.run.dirName === 'string') {
    return monitor.activeJobsOfRun(arg.run.experimentDir, arg.run.dirName);
  }
  return undefined;
}

async function pickJob(monitor: SlurmMonitor, prompts: Prompts): Promise<StoredJobRecord[] | undefined> {
  const active = monitor.allActive();
  if (active.length === 0) {
    void prompts.notify('info', 'No SLURM job is pending or running.');
    return undefined;
  }
  const chosen = await prompts.quickPick(
    active.map((job) => ({
      label: escapeIconSyntax(job.record.jobName),
      description: escapeIconSyntax(`job ${job.record.jobId} · ${job.record.reason ?? job.record.phase}`),
      job,
    })),
    { title: 'Cancel Run', placeHolder: 'Which job?' },
  );
  return chosen && [chosen.job];
}

async function removeJob(monitor: SlurmMonitor, arg: unknown): Promise<void> {
  if (!isPlainObject(arg) || arg.kind !== 'job' || typeof arg.jobId !== 'string') return;
  const job = monitor.job(arg.jobId);
  if (!job || jobIsActive(job.record)) return;
  // Only the record goes: the batch script and the output file stay in runs/.slurm/.
  await fs.rm(job.file, { force: true });
  await monitor.load(monitor.experimentOf(job));
}

function describe(jobs: readonly StoredJobRecord[]): string {
  return jobs.map((j) => `job ${j.record.jobId} (${j.record.jobName})`).join(', ');
}
