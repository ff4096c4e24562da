// Starts the PEP 723 language server (dist/server.js) for Python files over IPC. Under the debugger (F5, see
// .vscode/launch.json) the server runs with --inspect=6019, where "Attach to Language Server" finds it.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { ClientCommandOptions, LOCK_SCRIPT_ENVIRONMENT_COMMAND, REMOVE_BYTE_ORDER_MARK_COMMAND } from '#core/protocol/clientCommands';
import type { ServerSettingOptions } from '#core/protocol/serverSettings';
import type { Log } from './log';
import { scriptSetting } from './settings';

/** The port "Attach to Language Server" in .vscode/launch.json attaches to. */
export const SERVER_INSPECT_PORT = 6019;

export async function startLanguageClient(context: vscode.ExtensionContext, log: Log): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${SERVER_INSPECT_PORT}`] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    diagnosticCollectionName: 'experiment-scripts',
    outputChannel: log,
    initializationOptions: {
      // Commands this extension implements, which the server's quick fixes and code lenses may run (see
      // removeByteOrderMark.ts and lockScript.ts).
      clientCommands: [REMOVE_BYTE_ORDER_MARK_COMMAND, LOCK_SCRIPT_ENVIRONMENT_COMMAND],
      // Which folders are experiments, for run path completion and hover (the same rule as the Run Explorer's).
      trainScript: trainScript(),
    } satisfies ClientCommandOptions & ServerSettingOptions,
  };
  const client = new LanguageClient('experimentScripts', 'Experiment Scripts', serverOptions, clientOptions);
  await client.start();
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('experimentScripts.trainScript')) return;
      const settings: { experimentScripts: ServerSettingOptions } = { experimentScripts: { trainScript: trainScript() } };
      client
        .sendNotification('workspace/didChangeConfiguration', { settings })
        .catch((err: unknown) => log.warn(`settings: ${String(err)}`));
    }),
  );
  return client;
}

function trainScript(): string {
  return scriptSetting('train').script;
}
