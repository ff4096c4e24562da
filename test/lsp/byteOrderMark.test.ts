// A UTF-8 byte-order mark that only the file's bytes show. VS Code and Neovim strip the BOM from the text they send,
// so the server reads the first bytes of `file:` documents when they open, are saved or change on disk: a header
// that uv would ignore is reported as in the CLI, and clients that implement the rewrite command get it as a fix.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Diagnostic, LspClient, PULL_CLIENT, PUSH_CLIENT, TextEdit, repoRoot, withDeadline } from './lspHarness';

const BOM_FIXTURE = path.join(repoRoot, 'test/fixtures/lsp/bom_on_disk.py');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const COMMAND = 'experimentScripts.removeByteOrderMark';

interface CodeAction {
  title: string;
  kind?: string;
  isPreferred?: boolean;
  edit?: { changes?: Record<string, TextEdit[]> };
  command?: { command: string; arguments?: unknown[] };
}

/** The fixture's text as an editor that strips the BOM sends it. */
function textWithoutBom(): string {
  const text = fs.readFileSync(BOM_FIXTURE, 'utf8');
  assert.equal(text.charCodeAt(0), 0xfeff, 'the fixture starts with a BOM on disk');
  return text.slice(1);
}

/** A temporary copy of the fixture, with or without the BOM on disk. */
function tempScript(withBom: boolean, name = 'eval.py'): { file: string; uri: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bom-test-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  writeScript(file, withBom);
  return { file, uri: pathToFileURL(file).href };
}

function writeScript(file: string, withBom: boolean): void {
  const body = Buffer.from(textWithoutBom(), 'utf8');
  fs.writeFileSync(file, withBom ? Buffer.concat([BOM, body]) : body);
}

const bomOf = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'pep723/bom');

test('a BOM on disk that the editor stripped from the text is reported on the header line, in the first publish', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = pathToFileURL(BOM_FIXTURE).href;
  await client.open(uri, textWithoutBom());
  const first = await client.waitForDiagnostics(uri, 1);
  const [bom] = bomOf(first);
  assert.ok(bom, `pep723/bom among ${JSON.stringify(first.map((d) => d.code))}`);
  assert.equal(bom.severity, 2, 'a warning');
  assert.deepEqual(bom.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 12 } }, 'the `# /// script` line');
  assert.match(bom.message, /byte-order mark.*uv/);
  assert.equal(client.publishedFor(uri).length, 1, 'one publish for the opened document, already complete');
});

test('the same text from a file without a BOM is clean, and so is an unsaved document', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const plain = tempScript(false);
  await client.open(plain.uri, textWithoutBom());
  assert.deepEqual(await client.waitForDiagnostics(plain.uri, 1), []);
  const untitled = 'untitled:Untitled-1';
  await client.open(untitled, textWithoutBom());
  assert.deepEqual(await client.waitForDiagnostics(untitled, 1), []);
});

test('pulled diagnostics include the BOM warning too', async (t) => {
  const { client } = await LspClient.initialized(PULL_CLIENT);
  t.after(() => client.dispose());
  const uri = pathToFileURL(BOM_FIXTURE).href;
  await client.open(uri, textWithoutBom());
  const report = await client.pull(uri);
  assert.equal(report.kind, 'full');
  assert.deepEqual(
    bomOf(report.items ?? []).map((d) => d.range.start.line),
    [0],
  );
});

test('a BOM on disk that hides nothing is not reported: the header does not start the file', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const { file, uri } = tempScript(false);
  const text = '#!/usr/bin/env python3\n' + textWithoutBom();
  fs.writeFileSync(file, Buffer.concat([BOM, Buffer.from(text)]));
  await client.open(uri, text);
  assert.deepEqual(bomOf(await client.waitForDiagnostics(uri, 1)), []);
});

test('a BOM kept in the text is reported once, with the text edit that removes it', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = pathToFileURL(BOM_FIXTURE).href;
  const text = fs.readFileSync(BOM_FIXTURE, 'utf8');
  await client.open(uri, text);
  const found = bomOf(await client.waitForDiagnostics(uri, 1));
  assert.equal(found.length, 1, 'not reported twice');
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: found[0].range,
    context: { diagnostics: found, only: ['quickfix'] },
  });
  assert.deepEqual(
    actions.map((a) => a.edit?.changes?.[uri]),
    [[{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '' }]],
  );
});

test('the rewrite command is offered only to clients that announce it', async (t) => {
  const uri = pathToFileURL(BOM_FIXTURE).href;
  const actionsFor = async (initializationOptions: unknown): Promise<CodeAction[]> => {
    const client = LspClient.start();
    t.after(() => client.dispose());
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: PUSH_CLIENT, initializationOptions });
    await client.connection.sendNotification('initialized', {});
    await client.open(uri, textWithoutBom());
    const found = bomOf(await client.waitForDiagnostics(uri, 1));
    assert.equal(found.length, 1);
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: found[0].range,
      context: { diagnostics: found, only: ['quickfix'] },
    });
  };

  const announced = await actionsFor({ clientCommands: [COMMAND] });
  assert.equal(announced.length, 1);
  assert.equal(announced[0].kind, 'quickfix');
  assert.equal(announced[0].isPreferred, true);
  assert.equal(announced[0].edit, undefined, 'there is no text to edit');
  assert.deepEqual(announced[0].command && { command: announced[0].command.command, arguments: announced[0].command.arguments }, {
    command: COMMAND,
    arguments: [uri],
  });

  assert.deepEqual(await actionsFor(undefined), [], 'a client without the command gets no action it could not run');
  assert.deepEqual(await actionsFor({ clientCommands: 'nonsense' }), []);
});

test('saving re-reads the bytes: the warning clears once the file is written without its BOM', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const { file, uri } = tempScript(true);
  await client.open(uri, textWithoutBom());
  assert.equal(bomOf(await client.waitForDiagnostics(uri, 1)).length, 1);
  writeScript(file, false);
  const seen = client.publishedFor(uri).length;
  await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  assert.deepEqual(await client.waitForDiagnostics(uri, undefined, seen), []);
});

test('a file changed on disk (didChangeWatchedFiles) gains and loses the warning', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const { file, uri } = tempScript(false);
  await client.open(uri, textWithoutBom());
  assert.deepEqual(await client.waitForDiagnostics(uri, 1), []);

  writeScript(file, true);
  let seen = client.publishedFor(uri).length;
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  assert.equal(bomOf(await client.waitForDiagnostics(uri, undefined, seen)).length, 1);

  writeScript(file, false);
  seen = client.publishedFor(uri).length;
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  assert.deepEqual(await client.waitForDiagnostics(uri, undefined, seen), []);
});

test('with pulled diagnostics, a changed BOM asks the client to pull again, and the new pull has it', async (t) => {
  const client = LspClient.start();
  t.after(() => client.dispose());
  let refreshed!: () => void;
  const refresh = new Promise<void>((resolve) => (refreshed = resolve));
  client.connection.onRequest('workspace/diagnostic/refresh', () => {
    refreshed();
    return null;
  });
  await client.initialize({ ...PULL_CLIENT, workspace: { diagnostics: { refreshSupport: true } } });
  const { file, uri } = tempScript(false);
  await client.open(uri, textWithoutBom());
  const before = await client.pull(uri);
  assert.deepEqual(before.items, []);

  writeScript(file, true);
  await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  await withDeadline(refresh, 'workspace/diagnostic/refresh');
  const after = await client.pull(uri, before.resultId);
  assert.equal(after.kind, 'full', 'the previous result id no longer matches');
  assert.equal(bomOf(after.items ?? []).length, 1);
});

test('the server announces save notifications without text and registers a watcher when the client allows it', async (t) => {
  const client = LspClient.start();
  t.after(() => client.dispose());
  let registered!: (p: unknown) => void;
  const registration = new Promise<unknown>((resolve) => (registered = resolve));
  client.connection.onRequest('client/registerCapability', (params: unknown) => {
    registered(params);
    return null;
  });
  const result = await client.initialize({ ...PUSH_CLIENT, workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  assert.deepEqual((result.capabilities.textDocumentSync as { save?: unknown }).save, { includeText: false });
  const params = (await withDeadline(registration, 'client/registerCapability')) as {
    registrations: { method: string; registerOptions: { watchers: { globPattern: string }[] } }[];
  };
  const watch = params.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert.ok(watch, JSON.stringify(params));
  assert.ok(watch.registerOptions.watchers.some((w) => w.globPattern === '**/*.py'));
});
