// PEP 723 headers in a real VS Code: broken headers are reported at the right line, with stable codes; fixing the
// header clears them; the quick fix for an unclosed block repairs it; completion inside the header offers the
// PyTorch CUDA wheel index. Tests work on copies of test/e2e/workspace/broken-header/, never on the fixtures.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import {
  activateExtension,
  applyEdit,
  completionInsertText,
  copyToScratch,
  describeDiagnostics,
  diagnosticCode,
  openFile,
  removeScratchFolders,
  replaceLine,
  waitForDiagnostics,
} from './helpers';

const FIXTURES = 'broken-header';

const hasCode = (code: string, line?: number) => (ds: vscode.Diagnostic[]) =>
  ds.some((d) => diagnosticCode(d) === code && (line === undefined || d.range.start.line === line));
const noErrors = (ds: vscode.Diagnostic[]) => !ds.some((d) => d.severity === vscode.DiagnosticSeverity.Error);

/** Opens a scratch copy, waits for `code` at `line`, and checks it is an error the Problems view lists. */
async function expectError(uri: vscode.Uri, code: string, line: number): Promise<vscode.Diagnostic> {
  await openFile(uri);
  const diagnostics = await waitForDiagnostics(uri, hasCode(code, line), { message: `${code} on line ${line + 1}` });
  const found = diagnostics.find((d) => diagnosticCode(d) === code && d.range.start.line === line);
  assert.ok(found);
  assert.strictEqual(found.severity, vscode.DiagnosticSeverity.Error, `${code} should be an error (uv refuses the script)`);
  assert.ok(found.message.length > 10, `${code} should explain itself, got ${JSON.stringify(found.message)}`);
  // The Problems view shows what the diagnostic collection holds; bring it up so the suite's screenshot shows it.
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  return found;
}

suite('PEP 723 header diagnostics', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  suiteTeardown(removeScratchFolders);

  test('an unclosed block is reported on its opening line, and its quick fix closes it', async () => {
    const [uri] = copyToScratch(`${FIXTURES}/unclosed_block.py`);
    const diagnostic = await expectError(uri, 'pep723/unclosed-block', 0);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    // Asked for the diagnostic's range and the quick-fix kind: every action with an edit is a candidate; the
    // preferred one (the one Ctrl+. applies first) wins.
    const fixes = (actions ?? []).filter((a) => a.edit);
    assert.ok(
      fixes.length > 0,
      `a quick fix for pep723/unclosed-block; code actions offered: ${JSON.stringify((actions ?? []).map((a) => a.title))}`,
    );
    const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];
    assert.ok(fix.edit);
    await applyEdit(fix.edit);

    const document = await vscode.workspace.openTextDocument(uri);
    const lines = document.getText().split(/\r?\n/);
    assert.deepStrictEqual(
      lines.slice(0, 4),
      ['# /// script', '# requires-python = ">=3.11"', '# dependencies = ["numpy"]', '# ///'],
      `"${fix.title}" should close the block after its last metadata line`,
    );
    const after = await waitForDiagnostics(uri, (ds) => !hasCode('pep723/unclosed-block')(ds) && noErrors(ds), {
      message: 'the unclosed-block error to clear after the quick fix',
    });
    console.log(`quick fix "${fix.title}" applied; left: ${JSON.stringify(describeDiagnostics(after))}`);
  });

  test('invalid TOML is reported on its line, and correcting the line clears it', async () => {
    const [uri] = copyToScratch(`${FIXTURES}/invalid_toml.py`);
    await expectError(uri, 'pep723/invalid-toml', 1);
    await replaceLine(uri, 1, '# requires-python = ">=3.11"');
    await waitForDiagnostics(uri, (ds) => !hasCode('pep723/invalid-toml')(ds) && noErrors(ds), {
      message: 'the invalid-toml error to clear after quoting the value',
    });
  });

  test('an invalid requirement is reported on its line, and correcting it clears it', async () => {
    const [uri] = copyToScratch(`${FIXTURES}/invalid_requirement.py`);
    await expectError(uri, 'pep508/invalid-requirement', 4);
    await replaceLine(uri, 4, '#     "numpy>=1.0",');
    await waitForDiagnostics(uri, (ds) => !hasCode('pep508/invalid-requirement')(ds) && noErrors(ds), {
      message: 'the invalid-requirement error to clear after the fix',
    });
  });

  test('breaking a valid header while editing reports the error, undoing it clears it', async () => {
    const [uri] = copyToScratch(`${FIXTURES}/invalid_requirement.py`);
    await replaceLine(uri, 4, '#     "numpy>=1.0",');
    await openFile(uri);
    await waitForDiagnostics(uri, noErrors, { message: 'no error once the requirement is valid' });
    // Deleting the closing line leaves the block open: the error must appear without saving the file.
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.delete(uri, document.lineAt(6).rangeIncludingLineBreak);
    await applyEdit(edit);
    await waitForDiagnostics(uri, hasCode('pep723/unclosed-block', 0), {
      message: 'pep723/unclosed-block after deleting the closing line',
    });
    await vscode.commands.executeCommand('undo');
    await waitForDiagnostics(uri, noErrors, { message: 'no error after undoing the deletion' });
  });
});

suite('PEP 723 completion', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  suiteTeardown(removeScratchFolders);

  test('inside an index URL of the header, completion offers the PyTorch CUDA wheel index; accepting one makes the header valid', async () => {
    const [uri] = copyToScratch(`${FIXTURES}/torch_index.py`);
    const editor = await openFile(uri);
    const line = editor.document.lineAt(4).text;
    assert.strictEqual(line, '# url = ""');
    const position = new vscode.Position(4, line.indexOf('"') + 1);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
    const textOf = (item: vscode.CompletionItem) => item.textEdit?.newText ?? completionInsertText(item);
    const cuda = list.items.filter((item) => textOf(item).includes('https://download.pytorch.org/whl/cu'));
    assert.ok(
      cuda.length > 0,
      `a completion with https://download.pytorch.org/whl/cu…; offered: ${JSON.stringify(list.items.slice(0, 20).map(textOf))}`,
    );
    console.log(`CUDA index completions: ${JSON.stringify(cuda.map(textOf))}`);

    // Accept one the way the editor does: its text edit (or its text at the cursor), then the empty-URL error goes.
    const item = cuda[0];
    const edit = new vscode.WorkspaceEdit();
    const range = item.range instanceof vscode.Range ? item.range : (item.range?.replacing ?? new vscode.Range(position, position));
    edit.replace(uri, item.textEdit?.range ?? range, textOf(item));
    await applyEdit(edit);
    const accepted = editor.document.lineAt(4).text;
    assert.match(
      accepted,
      /^# url = "https:\/\/download\.pytorch\.org\/whl\/cu\d+"$/,
      'the accepted completion should fill the quoted URL',
    );
    await waitForDiagnostics(uri, noErrors, { message: `no error once the index URL is filled (${accepted})` });
  });
});
