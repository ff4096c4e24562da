// `experiment-scripts train|eval|plot|cancel` on this machine, as a user runs them: the built dist/cli.js, spawned
// without a shell, on copies of the fixture experiments, with Debian's Python as the `python` runner. (On SLURM:
// test/slurm/cli.test.ts, against the real test cluster.)
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, tempDir } from '../unit/runs-fixture';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const PYTHON = '/usr/bin/python3';
const PY = ['--runner', 'python', '--python', PYTHON];

function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const res = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000, env });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** A copy of a fixture experiment (its scripts only). */
function experiment(fixture: 'mnist' | 'slurm-probe'): string {
  const from =
    fixture === 'mnist'
      ? path.join(REPO_ROOT, 'test', 'e2e', 'workspace', 'mnist')
      : path.join(REPO_ROOT, 'test', 'e2e', 'fixtures', 'slurm-probe');
  const dir = path.join(tempDir('cli-launch-'), fixture);
  fs.mkdirSync(dir);
  for (const f of fs.readdirSync(from)) if (f.endsWith('.py')) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  return dir;
}

const runs = (dir: string) =>
  fs.existsSync(path.join(dir, 'runs')) ? fs.readdirSync(path.join(dir, 'runs')).filter((n) => !n.startsWith('.')) : [];
const record = (runDir: string) =>
  JSON.parse(fs.readFileSync(path.join(runDir, '.experiment-scripts.json'), 'utf8')) as Record<
    string,
    { exitCode: number | null; argv: string[]; pid?: number; endedAt?: string; runner?: string }
  >;

test(
  'train runs train.py here, prints the run folder, records the run and exits with 0; eval and plot take the run path',
  { skip: !fs.existsSync(PYTHON) },
  () => {
    const dir = experiment('mnist');
    const res = cli(['train', 'cli-run', ...PY, '--gpu', 'none', dir]);
    assert.equal(res.code, 0, res.stderr);
    const [run] = runs(dir);
    assert.match(run, /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-cli-run$/);
    const runDir = path.join(dir, 'runs', run);
    assert.equal(res.stdout, `${runDir}\n`);
    assert.match(res.stderr, /^train · cli-run · CPU\n/);
    assert.match(fs.readFileSync(path.join(runDir, 'logs', 'train.log'), 'utf8'), /metric \{"epoch": 4/);
    const train = record(runDir).train;
    assert.equal(train.exitCode, 0);
    assert.deepEqual(train.argv, [PYTHON, 'train.py', 'cli-run']);
    assert.equal(train.runner, 'python');
    assert.ok(train.pid && train.endedAt);

    const evaluated = cli(['eval', ...PY, '--gpu', 'none', runDir]);
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.ok(fs.statSync(path.join(runDir, 'logs', 'eval.log')).size > 0);
    assert.deepEqual(record(runDir).eval.argv, [PYTHON, 'eval.py', `runs/${run}`]);
    assert.equal(record(runDir).train.exitCode, 0, 'the train entry is kept');
  },
);

test('a failing script: the command exits with the script’s exit code, which the record keeps', { skip: !fs.existsSync(PYTHON) }, () => {
  const dir = experiment('slurm-probe');
  const res = cli(['train', 'fail-here', ...PY, '--gpu', 'none', dir]);
  assert.equal(res.code, 3, res.stderr);
  assert.match(res.stderr, /failing on purpose/);
  assert.equal(record(path.join(dir, 'runs', runs(dir)[0])).train.exitCode, 3);
});

test('hostile names are refused before anything runs, and no shell ever sees them', () => {
  const dir = experiment('slurm-probe');
  const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-marker-')), 'ran');
  for (const name of [`a; touch ${marker}`, `$(touch ${marker})`, '../x', "it's", '--help=x', 'x'.repeat(101)]) {
    const res = cli(['train', ...PY, '--gpu', 'none', '--', name, dir]);
    assert.equal(res.code, 1, `${name}: ${res.stderr}`);
    assert.match(res.stderr, /Run name refused: /);
  }
  for (const on of ['local', 'slurm']) {
    const res = cli(['train', '--on', on, ...PY, '--', `$(touch ${marker})`, dir]);
    assert.equal(res.code, 1);
  }
  assert.deepEqual(runs(dir), []);
  assert.equal(fs.existsSync(marker), false);
  assert.equal(fs.existsSync(path.join(dir, 'runs', '.slurm')), false, 'nothing was written for SLURM either');
});

test('bad usage exits with 2 and says why', () => {
  const dir = experiment('slurm-probe');
  const cases: [string[], RegExp][] = [
    [['train', dir], /expected NAME and EXPERIMENT_DIR/],
    [['train', 'x', '--on', 'cloud', dir], /--on takes local or slurm, not 'cloud'/],
    [['train', 'x', '--runner', 'conda', dir], /--runner takes auto, uv, pixi, pixi-script, python/],
    [['train', 'x', '--wait', dir], /--wait and the SLURM options go with --on slurm/],
    [['train', 'x', '--on', 'slurm', '--gpus', 'two', dir], /--gpus takes a whole number, not 'two'/],
    [['train', 'x', '--on', 'slurm', '--sbatch-arg', '--output=/tmp/x', dir], /is set by the extension itself/],
    [['train', 'x', '--gpu', 'ask', dir], /--gpu ask needs someone to answer/],
    [['eval', path.join(dir, 'not-a-run')], /is not inside a runs\/ folder/],
    [['cancel'], /expected one RUN_DIR/],
  ];
  for (const [args, message] of cases) {
    const res = cli(args);
    assert.equal(res.code, 2, `${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message);
  }
});

test('--on slurm without sbatch on PATH: the message names it, and nothing is written', () => {
  const dir = experiment('slurm-probe');
  const res = cli(['train', 'nowhere', '--on', 'slurm', ...PY, dir], { ...process.env, PATH: '/nonexistent' });
  assert.equal(res.code, 1);
  assert.match(res.stderr, /sbatch was not found on PATH: SLURM's commands are not installed on this machine/);
  assert.equal(fs.existsSync(path.join(dir, 'runs')), false);
});

test('cancel on a run that has no SLURM job says so', { skip: !fs.existsSync(PYTHON) }, () => {
  const dir = experiment('slurm-probe');
  assert.equal(cli(['train', 'plain', ...PY, '--gpu', 'none', dir]).code, 0);
  const res = cli(['cancel', path.join(dir, 'runs', runs(dir)[0])]);
  assert.equal(res.code, 1);
  assert.match(res.stderr, /has no SLURM job pending or running/);
});
