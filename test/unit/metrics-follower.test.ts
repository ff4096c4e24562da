import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LogFollower } from '#core/metrics/logFollower';
import { Boundary } from '#core/fs/boundary';
import { openRegularFileInside } from '#core/fs/regularFile';
import { tempDir } from './runs-fixture';

const experiment = (root: string) => new Boundary(root, 'the experiment');

const metric = (step: number, loss: number) => `2025-02-02 14:30:0${step % 10} | INFO | metric {"step": ${step}, "loss": ${loss}}\n`;

function setup(text = '') {
  const root = fs.realpathSync(tempDir('metrics-follow-'));
  const file = path.join(root, 'runs', 'r', 'logs', 'train.log');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return { root, file, follower: new LogFollower(file, experiment(root), 'logs/train.log') };
}

test('each read takes only the bytes appended since the last one', async () => {
  const { file, follower } = setup(metric(1, 0.9) + metric(2, 0.8));
  assert.deepEqual(await follower.read(), { added: 2, reset: false });
  const size = fs.statSync(file).size;
  assert.equal(follower.bytesRead, size);
  fs.appendFileSync(file, metric(3, 0.7));
  assert.deepEqual(await follower.read(), { added: 1, reset: false });
  assert.equal(follower.bytesRead, fs.statSync(file).size, 'the first lines are not read again');
  assert.deepEqual(await follower.read(), { added: 0, reset: false });
  assert.deepEqual([...follower.table.numeric.get('loss')!.values.view()], [0.9, 0.8, 0.7]);
});

test('a line written in two parts is read once it is complete', async () => {
  const { file, follower } = setup(metric(1, 0.9));
  await follower.read();
  const line = metric(2, 0.5);
  fs.appendFileSync(file, line.slice(0, 20));
  assert.equal((await follower.read()).added, 0);
  fs.appendFileSync(file, line.slice(20));
  assert.equal((await follower.read()).added, 1);
  assert.equal(follower.table.numeric.get('loss')!.values.at(1), 0.5);
});

test('a truncated log is read again from its start, and says so', async () => {
  const { file, follower } = setup(metric(1, 0.9) + metric(2, 0.8) + metric(3, 0.7));
  await follower.read();
  fs.writeFileSync(file, metric(1, 0.1));
  assert.deepEqual(await follower.read(), { added: 1, reset: true });
  assert.deepEqual([...follower.table.numeric.get('loss')!.values.view()], [0.1]);
  assert.match(follower.notes.join('\n'), /logs\/train\.log shrank \(truncated\) while shown, and was read again from its start/);
});

test('a log replaced by another file (rotated) is read again from its start', async () => {
  const { file, follower } = setup(metric(1, 0.9) + metric(2, 0.8));
  await follower.read();
  fs.renameSync(file, file + '.1');
  fs.writeFileSync(file, metric(1, 0.2) + metric(2, 0.3) + metric(3, 0.4));
  assert.deepEqual(await follower.read(), { added: 3, reset: true });
  assert.match(follower.notes.join('\n'), /was replaced while shown/);
});

test('a deleted log keeps what was read and says it was deleted', async () => {
  const { root, follower } = setup(metric(1, 0.9));
  await follower.read();
  fs.rmSync(path.join(root, 'runs'), { recursive: true });
  assert.deepEqual(await follower.read(), { added: 0, reset: false });
  assert.equal(follower.table.rowCount, 1);
  assert.match(follower.problem ?? '', /deleted/);
});

test('a log of several GB: only its end is read, with a note', async () => {
  const { file } = setup();
  const fd = fs.openSync(file, 'w');
  fs.ftruncateSync(fd, 3 * 1024 ** 3); // sparse: 3 GB of NUL bytes, then real lines
  fs.writeSync(fd, '\n' + metric(1, 0.5) + metric(2, 0.4), 3 * 1024 ** 3);
  fs.closeSync(fd);
  const root = path.dirname(path.dirname(path.dirname(path.dirname(file))));
  const follower = new LogFollower(file, experiment(root), 'logs/train.log', { maxLogBytes: 4 * 1024 * 1024 });
  const started = Date.now();
  await follower.read();
  assert.ok(Date.now() - started < 10_000);
  assert.ok(follower.bytesRead <= 4 * 1024 * 1024);
  assert.deepEqual([...follower.table.numeric.get('loss')!.values.view()], [0.5, 0.4]);
  assert.match(follower.notes.join('\n'), /3 GiB at its start were skipped; the curves show its last 4 MiB/);
});

test('a symbolic link out of the experiment is not followed; one inside is', async () => {
  const { root, file } = setup();
  const outside = tempDir('metrics-outside-');
  fs.writeFileSync(path.join(outside, 'secret.log'), metric(1, 0.5));
  fs.rmSync(file);
  fs.symlinkSync(path.join(outside, 'secret.log'), file);
  const out = new LogFollower(file, experiment(root), 'logs/train.log');
  await out.read();
  assert.equal(out.table.rowCount, 0);
  assert.equal(out.bytesRead, 0);
  assert.match(out.problem ?? '', /outside the experiment/);

  fs.writeFileSync(path.join(root, 'shared.log'), metric(1, 0.5));
  fs.rmSync(file);
  fs.symlinkSync(path.join(root, 'shared.log'), file);
  const inside = new LogFollower(file, experiment(root), 'logs/train.log');
  await inside.read();
  assert.equal(inside.table.rowCount, 1);

  // The logs/ folder itself linked out: the log's own name is no link, and it is still not read.
  fs.writeFileSync(path.join(outside, 'train.log'), metric(1, 0.5));
  fs.rmSync(path.dirname(file), { recursive: true });
  fs.symlinkSync(outside, path.dirname(file));
  const throughFolder = new LogFollower(file, experiment(root), 'logs/train.log');
  await throughFolder.read();
  assert.equal(throughFolder.bytesRead, 0);
  assert.match(throughFolder.problem ?? '', /^it is reached through a symbolic link, at .*, outside the experiment; it is not read$/);
});

test('a named pipe in place of a log is never opened for a blocking read', async () => {
  const { file } = setup();
  fs.rmSync(file);
  execFileSync('mkfifo', [file]);
  const root = path.dirname(path.dirname(path.dirname(path.dirname(file))));
  const follower = new LogFollower(file, experiment(root), 'logs/train.log');
  const result = await Promise.race([follower.read(), new Promise((r) => setTimeout(() => r('hung'), 3000))]);
  assert.notEqual(result, 'hung');
  assert.match(follower.problem ?? '', /not a regular file/);
  assert.equal(openRegularFileInside(file, experiment(root)).ok, false);
});
