// While a launched run uses a GPU, the status bar shows that GPU's memory and load. It polls nvidia-smi only while
// such a run is active and the window has focus, at most every 2 s, and never with two queries in flight.
import * as vscode from 'vscode';
import { errorMessage } from '#core/errorMessage';
import { formatMemory, GpuInfo } from '#core/gpu/gpuInfo';
import { queryConfiguredGpus } from '#client/launch/configuredGpus';
import type { LaunchTracker } from '#client/launch/launchTracker';
import type { Log } from '#client/log';

export const GPU_POLL_INTERVAL_MS = 2000;

/** What the status bar item shows now (read by the end-to-end tests; VS Code offers no way to read an item). */
export interface GpuStatusSnapshot {
  visible: boolean;
  text: string;
  tooltip: string;
}

export class GpuStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('experimentScripts.gpuStatus', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private visible = false;
  private disposed = false;
  /** The latest figures nvidia-smi gave for each GPU, by UUID. */
  private readonly latest = new Map<string, GpuInfo>();

  constructor(
    private readonly launches: LaunchTracker,
    private readonly log: Log,
  ) {
    this.item.name = 'Experiment GPU';
    this.item.command = 'experimentScripts.pickGpu';
    this.disposables.push(
      this.item,
      launches.onDidChangeActive(() => this.update()),
      vscode.window.onDidChangeWindowState(() => this.update()),
    );
  }

  dispose(): void {
    // A poll in flight finishes after this, and must not schedule another.
    this.disposed = true;
    this.stop();
    for (const d of this.disposables) d.dispose();
  }

  snapshot(): GpuStatusSnapshot {
    const tooltip = this.item.tooltip;
    return { visible: this.visible, text: this.item.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
  }

  /** The GPUs used by launches still running. */
  private watched(): GpuInfo[] {
    const byUuid = new Map<string, GpuInfo>();
    for (const l of this.launches.activeLaunches()) for (const g of l.gpus) byUuid.set(g.uuid, g);
    return [...byUuid.values()].sort((a, b) => a.index - b.index);
  }

  private update(): void {
    const gpus = this.watched();
    if (gpus.length === 0) {
      this.stop();
      this.item.hide();
      this.visible = false;
      return;
    }
    // The set of GPUs may have changed: show it at once, with the newest figures known, until the next poll.
    this.render(gpus.map((g) => this.latest.get(g.uuid) ?? g));
    this.item.show();
    this.visible = true;
    if (vscode.window.state.focused) this.schedule(0);
    else this.stop();
  }

  private schedule(delay: number): void {
    if (this.timer || this.polling || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.poll();
    }, delay);
  }

  private stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    const watched = this.watched();
    if (watched.length === 0 || !vscode.window.state.focused) return;
    this.polling = true;
    try {
      const res = await queryConfiguredGpus(undefined, true);
      if (res.kind === 'ok') {
        for (const g of res.gpus) this.latest.set(g.uuid, g);
        const fresh = watched.map((w) => res.gpus.find((g) => g.uuid === w.uuid) ?? w);
        this.render(fresh);
      }
    } catch (err) {
      // The figures shown stay; the next poll tries again.
      this.log.warn(`GPU status: nvidia-smi query failed: ${errorMessage(err)}`);
    } finally {
      this.polling = false;
    }
    if (this.watched().length > 0 && vscode.window.state.focused) this.schedule(GPU_POLL_INTERVAL_MS);
  }

  private render(gpus: GpuInfo[]): void {
    const text = gpus.map((g) => `GPU ${g.index} ${formatMemory(g.memoryUsedMiB, g.memoryTotalMiB)} ${g.utilizationPercent ?? '?'}%`);
    this.item.text = `$(circuit-board) ${text.join(' · ')}`;
    const runs = this.launches
      .activeLaunches()
      .filter((l) => l.gpus.length > 0)
      .map((l) => l.plan.taskName);
    this.item.tooltip = `${runs.join('\n')}\n\nClick to choose the GPU for the next runs.`;
  }
}
