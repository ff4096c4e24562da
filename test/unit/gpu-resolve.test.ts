import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { resolveGpuSetting } from '#core/gpu/resolveGpuSetting';
import { GpuInfo } from '#core/gpu/gpuInfo';

const gpus: GpuInfo[] = [
  {
    index: 0,
    uuid: 'GPU-0',
    name: 'NVIDIA H200',
    memoryTotalMiB: 143771,
    memoryUsedMiB: 9421,
    memoryFreeMiB: 133736,
    utilizationPercent: 100,
  },
  { index: 1, uuid: 'GPU-1', name: 'NVIDIA H200', memoryTotalMiB: 143771, memoryUsedMiB: 0, memoryFreeMiB: 143156, utilizationPercent: 0 },
];

test('auto: the idle GPU with most free memory', () => {
  const r = resolveGpuSetting('auto', {}, gpus, [{ pid: 456, processName: 'python3', usedMemoryMiB: 9412, gpuUuid: 'GPU-0' }]);
  assert.equal(r.kind, 'gpus');
  assert.equal(r.kind === 'gpus' && r.cudaVisibleDevices, '1');
  assert.equal(r.kind === 'gpus' && r.device, 'GPU 1 H200');
  assert.equal(r.kind === 'gpus' && r.notice, undefined);
});

test('auto with every GPU busy says the run shares one', () => {
  const apps = gpus.map((g, i) => ({ pid: i + 1, processName: 'python', usedMemoryMiB: 1, gpuUuid: g.uuid }));
  const r = resolveGpuSetting('auto', {}, gpus, apps);
  assert.equal(r.kind === 'gpus' && r.cudaVisibleDevices, '1');
  assert.match(r.kind === 'gpus' ? (r.notice ?? '') : '', /Every GPU already runs a process/);
});

test('auto or ask without any GPU: CPU, without hiding anything', () => {
  assert.deepEqual(resolveGpuSetting('auto', {}, []), { kind: 'cpu', cudaVisibleDevices: undefined, device: 'CPU' });
  assert.deepEqual(resolveGpuSetting('ask', {}, []), { kind: 'cpu', cudaVisibleDevices: undefined, device: 'CPU' });
});

test('none hides every GPU with an empty CUDA_VISIBLE_DEVICES', () => {
  assert.deepEqual(resolveGpuSetting('none', {}, gpus), { kind: 'cpu', cudaVisibleDevices: '', device: 'CPU' });
});

test('ask defers to a picker when there are GPUs', () => {
  assert.deepEqual(resolveGpuSetting('ask', {}, gpus), { kind: 'ask' });
});

test('explicit indices are validated against the GPUs found', () => {
  const one = resolveGpuSetting('0', {}, gpus);
  assert.equal(one.kind === 'gpus' && one.cudaVisibleDevices, '0');
  const two = resolveGpuSetting(' 1, 0 ,1', {}, gpus);
  assert.equal(two.kind === 'gpus' && two.cudaVisibleDevices, '1,0');
  assert.equal(two.kind === 'gpus' && two.device, 'GPUs 1,0');
  const missing = resolveGpuSetting('0,3', {}, gpus);
  assert.deepEqual(missing, { kind: 'invalid', message: 'experimentScripts.gpu asks for GPU 3, but the GPUs are 0, 1.' });
  const noGpu = resolveGpuSetting('0', {}, []);
  assert.match(noGpu.kind === 'invalid' ? noGpu.message : '', /but no GPU was found/);
});

test('a malformed setting is invalid, with the accepted forms in the message', () => {
  for (const bad of ['gpu0', '0;1', '-1', '0,,1', '$(x)']) {
    const r = resolveGpuSetting(bad, {}, gpus);
    assert.equal(r.kind, 'invalid', bad);
    assert.match(r.kind === 'invalid' ? r.message : '', /use auto, ask, none, or GPU indices/);
  }
});

test('a CUDA_VISIBLE_DEVICES already set is respected, whatever the setting, and the user is told', () => {
  for (const setting of ['auto', 'ask', 'none', '1']) {
    const r = resolveGpuSetting(setting, { CUDA_VISIBLE_DEVICES: '0' }, gpus);
    assert.equal(r.kind, 'inherited');
    assert.equal(r.kind === 'inherited' && r.cudaVisibleDevices, '0');
    assert.match(r.kind === 'inherited' ? r.notice : '', /already set to "0"/);
  }
  const hidden = resolveGpuSetting('auto', { CUDA_VISIBLE_DEVICES: '' }, gpus);
  assert.equal(hidden.kind === 'inherited' && hidden.device, 'CPU');
});
