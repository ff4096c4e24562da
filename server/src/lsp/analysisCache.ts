// One analysis per open document, kept across edits that cannot change it. An edit is harmless when every line it
// touches — before and after — lies below the header region and holds none of the analysis' sensitive words
// (`///`, which could create, break or reveal a block; `sys.argv`, which a convention hint looks for). Then the
// cached analysis stays valid: positions above the edit do not move, and the few findings below it only shift by
// the number of lines added or removed. This keeps per-keystroke work proportional to the header, whatever the
// length of the file. Lines are counted as the document counts them (`\r\n`, `\n`, a lone `\r`), before and after
// each change: a `\r` typed before a `\n`, or a `\n` typed after a lone `\r`, joins two breaks into one.
import { Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';

export interface Reusable {
  /**
   * Last script line the header analysis depends on: edits strictly below it keep the analysis valid, unless they
   * touch a sensitive word. Undefined when the analysis must be recomputed after any edit.
   */
  dependsOnLinesUpTo: number | undefined;
  /** Words whose appearance or disappearance on an edited line below the header can change the analysis. */
  sensitiveWords: readonly string[];
}

export interface AnalysisCacheOptions<A> {
  analyze(text: string, uri: string): A;
  /** The analysis with every position on line `fromLine` or below moved by `delta` lines. */
  shift(analysis: A, fromLine: number, delta: number): A;
}

interface Entry<A> {
  /** Document version the analysis is valid for; undefined when stale. */
  version: number | undefined;
  analysis?: A;
  /** Changes whenever the analysis changes: a pull-diagnostics result id. */
  generation: number;
}

export interface CacheStats {
  /** Full analyses computed. */
  analyses: number;
  /** Document updates that kept the cached analysis. */
  reused: number;
}

export class AnalysisCache<A extends Reusable> {
  private readonly entries = new Map<string, Entry<A>>();
  private nextGeneration = 1;
  readonly stats: CacheStats = { analyses: 0, reused: 0 };

  constructor(private readonly options: AnalysisCacheOptions<A>) {}

  /** The analysis of the document's current version, computed now if needed. */
  get(doc: TextDocument): { analysis: A; generation: number } {
    let entry = this.entries.get(doc.uri);
    if (!entry) {
      entry = { version: undefined, generation: 0 };
      this.entries.set(doc.uri, entry);
    }
    if (entry.version !== doc.version || !entry.analysis) {
      entry.analysis = this.options.analyze(doc.getText(), doc.uri);
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
    let analysis = entry?.analysis !== undefined && entry.version === doc.version ? entry.analysis : undefined;
    let moved = false;
    for (const change of changes) {
      const limit = analysis?.dependsOnLinesUpTo;
      if (
        !analysis ||
        limit === undefined ||
        !('range' in change) ||
        joinsLineBreaks(doc, change) ||
        !oldLinesHarmless(doc, change.range, limit, analysis.sensitiveWords)
      ) {
        analysis = undefined;
        doc = updateDocument(doc, change, version);
        continue;
      }
      const linesBefore = doc.lineCount;
      doc = updateDocument(doc, change, version);
      const delta = doc.lineCount - linesBefore;
      const lastChanged = change.range.end.line + delta;
      if (!linesHarmless(doc, change.range.start.line, lastChanged, analysis.sensitiveWords)) {
        analysis = undefined;
        continue;
      }
      if (delta !== 0) {
        analysis = this.options.shift(analysis, change.range.end.line + 1, delta);
        moved = true;
      }
    }
    if (entry) {
      if (analysis) {
        entry.analysis = analysis;
        entry.version = version;
        if (moved) entry.generation = this.nextGeneration++;
        this.stats.reused++;
      } else entry.version = undefined;
    }
    return doc;
  }
}

type LineRange = { start: { line: number }; end: { line: number } };

/**
 * TextDocument.update, except that a change which puts a `\r` and a `\n` side by side (a `\r` typed before a line's
 * `\n`, a `\n` typed after a lone `\r`, or text deleted between them) rebuilds the document: the library counts
 * the lines of the inserted text on its own, so it would keep two line breaks where there is now one `\r\n`, and
 * every later position — the client's and ours — would be a line off.
 */
function updateDocument(doc: TextDocument, change: TextDocumentContentChangeEvent, version: number): TextDocument {
  if (!('range' in change)) return TextDocument.update(doc, [change], version);
  const at = doc.offsetAt(change.range.start);
  const updated = TextDocument.update(doc, [change], version);
  const text = updated.getText();
  const end = at + change.text.length;
  const joined = (i: number) => i > 0 && text.charCodeAt(i - 1) === 13 && text.charCodeAt(i) === 10;
  return joined(at) || joined(end) ? TextDocument.create(updated.uri, updated.languageId, version, text) : updated;
}

/** The lines a change replaces, read before it applies. */
function oldLinesHarmless(doc: TextDocument, range: LineRange, limit: number, words: readonly string[]): boolean {
  return range.start.line > limit && linesHarmless(doc, range.start.line, range.end.line, words);
}

function linesHarmless(doc: TextDocument, first: number, last: number, words: readonly string[]): boolean {
  const text = doc.getText({ start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } });
  return !words.some((w) => text.includes(w));
}

/**
 * True when the change puts a `\n` right after a lone `\r` that ends the line before it, or a `\r` right before
 * the `\n` that ends its line. uv reads only `\n` and `\r\n` as line ends, so such an edit can change how uv reads
 * the line above (a `# ///` that ends in a lone `\r` is no closing line for uv), although the lines the editor
 * shows above it stay the same.
 */
function joinsLineBreaks(doc: TextDocument, change: { range: Range; text: string }): boolean {
  const at = doc.offsetAt(change.range.start);
  const end = doc.offsetAt(change.range.end);
  const text = doc.getText();
  return (change.text.startsWith('\n') && text.charCodeAt(at - 1) === 13) || (change.text.endsWith('\r') && text.charCodeAt(end) === 10);
}
