// The extension's one log: an output channel with levels (Output > Experiment Scripts; the level is set from the
// channel's gear menu). The language client writes the server's messages to it too.
import * as vscode from 'vscode';

export type Log = vscode.LogOutputChannel;

export function createLog(): Log {
  return vscode.window.createOutputChannel('Experiment Scripts', { log: true });
}
