// The metric-line reader's WebAssembly kernel (compiled from core/wasm/metricLineKernel.ts): it reads runs of lines
// of the learnt shape several times faster than the JavaScript reader, which keeps every other line and is the
// fallback when the kernel cannot be loaded. One kernel per thread, loaded synchronously from beside this code
// (dist/ in the bundles, out/core/src/metrics in the compiled core), shared by the thread's parsers: a parser uses it
// only inside its own push(), and no two pushes overlap.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const KERNEL_FILE = path.join(__dirname, 'metricLineKernel.wasm');

/** Bytes of a chunk copied into the kernel's memory at a time. */
const WINDOW_BYTES = 256 * 1024;
/** Room after the window: the kernel's 8-byte loads near its end stay inside memory. */
const WINDOW_PADDING = 16;
/** Room for the shape: a pair of 32-bit words per piece, then the pieces' bytes. */
const SHAPE_BYTES = 16 * 1024;
/** Lines read per call at most, and the doubles their values may fill. */
const MAX_ROWS = 4096;
const MAX_VALUES = 64 * 1024;

// The core is built against Node's types only, which do not declare WebAssembly: the little used here, by hand.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

interface KernelExports {
  memory: { buffer: ArrayBuffer };
  reserve(bytes: number): number;
  setShape(table: number, pieces: number, timeLength: number): void;
  setMinute(head: number, time: number): void;
  stoppedAt(): number;
  read(s: number, end: number, values: number, times: number, maxRows: number, maxLineBytes: number): number;
}

/** A line shape as the kernel takes it: the literal bytes before each value and after the last, the timestamp's length. */
export interface KernelShape {
  readonly timeLen: number;
  readonly pieces: readonly { readonly bytes: Uint8Array }[];
}

export class LineKernel {
  private static loaded: LineKernel | null | undefined;

  /** The thread's kernel, or undefined when it cannot be loaded (then the JavaScript reader reads every line). */
  static shared(): LineKernel | undefined {
    if (LineKernel.loaded === undefined) {
      try {
        LineKernel.loaded = new LineKernel(new wasm.Module(fs.readFileSync(KERNEL_FILE)));
      } catch {
        LineKernel.loaded = null;
      }
    }
    return LineKernel.loaded ?? undefined;
  }

  /** The values of the lines the last read() took, valuesPerRow of them per line, and each line's time. */
  readonly values: Float64Array;
  readonly times: Float64Array;
  valuesPerRow = 0;
  /** Where in the chunk the last read() stopped: the start of the first line it did not take. */
  stop = 0;
  /** Lines read so far, all parsers together. */
  linesRead = 0;

  private readonly exports: KernelExports;
  private readonly bytes: Uint8Array;
  private readonly words: DataView;
  private readonly windowAt: number;
  private readonly shapeAt: number;
  private readonly minuteAt: number;
  private readonly valuesAt: number;
  private readonly timesAt: number;
  // The part of a chunk in the window now; reset by forget() when the chunk's bytes may have changed.
  private windowChunk: Uint8Array | undefined;
  private windowFrom = 0;
  private windowTo = 0;
  private shape: KernelShape | undefined;
  private maxRows = 0;

  private constructor(module: object) {
    this.exports = new wasm.Instance(module, { env: { abort: kernelAbort } }).exports as KernelExports;
    const size = WINDOW_BYTES + WINDOW_PADDING + SHAPE_BYTES + 16 + MAX_VALUES * 8 + MAX_ROWS * 8;
    const base = this.exports.reserve(size);
    if (base === 0) throw new Error('the metric-line kernel could not reserve its memory');
    this.windowAt = base;
    this.shapeAt = base + WINDOW_BYTES + WINDOW_PADDING;
    this.minuteAt = this.shapeAt + SHAPE_BYTES;
    this.valuesAt = this.minuteAt + 16;
    this.timesAt = this.valuesAt + MAX_VALUES * 8;
    // The memory does not grow after reserve(): these views stay valid.
    const buffer = this.exports.memory.buffer;
    this.bytes = new Uint8Array(buffer);
    this.words = new DataView(buffer);
    this.values = new Float64Array(buffer, this.valuesAt, MAX_VALUES);
    this.times = new Float64Array(buffer, this.timesAt, MAX_ROWS);
  }

  /** The chunk given to read() may now hold other bytes (a reader reuses its buffer): copy it again. */
  forget(): void {
    this.windowChunk = undefined;
  }

  /**
   * Reads the lines of `chunk` from `start` (a line's start) while they have `shape`, the minute of `minuteHead`
   * (`YYYY-MM-DD HH:mm`, whose time is `minuteTime`) and at most maxLineBytes. Returns the lines read (their values
   * and times in `values` and `times`), or -1 when the kernel cannot take this shape; `stop` is where it stopped.
   * A return of rowsPerRead() means it stopped for room, not at a line it could not read.
   */
  read(chunk: Uint8Array, start: number, shape: KernelShape, minuteHead: Uint8Array, minuteTime: number, maxLineBytes: number): number {
    if (shape !== this.shape && !this.setShape(shape)) return -1;
    if (chunk !== this.windowChunk || start < this.windowFrom || start >= this.windowTo) {
      const to = Math.min(chunk.length, start + WINDOW_BYTES);
      this.bytes.set(chunk.subarray(start, to), this.windowAt);
      this.windowChunk = chunk;
      this.windowFrom = start;
      this.windowTo = to;
    }
    this.bytes.set(minuteHead.subarray(0, 16), this.minuteAt);
    const k = this.exports;
    k.setMinute(this.minuteAt, minuteTime);
    const offset = this.windowAt - this.windowFrom;
    const rows = k.read(start + offset, this.windowTo + offset, this.valuesAt, this.timesAt, this.maxRows, maxLineBytes);
    this.stop = k.stoppedAt() - offset;
    this.linesRead += rows;
    return rows;
  }

  /** The most lines one read() takes with the current shape. */
  rowsPerRead(): number {
    return this.maxRows;
  }

  private setShape(shape: KernelShape): boolean {
    const pieces = shape.pieces;
    const values = pieces.length - 1;
    let bytes = 8 * pieces.length;
    for (const p of pieces) bytes += p.bytes.length;
    if (values < 1 || bytes > SHAPE_BYTES) return false;
    let at = this.shapeAt + 8 * pieces.length;
    pieces.forEach((p, k) => {
      this.words.setUint32(this.shapeAt + 8 * k, at, true);
      this.words.setUint32(this.shapeAt + 8 * k + 4, p.bytes.length, true);
      this.bytes.set(p.bytes, at);
      at += p.bytes.length;
    });
    this.exports.setShape(this.shapeAt, pieces.length, shape.timeLen);
    this.shape = shape;
    this.valuesPerRow = values;
    this.maxRows = Math.min(MAX_ROWS, Math.floor(MAX_VALUES / values));
    return true;
  }
}

function kernelAbort(): never {
  throw new Error('the metric-line kernel stopped on a failed check');
}
