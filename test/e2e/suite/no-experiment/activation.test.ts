// Activation in a folder with no experiment (no train.py, no runs/) and no Python file: the extension must stay
// idle while a person works on other files, and wake up as soon as a Python file is opened.
import * as assert from 'node:assert';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, getExtension, openFile, waitFor, workspaceRoot } from '../helpers';

suite('activation without an experiment', () => {
  suiteTeardown(closeAllEditors);

  test('the folder has no experiment', async () => {
    const found = await vscode.workspace.findFiles('{**/train.py,**/runs/**,**/*.py}', undefined, 1);
    assert.deepStrictEqual(
      found.map((u) => u.fsPath),
      [],
      `${workspaceRoot()} must hold no experiment and no Python file`,
    );
  });

  test('opening a Markdown file does not activate the extension', async () => {
    const editor = await openFile('notes.md');
    assert.strictEqual(editor.document.languageId, 'markdown');
    // A negative can only be observed, not awaited: wait until VS Code has settled the opened editor (its language
    // features answer), then check that the extension is still not active.
    await waitFor(
      async () =>
        (
          await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>(
            'vscode.executeDocumentSymbolProvider',
            editor.document.uri,
          )
        )?.length,
      { message: 'the Markdown language features to list the heading of notes.md' },
    );
    assert.strictEqual(getExtension().isActive, false, 'the extension activated although no Python file or experiment is present');
  });

  test('opening a Python document activates it', async () => {
    // Empty, so the untitled document is not dirty and closes without a save prompt.
    const document = await vscode.workspace.openTextDocument({ language: 'python' });
    await vscode.window.showTextDocument(document);
    const ext = getExtension();
    await waitFor(() => ext.isActive, { message: 'the extension to activate on onLanguage:python' });
    assert.ok(path.isAbsolute(ext.extensionPath));
    await ext.exports.languageClientReady;
  });
});
