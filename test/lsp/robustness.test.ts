// The server survives what editors and users throw at it: a file deleted while open, a huge file, binary content,
// requests about unknown documents, and it shuts down cleanly when asked.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, PUSH_CLIENT, fixture } from './lspHarness';

/** The server still answers a completion inside a header after whatever came before. */
async function stillAnswers(client: LspClient): Promise<void> {
  const uri = 'file:///tmp/alive-check.py';
  await client.open(uri, '# /// script\n# \n# ///\n');
  const list = await client.request<{ items: { label: string }[] } | null>('textDocument/completion', {
    textDocument: { uri },
    position: { line: 1, character: 2 },
  });
  assert.ok(list && list.items.some((i) => i.label === 'requires-python'), 'the server still completes');
  await client.close(uri);
}

test('a file deleted from disk while open keeps working from the editor buffer', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'es-lsp-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'train.py');
  fs.writeFileSync(file, fixture('unclosed.py'));
  const uri = pathToFileURL(file).href;
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  await client.open(uri, fixture('unclosed.py'));
  assert.equal((await client.waitForDiagnostics(uri, 1))[0]?.code, 'pep723/unclosed-block');
  fs.rmSync(file);
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
  await client.change(uri, 2, [{ range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: '# ///\n' }]);
  assert.deepEqual(await client.waitForDiagnostics(uri, 2), []);
  await stillAnswers(client);
});

test('a huge file with the header on top is checked and the server keeps answering', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const body = 'x = [i * i for i in range(10)]  # some code\n'.repeat(200_000); // about 9 MB
  const text = fixture('unclosed.py') + body;
  const uri = 'file:///tmp/huge.py';
  await client.open(uri, text);
  const diagnostics = await client.waitForDiagnostics(uri, 1);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['pep723/unclosed-block'],
  );
  const end = { line: text.split('\n').length - 1, character: 0 };
  await client.change(uri, 2, [{ range: { start: end, end }, text: 'print("done")\n' }]);
  assert.deepEqual(
    (await client.waitForDiagnostics(uri, 2)).map((d) => d.code),
    ['pep723/unclosed-block'],
  );
  await stillAnswers(client);
});

test('binary content gets no crash, and the server keeps answering', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  // Deterministic pseudo-random bytes, with NULs and invalid UTF-8, decoded as an editor would.
  let seed = 42;
  const bytes = Buffer.alloc(64 * 1024, 0).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
  const text = '# /// script\n' + Buffer.from(bytes).toString('utf8') + '\n# ///\n';
  const uri = 'file:///tmp/model.bin.py';
  await client.open(uri, text);
  const diagnostics = await client.waitForDiagnostics(uri, 1);
  assert.ok(Array.isArray(diagnostics));
  for (const d of diagnostics) assert.equal(typeof d.message, 'string');
  await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } });
  await client.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 3 } });
  await stillAnswers(client);
});

test('requests about documents that were never opened get empty answers, not errors', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = 'file:///tmp/never-opened.py';
  const position = { line: 0, character: 0 };
  assert.equal(await client.request('textDocument/completion', { textDocument: { uri }, position }), null);
  assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position }), null);
  const actions = await client.request('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: position, end: position },
    context: { diagnostics: [] },
  });
  assert.deepEqual(actions, []);
  // A change for an unknown document is ignored.
  await client.change(uri, 2, [{ range: { start: position, end: position }, text: 'x' }]);
  await stillAnswers(client);
});

test('shutdown then exit ends the server with status 0', async (t) => {
  const { client, result } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  assert.equal(result.serverInfo?.name, 'experiment-scripts');
  await client.open('file:///tmp/a.py', fixture('train_gpu.py'));
  assert.equal(await client.shutdown(), 0);
});

test('exit without shutdown ends the server with status 1, as the protocol says', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const exited = new Promise<number | null>((resolve) => client.process.on('exit', resolve));
  await client.connection.sendNotification('exit');
  assert.equal(await exited, 1);
});
