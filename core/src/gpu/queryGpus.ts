// Asks nvidia-smi which GPUs exist and which processes use them (once per launch, and while the status bar polls).
import { ComputeApp, GpuInfo } from './gpuInfo';
import { COMPUTE_APPS_FIELDS, GPU_QUERY_FIELDS, NvidiaSmiOutputError, parseComputeApps, parseGpuQuery } from './nvidiaSmiCsv';
import { ExecFileFn, ExecResult } from './execFile';

export type GpuQueryResult =
  | { kind: 'ok'; gpus: GpuInfo[]; apps: ComputeApp[] }
  /** nvidia-smi is not installed (or not on PATH): the machine is treated as having no GPU. */
  | { kind: 'no-nvidia-smi'; program: string }
  /** nvidia-smi exists but failed (driver not loaded, timeout, unexpected output). */
  | { kind: 'error'; message: string };

export interface QueryGpusOptions {
  /** Program to run; `nvidia-smi` by default (setting `experimentScripts.nvidiaSmiPath`). */
  program?: string;
  timeoutMs?: number;
  /** Skip the compute-process query (the status bar only needs memory and utilization). */
  withoutApps?: boolean;
}

export const DEFAULT_NVIDIA_SMI_TIMEOUT_MS = 3000;

/** What to tell the user when the query shows the machine has no GPU to give a run; undefined when it has one or the query failed. */
export function noGpuNotice(res: Extract<GpuQueryResult, { kind: 'no-nvidia-smi' }>): string;
export function noGpuNotice(res: GpuQueryResult): string | undefined;
export function noGpuNotice(res: GpuQueryResult): string | undefined {
  if (res.kind === 'no-nvidia-smi') return `No GPU found (${res.program} is not available): runs go to the CPU.`;
  if (res.kind === 'ok' && res.gpus.length === 0) return 'No GPU found (nvidia-smi lists none): runs go to the CPU.';
  return undefined;
}

export async function queryGpus(exec: ExecFileFn, options: QueryGpusOptions = {}): Promise<GpuQueryResult> {
  const program = options.program?.trim() || 'nvidia-smi';
  const timeoutMs = options.timeoutMs ?? DEFAULT_NVIDIA_SMI_TIMEOUT_MS;
  const gpuArgs = [`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];
  const appArgs = [`--query-compute-apps=${COMPUTE_APPS_FIELDS.join(',')}`, '--format=csv,noheader,nounits'];
  const [gpuRes, appRes] = await Promise.all([
    exec(program, gpuArgs, { timeoutMs }),
    options.withoutApps ? Promise.resolve<ExecResult>({ exitCode: 0, stdout: '', stderr: '' }) : exec(program, appArgs, { timeoutMs }),
  ]);
  if (gpuRes.errorCode === 'ENOENT') return { kind: 'no-nvidia-smi', program };
  const failure = describeFailure(program, gpuRes, timeoutMs) ?? describeFailure(program, appRes, timeoutMs);
  if (failure !== undefined) {
    // "No devices were found" is nvidia-smi's way of saying the machine has a driver but no GPU.
    if (/no devices were found/i.test(gpuRes.stdout + gpuRes.stderr)) return { kind: 'ok', gpus: [], apps: [] };
    return { kind: 'error', message: failure };
  }
  try {
    return { kind: 'ok', gpus: parseGpuQuery(gpuRes.stdout), apps: parseComputeApps(appRes.stdout) };
  } catch (err) {
    if (err instanceof NvidiaSmiOutputError) return { kind: 'error', message: err.message };
    throw err;
  }
}

function describeFailure(program: string, res: ExecResult, timeoutMs: number): string | undefined {
  if (res.errorCode === 'ETIMEDOUT') return `${program} did not answer within ${timeoutMs / 1000} s.`;
  if (res.errorCode === 'ENOENT') return `${program} was not found.`;
  if (res.errorCode === 'EACCES') return `${program} could not be run (permission denied).`;
  if (res.exitCode === 0) return undefined;
  // nvidia-smi prints its errors on stdout (e.g. `Field "x" is not a valid field to query.`).
  const said = (res.stdout.trim() || res.stderr.trim()).split(/\r?\n/)[0];
  const status = res.exitCode === null ? 'failed' : `exited with status ${res.exitCode}`;
  return said ? `${program} ${status}: ${said}` : `${program} ${status}.`;
}
