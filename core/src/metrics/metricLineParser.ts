// Reads `metric {json}` lines out of a log's bytes into a MetricTable, chunk by chunk, as they are read or appended.
// The line format is the Run Explorer's (runs/metricsTail.ts): a loguru line `YYYY-MM-DD HH:mm:ss[.fff] | LEVEL |
// metric {json}`, or a bare `metric {json}` line; the JSON may hold the NaN and Infinity of Python's json.dumps.
//
// Logs of long runs hold millions of such lines, so the common case is read straight from the bytes: a flat object
// of numbers and short strings, with the keys of the previous line in the same order. Anything else (nested objects,
// escapes in strings, digits a double cannot take exactly) goes through parseMetricJson, the same parser the Run
// Explorer uses, so both agree on what a metric line is.
import { parseMetricJson } from '#core/runs/metricsTail';
import { JsonNumberReader } from './jsonNumberReader';
import { LineKernel } from './lineKernel';
import type { LabelColumn, MetricTable, NumericColumn } from './metricTable';

/** Lines longer than this are skipped unread (a log line of 100 MB is not a metric line anyone meant). */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
/** How deep nested objects are followed; `{"loss": {"train": 0.1}}` gives the key `loss.train`. */
export const MAX_NESTING = 4;

const NL = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const PIPE = 0x7c;

interface KeyRef {
  bytes: Uint8Array;
  name: string;
  numeric?: NumericColumn | null;
  label?: LabelColumn | null;
}

/**
 * The shape of the last metric line read: everything but the timestamp's digits and the numbers. A log repeats it
 * line after line, so the next line is first compared with it, four bytes at a time, and only its numbers are read.
 */
interface LineShape {
  /** Length of the timestamp (19, more with fractions of seconds); 0 for a line without one. */
  timeLen: number;
  /**
   * The bytes before each value, then the bytes after the last one: from the end of the timestamp to the first value
   * (` | INFO | metric {"epoch": `), then `, "step": `, …, and last `}` to the line's end.
   */
  pieces: Literal[];
  /** Where each value goes; null for a key left out (the key cap). */
  columns: (NumericColumn | null)[];
  /** Whether the WebAssembly kernel turned this shape down (too many or too long pieces). */
  notForKernel?: boolean;
}

/** Bytes to compare with, and the same bytes as little-endian 32-bit words (the last one ending at the last byte). */
interface Literal {
  bytes: Uint8Array;
  words: Int32Array;
}

export interface ParserResumePoint {
  lineNo: number;
  pending: Uint8Array | undefined;
  skippingLongLine: boolean;
}

/** Keys per line read by the fast path; a line with more goes the slow way. */
const MAX_FLAT_KEYS = 256;

export class MetricLineParser {
  /** Lines completed so far (the number of the last line read). */
  lineNo: number;
  private pending: Buffer | undefined;
  private skippingLongLine = false;
  private shape: LineShape | undefined;
  /** The keys of the previous metric line by position, so that a key is decoded once, not once per line. */
  private lastKeys: KeyRef[] = [];
  // Scratch space for the line being read: values are committed only when the whole line is valid.
  private readonly keyStart = new Int32Array(MAX_FLAT_KEYS);
  private readonly keyEnd = new Int32Array(MAX_FLAT_KEYS);
  private readonly valueStart = new Int32Array(MAX_FLAT_KEYS);
  private readonly valueEnd = new Int32Array(MAX_FLAT_KEYS);
  private readonly kind = new Uint8Array(MAX_FLAT_KEYS); // NUMBER, TEXT or NOTHING
  private readonly num = new Float64Array(MAX_FLAT_KEYS);
  private readonly text: string[] = [];
  /** The keys of the line being committed, by position. */
  private readonly lineKeys: KeyRef[] = [];
  private readonly numbers = new JsonNumberReader();
  /** The date, hour and minute of the last timestamp read (`2025-02-02 14:30`), and the same as four words. */
  private readonly timeKey = new Uint8Array(16);
  private readonly timeKeyWords = new Int32Array(4);
  private timeBase = NaN;

  /**
   * `kernel`: what reads runs of lines of the learnt shape (the thread's WebAssembly kernel); null for the
   * JavaScript reader alone.
   */
  constructor(
    readonly table: MetricTable,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
    firstLine = 1,
    private readonly kernel: LineKernel | null = LineKernel.shared() ?? null,
  ) {
    this.lineNo = firstLine - 1;
  }

  /** Whether an unfinished line waits for its end. */
  get hasPartialLine(): boolean {
    return (this.pending?.length ?? 0) > 0 || this.skippingLongLine;
  }

  /** Reads the complete lines of `chunk` (after what an earlier chunk left unfinished); keeps the rest for later. */
  push(chunk: Buffer): void {
    let start = 0;
    if (this.pending || this.skippingLongLine) {
      const nl = chunk.indexOf(NL);
      if (nl === -1) {
        this.extendPending(chunk);
        return;
      }
      if (this.skippingLongLine) {
        this.skippingLongLine = false;
        this.lineNo++;
      } else {
        const head = chunk.subarray(0, nl);
        const pending = this.pending as Buffer;
        this.pending = undefined;
        this.lineNo++;
        if (pending.length + head.length > this.maxLineBytes) this.table.longLines++;
        else {
          const line = Buffer.concat([pending, head]);
          this.readLine(plain(line), viewOf(line), 0, line.length);
        }
      }
      start = nl + 1;
    }
    const bytes = plain(chunk);
    const view = viewOf(chunk);
    const kernel = this.kernel;
    kernel?.forget();
    for (;;) {
      if (kernel && this.shape && !this.shape.notForKernel) start = this.readWithKernel(kernel, bytes, start);
      // Buffer#indexOf finds the line's end at memchr speed, far faster than a loop over its bytes.
      const nl = chunk.indexOf(NL, start);
      if (nl === -1) break;
      this.lineNo++;
      if (nl - start > this.maxLineBytes) this.table.longLines++;
      else this.readLine(bytes, view, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.extendPending(chunk.subarray(start));
  }

  /** Reads the lines from `start` that the kernel can read (those of the learnt shape); returns where it stopped. */
  private readWithKernel(kernel: LineKernel, bytes: Uint8Array, start: number): number {
    const shape = this.shape as LineShape;
    const table = this.table;
    const columns = shape.columns;
    for (;;) {
      const rows = kernel.read(bytes, start, shape, this.timeKey, this.timeBase, this.maxLineBytes);
      if (rows < 0) {
        shape.notForKernel = true;
        return start;
      }
      table.appendRows(this.lineNo + 1, rows, kernel.times, kernel.values, columns);
      this.lineNo += rows;
      start = kernel.stop;
      if (rows < kernel.rowsPerRead()) return start;
    }
  }

  /** Where reading stands (the lines counted, an unfinished last line), for a parser that carries on from here. */
  resumePoint(): ParserResumePoint {
    return {
      lineNo: this.lineNo,
      pending: this.pending ? new Uint8Array(this.pending) : undefined,
      skippingLongLine: this.skippingLongLine,
    };
  }

  /** Carries on where another parser stopped (see resumePoint). */
  resume(point: ParserResumePoint): void {
    this.lineNo = point.lineNo;
    this.pending = point.pending ? Buffer.from(point.pending) : undefined;
    this.skippingLongLine = point.skippingLongLine;
  }

  /** The next bytes start inside a line (the log's start was skipped): that partial line is dropped. */
  startMidLine(): void {
    this.pending = undefined;
    this.skippingLongLine = true;
  }

  /** Reads an unfinished last line as a whole one: at the end of a file that is not being written any more. */
  finish(): void {
    if (this.skippingLongLine) {
      this.skippingLongLine = false;
      this.lineNo++;
    } else if (this.pending) {
      const line = this.pending;
      this.pending = undefined;
      this.lineNo++;
      this.readLine(plain(line), viewOf(line), 0, line.length);
    }
  }

  private extendPending(part: Buffer): void {
    if (this.skippingLongLine) return;
    const length = (this.pending?.length ?? 0) + part.length;
    if (length > this.maxLineBytes) {
      this.pending = undefined;
      this.skippingLongLine = true;
      this.table.longLines++;
      return;
    }
    // A copy: the chunk's buffer is reused by the reader.
    this.pending = this.pending ? Buffer.concat([this.pending, part]) : Buffer.from(part);
  }

  /** One line, bytes [s, e) of buf, without its newline. */
  private readLine(buf: Uint8Array, view: DataView, s: number, e: number): void {
    if (e > s && buf[e - 1] === CR) e--;
    if (this.shape && this.readLikeLast(buf, view, s, e)) return;
    // NUL bytes are what a preallocated or crash-truncated log leaves before a line: not content.
    while (s < e && buf[s] === 0) s++;
    let message = loguruMessage(buf, s, e);
    const timeLen = message > 0 ? timestampLength(buf, s) : 0;
    if (message < 0) message = s;
    if (e - message < 7 || !matches(buf, message, e, 'metric')) return;
    let j = message + 6;
    if (!isSpace(buf[j])) return;
    while (j < e && isSpace(buf[j])) j++;
    while (e > j && isSpace(buf[e - 1])) e--;
    const time = timeLen > 0 ? this.timestamp(buf, s, timeLen) : NaN;
    if (buf[j] === OPEN) {
      const n = this.readFlatObject(buf, view, j, e);
      if (n >= 0) {
        this.commitFlat(buf, n, time);
        this.learnShape(buf, s, timeLen, j, e, n);
        return;
      }
    }
    this.readSlowly(utf8.decode(buf.subarray(j, e)), time);
  }

  /** Reads the line if it has the last line's shape; false (nothing read) when it differs anywhere. */
  private readLikeLast(buf: Uint8Array, view: DataView, s: number, e: number): boolean {
    const shape = this.shape as LineShape;
    const timeLen = shape.timeLen;
    let time = NaN;
    if (timeLen > 0) {
      if (e - s < timeLen) return false;
      const key = this.timeKeyWords;
      // The same minute as the last line (nearly always): only the seconds are read.
      if (
        view.getInt32(s, true) === key[0] &&
        view.getInt32(s + 4, true) === key[1] &&
        view.getInt32(s + 8, true) === key[2] &&
        view.getInt32(s + 12, true) === key[3] &&
        isSecondsEnd(buf, s, timeLen)
      )
        time = this.secondsOf(buf, s, timeLen);
      else time = this.timestamp(buf, s, timeLen);
      if (time !== time) return false; // NaN: not a timestamp
    }
    let i = s + timeLen;
    const pieces = shape.pieces;
    const n = pieces.length - 1;
    const numbers = this.numbers;
    for (let k = 0; k < n; k++) {
      const piece = pieces[k];
      if (!matchesLiteral(buf, view, i, e, piece)) return false;
      i = numbers.read(buf, view, i + piece.bytes.length, e);
      if (i < 0) return false;
      this.num[k] = numbers.value;
    }
    const suffix = pieces[n];
    if (i + suffix.bytes.length !== e || !matchesLiteral(buf, view, i, e, suffix)) return false;
    const table = this.table;
    const row = table.beginRow(this.lineNo, time);
    const columns = shape.columns;
    for (let k = 0; k < n; k++) {
      const col = columns[k];
      if (col) table.appendNumber(col, row, this.num[k]);
    }
    table.endRow();
    return true;
  }

  /** After a line read by readFlatObject: remember its shape when all its values are numbers. */
  private learnShape(buf: Uint8Array, s: number, timeLen: number, open: number, e: number, n: number): void {
    this.shape = undefined;
    if (n === 0) return;
    const columns: (NumericColumn | null)[] = [];
    const pieces: Literal[] = [];
    const seen = new Set<string>();
    let from = s + timeLen;
    for (let k = 0; k < n; k++) {
      const ref = this.lastKeys[k];
      // A key given twice keeps its last value: the shape's one value per column would not say that.
      if (this.kind[k] !== NUMBER || seen.has(ref.name)) return;
      seen.add(ref.name);
      columns.push(ref.numeric ?? null);
      pieces.push(literal(buf.slice(from, this.valueStart[k])));
      from = this.valueEnd[k];
    }
    pieces.push(literal(buf.slice(from, e)));
    this.shape = { timeLen, pieces, columns };
  }

  /**
   * The fast path: a flat object of numbers, strings without escapes, booleans and nulls. Returns the number of
   * keys read into the scratch arrays, or -1: read it slowly.
   */
  private readFlatObject(buf: Uint8Array, view: DataView, i: number, e: number): number {
    let n = 0;
    i = skipSpace(buf, i + 1, e);
    if (buf[i] === CLOSE) return skipSpace(buf, i + 1, e) === e ? 0 : -1;
    for (;;) {
      if (buf[i] !== QUOTE || n === MAX_FLAT_KEYS) return -1;
      const ks = ++i;
      while (i < e && buf[i] !== QUOTE) {
        if (buf[i] === BACKSLASH || buf[i] < SPACE) return -1;
        i++;
      }
      if (i >= e) return -1;
      this.keyStart[n] = ks;
      this.keyEnd[n] = i;
      i = skipSpace(buf, i + 1, e);
      if (buf[i] !== COLON) return -1;
      i = skipSpace(buf, i + 1, e);
      this.valueStart[n] = i;
      const c = buf[i];
      if (c === QUOTE) {
        const vs = ++i;
        while (i < e && buf[i] !== QUOTE) {
          if (buf[i] === BACKSLASH || buf[i] < SPACE) return -1;
          i++;
        }
        if (i >= e) return -1;
        this.kind[n] = TEXT;
        this.text[n] = decodeUtf8(buf, vs, i);
        i++;
      } else if (c === 0x74 /* t */ || c === 0x66 /* f */) {
        const word = c === 0x74 ? 'true' : 'false';
        if (!matches(buf, i, e, word)) return -1;
        this.kind[n] = TEXT;
        this.text[n] = word;
        i += word.length;
      } else if (c === 0x6e /* n */) {
        if (!matches(buf, i, e, 'null')) return -1;
        this.kind[n] = NOTHING;
        i += 4;
      } else {
        i = this.numbers.read(buf, view, i, e);
        if (i < 0) return -1;
        this.kind[n] = NUMBER;
        this.num[n] = this.numbers.value;
      }
      this.valueEnd[n] = i;
      n++;
      i = skipSpace(buf, i, e);
      if (buf[i] === COMMA) {
        i = skipSpace(buf, i + 1, e);
        continue;
      }
      if (buf[i] === CLOSE) return skipSpace(buf, i + 1, e) === e ? n : -1;
      return -1;
    }
  }

  private commitFlat(buf: Uint8Array, n: number, time: number): void {
    const table = this.table;
    const row = table.beginRow(this.lineNo, time);
    const refs = this.lineKeys;
    for (let k = 0; k < n; k++) refs[k] = this.keyRef(buf, k);
    const repeated = repeatedKeys(refs, n);
    for (let k = 0; k < n; k++) {
      const ref = refs[k];
      // A key given again later in the line: only its last value counts, whatever its type (as in JSON.parse).
      if (repeated && repeated[k]) continue;
      const kind = this.kind[k];
      if (kind === NUMBER) {
        if (ref.numeric === undefined) ref.numeric = table.numericColumn(ref.name) ?? null;
        if (ref.numeric) table.setNumber(ref.numeric, row, this.num[k]);
      } else if (kind === TEXT) {
        if (ref.label === undefined) ref.label = table.labelColumn(ref.name) ?? null;
        if (ref.label) table.setLabel(ref.label, row, this.text[k]);
      }
    }
    table.endRow();
  }

  /** The key at position k of the current line: the previous line's key at that position when the bytes agree. */
  private keyRef(buf: Uint8Array, k: number): KeyRef {
    const ks = this.keyStart[k];
    const ke = this.keyEnd[k];
    const prev = this.lastKeys[k];
    if (prev && prev.bytes.length === ke - ks && startsWith(buf, ks, ke, prev.bytes)) return prev;
    const ref: KeyRef = { bytes: buf.slice(ks, ke), name: decodeUtf8(buf, ks, ke) };
    this.lastKeys[k] = ref;
    return ref;
  }

  private readSlowly(json: string, time: number): void {
    this.shape = undefined;
    // Every depth is parsed (JSON.parse does not recurse); addObject keeps what lies within MAX_NESTING and counts
    // the rest as skipped values. Reviving Python's NaN in a line thousands deep fails, and the line is invalid.
    const parsed = parseMetricJson(json, { maxDepth: Infinity });
    if (!parsed) {
      this.table.countInvalid(this.lineNo);
      return;
    }
    const table = this.table;
    const row = table.beginRow(this.lineNo, time);
    this.addObject(parsed, '', 1, row);
    table.endRow();
  }

  private addObject(obj: Record<string, unknown>, prefix: string, depth: number, row: number): void {
    const table = this.table;
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      const name = prefix + key;
      if (typeof value === 'number') {
        const col = table.numericColumn(name);
        if (col) table.setNumber(col, row, value);
      } else if (typeof value === 'string' || typeof value === 'boolean') {
        const col = table.labelColumn(name);
        if (col) table.setLabel(col, row, String(value));
      } else if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < MAX_NESTING) {
        this.addObject(value as Record<string, unknown>, name + '.', depth + 1, row);
      } else if (value !== null) {
        table.skippedValues++;
      }
    }
  }

  /**
   * ms since 1970 of the timestamp of `timeLen` bytes at s (local time), or NaN when there is none. The date, hour
   * and minute are worked out once per minute: a line of the same minute as the last one only compares those bytes.
   */
  private timestamp(buf: Uint8Array, s: number, timeLen: number): number {
    const key = this.timeKey;
    let k = 0;
    while (k < 16 && key[k] === buf[s + k]) k++;
    if (k < 16) {
      if (!isTimestamp(buf, s, timeLen)) return NaN;
      for (k = 0; k < 16; k++) key[k] = buf[s + k];
      const words = new DataView(key.buffer);
      for (k = 0; k < 4; k++) this.timeKeyWords[k] = words.getInt32(4 * k, true);
      const d = (at: number, len: number) => Number(latin1(buf, s + at, s + at + len));
      this.timeBase = new Date(d(0, 4), d(5, 2) - 1, d(8, 2), d(11, 2), d(14, 2)).getTime();
    } else if (!isSecondsEnd(buf, s, timeLen)) {
      return NaN;
    }
    return this.secondsOf(buf, s, timeLen);
  }

  /** The time of a timestamp at s whose minute is the last one read (timeBase). */
  private secondsOf(buf: Uint8Array, s: number, timeLen: number): number {
    let ms = this.timeBase + ((buf[s + 17] - ZERO) * 10 + (buf[s + 18] - ZERO)) * 1000;
    for (let i = s + 20, scale = 100; i < s + timeLen && scale >= 1; i++, scale /= 10) ms += (buf[i] - ZERO) * scale;
    return ms;
  }
}

const NUMBER = 0;
const TEXT = 1;
const NOTHING = 2;

/**
 * Where the message of a loguru line `YYYY-MM-DD HH:mm:ss[.fff] | LEVEL | message` starts, or -1 when the line is
 * not one (the same shape as LOGURU_LINE in runs/metricsTail.ts).
 */
function loguruMessage(buf: Uint8Array, s: number, e: number): number {
  if (e - s < 23) return -1;
  if (
    buf[s + 4] !== MINUS ||
    buf[s + 7] !== MINUS ||
    (buf[s + 10] !== SPACE && buf[s + 10] !== 0x54) /* T */ ||
    buf[s + 13] !== COLON ||
    buf[s + 16] !== COLON
  )
    return -1;
  for (let k = 0; k < DIGIT_AT.length; k++) if (!isDigit(buf[s + DIGIT_AT[k]])) return -1;
  let i = s + 19;
  if (buf[i] === DOT || buf[i] === COMMA) {
    i++;
    if (!isDigit(buf[i])) return -1;
    while (i < e && isDigit(buf[i])) i++;
  }
  i = skipSpace(buf, i, e);
  if (buf[i] !== PIPE) return -1;
  i = skipSpace(buf, i + 1, e);
  const level = i;
  while (i < e && buf[i] >= 0x41 && buf[i] <= 0x5a) i++;
  if (i === level) return -1;
  i = skipSpace(buf, i, e);
  if (buf[i] !== PIPE) return -1;
  i++;
  if (isSpace(buf[i])) i++;
  return i;
}

/** For each of the first n keys, whether the same key comes again later in the line; undefined when none does. */
function repeatedKeys(refs: KeyRef[], n: number): boolean[] | undefined {
  let repeated: boolean[] | undefined;
  if (n <= 16) {
    // A few keys (the usual line): comparing each pair costs less than a map.
    for (let k = 0; k < n; k++)
      for (let j = k + 1; j < n; j++)
        if (refs[j].name === refs[k].name) {
          (repeated ??= [])[k] = true;
          break;
        }
    return repeated;
  }
  const last = new Map<string, number>();
  for (let k = 0; k < n; k++) {
    const before = last.get(refs[k].name);
    if (before !== undefined) (repeated ??= [])[before] = true;
    last.set(refs[k].name, k);
  }
  return repeated;
}

/** A plain Uint8Array over a Buffer's bytes: the scanning code then sees one array type, which keeps it fast. */
function plain(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

function viewOf(b: Buffer): DataView {
  return new DataView(b.buffer, b.byteOffset, b.length);
}

function literal(bytes: Uint8Array): Literal {
  const n = bytes.length;
  const view = new DataView(bytes.buffer, bytes.byteOffset, n);
  const words = new Int32Array(n < 4 ? 0 : Math.ceil(n / 4));
  for (let k = 0; k < words.length - 1; k++) words[k] = view.getInt32(4 * k, true);
  if (n >= 4) words[words.length - 1] = view.getInt32(n - 4, true);
  return { bytes, words };
}

/** Whether the bytes of `lit` are at i (and end at or before e). */
function matchesLiteral(buf: Uint8Array, view: DataView, i: number, e: number, lit: Literal): boolean {
  const n = lit.bytes.length;
  if (i + n > e) return false;
  const words = lit.words;
  const last = words.length - 1;
  if (last < 0) return startsWith(buf, i, e, lit.bytes);
  for (let k = 0; k < last; k++) if (view.getInt32(i + 4 * k, true) !== words[k]) return false;
  return view.getInt32(i + n - 4, true) === words[last];
}

/** Offsets of the digits in `YYYY-MM-DD HH:mm:ss`. */
const DIGIT_AT = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

function latin1(buf: Uint8Array, s: number, e: number): string {
  return String.fromCharCode.apply(null, buf.subarray(s, e) as unknown as number[]);
}

const utf8 = new TextDecoder();
function decodeUtf8(buf: Uint8Array, s: number, e: number): string {
  for (let i = s; i < e; i++) if (buf[i] >= 0x80) return utf8.decode(buf.subarray(s, e));
  return latin1(buf, s, e);
}

/** Whether `YYYY-MM-DD HH:mm:ss` (or with `T`), then `.` or `,` and digits up to timeLen, starts at s. */
function isTimestamp(buf: Uint8Array, s: number, timeLen: number): boolean {
  if (buf[s + 4] !== MINUS || buf[s + 7] !== MINUS || buf[s + 13] !== COLON) return false;
  if (buf[s + 10] !== SPACE && buf[s + 10] !== 0x54 /* T */) return false;
  for (let k = 0; k < 12; k++) if (!isDigit(buf[s + DIGIT_AT[k]])) return false;
  return isSecondsEnd(buf, s, timeLen);
}

/** Whether `:ss`, then the fraction of seconds up to timeLen and nothing more, follows the minute at s. */
function isSecondsEnd(buf: Uint8Array, s: number, timeLen: number): boolean {
  if (buf[s + 16] !== COLON || !isDigit(buf[s + 17]) || !isDigit(buf[s + 18])) return false;
  if (timeLen > 19) {
    if (buf[s + 19] !== DOT && buf[s + 19] !== COMMA) return false;
    for (let i = s + 20; i < s + timeLen; i++) if (!isDigit(buf[i])) return false;
    if (isDigit(buf[s + timeLen])) return false;
  } else if (isDigit(buf[s + 19]) || buf[s + 19] === DOT || buf[s + 19] === COMMA) {
    return false;
  }
  return true;
}

/** Length of the timestamp of a line loguruMessage accepted: 19, plus the fraction of seconds if any. */
function timestampLength(buf: Uint8Array, s: number): number {
  let i = s + 19;
  if (buf[i] === DOT || buf[i] === COMMA) {
    i++;
    while (isDigit(buf[i])) i++;
  }
  return i - s;
}

function startsWith(buf: Uint8Array, i: number, e: number, bytes: Uint8Array): boolean {
  const n = bytes.length;
  if (i + n > e) return false;
  for (let k = 0; k < n; k++) if (buf[i + k] !== bytes[k]) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= ZERO && c <= NINE;
}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === 0x0b || c === 0x0c;
}

function skipSpace(buf: Uint8Array, i: number, e: number): number {
  while (i < e && isSpace(buf[i])) i++;
  return i;
}

function matches(buf: Uint8Array, i: number, e: number, word: string): boolean {
  if (i + word.length > e) return false;
  for (let k = 0; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return false;
  return true;
}
