// Activation in a folder that holds runs but no train.py and no Python file: the manifest's workspaceContains
// event for runs/ is what must wake the extension here. VS Code matches workspaceContains globs against files
// only, so a pattern must reach a file inside runs/ (a pattern naming just the folder never matches).
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { getExtension, waitFor, workspaceRoot } from '../helpers';

suite('activation by a runs folder', () => {
  test('the folder holds runs and no Python file', async () => {
    const python = await vscode.workspace.findFiles('**/*.py', undefined, 1);
    assert.deepStrictEqual(
      python.map((u) => u.fsPath),
      [],
      `${workspaceRoot()} must hold no Python file`,
    );
    const logs = await vscode.workspace.findFiles('**/runs/*/logs/train.log', undefined, 1);
    assert.strictEqual(logs.length, 1, 'the folder should hold a run with a train log');
  });

  test('the extension activates without any editor open', async () => {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    assert.deepStrictEqual(tabs, [], 'no editor may be open, or opening it could be what activated the extension');
    const ext = getExtension();
    await waitFor(() => ext.isActive, { timeout: 20000, message: 'the extension to activate on a workspace holding a runs/ folder' });
  });
});
