// What nvidia-smi tells us about GPUs and the processes using them.

/** One GPU, as listed by `nvidia-smi --query-gpu=…`. Numbers nvidia-smi cannot report are undefined. */
export interface GpuInfo {
  /** nvidia-smi's index; the number CUDA_VISIBLE_DEVICES takes (nvidia-smi orders GPUs by PCI bus, as CUDA does by default for this value). */
  index: number;
  uuid: string;
  /** Marketing name, e.g. `NVIDIA H200`. */
  name: string;
  memoryTotalMiB?: number;
  memoryUsedMiB?: number;
  memoryFreeMiB?: number;
  utilizationPercent?: number;
}

/** A process holding a compute context on a GPU (`nvidia-smi --query-compute-apps=…`). */
export interface ComputeApp {
  pid: number;
  processName: string;
  usedMemoryMiB?: number;
  gpuUuid: string;
}

/** Short label for task names and the status bar: `GPU 0 H200`. */
export function gpuLabel(gpu: GpuInfo): string {
  const short = gpu.name
    .replace(/^NVIDIA\s+/i, '')
    .replace(/^Tesla\s+/i, '')
    .trim();
  return short ? `GPU ${gpu.index} ${short}` : `GPU ${gpu.index}`;
}

/** `9.2/140.4 GiB` style memory text; `?` where nvidia-smi gave no number. */
export function formatMemory(usedMiB: number | undefined, totalMiB: number | undefined): string {
  return `${gib(usedMiB)}/${gib(totalMiB)} GiB`;
}

/** `python3 (pid 456, 9.2 GiB)`: a process using a GPU, as the GPU picker lists it. */
export function describeComputeApp(app: ComputeApp): string {
  return `${app.processName} (pid ${app.pid}${app.usedMemoryMiB === undefined ? '' : `, ${gib(app.usedMemoryMiB)} GiB`})`;
}

function gib(mib: number | undefined): string {
  return mib === undefined ? '?' : (mib / 1024).toFixed(1);
}
