import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { noGpuNotice, queryGpus } from '#core/gpu/queryGpus';
import { ExecFileFn, ExecResult, nodeExecFile } from '#core/gpu/execFile';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'nvidia-smi');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

/** A stand-in for nvidia-smi that answers each query from a fixture and records how it was called. */
function fakeExec(answers: { gpu: ExecResult; apps: ExecResult }) {
  const calls: { file: string; args: readonly string[]; timeoutMs: number }[] = [];
  const exec: ExecFileFn = (file, args, { timeoutMs }) => {
    calls.push({ file, args, timeoutMs });
    return Promise.resolve(args[0].startsWith('--query-gpu=') ? answers.gpu : answers.apps);
  };
  return { exec, calls };
}
const ok = (stdout: string): ExecResult => ({ exitCode: 0, stdout, stderr: '' });

test('asks nvidia-smi for GPUs and compute apps with argument arrays and a timeout', async () => {
  const { exec, calls } = fakeExec({ gpu: ok(fixture('query-busy.txt')), apps: ok(fixture('apps-busy.txt')) });
  const res = await queryGpus(exec);
  assert.equal(res.kind, 'ok');
  if (res.kind !== 'ok') return;
  assert.equal(res.gpus[0].memoryUsedMiB, 9421);
  assert.equal(res.apps[0].pid, 456);
  assert.equal(calls.length, 2);
  for (const c of calls) {
    assert.equal(c.file, 'nvidia-smi');
    assert.ok(c.timeoutMs > 0 && c.timeoutMs <= 5000);
    assert.ok(c.args.includes('--format=csv,noheader,nounits'));
  }
  assert.ok(calls.some((c) => c.args[0] === '--query-gpu=index,uuid,name,memory.total,memory.used,memory.free,utilization.gpu'));
  assert.ok(calls.some((c) => c.args[0] === '--query-compute-apps=pid,process_name,used_memory,gpu_uuid'));
});

test('no nvidia-smi on PATH (ENOENT) → no-nvidia-smi, so the run goes to the CPU', async () => {
  const missing: ExecResult = { exitCode: null, stdout: '', stderr: '', errorCode: 'ENOENT' };
  const { exec } = fakeExec({ gpu: missing, apps: missing });
  assert.deepEqual(await queryGpus(exec, { program: '/opt/none/nvidia-smi' }), { kind: 'no-nvidia-smi', program: '/opt/none/nvidia-smi' });
});

test('the user is told the machine has no GPU when nvidia-smi is missing or lists none, naming the program', () => {
  assert.equal(
    noGpuNotice({ kind: 'no-nvidia-smi', program: '/opt/none/nvidia-smi' }),
    'No GPU found (/opt/none/nvidia-smi is not available): runs go to the CPU.',
  );
  assert.equal(noGpuNotice({ kind: 'ok', gpus: [], apps: [] }), 'No GPU found (nvidia-smi lists none): runs go to the CPU.');
  const h200 = { index: 0, uuid: 'GPU-0', name: 'NVIDIA H200' };
  assert.equal(noGpuNotice({ kind: 'ok', gpus: [h200], apps: [] }), undefined);
  assert.equal(noGpuNotice({ kind: 'error', message: 'nvidia-smi did not answer within 3 s.' }), undefined);
});

test('a bad field (exit 2, message on stdout) → an error that quotes nvidia-smi', async () => {
  const { exec } = fakeExec({ gpu: { exitCode: 2, stdout: fixture('bad-field.txt'), stderr: '' }, apps: ok('') });
  const res = await queryGpus(exec);
  assert.equal(res.kind, 'error');
  assert.match(res.kind === 'error' ? res.message : '', /exited with status 2: Field "not\.a\.field" is not a valid field to query\./);
});

test('a driver failure and a timeout are errors in words', async () => {
  const driver = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\n";
  let res = await queryGpus(
    fakeExec({ gpu: { exitCode: 9, stdout: driver, stderr: '' }, apps: { exitCode: 9, stdout: driver, stderr: '' } }).exec,
  );
  assert.equal(res.kind, 'error');
  assert.match(res.kind === 'error' ? res.message : '', /status 9: NVIDIA-SMI has failed/);
  const slow: ExecResult = { exitCode: null, stdout: '', stderr: '', errorCode: 'ETIMEDOUT' };
  res = await queryGpus(fakeExec({ gpu: slow, apps: slow }).exec, { timeoutMs: 3000 });
  assert.deepEqual(res, { kind: 'error', message: 'nvidia-smi did not answer within 3 s.' });
});

test('"No devices were found" is a machine without GPU, not an error', async () => {
  const none: ExecResult = { exitCode: 6, stdout: 'No devices were found\n', stderr: '' };
  assert.deepEqual(await queryGpus(fakeExec({ gpu: none, apps: none }).exec), { kind: 'ok', gpus: [], apps: [] });
});

test('with the real execFile: a program that prints the fixture, one that is missing, one that hangs', async (t) => {
  if (process.platform === 'win32') return t.skip('POSIX shell scripts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-nvidia-smi-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const good = path.join(dir, 'nvidia-smi');
  // The fake answers the GPU query with the fixture and the apps query with nothing, like an idle H200.
  fs.writeFileSync(good, `#!/bin/sh\ncase "$1" in --query-gpu=*) cat '${path.join(FIXTURES, 'query-header.txt')}';; esac\n`, {
    mode: 0o755,
  });
  const res = await queryGpus(nodeExecFile, { program: good });
  assert.equal(res.kind, 'ok');
  assert.equal(res.kind === 'ok' ? res.gpus[0].name : '', 'NVIDIA H200');
  assert.deepEqual(res.kind === 'ok' ? res.apps : undefined, []);

  assert.equal((await queryGpus(nodeExecFile, { program: path.join(dir, 'absent') })).kind, 'no-nvidia-smi');

  const hang = path.join(dir, 'hang');
  fs.writeFileSync(hang, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
  const hung = await queryGpus(nodeExecFile, { program: hang, timeoutMs: 300 });
  assert.deepEqual(hung, { kind: 'error', message: `${hang} did not answer within 0.3 s.` });
});

test('the real execFile passes shell metacharacters as plain arguments', async (t) => {
  if (process.platform === 'win32') return t.skip('POSIX only');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exec-noshell-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const marker = path.join(dir, 'marker');
  const res = await nodeExecFile('/bin/echo', [`$(touch ${marker})`, `; touch ${marker}`], { timeoutMs: 5000 });
  assert.equal(res.exitCode, 0);
  assert.equal(res.stdout, `$(touch ${marker}) ; touch ${marker}\n`);
  assert.equal(fs.existsSync(marker), false);
});
