// Turns the `experimentScripts.gpu` setting, the environment and the GPUs found into a CUDA_VISIBLE_DEVICES value.
import { chooseGpu } from './chooseGpu';
import { ComputeApp, GpuInfo, gpuLabel } from './gpuInfo';

export type GpuResolution =
  /** Run on these GPUs: pass `cudaVisibleDevices` to the process. */
  | { kind: 'gpus'; cudaVisibleDevices: string; gpus: GpuInfo[]; device: string; notice?: string }
  /** Run on the CPU. `cudaVisibleDevices` is '' (hide every GPU) when the user asked for none, undefined when there is none. */
  | { kind: 'cpu'; cudaVisibleDevices: string | undefined; device: string; notice?: string }
  /** CUDA_VISIBLE_DEVICES is already set where the editor runs: it is left as it is. */
  | { kind: 'inherited'; cudaVisibleDevices: string; device: string; notice: string }
  /** The user must pick (setting `ask`). */
  | { kind: 'ask' }
  /** The setting is malformed or names a GPU that does not exist. */
  | { kind: 'invalid'; message: string };

/**
 * Decides which GPUs a run gets. `gpus`/`apps` come from nvidia-smi (empty when there is none). An existing
 * CUDA_VISIBLE_DEVICES always wins: the user (or a scheduler such as Slurm) set it on purpose.
 */
export function resolveGpuSetting(
  /** The `experimentScripts.gpu` setting: `auto`, `ask`, `none`, or GPU indices such as `0,1` (anything else is invalid). */
  setting: string,
  env: Readonly<Record<string, string | undefined>>,
  gpus: readonly GpuInfo[],
  apps: readonly ComputeApp[] = [],
): GpuResolution {
  const inherited = env.CUDA_VISIBLE_DEVICES;
  if (inherited !== undefined) {
    return {
      kind: 'inherited',
      cudaVisibleDevices: inherited,
      device: inherited.trim() === '' ? 'CPU' : `CUDA_VISIBLE_DEVICES=${inherited}`,
      notice:
        `CUDA_VISIBLE_DEVICES is already set to "${inherited}" in the environment; runs keep it ` +
        `and the experimentScripts.gpu setting is not applied.`,
    };
  }
  const value = setting.trim().toLowerCase();
  if (value === 'none') return { kind: 'cpu', cudaVisibleDevices: '', device: 'CPU' };
  if (value === 'auto' || value === '') {
    const choice = chooseGpu(gpus, apps);
    if (!choice) return { kind: 'cpu', cudaVisibleDevices: undefined, device: 'CPU' };
    const label = gpuLabel(choice.gpu);
    return {
      kind: 'gpus',
      cudaVisibleDevices: String(choice.gpu.index),
      gpus: [choice.gpu],
      device: label,
      notice: choice.allBusy ? `Every GPU already runs a process; the run shares ${label}, which has the most free memory.` : undefined,
    };
  }
  if (value === 'ask') return gpus.length === 0 ? { kind: 'cpu', cudaVisibleDevices: undefined, device: 'CPU' } : { kind: 'ask' };
  if (!/^\d+(\s*,\s*\d+)*$/.test(value)) {
    return { kind: 'invalid', message: `experimentScripts.gpu is "${setting}"; use auto, ask, none, or GPU indices such as 0 or 0,1.` };
  }
  const indices = value.split(',').map((s) => Number(s.trim()));
  return useIndices(indices, gpus);
}

/** Runs on exactly these nvidia-smi indices, after checking they exist. */
export function useIndices(indices: readonly number[], gpus: readonly GpuInfo[]): Extract<GpuResolution, { kind: 'gpus' | 'invalid' }> {
  const unique = [...new Set(indices)];
  const chosen: GpuInfo[] = [];
  for (const i of unique) {
    const gpu = gpus.find((g) => g.index === i);
    if (!gpu) {
      const have = gpus.length === 0 ? 'no GPU was found' : `the GPUs are ${gpus.map((g) => g.index).join(', ')}`;
      return { kind: 'invalid', message: `experimentScripts.gpu asks for GPU ${i}, but ${have}.` };
    }
    chosen.push(gpu);
  }
  const device = chosen.length === 1 ? gpuLabel(chosen[0]) : `GPUs ${unique.join(',')}`;
  return { kind: 'gpus', cudaVisibleDevices: unique.join(','), gpus: chosen, device };
}
