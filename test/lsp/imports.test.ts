// Imports against dependencies and the code conventions, over the real protocol: the diagnostics a client gets,
// the quick fixes it is offered, and what applying them does to the script.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, LspClient, PUSH_CLIENT, TextEdit, applyEdits, repoRoot } from './lspHarness';

interface CodeAction {
  title: string;
  isPreferred?: boolean;
  edit?: { changes?: Record<string, TextEdit[]> };
}

interface TaggedDiagnostic extends Diagnostic {
  tags?: number[];
}

const CORPUS = path.join(repoRoot, 'test/fixtures/corpus/experiment');
const corpusUri = (name: string) => pathToFileURL(path.join(CORPUS, name)).href;

async function actionsFor(client: LspClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
}

async function started(initializationOptions?: object): Promise<LspClient> {
  const client = LspClient.start();
  await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: PUSH_CLIENT, initializationOptions });
  await client.connection.sendNotification('initialized', {});
  return client;
}

const SCRIPT = [
  '# /// script',
  '# requires-python = ">=3.11"',
  '# dependencies = [',
  '#     "typer",  # the command line',
  '#     "seaborn",',
  '# ]',
  '# ///',
  'import cv2',
  'import typer',
  'from sklearn.metrics import f1_score',
  '',
].join('\n');

test('an undeclared import is a warning whose fixes add its distribution, or all missing ones, keeping the layout', async (t) => {
  const client = await started();
  t.after(() => client.dispose());
  const uri = 'file:///tmp/experiment/model.py';
  await client.open(uri, SCRIPT);
  const diagnostics = (await client.waitForDiagnostics(uri, 1)) as TaggedDiagnostic[];
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity, d.range.start.line]),
    [
      ['deps/unused-dependency', 4, 4],
      ['deps/undeclared-import', 2, 7],
      ['deps/undeclared-import', 2, 9],
    ],
  );
  const cv2 = diagnostics[1];
  const actions = await actionsFor(client, uri, cv2);
  assert.deepEqual(
    actions.map((a) => [a.title, a.isPreferred]),
    [
      ['Add `opencv-python` to dependencies', true],
      ['Add all 2 missing dependencies', false],
    ],
  );
  const all = applyEdits(SCRIPT, actions[1].edit!.changes![uri]);
  assert.equal(all, SCRIPT.replace('#     "seaborn",\n', '#     "seaborn",\n#     "opencv-python",\n#     "scikit-learn",\n'));
  await client.change(uri, 2, [{ text: all }]);
  const after = await client.waitForDiagnostics(uri, 2);
  assert.deepEqual(
    after.map((d) => d.code),
    ['deps/unused-dependency'],
    'both imports are provided now',
  );
});

test('an unused dependency is a hint shown as unnecessary, never a warning; its fix removes the line and its comment', async (t) => {
  const client = await started();
  t.after(() => client.dispose());
  const uri = 'file:///tmp/experiment/model.py';
  const text = SCRIPT.replace('#     "seaborn",\n', '#     "seaborn",  # plots\n')
    .replace('import cv2\n', '')
    .replace('from sklearn.metrics import f1_score\n', '');
  await client.open(uri, text);
  const [unused] = (await client.waitForDiagnostics(uri, 1)) as TaggedDiagnostic[];
  assert.equal(unused.code, 'deps/unused-dependency');
  assert.equal(unused.severity, 4, 'a hint');
  assert.deepEqual(unused.tags, [1], 'DiagnosticTag.Unnecessary');
  const [remove] = await actionsFor(client, uri, unused);
  assert.equal(remove.title, 'Remove `seaborn` from dependencies');
  assert.equal(applyEdits(text, remove.edit!.changes![uri]), text.replace('#     "seaborn",  # plots\n', ''));
});

test('a train script with torch from PyPI: the fix pins the index of the driver CUDA version the client reports', async (t) => {
  const client = await started({ driverCuda: '12.9' });
  t.after(() => client.dispose());
  const uri = 'file:///tmp/experiment/train.py';
  const text = '# /// script\n# dependencies = ["torch", "torchvision"]\n# ///\nimport torch\nimport torchvision\n';
  await client.open(uri, text);
  const [hint] = await client.waitForDiagnostics(uri, 1);
  assert.equal(hint.code, 'conventions/torch-without-cuda-index');
  assert.equal(hint.severity, 3, 'information');
  assert.match(hint.message, /Linux x86-64 wheels bundle one CUDA build/);
  assert.match(hint.message, /macOS and Windows wheels are CPU-only/);
  const actions = await actionsFor(client, uri, hint);
  assert.equal(actions.length, 1);
  assert.equal(actions[0].isPreferred, true);
  const fixed = applyEdits(text, actions[0].edit!.changes![uri]);
  assert.equal(
    fixed,
    [
      '# /// script',
      '# dependencies = ["torch", "torchvision"]',
      '# [[tool.uv.index]]',
      '# name = "pytorch-cu129"',
      '# url = "https://download.pytorch.org/whl/cu129"',
      '# explicit = true',
      '#',
      '# [tool.uv.sources]',
      '# torch = { index = "pytorch-cu129" }',
      '# torchvision = { index = "pytorch-cu129" }',
      '# ///',
      'import torch',
      'import torchvision',
      '',
    ].join('\n'),
  );
  await client.change(uri, 2, [{ text: fixed }]);
  assert.deepEqual(await client.waitForDiagnostics(uri, 2), []);
});

test('without a known driver, the torch fix offers each CUDA version and prefers none', async (t) => {
  const client = await started();
  t.after(() => client.dispose());
  const uri = 'file:///tmp/experiment/eval.py';
  await client.open(uri, '# /// script\n# dependencies = ["torch"]\n# ///\nimport torch\n');
  const [hint] = await client.waitForDiagnostics(uri, 1);
  const actions = await actionsFor(client, uri, hint);
  assert.ok(actions.length >= 5, JSON.stringify(actions.map((a) => a.title)));
  assert.ok(actions.every((a) => !a.isPreferred && /^Pin torch to PyTorch's CUDA \d+\.\d+ index$/.test(a.title)));
});

test('an experiment script without a header: the fix writes one from its imports, GPU build included', async (t) => {
  const client = await started({ driverCuda: '12.8' });
  t.after(() => client.dispose());
  const uri = 'file:///tmp/experiment/train.py';
  const text = '#!/usr/bin/env python3\nimport os\nimport jax\nimport typer\nfrom loguru import logger\n';
  await client.open(uri, text);
  const [missing] = await client.waitForDiagnostics(uri, 1);
  assert.equal(missing.code, 'pep723/missing-header');
  assert.equal(missing.severity, 3);
  const [fix] = await actionsFor(client, uri, missing);
  assert.equal(
    applyEdits(text, fix.edit!.changes![uri]),
    [
      '#!/usr/bin/env python3',
      '# /// script',
      '# requires-python = ">=3.11"',
      '# dependencies = [',
      '#     "jax[cuda12]",',
      '#     "typer",',
      '#     "loguru",',
      '# ]',
      '# ///',
      'import os',
      'import jax',
      'import typer',
      'from loguru import logger',
      '',
    ].join('\n'),
  );
  const plain = 'file:///tmp/notes/helper.py';
  await client.open(plain, text);
  assert.deepEqual(await client.waitForDiagnostics(plain, 1), [], 'a file that is not an experiment script gets nothing');
});

test('files beside the script and the experiment runs on disk: local modules, a missing run and its fix', async (t) => {
  const client = await started();
  t.after(() => client.dispose());
  const local = corpusUri('eval_local_module.py');
  await client.open(local, fs.readFileSync(path.join(CORPUS, 'eval_local_module.py'), 'utf8'));
  assert.deepEqual(await client.waitForDiagnostics(local, 1), [], 'helpers.py and mylib/ beside it are not third-party');

  const uri = corpusUri('eval_missing_run.py');
  const text = fs.readFileSync(path.join(CORPUS, 'eval_missing_run.py'), 'utf8');
  await client.open(uri, text);
  const [missing] = await client.waitForDiagnostics(uri, 1);
  assert.equal(missing.code, 'runs/missing-run');
  assert.equal(missing.severity, 3);
  const actions = await actionsFor(client, uri, missing);
  assert.deepEqual(
    actions.map((a) => a.title),
    ['Use `runs/2025-02-02T15-00-00-full`', 'Use `runs/2024-06-01T00-00-00-full`'],
  );
  assert.match(applyEdits(text, actions[0].edit!.changes![uri]), /typer\.Argument\("runs\/2025-02-02T15-00-00-full"\)/);
});

test('a module created beside the script stops being reported once the client says the file appeared', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-local-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const client = LspClient.start();
  t.after(() => client.dispose());
  await client.request('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: { ...PUSH_CLIENT, workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
  });
  await client.connection.sendNotification('initialized', {});
  const script = path.join(dir, 'train.py');
  const text = '# /// script\n# dependencies = ["typer"]\n# ///\nimport typer\nimport shapes\n';
  fs.writeFileSync(script, text);
  const uri = pathToFileURL(script).href;
  await client.open(uri, text);
  assert.deepEqual(
    (await client.waitForDiagnostics(uri, 1)).map((d) => d.code),
    ['deps/undeclared-import'],
  );
  const published = client.publishedFor(uri).length;
  fs.writeFileSync(path.join(dir, 'shapes.py'), 'SQUARE = 4\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: pathToFileURL(path.join(dir, 'shapes.py')).href, type: 1 }],
  });
  assert.deepEqual(await client.waitForDiagnostics(uri, 1, published), []);
});
