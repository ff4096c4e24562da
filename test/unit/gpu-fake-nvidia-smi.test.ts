// The stand-in nvidia-smi the end-to-end tests launch with (test/fixtures/nvidia-smi/fake-nvidia-smi) must answer
// exactly what was captured from the real one, and queryGpus must read it through a real process.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeExecFile } from '#core/gpu/execFile';
import { chooseGpu } from '#core/gpu/chooseGpu';
import { queryGpus } from '#core/gpu/queryGpus';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'nvidia-smi');
const FAKE = path.join(FIXTURES, 'fake-nvidia-smi');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const skipOn = process.platform === 'win32' ? 'a POSIX script' : false;

/** The fake run through a symlink named nvidia-smi-<scenario>, the way the end-to-end tests choose a scenario. */
function scenario(t: { after(fn: () => void): void }, name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-smi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const link = path.join(dir, `nvidia-smi-${name}`);
  fs.symlinkSync(FAKE, link);
  return link;
}

test('the stand-in is executable and replays the captured commands byte for byte', { skip: skipOn }, async () => {
  assert.ok(fs.statSync(FAKE).mode & 0o111, 'fake-nvidia-smi must carry the executable bit');
  const fields = 'index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu,temperature.gpu,driver_version,pci.bus_id';
  const idle = await nodeExecFile(FAKE, [`--query-gpu=${fields}`, '--format=csv,noheader,nounits'], { timeoutMs: 5000 });
  assert.deepEqual([idle.exitCode, idle.stdout], [0, fixture('query-nounits.txt')]);
  const list = await nodeExecFile(FAKE, ['-L'], { timeoutMs: 5000 });
  assert.equal(list.stdout, fixture('L.txt'));
  const bad = await nodeExecFile(FAKE, ['--query-gpu=index,not.a.field', '--format=csv,noheader,nounits'], { timeoutMs: 5000 });
  assert.deepEqual([bad.exitCode, bad.stdout], [2, fixture('bad-field.txt')]);
});

test('what the captures cannot answer is refused with status 64, never made up', { skip: skipOn }, async (t) => {
  const busy = scenario(t, 'busy');
  const cases: [string, string[]][] = [
    [FAKE, ['--query-gpu=index', '--format=csv']], // the header form was captured for other fields only
    [FAKE, ['-q', '-x']],
    [busy, ['--query-gpu=driver_version', '--format=csv,noheader,nounits']], // the busy capture lacks this column
  ];
  for (const [program, args] of cases) {
    const res = await nodeExecFile(program, args, { timeoutMs: 5000 });
    assert.equal(res.exitCode, 64, `${args.join(' ')} → ${res.stdout}`);
    assert.match(res.stdout, /^fake-nvidia-smi: .*no captured output answers this/);
  }
});

test('queryGpus through the stand-in: idle H200, busy H200 with its PyTorch process, two GPUs', { skip: skipOn }, async (t) => {
  const idle = await queryGpus(nodeExecFile, { program: scenario(t, 'idle') });
  assert.deepEqual(idle, {
    kind: 'ok',
    gpus: [
      {
        index: 0,
        uuid: 'GPU-5f24e8ae-d2cd-c034-e3cf-bf708ee456f0',
        name: 'NVIDIA H200',
        memoryTotalMiB: 143771,
        memoryUsedMiB: 0,
        memoryFreeMiB: 143156,
        utilizationPercent: 0,
      },
    ],
    apps: [],
  });
  const busy = await queryGpus(nodeExecFile, { program: scenario(t, 'busy') });
  assert.equal(busy.kind, 'ok');
  if (busy.kind !== 'ok') return;
  assert.equal(busy.gpus[0].utilizationPercent, 100);
  assert.deepEqual(busy.apps, [
    { pid: 456, processName: 'python3', usedMemoryMiB: 9412, gpuUuid: 'GPU-5f24e8ae-d2cd-c034-e3cf-bf708ee456f0' },
  ]);
  const two = await queryGpus(nodeExecFile, { program: scenario(t, 'two-gpus') });
  assert.equal(two.kind, 'ok');
  if (two.kind !== 'ok') return;
  assert.deepEqual(
    two.gpus.map((g) => [g.index, g.memoryUsedMiB]),
    [
      [0, 9421],
      [1, 0],
    ],
  );
  assert.equal(chooseGpu(two.gpus, two.apps)?.gpu.index, 1, 'the idle GPU 1, not the busy GPU 0');
});
