// Follows one log of a run: the first read takes the whole file (or its last MAX_LOG_BYTES), each later read only
// the bytes appended since, so a live run costs what it writes, not the size of its log. A log that shrinks or is
// replaced (truncated, rotated) is read again from its start; a log that disappears keeps what was read, with a note.
// The log is opened under core/src/fs's rules: a regular file only (a named pipe would block the reader for ever, a
// device could be endless), reached without leaving the experiment through a link, with an open that cannot block.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Boundary } from '#core/fs/boundary';
import { openRegularFileInside, readAtAsync } from '#core/fs/regularFile';
import { errorMessage } from '#core/errorMessage';
import { formatBytes } from '#core/fs/fsErrors';
import { MetricLineParser, type ParserResumePoint } from './metricLineParser';
import { MetricTable, type TableSnapshot } from './metricTable';

/** At most this much of a log is read (its end); beyond it, memory would grow with the log. */
export const MAX_LOG_BYTES = 128 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;

export interface FollowerOptions {
  maxLogBytes?: number;
  maxLineBytes?: number;
}

/** A follower's whole state as plain data: what a worker thread that read the log hands back. */
export interface FollowerState {
  problem: string | undefined;
  seen: boolean;
  missing: boolean;
  bytesRead: number;
  notes: string[];
  offset: number;
  identity: string | undefined;
  mtimeMs: number;
  startSkipped: boolean;
  parser: ParserResumePoint;
  table: TableSnapshot;
}

export interface ReadResult {
  /** Rows added by this read. */
  added: number;
  /** The table was started afresh (the log was truncated or replaced): everything computed from it is stale. */
  reset: boolean;
}

export class LogFollower {
  table: MetricTable;
  /** The log's state in words when it is not simply readable: missing, a link out of the experiment, … */
  problem: string | undefined;
  /** Whether the file exists and was read at least once. */
  seen = false;
  /** Whether the file did not exist at the last read. */
  missing = false;
  /** Bytes read from the file so far, all reads together. */
  bytesRead = 0;
  /** Notes about how the log was read (its start skipped, read again after a truncation). */
  readonly notes: string[] = [];
  private parser: MetricLineParser;
  private offset = 0;
  private identity: string | undefined;
  private mtimeMs = NaN;
  /** Whether the log's start was skipped (it was larger than maxLogBytes). */
  private startSkipped = false;
  private maxLogBytes: number;
  private readonly maxLineBytes: number | undefined;
  private buffer: Buffer | undefined;

  constructor(
    /** Absolute path of the log. */
    readonly file: string,
    /** The experiment: the log is not read through a link that leads out of it. */
    readonly boundary: Boundary,
    /** How the log is named in notes: `logs/train.log`. */
    readonly name: string = path.join(path.basename(path.dirname(file)), path.basename(file)),
    opts: FollowerOptions = {},
  ) {
    this.maxLogBytes = opts.maxLogBytes ?? MAX_LOG_BYTES;
    this.maxLineBytes = opts.maxLineBytes;
    this.table = new MetricTable();
    this.parser = new MetricLineParser(this.table, this.maxLineBytes);
  }

  /** Reads what was appended since the last read. Never throws: problems end up in `problem` and `notes`. */
  async read(): Promise<ReadResult> {
    const before = this.table.rowCount;
    // The common case while a panel polls: the same file, no new bytes. One stat says so, without opening it.
    if (this.seen && this.problem === undefined) {
      const st = await fs.promises.stat(this.file).catch(() => undefined);
      if (st && `${st.dev}:${st.ino}` === this.identity && st.size === this.offset) return { added: 0, reset: false };
    }
    const opened = openRegularFileInside(this.file, this.boundary);
    this.missing = !opened.ok && opened.kind === 'missing';
    if (!opened.ok) {
      if (opened.kind === 'missing')
        this.problem = this.seen ? 'it was deleted; the curves show what was read before' : 'it does not exist';
      else if (opened.kind === 'skipped') this.problem = `it is ${opened.what}; it is not read`;
      else this.problem = `it cannot be read (${opened.what})`;
      return { added: 0, reset: false };
    }
    const { fd } = opened;
    let stat: fs.Stats;
    try {
      stat = fs.fstatSync(fd);
    } catch (err) {
      fs.closeSync(fd);
      this.problem = `it cannot be read (${errorMessage(err)})`;
      return { added: 0, reset: false };
    }
    this.problem = undefined;
    let reset = false;
    try {
      const identity = `${stat.dev}:${stat.ino}`;
      if (this.seen && (identity !== this.identity || stat.size < this.offset)) {
        const why = identity !== this.identity ? 'was replaced' : 'shrank (truncated)';
        this.restart();
        this.note(`${this.name} ${why} while shown, and was read again from its start.`);
        reset = true;
      }
      this.identity = identity;
      this.mtimeMs = stat.mtimeMs;
      this.seen = true;
      let start = this.offset;
      if (stat.size - start > this.maxLogBytes) {
        start = stat.size - this.maxLogBytes;
        const skipped = start - this.offset;
        this.note(
          `${this.name}: ${formatBytes(skipped)} ${this.offset === 0 ? 'at its start were' : 'written at once were'} skipped; ` +
            `the curves show its last ${formatBytes(this.maxLogBytes)}, and its line numbers count from there.`,
        );
        // Reading starts inside a line; the lines skipped are not counted.
        this.parser.startMidLine();
        this.startSkipped = true;
      }
      this.buffer ??= Buffer.allocUnsafe(CHUNK_BYTES);
      let position = start;
      while (position < stat.size) {
        const n = await readAtAsync(fd, this.buffer, Math.min(CHUNK_BYTES, stat.size - position), position);
        if (n === 0) break;
        this.parser.push(this.buffer.subarray(0, n));
        position += n;
        this.bytesRead += n;
      }
      this.offset = position;
    } catch (err) {
      this.problem = `it could not be read (${errorMessage(err)})`;
    } finally {
      fs.closeSync(fd);
    }
    return { added: this.table.rowCount - (reset ? 0 : before), reset };
  }

  /** Reads an unfinished last line too: for a one-off read of a log nobody writes any more (the command line). */
  finish(): void {
    this.parser.finish();
  }

  /**
   * Whether what was read is still the start of the file as `st` finds it now, read under these options: the same
   * file (device and inode), not shrunk, not rewritten in place (same size, other time), and read with the same caps
   * (or whole, under a cap the file still fits). Then the next read only reads what was appended.
   */
  continuesInto(st: fs.Stats, opts: FollowerOptions): boolean {
    if (!this.seen || this.problem !== undefined || `${st.dev}:${st.ino}` !== this.identity) return false;
    if (st.size < this.offset || (st.size === this.offset && st.mtimeMs !== this.mtimeMs)) return false;
    if (opts.maxLineBytes !== this.maxLineBytes) return false;
    const maxLogBytes = opts.maxLogBytes ?? MAX_LOG_BYTES;
    return maxLogBytes === this.maxLogBytes || (!this.startSkipped && st.size <= maxLogBytes);
  }

  /** Lets go of the 1 MiB read buffer until the next read: a follower kept for later holds only its columns. */
  releaseBuffer(): void {
    this.buffer = undefined;
  }

  /** The caps this follower reads under. */
  get options(): FollowerOptions {
    return { maxLogBytes: this.maxLogBytes, maxLineBytes: this.maxLineBytes };
  }

  /** Reads on under another cap (see continuesInto). */
  setMaxLogBytes(maxLogBytes: number): void {
    this.maxLogBytes = maxLogBytes;
  }

  /** The follower's state as plain data; this follower must not be used after (its table's arrays move on). */
  exportState(): FollowerState {
    return {
      problem: this.problem,
      seen: this.seen,
      missing: this.missing,
      bytesRead: this.bytesRead,
      notes: [...this.notes],
      offset: this.offset,
      identity: this.identity,
      mtimeMs: this.mtimeMs,
      startSkipped: this.startSkipped,
      parser: this.parser.resumePoint(),
      table: this.table.snapshot(),
    };
  }

  /** Carries on from a state exported by a follower of the same file (in a worker thread), as if it had read it. */
  adopt(state: FollowerState): void {
    this.problem = state.problem;
    this.seen = state.seen;
    this.missing = state.missing;
    this.bytesRead = state.bytesRead;
    this.notes.splice(0, this.notes.length, ...state.notes);
    this.offset = state.offset;
    this.identity = state.identity;
    this.mtimeMs = state.mtimeMs;
    this.startSkipped = state.startSkipped;
    this.table = new MetricTable(state.table);
    this.parser = new MetricLineParser(this.table, this.maxLineBytes);
    this.parser.resume(state.parser);
  }

  private restart(): void {
    this.table = new MetricTable();
    this.parser = new MetricLineParser(this.table, this.maxLineBytes);
    this.offset = 0;
    this.startSkipped = false;
  }

  private note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
    if (this.notes.length > 5) this.notes.shift();
  }
}
