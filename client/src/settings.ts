// The extension's settings, read in one place, each with its default. Reads are scoped to a resource (a file or an
// experiment folder) so that folder-level values of a multi-root workspace apply.
import * as vscode from 'vscode';
import { SCRIPT_SETTINGS, scriptFileFor } from '#core/launch/scriptSettings';
import type { LaunchKind } from '#core/launch/taskName';
import { DEFAULT_QUEUE_SETTINGS, QueueSettings } from '#core/queue/queuePolicy';
import type { GpuFlag, SlurmOptions } from '#core/slurm/slurmOptions';

const SECTION = 'experimentScripts';

function read<T>(key: string, fallback: T, resource?: vscode.Uri): T {
  return vscode.workspace.getConfiguration(SECTION, resource).get<T>(key, fallback);
}

/** The script a launch of `kind` runs, and the key of the setting that names it (for messages). */
export function scriptSetting(kind: LaunchKind, resource?: vscode.Uri): { script: string; key: string } {
  const { key } = SCRIPT_SETTINGS[kind];
  return { script: scriptFileFor(kind, read<unknown>(key, undefined, resource)), key };
}

/** The nvidia-smi program (a restricted setting: a workspace cannot name it until trusted). */
export function nvidiaSmiPath(resource?: vscode.Uri): string {
  return read('nvidiaSmiPath', 'nvidia-smi', resource).trim() || 'nvidia-smi';
}

export function runnerSetting(resource?: vscode.Uri): string {
  return read('runner', 'auto', resource);
}

export function gpuSetting(resource?: vscode.Uri): string {
  return read('gpu', 'auto', resource);
}

/** The configured interpreter for the `python` runner; blank means "ask the Python extension". */
export function pythonPathSetting(resource?: vscode.Uri): string | undefined {
  return read<string | undefined>('pythonPath', undefined, resource);
}

/** Where launches go by default: `local` (this machine) or `slurm` (each launch then asks, SLURM first). */
export function launchOnSetting(resource?: vscode.Uri): 'local' | 'slurm' {
  return read<string>('launchOn', 'local', resource) === 'slurm' ? 'slurm' : 'local';
}

/**
 * The SLURM options of the settings (`experimentScripts.slurm.*`); unset and blank values are left out, so that the
 * script's header table and the cluster's defaults apply. Values of the wrong type are passed on as they are, for
 * the launch's checks to name (checkSlurmOptions).
 */
export function slurmSettings(resource?: vscode.Uri): SlurmOptions {
  const config = vscode.workspace.getConfiguration(`${SECTION}.slurm`, resource);
  const o: SlurmOptions = {};
  const text = (key: string): string | undefined => {
    const v = config.get<unknown>(key);
    if (v === undefined || v === null || v === '') return undefined;
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  const count = (key: string): number | undefined => {
    const v = config.get<unknown>(key);
    return v === undefined || v === null || v === '' ? undefined : (v as number);
  };
  const partition = text('partition');
  if (partition !== undefined) o.partition = partition;
  const gpus = count('gpus');
  if (gpus !== undefined) o.gpus = gpus;
  const gpuType = text('gpuType');
  if (gpuType !== undefined) o.gpuType = gpuType;
  const gpuOption = text('gpuOption');
  if (gpuOption !== undefined) o.gpuFlag = gpuOption as GpuFlag;
  const cpus = count('cpus');
  if (cpus !== undefined) o.cpus = cpus;
  const memory = text('memory');
  if (memory !== undefined) o.memory = memory;
  const time = text('time');
  if (time !== undefined) o.time = time;
  const account = text('account');
  if (account !== undefined) o.account = account;
  const qos = text('qos');
  if (qos !== undefined) o.qos = qos;
  const extra = config.get<unknown>('sbatchArgs');
  if (Array.isArray(extra) && extra.length > 0) o.extraArgs = extra as string[];
  return o;
}

/** The local queue's settings: runs per GPU (1) and the free memory a GPU needs to take a queued run (0: none). */
export function queueSettings(resource?: vscode.Uri): QueueSettings {
  const config = vscode.workspace.getConfiguration(`${SECTION}.queue`, resource);
  const runsPerGpu = config.get<number>('runsPerGpu', DEFAULT_QUEUE_SETTINGS.runsPerGpu);
  const minFreeGiB = config.get<number>('minFreeMemoryGiB', 0);
  return { runsPerGpu, minFreeMemoryMiB: typeof minFreeGiB === 'number' && minFreeGiB > 0 ? Math.round(minFreeGiB * 1024) : 0 };
}
