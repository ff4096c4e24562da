// The LSP wiring: document sync, diagnostics (pulled when the client can, pushed otherwise), quick fixes,
// completion and hover. Every request is answered from the core; nothing here is specific to one editor.
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  CompletionList,
  CompletionParams,
  Connection,
  DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  Hover,
  HoverParams,
  InitializeParams,
  InitializeResult,
  MarkupKind,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { completeHeader } from '../core/completion/completeHeader';
import { AnalysisCache } from './analysisCache';
import { ServerAnalysis, analyzeForServer, shiftAnalysis } from './analysis';
import { sameDiagnostic, toCodeAction, toCompletionItem, toLspDiagnostic } from './convert';
import { documentEol, documentLines } from './textDocumentLines';
import { hoverAt } from './hover';

export const SERVER_NAME = 'experiment-scripts';
export const COMPLETION_TRIGGERS = ['"', '[', '=', ','];

export function startLanguageServer(connection: Connection): void {
  const cache = new AnalysisCache<ServerAnalysis>({ analyze: analyzeForServer, shift: shiftAnalysis });
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => cache.update(doc, changes, version),
  });
  let pullDiagnostics = false;
  let snippetSupport = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const text = params.capabilities.textDocument;
    pullDiagnostics = text?.diagnostic !== undefined;
    snippetSupport = text?.completion?.completionItem?.snippetSupport === true;
    return {
      serverInfo: { name: SERVER_NAME },
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        diagnosticProvider: pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false } : undefined,
      },
    };
  });

  // --- diagnostics ---------------------------------------------------------------------------------------------

  const diagnosticsOf = (doc: TextDocument) => {
    const { analysis, generation } = cache.get(doc);
    return { items: analysis.diagnostics.map(toLspDiagnostic), generation };
  };

  // Pushed diagnostics go out once per burst of changes: several didChange in one read are analysed once.
  const pending = new Set<string>();
  const schedulePublish = (uri: string) => {
    if (pullDiagnostics || pending.has(uri)) return;
    pending.add(uri);
    setImmediate(() => {
      pending.delete(uri);
      const doc = documents.get(uri);
      if (!doc) return;
      guard('publishing diagnostics', () => {
        void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: diagnosticsOf(doc).items });
      });
    });
  };
  documents.onDidChangeContent((e) => schedulePublish(e.document.uri));
  documents.onDidClose((e) => {
    cache.forget(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on((params): DocumentDiagnosticReport => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    return guard('computing diagnostics', () => {
      const { items, generation } = diagnosticsOf(doc);
      const resultId = String(generation);
      if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
      return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
    }) ?? { kind: DocumentDiagnosticReportKind.Full, items: [] };
  });

  // --- quick fixes ---------------------------------------------------------------------------------------------

  connection.onCodeAction((params: CodeActionParams): CodeAction[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const only = params.context.only;
    if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(kind + '.'))) return [];
    return (
      guard('computing quick fixes', () => {
        const { analysis } = cache.get(doc);
        const actions: CodeAction[] = [];
        for (const sent of params.context.diagnostics) {
          const core = analysis.diagnostics.find((d) => sameDiagnostic(sent, d));
          for (const fix of core?.fixes ?? []) actions.push(toCodeAction(doc.uri, fix, sent));
        }
        return actions;
      }) ?? []
    );
  });

  // --- completion and hover ------------------------------------------------------------------------------------

  connection.onCompletion((params: CompletionParams): CompletionList | null => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return guard('completing', () => {
      const candidates = completeHeader(documentLines(doc), params.position, { eol: documentEol(doc) });
      if (!candidates) return null;
      return { isIncomplete: false, items: candidates.map((c) => toCompletionItem(c, snippetSupport)) };
    }) ?? null;
  });

  connection.onHover((params: HoverParams): Hover | null => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return guard('hovering', () => {
      const found = hoverAt(doc, params.position, () => cache.get(doc).analysis);
      return found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: found.range } : null;
    }) ?? null;
  });

  // A failure in the core must cost one answer, never the server: log it and answer empty.
  function guard<T>(what: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (err) {
      connection.console.error(`experiment-scripts: failed ${what}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return undefined;
    }
  }

  documents.listen(connection);
  connection.listen();
}
