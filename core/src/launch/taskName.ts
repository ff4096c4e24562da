// Names of launched tasks, as shown in the terminal tab and the task list: `train · de-risk · GPU 0 H200`.

export type LaunchKind = 'train' | 'eval' | 'plot';

/**
 * `environment` ends the name for pixi runs, which have two: `pixi` (the manifest's) or `pixi script` (the script's
 * own, `pixi run --script`). uv and plain Python runs keep the short name.
 */
export function taskName(kind: LaunchKind, target: string, device: string, environment?: string): string {
  return `${kind} · ${target} · ${device}${environment ? ` · ${environment}` : ''}`;
}
