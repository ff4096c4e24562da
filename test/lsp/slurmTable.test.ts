// The `[tool.experiment-scripts.slurm]` table of a script header (SLURM defaults, see docs/launching.md) is read by
// the launcher, and uv ignores it: the language server reports nothing in a valid one, and a warning at each value
// a launch would ignore (never an error: uv runs the script whatever the table says).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, PULL_CLIENT, repoRoot } from './lspHarness';

const SCRIPT = `# /// script
# requires-python = ">=3.11"
# dependencies = ["typer", "loguru"]
#
# [tool.experiment-scripts.slurm]
# partition = "gpu"
# gpus = 1
# gpu-option = "gres"
# memory = "32G"
# time = "4:00:00"
# sbatch-args = ["--constraint=a100"]
# ///
import typer
from loguru import logger
`;

test('the language server reports nothing for the SLURM defaults table of a header', async (t) => {
  const { client } = await LspClient.initialized(PULL_CLIENT);
  t.after(() => client.dispose());
  const uri = pathToFileURL(path.join(repoRoot, 'test', 'fixtures', 'scripts', 'slurm-defaults', 'train.py')).href;
  await client.open(uri, SCRIPT);
  const report = await client.pull(uri);
  assert.equal(report.kind, 'full');
  assert.deepEqual(report.items, []);
  // The same header with a misspelt PEP 723 key still gets its warning: the server did look at it.
  await client.change(uri, 2, [{ range: { start: { line: 1, character: 2 }, end: { line: 1, character: 17 } }, text: 'requires-pyton' }]);
  const changed = await client.pull(uri, report.resultId);
  assert.deepEqual(
    changed.items?.map((d) => d.code),
    ['pep723/unknown-key'],
  );
});

test('a value a launch would ignore gets a warning where it is written, with the key meant', async (t) => {
  const { client } = await LspClient.initialized(PULL_CLIENT);
  t.after(() => client.dispose());
  const uri = pathToFileURL(path.join(repoRoot, 'test', 'fixtures', 'scripts', 'slurm-defaults', 'train.py')).href;
  await client.open(uri, SCRIPT.replace('# memory = "32G"', '# memroy = "32G"').replace('# gpus = 1', '# gpus = "one"'));
  const report = await client.pull(uri);
  assert.deepEqual(
    report.items?.map((d) => [d.range.start.line, d.severity, d.code, d.message]),
    [
      [6, 2, 'slurm/invalid-default', '`gpus` must be a whole number from 0 up, not a string; it is ignored.'],
      [8, 2, 'slurm/invalid-default', '`memroy` is not a SLURM default; did you mean `memory`?'],
    ],
  );
});
