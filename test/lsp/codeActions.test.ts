// Quick fixes over the real protocol: offered for the diagnostics the client sends back, and applying one
// repairs the header.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Diagnostic, LspClient, PUSH_CLIENT, TextEdit, applyEdits, fixture, fixtureUri } from './lspHarness';

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  diagnostics?: Diagnostic[];
  edit?: { changes?: Record<string, TextEdit[]> };
}

test('the preferred quick fix closes an unclosed block and the error goes away', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('unclosed.py');
  const text = fixture('unclosed.py');
  await client.open(uri, text);
  const [diagnostic] = await client.waitForDiagnostics(uri, 1);
  assert.equal(diagnostic.code, 'pep723/unclosed-block');

  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  });
  const preferred = actions.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1, `exactly one preferred fix among ${JSON.stringify(actions.map((a) => a.title))}`);
  const fix = preferred[0];
  assert.equal(fix.kind, 'quickfix');
  assert.deepEqual(fix.diagnostics, [diagnostic], 'the fix names the diagnostic it repairs');
  const edits = fix.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, 'the fix edits this document');

  const repaired = applyEdits(text, edits);
  assert.match(
    repaired,
    /# dependencies = \["numpy", "typer"\]\n# \/\/\/\n"""Generate/,
    'the closing line lands after the last metadata line',
  );
  await client.change(
    uri,
    2,
    edits.map((e) => ({ range: e.range, text: e.newText })),
  );
  assert.deepEqual(await client.waitForDiagnostics(uri, 2), []);
});

test('no quick fix is offered for diagnostics that are not ours or for other kinds of action', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('unclosed.py');
  await client.open(uri, fixture('unclosed.py'));
  const [diagnostic] = await client.waitForDiagnostics(uri, 1);
  const foreign = { ...diagnostic, code: 'E501', source: 'another-linter', message: 'line too long' };
  const none = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [foreign] },
  });
  assert.deepEqual(none, []);
  const refactors = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['refactor'] },
  });
  assert.deepEqual(refactors, []);
});
