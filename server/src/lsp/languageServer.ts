// The LSP wiring: document sync, diagnostics (pulled when the client can, pushed otherwise), quick fixes,
// completion and hover. Every request is answered from the core; nothing here is specific to one editor.
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  CodeLens,
  CodeLensParams,
  CodeLensRefreshRequest,
  CompletionList,
  CompletionParams,
  Connection,
  DidChangeWatchedFilesNotification,
  Diagnostic,
  DocumentDiagnosticParams,
  DocumentDiagnosticReport,
  DocumentDiagnosticReportKind,
  Hover,
  HoverParams,
  InitializeParams,
  InitializeResult,
  MarkupKind,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { pathToFileURL } from 'node:url';
import { completeHeader } from '#core/completion/completeHeader';
import type { CoreDiagnostic } from '#core/diagnostic';
import { hiddenBomDiagnostic } from '#core/pep723/index';
import { AnalysisCache } from './analysisCache';
import { ServerAnalysis, analyzerFor, shiftAnalysis } from './analysis';
import { PIXI_MANIFEST_NAMES, ScriptContexts } from './scriptContext';
import { TORCH_WITHOUT_CUDA_INDEX, torchIndexFixes } from '#core/conventions/codeConventions';
import { sameDiagnostic, toCodeAction, toCompletionItem, toLspDiagnostic } from './convert';
import { documentEol, documentLines } from './textDocumentLines';
import { hoverAt } from './hover';
import { DiskBomFlags, filePathOf } from './diskBom';
import { RunIndexCache } from './runIndexCache';
import { runPathCompletion, runPathHover } from './runPaths';
import { LOCK_SCRIPT_ENVIRONMENT_COMMAND, REMOVE_BYTE_ORDER_MARK_COMMAND, announcedClientCommands } from '#core/protocol/clientCommands';
import { errorMessage } from '#core/errorMessage';
import { experimentScriptsSection, trainScriptOption } from '#core/protocol/serverSettings';
import { LOCK_FILE_GLOBS, lockCodeLenses } from './codeLens';

export const SERVER_NAME = 'experiment-scripts';
/** `/` is for run paths in Python strings (`runs/…`); the others are for the header. */
export const COMPLETION_TRIGGERS = ['"', '[', '=', ',', '/'];
/** Event-loop turns a document's version must stay the same before its diagnostics are pushed (see schedulePublish). */
const QUIET_TURNS = 2;

export function startLanguageServer(connection: Connection): void {
  // The parser and the folders beside documents: set up once the client has said who it is (initialize).
  let contexts: ScriptContexts | undefined;
  let analyze = analyzerFor(undefined);
  const cache = new AnalysisCache<ServerAnalysis>({ analyze: (text, uri) => analyze(text, uri), shift: shiftAnalysis });
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update: (doc, changes, version) => cache.update(doc, changes, version),
  });
  const diskBom = new DiskBomFlags();
  const runIndex = new RunIndexCache();
  let pullDiagnostics = false;
  let snippetSupport = false;
  let refreshSupport = false;
  let watchRegistration = false;
  let workspaceFolderChanges = false;
  let clientCommands = new Set<string>();
  let lockLenses = false;
  let codeLensRefresh = false;
  let workspaceFolders: string[] = [];
  const setWorkspaceFolders = (folders: readonly WorkspaceFolder[]) => {
    workspaceFolders = folders.flatMap((f) => filePathOf(f.uri) ?? []);
    runIndex.setWorkspaceFolders(workspaceFolders);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const text = params.capabilities.textDocument;
    pullDiagnostics = text?.diagnostic !== undefined;
    snippetSupport = text?.completion?.completionItem?.snippetSupport === true;
    refreshSupport = params.capabilities.workspace?.diagnostics?.refreshSupport === true;
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    clientCommands = announcedClientCommands(params.initializationOptions);
    lockLenses = clientCommands.has(LOCK_SCRIPT_ENVIRONMENT_COMMAND);
    codeLensRefresh = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    runIndex.setTrainScript(trainScriptOption(params.initializationOptions));
    workspaceFolderChanges = params.capabilities.workspace?.workspaceFolders === true;
    const rootPath = params.rootUri ? filePathOf(params.rootUri) : undefined;
    setWorkspaceFolders(params.workspaceFolders ?? (rootPath ? [{ uri: params.rootUri!, name: '' }] : []));
    contexts = new ScriptContexts(
      (message) => connection.console.error(message),
      {},
      driverCudaOption(params.initializationOptions),
      (file) => runIndex.experimentFolderOf(file),
      (dir) => runIndex.workspaceFolderOf(dir),
    );
    analyze = analyzerFor(contexts);
    // Documents analysed before the parser was there get their imports checked once it is.
    void contexts.parserReady.then(reanalyzeOpenDocuments);
    return {
      serverInfo: { name: SERVER_NAME },
      capabilities: {
        workspace: workspaceFolderChanges ? { workspaceFolders: { supported: true, changeNotifications: true } } : undefined,
        // Saves matter only for what the text cannot show (a byte-order mark on disk), so no text is sent with them.
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: lockLenses ? { resolveProvider: false } : undefined,
        diagnosticProvider: pullDiagnostics ? { interFileDependencies: false, workspaceDiagnostics: false } : undefined,
      },
    };
  });

  // The train script decides which folders are experiments (run path completion and hover look runs up there).
  connection.onDidChangeConfiguration((params) => {
    const section = experimentScriptsSection(params.settings);
    if (!section || section.trainScript === runIndex.trainScript) return;
    runIndex.setTrainScript(section.trainScript);
    // A script's experiment (and so its runs) may have changed: read its folder again.
    contexts?.forgetFolders();
    for (const doc of documents.all()) contexts?.open(doc.uri);
    reanalyzeOpenDocuments();
  });

  /** Drops every open document's analysis and sends (or asks the client to pull) new diagnostics. */
  function reanalyzeOpenDocuments(): void {
    for (const doc of documents.all()) {
      cache.forget(doc.uri);
      if (!pullDiagnostics) schedulePublish(doc.uri);
    }
    if (pullDiagnostics && refreshSupport) void connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  connection.onInitialized(() => {
    if (workspaceFolderChanges) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.flatMap((f) => filePathOf(f.uri) ?? []));
        const kept = workspaceFolders.filter((f) => !removed.has(f)).map((f) => ({ uri: pathToFileURL(f).href, name: '' }));
        setWorkspaceFolders([...kept, ...e.added]);
      });
    }
    // Files changed outside the editor: a byte-order mark added or removed on disk; runs created or deleted, and
    // experiments appearing (a new `train.py` or `runs/`), for run path completion.
    if (!watchRegistration) return;
    const comeAndGo = WatchKind.Create | WatchKind.Delete;
    connection.client
      .register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.py', kind: comeAndGo | WatchKind.Change },
          { globPattern: '**/runs', kind: comeAndGo },
          { globPattern: '**/runs/*', kind: comeAndGo },
          ...PIXI_MANIFEST_NAMES.map((name) => ({ globPattern: `**/${name}`, kind: comeAndGo | WatchKind.Change })),
          ...(lockLenses ? LOCK_FILE_GLOBS.map((globPattern) => ({ globPattern, kind: comeAndGo | WatchKind.Change })) : []),
        ],
      })
      .catch((err: unknown) => connection.console.error(`experiment-scripts: could not watch files: ${String(err)}`));
  });

  // --- diagnostics ---------------------------------------------------------------------------------------------

  /** The core's diagnostics for the document, plus the byte-order mark warning when only the bytes on disk show it. */
  const coreDiagnosticsOf = (doc: TextDocument): { diagnostics: CoreDiagnostic[]; resultId: string } => {
    const { analysis, generation } = cache.get(doc);
    const hidden = diskBom.has(doc.uri) ? hiddenBomDiagnostic(analysis.script) : undefined;
    if (!hidden) return { diagnostics: analysis.diagnostics, resultId: String(generation) };
    return { diagnostics: [hidden, ...analysis.diagnostics], resultId: `${generation}-bom` };
  };
  const diagnosticsOf = (doc: TextDocument) => {
    const { diagnostics, resultId } = coreDiagnosticsOf(doc);
    return { items: diagnostics.map(toLspDiagnostic), resultId };
  };

  // Pushed diagnostics go out once per burst of changes, per document. The protocol library hands over one message
  // per event-loop turn, so a publish scheduled for the next turn would go out between the changes of one burst
  // (5,000 changes sent at once made 5,000 analyses and publishes). Instead a check follows the document turn by
  // turn and publishes once the version has stayed the same for QUIET_TURNS turns: by then every message already
  // received has been handled. Turns, not milliseconds, so that a busy machine cannot split a burst.
  const pending = new Map<string, { version: number; quietTurns: number }>();
  /** What was last published per document (its version and diagnostics). */
  const published = new Map<string, string>();
  const schedulePublish = (uri: string) => {
    if (pullDiagnostics || pending.has(uri)) return;
    const state = { version: documents.get(uri)?.version ?? -1, quietTurns: 0 };
    pending.set(uri, state);
    const nextTurn = () =>
      setImmediate(() => {
        if (pending.get(uri) !== state) return;
        const doc = documents.get(uri);
        if (!doc) return void pending.delete(uri);
        if (doc.version !== state.version) {
          state.version = doc.version;
          state.quietTurns = 0;
        } else if (++state.quietTurns >= QUIET_TURNS) {
          pending.delete(uri);
          const publish = () => {
            const current = documents.get(uri);
            if (!current) return;
            guard('publishing diagnostics', () => {
              const diagnostics = diagnosticsOf(current).items;
              // Several causes can ask for the same document at once (its bytes read, the parser ready, its folder
              // changed): the same diagnostics for the same version go out once.
              const sent = `${current.version}\n${JSON.stringify(diagnostics)}`;
              if (published.get(uri) === sent) return;
              published.set(uri, sent);
              void connection.sendDiagnostics({ uri, version: current.version, diagnostics });
            });
          };
          // A document just opened or saved waits for its first bytes (and for the parser and its folder), so that
          // it is published once, complete.
          const reading = pendingReads(uri);
          if (reading) void reading.then(publish);
          else publish();
          return;
        }
        nextTurn();
      });
    nextTurn();
  };
  /** Re-reads the document's first bytes; when the byte-order mark came or went, the client learns it. */
  const recheckBytes = (uri: string) => {
    void diskBom.check(uri).then((changed) => {
      if (!changed || !documents.get(uri)) return;
      if (!pullDiagnostics) schedulePublish(uri);
      else if (refreshSupport) void connection.languages.diagnostics.refresh().catch(() => undefined);
    });
  };
  /** Reads a document's diagnostics wait for: its first bytes, the parser, its folder. */
  const pendingReads = (uri: string): Promise<unknown> | undefined => {
    const waits = [diskBom.pending(uri), contexts?.pending(uri)].filter((w) => w !== undefined);
    return waits.length ? Promise.all(waits) : undefined;
  };
  /**
   * The lock lens compares modification times and follows the folder's pixi manifest: ask the client to ask again
   * after a save, a lock change or a manifest change.
   */
  const refreshLenses = () => {
    if (lockLenses && codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  };
  /** The folder of these documents changed on disk (a module beside them, a run, a manifest): check them again. */
  const foldersChanged = (dirs: string[]) => {
    const affected = documents.all().filter((d) => dirs.some((dir) => contexts?.inFolder(d.uri, dir)));
    for (const doc of affected) cache.forget(doc.uri);
    if (affected.length === 0) return;
    if (!pullDiagnostics) affected.forEach((d) => schedulePublish(d.uri));
    else if (refreshSupport) void connection.languages.diagnostics.refresh().catch(() => undefined);
    refreshLenses();
  };
  documents.onDidOpen((e) => {
    void diskBom.check(e.document.uri);
    contexts?.open(e.document.uri);
  });
  documents.onDidSave((e) => {
    recheckBytes(e.document.uri);
    refreshLenses();
  });
  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((c) => /\.py(\.pixi)?\.lock$/.test(c.uri))) refreshLenses();
    for (const change of params.changes) {
      if (documents.get(change.uri)) recheckBytes(change.uri);
      const changed = filePathOf(change.uri);
      if (changed) runIndex.fileChanged(changed);
      if (changed && contexts) void contexts.fileChanged(changed).then(foldersChanged);
    }
  });
  documents.onDidChangeContent((e) => schedulePublish(e.document.uri));
  documents.onDidClose((e) => {
    pending.delete(e.document.uri);
    published.delete(e.document.uri);
    cache.forget(e.document.uri);
    diskBom.forget(e.document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const diagnosticReport = (params: DocumentDiagnosticParams): DocumentDiagnosticReport => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    return (
      guard('computing diagnostics', () => {
        const { items, resultId } = diagnosticsOf(doc);
        if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items };
      }) ?? { kind: DocumentDiagnosticReportKind.Full, items: [] }
    );
  };
  connection.languages.diagnostics.on((params) => {
    // Just opened or saved: answer once the file's first bytes are known (usually well under a millisecond).
    const reading = pendingReads(params.textDocument.uri);
    return reading ? reading.then(() => diagnosticReport(params)) : diagnosticReport(params);
  });

  // --- quick fixes ---------------------------------------------------------------------------------------------

  connection.onCodeAction((params: CodeActionParams): CodeAction[] | Promise<CodeAction[]> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    const only = params.context.only;
    if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(kind + '.'))) return [];
    const actions =
      guard('computing quick fixes', () => {
        const { diagnostics } = coreDiagnosticsOf(doc);
        const found: CodeAction[] = [];
        for (const sent of params.context.diagnostics) {
          const core = diagnostics.find((d) => sameDiagnostic(sent, d));
          for (const fix of core?.fixes ?? []) found.push(toCodeAction(doc.uri, fix, sent));
          if (core?.code === 'pep723/bom' && !core.fixes && clientCommands.has(REMOVE_BYTE_ORDER_MARK_COMMAND)) {
            found.push(removeBomAction(doc.uri, sent));
          }
        }
        return found;
      }) ?? [];
    // Pinning torch to a CUDA index needs the driver's CUDA version, asked of nvidia-smi on first need.
    const torch = params.context.diagnostics.find((d) => d.code === TORCH_WITHOUT_CUDA_INDEX);
    if (!torch || !contexts) return actions;
    const version = doc.version;
    return contexts.driverCuda().then((cuda) => {
      const current = documents.get(doc.uri);
      if (!current || current.version !== version) return actions;
      const fixes =
        guard('computing the CUDA index fix', () => torchIndexFixes(current.getText(), cache.get(current).analysis.script, cuda)) ?? [];
      return [...actions, ...fixes.map((f) => toCodeAction(doc.uri, f, torch))];
    });
  });

  // --- code lens ----------------------------------------------------------------------------------------------

  connection.onCodeLens((params: CodeLensParams): Promise<CodeLens[]> | CodeLens[] => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !lockLenses) return [];
    const analysis = guard('reading the header for the lock lens', () => cache.get(doc).analysis.script);
    if (!analysis) return [];
    // The folder's pixi manifest decides the tool (or that there is no lens): wait for the folder's first read.
    const lenses = () =>
      guardAsync('computing the lock lens', lockCodeLenses(doc.uri, analysis, contexts?.folderOf(doc.uri)?.pixiManifest))?.then(
        (l) => l ?? [],
      ) ?? [];
    const folderRead = contexts?.pending(doc.uri);
    return folderRead ? folderRead.then(lenses) : lenses();
  });

  // --- completion and hover ------------------------------------------------------------------------------------

  connection.onCompletion((params: CompletionParams): CompletionList | null | Promise<CompletionList | null> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return (
      guard('completing', () => {
        const candidates = completeHeader(documentLines(doc), params.position, { eol: documentEol(doc) });
        if (candidates) return { isIncomplete: false, items: candidates.map((c) => toCompletionItem(c, snippetSupport)) };
        // Outside the header: run paths, when the cursor is on a `runs/…` word in a string (read from disk).
        return guardAsync('completing a run path', runPathCompletion(doc, params.position, runIndex)) ?? null;
      }) ?? null
    );
  });

  connection.onHover((params: HoverParams): Hover | null | Promise<Hover | null> => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return null;
    return (
      guard('hovering', () => {
        const found = hoverAt(doc, params.position, () => cache.get(doc).analysis, contexts?.folderOf(doc.uri)?.localModules);
        if (found) return { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: found.range };
        return guardAsync('hovering a run path', runPathHover(doc, params.position, runIndex)) ?? null;
      }) ?? null
    );
  });

  /** `initializationOptions.driverCuda`: the CUDA version the client's nvidia-smi reported (`"12.8"`), if it says. */
  function driverCudaOption(options: unknown): string | undefined {
    const value = (options as { driverCuda?: unknown } | undefined)?.driverCuda;
    return typeof value === 'string' && /^\d+\.\d+$/.test(value) ? value : undefined;
  }

  /** The BOM is only on disk: the client rewrites the file (the text has nothing to edit). */
  function removeBomAction(uri: string, diagnostic: Diagnostic): CodeAction {
    const title = 'Remove the byte-order mark from the file';
    return {
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      command: { title, command: REMOVE_BYTE_ORDER_MARK_COMMAND, arguments: [uri] },
    };
  }

  /** The same for work that answers later: a rejection is logged and answers null. */
  function guardAsync<T>(what: string, work: Promise<T | null> | undefined): Promise<T | null> | undefined {
    return work?.catch((err: unknown) => {
      connection.console.error(`experiment-scripts: failed ${what}: ${errorMessage(err, { stack: true })}`);
      return null;
    });
  }

  // A failure in the core must cost one answer, never the server: log it and answer empty.
  function guard<T>(what: string, work: () => T): T | undefined {
    try {
      return work();
    } catch (err) {
      connection.console.error(`experiment-scripts: failed ${what}: ${errorMessage(err, { stack: true })}`);
      return undefined;
    }
  }

  documents.listen(connection);
  connection.listen();
}
