// The scheduler commands the extension runs, each with a time limit, and how their answers read. Run with the
// ExecFileFn of '#core/gpu/execFile' (no shell). Measured on the test cluster with slurmctld stopped: squeue,
// sbatch and scancel give up after 9 s, `scontrol show job` after 18 s; the limits leave room for that answer.
import type { ExecFileFn, ExecResult } from '#core/gpu/execFile';
import { readScontrolShowJob } from './scontrolShowJob';
import { readSqueueJson } from './squeueJson';
import { readSacct, SACCT_FORMAT } from './sacct';
import type { SlurmJob } from './slurmJob';

export interface SchedulerCall {
  program: string;
  args: string[];
  timeoutMs: number;
  /** Output beyond this is cut off by the runner: squeue --json lists every job of the cluster, ~4–6 KB each. */
  maxOutputBytes: number;
}

/** Runs a call with its time limit and output cap, never through a shell; `env` is the whole environment when given. */
export function execCall(
  exec: ExecFileFn,
  call: SchedulerCall,
  options: { env?: Readonly<Record<string, string>>; cwd?: string } = {},
): Promise<ExecResult> {
  return exec(call.program, call.args, { timeoutMs: call.timeoutMs, maxOutputBytes: call.maxOutputBytes, ...options });
}

export const QUERY_TIMEOUT_MS = 25_000;
export const SUBMIT_TIMEOUT_MS = 30_000;
const QUERY_MAX_BYTES = 256 * 1024 * 1024;
const SMALL_MAX_BYTES = 1024 * 1024;

/** One call for every job slurmctld holds (Slurm 22.05's --json ignores filters; later versions list them all too). */
export function squeueCall(): SchedulerCall {
  return { program: 'squeue', args: ['--json'], timeoutMs: QUERY_TIMEOUT_MS, maxOutputBytes: QUERY_MAX_BYTES };
}

/** `scontrol show job` for all jobs (no ids) or one; the fallback where squeue has no --json. */
export function scontrolShowJobCall(jobId?: string): SchedulerCall {
  return {
    program: 'scontrol',
    args: ['show', 'job', ...(jobId ? [jobId] : [])],
    timeoutMs: QUERY_TIMEOUT_MS,
    maxOutputBytes: QUERY_MAX_BYTES,
  };
}

/** `sacct` for jobs the controller has forgotten, where an accounting database exists. */
export function sacctCall(jobIds: readonly string[]): SchedulerCall {
  return {
    program: 'sacct',
    args: ['--parsable2', '--noheader', '--allocations', `--format=${SACCT_FORMAT.join(',')}`, `--jobs=${jobIds.join(',')}`],
    timeoutMs: QUERY_TIMEOUT_MS,
    maxOutputBytes: QUERY_MAX_BYTES,
  };
}

export function scancelCall(jobIds: readonly string[]): SchedulerCall {
  return { program: 'scancel', args: [...jobIds], timeoutMs: QUERY_TIMEOUT_MS, maxOutputBytes: SMALL_MAX_BYTES };
}

export function sbatchCall(sbatchArgs: readonly string[]): SchedulerCall {
  return { program: 'sbatch', args: [...sbatchArgs], timeoutMs: SUBMIT_TIMEOUT_MS, maxOutputBytes: SMALL_MAX_BYTES };
}

export type FailureKind =
  'not-installed' | 'unreachable' | 'timeout' | 'too-much-output' | 'bad-answer' | 'no-json' | 'no-accounting' | 'unknown-job' | 'refused';

export interface SchedulerFailure {
  kind: FailureKind;
  /** For the user: what failed, in the scheduler's words where it gave some. */
  message: string;
}

/** Why a call failed, or undefined when it succeeded (exit status 0). */
export function describeCallFailure(call: SchedulerCall, res: ExecResult): SchedulerFailure | undefined {
  const p = call.program;
  if (res.errorCode === 'ENOENT') {
    return { kind: 'not-installed', message: `${p} was not found: SLURM's commands are not installed on this machine, or not on PATH.` };
  }
  if (res.errorCode === 'ETIMEDOUT') {
    const extra = p === 'sbatch' ? ' The job may have been submitted all the same: look for it with squeue.' : '';
    return { kind: 'timeout', message: `${p} did not answer within ${call.timeoutMs / 1000} s.${extra}` };
  }
  if (res.errorCode === 'EACCES') return { kind: 'not-installed', message: `${p} could not be run (permission denied).` };
  if (res.errorCode === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
    return {
      kind: 'too-much-output',
      message: `${p} printed more than ${Math.round(call.maxOutputBytes / 2 ** 20)} MB; its answer was not read.`,
    };
  }
  if (res.exitCode === 0) return undefined;
  const said = schedulerWords(res.stderr || res.stdout);
  if (/Unable to contact slurm controller|Connection refused|Socket timed out|Zero Bytes were transmitted/i.test(said)) {
    return { kind: 'unreachable', message: `The SLURM controller (slurmctld) cannot be reached: ${said}` };
  }
  if (/accounting storage is disabled/i.test(said))
    return { kind: 'no-accounting', message: `This cluster keeps no job accounting: ${said}` };
  if (/Invalid job id specified/i.test(said)) return { kind: 'unknown-job', message: `The scheduler no longer knows the job: ${said}` };
  if (/unrecognized option '--json'|invalid option -- '?-?json|--json.*not supported/i.test(said)) {
    return { kind: 'no-json', message: `This ${p} cannot write JSON: ${said}` };
  }
  const status = res.exitCode === null ? 'failed' : `exited with status ${res.exitCode}`;
  return { kind: 'refused', message: said ? `${p} ${status}: ${said}` : `${p} ${status}.` };
}

/** The scheduler's message without its `sbatch: error:` prefixes and usage hints, on one line. */
export function schedulerWords(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^Try ".*--help" for more information/.test(l))
    .map((l) =>
      l
        .replace(/^(?:sbatch|squeue|scancel|scontrol|sacct|slurm_load_jobs)(?::\s*(?:error|fatal|warning))?:\s*/i, '')
        .replace(/^error:\s*/i, ''),
    )
    .join(' ');
}

export type SubmitResult = { kind: 'submitted'; jobId: string; cluster?: string } | { kind: 'failed'; failure: SchedulerFailure };

/** Reads `sbatch --parsable`: `12`, or `12;cluster` on a federation. */
export function readSbatchResult(call: SchedulerCall, res: ExecResult): SubmitResult {
  const failure = describeCallFailure(call, res);
  if (failure) return { kind: 'failed', failure };
  const line = res.stdout.trim().split(/\r?\n/).pop() ?? '';
  const m = /^(\d+)(?:;(\S+))?$/.exec(line.trim());
  if (!m)
    return {
      kind: 'failed',
      failure: { kind: 'refused', message: `sbatch answered without a job id: ${JSON.stringify(res.stdout.slice(0, 200))}` },
    };
  return m[2] ? { kind: 'submitted', jobId: m[1], cluster: m[2] } : { kind: 'submitted', jobId: m[1] };
}

export type PollAnswer = { kind: 'ok'; jobs: Map<string, SlurmJob> } | { kind: 'failed'; failure: SchedulerFailure };

/** Reads the answer of a poll call (squeue --json, scontrol show job or sacct), keeping only `tracked` jobs. */
export function readPollAnswer(call: SchedulerCall, res: ExecResult, tracked: ReadonlySet<string>): PollAnswer {
  const failure = describeCallFailure(call, res);
  if (failure) return { kind: 'failed', failure };
  let jobs: SlurmJob[];
  switch (call.program) {
    case 'squeue': {
      const read = readSqueueJson(res.stdout, tracked);
      return read.kind === 'ok' ? read : { kind: 'failed', failure: { kind: 'bad-answer', message: read.message } };
    }
    case 'sacct':
      jobs = readSacct(res.stdout);
      break;
    default:
      jobs = readScontrolShowJob(res.stdout);
  }
  return { kind: 'ok', jobs: new Map(jobs.filter((j) => tracked.has(j.jobId)).map((j) => [j.jobId, j])) };
}
