import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { differingArguments, scriptArguments } from '#core/metrics/argDiff';
import { csvRow } from '#core/metrics/csv';
import { decimalToDouble } from '#core/metrics/decimalToDouble';
import { directionOf } from '#core/metrics/direction';
import { downsample, reduceSeries, type Reduction } from '#core/metrics/downsample';
import { MetricLineParser } from '#core/metrics/metricLineParser';
import { MetricTable } from '#core/metrics/metricTable';
import { RUN_PALETTE, runColors } from '#core/metrics/runColors';
import { axisCovers, lastX, seriesPoints } from '#core/metrics/seriesPoints';
import { SmoothedValues, smoothEma } from '#core/metrics/smoothing';
import { advanceSummary, summarizeMetric, summaryOf } from '#core/metrics/summary';

function table(lines: string[]): MetricTable {
  const t = new MetricTable();
  const p = new MetricLineParser(t);
  p.push(Buffer.from(lines.map((l) => `2025-02-02 14:30:01 | INFO | metric ${l}\n`).join('')));
  return t;
}

test("smoothing is TensorBoard's debiased moving average; gaps stay gaps and do not enter it", () => {
  const w = 0.6;
  const out = smoothEma([1, 2, NaN, 4], w);
  // By hand: last = 0.4, 0.4·0.6 + 0.8 = 1.04; debiased by 1 − 0.6, 1 − 0.36.
  assert.ok(Math.abs(out[0] - 1) < 1e-12);
  assert.ok(Math.abs(out[1] - 1.04 / 0.64) < 1e-12);
  assert.ok(Number.isNaN(out[2]));
  assert.ok(Math.abs(out[3] - (1.04 * 0.6 + 0.4 * 4) / (1 - 0.6 ** 3)) < 1e-12);
  assert.deepEqual([...smoothEma([3, 3, 3], 0.9)], [3, 3, 3], 'a constant series is left as it is');
  assert.deepEqual([...smoothEma([1, 5, 2], 0)], [1, 5, 2], 'weight 0 leaves it unchanged');
});

test('downsampling keeps at most two points per column, the lowest and the highest in logged order, on a shared grid', () => {
  const n = 10_000;
  const x = Float64Array.from({ length: n }, (_, i) => i);
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 50) + (i === 5000 ? 10 : 0));
  const d = downsample(x, y, { lo: 0, hi: n - 1, columns: 100 });
  assert.ok(d.x.length <= 200);
  assert.equal(Math.max(...d.y), Math.max(...y), 'the spike survives');
  assert.equal(Math.min(...d.y), Math.min(...y));
  for (let i = 1; i < d.slot.length; i++) assert.ok(d.slot[i] > d.slot[i - 1], 'one point per slot, in slot order');
  assert.ok(d.slot.every((s) => s >= 0 && s < 200));
});

test('downsampling: few points are kept as they are; a NaN column keeps a gap; the nearest points outside a zoom are kept', () => {
  const few = downsample([0, 5, 10], [1, 2, 3], { lo: 0, hi: 10, columns: 1000 });
  assert.deepEqual([...few.x], [0, 5, 10]);
  const gap = downsample(
    Float64Array.from({ length: 100 }, (_, i) => i),
    Float64Array.from({ length: 100 }, (_, i) => (i === 50 ? NaN : i)),
    { lo: 0, hi: 99, columns: 10 },
  );
  assert.ok(
    [...gap.y].some((v) => Number.isNaN(v)),
    'the NaN shows as a gap',
  );
  const zoom = downsample([0, 10, 20, 30, 40], [0, 1, 2, 3, 4], { lo: 15, hi: 25, columns: 10 });
  assert.deepEqual([...zoom.x], [10, 20, 30]);
  assert.deepEqual([...zoom.slot], [-1, 10, -1]);
});

test('downsampling follows an order for series logged out of x order', () => {
  const x = [3, 1, 2];
  const d = downsample(x, [30, 10, 20], { lo: 1, hi: 3, columns: 100 }, [1, 2, 0]);
  assert.deepEqual([...d.x], [1, 2, 3]);
  assert.deepEqual([...d.y], [10, 20, 30]);
});

test('metric directions from their names', () => {
  for (const k of ['loss', 'val_loss', 'train/loss', 'valLoss', 'error_rate', 'epoch_time', 'mse', 'perplexity'])
    assert.equal(directionOf(k), 'min', k);
  for (const k of ['accuracy', 'acc', 'val_acc', 'top1_accuracy', 'f1', 'auc', 'precision', 'recall', 'score', 'test.f1'])
    assert.equal(directionOf(k), 'max', k);
  for (const k of ['lr', 'grad_norm', 'n', 'epoch']) assert.equal(directionOf(k), undefined, k);
});

test('best and last, the best never NaN, with where it was reached', () => {
  const t = table([
    '{"step": 1, "loss": 0.9, "acc": 0.5}',
    '{"step": 2, "loss": NaN, "acc": 0.7}',
    '{"step": 3, "loss": 0.4, "acc": 0.6}',
    '{"step": 4, "loss": 0.6}',
  ]);
  assert.deepEqual(summarizeMetric(t, 'loss', 'min'), { count: 4, last: 0.6, best: 0.4, bestAt: { kind: 'step', value: 3 } });
  assert.deepEqual(summarizeMetric(t, 'acc', 'max'), { count: 3, last: 0.6, best: 0.7, bestAt: { kind: 'step', value: 2 } });
  assert.deepEqual(summarizeMetric(t, 'acc', undefined), { count: 3, last: 0.6, best: undefined, bestAt: undefined });
  const noStep = table(['{"loss": 3}', '{"loss": 1}']);
  assert.deepEqual(summarizeMetric(noStep, 'loss', 'min').bestAt, { kind: 'line', value: 2 });
});

test('series points: step carried forward, an eval log drawn at the train log’s last step, relative time', () => {
  const train = table(['{"step": 10, "loss": 1}', '{"val_loss": 2}', '{"step": 20, "loss": 0.5}']);
  const points = seriesPoints(train, 'val_loss', 'step');
  assert.deepEqual([...points.x], [10]);
  assert.equal(lastX(train, 'step'), 20);
  const evalLog = table(['{"split": "val", "accuracy": 0.8}']);
  assert.equal(axisCovers(evalLog, 'accuracy', 'step'), false);
  assert.equal(axisCovers(evalLog, 'accuracy', 'step', 20), true);
  assert.deepEqual([...seriesPoints(evalLog, 'accuracy', 'step', { fallback: 20 }).x], [20]);
  const relative = seriesPoints(train, 'loss', 'relative', { t0: new Date(2025, 1, 2, 14, 30, 0).getTime() });
  assert.deepEqual([...relative.x], [1, 1]);
  const unordered = table(['{"step": 5, "loss": 1}', '{"step": 1, "loss": 2}']);
  assert.deepEqual([...(seriesPoints(unordered, 'loss', 'step').order ?? [])], [1, 0]);
});

test('the arguments from the recorded command line, and those that differ between runs', () => {
  const a = scriptArguments(['uv', 'run', 'train.py', 'de-risk', '--lr', '0.01', '--epochs=5', '--augment', '--seed', '1']);
  assert.deepEqual(
    [...(a ?? [])],
    [
      ['lr', '0.01'],
      ['epochs', '5'],
      ['augment', 'true'],
      ['seed', '1'],
    ],
  );
  const b = scriptArguments(['/usr/bin/python3', 'train.py', 'full', '--lr', '0.1', '--epochs=5', '--no-augment']);
  const diff = differingArguments([a, b, undefined]);
  assert.deepEqual(diff.names, ['lr', 'augment', 'seed']);
  assert.deepEqual(diff.values, [
    ['0.01', 'true', '1'],
    ['0.1', 'false', ''],
    [undefined, undefined, undefined],
  ]);
  assert.deepEqual(differingArguments([a]).names, ['lr', 'epochs', 'augment', 'seed'], 'one run: all its arguments');
  assert.equal(scriptArguments(['uv', 'run', 'something']), undefined);
});

test('CSV fields are quoted when needed; non-finite numbers as Python writes them', () => {
  assert.equal(
    csvRow(['a,b', 'say "hi"', 'line\nbreak', 1.5, NaN, Infinity, -Infinity, undefined]),
    '"a,b","say ""hi""","line\nbreak",1.5,NaN,Infinity,-Infinity,\n',
  );
});

test('run colours follow the runs’ order in the experiment, stay with a run, and stay distinct among ten shown together', () => {
  const names = Array.from({ length: 10 }, (_, i) => `2025-02-02T14-30-0${i}-run${i}`);
  const place = new Map(names.map((n, i) => [n, i]));
  assert.deepEqual(runColors(names, place), [...RUN_PALETTE]);
  assert.equal(runColors([names[3]], place)[0], RUN_PALETTE[3], 'the same colour when shown alone');
  assert.equal(runColors([names[3], names[7]], place)[1], RUN_PALETTE[7]);
  const hashed = runColors(names);
  assert.equal(new Set(hashed).size, 10, 'without places: still ten distinct colours');
  assert.deepEqual(runColors([names[2]]), runColors([names[2]]));
});

test('17-digit decimals are converted exactly or left to the string parser, never wrong', () => {
  for (let i = 0; i < 20_000; i++) {
    const x = Math.random() * 10 ** -Math.floor(Math.random() * 5);
    const s = String(x);
    const frac = s.split('.')[1];
    if (!frac || s.includes('e')) continue;
    const digits = frac.replace(/^0+/, '');
    if (digits.length <= 15 || frac.length > 22) continue;
    const v = decimalToDouble(Number(digits.slice(0, 15)), Number(digits.slice(15)), digits.length - 15, frac.length);
    if (v !== undefined) assert.equal(v, x, s);
  }
  assert.equal(decimalToDouble(900719925474099, 3, 1, 0), undefined, 'an exact halfway case is left to the string parser');
});

test('series points and summaries carried forward over appended lines equal those computed from the start', () => {
  const t = new MetricTable();
  const p = new MetricLineParser(t);
  const line = (step: number, loss: number) => Buffer.from(`2025-02-02 14:30:01 | INFO | metric {"step": ${step}, "loss": ${loss}}\n`);
  p.push(Buffer.concat([line(1, 0.5), line(2, 0.7), line(3, 0.2)]));
  const before = seriesPoints(t, 'loss', 'step');
  const state = advanceSummary(t, 'loss', 'min');
  p.push(Buffer.concat([line(4, 0.1), line(3, 0.05)]));
  const carried = seriesPoints(t, 'loss', 'step', {}, before);
  const fresh = seriesPoints(t, 'loss', 'step');
  assert.deepEqual([...carried.x], [...fresh.x]);
  assert.deepEqual([...(carried.order ?? [])], [...(fresh.order ?? [])], 'a step going back makes both unordered');
  assert.deepEqual(summaryOf(advanceSummary(t, 'loss', 'min', state)), summarizeMetric(t, 'loss', 'min'));
  assert.equal(summarizeMetric(t, 'loss', 'min').best, 0.05);
});

test('smoothing and reduction carried forward as values are appended equal those computed afresh', () => {
  const values: number[] = [2, 2, 2];
  for (let i = 0; i < 3000; i++) values.push(i % 97 === 5 ? NaN : Math.sin(i / 30) + Math.random() * 0.1);
  const smoothed = new SmoothedValues(0.9);
  const x = Float64Array.from({ length: values.length }, (_, i) => i);
  const range = { lo: 0, hi: values.length * 1.25, columns: 300 };
  let rawReduction: Reduction | undefined;
  for (let n = 1; n <= values.length; n += 1 + Math.floor(Math.random() * 40)) {
    const prefix = values.slice(0, n);
    assert.deepEqual([...smoothed.extend(prefix)], [...smoothEma(prefix, 0.9)], `smoothed, ${n} values`);
    rawReduction = reduceSeries(x.subarray(0, n), prefix, range, undefined, rawReduction);
    const fresh = downsample(x.subarray(0, n), prefix, range);
    assert.deepEqual([...rawReduction.data.slot], [...fresh.slot], `reduction slots, ${n} values`);
    assert.deepEqual([...rawReduction.data.y], [...fresh.y], `reduction values, ${n} values`);
  }
});
