// The smoothing slider's curve: TensorBoard's exponential moving average with its start-up debiasing, so that the
// first points are not pulled towards zero (tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts,
// classicSmoothing). Values are smoothed in the order they were logged; a value that is not finite (NaN, ±Infinity)
// is left as it is, a gap, and does not enter the average; a constant series is left unchanged.

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
