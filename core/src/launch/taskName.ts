// Names of launched tasks, as shown in the terminal tab and the task list: `train · de-risk · GPU 0 H200`.

export type LaunchKind = 'train' | 'eval' | 'plot';

export function taskName(kind: LaunchKind, target: string, device: string): string {
  return `${kind} · ${target} · ${device}`;
}
