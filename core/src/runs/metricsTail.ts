// Reads the end of a training log, never the whole of it: logs of long runs reach gigabytes, and the Run Explorer
// only needs the latest `metric {json}` line and whether the log ends in an error. The file is read backwards in
// chunks up to a byte cap, so time and memory stay bounded whatever the log's size. The file is opened by the caller
// under core/src/fs's rules (a regular file only) and read here with synchronous calls on its descriptor.
import * as fs from 'node:fs';
import { describeRefusal, openRegularFile, readAt } from '#core/fs/regularFile';
import { isPlainObject } from '#core/isPlainObject';

export const DEFAULT_CHUNK_BYTES = 64 * 1024;
export const DEFAULT_MAX_TAIL_BYTES = 1024 * 1024;
/**
 * Metric objects nested deeper than this are not read: real metrics are flat (`{"loss": 0.1}`) or a level or two
 * deep, and formatting or reviving a 5,000-level object overflows the stack.
 */
export const MAX_METRIC_DEPTH = 32;

export interface TailOptions {
  /** Bytes read per step backwards from the end. */
  chunkBytes?: number;
  /** Never read more than this many bytes from the end. */
  maxBytes?: number;
}

export interface LogTail {
  /** Size of the file in bytes. */
  size: number;
  mtimeMs: number;
  /** Whether the file has at least one non-blank line. */
  hasLines: boolean;
  /** The last `metric {json}` object found within the bytes read, if any. */
  latestMetrics?: Record<string, unknown>;
  /** Metric lines within the bytes read that could not be parsed as a JSON object. */
  invalidMetricLines: number;
  /** Metric lines within the bytes read that nest deeper than MAX_METRIC_DEPTH (not read). */
  tooDeepMetricLines: number;
  /** True when the log's last line alone is longer than the bytes read: nothing of it was seen. */
  lastLineTooLong: boolean;
  /** Whether the log ends in failure: its last loguru line is ERROR/CRITICAL, or a Python traceback follows it. */
  endsWithError: boolean;
  /** The line that showed the failure, for tooltips. */
  errorLine?: string;
  /** Bytes actually read. */
  bytesRead: number;
  /** True when the byte cap stopped the search before the start of the file. */
  reachedCap: boolean;
}

/** A loguru line written with `{time:YYYY-MM-DD HH:mm:ss} | {level} | {message}` (fractions of seconds allowed). */
const LOGURU_LINE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\s*\|\s*([A-Z]+)\s*\|\s?(.*)$/;
const METRIC_MESSAGE = /^metric\s+(.*)$/;
const TRACEBACK = /^Traceback \(most recent call last\):/;

/** Reads the tail of the log at `file` (a regular file; links followed). Throws when it cannot be read. */
export function readLogTail(file: string, opts: TailOptions = {}): Promise<LogTail> {
  const opened = openRegularFile(file, 'follow');
  if (!opened.ok) {
    if (opened.kind === 'missing') return Promise.reject(Object.assign(new Error(`${file} does not exist`), { code: 'ENOENT' }));
    return Promise.reject(new Error(describeRefusal(file, opened)));
  }
  try {
    return Promise.resolve(scanLogTail(opened.fd, opened.size, opened.mtimeMs, opts));
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  } finally {
    fs.closeSync(opened.fd);
  }
}

/** Scans the end of an open log of `size` bytes, backwards, at most `maxBytes`. */
export function scanLogTail(fd: number, size: number, mtimeMs: number, opts: TailOptions = {}): LogTail {
  const chunkBytes = Math.max(1024, opts.chunkBytes ?? DEFAULT_CHUNK_BYTES);
  const maxBytes = Math.max(chunkBytes, opts.maxBytes ?? DEFAULT_MAX_TAIL_BYTES);
  const scan = new TailScan();
  let end = size;
  let bytesRead = 0;
  // The start of the earliest chunk read so far, up to its first newline: it may be the end of a longer line.
  let partial: Buffer = Buffer.alloc(0);
  while (end > 0 && bytesRead < maxBytes) {
    const length = Math.min(chunkBytes, end, maxBytes - bytesRead);
    const start = end - length;
    const buf = readAt(fd, start, length);
    const got = buf.length;
    bytesRead += got;
    end = start;
    const joined = partial.length ? Buffer.concat([buf, partial]) : buf;
    const firstNewline = start === 0 ? -1 : joined.indexOf(0x0a);
    const completeFrom = start === 0 ? 0 : firstNewline + 1;
    if (start !== 0 && firstNewline === -1) {
      partial = Buffer.from(joined); // a single line longer than what we read so far
      continue;
    }
    partial = Buffer.from(joined.subarray(0, completeFrom === 0 ? 0 : completeFrom - 1));
    scan.linesBackwards(joined.subarray(completeFrom).toString('utf8'));
    if (scan.done()) break;
  }
  // The cap was reached inside the last line: the log has content, just none that could be read.
  const lastLineTooLong = !scan.hasLines && end > 0 && partial.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return {
    size,
    mtimeMs,
    hasLines: scan.hasLines || lastLineTooLong,
    latestMetrics: scan.latestMetrics,
    invalidMetricLines: scan.invalidMetricLines,
    tooDeepMetricLines: scan.tooDeepMetricLines,
    lastLineTooLong,
    endsWithError: scan.endsWithError,
    errorLine: scan.errorLine,
    bytesRead,
    reachedCap: end > 0 && !scan.done(),
  };
}

/** State of a backwards scan: fed blocks of complete lines, the latest block first. */
class TailScan {
  hasLines = false;
  latestMetrics?: Record<string, unknown>;
  invalidMetricLines = 0;
  tooDeepMetricLines = 0;
  endsWithError = false;
  errorLine?: string;
  /** Set once the last loguru line has been seen: what follows it decides whether the log ends in failure. */
  private sawLoguruLine = false;
  private sawTraceback = false;

  done(): boolean {
    return this.latestMetrics !== undefined && this.sawLoguruLine;
  }

  linesBackwards(text: string): void {
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      // NUL bytes are what a preallocated or crash-truncated log leaves behind: not content.
      const line = stripLineEnd(lines[i]).replace(/^\0+/, '');
      if (line.trim() === '') continue;
      this.hasLines = true;
      this.line(line);
    }
  }

  private line(line: string): void {
    // Most lines of a long log are neither the last loguru line nor metrics: skip them without a regex.
    if (this.sawLoguruLine && !line.includes('metric')) return;
    const loguru = LOGURU_LINE.exec(line);
    if (!this.sawLoguruLine) {
      if (TRACEBACK.test(line)) this.sawTraceback = true;
      if (loguru) {
        this.sawLoguruLine = true;
        const level = loguru[1];
        if (level === 'ERROR' || level === 'CRITICAL') {
          this.endsWithError = true;
          this.errorLine = line;
        } else if (this.sawTraceback) {
          this.endsWithError = true;
          this.errorLine = 'Traceback (most recent call last): …';
        }
      }
    }
    if (this.latestMetrics !== undefined) return;
    const message = loguru ? loguru[2] : line;
    const metric = METRIC_MESSAGE.exec(message);
    if (!metric) return;
    const parsed = parseMetricJson(metric[1]);
    if (parsed) this.latestMetrics = parsed;
    else if (nestsDeeperThan(metric[1], MAX_METRIC_DEPTH)) this.tooDeepMetricLines++;
    else this.invalidMetricLines++;
  }
}

/**
 * Parses the JSON of a metric line; accepts the NaN and Infinity that Python's json.dumps writes for floats. A line
 * nesting deeper than `maxDepth` is not parsed (formatting or reviving such an object overflows the stack); the
 * metrics view, which walks values to a depth of its own and skips what lies below, parses every depth.
 */
export function parseMetricJson(text: string, options: { maxDepth?: number } = {}): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  const maxDepth = options.maxDepth ?? MAX_METRIC_DEPTH;
  if (maxDepth !== Infinity && nestsDeeperThan(trimmed, maxDepth)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    const py = replacePythonFloats(trimmed);
    if (py === undefined) return undefined;
    try {
      value = JSON.parse(py.json, (_k, v: unknown) => (typeof v === 'string' && py.markers.has(v) ? py.markers.get(v) : v));
    } catch {
      return undefined;
    }
  }
  return isPlainObject(value) ? value : undefined;
}

/** True when the JSON text opens more than `max` arrays or objects at once (strings skipped). */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  return false;
}

/** Replaces bare NaN / Infinity / -Infinity outside strings by unique string markers mapped back after parsing. */
function replacePythonFloats(text: string): { json: string; markers: Map<string, number> } | undefined {
  const markers = new Map<string, number>();
  let out = '';
  let i = 0;
  let changed = false;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const rest = text.slice(i, i + 9);
    const token = rest.startsWith('-Infinity')
      ? '-Infinity'
      : rest.startsWith('Infinity')
        ? 'Infinity'
        : rest.startsWith('NaN')
          ? 'NaN'
          : '';
    if (token) {
      const marker = `\u0000pyfloat${markers.size}\u0000`;
      markers.set(marker, token === 'NaN' ? NaN : token === 'Infinity' ? Infinity : -Infinity);
      out += JSON.stringify(marker);
      i += token.length;
      changed = true;
      continue;
    }
    out += ch;
    i++;
  }
  return changed ? { json: out, markers } : undefined;
}

function stripLineEnd(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The message a user sees for metric lines nested too deeply to be read. */
export function describeTooDeepMetricLines(count: number, logName = 'logs/train.log'): string | undefined {
  if (count === 0) return undefined;
  const what = count === 1 ? `1 metric line near the end of ${logName} nests` : `${count} metric lines near the end of ${logName} nest`;
  return `${what} more than ${MAX_METRIC_DEPTH} levels deep and ${count === 1 ? 'is' : 'are'} not read`;
}

/** The message a user sees for bad metric lines. */
export function describeInvalidMetricLines(count: number, hasGood: boolean, logName = 'logs/train.log'): string | undefined {
  if (count === 0) return undefined;
  const what = count === 1 ? `1 metric line near the end of ${logName} is` : `${count} metric lines near the end of ${logName} are`;
  return `${what} not valid JSON; ${hasGood ? 'the last good one is shown' : 'no valid metric line was found'}`;
}
