// One analysis per open document, kept across edits that cannot change it. An edit is harmless when every line it
// touches — before and after — lies below the header region and holds no `///` (so it can neither create, break
// nor reveal a block). Then the cached analysis stays valid as is: positions above the edit do not move. This is
// what keeps per-keystroke work proportional to the header, whatever the length of the file.
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

export interface Reusable {
  /**
   * Last script line the analysis depends on: edits strictly below it that leave `///` alone keep it valid.
   * Undefined when the analysis must be recomputed after any edit (e.g. while a block is unclosed).
   */
  dependsOnLinesUpTo: number | undefined;
}

interface Entry<A> {
  /** Document version the analysis is valid for; undefined when stale. */
  version: number | undefined;
  analysis?: A;
  /** Changes whenever the analysis is recomputed: a pull-diagnostics result id. */
  generation: number;
}

export interface CacheStats {
  analyses: number;
  reused: number;
}

export class AnalysisCache<A extends Reusable> {
  private readonly entries = new Map<string, Entry<A>>();
  private nextGeneration = 1;
  readonly stats: CacheStats = { analyses: 0, reused: 0 };

  constructor(private readonly analyze: (text: string) => A) {}

  /** The analysis of the document's current version, computed now if needed. */
  get(doc: TextDocument): { analysis: A; generation: number } {
    let entry = this.entries.get(doc.uri);
    if (!entry) {
      entry = { version: undefined, generation: 0 };
      this.entries.set(doc.uri, entry);
    }
    if (entry.version !== doc.version || !entry.analysis) {
      entry.analysis = this.analyze(doc.getText());
      entry.version = doc.version;
      entry.generation = this.nextGeneration++;
      this.stats.analyses++;
    }
    return { analysis: entry.analysis, generation: entry.generation };
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }

  /**
   * Applies incremental changes to `doc` (as TextDocument.update does) and decides, change by change, whether the
   * cached analysis survives them. Plug into `TextDocuments` as its `update` function.
   */
  update(doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const entry = this.entries.get(doc.uri);
    let valid = entry !== undefined && entry.analysis !== undefined && entry.version === doc.version;
    const limit = entry?.analysis?.dependsOnLinesUpTo;
    for (const change of changes) {
      if (valid) valid = limit !== undefined && 'range' in change && oldLinesHarmless(doc, change.range, limit);
      TextDocument.update(doc, [change], version);
      if (valid && 'range' in change) valid = newLinesHarmless(doc, change.range.start.line, change.text);
    }
    if (entry) {
      if (valid) {
        entry.version = version;
        this.stats.reused++;
      } else entry.version = undefined;
    }
    return doc;
  }
}

type LineRange = { start: { line: number }; end: { line: number } };

/** The lines a change replaces, read before it applies. */
function oldLinesHarmless(doc: TextDocument, range: LineRange, limit: number): boolean {
  if (range.start.line <= limit) return false;
  return !linesContainTag(doc, range.start.line, range.end.line);
}

/** The lines a change produced, read after it applied. */
function newLinesHarmless(doc: TextDocument, startLine: number, inserted: string): boolean {
  let newlines = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) newlines++;
  // A lone `\r` also ends a line for the text document; count those too so no touched line is missed.
  for (let i = inserted.indexOf('\r'); i >= 0; i = inserted.indexOf('\r', i + 1)) if (inserted[i + 1] !== '\n') newlines++;
  return !linesContainTag(doc, startLine, startLine + newlines);
}

function linesContainTag(doc: TextDocument, first: number, last: number): boolean {
  const text = doc.getText({ start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } });
  return text.includes('///');
}
