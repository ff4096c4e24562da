// The workspace's run queue: "Queue Train with name…" (and Evaluate/Plot) add entries; this window starts the head
// of the queue when a GPU is free by the queue policy (#core/queue/queuePolicy: the launcher's own GPU rule, runs per
// GPU, minimum free memory), launching it like any other run but on the device the policy chose. The queue lives in
// the workspace's storage folder (QueueStore), so it survives a reload and two windows on one workspace share it:
// taking an entry is an atomic change, so no entry starts twice. Runs are tasks of a window: when the window closes
// the queue stops, and the next start says so.
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '#core/errorMessage';
import { gpuLabel } from '#core/gpu/gpuInfo';
import type { GpuQueryResult } from '#core/gpu/queryGpus';
import type { DeviceChoice } from '#core/launch/launchDecision';
import type { LaunchTarget } from '#core/launch/launchPlan';
import { runTargetFrom } from '#core/launch/runTarget';
import type { LaunchKind } from '#core/launch/taskName';
import { decideNextStart, QueueDecision } from '#core/queue/queuePolicy';
import {
  addEntry,
  claimEntry,
  clearStopped,
  EMPTY_QUEUE,
  endStarted,
  markStopped,
  moveEntry,
  QueueClaimant,
  QueueDevice,
  QueueEntry,
  QueueState,
  reapStarted,
  removeEntry,
  setRunPid,
} from '#core/queue/queueState';
import { processAlive, QueueStore } from '#core/queue/queueStore';
import { formatLocalDateTime } from '#core/runs/runDisplay';
import { queryConfiguredGpus } from '#client/launch/configuredGpus';
import type { Launcher } from '#client/launch/launcher';
import type { LaunchTracker } from '#client/launch/launchTracker';
import type { Log } from '#client/log';
import type { Prompts } from '#client/prompts';
import { queueSettings } from '#client/settings';

/** While entries wait, the GPUs (and other windows' changes) are looked at this often. */
export const QUEUE_RECHECK_MS = 5_000;

export interface QueueView {
  waiting: readonly QueueEntry[];
  started: number;
  /** What the head of the queue waits for, when it waits. */
  headReason?: string;
  /** Why the queue cannot be used (no workspace folder open). */
  unavailable?: string;
}

export class RunQueue implements vscode.Disposable {
  private readonly store: QueueStore | undefined;
  private state: QueueState = EMPTY_QUEUE;
  private headReason: string | undefined;
  /** Launches this window started from the queue: launch id → entry id. */
  private readonly mine = new Map<number, string>();
  private running: Promise<void> | undefined;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly claimant: QueueClaimant = { host: os.hostname(), pid: process.pid, label: vscode.workspace.name };
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    storageDir: string | undefined,
    private readonly launcher: Launcher,
    tracker: LaunchTracker,
    private readonly prompts: Prompts,
    private readonly log: Log,
  ) {
    this.store = storageDir ? new QueueStore(path.join(storageDir, 'run-queue')) : undefined;
    this.disposables.push(
      this.changeEmitter,
      tracker.onDidStartProcess((e) => {
        const id = this.mine.get(e.launchId);
        if (id) void this.change((s) => setRunPid(s, id, e.pid));
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.pump()),
      tracker.onDidEnd((end) => {
        const id = this.mine.get(end.launchId);
        if (!id) return;
        this.mine.delete(end.launchId);
        void this.change((s) => endStarted(s, id)).then(() => this.pump());
      }),
    );
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }

  view(): QueueView {
    if (!this.store) return { waiting: [], started: 0, unavailable: 'Open a folder to queue runs: the queue is kept with the workspace.' };
    return { waiting: this.state.waiting, started: this.state.started.length, headReason: this.headReason };
  }

  /** Reads the saved queue at startup: says when it stopped with a window, then goes on with it. */
  async start(): Promise<void> {
    if (!this.store) return;
    const snapshot = await this.store.read();
    for (const p of snapshot.problems) this.log.warn(`run queue: ${p}`);
    this.state = snapshot.state;
    const stopped = snapshot.state.stopped;
    if (stopped) {
      await this.change(clearStopped);
      const at = new Date(stopped.at);
      const when = Number.isNaN(at.getTime()) ? 'when its window closed' : `when its window closed (${formatLocalDateTime(at)})`;
      const message = `The run queue stopped ${when} with ${stopped.waiting} run${stopped.waiting === 1 ? '' : 's'} waiting; it goes on now.`;
      this.log.info(message);
      void this.prompts.notify('info', message);
    }
    this.changeEmitter.fire();
    this.pump();
  }

  /** Adds a launch at the end of the queue. */
  async add(kind: LaunchKind, experimentDir: string, target: string): Promise<QueueEntry | string> {
    if (!this.store) return this.view().unavailable as string;
    const entry: QueueEntry = {
      id: `${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      kind,
      experimentDir,
      target,
      device: 'auto',
      addedAt: new Date().toISOString(),
    };
    await this.change((s) => addEntry(s, entry));
    this.log.info(`run queue: added ${kind} · ${target} (${experimentDir})`);
    this.pump();
    return entry;
  }

  async remove(id: string): Promise<void> {
    await this.change((s) => removeEntry(s, id));
    this.pump();
  }

  /** Moves an entry up (negative) or down (positive) by `delta` places. */
  async move(id: string, delta: number): Promise<void> {
    await this.change((s) => {
      const at = s.waiting.findIndex((e) => e.id === id);
      return at < 0 ? s : moveEntry(s, id, at + delta);
    });
    this.pump();
  }

  /** At window close: waiting entries will not start until a window runs the queue again; said at its next start. */
  async close(): Promise<void> {
    this.dispose();
    if (!this.store) return;
    await this.change((s) => markStopped(s, new Date())).catch(() => undefined);
  }

  /** Looks at the queue now (and again while it waits): at most one look at a time, another one after it if asked. */
  pump(): void {
    if (this.disposed || !this.store) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.look()
      .catch((err: unknown) => this.log.error('run queue', err))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.pump();
        } else if (!this.disposed && this.state.waiting.length > 0) {
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.pump();
          }, QUEUE_RECHECK_MS);
        }
      });
  }

  /** Waits for the look in progress (tests and the API). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async look(): Promise<void> {
    // Runs whose window and process are gone no longer hold a GPU; a window that runs the queue un-stops it.
    await this.change((s) => clearStopped(reapStarted(s, processAlive)));
    const head = this.state.waiting[0];
    if (!head) {
      this.setHeadReason(undefined);
      return;
    }
    // Nothing is launched in Restricted Mode: the queue waits for trust (and then goes on by itself).
    if (!vscode.workspace.isTrusted) return this.setHeadReason('waiting for this workspace to be trusted');
    const resource = vscode.Uri.file(head.experimentDir);
    const gpus = await queryConfiguredGpus(resource);
    const decision = decideNextStart({ waiting: this.state.waiting, started: this.state.started, gpus, settings: queueSettings(resource) });
    if (decision.kind === 'empty') return this.setHeadReason(undefined);
    if (decision.kind === 'wait') return this.setHeadReason(decision.reason);
    await this.startEntry(decision, gpus);
  }

  private async startEntry(decision: Extract<QueueDecision, { kind: 'start' }>, gpus: GpuQueryResult): Promise<void> {
    const { entry, device } = decision;
    let tellCpu = false;
    // The change may run again on a newer state (another window changed the queue): the last run decides.
    const claimed = await this.change((s) => {
      const next = claimEntry(s, entry.id, device, this.claimant, new Date());
      if (!next) return s;
      tellCpu = decision.cpuNotice !== undefined && !s.cpuNoticeShown;
      return tellCpu ? { ...next, cpuNoticeShown: true } : next;
    });
    const mine = claimed.started.some(
      (e) => e.id === entry.id && e.claimedBy.pid === this.claimant.pid && e.claimedBy.host === this.claimant.host,
    );
    this.again = true;
    // Another window took it first: it runs there.
    if (!mine) return;
    if (tellCpu && decision.cpuNotice) {
      this.log.info(decision.cpuNotice);
      void this.prompts.notify('info', decision.cpuNotice);
    }
    this.setHeadReason(undefined);
    const target = launchTargetOf(entry);
    if (typeof target === 'string') return this.failed(entry, target, true);
    this.log.info(`run queue: starting ${entry.kind} · ${entry.target} on ${device.kind === 'gpu' ? `GPU ${device.index}` : 'the CPU'}`);
    try {
      const result = await this.launcher.launch({ target, experimentDir: entry.experimentDir, device: deviceChoice(device, gpus) });
      // The launcher has said why (a refusal is shown to the user where it is decided).
      if (!result.launched || result.launchId === undefined) return this.failed(entry, result.message ?? 'it did not start', false);
      this.mine.set(result.launchId, entry.id);
    } catch (err) {
      return this.failed(entry, errorMessage(err), true);
    }
  }

  /** A taken entry that did not start: it leaves the queue (said once), and the next one may go. */
  private async failed(entry: QueueEntry, why: string, tell: boolean): Promise<void> {
    await this.change((s) => endStarted(s, entry.id));
    const message = `The queued ${entry.kind} of ${entry.target} did not start: ${why}`;
    this.log.warn(message);
    if (tell) void this.prompts.notify('error', message);
  }

  private setHeadReason(reason: string | undefined): void {
    if (reason !== this.headReason) this.log.info(`run queue: ${reason ?? 'nothing waits'}`);
    this.headReason = reason;
    this.changeEmitter.fire();
  }

  /** Applies a change atomically with every other window, keeps the state it saved, and tells the tree. */
  private async change(fn: (s: QueueState) => QueueState): Promise<QueueState> {
    if (!this.store) return this.state;
    const out = await this.store.update((s) => {
      const next = fn(s);
      return next === s ? undefined : { state: next, result: true };
    });
    this.state = out.state;
    this.changeEmitter.fire();
    return out.state;
  }
}

/** The launch an entry stands for; a message when its run path no longer names a run folder. */
function launchTargetOf(entry: QueueEntry): LaunchTarget | string {
  if (entry.kind === 'train') return { kind: 'train', name: entry.target };
  const run = runTargetFrom(entry.experimentDir, path.posix.basename(entry.target));
  return typeof run === 'string' ? run : { kind: entry.kind, run };
}

/** The device the policy chose, as the launcher takes it. */
function deviceChoice(device: QueueDevice, gpus: GpuQueryResult): DeviceChoice {
  if (device.kind === 'cpu') {
    const noGpu = gpus.kind !== 'ok' || gpus.gpus.length === 0;
    // On a machine with GPUs, a run queued for the CPU sees none; without GPUs there is nothing to hide.
    return { resolution: { kind: 'cpu', cudaVisibleDevices: noGpu ? undefined : '', device: 'CPU' }, noGpu };
  }
  const gpu = gpus.kind === 'ok' ? gpus.gpus.find((g) => g.uuid === device.uuid) : undefined;
  const label = gpu ? gpuLabel(gpu) : `GPU ${device.index}`;
  return {
    resolution: { kind: 'gpus', cudaVisibleDevices: String(device.index), gpus: gpu ? [gpu] : [], device: label },
    noGpu: false,
  };
}
