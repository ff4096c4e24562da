// One analysis per open document, kept across edits that cannot change it. An edit is harmless when every line it
// touches — before and after — lies below the header region and holds none of the analysis' sensitive words
// (`///`, which could create, break or reveal a block; `sys.argv`, which a convention hint looks for). Then the
// cached analysis stays valid: positions above the edit do not move, and the few findings below it only shift by
// the number of lines added or removed. This keeps per-keystroke work proportional to the header, whatever the
// length of the file.
import { TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { countLineBreaks } from './textDocumentLines';

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
        !oldLinesHarmless(doc, change.range, limit, analysis.sensitiveWords)
      ) {
        analysis = undefined;
        TextDocument.update(doc, [change], version);
        continue;
      }
      TextDocument.update(doc, [change], version);
      const added = countLineBreaks(change.text);
      if (!linesHarmless(doc, change.range.start.line, change.range.start.line + added, analysis.sensitiveWords)) {
        analysis = undefined;
        continue;
      }
      const delta = added - (change.range.end.line - change.range.start.line);
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

/** The lines a change replaces, read before it applies. */
function oldLinesHarmless(doc: TextDocument, range: LineRange, limit: number, words: readonly string[]): boolean {
  return range.start.line > limit && linesHarmless(doc, range.start.line, range.end.line, words);
}

function linesHarmless(doc: TextDocument, first: number, last: number, words: readonly string[]): boolean {
  const text = doc.getText({ start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } });
  return !words.some((w) => text.includes(w));
}
