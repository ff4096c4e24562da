// The queue's commands: Queue Train with name…, Queue Evaluate Run and Queue Plot Run add to the workspace's run
// queue instead of starting at once; the "Queued" group of the Run Explorer moves entries up and down and removes
// them. The queue itself (client/src/queue/runQueue.ts) starts them when a GPU is free.
import * as vscode from 'vscode';
import { isPlainObject } from '#core/isPlainObject';
import { validateDescriptiveName } from '#core/runs/runName';
import type { QueueEntry } from '#core/queue/queueState';
import type { Prompts } from '#client/prompts';
import { refuseWhenUntrusted } from '#client/launch/trust';
import type { RunQueue } from '#client/queue/runQueue';
import { askRunName, experimentFor } from './launchCommands';
import { runOrPick } from './targets';

export interface QueueResult {
  queued: boolean;
  entry?: QueueEntry;
  message?: string;
}

export function registerQueueCommands(context: vscode.ExtensionContext, queue: RunQueue, prompts: Prompts): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('experimentScripts.queueTrain', (arg?: unknown) => queueTrain(queue, prompts, arg)),
    vscode.commands.registerCommand('experimentScripts.queueEvaluateRun', (arg?: unknown) => queueOnRun(queue, prompts, 'eval', arg)),
    vscode.commands.registerCommand('experimentScripts.queuePlotRun', (arg?: unknown) => queueOnRun(queue, prompts, 'plot', arg)),
    vscode.commands.registerCommand('experimentScripts.removeFromQueue', (arg?: unknown) => withEntry(arg, (id) => queue.remove(id))),
    vscode.commands.registerCommand('experimentScripts.moveUpInQueue', (arg?: unknown) => withEntry(arg, (id) => queue.move(id, -1))),
    vscode.commands.registerCommand('experimentScripts.moveDownInQueue', (arg?: unknown) => withEntry(arg, (id) => queue.move(id, 1))),
  );
}

async function queueTrain(queue: RunQueue, prompts: Prompts, arg: unknown): Promise<QueueResult> {
  const untrusted = refuseWhenUntrusted(prompts, 'Queueing a run');
  if (untrusted !== undefined) return { queued: false, message: untrusted };
  const experimentDir = await experimentFor(prompts, arg, 'Queue Train with name…');
  if (!experimentDir) return { queued: false, message: 'No experiment was chosen.' };
  const name = await askRunName(prompts, experimentDir, 'Queue training of');
  if (name === undefined) return { queued: false, message: 'Cancelled.' };
  // Checked here too, so that a bad name is said now rather than when its turn comes.
  const problem = validateDescriptiveName(name);
  if (problem) return told(prompts, `Run name refused: ${problem}`);
  return added(prompts, await queue.add('train', experimentDir, name));
}

async function queueOnRun(queue: RunQueue, prompts: Prompts, kind: 'eval' | 'plot', arg: unknown): Promise<QueueResult> {
  const untrusted = refuseWhenUntrusted(prompts, 'Queueing a run');
  if (untrusted !== undefined) return { queued: false, message: untrusted };
  const run = await runOrPick(prompts, arg, kind === 'eval' ? 'Queue Evaluate Run' : 'Queue Plot Run');
  if (!run) return { queued: false, message: 'No run was chosen.' };
  return added(prompts, await queue.add(kind, run.experimentDir, run.relativePath));
}

function added(prompts: Prompts, entry: QueueEntry | string): QueueResult {
  return typeof entry === 'string' ? told(prompts, entry) : { queued: true, entry };
}

function told(prompts: Prompts, message: string): QueueResult {
  void prompts.notify('error', message);
  return { queued: false, message };
}

/** The entry a "Queued" node stands for. */
async function withEntry(arg: unknown, act: (id: string) => Promise<void>): Promise<void> {
  if (isPlainObject(arg) && arg.kind === 'queued' && isPlainObject(arg.entry) && typeof arg.entry.id === 'string') await act(arg.entry.id);
}
