// The smoothing slider's curve: TensorBoard's exponential moving average with its start-up debiasing, so that the
// first points are not pulled towards zero (tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts,
// classicSmoothing). Values are smoothed in the order they were logged; a value that is not finite (NaN, ±Infinity)
// is left as it is, a gap, and does not enter the average; a constant series is left unchanged.

import { GrowableFloat64 } from './growable';

/** The smoothed values of `values` for a weight in [0, 1) (0: unchanged). */
export function smoothEma(values: ArrayLike<number>, weight: number, out = new Float64Array(values.length)): Float64Array {
  const n = values.length;
  const w = Number.isFinite(weight) ? Math.min(Math.max(weight, 0), 1) : 0;
  const first = n > 0 ? values[0] : 0;
  let constant = true;
  for (let i = 1; i < n && constant; i++) constant = values[i] === first;
  if (w === 0 || constant) {
    for (let i = 0; i < n; i++) out[i] = values[i];
    return out;
  }
  let last = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    last = last * w + (1 - w) * v;
    count++;
    const debias = w === 1 ? 1 : 1 - Math.pow(w, count);
    out[i] = last / debias;
  }
  return out;
}

/** The smoothed values of a growing series, extended as values are appended (the average only looks back). */
export class SmoothedValues {
  private readonly out = new GrowableFloat64();
  private last = 0;
  private count = 0;
  private first = NaN;
  private constant = true;

  constructor(readonly weight: number) {}

  /** The smoothed values of `values`, of which the first ones are those given before. */
  extend(values: ArrayLike<number>): Float64Array {
    const w = Number.isFinite(this.weight) ? Math.min(Math.max(this.weight, 0), 1) : 0;
    for (let i = this.out.length; i < values.length; i++) {
      const v = values[i];
      if (i === 0) this.first = v;
      else if (v !== this.first && this.constant) {
        // No longer constant: TensorBoard smooths the whole series then, so start over.
        this.constant = false;
        const all = smoothEma(Array.prototype.slice.call(values, 0, i + 1) as number[], w);
        this.out.clear();
        for (const s of all) this.out.push(s);
        this.restate(values, i + 1, w);
        continue;
      }
      if (this.constant || w === 0) {
        this.out.push(v);
        this.restateOne(v, w);
        continue;
      }
      this.out.push(this.step(v, w));
    }
    return this.out.view();
  }

  private step(v: number, w: number): number {
    if (!Number.isFinite(v)) return v;
    this.last = this.last * w + (1 - w) * v;
    this.count++;
    return this.last / (w === 1 ? 1 : 1 - Math.pow(w, this.count));
  }

  /** Keeps the average's state while values are passed through unchanged (a constant start). */
  private restateOne(v: number, w: number): void {
    if (!Number.isFinite(v)) return;
    this.last = this.last * w + (1 - w) * v;
    this.count++;
  }

  private restate(values: ArrayLike<number>, upTo: number, w: number): void {
    this.last = 0;
    this.count = 0;
    for (let i = 0; i < upTo; i++) this.restateOne(values[i], w);
  }
}
