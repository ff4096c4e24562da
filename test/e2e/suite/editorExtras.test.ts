// Editor extras in a real VS Code: a UTF-8 byte-order mark that VS Code keeps out of the text (reported from the
// file's bytes; the quick fix's command rewrites the file and VS Code reloads it as plain UTF-8), and run paths in
// an experiment's scripts (completion of `runs/` in a string, hover on a run path). Files are written to scratch
// folders inside the workspace copy and removed afterwards.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  activateExtension,
  applyEdit,
  closeAllEditors,
  completionLabels,
  describeDiagnostics,
  diagnosticCode,
  getDiagnostics,
  openFile,
  runCommand,
  waitFor,
  waitForDiagnostics,
  workspaceRoot,
} from './helpers';

const REPO_ROOT = path.resolve(__dirname, '../../../..');
const BOM_FIXTURE = path.join(REPO_ROOT, 'test', 'fixtures', 'lsp', 'bom_on_disk.py');
const REMOVE_BOM_COMMAND = 'experimentScripts.removeByteOrderMark';

const scratch: string[] = [];
/** A fresh hidden folder under `parent` (hidden folders are not searched for experiments). */
function scratchFolder(parent: string): string {
  const dir = fs.mkdtempSync(path.join(parent, '.scratch-extras-'));
  scratch.push(dir);
  return dir;
}

const isBom = (d: vscode.Diagnostic) => diagnosticCode(d) === 'pep723/bom';

suite('Editor extras', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  suiteTeardown(async () => {
    for (const d of vscode.workspace.textDocuments) {
      if (d.isDirty && scratch.some((f) => d.uri.fsPath.startsWith(f + path.sep))) await d.save();
    }
    await closeAllEditors();
    for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a byte-order mark VS Code hides is reported, and the quick fix rewrites the file without it', async () => {
    const file = path.join(scratchFolder(workspaceRoot()), 'eval.py');
    fs.copyFileSync(BOM_FIXTURE, file);
    const uri = vscode.Uri.file(file);
    const editor = await openFile(uri);
    assert.notStrictEqual(editor.document.getText().charCodeAt(0), 0xfeff, 'VS Code keeps the byte-order mark out of the text');

    const diagnostics = await waitForDiagnostics(uri, (ds) => ds.some(isBom), { message: 'pep723/bom from the bytes on disk' });
    const bom = diagnostics.find(isBom);
    assert.ok(bom);
    assert.strictEqual(bom.range.start.line, 0);
    assert.strictEqual(bom.severity, vscode.DiagnosticSeverity.Warning);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      bom.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = (actions ?? []).find((a) => a.command?.command === REMOVE_BOM_COMMAND);
    assert.ok(fix?.command, `a quick fix running ${REMOVE_BOM_COMMAND}; offered: ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    assert.strictEqual(fix.isPreferred, true);
    await runCommand(fix.command);

    await waitFor(() => fs.readFileSync(file)[0] === 0x23, { message: 'the file to start with "#" instead of the byte-order mark' });
    assert.strictEqual(fs.readFileSync(file, 'utf8'), fs.readFileSync(BOM_FIXTURE, 'utf8').slice(1), 'only the three bytes are gone');
    await waitForDiagnostics(uri, (ds) => !ds.some(isBom), { message: 'pep723/bom to clear after the rewrite' });

    // VS Code now reads the file as plain UTF-8: saving an edit does not bring the mark back.
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(document.lineCount - 1, 0), '# saved again\n');
    await applyEdit(edit);
    assert.strictEqual(await document.save(), true);
    const saved = fs.readFileSync(file);
    assert.strictEqual(saved.subarray(0, 12).toString('utf8'), '# /// script', 'saved without a byte-order mark');
    assert.ok(saved.toString('utf8').includes('# saved again\n'));
    assert.ok(
      !getDiagnostics(uri).some(isBom),
      `no pep723/bom after saving; got ${JSON.stringify(describeDiagnostics(getDiagnostics(uri)))}`,
    );
  });

  test('in an experiment script, "runs/" in a string completes to its runs, newest first, with their status', async () => {
    const file = path.join(scratchFolder(path.join(workspaceRoot(), 'mnist')), 'compare.py');
    const text = 'DEFAULT_RUN = "runs/"\n';
    fs.writeFileSync(file, text);
    const uri = vscode.Uri.file(file);
    await openFile(uri);
    const position = new vscode.Position(0, text.indexOf('runs/') + 'runs/'.length);
    const list = await waitFor(
      async () => {
        const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position, '/');
        return l.items.some((i) => completionLabels({ items: [i] })[0].startsWith('runs/')) ? l : undefined;
      },
      { message: 'run path completions' },
    );
    const runs = list.items.filter((i) => completionLabels({ items: [i] })[0].startsWith('runs/'));
    runs.sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
    assert.deepStrictEqual(
      completionLabels({ items: runs }),
      ['runs/2025-02-03T09-00-00-smoke', 'runs/2025-02-02T15-00-00-full', 'runs/2025-02-02T14-30-00-de-risk'],
      'the runs of mnist/, newest first, and not runs/notes',
    );
    // The workspace is a fresh copy, so every log was written a moment ago; no process runs these runs, and the
    // status says so: their logs decide.
    assert.deepStrictEqual(
      runs.map((r) => String(r.detail).split(' · ')[0]),
      ['incomplete', 'failed', 'finished'],
      'smoke has no log, full ends with a traceback, de-risk ends well',
    );
    for (const run of runs) assert.match(String(run.detail), /^\w+ · \S/, `status and age of ${JSON.stringify(run.label)}`);
  });

  test('hovering a run path shows the run, and a path to no run says so', async () => {
    const file = path.join(scratchFolder(path.join(workspaceRoot(), 'mnist')), 'compare.py');
    const text = 'BEST = "runs/2025-02-02T14-30-00-de-risk"\nGONE = "runs/2025-01-01T00-00-00-gone"\n';
    fs.writeFileSync(file, text);
    const uri = vscode.Uri.file(file);
    await openFile(uri);
    const hoverText = async (line: number) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        uri,
        new vscode.Position(line, 15),
      );
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    const best = await waitFor(async () => ((await hoverText(0)).includes('de-risk') ? hoverText(0) : undefined), {
      message: 'a hover on the run path',
    });
    // Run names and metrics are literal Markdown text: their punctuation is escaped.
    assert.match(best, /Run de\\-risk\*\* — finished/);
    assert.match(best, /Started 2025-02-02 14:30:00/);
    assert.match(best, /\| accuracy \| 0\\\.998 \|/);
    assert.match(await hoverText(1), /No such run/);
  });
});
