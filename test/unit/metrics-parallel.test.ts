import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Boundary } from '#core/fs/boundary';
import { LogFollower } from '#core/metrics/logFollower';
import type { MetricTable } from '#core/metrics/metricTable';
import { readLogs } from '#core/metrics/parallelLogReader';
import { tempDir } from './runs-fixture';

function log(lines: number, seed: number): string {
  let text = '';
  for (let i = 0; i < lines; i++) {
    const loss = Math.fround(1 / (i + seed + 1));
    text += `2025-02-02 14:30:${String(i % 60).padStart(2, '0')} | INFO | metric {"step": ${i}, "loss": ${loss}, "split": "${i % 7 === 0 ? 'val' : 'train'}"}\n`;
    if (i % 10 === 9) text += `2025-02-02 14:30:00 | INFO | checkpoint ${i}\n`;
  }
  return text;
}

function experiment() {
  const root = fs.realpathSync(tempDir('metrics-parallel-'));
  return { root, boundary: new Boundary(root, 'the experiment') };
}

function write(root: string, run: string, text: string): string {
  const file = path.join(root, 'runs', run, 'logs', 'train.log');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** A table's content as plain data, to compare tables read in different threads. */
function content(t: MetricTable): unknown {
  return {
    line: [...t.line.view()],
    time: [...t.time.view()],
    stepAt: [...t.stepAt.view()],
    numeric: [...t.numeric.values()].map((c) => [c.name, [...c.rows.view()], [...c.values.view()]]),
    labels: [...t.labels.values()].map((c) => [c.name, [...c.rows.view()], c.values]),
    keyOrder: t.keyOrder,
    invalid: [t.invalidLines, t.firstInvalidLine],
  };
}

test('logs read in worker threads give the same tables as logs read in this thread, and follow appends after', async () => {
  const { root, boundary } = experiment();
  // The last line of one log is unfinished: the worker hands it over, and the append completes it.
  const texts = [log(3000, 1), log(2000, 2) + 'metric {"a": 1}\n' + 'metric {"step": 5', log(2500, 3)];
  const files = texts.map((text, i) => write(root, `r${i}`, text));
  const inWorkers = files.map((f) => new LogFollower(f, boundary, 'logs/train.log'));
  const stats = await readLogs(inWorkers, { workers: 2, minWorkerLogBytes: 1 });
  assert.ok(stats.logsInWorkers >= 1, `logs read in workers: ${stats.logsInWorkers}`);
  const here = files.map((f) => new LogFollower(f, boundary, 'logs/train.log'));
  for (const f of here) await f.read();
  inWorkers.forEach((f, i) => {
    assert.deepEqual(content(f.table), content(here[i].table), files[i]);
    assert.equal(f.bytesRead, fs.statSync(files[i]).size);
  });
  fs.appendFileSync(files[1], ', "loss": 0.5}\n');
  assert.deepEqual(await inWorkers[1].read(), { added: 1, reset: false });
  const loss = inWorkers[1].table.numeric.get('loss')!.values;
  assert.equal(loss.at(loss.length - 1), 0.5);
  assert.equal(inWorkers[1].bytesRead, fs.statSync(files[1]).size, 'only the appended bytes were read');
});

test('in a worker thread too: a link out of the experiment, a named pipe and a folder are not read', async () => {
  const { root, boundary } = experiment();
  const outside = path.join(fs.realpathSync(tempDir('metrics-outside-')), 'secret.log');
  fs.writeFileSync(outside, log(50, 1));
  const good = write(root, 'good', log(500, 1));
  const link = path.join(root, 'runs', 'link', 'logs', 'train.log');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(outside, link);
  const fifo = path.join(root, 'runs', 'fifo', 'logs', 'train.log');
  fs.mkdirSync(path.dirname(fifo), { recursive: true });
  execFileSync('mkfifo', [fifo]);
  const folder = path.join(root, 'runs', 'folder', 'logs', 'train.log');
  fs.mkdirSync(folder, { recursive: true });
  const followers = [good, link, fifo, folder].map((f) => new LogFollower(f, boundary, 'logs/train.log'));
  const stats = await readLogs(followers, { workers: 3, minWorkerLogBytes: 0 });
  assert.ok(stats.logsInWorkers >= 2, `logs read in workers: ${stats.logsInWorkers}`);
  const [g, l, p, d] = followers;
  assert.equal(g.table.rowCount, 500);
  assert.equal(g.problem, undefined);
  assert.match(l.problem ?? '', /outside the experiment/);
  assert.equal(l.table.rowCount, 0);
  assert.match(p.problem ?? '', /named pipe/);
  assert.match(d.problem ?? '', /folder/);
});

test('a worker that cannot start leaves the logs to this thread', async () => {
  const { root, boundary } = experiment();
  const files = [1, 2, 3].map((seed) => write(root, `r${seed}`, log(400, seed)));
  const followers = files.map((f) => new LogFollower(f, boundary, 'logs/train.log'));
  const stats = await readLogs(followers, { workers: 2, minWorkerLogBytes: 1, workerFile: path.join(root, 'no-such-worker.js') });
  assert.equal(stats.logsInWorkers, 0);
  for (const f of followers) assert.equal(f.table.rowCount, 400);
});
