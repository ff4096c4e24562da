// The import checks and the conventions where they meet pixi: a pixi script's conda and PyPI packages count as
// declared, uv's index hints keep to the scripts uv runs, an experiment with a pixi manifest is checked as pixi runs
// it, and what New Experiment and the missing-header fix write gets no warning.
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CoreDiagnostic } from '#core/diagnostic';
import { applyEdits } from '#core/check/applyFixes';
import { checkScript, CheckOptions } from '#core/check/checkScript';
import { readScriptFolder } from '#core/check/scriptFolder';
import { hoverImport } from '#core/imports/hoverImport';
import { PythonCodeReader } from '#core/python/readCode';
import { loadPythonParser } from '#core/python/treeSitter';
import { allFrameworkChoices } from '#core/templates/frameworks';
import { newExperimentFiles } from '#core/templates/newExperiment';

let reader: PythonCodeReader;
before(async () => {
  reader = new PythonCodeReader(await loadPythonParser());
});

const check = (text: string, options: CheckOptions = {}) => checkScript(text, { fileName: 'train.py', reader, ...options });
const codes = (text: string, options: CheckOptions = {}) => check(text, options).diagnostics.map((d) => d.code);
const serious = (ds: readonly CoreDiagnostic[]) => ds.filter((d) => d.severity === 'error' || d.severity === 'warning');
const marked = (text: string, d: CoreDiagnostic) =>
  text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character);

/** A pixi script header with these lines under `[tool.pixi.dependencies]` (and any extra header lines). */
function pixiScript(conda: string[], body: string, extra: string[] = []): string {
  return [
    '# /// script',
    '# requires-python = ">=3.11"',
    '# dependencies = ["typer"]',
    '#',
    '# [tool.pixi.workspace]',
    '# channels = ["conda-forge"]',
    '# platforms = [{ platform = "linux-64", cuda = "12.0" }]',
    '#',
    '# [tool.pixi.dependencies]',
    ...conda.map((c) => `# ${c}`),
    ...extra.map((l) => `# ${l}`),
    '# ///',
    'import typer',
    body,
  ].join('\n');
}

test('a pixi script that imports torch with pytorch-gpu from conda gets no warning, and the hover names the conda package', () => {
  const text = pixiScript(['pytorch-gpu = "*"', 'cuda-version = "12.8.*"'], 'import torch\nprint(torch.cuda.is_available())\n');
  const result = check(text);
  assert.deepEqual(result.diagnostics, []);
  const line = text.split('\n').indexOf('import torch');
  const hover = hoverImport(result, { line, character: 8 });
  assert.match(
    hover?.markdown ?? '',
    /^`torch` comes from `pytorch-gpu`, a conda package of `\[tool\.pixi\.dependencies\]` \(line 10 of the header\)/,
  );
});

test('conda names provide the modules conda-forge packages them with', () => {
  const cases: [conda: string, imports: string][] = [
    ['pytorch = "*"', 'import torch'],
    ['pytorch-cpu = "*"', 'import torch.nn as nn'],
    ['tensorflow-gpu = "*"', 'import tensorflow as tf'],
    ['tensorflow = { version = "*", build = "*cuda*" }', 'import tensorflow as tf'],
    ['jax = "*"', 'import jax.numpy as jnp'],
    ['numpy = "*"', 'import numpy as np'],
    ['matplotlib-base = "*"', 'import matplotlib.pyplot as plt'],
    ['py-opencv = "*"', 'import cv2'],
    ['scikit-learn = "*"', 'from sklearn.linear_model import LinearRegression'],
    ['gdal = "*"', 'from osgeo import ogr'],
    ['pytables = "*"', 'import tables'],
    ['msgpack-python = "*"', 'import msgpack'],
  ];
  for (const [conda, imports] of cases) {
    const found = check(pixiScript([conda], `${imports}\n`)).diagnostics.filter((d) => d.code.startsWith('deps/'));
    assert.deepEqual(
      found.map((d) => `${d.code}: ${d.message}`),
      [],
      conda,
    );
  }
});

test('[tool.pixi.pypi-dependencies] and the packages of a target count as declared too', () => {
  const pypi = pixiScript(['python = "3.12.*"'], 'import requests\n', ['', '[tool.pixi.pypi-dependencies]', 'requests = ">=2"']);
  assert.deepEqual(codes(pypi), []);
  const target = pixiScript(['python = "3.12.*"'], 'import torch\n', ['', '[tool.pixi.target.linux-64.dependencies]', 'pytorch-gpu = "*"']);
  assert.ok(!codes(target).includes('deps/undeclared-import'), JSON.stringify(codes(target)));
});

test('an import nothing declares in a pixi script: pixi run --script stops, and either table can declare it', () => {
  const text = pixiScript(['pytorch-gpu = "*"'], 'import torch\nimport pandas as pd\n');
  const [undeclared] = check(text).diagnostics;
  assert.equal(undeclared.code, 'deps/undeclared-import');
  assert.equal(undeclared.severity, 'warning');
  assert.equal(
    undeclared.message,
    'No dependency in the header provides `pandas`, so `pixi run --script` stops with ModuleNotFoundError when it is imported. ' +
      'Add `pandas` to `dependencies`, or its conda package to `[tool.pixi.dependencies]`.',
  );
  const fixed = applyEdits(text, undeclared.fixes![0].edits);
  assert.match(fixed, /^# dependencies = \["typer", "pandas"\]$/m);
  assert.deepEqual(codes(fixed), []);
});

test('a conda package nothing imports gets the unused hint with a fix that removes its line; tools, CUDA pieces and targets never do', () => {
  const text = pixiScript(
    [
      'python = "3.12.*"',
      'pytorch-gpu = "*"',
      'numpy = "*"',
      'cuda-version = "12.8.*"',
      'cudnn = "*"',
      'nccl = "*"',
      'graphviz = "*"',
      'cmake = "*"',
      'jaxlib = { version = "*", build = "*cuda*" }',
      'some-unknown-lib = "*"',
    ],
    'import torch\n',
    ['', '[tool.pixi.target.osx-arm64.dependencies]', 'pandas = "*"'],
  );
  const unused = check(text).diagnostics.filter((d) => d.code === 'deps/unused-dependency');
  assert.deepEqual(
    unused.map((d) => marked(text, d)),
    ['numpy'],
  );
  const [fix] = unused[0].fixes!;
  assert.equal(fix.title, 'Remove `numpy` from [tool.pixi.dependencies]');
  const fixed = applyEdits(text, fix.edits);
  assert.ok(!fixed.includes('numpy'));
  assert.ok(fixed.includes('# pytorch-gpu = "*"\n# cuda-version'), 'only the numpy line goes');
  assert.ok(!codes(fixed).includes('deps/unused-dependency'));
});

test("uv's index hints are not said to a pixi script; the JAX hint gives way to the pixi GPU hint only where JAX comes from conda", () => {
  const torchFromPypi = ['# /// script', '# dependencies = ["torch", "typer"]', '# ///', 'import torch', 'import typer', ''].join('\n');
  assert.ok(codes(torchFromPypi).includes('conventions/torch-without-cuda-index'), 'uv runs it: the hint holds');
  const asPixiScript = torchFromPypi.replace('# ///\n', '# [tool.pixi.workspace]\n# channels = ["conda-forge"]\n# ///\n');
  assert.deepEqual(codes(asPixiScript), [], 'pixi runs it: [[tool.uv.index]] would change nothing');

  const cpuIndex = [
    '# /// script',
    '# dependencies = ["torch"]',
    '# [[tool.uv.index]]',
    '# name = "pytorch-cpu"',
    '# url = "https://download.pytorch.org/whl/cpu"',
    '# explicit = true',
    '# [tool.uv.sources]',
    '# torch = { index = "pytorch-cpu" }',
    '# ///',
    'import torch',
    '',
  ].join('\n');
  assert.ok(codes(cpuIndex).includes('conventions/torch-cpu-index'));
  const cpuIndexPixi = cpuIndex.replace('# ///\n', '# [tool.pixi.dependencies]\n# python = "3.12.*"\n# ///\n');
  assert.ok(!codes(cpuIndexPixi).includes('conventions/torch-cpu-index'), 'pixi does not read [tool.uv]');

  const jaxPypi = [
    '# /// script',
    '# dependencies = ["jax"]',
    '# [tool.pixi.workspace]',
    '# channels = ["conda-forge"]',
    '# ///',
    'import jax',
    '',
  ].join('\n');
  assert.ok(
    codes(jaxPypi).includes('conventions/jax-without-gpu'),
    'pixi installs `dependencies` from PyPI too: jax[cuda12] is the fix there',
  );
  const jaxConda = pixiScript(['jax = "*"'], 'import jax\n', ['', '[tool.pixi.pypi-dependencies]', 'flax = "*"']).replace(
    '# dependencies = ["typer"]',
    '# dependencies = ["typer", "jax"]',
  );
  const found = codes(jaxConda);
  assert.ok(!found.includes('conventions/jax-without-gpu'), JSON.stringify(found));
  assert.ok(found.includes('conventions/pixi-without-gpu'), 'the pixi GPU hint speaks instead: no CUDA build of jaxlib');
});

test('in an experiment with a pixi manifest the header is not what runs: no header GPU hint, and an undeclared import is information', () => {
  const text = [
    '# /// script',
    '# dependencies = ["torch", "jax", "typer"]',
    '# ///',
    'import torch',
    'import jax',
    'import typer',
    'import pandas',
    '',
  ].join('\n');
  const plain = check(text).diagnostics.map((d) => `${d.severity} ${d.code}`);
  assert.deepEqual(plain, [
    'information conventions/torch-without-cuda-index',
    'information conventions/jax-without-gpu',
    'warning deps/undeclared-import',
  ]);
  const withManifest = check(text, { pixiManifest: '/w/pixi.toml' }).diagnostics;
  assert.deepEqual(
    withManifest.map((d) => `${d.severity} ${d.code}`),
    ['information deps/undeclared-import'],
  );
  assert.match(
    withManifest[0].message,
    /runs with `pixi run python` in the environment of its pixi manifest, which does not read the header/,
  );
  const headerless = check('import torch\nimport typer\n', { pixiManifest: '/w/pixi.toml' }).diagnostics;
  assert.deepEqual(
    headerless.map((d) => d.code),
    ['pep723/missing-header'],
  );
  assert.match(
    headerless[0].message,
    /^This experiment script has no `# \/\/\/ script` header\. `pixi run python` runs it in the environment of its pixi manifest/,
  );
});

test('the folder facts name the pixi manifest the launcher would use: pixi.toml, or pyproject.toml with [tool.pixi], up to the workspace folder', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pixi-folder-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const experiment = path.join(root, 'ws', 'mnist');
  fs.mkdirSync(path.join(experiment, 'runs'), { recursive: true });
  const train = path.join(experiment, 'train.py');
  fs.writeFileSync(train, 'print(1)\n');
  const workspace = path.join(root, 'ws');
  const bounded = () => readScriptFolder(train, undefined, () => workspace);

  assert.equal((await bounded()).pixiManifest, undefined);
  fs.writeFileSync(path.join(workspace, 'pyproject.toml'), '[project]\nname = "x"\n');
  assert.equal((await bounded()).pixiManifest, undefined, 'a pyproject.toml without [tool.pixi] is not a pixi manifest');
  fs.writeFileSync(path.join(workspace, 'pyproject.toml'), '[project]\nname = "x"\n[tool.pixi.workspace]\nchannels = ["conda-forge"]\n');
  assert.equal((await bounded()).pixiManifest, path.join(workspace, 'pyproject.toml'));
  fs.writeFileSync(path.join(experiment, 'pixi.toml'), '[workspace]\n');
  assert.equal((await bounded()).pixiManifest, path.join(experiment, 'pixi.toml'), 'the nearest manifest wins');

  // Above the workspace folder nothing counts; a manifest behind a link is not followed.
  fs.rmSync(path.join(experiment, 'pixi.toml'));
  fs.rmSync(path.join(workspace, 'pyproject.toml'));
  fs.writeFileSync(path.join(root, 'pixi.toml'), '[workspace]\n');
  assert.equal((await bounded()).pixiManifest, undefined);
  fs.symlinkSync(path.join(root, 'pixi.toml'), path.join(experiment, 'pixi.toml'));
  assert.equal((await bounded()).pixiManifest, undefined);
});

test('the folder facts list runs/ only inside the experiment, and a manifest that is a named pipe is no manifest', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'script-folder-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const experiment = path.join(root, 'exp');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(path.join(outside, '2025-01-01T00-00-00-secret'), { recursive: true });
  fs.mkdirSync(path.join(experiment, 'runs', '2025-01-02T00-00-00-mine'), { recursive: true });
  const train = path.join(experiment, 'train.py');
  fs.writeFileSync(train, 'print(1)\n');
  const runNames = async () => [...((await readScriptFolder(train, undefined, () => root)).runs?.runDirNames ?? [])];
  assert.deepEqual(await runNames(), ['2025-01-02T00-00-00-mine']);
  fs.rmSync(path.join(experiment, 'runs'), { recursive: true });
  fs.symlinkSync(outside, path.join(experiment, 'runs'));
  assert.deepEqual(await runNames(), [], 'names out there are not listed');

  if (process.platform !== 'win32') {
    execFileSync('mkfifo', [path.join(experiment, 'pixi.toml')]);
    const started = Date.now();
    assert.equal((await readScriptFolder(train, undefined, () => root)).pixiManifest, undefined);
    assert.ok(Date.now() - started < 5000, 'nothing waits on the pipe');
  }
});

test('the scripts New Experiment writes get no error or warning for pixi too, and the GPU pixi scripts get nothing at all', () => {
  for (const choice of allFrameworkChoices()) {
    for (const runner of ['pixi', 'pixi-script'] as const) {
      const files = newExperimentFiles({ name: 'demo', framework: choice, runner });
      // The pixi runner's experiments come with their pixi.toml.
      const pixiManifest = files.some((f) => f.path.endsWith('pixi.toml')) ? '/w/demo/pixi.toml' : undefined;
      if (runner === 'pixi') assert.ok(pixiManifest, 'the pixi runner writes a pixi.toml');
      for (const file of files.filter((f) => f.path.endsWith('.py'))) {
        const found = checkScript(file.content, {
          fileName: path.basename(file.path),
          reader,
          inExperiment: true,
          pixiManifest,
        }).diagnostics;
        const where = `${runner} ${file.path} for ${JSON.stringify(choice)}`;
        assert.deepEqual(
          serious(found).map((d) => `${d.code}: ${d.message}`),
          [],
          where,
        );
        // A CPU choice is told that it runs on the CPU; every other script is clean.
        const expected =
          choice.id === 'pytorch-cpu' && runner === 'pixi-script' && !file.path.endsWith('plot_curves.py')
            ? ['conventions/pixi-without-gpu']
            : [];
        assert.deepEqual(
          found.map((d) => d.code),
          expected,
          where,
        );
      }
    }
  }
});

test("the missing-header fix writes a header the checker then finds nothing wrong with (for uv; with the driver's CUDA, nothing at all)", () => {
  const bodies: Record<string, string> = {
    'train.py': 'import json\nimport torch\nimport torchvision\nimport typer\nfrom loguru import logger\nimport numpy as np\n',
    'eval.py': 'import jax\nimport jax.numpy as jnp\nimport typer\nfrom loguru import logger\n',
    'plot_curves.py': 'import matplotlib.pyplot as plt\nimport pandas as pd\nimport typer\n',
    'train_tf.py': 'import tensorflow as tf\nimport typer\nif __name__ == "__main__":\n    pass\n',
  };
  for (const [fileName, body] of Object.entries(bodies)) {
    for (const options of [{}, { driverCuda: '12.8' }, { pixiManifest: '/w/pixi.toml' }]) {
      const all: CheckOptions = { fileName, reader, inExperiment: true, ...options };
      const [missing] = checkScript(body, all).diagnostics;
      assert.equal(missing?.code, 'pep723/missing-header', fileName);
      const fixed = applyEdits(body, missing.fixes![0].edits);
      const after = checkScript(fixed, all).diagnostics;
      const where = `${fileName} ${JSON.stringify(options)}:\n${fixed}`;
      assert.deepEqual(
        serious(after).map((d) => `${d.code}: ${d.message}`),
        [],
        where,
      );
      // Without the driver's CUDA version the fix cannot choose PyPI's CUDA index for torch: uv is told so.
      const expected = fileName === 'train.py' && Object.keys(options).length === 0 ? ['conventions/torch-without-cuda-index'] : [];
      assert.deepEqual(
        after.map((d) => d.code),
        expected,
        where,
      );
    }
  }
});

test("the headers from pixi's documentation and tests that pixi runs get no error or warning with the import checks either", () => {
  const dir = path.resolve(__dirname, '../../../test/fixtures/pixi-scripts');
  for (const name of ['earthquakes.py', 'standard_and_pixi.py', 'conda_and_pypi.py', 'initialized_crlf.py', 'train_pytorch_gpu.py']) {
    const found = checkScript(fs.readFileSync(path.join(dir, name), 'utf8'), { fileName: name, reader }).diagnostics;
    assert.deepEqual(
      serious(found).map((d) => `${d.code}: ${d.message}`),
      [],
      name,
    );
  }
});
