// Starts the PEP 723 language server (dist/server.js) for Python files over IPC.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { ClientCommandOptions, LOCK_SCRIPT_ENVIRONMENT_COMMAND, REMOVE_BYTE_ORDER_MARK_COMMAND } from '#core/protocol/clientCommands';

export async function startLanguageClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
    ],
    diagnosticCollectionName: 'experiment-scripts',
    // Commands this extension implements, which the server's quick fixes may run (see removeByteOrderMark.ts).
    initializationOptions: {
      clientCommands: [REMOVE_BYTE_ORDER_MARK_COMMAND, LOCK_SCRIPT_ENVIRONMENT_COMMAND],
    } satisfies ClientCommandOptions,
  };
  const client = new LanguageClient('experimentScripts', 'Experiment Scripts', serverOptions, clientOptions);
  await client.start();
  return client;
}
