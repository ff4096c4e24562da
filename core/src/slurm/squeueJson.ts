// Reads `squeue --json`: one call lists every job slurmctld holds (Slurm 22.05 ignores --jobs/--states/--user
// with --json), so the poller asks once for all tracked jobs and keeps those it tracks.
//
// Shapes: Slurm 22.05 (OpenAPI v0.0.38, captured in test/fixtures/slurm/) writes plain numbers and a string
// `job_state`; later data parsers (v0.0.39+) write numbers as `{ set, infinite, number }`, `job_state` as a list of
// flags and `exit_code` as `{ status, return_code, signal }`. Both are read; anything else in a job is left alone.
import { decodeWaitStatus, settleJob, SlurmExit, SlurmJob } from './slurmJob';
import { isPlainObject } from '#core/isPlainObject';

export type SchedulerRead = { kind: 'ok'; jobs: Map<string, SlurmJob> } | { kind: 'error'; message: string };

/**
 * The jobs of `squeue --json` output, keyed by job id; only those in `tracked` when it is given. An answer with
 * errors is an error even when it is valid JSON: with slurmctld down, squeue exits 0 with an `errors` entry and no
 * jobs, which must not read as "every job is gone".
 */
export function readSqueueJson(text: string, tracked?: ReadonlySet<string>): SchedulerRead {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const start = text.trimStart().slice(0, 80);
    return { kind: 'error', message: `squeue did not answer with JSON${start ? `: ${JSON.stringify(start)}` : ' (empty output)'}` };
  }
  if (!isPlainObject(data)) return { kind: 'error', message: 'squeue answered with JSON that is not an object' };
  const errors = Array.isArray(data.errors) ? data.errors : [];
  if (errors.length > 0) return { kind: 'error', message: `squeue reported: ${errors.map(describeError).join('; ')}` };
  if (!Array.isArray(data.jobs)) return { kind: 'error', message: 'squeue answered without a "jobs" list' };
  const jobs = new Map<string, SlurmJob>();
  for (const raw of data.jobs as unknown[]) {
    if (!isPlainObject(raw)) continue;
    const id = jobIdOf(raw);
    if (id === undefined || (tracked && !tracked.has(id))) continue;
    const job = toJob(id, raw);
    if (job) jobs.set(id, job);
  }
  return { kind: 'ok', jobs };
}

function jobIdOf(raw: Record<string, unknown>): string | undefined {
  const id = numberOf(raw.job_id);
  return id === undefined ? undefined : String(id);
}

function toJob(jobId: string, raw: Record<string, unknown>): SlurmJob | undefined {
  const states = Array.isArray(raw.job_state) ? raw.job_state.filter((s): s is string => typeof s === 'string') : [raw.job_state];
  const state = typeof states[0] === 'string' ? states[0] : undefined;
  if (!state) return undefined;
  const job: SlurmJob = { jobId, state, stateFlags: (states as string[]).slice(1) };
  const name = stringOf(raw.name);
  if (name !== undefined) job.name = name;
  const reason = stringOf(raw.state_reason);
  if (reason && reason !== 'None') job.reason = reason;
  const partition = stringOf(raw.partition);
  if (partition) job.partition = partition;
  const cluster = stringOf(raw.cluster);
  if (cluster) job.cluster = cluster;
  const limit = limitOf(raw.time_limit);
  if (limit !== undefined) job.timeLimitMinutes = limit;
  const stdout = stringOf(raw.standard_output);
  if (stdout) job.stdout = stdout;
  const workDir = stringOf(raw.current_working_directory);
  if (workDir) job.workDir = workDir;
  const submit = numberOf(raw.submit_time);
  if (submit) job.submitTime = submit;
  return settleJob(job, { exit: exitOf(raw.exit_code), startTime: numberOf(raw.start_time), endTime: numberOf(raw.end_time) });
}

/** A number, or the `number` of a `{ set, infinite, number }` that is set and finite. */
function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (isPlainObject(v) && v.set === true && v.infinite !== true && typeof v.number === 'number') return v.number;
  return undefined;
}

function limitOf(v: unknown): number | null | undefined {
  if (v === null) return null;
  if (isPlainObject(v) && (v.infinite === true || v.set === false)) return null;
  return numberOf(v);
}

function exitOf(v: unknown): SlurmExit | undefined {
  const status = numberOf(v);
  if (status !== undefined) return decodeWaitStatus(status);
  if (!isPlainObject(v)) return undefined;
  // v0.0.39+: { status: ["EXITED"] | ["SIGNALED"], return_code: {…}, signal: { id: {…}, name } }
  const code = numberOf(v.return_code);
  const signal = isPlainObject(v.signal) ? numberOf(v.signal.id) : undefined;
  if (code === undefined && signal === undefined) return undefined;
  if (signal) return { code: code ? code : null, signal };
  return { code: code ?? 0, signal: null };
}

function describeError(e: unknown): string {
  if (!isPlainObject(e)) return String(e);
  const parts = [e.description, e.error].filter((p): p is string => typeof p === 'string' && p !== '');
  return parts.length > 0 ? parts.join(': ') : JSON.stringify(e);
}

function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
