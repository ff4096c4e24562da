// The shared file-system rules (core/src/fs): only regular files are opened, with a cap, without blocking; a link is
// followed only inside its boundary; names that are not UTF-8 keep their bytes. And the two rules built on them that
// a repository must never get around: what Delete Run may delete, and what the Run Explorer may open.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Boundary, isInside } from '#core/fs/boundary';
import { readDirectory } from '#core/fs/directory';
import { openRegularFile, openRegularFileInside, readAtAsync, readRegularFile } from '#core/fs/regularFile';
import { checkDeletableRun } from '#core/runs/deletableRun';
import { checkOpenableRunFile, inspectRunFolderEntry } from '#core/runs/runFolderEntry';
import { writeRunRecord } from '#core/runs/runRecord';
import { tempDir } from './runs-fixture';

function mkfifo(file: string): void {
  assert.equal(spawnSync('mkfifo', [file]).status, 0);
}

test('a named pipe is refused before it is opened, so nothing waits for a writer', () => {
  const dir = tempDir();
  const pipe = path.join(dir, 'pipe');
  mkfifo(pipe);
  const started = Date.now();
  assert.deepEqual(openRegularFile(pipe, 'follow'), { ok: false, kind: 'skipped', what: 'not a regular file (a named pipe)' });
  assert.deepEqual(readRegularFile(pipe, { maxBytes: 10, links: 'follow' }), {
    ok: false,
    kind: 'skipped',
    what: 'not a regular file (a named pipe)',
  });
  assert.ok(Date.now() - started < 1000);
});

test('a link to /dev/zero is a character device when links are followed, and a link out when they are bounded', () => {
  const dir = tempDir();
  const zero = path.join(dir, 'zero');
  fs.symlinkSync('/dev/zero', zero);
  assert.deepEqual(openRegularFile(zero, 'follow'), { ok: false, kind: 'skipped', what: 'not a regular file (a character device)' });
  assert.deepEqual(openRegularFile(zero, new Boundary(dir, 'the experiment')), {
    ok: false,
    kind: 'skipped',
    what: 'a symbolic link to /dev/zero, outside the experiment',
  });
});

test('a file over the cap is refused unread; a file within it is read whole; a missing one is missing', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'small'), 'hello');
  fs.writeFileSync(path.join(dir, 'big'), '');
  fs.truncateSync(path.join(dir, 'big'), 3 * 1024 * 1024);
  const small = readRegularFile(path.join(dir, 'small'), { maxBytes: 1024, links: 'follow' });
  assert.ok(small.ok && small.bytes.toString() === 'hello');
  assert.deepEqual(readRegularFile(path.join(dir, 'big'), { maxBytes: 1024 * 1024, links: 'follow' }), {
    ok: false,
    kind: 'skipped',
    what: 'larger than 1 MiB (3 MiB)',
  });
  assert.deepEqual(readRegularFile(path.join(dir, 'nope'), { maxBytes: 1, links: 'follow' }), { ok: false, kind: 'missing' });
  assert.deepEqual(readRegularFile(dir, { maxBytes: 1, links: 'follow' }), { ok: false, kind: 'skipped', what: 'a folder, not a file' });
});

test('links inside the boundary are followed, links out and broken links are not', () => {
  const root = tempDir();
  const outside = tempDir('outside-');
  fs.writeFileSync(path.join(root, 'real.txt'), 'in');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'out');
  fs.symlinkSync('real.txt', path.join(root, 'alias.txt'));
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'out.txt'));
  fs.symlinkSync('missing', path.join(root, 'dangling.txt'));
  fs.symlinkSync('loop.txt', path.join(root, 'loop.txt'));
  const boundary = new Boundary(root, 'the experiment');
  const read = (name: string) => readRegularFile(path.join(root, name), { maxBytes: 100, links: boundary });
  const alias = read('alias.txt');
  assert.ok(alias.ok && alias.bytes.toString() === 'in');
  assert.deepEqual(read('out.txt'), {
    ok: false,
    kind: 'skipped',
    what: `a symbolic link to ${fs.realpathSync(path.join(outside, 'secret.txt'))}, outside the experiment`,
  });
  assert.deepEqual(read('dangling.txt'), { ok: false, kind: 'skipped', what: 'a symbolic link to something that does not exist' });
  assert.deepEqual(read('loop.txt'), { ok: false, kind: 'skipped', what: 'a symbolic link that loops back on itself' });
});

test('a link can be refused wherever it leads; a file over the cap can be read only as far as the cap when asked', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'pixi.toml'), '[workspace]\n');
  fs.symlinkSync('pixi.toml', path.join(dir, 'linked.toml'));
  assert.deepEqual(readRegularFile(path.join(dir, 'linked.toml'), { maxBytes: 1024, links: 'refuse' }), {
    ok: false,
    kind: 'skipped',
    what: 'a symbolic link',
  });
  assert.ok(readRegularFile(path.join(dir, 'pixi.toml'), { maxBytes: 1024, links: 'refuse' }).ok);
  const start = readRegularFile(path.join(dir, 'pixi.toml'), { maxBytes: 4, links: 'refuse', overCap: 'readStart' });
  assert.ok(start.ok && start.bytes.toString() === '[wor', 'its first bytes only');
  mkfifo(path.join(dir, 'pipe.toml'));
  assert.equal(readRegularFile(path.join(dir, 'pipe.toml'), { maxBytes: 4, links: 'refuse', overCap: 'readStart' }).ok, false);
});

test('a path is opened inside a boundary only when every link on the way stays inside, not only the last one', async () => {
  const dir = tempDir();
  const experiment = path.join(dir, 'exp');
  const outside = path.join(dir, 'outside');
  fs.mkdirSync(path.join(experiment, 'runs', 'r'), { recursive: true });
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'train.log'), 'secret\n');
  const boundary = new Boundary(experiment, 'the experiment');
  // logs/ is the link; train.log itself is a plain file out there.
  fs.symlinkSync(outside, path.join(experiment, 'runs', 'r', 'logs'));
  const log = path.join(experiment, 'runs', 'r', 'logs', 'train.log');
  assert.equal(openRegularFile(log, boundary).ok, true, 'the last component alone looks harmless');
  const refused = openRegularFileInside(log, boundary);
  assert.ok(
    !refused.ok &&
      refused.kind === 'skipped' &&
      /^reached through a symbolic link, at .*outside\/train\.log, outside the experiment$/.test(refused.what),
  );

  // A logs/ folder kept elsewhere inside the experiment is read, in steps that need not block the thread.
  fs.rmSync(path.join(experiment, 'runs', 'r', 'logs'));
  fs.mkdirSync(path.join(experiment, 'shared-logs'));
  fs.writeFileSync(path.join(experiment, 'shared-logs', 'train.log'), 'hello world\n');
  fs.symlinkSync(path.join(experiment, 'shared-logs'), path.join(experiment, 'runs', 'r', 'logs'));
  const opened = openRegularFileInside(log, boundary);
  assert.ok(opened.ok);
  try {
    const buffer = Buffer.alloc(5);
    assert.equal(await readAtAsync(opened.fd, buffer, 5, 6), 5);
    assert.equal(buffer.toString(), 'world');
    assert.equal(await readAtAsync(opened.fd, Buffer.alloc(100), 100, 6), 6, 'fewer bytes at the end of the file');
  } finally {
    fs.closeSync(opened.fd);
  }
  assert.deepEqual(openRegularFileInside(path.join(experiment, 'runs', 'r', 'logs', 'eval.log'), boundary), { ok: false, kind: 'missing' });
  mkfifo(path.join(experiment, 'shared-logs', 'pipe.log'));
  assert.deepEqual(openRegularFileInside(path.join(experiment, 'runs', 'r', 'logs', 'pipe.log'), boundary), {
    ok: false,
    kind: 'skipped',
    what: 'not a regular file (a named pipe)',
  });
});

test('isInside compares whole path components, not string prefixes', () => {
  assert.equal(isInside('/a/b', '/a'), true);
  assert.equal(isInside('/a', '/a'), true);
  assert.equal(isInside('/ab', '/a'), false);
  assert.equal(isInside('/a/../b', '/a'), true, 'real paths hold no `..`: callers resolve first');
  assert.equal(isInside(Buffer.from('/a/\xff'), '/a'), true);
});

test('a folder listing keeps the bytes of a name that is not UTF-8, and real U+FFFD names as text', async () => {
  const dir = tempDir();
  const bad = Buffer.concat([Buffer.from(dir + '/caf'), Buffer.from([0xe9])]);
  fs.writeFileSync(bad, 'x');
  fs.writeFileSync(path.join(dir, 'real-\ufffd'), 'y');
  const entries = (await readDirectory(dir)).sort((a, b) => (a.name < b.name ? -1 : 1));
  assert.deepEqual(
    entries.map((e) => [e.name, e.exactName, Buffer.isBuffer(e.fsName)]),
    [
      ['caf\ufffd', false, true],
      ['real-\ufffd', true, false],
    ],
  );
  assert.equal(fs.readFileSync(Buffer.concat([Buffer.from(dir + '/'), entries[0].fsName as Buffer]), 'utf8'), 'x');
});

test('Delete Run deletes only a run folder of an experiment inside a workspace folder, never through runs/ linked out', () => {
  const workspace = tempDir();
  const outside = tempDir('outside-');
  const exp = path.join(workspace, 'exp');
  const run = path.join(exp, 'runs', '2025-01-01T00-00-00-x');
  fs.mkdirSync(run, { recursive: true });
  assert.deepEqual(checkDeletableRun(run, [workspace]), { ok: true, path: fs.realpathSync(run), isLink: false });
  assert.match(refusal(checkDeletableRun(run, [outside])), /not inside an open workspace folder/);
  assert.match(refusal(checkDeletableRun(path.join(exp, 'runs', 'notes'), [workspace])), /not a run folder/);
  assert.match(refusal(checkDeletableRun(exp, [workspace])), /not a run folder/);
  assert.match(refusal(checkDeletableRun(path.join(run, '..', '..', '..', 'exp', 'runs', '..'), [workspace])), /not a run folder/);

  // runs/ linked to a folder outside: `<runs>/<run>` is out there, and must not be deleted.
  const linked = path.join(workspace, 'linked');
  fs.mkdirSync(linked);
  fs.mkdirSync(path.join(outside, '2025-01-01T00-00-00-x'));
  fs.symlinkSync(outside, path.join(linked, 'runs'));
  assert.match(
    refusal(checkDeletableRun(path.join(linked, 'runs', '2025-01-01T00-00-00-x'), [workspace])),
    /runs\/ leads to .*, outside the experiment/,
  );

  // A run that is itself a link is deleted as a link.
  const alias = path.join(exp, 'runs', '2025-01-02T00-00-00-alias');
  fs.symlinkSync(path.join(outside, '2025-01-01T00-00-00-x'), alias);
  assert.deepEqual(checkDeletableRun(alias, [workspace]), {
    ok: true,
    path: path.join(fs.realpathSync(path.join(exp, 'runs')), path.basename(alias)),
    isLink: true,
  });
});

function refusal(result: ReturnType<typeof checkDeletableRun>): string {
  assert.equal(result.ok, false);
  return result.ok ? '' : result.message;
}

test('the launcher`s record is never written through a link out of the experiment', async () => {
  const exp = tempDir();
  const outside = tempDir('outside-');
  fs.symlinkSync(outside, path.join(exp, 'runs'));
  fs.mkdirSync(path.join(outside, '2025-01-01T00-00-00-x'));
  const entry = { exitCode: 0, startedAt: new Date().toISOString(), argv: ['python', 'train.py', 'x'] };
  await assert.rejects(writeRunRecord(path.join(exp, 'runs', '2025-01-01T00-00-00-x'), 'train', entry), /outside the experiment/);
  assert.deepEqual(fs.readdirSync(path.join(outside, '2025-01-01T00-00-00-x')), []);
  // A record name that is a link is replaced by the new file, and its target is left as it was.
  const inside = path.join(tempDir(), 'runs', '2025-01-01T00-00-00-y');
  fs.mkdirSync(inside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'victim'), 'keep');
  fs.symlinkSync(path.join(outside, 'victim'), path.join(inside, '.experiment-scripts.json'));
  await writeRunRecord(inside, 'train', entry);
  assert.equal(fs.readFileSync(path.join(outside, 'victim'), 'utf8'), 'keep');
  assert.equal(fs.lstatSync(path.join(inside, '.experiment-scripts.json')).isFile(), true);
});

test('the Run Explorer opens regular files and folders of a run; links out, pipes and loops are explained', () => {
  const exp = tempDir();
  const outside = tempDir('outside-');
  const run = path.join(exp, 'runs', '2025-01-01T00-00-00-x');
  fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(run, 'logs', 'train.log'), 'abc');
  fs.symlinkSync('/etc', path.join(run, 'etc'));
  fs.symlinkSync(outside, path.join(run, 'out'));
  fs.symlinkSync('logs', path.join(run, 'alias'));
  fs.symlinkSync('cycle', path.join(run, 'cycle'));
  mkfifo(path.join(run, 'pipe'));
  assert.deepEqual(inspectRunFolderEntry(path.join(run, 'logs')), { isDirectory: true });
  assert.deepEqual(inspectRunFolderEntry(path.join(run, 'logs', 'train.log')), { isDirectory: false, size: 3 });
  assert.deepEqual(inspectRunFolderEntry(path.join(run, 'alias')), { isDirectory: true });
  assert.deepEqual(inspectRunFolderEntry(path.join(run, 'etc')), {
    isDirectory: false,
    problem: 'a symbolic link to /etc, outside the experiment: not followed',
  });
  assert.match(inspectRunFolderEntry(path.join(run, 'out')).problem ?? '', /outside the experiment: not followed/);
  assert.deepEqual(inspectRunFolderEntry(path.join(run, 'cycle')), { isDirectory: false, problem: 'symbolic link loop' });
  assert.deepEqual(inspectRunFolderEntry(path.join(run, 'pipe')), { isDirectory: false, problem: 'a named pipe, not opened' });
});

test('a run`s log is opened in the editor only when it is a regular file inside the experiment', () => {
  const exp = tempDir();
  const outside = tempDir('outside-');
  fs.writeFileSync(path.join(outside, 'train.log'), 'secret');
  const runs = path.join(exp, 'runs');
  const ok = path.join(runs, '2025-01-01T00-00-00-ok', 'logs');
  fs.mkdirSync(ok, { recursive: true });
  fs.writeFileSync(path.join(ok, 'train.log'), 'abc');
  assert.deepEqual(checkOpenableRunFile(path.join(ok, 'train.log'), exp, 'logs/train.log'), { ok: true });
  assert.deepEqual(checkOpenableRunFile(path.join(ok, 'eval.log'), exp, 'logs/eval.log'), {
    ok: false,
    missing: true,
    message: 'logs/eval.log does not exist.',
  });
  mkfifo(path.join(ok, 'pipe.log'));
  assert.deepEqual(checkOpenableRunFile(path.join(ok, 'pipe.log'), exp, 'logs/pipe.log'), {
    ok: false,
    missing: false,
    message: 'logs/pipe.log is not a regular file (a named pipe); it is not opened.',
  });
  const linked = path.join(runs, '2025-01-02T00-00-00-linked');
  fs.mkdirSync(linked);
  fs.symlinkSync(outside, path.join(linked, 'logs'));
  const refused = checkOpenableRunFile(path.join(linked, 'logs', 'train.log'), exp, 'logs/train.log');
  assert.ok(
    !refused.ok &&
      /^logs\/train\.log is reached through a symbolic link, at .*, outside the experiment; it is not opened\.$/.test(refused.message),
  );
});
