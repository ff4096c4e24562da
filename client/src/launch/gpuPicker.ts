// The quick pick that lists GPUs with their memory, load and processes.
import * as vscode from 'vscode';
import { appsOn } from '#core/gpu/chooseGpu';
import { ComputeApp, GpuInfo, describeComputeApp, formatMemory } from '#core/gpu/gpuInfo';
import type { Prompts } from '#client/prompts';

export type GpuPick = { kind: 'gpu'; gpu: GpuInfo } | { kind: 'cpu' } | { kind: 'setting'; value: 'auto' | 'ask' | 'none' };

interface Item extends vscode.QuickPickItem {
  pick: GpuPick;
}

function gpuItem(gpu: GpuInfo, apps: readonly ComputeApp[]): Item {
  const procs = appsOn(gpu, apps);
  const util = gpu.utilizationPercent === undefined ? '? %' : `${gpu.utilizationPercent} %`;
  const detail = procs.length === 0 ? 'no compute process' : procs.map(describeComputeApp).join(' · ');
  return {
    label: `$(circuit-board) GPU ${gpu.index}: ${gpu.name}`,
    description: `${formatMemory(gpu.memoryUsedMiB, gpu.memoryTotalMiB)} used · ${util} busy`,
    detail,
    pick: { kind: 'gpu', gpu },
  };
}

/** Asks for the device of one launch: a GPU or the CPU. */
export async function pickGpuForLaunch(
  prompts: Prompts,
  gpus: readonly GpuInfo[],
  apps: readonly ComputeApp[],
  title: string,
): Promise<GpuPick | undefined> {
  const items: Item[] = [
    ...gpus.map((g) => gpuItem(g, apps)),
    { label: '$(server) CPU', description: 'hide every GPU from the run', pick: { kind: 'cpu' } },
  ];
  const chosen = await prompts.quickPick(items, {
    title,
    placeHolder: 'Which device should this run use?',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return chosen?.pick;
}

/** Asks which GPU future launches use (the `experimentScripts.gpu` setting). */
export async function pickGpuSetting(
  prompts: Prompts,
  gpus: readonly GpuInfo[],
  apps: readonly ComputeApp[],
  current: string,
): Promise<GpuPick | undefined> {
  const mark = (v: string) => (current === v ? ' (current)' : '');
  const items: Item[] = [
    { label: `Automatic${mark('auto')}`, description: 'the idle GPU with the most free memory', pick: { kind: 'setting', value: 'auto' } },
    { label: `Ask at each launch${mark('ask')}`, pick: { kind: 'setting', value: 'ask' } },
    { label: `CPU only${mark('none')}`, description: 'hide every GPU from runs', pick: { kind: 'setting', value: 'none' } },
    { label: 'GPUs', kind: vscode.QuickPickItemKind.Separator, pick: { kind: 'cpu' } },
    ...gpus.map((g) => {
      const item = gpuItem(g, apps);
      return { ...item, label: item.label + mark(String(g.index)) };
    }),
  ];
  const chosen = await prompts.quickPick(items, {
    title: 'GPU for launched runs',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return chosen?.pick;
}
