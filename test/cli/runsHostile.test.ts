// `experiment-scripts runs` on experiments a hostile or careless repository can carry: named pipes and device links
// where files should be, symbolic links out of the experiment, terminal escapes in names, absurd metric lines and
// names that are not UTF-8. Each must list promptly, read nothing outside the experiment, and say what it skipped.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, tempDir, writeFile } from '../unit/runs-fixture';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const DAY_AGO = new Date(Date.now() - 24 * 3600 * 1000);
const METRIC = (loss: number) => `2025-01-01 10:00:00 | INFO | metric {"loss": ${loss}}\n`;
/** Every control character a terminal acts on; text output may hold none but the newlines that end its lines. */
// eslint-disable-next-line no-control-regex -- the characters a terminal acts on, which output must not hold
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function runs(...args: string[]) {
  const started = Date.now();
  const res = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'runs', ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: res.status, signal: res.signal, stdout: res.stdout, stderr: res.stderr, ms: Date.now() - started };
}

function runsJson(dir: string) {
  const res = runs('--format', 'json', dir);
  assert.equal(res.signal, null, `runs must end by itself (stderr: ${res.stderr})`);
  assert.equal(res.code, 0, res.stderr);
  return JSON.parse(res.stdout) as {
    runs: {
      dirName: string;
      status: string;
      statusReason?: string;
      latestMetrics?: Record<string, unknown>;
      problems: string[];
      link?: unknown;
    }[];
    notRuns: { dirName: string; reason: string }[];
    problems: string[];
  };
}

function mkfifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const res = spawnSync('mkfifo', [file]);
  assert.equal(res.status, 0, `mkfifo ${file}: ${res.stderr.toString()}`);
}

function run(experiment: string, dirName: string, log = METRIC(0.5)): string {
  const dir = path.join(experiment, 'runs', dirName);
  writeFile(path.join(dir, 'logs', 'train.log'), log, DAY_AGO);
  return dir;
}

test('named pipes as train.log and as the run record: runs answers at once and says what it skipped', () => {
  const dir = tempDir();
  // Four pipes are as many as Node's I/O threads: a blocking open of each would leave nothing for the rest.
  for (let i = 0; i < 5; i++) {
    const runDir = path.join(dir, 'runs', `2025-01-0${i + 1}T10-00-00-pipe${i}`);
    mkfifo(path.join(runDir, 'logs', 'train.log'));
    mkfifo(path.join(runDir, '.experiment-scripts.json'));
  }
  run(dir, '2025-01-09T10-00-00-plain');
  const index = runsJson(dir);
  assert.equal(index.runs.length, 6);
  const pipe = index.runs.find((r) => r.dirName === '2025-01-01T10-00-00-pipe0')!;
  assert.ok(
    pipe.problems.some((p) => /^logs\/train\.log is not a regular file \(a named pipe\); it is not read\.$/.test(p)),
    pipe.problems.join('\n'),
  );
  assert.ok(
    pipe.problems.some((p) => /^\.experiment-scripts\.json is not a regular file \(a named pipe\); .*not read/.test(p)),
    pipe.problems.join('\n'),
  );
  assert.deepEqual(index.runs.find((r) => r.dirName === '2025-01-09T10-00-00-plain')!.latestMetrics, { loss: 0.5 });
});

test('a run record linked to /dev/zero, in 16 runs, costs no memory: it is not read', () => {
  const dir = tempDir();
  for (let i = 0; i < 16; i++) {
    const runDir = run(dir, `2025-01-${String(i + 1).padStart(2, '0')}T10-00-00-zero${i}`);
    fs.symlinkSync('/dev/zero', path.join(runDir, '.experiment-scripts.json'));
    fs.symlinkSync('/dev/zero', path.join(runDir, 'logs', 'eval.log'));
  }
  const index = runsJson(dir);
  assert.equal(index.runs.length, 16);
  for (const r of index.runs) {
    assert.equal(r.status, 'finished');
    assert.ok(
      r.problems.some((p) => /^\.experiment-scripts\.json is a symbolic link to \/dev\/zero, outside the experiment; .*not read/.test(p)),
      r.problems.join('\n'),
    );
  }
});

test('a run record or log that is a character device inside the experiment is not read either', () => {
  // A device node cannot be made without privileges; a link inside the experiment to one is the same to the reader.
  const dir = tempDir();
  const runDir = run(dir, '2025-01-01T10-00-00-device');
  fs.mkdirSync(path.join(dir, 'dev'));
  fs.symlinkSync('/dev/zero', path.join(dir, 'dev', 'zero'));
  fs.rmSync(path.join(runDir, 'logs', 'train.log'));
  fs.symlinkSync(path.join('..', '..', '..', 'dev', 'zero'), path.join(runDir, 'logs', 'train.log'));
  const [only] = runsJson(dir).runs;
  assert.ok(
    only.problems.some((p) => /logs\/train\.log is a symbolic link to \/dev\/zero, outside the experiment/.test(p)),
    only.problems.join('\n'),
  );
});

test('runs/ linked out of the experiment is not followed; a linked run folder is listed as such and not read', () => {
  const outside = tempDir('outside-');
  run(outside, '2025-01-01T10-00-00-secret', METRIC(0.123));
  const elsewhere = path.join(outside, 'runs', '2025-01-01T10-00-00-secret');

  // runs/ itself linked out: nothing is listed, the listing is said to be incomplete (exit 2) and why.
  const linkedRuns = tempDir();
  fs.symlinkSync(path.join(outside, 'runs'), path.join(linkedRuns, 'runs'));
  const res = runs('--format', 'json', linkedRuns);
  assert.equal(res.code, 2);
  const index = JSON.parse(res.stdout) as { runs: unknown[]; problems: string[] };
  assert.deepEqual(index.runs, []);
  assert.deepEqual(index.problems, [
    `runs/ is a symbolic link to ${fs.realpathSync(path.join(outside, 'runs'))}, outside the experiment; it is not read`,
  ]);
  assert.match(res.stderr, /runs\/ is a symbolic link to .*, outside the experiment; it is not read/);

  const linkedRun = tempDir();
  fs.mkdirSync(path.join(linkedRun, 'runs'));
  fs.symlinkSync(elsewhere, path.join(linkedRun, 'runs', '2025-01-02T10-00-00-linked-out'));
  fs.symlinkSync('/', path.join(linkedRun, 'runs', '2025-01-03T10-00-00-root'));
  run(linkedRun, '2025-01-04T10-00-00-real', METRIC(0.9));
  fs.symlinkSync('2025-01-04T10-00-00-real', path.join(linkedRun, 'runs', '2025-01-05T10-00-00-alias'));
  const listed = runsJson(linkedRun);
  const byDir = (d: string) => listed.runs.find((r) => r.dirName === d)!;
  for (const d of ['2025-01-02T10-00-00-linked-out', '2025-01-03T10-00-00-root']) {
    const r = byDir(d);
    assert.ok(r, `${d} is listed`);
    assert.equal(r.latestMetrics, undefined, 'nothing outside the experiment is read');
    assert.match(r.statusReason ?? '', /symbolic link to .*, outside the experiment; it is not read/);
  }
  const alias = byDir('2025-01-05T10-00-00-alias');
  assert.deepEqual(alias.latestMetrics, { loss: 0.9 }, 'a link inside the experiment is followed');
  assert.deepEqual(alias.link, { target: 'runs/2025-01-04T10-00-00-real', outside: false });
  const text = runs(linkedRun).stdout;
  assert.match(text, /2025-01-03T10-00-00-root .*-> \/ \(outside the experiment\)/);
  assert.doesNotMatch(text, /loss=0\.123/);
});

test('terminal escapes in run names and metric lines are escaped in text output, kept exact in JSON', () => {
  const dir = tempDir();
  const evil = '2025-01-01T10-00-00-x\u001b]0;pwned\u0007\u001b[2J';
  const lines = '2025-01-02T10-00-00-two\nnot a run: fake: line';
  run(dir, evil, '2025-01-01 10:00:00 | INFO | metric {"k\u001b[31m": "\\u001b[2J\\u009b"}\n');
  run(dir, lines);
  const res = runs(dir);
  assert.equal(res.code, 0);
  assert.doesNotMatch(res.stdout, CONTROL);
  assert.match(res.stdout, /2025-01-01T10-00-00-x\\x1b\]0;pwned\\x07\\x1b\[2J/);
  assert.match(res.stdout, /2025-01-02T10-00-00-two\\nnot a run: fake: line/);
  assert.equal(res.stdout.split('\n').filter((l) => l.startsWith('not a run')).length, 0, 'no line can be spoofed');
  const index = runsJson(dir);
  assert.ok(index.runs.some((r) => r.dirName === evil));
  assert.ok(index.runs.some((r) => r.dirName === lines));
});

test('a 5,000-level metric JSON: the run is listed with a note, and the command does not overflow its stack', () => {
  const dir = tempDir();
  const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  run(dir, '2025-01-01T10-00-00-deep', METRIC(0.7) + `2025-01-01 10:00:01 | INFO | metric ${deep}\n`);
  run(dir, '2025-01-01T10-00-00-deep-nan', `2025-01-01 10:00:01 | INFO | metric ${deep.replace('1', 'NaN')}\n`);
  const index = runsJson(dir);
  const r = index.runs.find((x) => x.dirName === '2025-01-01T10-00-00-deep')!;
  assert.deepEqual(r.latestMetrics, { loss: 0.7 });
  assert.ok(
    r.problems.some((p) => /nests more than \d+ levels deep/.test(p)),
    r.problems.join('\n'),
  );
  assert.equal(runs(dir).code, 0);
});

test('a log whose last line is longer than the 1 MiB read is not called empty', () => {
  const dir = tempDir();
  run(dir, '2025-01-01T10-00-00-long', METRIC(0.1) + '2025-01-01 10:00:01 | INFO | ' + 'x'.repeat(1100 * 1024) + '\n');
  const [r] = runsJson(dir).runs;
  assert.equal(r.status, 'finished');
  assert.doesNotMatch(r.statusReason ?? '', /empty/);
  assert.ok(
    r.problems.some((p) => /last line of logs\/train\.log is longer than 1 MiB/.test(p)),
    r.problems.join('\n'),
  );
});

test('a run folder whose name is not UTF-8 is listed and read, and said to be so', () => {
  const dir = tempDir();
  const runsDir = path.join(dir, 'runs');
  fs.mkdirSync(runsDir);
  const name = Buffer.concat([Buffer.from(runsDir + '/2025-01-01T10-00-00-caf'), Buffer.from([0xe9])]);
  fs.mkdirSync(Buffer.concat([name, Buffer.from('/logs')]), { recursive: true });
  fs.writeFileSync(Buffer.concat([name, Buffer.from('/logs/train.log')]), METRIC(0.25));
  const [r] = runsJson(dir).runs;
  assert.ok(r, 'the run is listed');
  assert.equal(r.dirName, '2025-01-01T10-00-00-caf\ufffd');
  assert.equal(r.status, 'finished');
  assert.deepEqual(r.latestMetrics, { loss: 0.25 });
  assert.ok(
    r.problems.some((p) => /not valid UTF-8/.test(p)),
    r.problems.join('\n'),
  );
  const text = runs(dir).stdout;
  assert.match(text, /2025-01-01T10-00-00-caf\ufffd +finished/);
});
