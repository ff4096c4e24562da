// The "New Experiment…" templates: every framework and runner gives scripts whose headers our checker (and so uv)
// accepts, that declare exactly what they import, and a pixi.toml and README that fit; the NumPy-only experiment
// really runs end to end with Debian's Python (which has typer, loguru, numpy and matplotlib).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeScript } from '#core/pep723/index';
import { parseToml } from '#core/toml/parser';
import { resolveToml, TomlView } from '#core/toml/tree';
import { parseRunDirName } from '#core/runs/runName';
import {
  allFrameworkChoices,
  driverCudaVersion,
  experimentSnippets,
  ExperimentFile,
  FrameworkChoice,
  newExperimentFiles,
  parseFrameworkChoice,
  pytorchCudaVersionFor,
  PYTORCH_CUDA_VERSIONS,
  validateExperimentName,
} from '#core/templates/index';

const repoRoot = path.resolve(__dirname, '../../..');
const DEBIAN_PYTHON = '/usr/bin/python3';
const SCRIPTS = ['train.py', 'eval.py', 'plot_curves.py'];

const describe = (c: FrameworkChoice) => (c.id === 'pytorch-cuda' ? `pytorch-cuda ${c.cudaVersion}` : c.id);
const fileOf = (files: ExperimentFile[], name: string) => files.find((f) => f.path === name)?.content;
const combos = allFrameworkChoices().flatMap((framework) =>
  (['uv', 'pixi'] as const).map((runner) => ({ framework, runner, files: newExperimentFiles({ name: 'exp-1', framework, runner }) })),
);

/** Distribution name → the module a script imports it as. */
const MODULE_OF: Record<string, string> = {
  typer: 'typer',
  loguru: 'loguru',
  numpy: 'numpy',
  torch: 'torch',
  jax: 'jax',
  tensorflow: 'tensorflow',
  matplotlib: 'matplotlib',
};
const STDLIB = new Set(['json', 're', 'sys', 'datetime', 'pathlib']);

/** One `metric {...}` line of a generated script's log. */
interface Metric {
  epoch: number;
  loss: number;
}

/** Top-level modules a script imports (`import a.b as c` → a, `from a import b` → a). */
function importedModules(script: string): Set<string> {
  const found = new Set<string>();
  for (const m of script.matchAll(/^(?:import|from)\s+([A-Za-z_][\w]*)/gm)) found.add(m[1]);
  return found;
}

test('every framework and runner gives the same files: README, scripts, and pixi.toml only for pixi', () => {
  assert.ok(combos.length >= 2 * (PYTORCH_CUDA_VERSIONS.length + 4));
  for (const { framework, runner, files } of combos) {
    const expected = runner === 'pixi' ? ['README.md', 'pixi.toml', ...SCRIPTS] : ['README.md', ...SCRIPTS];
    assert.deepEqual(files.map((f) => f.path).sort(), expected.sort(), `${describe(framework)} ${runner}`);
    assert.equal(files.at(-1)?.path, 'train.py', 'train.py is written last: the Run Explorer lists the folder once it appears');
  }
});

for (const { framework, runner, files } of combos) {
  test(`${describe(framework)} with ${runner}: headers the checker accepts, declaring exactly what each script imports`, () => {
    for (const name of SCRIPTS) {
      const script = fileOf(files, name)!;
      const analysis = analyzeScript(script, { fileName: name });
      assert.deepEqual(
        analysis.diagnostics.map((d) => `${d.severity} ${d.code}: ${d.message}`),
        [],
        `${name}:\n${script}`,
      );
      const declared = analysis.metadata!.dependencies.map((d) => d.requirement!.name.text);
      const needed = declared.map((d) => MODULE_OF[d]);
      assert.ok(!needed.includes(undefined as unknown as string), `${name}: every dependency maps to a module (${declared.join(', ')})`);
      const imported = [...importedModules(script)].filter((m) => !STDLIB.has(m));
      assert.deepEqual(
        [...new Set(needed)].sort(),
        imported.sort(),
        `${name} declares ${declared.join(', ')} but imports ${imported.join(', ')}`,
      );
      assert.equal(analysis.metadata!.requiresPython?.text, '>=3.11');
    }
    const plot = fileOf(files, 'plot_curves.py')!;
    assert.match(plot, /matplotlib\.use\("Agg"\)[^\n]*\nimport matplotlib\.pyplot/, 'the Agg backend is chosen before pyplot is imported');
    const train = fileOf(files, 'train.py')!;
    assert.match(train, /name: str = typer\.Argument\(/);
    assert.ok(!/sys\.argv/.test(train + fileOf(files, 'eval.py') + plot), 'arguments come through Typer');
    assert.match(train, /for sub in \("logs", "plots", "checkpoints", "data"\)/);
    assert.ok(!/mkdir\(parents=True\)/.test(fileOf(files, 'eval.py')!), 'eval.py never creates a run');
  });
}

test('PyTorch on CUDA routes torch to the index of the chosen CUDA version, in train.py and eval.py', () => {
  for (const cudaVersion of PYTORCH_CUDA_VERSIONS) {
    const files = newExperimentFiles({ name: 'gpu', framework: { id: 'pytorch-cuda', cudaVersion }, runner: 'uv' });
    const tag = 'cu' + cudaVersion.replace('.', '');
    for (const name of ['train.py', 'eval.py']) {
      const metadata = analyzeScript(fileOf(files, name)!, { fileName: name }).metadata!;
      assert.deepEqual(
        metadata.indexes.map((i) => i.url),
        [`https://download.pytorch.org/whl/${tag}`],
        name,
      );
      assert.deepEqual(
        metadata.sources.map((s) => [s.package, s.index]),
        [['torch', `pytorch-${tag}`]],
        name,
      );
    }
    assert.equal(analyzeScript(fileOf(files, 'plot_curves.py')!).metadata!.indexes.length, 0, 'plot_curves.py needs no torch');
  }
  const cpu = newExperimentFiles({ name: 'cpu', framework: { id: 'pytorch-cpu' }, runner: 'uv' });
  assert.equal(analyzeScript(fileOf(cpu, 'train.py')!).metadata!.indexes.length, 0, 'the CPU build comes from PyPI');
  const jax = analyzeScript(
    fileOf(newExperimentFiles({ name: 'j', framework: { id: 'jax-cuda12' }, runner: 'uv' }), 'train.py')!,
  ).metadata!;
  assert.ok(jax.dependencies.some((d) => d.text === 'jax[cuda12]'));
});

function tomlValue(view: TomlView | undefined, ...keys: string[]): unknown {
  let v = view;
  for (const k of keys) v = v?.kind === 'table' ? v.entries.get(k)?.value : undefined;
  if (v === undefined) return undefined;
  if (v.kind === 'table') return Object.fromEntries([...v.entries].map(([k, e]) => [k, tomlValue(e.value)]));
  if (v.kind === 'array') return v.items.map((i) => tomlValue(i));
  return (v.node as { value?: unknown }).value;
}

test('pixi.toml: a workspace named after the experiment, the scripts’ packages, CUDA builds where the framework has them', () => {
  for (const { framework, runner, files } of combos) {
    if (runner !== 'pixi') continue;
    const text = fileOf(files, 'pixi.toml')!;
    const parsed = parseToml(text);
    assert.ok(parsed.ok, `pixi.toml parses:\n${text}`);
    const root = resolveToml(parsed.ast);
    assert.equal(tomlValue(root, 'workspace', 'name'), 'exp-1');
    assert.deepEqual(tomlValue(root, 'workspace', 'channels'), ['conda-forge']);
    const deps = tomlValue(root, 'dependencies') as Record<string, unknown>;
    for (const name of ['python', 'typer', 'loguru', 'matplotlib']) assert.ok(name in deps, `${describe(framework)}: ${name}`);
    const cuda = tomlValue(root, 'system-requirements', 'cuda');
    switch (framework.id) {
      case 'pytorch-cuda':
        assert.equal(deps['pytorch-gpu'], '*');
        assert.equal(deps['cuda-version'], `${framework.cudaVersion}.*`);
        assert.equal(cuda, framework.cudaVersion.split('.')[0]);
        break;
      case 'pytorch-cpu':
        assert.equal(deps['pytorch-cpu'], '*');
        assert.equal(cuda, undefined, 'a CPU environment installs without a GPU');
        break;
      case 'jax-cuda12':
        assert.deepEqual(deps.jaxlib, { version: '*', build: '*cuda*' });
        assert.equal(cuda, '12');
        break;
      case 'tensorflow':
        assert.equal(deps.tensorflow, '*');
        break;
      case 'numpy-only':
        assert.equal(deps.numpy, '*');
        assert.equal(cuda, undefined);
        break;
    }
  }
});

test('README: how to run each script with uv and with pixi, the chosen runner first', () => {
  for (const { runner, files, framework } of combos) {
    const readme = fileOf(files, 'README.md')!;
    assert.match(readme, /^# exp-1\n/);
    for (const script of SCRIPTS) {
      assert.ok(readme.includes(`uv run ${script}`), `${describe(framework)}: uv run ${script}`);
      assert.ok(readme.includes(`pixi run python ${script}`), `${describe(framework)}: pixi run python ${script}`);
    }
    const uvAt = readme.indexOf('## Run with uv');
    const pixiAt = readme.indexOf('## Run with pixi');
    assert.ok(runner === 'uv' ? uvAt < pixiAt : pixiAt < uvAt, `${runner} section first`);
  }
});

test('with a pixi manifest above the folder, pixi uses it: no nested pixi.toml, and the README says which', () => {
  const files = newExperimentFiles({ name: 'sub', framework: { id: 'numpy-only' }, runner: 'pixi', existingPixiManifest: '../pixi.toml' });
  assert.equal(fileOf(files, 'pixi.toml'), undefined);
  assert.match(fileOf(files, 'README.md')!, /`\.\.\/pixi\.toml`/);
});

test('scripts do not depend on the runner', () => {
  for (const framework of allFrameworkChoices()) {
    const uv = newExperimentFiles({ name: 'a', framework, runner: 'uv' });
    const pixi = newExperimentFiles({ name: 'a', framework, runner: 'pixi' });
    for (const name of SCRIPTS) assert.equal(fileOf(uv, name), fileOf(pixi, name), `${describe(framework)} ${name}`);
  }
});

test('experiment names: safe folder names only, with a message that says what is wrong', () => {
  for (const ok of ['mnist', 'mnist-baseline', 'exp_2.1', 'A1']) assert.equal(validateExperimentName(ok), undefined, ok);
  const bad: Record<string, RegExp> = {
    '': /Enter a name/,
    '../escape': /\.\./,
    'a/b': /"\/"/,
    'a\\b': /"\\"/,
    'two words': /a space/,
    '$(touch x)': /start with a letter or a digit/,
    'x;rm': /";"/,
    '.hidden': /start with a letter or a digit/,
    '-rf': /start with a letter or a digit/,
    con: /device name on Windows/,
    'NUL.txt': /device name on Windows/,
    'trailing.': /end with "\."/,
    runs: /treat specially/,
    ['x'.repeat(101)]: /at most 100/,
    'a\nb': /whitespace/,
  };
  for (const [name, message] of Object.entries(bad)) {
    const problem = validateExperimentName(name);
    assert.ok(problem, `${JSON.stringify(name)} is refused`);
    assert.match(problem, message, JSON.stringify(name));
    assert.throws(() => newExperimentFiles({ name, framework: { id: 'numpy-only' }, runner: 'uv' }), { message: problem });
  }
});

test('framework choices from outside are checked: unknown ids, CUDA versions PyTorch does not publish', () => {
  assert.deepEqual(parseFrameworkChoice('tensorflow'), { id: 'tensorflow' });
  assert.deepEqual(parseFrameworkChoice('pytorch-cuda', '12.6'), { id: 'pytorch-cuda', cudaVersion: '12.6' });
  assert.deepEqual(parseFrameworkChoice('pytorch-cuda'), { id: 'pytorch-cuda', cudaVersion: PYTORCH_CUDA_VERSIONS[0] });
  assert.match(parseFrameworkChoice('pytorch-cuda', '12.7') as string, /no wheel index for CUDA "12\.7"/);
  assert.match(parseFrameworkChoice('keras') as string, /Unknown framework "keras"/);
  assert.match(parseFrameworkChoice(undefined) as string, /Unknown framework/);
  assert.throws(() => newExperimentFiles({ name: 'a', framework: { id: 'pytorch-cuda', cudaVersion: '9.9' }, runner: 'uv' }), /CUDA 9\.9/);
  assert.throws(
    () => newExperimentFiles({ name: 'a', framework: { id: 'numpy-only' }, runner: 'conda' as 'uv' }),
    /Unknown runner "conda"/,
  );
});

test('the PyTorch CUDA build follows the driver: the newest version nvidia-smi says the driver supports', () => {
  const table = fs.readFileSync(path.join(repoRoot, 'test/fixtures/nvidia-smi/table-idle.txt'), 'utf8');
  assert.equal(driverCudaVersion(table), '13.0');
  assert.equal(driverCudaVersion('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.'), undefined);
  assert.equal(pytorchCudaVersionFor('13.0'), '13.0');
  assert.equal(pytorchCudaVersionFor('12.5'), '12.4');
  assert.equal(pytorchCudaVersionFor('12.8'), '12.8');
  assert.equal(pytorchCudaVersionFor('11.4'), undefined, 'older than every build: the CPU build is the one that runs');
  assert.equal(pytorchCudaVersionFor(undefined), PYTORCH_CUDA_VERSIONS[0]);
});

function writeExperiment(t: { after(fn: () => void): void }, files: ExperimentFile[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'new-experiment-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const f of files) fs.writeFileSync(path.join(dir, f.path), f.content);
  return dir;
}

test('every template is valid Python', (t) => {
  const python = fs.existsSync(DEBIAN_PYTHON) ? DEBIAN_PYTHON : 'python3';
  const dirs = combos.filter((c) => c.runner === 'uv').map((c) => writeExperiment(t, c.files));
  const files = dirs.flatMap((d) => SCRIPTS.map((s) => path.join(d, s)));
  const res = spawnSync(python, ['-c', 'import ast, sys\nfor f in sys.argv[1:]:\n    ast.parse(open(f).read(), f)', ...files], {
    encoding: 'utf8',
  });
  if (res.error) return t.skip(`${python} could not be run: ${res.error.message}`);
  assert.equal(res.status, 0, res.stderr);
});

const debianHasTyper = spawnSync(DEBIAN_PYTHON, ['-c', 'import typer, loguru, numpy, matplotlib'], { encoding: 'utf8' });
const skipRun =
  debianHasTyper.error || debianHasTyper.status !== 0
    ? `${DEBIAN_PYTHON} cannot import typer, loguru, numpy and matplotlib (${debianHasTyper.error?.message ?? debianHasTyper.stderr.trim().split('\n').pop()})`
    : false;
if (skipRun) console.log(`# skipping the NumPy-only experiment runs: ${skipRun}`);

function python(cwd: string, ...args: string[]) {
  return spawnSync(DEBIAN_PYTHON, args, { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, MPLBACKEND: '' } });
}

test('the NumPy-only experiment runs: train creates a run with metrics, eval logs to it, plot draws into it', { skip: skipRun }, (t) => {
  const dir = writeExperiment(t, newExperimentFiles({ name: 'numpy-exp', framework: { id: 'numpy-only' }, runner: 'uv' }));

  const train = python(dir, 'train.py', 'smoke', '--epochs', '30');
  assert.equal(train.status, 0, train.stderr);
  const runs = fs.readdirSync(path.join(dir, 'runs'));
  assert.equal(runs.length, 1, `one run folder: ${runs.join(', ')}`);
  const parsed = parseRunDirName(runs[0]);
  assert.ok(parsed, `${runs[0]} is a run folder name`);
  assert.equal(parsed.name, 'smoke');
  assert.ok(Math.abs(parsed.startedAt.getTime() - Date.now()) < 120_000, 'named after the time it started');
  const runDir = path.join(dir, 'runs', runs[0]);
  assert.deepEqual(fs.readdirSync(runDir).sort(), ['checkpoints', 'data', 'logs', 'plots']);
  const metrics = fs
    .readFileSync(path.join(runDir, 'logs/train.log'), 'utf8')
    .split('\n')
    .flatMap((line) => (/ \| INFO \| metric (\{.*\})$/.exec(line) ? [JSON.parse(/metric (\{.*\})$/.exec(line)![1]) as Metric] : []));
  assert.equal(metrics.length, 30, 'one metric line per epoch');
  assert.deepEqual(
    metrics.map((m) => m.epoch),
    [...Array(30).keys()],
  );
  assert.ok(metrics[29].loss < metrics[0].loss / 10, `the placeholder model learns: ${metrics[0].loss} → ${metrics[29].loss}`);

  const relative = `runs/${runs[0]}`;
  const evaluate = python(dir, 'eval.py', relative);
  assert.equal(evaluate.status, 0, evaluate.stderr);
  const evalLog = fs.readFileSync(path.join(runDir, 'logs/eval.log'), 'utf8');
  const evalMetric = JSON.parse(/metric (\{.*\})/.exec(evalLog)![1]) as Metric & { split: string };
  assert.equal(evalMetric.split, 'val');
  assert.ok(evalMetric.loss < metrics[0].loss, 'validation loss of the trained weights');

  const plot = python(dir, 'plot_curves.py', relative);
  assert.equal(plot.status, 0, plot.stderr);
  const png = fs.readFileSync(path.join(runDir, 'plots/loss_curve.png'));
  assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
  assert.equal(fs.readdirSync(path.join(dir, 'runs')).length, 1, 'eval and plot create no run');
});

test('the NumPy-only scripts fail fast with a message: unsafe run name, missing run, untrained run', { skip: skipRun }, (t) => {
  const dir = writeExperiment(t, newExperimentFiles({ name: 'numpy-exp', framework: { id: 'numpy-only' }, runner: 'uv' }));
  const hostile = python(dir, 'train.py', '../escape');
  assert.equal(hostile.status, 2);
  assert.match(hostile.stderr, /not a plain run name/);
  assert.ok(!fs.existsSync(path.join(dir, 'runs')) && !fs.existsSync(path.join(dir, 'escape')), 'nothing was created');

  const missing = python(dir, 'eval.py', 'runs/2025-01-01T00-00-00-none');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /is not a run folder/);

  fs.mkdirSync(path.join(dir, 'runs/2025-01-01T00-00-00-empty/logs'), { recursive: true });
  const untrained = python(dir, 'eval.py', 'runs/2025-01-01T00-00-00-empty');
  assert.equal(untrained.status, 1);
  assert.match(untrained.stderr, /weights\.npy not found; did training finish\?/);
  assert.ok(
    !fs.existsSync(path.join(dir, 'runs/2025-01-01T00-00-00-empty/logs/eval.log')),
    'no log is started for a run that cannot be evaluated',
  );
  const noLog = python(dir, 'plot_curves.py', 'runs/2025-01-01T00-00-00-empty');
  assert.equal(noLog.status, 1);
  assert.match(noLog.stderr, /train\.log not found/);
});

test('the experiment snippets in snippets/python.json are generated from the same skeletons', () => {
  const file = JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets/python.json'), 'utf8')) as Record<string, unknown>;
  for (const [name, entry] of Object.entries(experimentSnippets())) {
    assert.deepEqual(file[name], entry, `${name} is out of date: run npm run build (scripts/generate-snippets.mjs)`);
  }
});
