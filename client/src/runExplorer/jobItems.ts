// How SLURM jobs and the run queue look in the Run Explorer: a job before its run folder exists (with the
// scheduler's reason and its output file), and the "Queued" group with each entry's position and what the next one
// waits for.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatLocalDateTime } from '#core/runs/runDisplay';
import { describeSlurmJob } from '#core/slurm/jobDisplay';
import type { SlurmPhase } from '#core/slurm/jobVerdict';
import type { ListedJob } from '#client/slurm/slurmMonitor';
import type { QueueView } from '#client/queue/runQueue';
import type { JobNode, QueueGroupNode, QueuedNode } from './nodes';
import { runIcon } from './treeItems';
import { markdownText as escapeMarkdown } from '#core/text/markdown';

/** A job that has a run's state shows the run's icon; waiting in the queue and unknown to the scheduler are its own. */
function jobIcon(phase: SlurmPhase): vscode.ThemeIcon {
  switch (phase) {
    case 'pending':
      return new vscode.ThemeIcon('clock');
    case 'unknown':
      return new vscode.ThemeIcon('question');
    default:
      return runIcon(phase);
  }
}

/** The label of a job: the run name of a train job, `eval · <run folder>` of the others. */
export function jobLabel(listed: ListedJob): string {
  const r = listed.stored.record;
  return r.kind === 'train' ? r.target : `${r.kind} · ${path.posix.basename(r.target)}`;
}

export function jobItem(node: JobNode, listed: ListedJob | undefined): vscode.TreeItem {
  if (!listed) {
    const gone = new vscode.TreeItem(`job ${node.jobId}`, vscode.TreeItemCollapsibleState.None);
    gone.id = `job:${node.experimentDir}:${node.jobId}`;
    return gone;
  }
  const r = listed.stored.record;
  const item = new vscode.TreeItem(jobLabel(listed), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `job:${node.experimentDir}:${node.jobId}`;
  const ended = r.endedAt !== undefined || r.phase === 'unknown';
  const parts = [r.phase, `job ${r.jobId}`];
  if (r.reason) parts.push(r.reason);
  if (r.kind === 'train' && r.runDirName && !listed.runFolderExists) parts.push('its run folder was deleted');
  else if (r.kind === 'train' && ended) parts.push('no run folder was created');
  item.description = parts.join(' · ');
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMarkdown(r.jobName)}** — ${escapeMarkdown(r.phase)}\n\n`);
  md.appendMarkdown(`${escapeMarkdown(describeSlurmJob({ ...r, partition: r.partition ?? r.requested.partition }))}\n\n`);
  md.appendMarkdown(`Submitted ${escapeMarkdown(formatLocalDateTime(new Date(r.submittedAt)))} (local time)\n\n`);
  md.appendMarkdown(`Output: \`${r.outputFile.replace(/`/g, "'")}\``);
  item.tooltip = md;
  item.iconPath = jobIcon(r.phase);
  item.contextValue = ended ? 'job-ended' : `job-${r.phase}`;
  item.accessibilityInformation = { label: `SLURM job ${r.jobId}, ${jobLabel(listed)}, ${item.description}` };
  return item;
}

export function queueGroupItem(view: QueueView): vscode.TreeItem {
  const item = new vscode.TreeItem('Queued', vscode.TreeItemCollapsibleState.Expanded);
  item.id = 'queue';
  const started = view.started > 0 ? ` · ${view.started} started` : '';
  item.description = `${view.waiting.length} waiting${started}`;
  item.tooltip = 'Runs queued with Queue Train with name… (or Queue Evaluate/Plot Run): each starts when a GPU is free.';
  item.iconPath = new vscode.ThemeIcon('list-ordered');
  item.contextValue = 'queue';
  return item;
}

export function queuedItem(node: QueuedNode, view: QueueView): vscode.TreeItem {
  const { entry, position } = node;
  const name = entry.kind === 'train' ? entry.target : path.posix.basename(entry.target);
  const item = new vscode.TreeItem(`${position}. ${entry.kind} · ${name}`, vscode.TreeItemCollapsibleState.None);
  item.id = `queued:${entry.id}`;
  const experiment = vscode.workspace.asRelativePath(entry.experimentDir, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  const waits = position === 1 ? (view.headReason ?? 'about to start') : `after ${position - 1} other${position === 2 ? '' : 's'}`;
  item.description = `${experiment} · ${waits}`;
  item.tooltip = `${entry.kind} of ${entry.target} in ${entry.experimentDir}, queued ${formatLocalDateTime(new Date(entry.addedAt))}: ${waits}`;
  item.iconPath = new vscode.ThemeIcon(position === 1 ? 'debug-pause' : 'circle-outline');
  item.contextValue = 'queuedRun';
  return item;
}

export function queueGroupNode(): QueueGroupNode {
  return QUEUE_GROUP;
}

const QUEUE_GROUP: QueueGroupNode = { kind: 'queue' };
