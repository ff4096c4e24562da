// Language server entry: `node dist/server.js --stdio` (or IPC / sockets, as the client chooses on the command line).
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startLanguageServer } from './lsp/languageServer';

startLanguageServer(createConnection(ProposedFeatures.all));
