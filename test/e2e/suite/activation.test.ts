// Activation in a real VS Code, in the fixture workspace (which holds experiments: folders with a train.py).
// The loader runs this file first, so it sees the state VS Code started in: no editor opened by a test yet.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, getExtension, waitFor } from './helpers';

suite('activation', () => {
  test('runs inside a real VS Code with the extension under development loaded', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const ext = getExtension();
    assert.strictEqual(ext.id, EXTENSION_ID);
    console.log(
      `VS Code ${vscode.version} (${vscode.env.appName}, ui kind ${vscode.UIKind[vscode.env.uiKind]}); extension at ${ext.extensionPath}`,
    );
  });

  test('the manifest activates on Python files and experiment folders, and on nothing else', () => {
    const events = [...((getExtension().packageJSON as { activationEvents?: string[] }).activationEvents ?? [])].sort();
    // Python files, a train.py anywhere, a runs/ folder (its exact glob is checked by the runs-only run, which
    // proves it really fires), and a metrics panel to restore after a window reload; nothing broader such as "*" or
    // onStartupFinished.
    const runsEvents = events.filter((e) => /^workspaceContains:.*\bruns\b/.test(e));
    assert.strictEqual(runsEvents.length, 1, `one workspaceContains event for runs/, got ${JSON.stringify(events)}`);
    assert.deepStrictEqual(
      events.filter((e) => !runsEvents.includes(e)),
      ['onLanguage:python', 'onWebviewPanel:experimentScripts.metrics', 'workspaceContains:**/train.py'],
    );
  });

  test('activates on its own in a workspace holding an experiment, before any Python file is opened', async () => {
    const trainScripts = await vscode.workspace.findFiles('**/train.py', '**/node_modules/**', 1);
    assert.ok(trainScripts.length > 0, 'the fixture workspace should hold an experiment (a train.py)');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.deepStrictEqual(tabs, [], 'no editor may be open yet, or opening a Python file could be what activated the extension');
    const ext = getExtension();
    await waitFor(() => ext.isActive, { timeout: 20000, message: 'the extension to activate (workspaceContains:**/train.py)' });
  });

  test('activate() returns the API, and the language server starts', async () => {
    const ext = getExtension();
    const api = await ext.activate();
    assert.ok(api, 'activate() returned an API object');
    assert.strictEqual(typeof api.activationMs, 'number');
    assert.ok(api.activationMs >= 0);
    // Reported, not asserted: a time limit in a test would fail on a slow machine for no fault of the code.
    console.log(`E2E-MEASURE activate() took ${api.activationMs.toFixed(2)} ms in the real extension host`);
    await api.languageClientReady;
    assert.ok(fs.existsSync(path.join(ext.extensionPath, 'dist', 'server.js')));
  });
});
