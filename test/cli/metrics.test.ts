// `experiment-scripts metrics` as a user runs it: the built dist/cli.js, spawned without a shell.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, tempDir } from '../unit/runs-fixture';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const MNIST = path.join(REPO_ROOT, 'test', 'e2e', 'workspace', 'mnist', 'runs');
const DE_RISK = path.join(MNIST, '2025-02-02T14-30-00-de-risk');
const FULL = path.join(MNIST, '2025-02-02T15-00-00-full');

function cli(...args: string[]) {
  const res = spawnSync(process.execPath, [CLI, 'metrics', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

test('csv: one row per metric line of the train and eval logs, columns run,file,line,time then every key', () => {
  const { code, stdout, stderr } = cli(DE_RISK, FULL);
  assert.equal(stderr, '');
  assert.equal(code, 0);
  const lines = stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'run,file,line,time,epoch,step,loss,accuracy,split,n');
  assert.equal(lines[1], '2025-02-02T14-30-00-de-risk,logs/train.log,1,2025-02-02T14:30:01,0,10,0.8372,0.897,,');
  assert.equal(lines[6], '2025-02-02T14-30-00-de-risk,logs/eval.log,1,2025-02-02T14:31:10,,,,0.396,val,1000');
  assert.equal(lines[8], '2025-02-02T15-00-00-full,logs/train.log,2,2025-02-02T15:00:02,1,20,0.5123,0.9565,,');
  assert.equal(lines.length, 9);
  assert.equal(cli('--format', 'csv', DE_RISK, FULL).stdout, stdout, 'csv is the default');
});

test('json: the same rows as objects; NaN and Infinity as strings', () => {
  const run = path.join(tempDir('metrics-cli-'), 'runs', '2025-02-02T14-30-00-nan');
  fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
  fs.writeFileSync(path.join(run, 'logs', 'train.log'), '2025-02-02 14:30:01 | INFO | metric {"step": 1, "loss": NaN, "grad": Infinity}\n');
  const { code, stdout } = cli('--format', 'json', run);
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout), [
    {
      run: '2025-02-02T14-30-00-nan',
      file: 'logs/train.log',
      line: 1,
      time: '2025-02-02T14:30:01',
      step: 1,
      loss: 'NaN',
      grad: 'Infinity',
    },
  ]);
});

test('problems with a run’s logs go to stderr; the rows that could be read are printed', () => {
  const run = path.join(tempDir('metrics-cli-'), 'runs', '2025-02-02T14-30-00-bad');
  fs.mkdirSync(path.join(run, 'logs'), { recursive: true });
  fs.writeFileSync(
    path.join(run, 'logs', 'train.log'),
    '2025-02-02 14:30:01 | INFO | metric {\'a\': 1}\n2025-02-02 14:30:02 | INFO | metric {"a": 2}\n',
  );
  const empty = path.join(path.dirname(run), '2025-02-02T15-00-00-empty');
  fs.mkdirSync(empty);
  const { code, stdout, stderr } = cli(run, empty);
  assert.equal(code, 0);
  assert.equal(stdout, 'run,file,line,time,a\n2025-02-02T14-30-00-bad,logs/train.log,2,2025-02-02T14:30:02,2\n');
  assert.match(stderr, /2025-02-02T14-30-00-bad: logs\/train\.log: 1 metric line\(s\) are not a JSON object \(first at line 1\)/);
  assert.match(stderr, /2025-02-02T15-00-00-empty: no logs\/train\.log or logs\/eval\.log to read/);
});

test('bad usage and missing folders exit 2 with a message on stderr', () => {
  const file = path.join(tempDir('metrics-cli-'), 'file.txt');
  fs.writeFileSync(file, '');
  for (const [args, message] of [
    [[], /expected at least one RUN_DIR/],
    [['--format', 'text', DE_RISK], /--format takes csv or json, not 'text'/],
    [['--verbose', DE_RISK], /unknown option '--verbose'/],
    [[path.join(MNIST, 'missing')], /missing: no such folder/],
    [[file], /file\.txt: not a folder/],
  ] as const) {
    const res = cli(...args);
    assert.equal(res.code, 2, args.join(' '));
    assert.match(res.stderr, message, args.join(' '));
  }
});

test('a hostile run: pipes, links out and control characters in names neither block, leak nor reach the terminal raw', () => {
  const root = tempDir('metrics-cli-hostile-');
  const runs = path.join(root, 'exp', 'runs');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'train.log'), '2025-02-02 14:30:01 | INFO | metric {"secret": 1}\n');
  // A name that would clear the screen, and no log: the message names the run with its escape written out.
  const spoof = path.join(runs, '2025-02-02T14-30-00-x\u001b[2Jy');
  fs.mkdirSync(spoof, { recursive: true });
  // logs/ linked out of the experiment: the log's own name is no link, and it is still not read.
  const linked = path.join(runs, '2025-02-02T14-31-00-linked');
  fs.mkdirSync(linked);
  fs.symlinkSync(outside, path.join(linked, 'logs'));
  // A named pipe for a log: refused before it is opened.
  const piped = path.join(runs, '2025-02-02T14-32-00-piped');
  fs.mkdirSync(path.join(piped, 'logs'), { recursive: true });
  assert.equal(spawnSync('mkfifo', [path.join(piped, 'logs', 'train.log')]).status, 0);

  const started = Date.now();
  const { code, stdout, stderr } = cli('--format', 'json', spoof, linked, piped);
  assert.ok(Date.now() - started < 20_000, 'ends promptly');
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout), [], 'nothing read, nothing from outside');
  assert.ok(!stderr.includes('\u001b'), 'no escape reaches the terminal');
  assert.match(stderr, /2025-02-02T14-30-00-x\\x1b\[2Jy: no logs\/train\.log or logs\/eval\.log to read/);
  assert.match(
    stderr,
    /14-31-00-linked: logs\/train\.log: it is reached through a symbolic link, at .*, outside the experiment; it is not read/,
  );
  assert.match(stderr, /14-32-00-piped: logs\/train\.log: it is not a regular file \(a named pipe\); it is not read/);
});
