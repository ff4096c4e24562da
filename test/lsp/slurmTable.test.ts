// The `[tool.experiment-scripts.slurm]` table of a script header (SLURM defaults, see docs/launching.md) is read by
// the launcher, and uv ignores it: the language server must report nothing in it.
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
