// Diagnostics over the real protocol: pushed to clients without pull support, pulled by those that have it,
// at the script's own lines, following incremental edits, and cleared when the header is repaired.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LspClient, PULL_CLIENT, PUSH_CLIENT, fixture, fixtureUri, positionOf } from './lspHarness';

test('a client without pull support gets diagnostics pushed at the script line of the problem', async (t) => {
  const { client, result } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  assert.equal(result.capabilities.diagnosticProvider, undefined, 'no pull provider is announced to a push-only client');
  const uri = fixtureUri('unclosed.py');
  await client.open(uri, fixture('unclosed.py'));
  const diagnostics = await client.waitForDiagnostics(uri, 1);
  const unclosed = diagnostics.find((d) => d.code === 'pep723/unclosed-block');
  assert.ok(unclosed, `an unclosed-block error, got ${JSON.stringify(diagnostics)}`);
  assert.equal(unclosed.range.start.line, 1, 'reported on the `# /// script` line (line 2 of the file)');
  assert.equal(unclosed.source, 'experiment-scripts');
  assert.equal(unclosed.severity, 1, 'an error');
});

test('a client with pull support pulls diagnostics and is never pushed any', async (t) => {
  const { client, result } = await LspClient.initialized(PULL_CLIENT);
  t.after(() => client.dispose());
  assert.deepEqual(result.capabilities.diagnosticProvider, { interFileDependencies: false, workspaceDiagnostics: false });
  const uri = fixtureUri('unclosed.py');
  await client.open(uri, fixture('unclosed.py'));
  const report = await client.pull(uri);
  assert.equal(report.kind, 'full');
  assert.deepEqual(
    report.items?.map((d) => [d.code, d.range.start.line]),
    [['pep723/unclosed-block', 1]],
  );

  const again = await client.pull(uri, report.resultId);
  assert.equal(again.kind, 'unchanged', 'nothing changed since the last pull');

  await client.change(uri, 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '# ///\n' }]);
  const fixed = await client.pull(uri, report.resultId);
  assert.equal(fixed.kind, 'full', 'an edit in the header gives a new report');
  assert.deepEqual(fixed.items, []);
  // Any push would have been written before the answer to this later request.
  await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  assert.deepEqual(client.publishedFor(uri), []);
});

test('incremental edits inside the header break and repair it', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('train_gpu.py');
  const text = fixture('train_gpu.py');
  await client.open(uri, text);
  assert.deepEqual(await client.waitForDiagnostics(uri, 1), [], 'the fixture header is valid');

  const closing = positionOf(text, '# ///\n"""');
  // Turn the closing `# ///` into `# //` (one character deleted).
  const slash = { line: closing.line, character: 4 };
  await client.change(uri, 2, [{ range: { start: slash, end: { line: slash.line, character: 5 } }, text: '' }]);
  const broken = await client.waitForDiagnostics(uri, 2);
  assert.deepEqual(
    broken.map((d) => [d.code, d.range.start.line]),
    [['pep723/unclosed-block', 0]],
  );

  await client.change(uri, 3, [{ range: { start: slash, end: slash }, text: '/' }]);
  assert.deepEqual(await client.waitForDiagnostics(uri, 3), [], 'putting the slash back clears the error');
});

test('edits far below the header keep diagnostics right, including one that types a second block', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('train_gpu.py');
  const text = fixture('train_gpu.py');
  const lines = text.split('\n').length - 1;
  await client.open(uri, text);
  assert.deepEqual(await client.waitForDiagnostics(uri, 1), []);

  const end = { line: lines, character: 0 };
  await client.change(uri, 2, [{ range: { start: end, end }, text: 'x = 1\n# // script\n' }]);
  assert.deepEqual(await client.waitForDiagnostics(uri, 2), [], 'ordinary code below the header changes nothing');

  // One more slash turns the comment into a second opening tag, although the typed text holds no `# ///`. Never
  // closed, it is not a block (uv ignores such a line), so there is still nothing to say.
  const tagLine = lines + 1;
  await client.change(uri, 3, [{ range: { start: { line: tagLine, character: 4 }, end: { line: tagLine, character: 4 } }, text: '/' }]);
  assert.deepEqual(await client.waitForDiagnostics(uri, 3), [], 'an opening line that is never closed is not a second block');

  // Closed, it is a second block, which uv refuses.
  await client.change(uri, 4, [
    { range: { start: { line: tagLine, character: 12 }, end: { line: tagLine, character: 12 } }, text: '\n# ///' },
  ]);
  const second = await client.waitForDiagnostics(uri, 4);
  assert.deepEqual(
    second.map((d) => [d.code, d.range.start.line]),
    [['pep723/multiple-blocks', tagLine]],
  );

  // Deleting both lines again, by a range that spans the line break before them.
  await client.change(uri, 5, [
    { range: { start: { line: tagLine - 1, character: 5 }, end: { line: tagLine + 1, character: 5 } }, text: '' },
  ]);
  assert.deepEqual(await client.waitForDiagnostics(uri, 5), []);
});

test('a burst of changes is answered with diagnostics for the last version', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('unclosed.py');
  const text = fixture('unclosed.py');
  await client.open(uri, text);
  await client.waitForDiagnostics(uri, 1);
  const at = { line: 4, character: 0 };
  const typed = '# ///\n';
  for (let i = 0; i < typed.length; i++) {
    const pos = { line: at.line, character: i };
    await client.change(uri, 2 + i, [{ range: { start: pos, end: pos }, text: typed[i] }]);
  }
  assert.deepEqual(await client.waitForDiagnostics(uri, 1 + typed.length), [], 'the typed closing line ends the error');
});

test('closing a document clears its pushed diagnostics', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('unclosed.py');
  await client.open(uri, fixture('unclosed.py'));
  assert.equal((await client.waitForDiagnostics(uri, 1)).length, 1);
  const before = client.publishedFor(uri).length;
  await client.close(uri);
  assert.deepEqual(await client.waitForDiagnostics(uri, undefined, before), []);
});

test('a TOML syntax error is reported at the script line where it is', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('bad_toml.py');
  const text = fixture('bad_toml.py');
  await client.open(uri, text);
  const diagnostics = await client.waitForDiagnostics(uri, 1);
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.range.start.line]),
    [['pep723/invalid-toml', positionOf(text, '"matplotlib"').line]],
  );
  // Typing the missing comma repairs it.
  const after = positionOf(text, '"pandas"', '"pandas"'.length);
  await client.change(uri, 2, [{ range: { start: after, end: after }, text: ',' }]);
  assert.deepEqual(await client.waitForDiagnostics(uri, 2), []);
});

test('a finding below the header follows lines inserted and removed above it', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = fixtureUri('eval_argv.py');
  const text = fixture('eval_argv.py');
  await client.open(uri, text);
  const argvLine = positionOf(text, 'sys.argv').line;
  const at = (diagnostics: { code?: unknown; range: { start: { line: number } } }[]) =>
    diagnostics.map((d) => [d.code, d.range.start.line]);
  assert.deepEqual(at(await client.waitForDiagnostics(uri, 1)), [['conventions/sys-argv', argvLine]]);

  const importLine = positionOf(text, 'import numpy').line;
  const start = { line: importLine, character: 0 };
  await client.change(uri, 2, [{ range: { start, end: start }, text: 'import os\nimport json\nimport re\n' }]);
  assert.deepEqual(at(await client.waitForDiagnostics(uri, 2)), [['conventions/sys-argv', argvLine + 3]]);

  await client.change(uri, 3, [{ range: { start, end: { line: importLine + 2, character: 0 } }, text: '' }]);
  assert.deepEqual(at(await client.waitForDiagnostics(uri, 3)), [['conventions/sys-argv', argvLine + 1]]);

  // Rewriting the line that uses sys.argv removes the hint.
  const line = argvLine + 1;
  await client.change(uri, 4, [{ range: { start: { line, character: 15 }, end: { line, character: 26 } }, text: 'os.getcwd()' }]);
  assert.deepEqual(await client.waitForDiagnostics(uri, 4), []);
});
