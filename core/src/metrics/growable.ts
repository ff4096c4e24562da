// Typed arrays that grow by doubling: metric columns are appended one line at a time, hundreds of thousands of
// times, and plain number arrays would cost several times the memory and a boxed number per value.

export class GrowableFloat64 {
  private buf: Float64Array;
  length = 0;

  constructor(capacity = 64) {
    this.buf = new Float64Array(capacity);
  }

  /** Takes over `buf` (not copied), of which the first `length` values are in use. */
  static adopt(buf: Float64Array, length: number): GrowableFloat64 {
    const g = new GrowableFloat64(0);
    g.buf = buf.length > 0 ? buf : new Float64Array(64);
    g.length = Math.min(length, buf.length);
    return g;
  }

  /** The whole backing array, spare room included: what is handed to another thread without copying. */
  get storage(): Float64Array {
    return this.buf;
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[this.length++] = v;
  }

  at(i: number): number {
    return this.buf[i];
  }

  /** Replaces the last value (a key given twice in one metric line: the last one counts, as in JSON.parse). */
  setLast(v: number): void {
    this.buf[this.length - 1] = v;
  }

  /** The values so far, without copying; valid until the next push. */
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }

  /** Room for `count` more values: the backing array, to write them from `length` on before adding `count` to it. */
  reserve(count: number): Float64Array {
    while (this.length + count > this.buf.length) this.grow();
    return this.buf;
  }

  private grow(): void {
    const next = new Float64Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }
}

export class GrowableInt32 {
  private buf: Int32Array;
  length = 0;

  constructor(capacity = 64) {
    this.buf = new Int32Array(capacity);
  }

  /** Takes over `buf` (not copied), of which the first `length` values are in use. */
  static adopt(buf: Int32Array, length: number): GrowableInt32 {
    const g = new GrowableInt32(0);
    g.buf = buf.length > 0 ? buf : new Int32Array(64);
    g.length = Math.min(length, buf.length);
    return g;
  }

  /** The whole backing array, spare room included: what is handed to another thread without copying. */
  get storage(): Int32Array {
    return this.buf;
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.grow();
    this.buf[this.length++] = v;
  }

  at(i: number): number {
    return this.buf[i];
  }

  view(): Int32Array {
    return this.buf.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }

  /** Room for `count` more values: the backing array, to write them from `length` on before adding `count` to it. */
  reserve(count: number): Int32Array {
    while (this.length + count > this.buf.length) this.grow();
    return this.buf;
  }

  private grow(): void {
    const next = new Int32Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }
}
