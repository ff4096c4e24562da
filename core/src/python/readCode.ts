// Reads what the checks need from a script's code: the statements codeScan.ts picks out are parsed by tree-sitter
// and their facts (codeFacts.ts) cached by text, so that re-reading a file after an edit parses only the statement
// the edit touched. Offsets become script positions here.
import type { Position, Range } from '#core/diagnostic';
import { ChunkFacts, chunkFacts, ImportFact, RunPathFact } from './codeFacts';
import { scanPythonCode } from './codeScan';
import type { PythonParser } from './treeSitter';
import { lastAtOrBefore } from '#core/text/lastAtOrBefore';

/** An import, placed in the script. */
export interface ScriptImport extends Omit<ImportFact, 'start' | 'end' | 'statementStart' | 'statementEnd'> {
  /** The module name (the string's content for a dynamic import). */
  range: Range;
  /** The whole statement. */
  statementRange: Range;
}

export interface ScriptRunPath extends Omit<RunPathFact, 'start' | 'end'> {
  range: Range;
}

export interface CodeFacts {
  imports: ScriptImport[];
  runPaths: ScriptRunPath[];
  /** `runs` strings that build a new run path from the current time. */
  timedRunPaths: Range[];
  /** Some statements were too large to parse, so the lists may miss entries. */
  incomplete: boolean;
  /** The parser found syntax errors in a statement it read. */
  hasErrors: boolean;
  /** Offset up to which the text was read: edits after it (that bring no new import or `runs`) change nothing. */
  readUpTo: number;
}

/** A statement longer than this is not parsed (a hostile or generated file); its imports are then unknown. */
export const MAX_STATEMENT_CHARS = 250_000;
/** At most this many characters are parsed per read. */
export const MAX_PARSED_CHARS = 1_000_000;
/** Cached statement texts, in characters. */
const CACHE_CHARS = 4_000_000;

export class PythonCodeReader {
  private readonly cache = new Map<string, ChunkFacts>();
  private cachedChars = 0;
  /** Statements parsed (cache misses), for tests and benchmarks. */
  parsed = 0;

  constructor(private readonly parser: PythonParser) {}

  read(text: string): CodeFacts {
    const scan = scanPythonCode(text);
    const out: CodeFacts = { imports: [], runPaths: [], timedRunPaths: [], incomplete: false, hasErrors: false, readUpTo: scan.readUpTo };
    const positions = new OffsetPositions(text);
    let budget = MAX_PARSED_CHARS;
    for (const chunk of scan.chunks) {
      const source = text.slice(chunk.start, chunk.end);
      let facts = this.cache.get(source);
      if (facts) {
        // Most recently used last, so that the oldest entries go first.
        this.cache.delete(source);
        this.cache.set(source, facts);
      } else {
        if (source.length > MAX_STATEMENT_CHARS || source.length > budget) {
          out.incomplete = true;
          continue;
        }
        budget -= source.length;
        facts = this.parse(source);
        if (!facts) {
          out.incomplete = true;
          continue;
        }
      }
      const at = (offset: number) => positions.at(chunk.start + offset);
      const range = (start: number, end: number): Range => ({ start: at(start), end: at(end) });
      for (const i of facts.imports) {
        const { start, end, statementStart, statementEnd, ...rest } = i;
        out.imports.push({ ...rest, range: range(start, end), statementRange: range(statementStart, statementEnd) });
      }
      for (const r of facts.runPaths) {
        const { start, end, ...rest } = r;
        out.runPaths.push({ ...rest, range: range(start, end) });
      }
      for (const t of facts.timedRunPaths) out.timedRunPaths.push(range(t.start, t.end));
      if (facts.hasErrors) out.hasErrors = true;
    }
    return out;
  }

  private parse(source: string): ChunkFacts | undefined {
    const tree = this.parser.parse(source);
    if (!tree) return undefined;
    try {
      const facts = chunkFacts(tree.rootNode);
      this.parsed++;
      this.remember(source, facts);
      return facts;
    } finally {
      tree.delete();
    }
  }

  private remember(source: string, facts: ChunkFacts): void {
    this.cache.set(source, facts);
    this.cachedChars += source.length;
    for (const key of this.cache.keys()) {
      if (this.cachedChars <= CACHE_CHARS) break;
      this.cache.delete(key);
      this.cachedChars -= key.length;
    }
  }
}

/** Offsets to positions (0-based lines split at `\n`, UTF-16 columns), finding line starts only as far as asked. */
class OffsetPositions {
  private readonly starts = [0];
  private scanned = 0;

  constructor(private readonly text: string) {}

  at(offset: number): Position {
    while (this.scanned < offset) {
      const nl = this.text.indexOf('\n', this.scanned);
      if (nl < 0 || nl >= offset) {
        this.scanned = offset;
        break;
      }
      this.starts.push(nl + 1);
      this.scanned = nl + 1;
    }
    const line = lastAtOrBefore(this.starts.length, (i) => this.starts[i], offset);
    return { line, character: offset - this.starts[line] };
  }
}
