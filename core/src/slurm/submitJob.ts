// Carries out a planned submission, for the window and the command line alike: the batch script is written (an
// exclusive create inside the experiment's own runs/.slurm/), sbatch is run without a shell, and the job record is
// written. Nothing is left half-done: when sbatch refuses or cannot be reached, the batch script is removed and no
// record says a job exists; when the record cannot be written, the job is cancelled again.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ExecFileFn } from '#core/gpu/execFile';
import { errorMessage } from '#core/errorMessage';
import type { LaunchPlan } from '#core/launch/launchPlan';
import { JOB_RECORD_VERSION, jobRecordFile, slurmFolderProblem, SlurmJobRecord, StoredJobRecord, writeJobRecord } from './jobRecord';
import { execCall, readSbatchResult, sbatchCall, scancelCall, SchedulerFailure } from './schedulerCalls';
import { outputFileOf, sbatchEnvironment, SlurmSubmission } from './submission';

export type SubmitOutcome =
  | { kind: 'submitted'; job: StoredJobRecord }
  /** `failure` is the scheduler's when it answered; the message names what is missing or what it said. */
  | { kind: 'failed'; message: string; failure?: SchedulerFailure };

export interface SubmitRequest {
  plan: LaunchPlan;
  submission: SlurmSubmission;
  /** train: the descriptive name; eval and plot: the run path. */
  target: string;
  /** The run folder's name, for eval and plot. */
  runDirName?: string;
  exec: ExecFileFn;
  /** The environment sbatch runs with, and exports to the job (without CUDA_VISIBLE_DEVICES: Slurm picks GPUs). */
  env: Readonly<Record<string, string | undefined>>;
  now: Date;
}

export async function submitJob(req: SubmitRequest): Promise<SubmitOutcome> {
  const { plan, submission, exec } = req;
  const experimentDir = plan.command.cwd;
  const folderProblem = await slurmFolderProblem(experimentDir);
  if (folderProblem) return { kind: 'failed', message: folderProblem };
  try {
    await fs.mkdir(submission.folder, { recursive: true });
    await fs.writeFile(submission.scriptFile, submission.script, { encoding: 'utf8', flag: 'wx', mode: 0o644 });
  } catch (err) {
    return { kind: 'failed', message: `The batch script could not be written to ${submission.scriptFile}: ${errorMessage(err)}` };
  }
  const call = sbatchCall(submission.sbatchArgs);
  const env = sbatchEnvironment(req.env);
  const result = readSbatchResult(call, await execCall(exec, call, { env, cwd: experimentDir }));
  if (result.kind === 'failed') {
    await fs.rm(submission.scriptFile, { force: true }).catch(() => undefined);
    return { kind: 'failed', message: result.failure.message, failure: result.failure };
  }
  const record: SlurmJobRecord = {
    version: JOB_RECORD_VERSION,
    jobId: result.jobId,
    ...(result.cluster ? { cluster: result.cluster } : {}),
    kind: plan.kind,
    target: req.target,
    jobName: submission.jobName,
    submittedAt: req.now.toISOString(),
    argv: [plan.command.command, ...plan.command.args],
    runner: plan.runner,
    requested: submission.options,
    ...(submission.options.partition ? { partition: submission.options.partition } : {}),
    outputFile: outputFileOf(submission, result.jobId),
    scriptFile: submission.scriptFile,
    ...(req.runDirName ? { runDirName: req.runDirName } : {}),
    phase: 'pending',
    state: 'PENDING',
  };
  const file = jobRecordFile(submission.scriptFile, result.jobId);
  try {
    await writeJobRecord(file, record);
  } catch (err) {
    // A job nobody can find again must not run: take it back.
    const cancel = scancelCall([result.jobId]);
    await execCall(exec, cancel, { env });
    return {
      kind: 'failed',
      message: `Job ${result.jobId} was cancelled again: its record could not be written to ${path.dirname(file)} (${errorMessage(err)}).`,
    };
  }
  return { kind: 'submitted', job: { file, record } };
}
