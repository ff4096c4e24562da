// Hover over the real protocol: Markdown texts for keys, dependencies and index URLs; nothing on code.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LspClient, PUSH_CLIENT, fixture, fixtureUri, positionOf } from './lspHarness';

interface Hover {
  contents: { kind: string; value: string };
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

test('hover explains keys, dependencies and the CUDA version of an index URL, in Markdown', async (t) => {
  const { client, result } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  assert.equal(result.capabilities.hoverProvider, true);
  const uri = fixtureUri('train_gpu.py');
  const text = fixture('train_gpu.py');
  await client.open(uri, text);
  const hover = (needle: string, offset = 1) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, needle, offset) });

  const url = await hover('https://download.pytorch.org/whl/cu128', 5);
  assert.equal(url?.contents.kind, 'markdown');
  assert.match(url.contents.value, /CUDA 12\.8/);
  assert.equal(url.range?.start.line, positionOf(text, 'url = "https').line);

  const torch = await hover('"torch>=2.4,<3"', 2);
  assert.match(torch!.contents.value, /\*\*torch\*\*/);
  assert.match(torch!.contents.value, /2\.4 or newer, and older than 3/);

  const numpy = await hover("sys_platform == 'linux'", 2);
  assert.match(numpy!.contents.value, /Installed only on Linux/);

  const key = await hover('exclude-newer');
  assert.match(key!.contents.value, /\*\*tool\.uv\.exclude-newer\*\*/);

  const stdlib = await hover('from datetime import datetime', 6);
  assert.match(stdlib!.contents.value, /standard library/, 'an imported module says where it comes from');
  const typer = await hover('import typer', 8);
  assert.match(typer!.contents.value, /comes from `typer`/);
  assert.equal(await hover('app = typer.Typer()', 2), null, 'other Python code has no hover from us');
  assert.equal(await hover('def run_dir', 5), null);
});

test('hover on a header whose TOML is broken answers nothing and breaks nothing', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('bad_toml.py');
  const text = fixture('bad_toml.py');
  await client.open(uri, text);
  const position = positionOf(text, 'pandas', 2);
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position }), null);
  assert.equal((await client.waitForDiagnostics(uri, 1)).length, 1, 'the TOML error is still reported');
});
