// A run in Markdown, for completion documentation and hover: status, start time, latest metrics, problems.
import type { RunInfo } from '#core/runs/types';
import { STATUS_LABELS, formatLocalDateTime, formatMetricValue, formatRelativeAge } from '#core/runs/runDisplay';
import { markdownCode, markdownText } from '#core/text/markdown';

/** `finished · 2 h ago`; only the age while the run's details have not been read. */
export function runDetail(run: RunInfo, now: number): string {
  const age = formatRelativeAge(run.startedAt, now);
  return run.status === 'unknown' ? age : `${STATUS_LABELS[run.status]} · ${age}`;
}

export function describeRun(run: RunInfo, now: number, options: { heading?: boolean } = {}): string {
  const parts: string[] = [];
  if (options.heading !== false) {
    let head = `**Run ${markdownText(run.name)}**`;
    if (run.status !== 'unknown') head += ` — ${STATUS_LABELS[run.status]}`;
    if (run.statusReason) head += ` (${markdownText(run.statusReason)})`;
    parts.push(head);
  }
  if (run.link) parts.push(`A link to ${markdownCode(run.link.target)}${run.link.outside ? ', outside the experiment' : ''}`);
  parts.push(`Started ${formatLocalDateTime(run.startedAt)} (${formatRelativeAge(run.startedAt, now)})`);
  parts.push(metricsMarkdown(run));
  if (run.problems.length > 0) parts.push(['Problems:', '', ...run.problems.map((p) => `- ${markdownText(p)}`)].join('\n'));
  return parts.join('\n\n');
}

function metricsMarkdown(run: RunInfo): string {
  if (run.status === 'unknown') return 'Status and metrics not read (only the newest runs are); hover the path to read them.';
  const metrics = run.latestMetrics ? Object.entries(run.latestMetrics) : [];
  if (metrics.length === 0) return 'No metrics logged (no `metric {…}` line in logs/train.log).';
  const rows = metrics.map(([k, v]) => `| ${escapeTableCell(k)} | ${escapeTableCell(formatMetricValue(v))} |`);
  return ['Latest metrics:', '', '| metric | value |', '|---|---:|', ...rows].join('\n');
}

/** A table cell: literal text (a `|` is escaped with the rest, a line break shown as `\n`). */
function escapeTableCell(text: string): string {
  return markdownText(text);
}
