// The corpus in test/fixtures/corpus/experiment: experiment scripts that follow each rule and break it, checked as
// `experiment-scripts check` and the language server check them (parser, files beside them, the experiment's
// runs). Every finding is listed in expected.json; the scaffolds of the conventions get no warning.
import { test, before } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkScript } from '#core/check/checkScript';
import { readScriptFolder } from '#core/check/scriptFolder';
import { loadPythonParser } from '#core/python/treeSitter';
import { PythonCodeReader } from '#core/python/readCode';
import { allFrameworkChoices } from '#core/templates/frameworks';
import { newExperimentFiles } from '#core/templates/newExperiment';

const DIR = path.resolve(__dirname, '../../../test/fixtures/corpus/experiment');
const EXPECTED = JSON.parse(fs.readFileSync(path.join(DIR, '..', 'expected.json'), 'utf8')) as Record<string, string[]>;
let reader: PythonCodeReader;

before(async () => {
  reader = new PythonCodeReader(await loadPythonParser());
});

async function findings(file: string): Promise<string[]> {
  const full = path.join(DIR, file);
  const folder = await readScriptFolder(full);
  const check = checkScript(fs.readFileSync(full, 'utf8'), {
    fileName: file,
    reader,
    localModules: folder.localModules,
    inExperiment: folder.experimentDir !== undefined,
    runs: folder.runs,
  });
  return check.diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code}`);
}

test('the corpus holds at least 60 scripts, each listed with its findings', () => {
  const scripts = fs.readdirSync(DIR).filter((f) => f.endsWith('.py'));
  assert.ok(scripts.length >= 60, `${scripts.length} scripts`);
  assert.deepEqual(Object.keys(EXPECTED).sort(), scripts.sort());
});

test('every script gets exactly its expected findings', async () => {
  for (const [file, expected] of Object.entries(EXPECTED)) assert.deepEqual(await findings(file), expected, file);
});

test("the conventions' scaffolds (train, eval, plot, the PyTorch GPU header) get no error or warning", async () => {
  for (const file of ['train.py', 'eval.py', 'plot_curves.py', 'train_torch_gpu.py']) {
    const serious = (await findings(file)).filter((f) => / (error|warning) /.test(f));
    assert.deepEqual(serious, [], file);
  }
});

test('each new rule is both followed and broken in the corpus', () => {
  const all = Object.values(EXPECTED).flat();
  for (const code of [
    'deps/undeclared-import',
    'deps/unused-dependency',
    'deps/stdlib-module',
    'deps/possible-typo',
    'deps/missing-stdlib-module',
    'pep723/missing-header',
    'conventions/argparse',
    'conventions/torch-without-cuda-index',
    'conventions/eval-creates-run',
    'runs/invalid-run-name',
    'runs/missing-run',
  ]) {
    assert.ok(
      all.some((f) => f.endsWith(' ' + code)),
      `${code} is broken somewhere`,
    );
  }
  const following = Object.entries(EXPECTED).filter(([, f]) => f.length === 0);
  assert.ok(following.length >= 25, `${following.length} scripts without any finding`);
});

test('the scripts New Experiment writes get no error or warning, for every framework', () => {
  for (const [choice, runner] of allFrameworkChoices().flatMap((c) => [[c, 'uv'] as const, [c, 'pixi'] as const])) {
    for (const file of newExperimentFiles({ name: 'demo', framework: choice, runner }).filter((f) => f.path.endsWith('.py'))) {
      const check = checkScript(file.content, { fileName: path.basename(file.path), reader, inExperiment: true });
      const serious = check.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
      assert.deepEqual(
        serious.map((d) => `${d.code}: ${d.message}`),
        [],
        `${file.path} for ${JSON.stringify(choice)}`,
      );
    }
  }
});
