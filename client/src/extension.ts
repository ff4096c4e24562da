// Entry point of the VS Code extension: thin wiring over the core and the language server.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { startLanguageClient } from './languageClient';
import { LaunchesApi, registerLaunchCommands } from './commands/launchCommands';
import { RunExplorerApi, registerRunExplorer } from './runExplorer';
import { registerRemoveByteOrderMark } from './removeByteOrderMark';
import { registerNewExperiment } from './newExperiment/newExperiment';
import { registerLockScriptEnvironment } from './lockScript';

/** What the extension exports: used by the end-to-end tests, which have no other way to read some UI state. */
export interface ExperimentScriptsApi {
  /** Milliseconds spent in activate() before it returned (the language server starts after). */
  activationMs: number;
  /** Resolves once the language server has answered `initialize`. */
  languageClientReady: Promise<LanguageClient>;
  /** Launches started by the train / evaluate / plot commands (which return `{ launched, launchId }`). */
  launches: LaunchesApi;
  /** The Run Explorer tree: its children and items as VS Code sees them, and a way to wait for file changes. */
  runExplorer: RunExplorerApi;
}

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): ExperimentScriptsApi {
  const started = performance.now();
  // The server starts in the background so that activation itself stays cheap.
  const languageClientReady = startLanguageClient(context).then((c) => (client = c));
  languageClientReady.catch(
    (err) =>
      void vscode.window.showErrorMessage(
        `Experiment Scripts: the language server did not start (${String(err)}), so PEP 723 headers are not checked. Reload the window to try again.`,
      ),
  );
  registerRemoveByteOrderMark(context);
  registerNewExperiment(context);
  registerLockScriptEnvironment(context);
  const runExplorer = registerRunExplorer(context);
  const launches = registerLaunchCommands(context, { runChanged: (runDir) => runExplorer.refreshRun(runDir) });
  return { activationMs: performance.now() - started, languageClientReady, launches, runExplorer };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
