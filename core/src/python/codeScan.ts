// Which parts of a script the parser has to read. Parsing a whole file with tree-sitter's WebAssembly build costs
// about 10 ms per 1,000 lines, far too much per keystroke, while the checks only care about a few statements:
// imports, `__import__`/`importlib.import_module` calls, and strings that name `runs/`. This scanner splits the
// script into top-level statements (a `def` with its body, a `try` with its `except` clauses, a decorated
// function with its decorators) with a small tokenizer that knows what decides where a statement starts — strings
// of every form (prefixes, triple quotes, escapes, f-strings with nested quotes), comments, brackets and
// backslash continuations — and keeps those whose code holds one of those words. The parser then reads only them.
//
// Work stops at the end of the statement holding the last such word, found with native searches first.

/** A top-level statement, as offsets into the script: `[start, end)`. */
export interface CodeChunk {
  start: number;
  end: number;
}

export interface CodeScan {
  /** Top-level statements whose code (not strings or comments) names an import, or that hold a `runs` string. */
  chunks: CodeChunk[];
  /** Offset up to which the text was read: edits after it cannot change the chunks before it. */
  readUpTo: number;
}

/** Identifiers that make a statement worth parsing. */
const TRIGGER_WORDS = new Set(['import', '__import__', 'import_module']);
/** `runs` in a string: a run path (`runs/…`) or the runs folder itself. */
const RUNS_WORD = 'runs';
/** Statement keywords that continue the statement above them rather than start one. */
const CONTINUATIONS = new Set(['else', 'elif', 'except', 'finally']);
/** Keywords that only ever start a statement. */
const RESTART_WORDS = new Set(['def', 'class', 'import', 'from', 'async']);
/** Letters that may prefix a string literal (any case, any order of these pairs). */
const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);
/** f-strings nest (an f-string in an f-string's braces); deeper than this is not Python anyone writes. */
const MAX_NESTING = 50;

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const FORMFEED = 12;
const HASH = 35;
const BACKSLASH = 92;
const SINGLE = 39;
const DOUBLE = 34;
const AT = 64;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

export function scanPythonCode(text: string): CodeScan {
  // The last `import` (`__import__` and `import_module` contain it too) and the last `runs`: reading ends after them.
  const lastImport = lastOccurrence(text, 'import');
  const lastRuns = lastOccurrence(text, RUNS_WORD);
  const last = Math.max(lastImport, lastRuns);
  if (last < 0) return { chunks: [], readUpTo: 0 };
  return new Scanner(text, last, lastImport, lastRuns).run();
}

/**
 * The last occurrence of a word, found by jumping forward from one to the next: V8's forward `indexOf` is many
 * times faster than `lastIndexOf` over a long text, and these words are rare.
 */
function lastOccurrence(text: string, word: string): number {
  let last = -1;
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) last = at;
  return last;
}

class Scanner {
  private i = 0;
  private depth = 0;
  private trigger = false;
  private nextRuns: number;
  /** The next `import` in the text (the trigger words all contain it); occurrences in strings are passed over. */
  private nextImport: number;
  private readonly chunks: CodeChunk[] = [];

  constructor(
    private readonly text: string,
    private readonly last: number,
    private readonly lastImport: number,
    private readonly lastRuns: number,
  ) {
    this.nextRuns = lastRuns < 0 ? -1 : text.indexOf(RUNS_WORD);
    this.nextImport = lastImport < 0 ? -1 : text.indexOf('import');
  }

  run(): CodeScan {
    const text = this.text;
    const length = text.length;
    let statementStart = 0;
    let decorator = false;
    let lineStart = true;
    while (this.i < length) {
      if (lineStart) {
        lineStart = false;
        const c = text.charCodeAt(this.i);
        const word = isIdentifierStart(c) ? this.keywordAt(this.i) : '';
        // Inside brackets a new line continues the statement; but a keyword that can only start a statement, at
        // the start of a line, means a bracket was left open: start afresh there, so that one typo does not make
        // the rest of the file one statement.
        if (this.depth > 0 && RESTART_WORDS.has(word) && text.charCodeAt(this.i + word.length) === SPACE) this.depth = 0;
        if (this.depth === 0 && c !== SPACE && c !== TAB && c !== FORMFEED && c !== HASH && c !== NL && c !== CR) {
          const joins = CONTINUATIONS.has(word) || decorator;
          decorator = c === AT;
          if (!joins && this.i > 0) {
            this.close(statementStart, this.i);
            if (this.i > this.last) return { chunks: this.chunks, readUpTo: this.i };
            statementStart = this.i;
          }
        }
      }
      const c = text.charCodeAt(this.i);
      if (c === NL) {
        this.i++;
        lineStart = true;
      } else if (isIdentifierStart(c)) {
        // Most of a file is identifiers: skip them without building strings, looking closer only at the rare
        // one that holds `import`.
        const start = this.i;
        let end = start + 1;
        while (end < length && isIdentifierPart(text.charCodeAt(end))) end++;
        if (this.nextImport >= 0 && this.nextImport < end) this.checkTrigger(start, end);
        this.i = end;
      } else if (c === SINGLE || c === DOUBLE) {
        this.i = this.skipString(this.i, this.formattedPrefix(this.i), 0);
      } else if (c === HASH) {
        this.skipComment();
      } else if (c === BACKSLASH) {
        // A backslash before the line break joins the next line to this statement.
        this.i += text.charCodeAt(this.i + 1) === CR && text.charCodeAt(this.i + 2) === NL ? 3 : 2;
      } else {
        if (c === 40 || c === 91 || c === OPEN_BRACE) this.depth++;
        else if ((c === 41 || c === 93 || c === CLOSE_BRACE) && this.depth > 0) this.depth--;
        this.i++;
      }
    }
    this.close(statementStart, length);
    return { chunks: this.chunks, readUpTo: length };
  }

  private close(start: number, end: number): void {
    if (this.trigger) this.chunks.push({ start, end });
    this.trigger = false;
  }

  /** The identifier `[start, end)` of code holds the next `import`: is it one of the trigger words? */
  private checkTrigger(start: number, end: number): void {
    while (this.nextImport >= 0 && this.nextImport < start) this.advanceImport(this.nextImport + 1);
    if (this.nextImport < 0 || this.nextImport >= end) return;
    if (TRIGGER_WORDS.has(this.text.slice(start, end))) this.trigger = true;
    this.advanceImport(end);
  }

  /** The next `import` from `from` on; none past the last one (no search to the end of a long file). */
  private advanceImport(from: number): void {
    this.nextImport = from > this.lastImport ? -1 : this.text.indexOf('import', from);
  }

  /** The statement keyword at a line start (`else`, `def`, …), or '' when the line starts otherwise. */
  private keywordAt(at: number): string {
    const c = this.text.charCodeAt(at);
    // Every keyword we look for starts with one of these letters: a cheap test before reading the word.
    if (c !== 101 && c !== 102 && c !== 100 && c !== 99 && c !== 105 && c !== 97) return '';
    let end = at;
    while (end < this.text.length && end - at < 8 && isIdentifierPart(this.text.charCodeAt(end))) end++;
    if (isIdentifierPart(this.text.charCodeAt(end))) return '';
    return this.text.slice(at, end);
  }

  /** True when the quote at `quote` opens an f-string or t-string (its prefix letters are right before it). */
  private formattedPrefix(quote: number): boolean {
    let s = quote;
    while (s > 0 && quote - s < 3 && isIdentifierPart(this.text.charCodeAt(s - 1))) s--;
    if (s === quote || (s > 0 && isIdentifierPart(this.text.charCodeAt(s - 1)))) return false;
    const prefix = this.text.slice(s, quote).toLowerCase();
    return STRING_PREFIXES.has(prefix) && (prefix.includes('f') || prefix.includes('t'));
  }

  private skipComment(): void {
    const nl = this.text.indexOf('\n', this.i);
    this.i = nl < 0 ? this.text.length : nl;
  }

  /**
   * Skips the string literal whose opening quote is at `at`; returns the offset after it (or the line break that
   * ends an unterminated one-line string). In f-strings, the code inside `{…}` is read like any code.
   */
  private skipString(at: number, formatted: boolean, nesting: number): number {
    const text = this.text;
    const q = text.charCodeAt(at);
    const triple = text.charCodeAt(at + 1) === q && text.charCodeAt(at + 2) === q;
    const contentStart = at + (triple ? 3 : 1);
    let i = contentStart;
    let end = -1;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === BACKSLASH) {
        i += 2;
      } else if (c === q && (!triple || (text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q))) {
        end = i + (triple ? 3 : 1);
        break;
      } else if ((c === NL || c === CR) && !triple) {
        end = i;
        break;
      } else if (c === OPEN_BRACE && formatted) {
        if (text.charCodeAt(i + 1) === OPEN_BRACE) i += 2;
        else i = this.skipReplacementField(i + 1, nesting);
      } else {
        i++;
      }
    }
    if (end < 0) end = text.length;
    this.noteRuns(contentStart, end);
    return end;
  }

  /** Skips the code of an f-string's `{…}` field starting at `at`; returns the offset after its `}`. */
  private skipReplacementField(at: number, nesting: number): number {
    const text = this.text;
    let depth = 0;
    let i = at;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === SINGLE || c === DOUBLE) {
        if (nesting >= MAX_NESTING) return text.length;
        i = this.skipString(i, this.formattedPrefix(i), nesting + 1);
      } else if (c === OPEN_BRACE || c === 40 || c === 91) {
        depth++;
        i++;
      } else if (c === CLOSE_BRACE || c === 41 || c === 93) {
        if (depth === 0) return i + 1;
        depth--;
        i++;
      } else if (c === HASH) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
      } else {
        i++;
      }
    }
    return text.length;
  }

  /** A string whose content holds `runs` makes its statement worth parsing. */
  private noteRuns(start: number, end: number): void {
    if (this.nextRuns < 0) return;
    if (this.nextRuns < start) this.nextRuns = start > this.lastRuns ? -1 : this.text.indexOf(RUNS_WORD, start);
    if (this.nextRuns >= 0 && this.nextRuns < end) this.trigger = true;
  }
}

function isIdentifierStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}

function isIdentifierPart(c: number): boolean {
  return isIdentifierStart(c) || (c >= 48 && c <= 57);
}
