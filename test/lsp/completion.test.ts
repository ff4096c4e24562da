// Completion over the real protocol: offered inside the header only, with the PyTorch CUDA indexes as whole
// tables that keep the header valid, and package names inside `dependencies` strings.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LspClient, PUSH_CLIENT, TextEdit, applyEdits, fixture, fixtureUri, positionOf } from './lspHarness';

interface CompletionItem {
  label: string;
  detail?: string;
  filterText?: string;
  insertTextFormat?: number;
  textEdit?: TextEdit;
  additionalTextEdits?: TextEdit[];
}
interface CompletionList {
  items: CompletionItem[];
}

const header = `# /// script
# requires-python = ">=3.11"
# dependencies = ["torch", "torchvision", "typer"]
#
# ///
import torch, torchvision, typer
# a comment in the code
print(torch.__version__)
`;

async function complete(client: LspClient, uri: string, line: number, character: number): Promise<CompletionList | null> {
  return client.request<CompletionList | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
}

test('inside the header, the PyTorch CUDA 12.8 index comes as a whole table that makes a valid header', async (t) => {
  const { client, result } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  assert.ok(result.capabilities.completionProvider?.triggerCharacters?.includes('"'));
  const uri = 'file:///tmp/experiment/train.py';
  await client.open(uri, header);
  assert.deepEqual(
    (await client.waitForDiagnostics(uri, 1)).map((d) => d.code),
    ['conventions/torch-without-cuda-index'],
    'a train script with torch from PyPI is told to pin a CUDA index',
  );

  const list = await complete(client, uri, 3, 1);
  assert.ok(list, 'completion answers inside the header');
  const labels = list.items.map((i) => i.label);
  for (const tag of ['cu118', 'cu121', 'cu124', 'cu126', 'cu128', 'cu129', 'cu130', 'cpu']) {
    assert.ok(
      labels.some((l) => l.includes(`(${tag})`)),
      `an index table for ${tag} in ${JSON.stringify(labels)}`,
    );
  }
  const cu128 = list.items.find((i) => i.label.includes('(cu128)'))!;
  const edited = applyEdits(header, [cu128.textEdit!, ...(cu128.additionalTextEdits ?? [])]);
  const block = edited.slice(0, edited.indexOf('# ///\n') + 6);
  assert.equal(
    block,
    [
      '# /// script',
      '# requires-python = ">=3.11"',
      '# dependencies = ["torch", "torchvision", "typer"]',
      '# [[tool.uv.index]]',
      '# name = "pytorch-cu128"',
      '# url = "https://download.pytorch.org/whl/cu128"',
      '# explicit = true',
      '#',
      '# [tool.uv.sources]',
      '# torch = { index = "pytorch-cu128" }',
      '# torchvision = { index = "pytorch-cu128" }',
      '# ///',
      '',
    ].join('\n'),
  );
  await client.change(uri, 2, [{ text: edited }]);
  assert.deepEqual(await client.waitForDiagnostics(uri, 2), [], 'the completed header has no problem');
});

test('nothing is offered outside the header: code, comments below it, or a file without one', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = 'file:///tmp/experiment/train.py';
  await client.open(uri, header);
  assert.equal(await complete(client, uri, 5, 3), null, 'on Python code');
  assert.equal(await complete(client, uri, 6, 5), null, 'on a comment below the header');
  assert.equal(await complete(client, uri, 0, 5), null, 'on the opening line');
  assert.equal(await complete(client, uri, 4, 4), null, 'on the closing line');
  const other = fixtureUri('no_header.py');
  await client.open(other, fixture('no_header.py'));
  assert.equal(await complete(client, other, 4, 8), null, 'in a comment of a file without a header');
});

test('inside a dependencies string, distribution names come with a description, GPU variants included', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = 'file:///tmp/experiment/eval.py';
  const text = '# /// script\n# dependencies = [\n#     "typer",\n#     "ja",\n# ]\n# ///\n';
  await client.open(uri, text);
  const cursor = positionOf(text, '"ja"', 3);
  const list = await complete(client, uri, cursor.line, cursor.character);
  assert.ok(list);
  const jax = list.items.find((i) => i.label === 'jax');
  assert.ok(jax?.detail && jax.detail.length > 10, 'jax has a one-line description');
  assert.ok(
    list.items.some((i) => i.label === 'jax[cuda12]'),
    'the CUDA 12 variant of jax is offered',
  );
  assert.ok(!list.items.some((i) => i.label === 'typer'), 'a package already listed is not offered again');
  const edited = applyEdits(text, [list.items.find((i) => i.label === 'jax[cuda12]')!.textEdit!]);
  assert.match(edited, /# {5}"jax\[cuda12\]",\n/);
});

test('requires-python values are offered inside its string', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = 'file:///tmp/experiment/plot.py';
  const text = '# /// script\n# requires-python = ">="\n# ///\n';
  await client.open(uri, text);
  const list = await complete(client, uri, 1, 23); // after `>=`
  assert.ok(list);
  const labels = list.items.map((i) => i.label);
  assert.ok(labels.includes('>=3.11') && labels.includes('>=3.12') && labels.includes('>=3.10,<3.13'), JSON.stringify(labels));
  const edited = applyEdits(text, [list.items.find((i) => i.label === '>=3.12')!.textEdit!]);
  assert.equal(edited, '# /// script\n# requires-python = ">=3.12"\n# ///\n');
});
