// The queue's choice, fed with the nvidia-smi captures of test/fixtures/nvidia-smi/ (an H200, idle and busy, and
// the composed two-GPU listing: GPU 0 busy with a PyTorch process, GPU 1 idle).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseComputeApps, parseGpuQuery } from '#core/gpu/nvidiaSmiCsv';
import type { GpuQueryResult } from '#core/gpu/queryGpus';
import { decideNextStart, DEFAULT_QUEUE_SETTINGS, QueueDecision } from '#core/queue/queuePolicy';
import { claimEntry, EMPTY_QUEUE, QueueEntry, QueueState, StartedEntry, addEntry, endStarted } from '#core/queue/queueState';

const NVIDIA = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'nvidia-smi');
const read = (f: string) => fs.readFileSync(path.join(NVIDIA, f), 'utf8');
const smi = (query: string, apps: string): GpuQueryResult => ({
  kind: 'ok',
  gpus: parseGpuQuery(read(query)),
  apps: parseComputeApps(read(apps)),
});

const IDLE_H200 = smi('query-nounits.txt', 'apps-idle.txt');
const BUSY_H200 = smi('query-busy.txt', 'apps-busy.txt');
const TWO_GPUS = smi('composed-query-two-gpus.txt', 'apps-busy.txt');
/** As in a container: GPU 0 is loaded (100 %, 9.2 GiB used) but nvidia-smi lists no process of another container. */
const TWO_GPUS_HIDDEN = smi('composed-query-two-gpus.txt', 'apps-idle.txt');
/** Two idle GPUs: the idle H200 line twice, the second with index 1 and its own UUID (as composed-query-two-gpus.txt is made). */
const TWO_IDLE = smi('query-nounits.txt', 'apps-idle.txt');
if (TWO_IDLE.kind === 'ok') TWO_IDLE.gpus.push({ ...TWO_IDLE.gpus[0], index: 1, uuid: TWO_IDLE.gpus[0].uuid.replace(/.$/, '1') });

const entry = (id: string, device: 'auto' | 'cpu' = 'auto'): QueueEntry => ({
  id,
  kind: 'train',
  experimentDir: '/exp',
  target: `run-${id}`,
  device,
  addedAt: '2026-11-29T19:00:00.000Z',
});
const me = { host: 'box', pid: 4242 };
const queue = (...ids: string[]): QueueState => ids.reduce((s, id) => addEntry(s, entry(id)), EMPTY_QUEUE);

/** Starts whatever the policy says until it says wait; returns where each entry went. */
function drain(
  state: QueueState,
  gpus: GpuQueryResult,
  settings = DEFAULT_QUEUE_SETTINGS,
): { state: QueueState; placed: string[]; last: QueueDecision } {
  const placed: string[] = [];
  for (;;) {
    const d = decideNextStart({ waiting: state.waiting, started: state.started, gpus, settings });
    if (d.kind !== 'start') return { state, placed, last: d };
    state = claimEntry(state, d.entry.id, d.device, me, new Date())!;
    placed.push(`${d.entry.id}@${d.device.kind === 'gpu' ? `gpu${d.device.index}` : 'cpu'}`);
  }
}

test('one run per GPU by default: the idle GPU takes the first entry, the busy one none', () => {
  const { placed, last } = drain(queue('a', 'b', 'c'), TWO_GPUS);
  assert.deepEqual(placed, ['a@gpu1']);
  assert.equal(last.kind, 'wait');
  assert.equal(
    last.kind === 'wait' ? last.reason : '',
    'waiting for a free GPU: GPU 0 H200 is used by 1 other process; GPU 1 H200 runs 1 queued run',
  );
});

test('a GPU under load is taken for busy even when nvidia-smi lists no process on it (other containers)', () => {
  const r = drain(queue('a', 'b'), TWO_GPUS_HIDDEN);
  assert.deepEqual(r.placed, ['a@gpu1']);
  assert.equal(r.last.kind === 'wait' && r.last.reason, 'waiting for a free GPU: GPU 0 H200 is 100 % busy; GPU 1 H200 runs 1 queued run');
});

test('two idle GPUs: runs spread over both before any shares one', () => {
  assert.deepEqual(drain(queue('a', 'b', 'c'), TWO_IDLE).placed, ['a@gpu0', 'b@gpu1']);
  assert.deepEqual(drain(queue('a', 'b', 'c', 'd', 'e'), TWO_IDLE, { runsPerGpu: 2, minFreeMemoryMiB: 0 }).placed, [
    'a@gpu0',
    'b@gpu1',
    'c@gpu0',
    'd@gpu1',
  ]);
});

test('when a queued run ends, its GPU takes the next entry: three runs one after another on one GPU', () => {
  let state = queue('a', 'b', 'c');
  const order: string[] = [];
  for (let i = 0; i < 3; i++) {
    const r = drain(state, IDLE_H200);
    order.push(...r.placed);
    assert.equal(r.last.kind, i < 2 ? 'wait' : 'empty');
    state = endStarted(r.state, r.state.started[0].id);
  }
  assert.deepEqual(order, ['a@gpu0', 'b@gpu0', 'c@gpu0']);
});

test('a GPU another program computes on takes nothing; a minimum of free memory is respected', () => {
  assert.equal(drain(queue('a'), BUSY_H200).last.kind, 'wait');
  // The idle H200 has 140.0 GiB free: enough for 100 GiB, not for 141 GiB.
  assert.deepEqual(drain(queue('a'), IDLE_H200, { runsPerGpu: 1, minFreeMemoryMiB: 100 * 1024 }).placed, ['a@gpu0']);
  const tight = drain(queue('a'), IDLE_H200, { runsPerGpu: 1, minFreeMemoryMiB: 141 * 1024 });
  assert.equal(tight.last.kind === 'wait' && tight.last.reason, 'waiting for a free GPU: GPU 0 H200 has 139.8 GiB free');
});

test('no GPU: one run at a time on the CPU, with a notice to say once', () => {
  const noSmi: GpuQueryResult = { kind: 'no-nvidia-smi', program: 'nvidia-smi' };
  const first = decideNextStart({ waiting: [entry('a'), entry('b')], started: [], gpus: noSmi, settings: DEFAULT_QUEUE_SETTINGS });
  assert.deepEqual(first, {
    kind: 'start',
    entry: entry('a'),
    device: { kind: 'cpu' },
    cpuNotice: 'No GPU found (nvidia-smi is not available): runs go to the CPU. Queued runs start one at a time.',
  });
  const running: StartedEntry = { ...entry('a'), startedAt: 'x', ranOn: { kind: 'cpu' }, claimedBy: me };
  const second = decideNextStart({
    waiting: [entry('b')],
    started: [running],
    gpus: { kind: 'ok', gpus: [], apps: [] },
    settings: DEFAULT_QUEUE_SETTINGS,
  });
  assert.deepEqual(second, { kind: 'wait', entry: entry('b'), reason: 'waiting for the run on the CPU to end (one at a time)' });
});

test('nvidia-smi failing: the queue waits instead of moving GPU work to the CPU', () => {
  const d = decideNextStart({
    waiting: [entry('a')],
    started: [],
    gpus: { kind: 'error', message: 'nvidia-smi did not answer within 3 s.' },
    settings: DEFAULT_QUEUE_SETTINGS,
  });
  assert.deepEqual(d, {
    kind: 'wait',
    entry: entry('a'),
    reason: 'waiting for nvidia-smi to answer (nvidia-smi did not answer within 3 s.)',
  });
});

test('an entry queued for the CPU runs there, one at a time, even on a GPU machine; the order of the queue holds', () => {
  const state = addEntry(addEntry(EMPTY_QUEUE, entry('cpu-1', 'cpu')), entry('gpu-1'));
  const r = drain(state, TWO_IDLE);
  assert.deepEqual(r.placed, ['cpu-1@cpu', 'gpu-1@gpu0']);
  const strict = drain(addEntry(addEntry(addEntry(EMPTY_QUEUE, entry('c1', 'cpu')), entry('c2', 'cpu')), entry('g')), TWO_IDLE);
  assert.deepEqual(strict.placed, ['c1@cpu'], 'the GPU entry waits behind the CPU entry at the head');
});

test('an empty queue decides nothing; nonsense settings fall back to one run per GPU', () => {
  assert.deepEqual(decideNextStart({ waiting: [], started: [], gpus: TWO_IDLE, settings: DEFAULT_QUEUE_SETTINGS }), { kind: 'empty' });
  assert.deepEqual(drain(queue('a', 'b', 'c'), TWO_IDLE, { runsPerGpu: 0, minFreeMemoryMiB: -5 }).placed, ['a@gpu0', 'b@gpu1']);
});
