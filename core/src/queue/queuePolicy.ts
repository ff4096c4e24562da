// Which queued entry starts next, and on which GPU. The queue is first in, first out: only the entry at its head
// may start. A GPU can take a queued run when
//   - the queue's runs on it are fewer than `runsPerGpu` (1 by default),
//   - no program outside the queue computes on it: where the queue runs nothing on it, nvidia-smi lists no compute
//     process and reports under 10 % utilisation (in a container, other containers' processes are not listed, but
//     their load is); where the queue already runs something, its processes cannot be told from others',
//     so only the count above applies,
//   - and it has at least `minFreeMemoryMiB` free (when that is set).
// Among those with the fewest queued runs, the launcher's own rule picks (chooseGpu: no compute process first, then
// most free memory, then lowest index), so runs spread over the GPUs before they share one. Without a GPU (no nvidia-smi, or none listed),
// the queue runs one entry at a time on the CPU; entries queued for the CPU do so on any machine. When nvidia-smi
// fails, nothing starts: the queue waits rather than put GPU work on the CPU.
import { appsOn, chooseGpu } from '#core/gpu/chooseGpu';
import { GpuInfo, gpuLabel } from '#core/gpu/gpuInfo';
import { GpuQueryResult, noGpuNotice } from '#core/gpu/queryGpus';
import type { QueueDevice, QueueEntry, StartedEntry } from './queueState';

export interface QueueSettings {
  /** How many queued runs may share one GPU. */
  runsPerGpu: number;
  /** A GPU with less free memory than this takes no queued run; 0 checks nothing. */
  minFreeMemoryMiB: number;
}

/** A GPU this busy, with no queued run on it, is in use by something the queue does not know. */
export const BUSY_UTILIZATION_PERCENT = 10;

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { runsPerGpu: 1, minFreeMemoryMiB: 0 };

export type QueueDecision =
  | { kind: 'empty' }
  | {
      kind: 'start';
      entry: QueueEntry;
      device: QueueDevice;
      /** Set when the run goes to the CPU because the machine has no GPU: to be said once. */
      cpuNotice?: string;
    }
  | {
      kind: 'wait';
      entry: QueueEntry;
      /** What the head of the queue waits for, for the Run Explorer's "Queued" group. */
      reason: string;
    };

export interface QueueFacts {
  waiting: readonly QueueEntry[];
  /** Entries the queue started whose runs still run (reaped of ended ones). */
  started: readonly StartedEntry[];
  gpus: GpuQueryResult;
  settings: QueueSettings;
}

export function decideNextStart(facts: QueueFacts): QueueDecision {
  const entry = facts.waiting[0];
  if (!entry) return { kind: 'empty' };
  const { gpus } = facts;
  const settings = normalize(facts.settings);
  const onCpu = facts.started.filter((s) => s.ranOn.kind === 'cpu').length;
  const cpuTurn = (notice?: string): QueueDecision =>
    onCpu > 0
      ? { kind: 'wait', entry, reason: 'waiting for the run on the CPU to end (one at a time)' }
      : { kind: 'start', entry, device: { kind: 'cpu' }, ...(notice ? { cpuNotice: notice } : {}) };

  if (entry.device === 'cpu') return cpuTurn();
  if (gpus.kind === 'error') return { kind: 'wait', entry, reason: `waiting for nvidia-smi to answer (${gpus.message})` };
  const noGpu = noGpuNotice(gpus);
  if (noGpu !== undefined || gpus.kind !== 'ok') return cpuTurn(`${noGpu ?? 'No GPU found.'} Queued runs start one at a time.`);

  const why: string[] = [];
  const free: { gpu: GpuInfo; ours: number }[] = [];
  for (const gpu of gpus.gpus) {
    const ours = facts.started.filter((s) => s.ranOn.kind === 'gpu' && s.ranOn.uuid === gpu.uuid).length;
    const others = ours === 0 ? appsOn(gpu, gpus.apps).length : 0;
    const load = ours === 0 ? (gpu.utilizationPercent ?? 0) : 0;
    const label = gpuLabel(gpu);
    if (ours >= settings.runsPerGpu) why.push(`${label} runs ${ours} queued run${ours === 1 ? '' : 's'}`);
    else if (others > 0) why.push(`${label} is used by ${others} other process${others === 1 ? '' : 'es'}`);
    else if (load >= BUSY_UTILIZATION_PERCENT) why.push(`${label} is ${load} % busy`);
    else if (settings.minFreeMemoryMiB > 0 && (gpu.memoryFreeMiB ?? -1) < settings.minFreeMemoryMiB) {
      why.push(
        `${label} has ${gpu.memoryFreeMiB === undefined ? 'an unknown amount of' : `${(gpu.memoryFreeMiB / 1024).toFixed(1)} GiB`} free`,
      );
    } else free.push({ gpu, ours });
  }
  // A run just started may not show in nvidia-smi yet: the GPUs with the fewest queued runs come first.
  const fewest = Math.min(...free.map((f) => f.ours));
  const choice = chooseGpu(
    free.filter((f) => f.ours === fewest).map((f) => f.gpu),
    gpus.apps,
  );
  if (!choice) return { kind: 'wait', entry, reason: `waiting for a free GPU: ${why.join('; ')}` };
  return { kind: 'start', entry, device: { kind: 'gpu', index: choice.gpu.index, uuid: choice.gpu.uuid } };
}

function normalize(s: QueueSettings): QueueSettings {
  const runsPerGpu = Number.isInteger(s.runsPerGpu) && s.runsPerGpu >= 1 ? s.runsPerGpu : DEFAULT_QUEUE_SETTINGS.runsPerGpu;
  const minFreeMemoryMiB = Number.isFinite(s.minFreeMemoryMiB) && s.minFreeMemoryMiB > 0 ? s.minFreeMemoryMiB : 0;
  return { runsPerGpu, minFreeMemoryMiB };
}
