// How runs are shown in words: relative ages ("2 h ago"), exact local times, and one-line metric summaries.
// Shared by the Run Explorer and `experiment-scripts runs` so that both say the same thing.
import type { RunStatus } from './types';
import type { RunRecordEntry } from './runRecord';

/** "just now", "5 min ago", "2 h ago", "3 d ago"; the local date for anything older than 30 days or in the future. */
export function formatRelativeAge(date: Date, now: number = Date.now()): string {
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (seconds < -60) return formatLocalDate(date);
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days <= 30) return `${days} d ago`;
  return formatLocalDate(date);
}

/** `2025-02-02` in local time. */
export function formatLocalDate(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `2025-02-02 14:30:00` in local time. */
export function formatLocalDateTime(date: Date): string {
  return `${formatLocalDate(date)} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A metric value as a person reads it: numbers to 4 significant digits, the rest as JSON. */
export function formatMetricValue(value: unknown): string {
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    if (Number.isInteger(value)) return String(value);
    const abs = Math.abs(value);
    if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3);
    return String(Number(value.toPrecision(4)));
  }
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

/** `epoch=9 loss=0.1234 accuracy=0.97`, cut with "…" at `maxLength` characters. */
export function summarizeMetrics(metrics: Record<string, unknown> | undefined, maxLength = 80): string {
  if (!metrics) return '';
  const text = Object.entries(metrics)
    .map(([k, v]) => `${k}=${formatMetricValue(v)}`)
    .join(' ');
  return text.length <= maxLength ? text : text.slice(0, maxLength - 1) + '…';
}

export const STATUS_LABELS: Record<RunStatus, string> = {
  running: 'running',
  finished: 'finished',
  failed: 'failed',
  cancelled: 'cancelled',
  incomplete: 'incomplete',
  unknown: 'not read yet',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

const RUNNER_WORDS: Readonly<Record<NonNullable<RunRecordEntry['runner']>, string>> = {
  uv: 'uv',
  pixi: "pixi, in the manifest's environment",
  'pixi-script': "pixi, in the script's own environment",
  python: 'a Python interpreter',
};

/** `pixi, in the script's own environment: pixi run --script train.py de-risk`, from the launcher's record. */
export function describeRecordedLaunch(entry: RunRecordEntry): string | undefined {
  const command = entry.argv.map((a) => (/^[A-Za-z0-9_./:=,+@%-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
  if (!entry.runner) return command || undefined;
  return `${RUNNER_WORDS[entry.runner]}: ${command}`;
}
