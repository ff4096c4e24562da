// The quick fix for `pep723/bom` when the byte-order mark is only on disk. VS Code strips the BOM from the text and
// keeps it as the file's encoding (`utf8bom`), so no text edit can remove it and saving would write it again. The
// command rewrites the file's bytes without it, then reloads the document, which VS Code now reads as plain UTF-8.
// The language server re-reads the file's first bytes when the file changes on disk, and the warning clears.
import * as vscode from 'vscode';
import { REMOVE_BYTE_ORDER_MARK_COMMAND } from '#core/protocol/clientCommands';
import { startsWithUtf8Bom } from '#core/pep723/byteOrderMark';
import { errorMessage } from '#core/errorMessage';
import type { Prompts } from '#client/prompts';

export function registerRemoveByteOrderMark(context: vscode.ExtensionContext, prompts: Prompts): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(REMOVE_BYTE_ORDER_MARK_COMMAND, (target?: string | vscode.Uri) => removeByteOrderMark(prompts, target)),
  );
}

/** Rewrites the file without its UTF-8 BOM; resolves to true when it had one and now has none. */
async function removeByteOrderMark(prompts: Prompts, target?: string | vscode.Uri): Promise<boolean> {
  const uri = typeof target === 'string' ? vscode.Uri.parse(target) : (target ?? vscode.window.activeTextEditor?.document.uri);
  if (!uri) return false;
  const name = uri.path.split('/').pop() ?? uri.toString();
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  // Unsaved edits would be lost by the reload below: save them first (VS Code writes the BOM again, removed next).
  if (document?.isDirty && !(await document.save())) {
    void prompts.notify('warning', `${name} could not be saved, so its byte-order mark was not removed.`);
    return false;
  }
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(uri);
  } catch (err) {
    void prompts.notify('error', `Could not read ${name}: ${errorMessage(err)}`);
    return false;
  }
  if (!startsWithUtf8Bom(bytes)) return false;
  try {
    await vscode.workspace.fs.writeFile(uri, bytes.subarray(3));
  } catch (err) {
    void prompts.notify('error', `Could not rewrite ${name}: ${errorMessage(err)}`);
    return false;
  }
  if (document) await reloadFromDisk(document);
  return true;
}

/**
 * Reverting re-reads the file and detects its encoding anew (no BOM: UTF-8), so a later save does not put the BOM
 * back. Revert acts on the active editor, so the document is shown first; the text itself does not change.
 */
async function reloadFromDisk(document: vscode.TextDocument): Promise<void> {
  const visible = vscode.window.visibleTextEditors.find((e) => e.document === document);
  await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn, preserveFocus: false, preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
