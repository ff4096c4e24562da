import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { chooseGpu } from '#core/gpu/chooseGpu';
import { ComputeApp, GpuInfo, describeComputeApp, gpuLabel, formatMemory } from '#core/gpu/gpuInfo';

const gpu = (index: number, free: number | undefined, name = 'NVIDIA H100 80GB HBM3'): GpuInfo => ({
  index,
  uuid: `GPU-${index}`,
  name,
  memoryTotalMiB: 81559,
  memoryUsedMiB: free === undefined ? undefined : 81559 - free,
  memoryFreeMiB: free,
  utilizationPercent: 0,
});
const app = (gpuIndex: number, pid = 100 + gpuIndex): ComputeApp => ({
  pid,
  processName: 'python',
  usedMemoryMiB: 500,
  gpuUuid: `GPU-${gpuIndex}`,
});

test('no GPU: no choice', () => {
  assert.equal(chooseGpu([], []), undefined);
});

test('picks the idle GPU with most free memory, even if a busy one has more', () => {
  const choice = chooseGpu([gpu(0, 80000), gpu(1, 60000), gpu(2, 70000)], [app(0)]);
  assert.equal(choice?.gpu.index, 2);
  assert.equal(choice?.allBusy, false);
});

test('ties go to the lowest index', () => {
  assert.equal(chooseGpu([gpu(3, 1000), gpu(1, 1000), gpu(2, 1000)], [])?.gpu.index, 1);
});

test('every GPU busy: most free memory, and says so', () => {
  const choice = chooseGpu([gpu(0, 100), gpu(1, 5000)], [app(0), app(1), app(1, 999)]);
  assert.equal(choice?.gpu.index, 1);
  assert.equal(choice?.allBusy, true);
});

test('a GPU with unknown free memory ranks last', () => {
  assert.equal(chooseGpu([gpu(0, undefined), gpu(1, 10)], [])?.gpu.index, 1);
});

test('labels drop the vendor prefix; memory is shown in GiB', () => {
  assert.equal(gpuLabel(gpu(0, 1, 'NVIDIA H200')), 'GPU 0 H200');
  assert.equal(gpuLabel(gpu(2, 1, 'Tesla T4')), 'GPU 2 T4');
  assert.equal(formatMemory(9421, 143771), '9.2/140.4 GiB');
  assert.equal(formatMemory(undefined, 143771), '?/140.4 GiB');
});

test('a process on a GPU is shown with its pid and the memory it holds, when nvidia-smi reports it', () => {
  assert.equal(
    describeComputeApp({ pid: 456, processName: 'python3', usedMemoryMiB: 9412, gpuUuid: 'GPU-x' }),
    'python3 (pid 456, 9.2 GiB)',
  );
  assert.equal(describeComputeApp({ pid: 7, processName: 'python3', gpuUuid: 'GPU-x' }), 'python3 (pid 7)');
});
