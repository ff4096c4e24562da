import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseMetricJson, readLogTail } from '#core/runs/metricsTail';
import { tempDir, writeFile } from './runs-fixture';

const line = (level: string, message: string) => `2025-02-02 14:30:00 | ${level} | ${message}\n`;
const metric = (obj: object) => line('INFO', `metric ${JSON.stringify(obj)}`);

async function tailOf(text: string, opts = {}) {
  const file = path.join(tempDir(), 'train.log');
  writeFile(file, text);
  return readLogTail(file, opts);
}

test('returns the last metric object of the log', async () => {
  const tail = await tailOf(metric({ epoch: 0, loss: 1 }) + metric({ epoch: 1, loss: 0.5 }) + line('INFO', 'saved model'));
  assert.deepEqual(tail.latestMetrics, { epoch: 1, loss: 0.5 });
  assert.equal(tail.invalidMetricLines, 0);
  assert.equal(tail.endsWithError, false);
  assert.equal(tail.hasLines, true);
});

test('skips metric lines that are not JSON objects and counts them', async () => {
  const tail = await tailOf(
    metric({ epoch: 1 }) + line('INFO', "metric {'epoch': 2}") + line('INFO', 'metric [1, 2]') + line('INFO', 'metric {"epoch": 3,'),
  );
  assert.deepEqual(tail.latestMetrics, { epoch: 1 });
  assert.equal(tail.invalidMetricLines, 3);
});

test("reads the NaN and Infinity that Python's json.dumps writes", () => {
  const m = parseMetricJson('{"loss": NaN, "grad": Infinity, "low": -Infinity, "note": "NaN stays a string"}');
  assert.ok(m);
  assert.ok(Number.isNaN(m.loss));
  assert.equal(m.grad, Infinity);
  assert.equal(m.low, -Infinity);
  assert.equal(m.note, 'NaN stays a string');
});

test('finds metrics in lines without the loguru prefix, CRLF endings and a missing final newline', async () => {
  assert.deepEqual((await tailOf('metric {"a": 1}\r\nmetric {"a": 2}\r\n')).latestMetrics, { a: 2 });
  assert.deepEqual((await tailOf(metric({ a: 1 }) + line('INFO', 'metric {"a": 2}').trimEnd())).latestMetrics, { a: 2 });
});

test('a message that merely contains the word metric is not a metric line', async () => {
  const tail = await tailOf(metric({ a: 1 }) + line('INFO', 'computing metric {x} later'));
  assert.deepEqual(tail.latestMetrics, { a: 1 });
  assert.equal(tail.invalidMetricLines, 0);
});

test('a log whose last loguru line is ERROR or CRITICAL ends with an error', async () => {
  assert.equal((await tailOf(metric({ a: 1 }) + line('ERROR', 'boom'))).endsWithError, true);
  assert.equal((await tailOf(metric({ a: 1 }) + line('CRITICAL', 'boom'))).endsWithError, true);
  assert.equal((await tailOf(line('ERROR', 'recovered') + line('INFO', 'carrying on'))).endsWithError, false);
});

test('a Python traceback after the last loguru line is a failure', async () => {
  const tail = await tailOf(
    metric({ a: 1 }) + 'Traceback (most recent call last):\n  File "train.py", line 3, in <module>\nZeroDivisionError: division by zero\n',
  );
  assert.equal(tail.endsWithError, true);
  assert.deepEqual(tail.latestMetrics, { a: 1 });
});

test('an empty or blank log has no lines', async () => {
  assert.equal((await tailOf('')).hasLines, false);
  assert.equal((await tailOf('\n\n  \n')).hasLines, false);
});

test('finds a metric line that lies several chunks before the end, across chunk boundaries', async () => {
  const filler = line('INFO', 'x'.repeat(300)).repeat(40); // about 13 KiB
  const tail = await tailOf(metric({ epoch: 7, loss: 0.25 }) + filler, { chunkBytes: 1024, maxBytes: 64 * 1024 });
  assert.deepEqual(tail.latestMetrics, { epoch: 7, loss: 0.25 });
  assert.ok(tail.bytesRead < 20 * 1024);
});

test('multi-byte characters split across chunks are decoded intact', async () => {
  const tail = await tailOf(metric({ note: 'é'.repeat(3000) }) + line('INFO', 'ü'.repeat(700)), { chunkBytes: 1024 });
  assert.equal(tail.latestMetrics?.note, 'é'.repeat(3000));
});

test('stops at the byte cap instead of reading a huge log, and says so', async () => {
  const file = path.join(tempDir(), 'train.log');
  writeFile(file, metric({ epoch: 0 }) + line('INFO', 'y'.repeat(100)).repeat(30_000)); // about 4 MB
  const tail = await readLogTail(file, { chunkBytes: 64 * 1024, maxBytes: 256 * 1024 });
  assert.equal(tail.latestMetrics, undefined);
  assert.equal(tail.reachedCap, true);
  assert.equal(tail.bytesRead, 256 * 1024);
  assert.equal(tail.hasLines, true);
});

test('reads the last metric of a 1 GB sparse log without reading the whole file', async () => {
  const file = path.join(tempDir(), 'train.log');
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, 1024 ** 3);
  fs.writeSync(fd, '\n' + metric({ epoch: 99, loss: 0.01 }), 1024 ** 3);
  fs.closeSync(fd);
  const tail = await readLogTail(file);
  assert.deepEqual(tail.latestMetrics, { epoch: 99, loss: 0.01 });
  assert.ok(tail.bytesRead <= 64 * 1024);
});

test('a missing log is the file system error, for the caller to report', async () => {
  await assert.rejects(readLogTail(path.join(tempDir(), 'nope.log')), { code: 'ENOENT' });
});
