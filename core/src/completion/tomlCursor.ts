// A small forgiving TOML scanner that tells what is being typed at the cursor: a table header, a key, a value, or
// the inside of a string, and under which key. Completion runs on half-written headers that no TOML parser
// accepts, so it cannot rely on a syntax tree; this scanner never fails, it only reports the most likely context.

export type CursorContext =
  | { kind: 'table-header'; /** text from the first `[` to the cursor */ partial: string; startColumn: number }
  | {
      kind: 'key';
      /** key path of the table (or inline table) the key goes in */ container: string[];
      partial: string;
      startColumn: number;
    }
  | { kind: 'value'; /** full key path of the value */ key: string[]; inArray: boolean; partial: string; startColumn: number }
  | {
      kind: 'string';
      key: string[];
      inArray: boolean;
      /** string content before the cursor */ partial: string;
      startColumn: number;
      quote: string;
    }
  | { kind: 'none' };

interface Frame {
  open: '[' | '{';
  /** Full key path of the value this bracket opened. */
  key: string[];
  /** Inside an inline table: full key path of the entry being written. */
  entryKey?: string[];
}

/** Splits a dotted key such as `tool.uv."index"` into its parts (quotes removed). */
export function splitDottedKey(raw: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (const ch of raw) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '.') {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/**
 * Context at the end of `lines`: the TOML text of the body lines up to the cursor, the last one cut at the cursor.
 * Columns are in the last line's TOML text.
 */
export function cursorContext(lines: readonly string[]): CursorContext {
  const text = lines.join('\n');
  const n = text.length;
  const lastLineStart = n - lines[lines.length - 1].length;
  const col = (offset: number) => offset - lastLineStart;
  const onLastLine = (offset: number) => offset >= lastLineStart;

  let table: string[] = [];
  const stack: Frame[] = [];
  let valueKey: string[] = [];
  let mode: 'statement' | 'value' | 'inline-key' = 'statement';
  const keyOfValue = () => {
    const top = stack[stack.length - 1];
    if (!top) return valueKey;
    return top.open === '{' ? (top.entryKey ?? top.key) : top.key;
  };

  let i = 0;
  while (i <= n) {
    if (mode === 'statement') {
      while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i === n) return { kind: 'key', container: table, partial: '', startColumn: col(i) };
      const ch = text[i];
      if (ch === '\n') {
        i++;
        continue;
      }
      if (ch === '#') {
        i = skipToLineEnd(text, i);
        if (i === n) return { kind: 'none' };
        continue;
      }
      if (ch === '[') {
        const lineEnd = skipToLineEnd(text, i);
        const close = text.indexOf(']', i);
        if (lineEnd === n && (close < 0 || close >= n)) return { kind: 'table-header', partial: text.slice(i, n), startColumn: col(i) };
        const inner = text
          .slice(i, lineEnd)
          .replace(/^\[\[?/, '')
          .replace(/\]\]?.*$/, '');
        table = splitDottedKey(inner);
        if (lineEnd === n) return { kind: 'none' };
        i = lineEnd;
        continue;
      }
      const key = scanKey(text, i);
      if (key.equals < 0) {
        if (key.end === n && !key.comment) return { kind: 'key', container: table, partial: text.slice(i, n), startColumn: col(i) };
        i = skipToLineEnd(text, key.end);
        if (i === n) return { kind: 'none' };
        continue;
      }
      valueKey = [...table, ...splitDottedKey(text.slice(i, key.equals))];
      i = key.equals + 1;
      mode = 'value';
      continue;
    }

    if (mode === 'inline-key') {
      const frame = stack[stack.length - 1];
      while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n')) i++;
      if (i === n) return { kind: 'key', container: frame.key, partial: '', startColumn: col(i) };
      if (text[i] === '}') {
        stack.pop();
        i++;
        mode = stack.length === 0 ? 'value' : stack[stack.length - 1].open === '{' ? 'value' : 'value';
        continue;
      }
      const key = scanKey(text, i);
      if (key.equals < 0) {
        if (key.end === n && !key.comment && onLastLine(i))
          return { kind: 'key', container: frame.key, partial: text.slice(i, n), startColumn: col(i) };
        // A broken inline table: give up on it and continue with the next line.
        i = key.end;
        mode = 'value';
        continue;
      }
      frame.entryKey = [...frame.key, ...splitDottedKey(text.slice(i, key.equals))];
      i = key.equals + 1;
      mode = 'value';
      continue;
    }

    // mode === 'value'
    if (i === n) return valueContext(text, n, col, stack, keyOfValue());
    const ch = text[i];
    if (ch === '\n') {
      i++;
      if (stack.length === 0) mode = 'statement';
      continue;
    }
    if (ch === '#') {
      i = skipToLineEnd(text, i);
      if (i === n) return { kind: 'none' };
      continue;
    }
    if (ch === '"' || ch === "'") {
      if (text.startsWith(ch.repeat(3), i)) {
        const end = text.indexOf(ch.repeat(3), i + 3);
        if (end < 0) return { kind: 'none' }; // inside a multi-line string
        i = end + 3;
        while (text[i] === ch) i++;
        continue;
      }
      const end = findStringEnd(text, i + 1, ch);
      if (end < 0) {
        if (onLastLine(i)) {
          const top = stack[stack.length - 1];
          return {
            kind: 'string',
            key: keyOfValue(),
            inArray: top?.open === '[',
            partial: text.slice(i + 1, n),
            startColumn: col(i + 1),
            quote: ch,
          };
        }
        i = skipToLineEnd(text, i); // unterminated string: the rest of its line is lost
        continue;
      }
      i = end + 1;
      continue;
    }
    if (ch === '[' || ch === '{') {
      stack.push({ open: ch, key: keyOfValue() });
      i++;
      if (ch === '{') mode = 'inline-key';
      continue;
    }
    if (ch === ']' || ch === '}') {
      stack.pop();
      i++;
      continue;
    }
    if (ch === ',' && stack[stack.length - 1]?.open === '{') {
      i++;
      mode = 'inline-key';
      continue;
    }
    i++;
  }
  return { kind: 'none' };
}

function valueContext(text: string, end: number, col: (o: number) => number, stack: Frame[], key: string[]): CursorContext {
  let start = end;
  while (start > 0 && /[A-Za-z0-9_.+-]/.test(text[start - 1])) start--;
  const top = stack[stack.length - 1];
  return { kind: 'value', key, inArray: top?.open === '[', partial: text.slice(start, end), startColumn: col(start) };
}

function skipToLineEnd(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** Scans a key (bare, quoted or dotted) on one line; `equals` is -1 when the line or text ends before `=`. */
function scanKey(text: string, from: number): { equals: number; end: number; comment: boolean } {
  let i = from;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '=') return { equals: i, end: i, comment: false };
    if (ch === '\n' || ch === '}' || ch === ',') return { equals: -1, end: i, comment: false };
    if (ch === '#') return { equals: -1, end: i, comment: true };
    if (ch === '"' || ch === "'") {
      const close = findStringEnd(text, i + 1, ch);
      if (close < 0) return { equals: -1, end: skipToLineEnd(text, i), comment: false };
      i = close + 1;
      continue;
    }
    i++;
  }
  return { equals: -1, end: text.length, comment: false };
}

/** Index of the closing quote of a one-line string whose content starts at `from`, or -1 (also at a line end). */
function findStringEnd(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') return -1;
    if (quote === '"' && ch === '\\') {
      i++;
      continue;
    }
    if (ch === quote) return i;
  }
  return -1;
}
