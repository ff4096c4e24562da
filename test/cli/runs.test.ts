// `experiment-scripts runs` as a user runs it: the built dist/cli.js, spawned without a shell.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyExperimentFixture, REPO_ROOT, tempDir } from '../unit/runs-fixture';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** The run index as `runs --format json` prints it (dates as ISO strings). */
interface RunsJson {
  dir: string;
  runs: { name: string; status: string; relativePath: string; startedAt: string; latestMetrics?: Record<string, number> }[];
  notRuns: unknown[];
  problems: string[];
}

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, [CLI, 'runs', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

test('text: one line per run, newest first, with status, date and latest metrics; then the folders that are not runs', () => {
  const dir = copyExperimentFixture('classifier');
  const { code, stdout, stderr } = cli(dir);
  assert.equal(stderr, '');
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split('\n');
  const runLines = lines.filter((l) => /^2025-02-0\dT/.test(l));
  assert.deepEqual(
    runLines.map((l) => l.split(/\s+/).slice(0, 3)),
    [
      ['2025-02-04T08-00-00-killed', 'failed', '2025-02-04'],
      ['2025-02-03T10-00-00-no-logs', 'incomplete', '2025-02-03'],
      ['2025-02-03T09-00-00-bad-metrics', 'finished', '2025-02-03'],
      ['2025-02-02T15-00-00-full', 'failed', '2025-02-02'],
      ['2025-02-02T14-30-00-de-risk', 'finished', '2025-02-02'],
    ],
  );
  assert.match(runLines[4], /epoch=2 step=300 loss=0\.5123 accuracy=0\.8712$/);
  assert.ok(lines.includes('  problem: 3 metric lines near the end of logs/train.log are not valid JSON; the last good one is shown.'));
  assert.ok(lines.includes('not a run: notes: name does not start with a date and time like 2025-02-02T14-30-00'));
  assert.ok(lines.includes('not a run: todo.txt: a file, not a run folder'));
});

test('json: the index with ISO dates, statuses and metrics', () => {
  const dir = copyExperimentFixture('classifier');
  const { code, stdout } = cli('--format', 'json', dir);
  assert.equal(code, 0);
  const index = JSON.parse(stdout) as RunsJson;
  assert.equal(index.dir, dir);
  assert.equal(index.runs.length, 5);
  const deRisk = index.runs.find((r) => r.name === 'de-risk');
  assert.ok(deRisk);
  assert.equal(deRisk.status, 'finished');
  assert.equal(deRisk.relativePath, 'runs/2025-02-02T14-30-00-de-risk');
  assert.equal(new Date(deRisk.startedAt).getTime(), new Date(2025, 1, 2, 14, 30, 0).getTime());
  assert.match(deRisk.startedAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(deRisk.latestMetrics, { epoch: 2, step: 300, loss: 0.5123456, accuracy: 0.8712 });
  assert.equal(index.notRuns.length, 4);
  assert.deepEqual(index.problems, []);
  assert.equal(cli('--format=json', dir).stdout, stdout);
});

test('an experiment with no runs says so', () => {
  const dir = tempDir();
  const { code, stdout } = cli(dir);
  assert.equal(code, 0);
  assert.equal(stdout, `no runs in ${dir}\n`);
});

test('bad usage and unreadable folders exit 2 with a message on stderr', () => {
  const dir = tempDir();
  const file = path.join(dir, 'file.txt');
  fs.writeFileSync(file, '');
  for (const [args, message] of [
    [[], /expected one EXPERIMENT_DIR, got 0/],
    [[dir, dir], /expected one EXPERIMENT_DIR, got 2/],
    [['--format', 'yaml', dir], /--format takes text or json, not 'yaml'/],
    [['--format'], /--format takes text or json/],
    [['--verbose', dir], /unknown option '--verbose'/],
    [[path.join(dir, 'missing')], /missing: no such folder/],
    [[file], /file\.txt: not a folder/],
  ] as const) {
    const res = cli(...args);
    assert.equal(res.code, 2, args.join(' '));
    assert.match(res.stderr, message, args.join(' '));
  }
});

test('a runs/ that cannot be read is reported and exits 2', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'runs'), 'not a folder');
  const res = cli(dir);
  assert.equal(res.code, 2);
  assert.match(res.stdout, /problem: runs\/ could not be read \(not a folder\)/);
  assert.match(res.stderr, /runs\/ could not be read/);
});

test('--help prints the usage and exits 0', () => {
  const res = cli('--help');
  assert.equal(res.code, 0);
  assert.match(res.stdout, /usage: experiment-scripts runs \[--format text\|json\] EXPERIMENT_DIR/);
});
