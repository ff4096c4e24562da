import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processAlive, QueueStore } from '#core/queue/queueStore';
import {
  addEntry,
  claimEntry,
  EMPTY_QUEUE,
  endStarted,
  markStopped,
  moveEntry,
  QueueEntry,
  QueueState,
  reapStarted,
  removeEntry,
  setRunPid,
} from '#core/queue/queueState';
import { tempDir } from './runs-fixture';

const entry = (id: string): QueueEntry => ({
  id,
  kind: 'train',
  experimentDir: '/exp',
  target: id,
  device: 'auto',
  addedAt: '2026-11-29T19:00:00.000Z',
});
const me = { host: os.hostname(), pid: process.pid, label: 'test window' };

/** Takes the head of the queue for `claimant`, as a window does when the policy says start; undefined when empty. */
const claimHead = (claimant: typeof me) => (state: QueueState) => {
  const head = state.waiting[0];
  if (!head) return undefined;
  const next = claimEntry(state, head.id, { kind: 'cpu' }, claimant, new Date());
  return next && { state: next, result: head.id };
};

test('the queue survives a reload: a new store on the same folder reads what the last one saved', async () => {
  const dir = path.join(tempDir('queue-'), 'state');
  const a = new QueueStore(dir);
  assert.deepEqual(await a.read(), { state: EMPTY_QUEUE, revision: 0, problems: [] });
  await a.update((s) => ({ state: addEntry(addEntry(s, entry('one')), entry('two')), result: undefined }));
  await a.update((s) => ({ state: moveEntry(s, 'two', 0), result: undefined }));
  await a.update((s) => ({ state: markStopped(s, new Date('2026-11-29T20:00:00Z')), result: undefined }));
  const b = await new QueueStore(dir).read();
  assert.deepEqual(
    b.state.waiting.map((e) => e.id),
    ['two', 'one'],
  );
  assert.deepEqual(b.state.stopped, { at: '2026-11-29T20:00:00.000Z', waiting: 2 });
  assert.equal(b.revision, 3);
});

test('two windows claiming at the same moment: each entry is started by exactly one of them', async () => {
  const dir = tempDir('queue-');
  const ids = Array.from({ length: 40 }, (_, i) => `e${i}`);
  await new QueueStore(dir).update((s) => ({ state: ids.reduce((q, id) => addEntry(q, entry(id)), s), result: undefined }));
  const windows = [new QueueStore(dir), new QueueStore(dir), new QueueStore(dir)];
  const claimed: string[][] = windows.map(() => []);
  await Promise.all(
    windows.map(async (w, i) => {
      for (;;) {
        const { result } = await w.update(claimHead({ ...me, label: `window ${i}` }));
        if (result === undefined) return;
        claimed[i].push(result);
      }
    }),
  );
  assert.deepEqual(claimed.flat().sort(), [...ids].sort());
  const final = await new QueueStore(dir).read();
  assert.equal(final.state.waiting.length, 0);
  assert.equal(final.state.started.length, 40);
  assert.ok(claimed.filter((c) => c.length > 0).length >= 2, 'more than one window got entries, so they did race');
});

test('two processes claiming from one queue folder never start an entry twice', async () => {
  const dir = tempDir('queue-');
  const ids = Array.from({ length: 60 }, (_, i) => `p${i}`);
  await new QueueStore(dir).update((s) => ({ state: ids.reduce((q, id) => addEntry(q, entry(id)), s), result: undefined }));
  const storeModule = path.join(__dirname, '..', '..', 'core', 'src', 'queue', 'queueStore.js');
  const stateModule = path.join(__dirname, '..', '..', 'core', 'src', 'queue', 'queueState.js');
  const worker = `
    const { QueueStore } = require(${JSON.stringify(storeModule)});
    const { claimEntry } = require(${JSON.stringify(stateModule)});
    const store = new QueueStore(process.argv[1]);
    const mine = [];
    (async () => {
      for (;;) {
        const { result } = await store.update((s) => {
          const head = s.waiting[0];
          if (!head) return undefined;
          return { state: claimEntry(s, head.id, { kind: 'cpu' }, { host: 'h', pid: process.pid }, new Date()), result: head.id };
        });
        if (result === undefined) break;
        mine.push(result);
      }
      process.stdout.write(JSON.stringify(mine));
    })();`;
  const runWorker = () =>
    new Promise<string[]>((resolve, reject) => {
      const child = spawn(process.execPath, ['-e', worker, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`worker exited with ${code}`))));
    });
  const results = await Promise.all([runWorker(), runWorker(), runWorker()]);
  assert.deepEqual(results.flat().sort(), [...ids].sort());
  const started = (await new QueueStore(dir).read()).state.started;
  assert.equal(new Set(started.map((s) => s.id)).size, 60);
});

test('old revisions are cleaned up, the newest kept; a damaged newest file falls back to the one before', async () => {
  const dir = tempDir('queue-');
  const store = new QueueStore(dir);
  for (let i = 0; i < 30; i++) await store.update((s) => ({ state: addEntry(s, entry(`x${i}`)), result: undefined }));
  // Files younger than a minute are kept, so that a window that read one just now can still be checked against it.
  assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith('queue-')).length, 30);
  const old = new Date(Date.now() - 120_000);
  for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), old, old);
  await store.update((s) => ({ state: removeEntry(s, 'x0'), result: undefined }));
  const left = fs.readdirSync(dir).filter((f) => f.startsWith('queue-'));
  assert.equal(left.length, 20);
  assert.ok(left.includes('queue-31.json') && !left.includes('queue-11.json'));

  fs.writeFileSync(path.join(dir, 'queue-32.json'), '{"version": 1, "waiting": [');
  const read = await store.read();
  assert.equal(read.revision, 31);
  assert.match(read.problems.join(), /revision 32: the saved queue is not valid JSON/);
  // The next change goes above the damaged file, from the state before it.
  await store.update((s) => ({ state: removeEntry(s, 'x1'), result: undefined }));
  const after = await store.read();
  assert.equal(after.revision, 33);
  assert.equal(after.state.waiting[0].id, 'x2');
});

test('entries are read defensively: malformed ones are dropped and said, unknown formats give an empty queue', async () => {
  const dir = tempDir('queue-');
  const good = { ...entry('ok') };
  fs.writeFileSync(
    path.join(dir, 'queue-1.json'),
    JSON.stringify({
      version: 1,
      waiting: [good, { id: 'bad', kind: 'deploy' }],
      started: [{ ...entry('s'), startedAt: 'x', ranOn: { kind: 'gpu', index: 0, uuid: 'GPU-0' }, claimedBy: { host: 'h', pid: 0 } }],
    }),
  );
  const read = await new QueueStore(dir).read();
  assert.deepEqual(read.state.waiting, [good]);
  assert.deepEqual(read.state.started, []);
  assert.equal(read.problems.length, 2);
  fs.writeFileSync(path.join(dir, 'queue-2.json'), JSON.stringify({ version: 99 }));
  fs.symlinkSync('/etc/passwd', path.join(dir, 'queue-3.json'));
  const fallback = await new QueueStore(dir).read();
  assert.equal(fallback.revision, 1, 'the link and the unknown format are skipped');
});

test('started entries of a window that is gone, whose run is gone too, give their GPU back; live ones stay', () => {
  const dead = 2 ** 22 + 12345; // above Linux's default pid_max: no such process
  let s = [entry('a'), entry('b'), entry('c'), entry('d')].reduce(addEntry, EMPTY_QUEUE);
  s = claimEntry(s, 'a', { kind: 'cpu' }, { host: os.hostname(), pid: dead }, new Date())!; // window gone, never launched
  s = claimEntry(s, 'b', { kind: 'cpu' }, { host: os.hostname(), pid: dead }, new Date())!;
  s = setRunPid(s, 'b', process.pid); // window gone, run still alive
  s = claimEntry(s, 'c', { kind: 'cpu' }, me, new Date())!; // this window, launching
  s = claimEntry(s, 'd', { kind: 'cpu' }, { host: 'another-machine', pid: dead }, new Date())!; // cannot be checked
  const reaped = reapStarted(s, processAlive);
  assert.deepEqual(
    reaped.started.map((e) => e.id),
    ['b', 'c', 'd'],
  );
  assert.deepEqual(
    endStarted(reaped, 'b').started.map((e) => e.id),
    ['c', 'd'],
  );
  assert.equal(processAlive(os.hostname(), process.pid), true);
  assert.equal(processAlive(os.hostname(), dead), false);
  assert.equal(processAlive('another-machine', process.pid), undefined);
});
