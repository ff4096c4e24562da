import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { execFileSync } from 'node:child_process';
import { indexExperiment, loadRunDetails, readRun } from '#core/runs/experimentIndex';
import type { RunInfo } from '#core/runs/types';
import { copyExperimentFixture, tempDir, writeFile } from './runs-fixture';

/** The unprivileged user and group id on Debian (and most Linux systems). */
const NOBODY = 65534;

const byName = (runs: RunInfo[], name: string) => {
  const run = runs.find((r) => r.name === name);
  assert.ok(run, `run ${name} listed`);
  return run;
};

test('lists runs newest first with names and dates only, and the folders that are not runs with reasons', async () => {
  const dir = copyExperimentFixture('classifier');
  fs.writeFileSync(path.join(dir, 'runs', '.DS_Store'), '');
  const index = await indexExperiment(dir);
  assert.equal(index.dir, dir);
  assert.deepEqual(
    index.runs.map((r) => r.dirName),
    [
      '2025-02-04T08-00-00-killed',
      '2025-02-03T10-00-00-no-logs',
      '2025-02-03T09-00-00-bad-metrics',
      '2025-02-02T15-00-00-full',
      '2025-02-02T14-30-00-de-risk',
    ],
  );
  assert.ok(
    index.runs.every((r) => r.status === 'unknown'),
    'indexing alone reads no run folder',
  );
  const first = index.runs[4];
  assert.equal(first.relativePath, 'runs/2025-02-02T14-30-00-de-risk');
  assert.equal(first.path, path.join(dir, 'runs', '2025-02-02T14-30-00-de-risk'));
  assert.equal(first.experimentDir, dir);
  assert.deepEqual(
    index.notRuns.map((n) => [n.dirName, n.reason]),
    [
      ['2025-02-05T12-00-00', 'no descriptive name after the date and time'],
      ['2025-13-01T00-00-00-bad-month', '"2025-13-01T00-00-00" is not a valid date and time'],
      ['notes', 'name does not start with a date and time like 2025-02-02T14-30-00'],
      ['todo.txt', 'a file, not a run folder'],
    ],
  );
  assert.deepEqual(index.problems, []);
});

test('with details, each run gets the status, latest metrics and problems a user should see', async () => {
  const dir = copyExperimentFixture('classifier');
  const { runs } = await indexExperiment(dir, { details: true });
  const deRisk = byName(runs, 'de-risk');
  assert.equal(deRisk.status, 'finished');
  assert.deepEqual(deRisk.latestMetrics, { epoch: 2, step: 300, loss: 0.5123456, accuracy: 0.8712 });
  assert.deepEqual(deRisk.problems, []);

  const full = byName(runs, 'full');
  assert.equal(full.status, 'failed');
  assert.deepEqual(full.latestMetrics, { epoch: 0, step: 100, loss: 2.3 });
  assert.match(full.problems.join('\n'), /ends with: .*ERROR/);

  const bad = byName(runs, 'bad-metrics');
  assert.equal(bad.status, 'finished');
  assert.deepEqual(bad.latestMetrics, { epoch: 1, loss: 0.7 });
  assert.deepEqual(bad.problems, ['3 metric lines near the end of logs/train.log are not valid JSON; the last good one is shown.']);

  const noLogs = byName(runs, 'no-logs');
  assert.equal(noLogs.status, 'incomplete');
  assert.equal(noLogs.statusReason, 'the run has no logs/ folder');

  const killed = byName(runs, 'killed');
  assert.equal(killed.status, 'failed', 'the launcher recorded exit code 137 although the log looks fine');
  assert.equal(killed.statusReason, 'train exited with code 137');
  assert.equal(killed.record?.train?.exitCode, 137);
});

test('a train log written a moment ago, with no process training the run, is not running (a fresh copy or clone)', async () => {
  const dir = copyExperimentFixture('classifier');
  const log = path.join(dir, 'runs', '2025-02-02T14-30-00-de-risk', 'logs', 'train.log');
  fs.appendFileSync(log, '2025-02-02 14:30:14 | INFO | metric {"epoch": 3, "loss": 0.4}\n');
  const run = await readRun(dir, '2025-02-02T14-30-00-de-risk');
  assert.ok(run && 'status' in run);
  if (process.platform === 'linux') {
    assert.equal(run.status, 'finished');
    assert.match(
      run.statusReason ?? '',
      /^logs\/train\.log ends without an error \(log written (just now|\d s ago), no process of this run found\)$/,
    );
  } else {
    assert.equal(run.status, 'running', 'without /proc the fresh log is taken as a hint');
    assert.match(run.statusReason ?? '', /^probably running/);
  }
  assert.deepEqual(run.latestMetrics, { epoch: 3, loss: 0.4 });
});

test('readRun refreshes one entry: a run, a not-a-run, or nothing when it is gone', async () => {
  const dir = copyExperimentFixture('classifier');
  const run = await readRun(dir, '2025-02-02T15-00-00-full');
  assert.ok(run && 'status' in run && run.status === 'failed');
  const notRun = await readRun(dir, 'notes');
  assert.ok(notRun && 'reason' in notRun);
  assert.equal(await readRun(dir, '2025-01-01T00-00-00-never'), undefined);
  assert.equal(await readRun(dir, '../classifier'), undefined);
});

test('a run deleted after indexing reads as gone, not as a crash', async () => {
  const dir = copyExperimentFixture('classifier');
  const index = await indexExperiment(dir);
  const deRisk = byName(index.runs, 'de-risk');
  fs.rmSync(deRisk.path, { recursive: true });
  assert.equal(await loadRunDetails(deRisk), undefined);
});

test('runs deleted while an index with details is being built are left out', async () => {
  const dir = copyExperimentFixture('classifier');
  const index = indexExperiment(dir, { details: true, concurrency: 1 });
  fs.rmSync(path.join(dir, 'runs', '2025-02-02T14-30-00-de-risk'), { recursive: true });
  const { runs } = await index;
  assert.ok(!runs.some((r) => r.name === 'de-risk'));
  assert.equal(runs.length, 4);
});

test('symbolic links in runs/: a linked run is a run; a loop or a dangling link is a not-a-run with a reason', async () => {
  const dir = copyExperimentFixture('classifier');
  const runs = path.join(dir, 'runs');
  fs.symlinkSync('2025-02-02T14-30-00-de-risk', path.join(runs, '2025-02-06T00-00-00-linked'));
  fs.symlinkSync('self', path.join(runs, 'self'));
  fs.symlinkSync('nowhere', path.join(runs, '2025-02-07T00-00-00-dangling'));
  const index = await indexExperiment(dir, { details: true });
  assert.equal(byName(index.runs, 'linked').status, 'finished');
  const reasons = Object.fromEntries(index.notRuns.map((n) => [n.dirName, n.reason]));
  assert.equal(reasons['self'], 'a symbolic link that loops back on itself');
  assert.equal(reasons['2025-02-07T00-00-00-dangling'], 'a symbolic link to something that does not exist');
});

test('an experiment without runs/ has no runs and no problem; a runs/ that is a file or a loop is a problem', async () => {
  const dir = tempDir();
  writeFile(path.join(dir, 'train.py'), '');
  assert.deepEqual(await indexExperiment(dir), { dir, runs: [], notRuns: [], problems: [] });
  writeFile(path.join(dir, 'runs'), 'oops');
  assert.deepEqual((await indexExperiment(dir)).problems, ['runs/ could not be read (not a folder)']);
  fs.rmSync(path.join(dir, 'runs'));
  fs.symlinkSync('runs', path.join(dir, 'runs'));
  assert.deepEqual((await indexExperiment(dir)).problems, ['runs/ is a symbolic link that loops back on itself']);
});

test('an unreadable run folder gives problems, not an exception', async () => {
  const dir = copyExperimentFixture('classifier');
  const runDir = path.join(dir, 'runs', '2025-02-02T14-30-00-de-risk');
  fs.chmodSync(runDir, 0);
  try {
    const run = await readRunAsOrdinaryUser(dir, '2025-02-02T14-30-00-de-risk');
    assert.ok(run && 'status' in run);
    assert.match(run.problems.join('\n'), /permission denied/);
  } finally {
    fs.chmodSync(runDir, 0o755);
  }
});

/**
 * readRun, as a user whom file permissions apply to. Root reads every folder, so under root (as in CI) it runs in
 * a child process as `nobody`, with the path to the experiment opened up for it.
 */
async function readRunAsOrdinaryUser(dir: string, dirName: string): Promise<Awaited<ReturnType<typeof readRun>>> {
  if (process.getuid?.() !== 0) return readRun(dir, dirName);
  for (let p = path.dirname(dir); p.startsWith(os.tmpdir() + path.sep); p = path.dirname(p)) fs.chmodSync(p, 0o755);
  fs.chmodSync(dir, 0o755);
  const module = require.resolve('#core/runs/experimentIndex');
  const script = `require(${JSON.stringify(module)}).readRun(process.argv[1], process.argv[2]).then((r) => process.stdout.write(JSON.stringify(r)))`;
  const out = execFileSync(process.execPath, ['-e', script, dir, dirName], { uid: NOBODY, gid: NOBODY, encoding: 'utf8' });
  return JSON.parse(out) as Awaited<ReturnType<typeof readRun>>;
}

test('an unreadable log gives a problem, not an exception', async () => {
  const dir = copyExperimentFixture('classifier');
  const log = path.join(dir, 'runs', '2025-02-02T14-30-00-de-risk', 'logs', 'train.log');
  // A folder where the log should be is unreadable as a file, for root too.
  fs.rmSync(log);
  fs.mkdirSync(log);
  const run = await readRun(dir, '2025-02-02T14-30-00-de-risk');
  assert.ok(run && 'status' in run);
  assert.deepEqual(run.problems, ['logs/train.log is a folder, not a file; it is not read.']);
  assert.equal(run.status, 'incomplete');
});
