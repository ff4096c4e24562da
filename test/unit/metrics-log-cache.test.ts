import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Boundary } from '#core/fs/boundary';
import { ParsedLogCache } from '#core/metrics/parsedLogCache';
import { MetricsSession } from '#core/metrics/session';
import { REPO_ROOT, tempDir } from './runs-fixture';

const metric = (step: number, loss: number) => `2025-02-02 14:30:0${step % 10} | INFO | metric {"step": ${step}, "loss": ${loss}}\n`;

function setup(logs: string[] = ['train.log']) {
  const root = fs.realpathSync(tempDir('metrics-cache-'));
  const boundary = new Boundary(root, 'the experiment');
  const files = logs.map((name) => path.join(root, 'runs', 'r', 'logs', name));
  fs.mkdirSync(path.dirname(files[0]), { recursive: true });
  for (const file of files) fs.writeFileSync(file, metric(1, 0.9) + metric(2, 0.8));
  return { boundary, files, file: files[0] };
}

test('a log kept and then grown: the next panel reads only the lines appended', async () => {
  const { boundary, file } = setup();
  const cache = new ParsedLogCache();
  const first = cache.take(file, boundary, 'logs/train.log');
  await first.read();
  cache.keep(first);
  const before = fs.statSync(file).size;
  fs.appendFileSync(file, metric(3, 0.7));
  const again = cache.take(file, boundary, 'logs/train.log');
  assert.equal(again, first, 'the kept follower is used again');
  assert.deepEqual(await again.read(), { added: 1, reset: false });
  assert.equal(again.bytesRead, fs.statSync(file).size, 'the first lines were read once');
  assert.ok(again.bytesRead - before < before, 'only the appended line was read');
  assert.deepEqual([...again.table.numeric.get('loss')!.values.view()], [0.9, 0.8, 0.7]);
  assert.equal(cache.size, 0, 'a follower in use is not kept meanwhile');
});

test('a kept log that was truncated, replaced or rewritten in place is read again from its start', async () => {
  const { boundary, file } = setup();
  const cache = new ParsedLogCache();
  const changes: [string, () => void][] = [
    ['truncated', () => fs.writeFileSync(file, metric(1, 0.1))],
    [
      'replaced',
      () => {
        fs.renameSync(file, file + '.1');
        fs.writeFileSync(file, metric(1, 0.2) + metric(2, 0.3) + metric(3, 0.4));
      },
    ],
    [
      'rewritten in place, same size',
      () => {
        const fd = fs.openSync(file, 'r+');
        fs.writeSync(fd, metric(1, 0.5), 0);
        fs.closeSync(fd);
        const later = new Date(fs.statSync(file).mtimeMs + 5000);
        fs.utimesSync(file, later, later);
      },
    ],
  ];
  for (const [what, change] of changes) {
    const follower = cache.take(file, boundary, 'logs/train.log');
    await follower.read();
    const first = follower.table.numeric.get('loss')!.values.at(0);
    cache.keep(follower);
    change();
    const next = cache.take(file, boundary, 'logs/train.log');
    assert.notEqual(next, follower, what);
    const { reset } = await next.read();
    assert.equal(reset, false, `${what}: a fresh read, not a reset of a shown log`);
    assert.equal(next.bytesRead, fs.statSync(file).size, what);
    assert.notEqual(next.table.numeric.get('loss')!.values.at(0), first, `${what}: the new first line is read`);
    assert.deepEqual(next.notes, [], `${what}: no note about a log changed while shown`);
  }
});

test('the cache keeps at most its bound of column bytes, dropping the least recently kept log first', async () => {
  const { boundary, files } = setup(['a.log', 'b.log', 'c.log']);
  const probe = new ParsedLogCache();
  const one = probe.take(files[0], boundary, 'logs/a.log');
  await one.read();
  const bytes = one.table.byteSize;
  assert.ok(bytes > 0);
  const cache = new ParsedLogCache(2 * bytes);
  const followers = files.map((file) => cache.take(file, boundary, path.basename(file)));
  for (const f of followers) await f.read();
  for (const f of followers) cache.keep(f);
  assert.equal(cache.size, 2);
  assert.equal(cache.bytes, 2 * bytes);
  assert.notEqual(cache.take(files[0], boundary, 'logs/a.log'), followers[0], 'the oldest was dropped');
  assert.equal(cache.take(files[2], boundary, 'logs/c.log'), followers[2]);
  assert.equal(cache.take(files[1], boundary, 'logs/b.log'), followers[1]);
});

test('a panel closed and opened again, or shown other runs and then these again, does not read unchanged logs again', async () => {
  const dir = path.join(tempDir('metrics-cache-session-'), 'mnist');
  fs.cpSync(path.join(REPO_ROOT, 'test', 'e2e', 'workspace', 'mnist'), dir, { recursive: true });
  const [a, b] = ['2025-02-02T14-30-00-de-risk', '2025-02-02T15-00-00-full'];
  const trainLog = (run: string) => fs.realpathSync(path.join(dir, 'runs', run, 'logs', 'train.log'));
  const boundary = new Boundary(fs.realpathSync(dir), 'the experiment');
  const cache = new ParsedLogCache();
  const first = new MetricsSession(fs.realpathSync(dir), { logCache: cache });
  await first.setRuns([a, b]);
  await first.setRuns([b]);
  const kept = cache.take(trainLog(a), boundary, 'logs/train.log');
  assert.ok(kept.seen, 'the run no longer shown handed its log to the cache');
  cache.keep(kept);
  first.dispose();
  const second = new MetricsSession(fs.realpathSync(dir), { logCache: cache });
  await second.setRuns([a, b]);
  const model = second.model();
  assert.deepEqual(
    model.runs.map((r) => r.name),
    ['de-risk', 'full'],
  );
  assert.ok(model.charts.some((c) => c.key === 'loss'));
  second.dispose();
  const again = cache.take(trainLog(a), boundary, 'logs/train.log');
  assert.equal(again, kept, 'the second panel used the log read by the first');
  assert.equal(again.bytesRead, fs.statSync(trainLog(a)).size, 'read once in all');
});
