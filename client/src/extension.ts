// Entry point of the VS Code extension: creates each part once and wires them together; the parts themselves are
// thin wiring over the core and the language server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { registerLaunchCommands } from './commands/launchCommands';
import { registerQueueCommands } from './commands/queueCommands';
import { registerRunCommands } from './commands/runCommands';
import { registerSlurmCommands } from './commands/slurmCommands';
import { GpuStatusBar, GpuStatusSnapshot } from './gpuStatus/gpuStatusBar';
import { startLanguageClient } from './languageClient';
import { Launcher } from './launch/launcher';
import { LaunchEnd, LaunchTracker } from './launch/launchTracker';
import { createLog } from './log';
import { registerLockScriptEnvironment } from './lockScript';
import { registerNewExperiment } from './newExperiment/newExperiment';
import { MetricsApi, registerMetrics } from './metrics/index';
import { Prompts, ReplaceablePrompts } from './prompts';
import { QueueView, RunQueue } from './queue/runQueue';
import { SlurmMonitor } from './slurm/slurmMonitor';
import { registerRemoveByteOrderMark } from './removeByteOrderMark';
import { RunExplorerApi, registerRunExplorer } from './runExplorer/index';

/** What the extension exports: used by the end-to-end tests, which have no other way to read some UI state. */
export interface ExperimentScriptsApi {
  /** Milliseconds spent in activate() before it returned (the language server starts after). */
  activationMs: number;
  /** Resolves once the language server has answered `initialize`. */
  languageClientReady: Promise<LanguageClient>;
  /** Launches started by the train / evaluate / plot commands (which return `{ launched, launchId }`). */
  launches: LaunchesApi;
  /** The Run Explorer tree: its children and items as VS Code sees them, and a way to wait for file changes. */
  runExplorer: RunExplorerApi;
  /** Asks every later question and shows every later message through `prompts` instead of VS Code, until disposed. */
  usePrompts(prompts: Prompts): vscode.Disposable;
  /** The metrics panels open and what they show. */
  metrics: MetricsApi;
  /** SLURM jobs followed by this window, and the run queue. */
  slurm: SlurmApi;
  queue: QueueApi;
}

export interface SlurmApi {
  /** Scheduler calls made so far (one per poll, whatever the number of jobs). */
  calls(): number;
  /** Milliseconds until the next poll; undefined while no job is pending or running (no poll at all). */
  nextPollInMs(): number | undefined;
}

export interface QueueApi {
  view(): QueueView;
  /** Resolves when the queue's look in progress, if any, is done. */
  idle(): Promise<void>;
}

export interface LaunchesApi {
  /** Resolves when the launch with this id (returned by the train / evaluateRun / plotRun commands) has ended. */
  waitForEnd(launchId: number): Promise<LaunchEnd>;
  onDidEnd: vscode.Event<LaunchEnd>;
  /** What the GPU status bar item shows now. */
  gpuStatus(): GpuStatusSnapshot;
}

let client: LanguageClient | undefined;
let runQueue: RunQueue | undefined;

export function activate(context: vscode.ExtensionContext): ExperimentScriptsApi {
  const started = performance.now();
  const log = createLog();
  const prompts = new ReplaceablePrompts();
  context.subscriptions.push(log);
  // The server starts in the background so that activation itself stays cheap.
  const languageClientReady = startLanguageClient(context, log).then((c) => (client = c));
  languageClientReady.catch((err: unknown) => {
    log.error('the language server did not start', err);
    void prompts.notify(
      'error',
      `Experiment Scripts: the language server did not start (${String(err)}), so PEP 723 headers are not checked. Reload the window to try again.`,
    );
  });

  const runExplorer = registerRunExplorer(context, log);
  const tracker = new LaunchTracker(log, runExplorer.provider);
  const slurm = new SlurmMonitor(log);
  const launcher = new Launcher(prompts, log, tracker, slurm);
  const storage = context.storageUri?.scheme === 'file' ? context.storageUri.fsPath : undefined;
  const queue = new RunQueue(storage, launcher, tracker, prompts, log);
  runQueue = queue;
  runExplorer.provider.attach(slurm, queue);
  context.subscriptions.push(slurm, queue);
  const statusBar = new GpuStatusBar(tracker, log);
  context.subscriptions.push(tracker, statusBar);

  registerRemoveByteOrderMark(context, prompts);
  registerNewExperiment(context, prompts);
  registerLockScriptEnvironment(context, prompts);
  registerLaunchCommands(context, launcher, prompts);
  registerRunCommands(context, prompts);
  registerQueueCommands(context, queue, prompts);
  registerSlurmCommands(context, slurm, prompts);
  void queue.start().catch((err: unknown) => log.error('run queue', err));
  const metrics = registerMetrics(context, runExplorer.api, prompts, log);

  return {
    activationMs: performance.now() - started,
    languageClientReady,
    launches: {
      waitForEnd: (id) => tracker.waitForEnd(id),
      onDidEnd: tracker.onDidEnd,
      gpuStatus: () => statusBar.snapshot(),
    },
    runExplorer: runExplorer.api,
    usePrompts: (replacement) => prompts.replace(replacement),
    metrics,
    slurm: { calls: () => slurm.calls, nextPollInMs: () => slurm.nextCallInMs() },
    queue: { view: () => queue.view(), idle: () => queue.idle() },
  };
}

export async function deactivate(): Promise<void> {
  // The queue's runs end with the window: entries still waiting are marked, and the next start says so.
  await runQueue?.close();
  await client?.stop();
}
