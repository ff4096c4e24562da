// Picks the GPU a new run should get when the user left the choice to us.
import { ComputeApp, GpuInfo } from './gpuInfo';

export interface GpuChoice {
  gpu: GpuInfo;
  /** True when every GPU already had a compute process: the run will share its GPU. */
  allBusy: boolean;
}

/**
 * The idle GPU (no compute process) with the most free memory; ties go to the lowest index. When every GPU is
 * busy, the one with the most free memory, flagged so the user can be told. Undefined when there is no GPU.
 */
export function chooseGpu(gpus: readonly GpuInfo[], apps: readonly ComputeApp[]): GpuChoice | undefined {
  if (gpus.length === 0) return undefined;
  const busy = new Set(apps.map((a) => a.gpuUuid));
  const idle = gpus.filter((g) => !busy.has(g.uuid));
  const pool = idle.length > 0 ? idle : gpus;
  const best = [...pool].sort(byMostFreeThenLowestIndex)[0];
  return { gpu: best, allBusy: idle.length === 0 };
}

function byMostFreeThenLowestIndex(a: GpuInfo, b: GpuInfo): number {
  // A GPU whose free memory is unknown ranks below every GPU that reports it.
  const fa = a.memoryFreeMiB ?? -1;
  const fb = b.memoryFreeMiB ?? -1;
  return fb - fa || a.index - b.index;
}

/** The compute processes running on `gpu`. */
export function appsOn(gpu: GpuInfo, apps: readonly ComputeApp[]): ComputeApp[] {
  return apps.filter((a) => a.gpuUuid === gpu.uuid);
}
