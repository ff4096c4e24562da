// How each Run Explorer element looks: labels, descriptions, icons, tooltips, context values and click actions.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunInfo, RunStatus } from '#core/runs/types';
import { describeRecordedLaunch, formatLocalDateTime, formatMetricValue, formatRelativeAge, STATUS_LABELS } from '#core/runs/runDisplay';
import { describeSlurmJob } from '#core/slurm/jobDisplay';
import { markdownCode, markdownText } from '#core/text/markdown';
import type { ExperimentNode, MessageNode, MoreRunsNode, NotARunGroupNode, NotARunNode, RunFileNode, RunNode } from './nodes';

export const SHOW_MORE_RUNS_COMMAND = 'experimentScripts.showMoreRuns';

/** `run` for a finished run, `run-<status>` otherwise: menus match `viewItem =~ /^run/`. */
function runContextValue(status: RunStatus): string {
  return status === 'finished' ? 'run' : `run-${status}`;
}

export function runIcon(status: RunStatus): vscode.ThemeIcon {
  switch (status) {
    case 'running':
      return new vscode.ThemeIcon('sync~spin');
    case 'finished':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'cancelled':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground'));
    case 'incomplete':
      return new vscode.ThemeIcon('circle-outline', new vscode.ThemeColor('list.warningForeground'));
    case 'unknown':
      return new vscode.ThemeIcon('loading~spin');
  }
}

export function experimentItem(node: ExperimentNode, expanded: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(
    path.basename(node.dir),
    expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = `experiment:${node.dir}`;
  // Where the experiment lives, when that is not obvious: its parent folders, and the workspace folder in multi-root.
  const rel = vscode.workspace.asRelativePath(node.dir, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  const parent = path.dirname(rel);
  item.description = rel !== node.dir && parent !== '.' ? parent : undefined;
  item.tooltip = node.dir;
  item.iconPath = new vscode.ThemeIcon('beaker');
  item.contextValue = 'experiment';
  return item;
}

export function runItem(node: RunNode, now = Date.now()): vscode.TreeItem {
  const run = node.run;
  const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `run:${run.path}`;
  const parts = [formatRelativeAge(run.startedAt, now), STATUS_LABELS[run.status]];
  const job = run.record?.train?.slurm;
  if (job) parts.push(`job ${job.jobId}`);
  if (run.link) parts.push(run.link.outside ? 'link out of the experiment' : 'link');
  if (run.problems.length > 0) parts.push(run.problems.length === 1 ? '1 problem' : `${run.problems.length} problems`);
  item.description = parts.join(' · ');
  item.tooltip = runTooltip(run);
  item.iconPath = runIcon(run.status);
  // A run whose SLURM job may still run can be cancelled: `run-running-slurm` (still matched by /^run/).
  item.contextValue = runContextValue(run.status) + (job && run.status === 'running' ? '-slurm' : '');
  item.accessibilityInformation = { label: `Run ${run.name}, ${item.description}` };
  return item;
}

function runTooltip(run: RunInfo): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMarkdown(run.name)}** — ${STATUS_LABELS[run.status]}`);
  if (run.statusReason) md.appendMarkdown(` (${escapeMarkdown(run.statusReason)})`);
  md.appendMarkdown(`\n\nStarted ${formatLocalDateTime(run.startedAt)} (local time)\n\n`);
  md.appendMarkdown(`Folder: ${markdownCode(run.relativePath)}`);
  if (run.link) md.appendMarkdown(`, a link to ${markdownCode(run.link.target)}${run.link.outside ? ', outside the experiment' : ''}`);
  const launched = run.record?.train ? describeRecordedLaunch(run.record.train) : undefined;
  if (launched) md.appendMarkdown(`\n\nTrained with ${escapeMarkdown(launched)}`);
  const job = run.record?.train?.slurm;
  if (job) md.appendMarkdown(`\n\n${escapeMarkdown(describeSlurmJob(job))}`);
  const metrics = run.latestMetrics ? Object.entries(run.latestMetrics) : [];
  if (metrics.length > 0) {
    md.appendMarkdown('\n\nLatest metrics:\n\n| metric | value |\n|---|---:|\n');
    for (const [k, v] of metrics) md.appendMarkdown(`| ${escapeTableCell(k)} | ${escapeTableCell(formatMetricValue(v))} |\n`);
  }
  if (run.problems.length > 0) {
    md.appendMarkdown('\n\nProblems:\n\n');
    for (const p of run.problems) md.appendMarkdown(`- ${escapeMarkdown(p)}\n`);
  }
  return md;
}

export function fileItem(node: RunFileNode): vscode.TreeItem {
  const uri = vscode.Uri.file(node.path);
  const expandable = node.isDirectory && !node.problem;
  const item = new vscode.TreeItem(uri, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `file:${node.path}`;
  item.label = path.basename(node.path);
  if (node.problem) {
    item.description = node.problem;
    item.tooltip = `${node.path}\n${node.problem}`;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
  } else {
    item.tooltip = node.path;
    if (node.size !== undefined && !node.isDirectory) item.description = formatBytes(node.size);
    // Images open in VS Code's image preview, text in an editor: `vscode.open` picks the editor for the file type.
    if (!node.isDirectory) item.command = { command: 'vscode.open', title: 'Open', arguments: [uri] };
  }
  // Not "run…": the run menus match viewItem =~ /^run/.
  item.contextValue = node.isDirectory ? 'artifactFolder' : 'artifactFile';
  return item;
}

export function notRunGroupItem(node: NotARunGroupNode, count: number): vscode.TreeItem {
  const item = new vscode.TreeItem('Not a run', vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `notRunGroup:${node.experimentDir}`;
  item.description = String(count);
  item.tooltip = 'Entries of runs/ whose names do not follow YYYY-MM-DDTHH-MM-SS-<name>. They are listed here, not hidden.';
  item.iconPath = new vscode.ThemeIcon('question');
  item.contextValue = 'notRunGroup';
  return item;
}

export function notRunItem(node: NotARunNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.notRun.dirName, vscode.TreeItemCollapsibleState.None);
  item.id = `notRun:${node.notRun.path}`;
  item.description = node.notRun.reason;
  item.tooltip = `${node.notRun.path}\nNot a run: ${node.notRun.reason}`;
  item.iconPath = new vscode.ThemeIcon('circle-slash');
  item.contextValue = 'notRun';
  return item;
}

export function moreRunsItem(node: MoreRunsNode, pageSize: number): vscode.TreeItem {
  const item = new vscode.TreeItem(`Show ${Math.min(pageSize, node.hidden)} older runs`, vscode.TreeItemCollapsibleState.None);
  item.id = `moreRuns:${node.experimentDir}`;
  item.description = `${node.hidden} not shown`;
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.command = { command: SHOW_MORE_RUNS_COMMAND, title: 'Show older runs', arguments: [node.experimentDir] };
  item.contextValue = 'moreRuns';
  return item;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.tooltip = node.text;
  item.iconPath =
    node.severity === 'warning'
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon('info');
  item.contextValue = 'message';
  return item;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

// Run names, reasons, problems and metrics come from the repository: shown as literal text, never as Markdown.
const escapeMarkdown = markdownText;
const escapeTableCell = markdownText;
