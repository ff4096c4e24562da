// pixi scripts over the real protocol: the [tool.pixi] diagnostics, completion, hover and quick fixes a client
// receives, and the "Lock Script Environment" code lens for clients that implement the command.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, LspClient, PUSH_CLIENT, TextEdit, applyEdits, positionOf, repoRoot } from './lspHarness';

const fixtureText = (name: string) => fs.readFileSync(path.join(repoRoot, 'test/fixtures/pixi-scripts', name), 'utf8');
const fixtureUri = (name: string) => pathToFileURL(path.join(repoRoot, 'test/fixtures/pixi-scripts', name)).href;

interface CompletionItem {
  label: string;
  detail?: string;
  kind?: number;
}
interface CodeAction {
  title: string;
  isPreferred?: boolean;
  edit?: { changes?: Record<string, TextEdit[]> };
}
interface CodeLens {
  range: { start: { line: number } };
  command?: { title: string; command: string; arguments?: unknown[] };
}

test('[tool.pixi] diagnostics arrive with pixi codes at the script positions pixi reports', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('workspace_only.py');
  await client.open(uri, fixtureText('workspace_only.py'));
  const diagnostics = await client.waitForDiagnostics(uri, 1);
  const errors = diagnostics.filter((d) => d.severity === 1);
  assert.deepEqual(
    errors.map((d) => d.code),
    ['pixi/not-in-scripts', 'pixi/not-in-scripts', 'pixi/not-in-scripts'],
  );
  assert.deepEqual(
    errors.map((d) => d.range.start.line),
    [3, 6, 9],
  );
  const clean = fixtureUri('earthquakes.py');
  await client.open(clean, fixtureText('earthquakes.py'));
  assert.deepEqual(await client.waitForDiagnostics(clean, 1), []);
});

test('completion in [tool.pixi.workspace] and [tool.pixi.dependencies]', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = 'untitled:pixi-completion.py';
  const text = '# /// script\n# [tool.pixi.workspace]\n# \n#\n# [tool.pixi.dependencies]\n# \n# ///\n';
  await client.open(uri, text);
  const keys = await client.request<{ items: CompletionItem[] }>('textDocument/completion', {
    textDocument: { uri },
    position: { line: 2, character: 2 },
  });
  const platforms = keys.items.find((i) => i.label === 'platforms');
  assert.ok(platforms, JSON.stringify(keys.items.map((i) => i.label)));
  assert.match(platforms.detail ?? '', /cuda = "12.0"/);
  const packages = await client.request<{ items: CompletionItem[] }>('textDocument/completion', {
    textDocument: { uri },
    position: { line: 5, character: 2 },
  });
  assert.equal(packages.items[0].label, 'pytorch-gpu');
  assert.ok(packages.items.some((i) => i.label === 'cuda-version'));
});

test('hover: a conda package, and the opening line of a header for both uv and pixi', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = 'untitled:pixi-hover.py';
  const text =
    '# /// script\n# dependencies = ["typer"]\n# [tool.uv]\n# prerelease = "allow"\n# [tool.pixi.dependencies]\n# pytorch-gpu = "*"\n# ///\n';
  await client.open(uri, text);
  type Hover = { contents: { kind: string; value: string } };
  const onPackage = await client.request<Hover>('textDocument/hover', {
    textDocument: { uri },
    position: positionOf(text, 'pytorch-gpu', 2),
  });
  assert.match(onPackage.contents.value, /CUDA build only/);
  const opening = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } });
  assert.match(opening.contents.value, /pixi run --script.*ignores `\[tool\.uv\]`/s);
  assert.match(opening.contents.value, /uv run.*ignores `\[tool\.pixi\]`/s);
});

test('quick fixes of the GPU hint make a CPU pixi train script a GPU one', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pixi-fix-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'train.py');
  let text = fixtureText('train_pytorch_cpu.py');
  fs.writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  await client.open(uri, text);
  let version = 1;
  const gpuHints = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'conventions/pixi-without-gpu');
  let diagnostics: Diagnostic[] = await client.waitForDiagnostics(uri, version);
  while (gpuHints(diagnostics).length > 0) {
    const [hint] = gpuHints(diagnostics);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: hint.range,
      context: { diagnostics: [hint], only: ['quickfix'] },
    });
    assert.ok(actions.length > 0 && version < 4, 'each hint carries a fix');
    const edits = actions[0].edit!.changes![uri];
    text = applyEdits(text, edits);
    version++;
    await client.change(uri, version, [{ text }]);
    diagnostics = await client.waitForDiagnostics(uri, version);
  }
  assert.match(text, /pytorch-gpu = "\*"/);
  assert.match(text, /platforms = \[\{ platform = "linux-64", cuda = "12.0" \}\]/);
  // What is left is the script's own business: it imports neither typer nor loguru; torch comes from conda's pytorch-gpu.
  assert.deepEqual(
    diagnostics.map((d) => `${d.code} ${text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character)}`),
    ['deps/unused-dependency typer', 'deps/unused-dependency loguru'],
  );
});

test('the lock lens: offered to clients that implement the command, missing then up to date', async (t) => {
  const client = LspClient.start();
  t.after(() => client.dispose());
  const result = await client.request<{ capabilities: { codeLensProvider?: object } }>('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: PUSH_CLIENT,
    initializationOptions: { clientCommands: ['experimentScripts.lockScriptEnvironment'] },
  });
  await client.connection.sendNotification('initialized', {});
  assert.ok(result.capabilities.codeLensProvider);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pixi-lock-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'train.py');
  fs.writeFileSync(file, fixtureText('train_pytorch_gpu.py'));
  const uri = pathToFileURL(file).href;
  await client.open(uri, fixtureText('train_pytorch_gpu.py'));
  const lenses = async () => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  const [missing] = await lenses();
  assert.equal(missing.range.start.line, 0);
  assert.match(missing.command!.title, /no train\.py\.pixi\.lock yet/);
  assert.equal(missing.command!.command, 'experimentScripts.lockScriptEnvironment');
  assert.deepEqual(missing.command!.arguments, [uri]);
  const lock = `${file}.pixi.lock`;
  fs.writeFileSync(lock, 'version: 6\n');
  const past = new Date(Date.now() - 60_000);
  fs.utimesSync(file, past, past);
  assert.match((await lenses())[0].command!.title, /is up to date/);
  fs.utimesSync(lock, new Date(past.getTime() - 60_000), new Date(past.getTime() - 60_000));
  assert.match((await lenses())[0].command!.title, /older than the script/);

  const { client: plain, result: plainResult } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => plain.dispose());
  assert.equal((plainResult as { capabilities: { codeLensProvider?: object } }).capabilities.codeLensProvider, undefined);
});

test("a pixi.toml appearing above the experiment makes the server check it as pixi runs it: uv's index hint and lock lens go", async (t) => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'pixi-manifest-'));
  t.after(() => fs.rmSync(workspace, { recursive: true, force: true }));
  const experiment = path.join(workspace, 'mnist');
  fs.mkdirSync(path.join(experiment, 'runs'), { recursive: true });
  const file = path.join(experiment, 'train.py');
  const text = '# /// script\n# dependencies = ["torch", "typer"]\n# ///\nimport torch\nimport typer\n';
  fs.writeFileSync(file, text);
  const client = LspClient.start();
  t.after(() => client.dispose());
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).href,
    capabilities: { ...PUSH_CLIENT, workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } },
    initializationOptions: { clientCommands: ['experimentScripts.lockScriptEnvironment'] },
  });
  await client.connection.sendNotification('initialized', {});
  const uri = pathToFileURL(file).href;
  await client.open(uri, text);
  assert.deepEqual(
    (await client.waitForDiagnostics(uri, 1)).map((d) => d.code),
    ['conventions/torch-without-cuda-index'],
  );
  const lenses = async () => client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
  assert.deepEqual(
    (await lenses()).map((l) => l.command?.title),
    ['Lock Script Environment (uv lock --script: no train.py.lock yet)'],
  );
  const published = client.publishedFor(uri).length;
  const manifest = path.join(workspace, 'pixi.toml');
  fs.writeFileSync(manifest, '[workspace]\nchannels = ["conda-forge"]\nplatforms = ["linux-64"]\n');
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: pathToFileURL(manifest).href, type: 1 }],
  });
  assert.deepEqual(await client.waitForDiagnostics(uri, 1, published), []);
  // The script now runs in the manifest's environment, which `pixi lock` locks in its own folder: no lens.
  assert.deepEqual(await lenses(), []);
});
