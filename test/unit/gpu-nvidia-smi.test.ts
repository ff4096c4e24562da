import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseComputeApps, parseGpuQuery, NvidiaSmiOutputError } from '#core/gpu/nvidiaSmiCsv';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'nvidia-smi');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const H200_UUID = 'GPU-5f24e8ae-d2cd-c034-e3cf-bf708ee456f0';

test('reads an idle H200 from the real no-units output, ignoring extra columns', () => {
  const gpus = parseGpuQuery(fixture('query-nounits.txt'));
  assert.deepEqual(gpus, [
    {
      index: 0,
      uuid: H200_UUID,
      name: 'NVIDIA H200',
      memoryTotalMiB: 143771,
      memoryUsedMiB: 0,
      memoryFreeMiB: 143156,
      utilizationPercent: 0,
    },
  ]);
});

test('reads a busy H200: 9421 MiB used, 100 % utilization', () => {
  const [gpu] = parseGpuQuery(fixture('query-busy.txt'));
  assert.equal(gpu.memoryUsedMiB, 9421);
  assert.equal(gpu.memoryFreeMiB, 133736);
  assert.equal(gpu.utilizationPercent, 100);
});

test('skips the header line and strips units (plain --format=csv)', () => {
  const gpus = parseGpuQuery(fixture('query-header.txt'));
  assert.equal(gpus.length, 1);
  assert.equal(gpus[0].memoryTotalMiB, 143771);
  assert.equal(gpus[0].memoryFreeMiB, 143156);
  assert.equal(gpus[0].utilizationPercent, 0);
});

test('tolerates CRLF, blank lines and [N/A] / [Not Supported] values on several GPUs', () => {
  const text =
    '\r\n0, GPU-a, NVIDIA A100-SXM4-80GB, 81920, 1024, 80896, [N/A]\r\n\r\n' +
    '1, GPU-b, Tesla T4, [Not Supported], N/A, 15000 MiB, 3 %\r\n  \n';
  const gpus = parseGpuQuery(text);
  assert.equal(gpus.length, 2);
  assert.equal(gpus[0].utilizationPercent, undefined);
  assert.equal(gpus[0].memoryFreeMiB, 80896);
  assert.equal(gpus[1].name, 'Tesla T4');
  assert.equal(gpus[1].memoryTotalMiB, undefined);
  assert.equal(gpus[1].memoryUsedMiB, undefined);
  assert.equal(gpus[1].memoryFreeMiB, 15000);
  assert.equal(gpus[1].utilizationPercent, 3);
});

test('the bad-field message (printed on stdout) is an error that quotes it', () => {
  assert.throws(
    () => parseGpuQuery(fixture('bad-field.txt')),
    (err: unknown) => {
      assert.ok(err instanceof NvidiaSmiOutputError);
      assert.match(err.message, /Field "not\.a\.field" is not a valid field to query/);
      return true;
    },
  );
});

test('empty output is no GPU, not an error', () => {
  assert.deepEqual(parseGpuQuery(''), []);
  assert.deepEqual(parseGpuQuery('\n\r\n'), []);
});

test('compute apps: empty output means no process; the real busy output names python3 on the H200', () => {
  assert.deepEqual(parseComputeApps(fixture('apps-idle.txt')), []);
  assert.deepEqual(parseComputeApps(fixture('apps-busy.txt')), [
    { pid: 456, processName: 'python3', usedMemoryMiB: 9412, gpuUuid: H200_UUID },
  ]);
});

test('compute apps: a process name containing ", " stays whole; units, header and [N/A] memory are tolerated', () => {
  const text =
    'pid, process_name, used_gpu_memory [MiB], gpu_uuid\r\n77, /opt/my, odd/python, [N/A], GPU-b\r\n78, python, 300 MiB, GPU-a\r\n';
  assert.deepEqual(parseComputeApps(text), [
    { pid: 77, processName: '/opt/my, odd/python', usedMemoryMiB: undefined, gpuUuid: 'GPU-b' },
    { pid: 78, processName: 'python', usedMemoryMiB: 300, gpuUuid: 'GPU-a' },
  ]);
});

test('compute apps: a line that is not a process is an error', () => {
  assert.throws(() => parseComputeApps('No running processes found\n'), NvidiaSmiOutputError);
});
