// Helpers for the end-to-end suites that run inside a real VS Code extension host.
// They poll for conditions instead of sleeping, and every wait fails with a message that says what was awaited.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { errorMessage } from '#core/errorMessage';
import type { Prompts } from '#client/prompts';
import { ScriptedPrompts } from './prompts';

export const EXTENSION_ID = 'experiment-scripts.experiment-scripts';

/** The fields of the extension's exported API that the suites read (more exist; see client/src/extension.ts). */
export interface ExtensionApi {
  activationMs: number;
  languageClientReady: Promise<unknown>;
  usePrompts(prompts: Prompts): vscode.Disposable;
  [field: string]: unknown;
}

export interface WaitOptions {
  /** Milliseconds before giving up (default 15000). */
  timeout?: number;
  /** Milliseconds between two checks (default 50). */
  interval?: number;
  /** What was awaited, for the error; a function is called at failure time, so it can describe the last state. */
  message?: string | (() => string);
}

/**
 * Polls `condition` until it returns a truthy value and resolves with that value.
 * A condition that throws counts as "not yet"; the last error is reported on timeout.
 */
export async function waitFor<T>(condition: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const timeout = options.timeout ?? 15000;
  const interval = options.interval ?? 50;
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) {
      const what = typeof options.message === 'function' ? options.message() : (options.message ?? 'condition');
      const cause = lastError !== undefined ? ` (last error: ${errorMessage(lastError)})` : '';
      throw new Error(`Timed out after ${timeout} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** The first workspace folder's path; the suites always run with one folder open. */
export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the end-to-end suites need a workspace folder to be open');
  return folder.uri.fsPath;
}

/** A URI for a path relative to the workspace root. */
export function workspaceUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(workspaceRoot(), ...segments));
}

/** The extension under test; fails when VS Code does not know it. */
export function getExtension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext;
}

/** Activates the extension (a no-op when already active) and waits until its language server has started. */
export async function activateExtension(): Promise<ExtensionApi> {
  const ext = getExtension();
  const api = await ext.activate();
  assert.ok(api, 'activate() returned no API object');
  await api.languageClientReady;
  return api;
}

/**
 * Answers the extension's questions from the suite from now on (see prompts.ts); the returned object queues the
 * answers and holds the messages shown. `dispose` gives the questions back to VS Code.
 */
export function scriptPrompts(api: ExtensionApi): ScriptedPrompts & { dispose(): void } {
  const prompts = new ScriptedPrompts();
  const registration = api.usePrompts(prompts);
  return Object.assign(prompts, {
    dispose: (): void => {
      registration.dispose();
    },
  });
}

/** Opens a file (a URI or a path relative to the workspace root) in an editor and returns the editor. */
export async function openFile(file: vscode.Uri | string, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
  const uri = typeof file === 'string' ? workspaceUri(file) : file;
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false, ...options });
}

/** Runs a command as VS Code would when the item holding it is clicked (a tree item, a code action). */
export function runCommand(command: vscode.Command): Thenable<unknown> {
  return vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
}

/** Closes every editor. A dirty editor would ask to be saved, so save or revert edited documents first. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** A diagnostic's code as a string, whichever of the three shapes VS Code gives it. */
export function diagnosticCode(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** The diagnostics VS Code holds for a document (the test profile has no other extension that reports any). */
export function getDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri);
}

/** "line:code" for each diagnostic (0-based lines), sorted: compact to compare and readable in a failure. */
export function describeDiagnostics(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line}:${diagnosticCode(d) ?? '(no code)'}`).sort();
}

/** Waits until the diagnostics for `uri` satisfy `predicate`, and returns them. */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  options: WaitOptions = {},
): Promise<vscode.Diagnostic[]> {
  let last: vscode.Diagnostic[] = [];
  await waitFor(
    () => {
      last = getDiagnostics(uri);
      return predicate(last);
    },
    {
      ...options,
      message: () =>
        `${typeof options.message === 'string' ? options.message : 'diagnostics'} on ${path.basename(uri.fsPath)}; last seen: ${JSON.stringify(describeDiagnostics(last))}`,
    },
  );
  return last;
}

const scratchFolders: string[] = [];

/**
 * Copies files from the workspace into a fresh scratch folder inside the workspace, so a test can edit them
 * without touching the fixtures. Returns the URIs of the copies, in order. `removeScratchFolders` deletes them.
 */
export function copyToScratch(...relativePaths: string[]): vscode.Uri[] {
  const root = workspaceRoot();
  const folder = fs.mkdtempSync(path.join(root, '.scratch-'));
  scratchFolders.push(folder);
  return relativePaths.map((rel) => {
    const target = path.join(folder, path.basename(rel));
    fs.copyFileSync(path.join(root, rel), target);
    return vscode.Uri.file(target);
  });
}

/** Saves edited scratch copies (so closing asks nothing), closes editors and deletes every scratch folder made by `copyToScratch`. */
export async function removeScratchFolders(): Promise<void> {
  const inScratch = (d: vscode.TextDocument) => scratchFolders.some((f) => d.uri.fsPath.startsWith(f + path.sep));
  for (const d of vscode.workspace.textDocuments) if (d.isDirty && inScratch(d)) await d.save();
  await closeAllEditors();
  for (const folder of scratchFolders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
}

/** Applies a WorkspaceEdit and fails when VS Code refuses it. */
export async function applyEdit(edit: vscode.WorkspaceEdit): Promise<void> {
  assert.strictEqual(await vscode.workspace.applyEdit(edit), true, 'VS Code refused the workspace edit');
}

/** Replaces one whole line (0-based) of a document with new text, through a WorkspaceEdit. */
export async function replaceLine(uri: vscode.Uri, line: number, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, document.lineAt(line).range, text);
  await applyEdit(edit);
}

/** The labels of completion items, whichever shape VS Code gives them. */
export function completionLabels(list: vscode.CompletionList): string[] {
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/** The text a completion item inserts (its insertText, else its label). */
export function completionInsertText(item: vscode.CompletionItem): string {
  const insert = item.insertText;
  if (insert === undefined) return typeof item.label === 'string' ? item.label : item.label.label;
  return typeof insert === 'string' ? insert : insert.value;
}
