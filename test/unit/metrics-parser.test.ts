import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineKernel } from '#core/metrics/lineKernel';
import { MetricLineParser } from '#core/metrics/metricLineParser';
import { MAX_KEYS_PER_LOG, MetricTable } from '#core/metrics/metricTable';
import { parseMetricJson } from '#core/runs/metricsTail';

const loguru = (time: string, message: string, level = 'INFO') => `${time} | ${level} | ${message}\n`;

function parse(
  text: string | Buffer,
  chunk = Infinity,
  maxLineBytes?: number,
  kernel: LineKernel | null = LineKernel.shared() ?? null,
): MetricTable {
  const table = new MetricTable();
  const parser = new MetricLineParser(table, maxLineBytes, 1, kernel);
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  for (let i = 0; i < bytes.length; i += chunk === Infinity ? bytes.length : chunk)
    parser.push(bytes.subarray(i, i + (chunk === Infinity ? bytes.length : chunk)));
  parser.finish();
  return table;
}

/** Every row of a table as plain objects (numbers and texts by key), with line and time. */
function rows(table: MetricTable): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let r = 0; r < table.rowCount; r++) out.push({ line: table.line.at(r), time: table.time.at(r) });
  for (const col of table.numeric.values()) for (let i = 0; i < col.rows.length; i++) out[col.rows.at(i)][col.name] = col.values.at(i);
  for (const col of table.labels.values()) for (let i = 0; i < col.rows.length; i++) out[col.rows.at(i)][col.name] = col.values[i];
  return out;
}

test('reads loguru metric lines: values, line numbers, local times; other lines are passed over', () => {
  const text =
    loguru('2025-02-02 14:30:00', 'device cpu') +
    loguru('2025-02-02 14:30:01', 'metric {"epoch": 0, "step": 10, "loss": 0.8372, "accuracy": 0.897}') +
    loguru('2025-02-02 14:30:02.250', 'metric {"epoch": 1, "step": 20, "loss": 0.5123, "split": "train", "ok": true, "none": null}') +
    'metric {"step": 30, "loss": 0.4}\n';
  const table = parse(text);
  assert.deepEqual(rows(table), [
    { line: 2, time: new Date(2025, 1, 2, 14, 30, 1).getTime(), epoch: 0, step: 10, loss: 0.8372, accuracy: 0.897 },
    { line: 3, time: new Date(2025, 1, 2, 14, 30, 2, 250).getTime(), epoch: 1, step: 20, loss: 0.5123, split: 'train', ok: 'true' },
    { line: 4, time: NaN, step: 30, loss: 0.4 },
  ]);
  assert.deepEqual(table.keyOrder, ['epoch', 'step', 'loss', 'accuracy', 'split', 'ok']);
});

test('the fast path reads exactly what JSON.parse reads, for numbers of every length and form', () => {
  const values: string[] = [
    '0',
    '-0',
    '1',
    '-1',
    '0.5',
    '1e-05',
    '1E+3',
    '2.5e-3',
    '123456789012345678',
    '1.7976931348623157e308',
    '5e-324',
    '0.30000000000000004',
    '9007199254740993',
    '-9007199254740993.5',
    '1e400',
    '1.0000000000000002',
    '100000000000000000000000',
  ];
  for (let i = 0; i < 3000; i++) {
    const digits = 1 + Math.floor(Math.random() * 20);
    let d = String(1 + Math.floor(Math.random() * 9));
    for (let k = 1; k < digits; k++) d += String(Math.floor(Math.random() * 10));
    const point = Math.floor(Math.random() * (digits + 1));
    let s = point === digits ? d : `${d.slice(0, point) || '0'}.${d.slice(point)}`;
    if (Math.random() < 0.3) s = `0.${'0'.repeat(Math.floor(Math.random() * 6))}${d}`;
    if (Math.random() < 0.2) s += `e${Math.random() < 0.5 ? '-' : ''}${Math.floor(Math.random() * 30)}`;
    values.push(Math.random() < 0.3 ? `-${s}` : s);
    values.push(String(Math.random() * 10 ** (Math.floor(Math.random() * 10) - 5)));
  }
  const text = values.map((v, i) => loguru('2025-02-02 14:30:01', `metric {"step": ${i}, "value": ${v}}`)).join('');
  const table = parse(text);
  const col = table.numeric.get('value');
  assert.ok(col);
  assert.equal(col.rows.length, values.length);
  values.forEach((v, i) =>
    assert.equal(Object.is(col.values.at(i), JSON.parse(v) as number), true, `${v}: ${col.values.at(i)} ≠ ${JSON.parse(v)}`),
  );
});

test('agrees with the Run Explorer on which metric lines are valid, line by line', () => {
  const messages = [
    'metric {"a": 1}',
    'metric {"a": NaN, "b": Infinity, "c": -Infinity}',
    'metric {"a": "say \\"hi\\"", "b": 2}',
    'metric {"nested": {"x": 1, "y": {"z": 2}}, "list": [1, 2]}',
    "metric {'a': 1}",
    'metric [1, 2]',
    'metric {"a": 1,',
    'metric {"a": 01}',
    'metric {"a": 1} trailing',
    'metric  {"a": 1}  ',
    'metric{"a": 1}',
    'metric epoch=3 loss=0.5',
    'metric {}',
    'metric {"a": -NaN}',
    'metric {"a": 1, "a": 2}',
    'metrics {"a": 1}',
    'metric {"tab\there": 1}',
  ];
  for (const message of messages) {
    const table = parse(loguru('2025-02-02 14:30:01', message));
    const m = /^metric\s+(.*)$/.exec(message);
    const expected = m ? parseMetricJson(m[1]) : undefined;
    const isMetricLine = m !== null;
    assert.equal(table.rowCount, expected ? 1 : 0, message);
    assert.equal(table.invalidLines, isMetricLine && !expected ? 1 : 0, message);
    if (expected) {
      const row = rows(table)[0];
      for (const [key, value] of Object.entries(expected)) {
        if (typeof value === 'number') assert.ok(Object.is(row[key], value), `${message}: ${key}`);
        else if (typeof value === 'string') assert.equal(row[key], value, `${message}: ${key}`);
      }
    }
  }
});

test('nested objects become dotted keys up to four levels; lists and deeper values are counted, not charted', () => {
  const table = parse(
    loguru(
      '2025-02-02 14:30:01',
      'metric {"loss": {"train": 0.5, "val": {"top1": 0.7}}, "hist": [1, 2], "a": {"b": {"c": {"d": {"e": 1}}}}}',
    ),
  );
  assert.deepEqual(table.keyOrder, ['loss.train', 'loss.val.top1']);
  assert.equal(table.skippedValues, 2);
});

test('deeply nested JSON (100,000 levels) neither hangs nor overflows the stack', () => {
  const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
  const started = Date.now();
  const table = parse(loguru('2025-02-02 14:30:01', `metric ${deep}`));
  assert.ok(Date.now() - started < 5000);
  assert.equal(table.rowCount, 1);
  assert.equal(table.keyCount, 0);
  assert.equal(table.skippedValues, 1);
});

test('the same rows whatever the chunk boundaries', () => {
  const text =
    loguru('2025-02-02 14:30:01', 'metric {"epoch": 0, "loss": 0.30000000000000004, "name": "é"}') +
    'garbage line\r\n' +
    loguru('2025-02-02 14:30:02', 'metric {"epoch": 1, "loss": 1e-7}').replace('\n', '\r\n') +
    loguru('2025-02-02 14:30:03', 'metric {"epoch": 2, "loss": NaN}');
  const whole = rows(parse(text));
  assert.equal(whole.length, 3);
  for (const chunk of [1, 2, 3, 7, 64]) assert.deepEqual(rows(parse(text, chunk)), whole, `chunks of ${chunk}`);
});

test('step and epoch carry forward to lines without them (per-epoch validation lines)', () => {
  const table = parse(
    loguru('2025-02-02 14:30:01', 'metric {"val_loss": 1.0}') +
      loguru('2025-02-02 14:30:01', 'metric {"epoch": 0, "step": 100, "loss": 0.9}') +
      loguru('2025-02-02 14:30:02', 'metric {"val_loss": 0.8}') +
      loguru('2025-02-02 14:30:03', 'metric {"epoch": 1, "step": 200, "loss": 0.7}'),
  );
  assert.deepEqual([...table.stepAt.view()], [NaN, 100, 100, 200]);
  assert.deepEqual([...table.epochAt.view()], [NaN, 0, 0, 1]);
});

test('metric lines that are not JSON objects are counted with the first one’s line', () => {
  const table = parse(
    loguru('2025-02-02 14:30:01', 'metric {"a": 1}') +
      loguru('2025-02-02 14:30:02', "metric {'a': 2}") +
      loguru('2025-02-02 14:30:03', 'metric [3]'),
  );
  assert.equal(table.rowCount, 1);
  assert.equal(table.invalidLines, 2);
  assert.equal(table.firstInvalidLine, 2);
});

test('a line longer than the cap is skipped unread, also when it arrives in pieces; the next line is read', () => {
  const long = loguru('2025-02-02 14:30:01', `metric {"a": "${'x'.repeat(5000)}"}`);
  const after = loguru('2025-02-02 14:30:02', 'metric {"a": 2}');
  for (const chunk of [Infinity, 100, 4096]) {
    const table = parse(long + after, chunk, 1024);
    assert.equal(table.longLines, 1, `chunk ${chunk}`);
    assert.deepEqual(
      rows(table).map((r) => r.a),
      [2],
    );
    assert.equal(table.line.at(0), 2);
  }
});

test('a 100 MB line without a newline is skipped without keeping it in memory', () => {
  const table = new MetricTable();
  const parser = new MetricLineParser(table);
  const piece = Buffer.alloc(1024 * 1024, 'x');
  const before = process.memoryUsage().rss;
  for (let i = 0; i < 100; i++) parser.push(piece);
  parser.push(Buffer.from('\n' + loguru('2025-02-02 14:30:02', 'metric {"a": 2}')));
  assert.ok(process.memoryUsage().rss - before < 50 * 1024 * 1024);
  assert.equal(table.longLines, 1);
  assert.equal(table.rowCount, 1);
  assert.equal(table.line.at(0), 2);
});

test('binary garbage is passed over without an error', () => {
  const garbage = Buffer.alloc(2 * 1024 * 1024);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
  const table = parse(Buffer.concat([garbage, Buffer.from('\n' + loguru('2025-02-02 14:30:02', 'metric {"a": 2}'))]), 65536);
  assert.equal(table.numeric.get('a')?.values.at(0), 2);
});

test('a log that invents a new key on every line keeps the first keys and counts the others', () => {
  let text = '';
  for (let i = 0; i < MAX_KEYS_PER_LOG + 500; i++) text += loguru('2025-02-02 14:30:01', `metric {"key_${i}": ${i}, "step": ${i}}`);
  const table = parse(text);
  assert.equal(table.keyCount, MAX_KEYS_PER_LOG);
  assert.equal(table.droppedKeys, 501);
  assert.equal(table.rowCount, MAX_KEYS_PER_LOG + 500);
});

test('NUL padding before a line (a crash-truncated log) does not hide it', () => {
  const table = parse(Buffer.concat([Buffer.alloc(100), Buffer.from(loguru('2025-02-02 14:30:01', 'metric {"a": 1}'))]));
  assert.equal(table.rowCount, 1);
});

test('a long log read with the WebAssembly kernel gives the same rows as the JavaScript reader alone', () => {
  const kernel = LineKernel.shared();
  assert.ok(kernel, 'the kernel loads (npm run build compiles it)');
  // Many kernel windows and calls: minutes, hours and a day go by, CRLF from the middle on, an info line every 50
  // lines, and now and then a number the kernel leaves to the JavaScript reader (1e-30, 22 digits).
  const pad = (n: number) => String(n).padStart(2, '0');
  const start = new Date(2025, 1, 2, 23, 50, 0).getTime();
  const parts: string[] = [];
  const lines = 30_000;
  for (let i = 0; i < lines; i++) {
    const d = new Date(start + i * 250);
    const time = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    const loss = i % 997 === 0 ? '1e-30' : i % 1009 === 0 ? '0.1234567890123456789012' : String(Math.fround(2 / (i + 1)));
    const end = i >= lines / 2 ? '\r\n' : '\n';
    parts.push(`${time} | INFO | metric {"step": ${i}, "loss": ${loss}, "lr": ${String(Math.fround(0.001 * Math.cos(i)))}}${end}`);
    if (i % 50 === 49) parts.push(`${time} | INFO | saved checkpoint\n`);
  }
  const text = Buffer.from(parts.join(''));
  const before = kernel.linesRead;
  const expected = rows(parse(text, 1 << 20, undefined, null));
  assert.equal(expected.length, lines);
  assert.equal(kernel.linesRead, before, 'the JavaScript reader alone does not use the kernel');
  assert.deepEqual(rows(parse(text, 1 << 20)), expected, 'in 1 MiB chunks');
  assert.deepEqual(rows(parse(text)), expected, 'in one chunk');
  assert.ok(kernel.linesRead - before > lines, 'the kernel read most lines');
});
