// Finds the PEP 723 `script` block around a line by walking outwards from it, so that the work done for a
// completion request grows with the header, not with the file. Unlike the checker, it also accepts a block that
// is still being typed (no closing `# ///` yet), since that is exactly when completion is wanted.
import type { Position } from '#core/diagnostic';

/** Random access to the lines of a document, without their line terminators. */
export interface LineSource {
  readonly lineCount: number;
  lineAt(line: number): string;
}

export function linesOfText(text: string): LineSource {
  const lines = text.split(/\r\n|\r|\n/);
  return { lineCount: lines.length, lineAt: (i) => lines[i] ?? '' };
}

/** One line of the block body with its comment prefix removed. */
export interface HeaderLine {
  /** Line number in the script. */
  scriptLine: number;
  /** Length of the `# ` (or bare `#`) prefix that was removed. */
  prefixLength: number;
  /** The TOML text of the line. */
  toml: string;
}

export interface HeaderAtCursor {
  /** Script line of `# /// script`. */
  openLine: number;
  /** Script line of the closing `# ///`, undefined while the block is still open. */
  closeLine?: number;
  /** Body lines, in order. */
  body: HeaderLine[];
  /** Index in `body` of the cursor's line. */
  cursorIndex: number;
  /** Cursor column in the TOML text of its line. */
  cursorColumn: number;
}

const OPEN = /^# \/\/\/ script\s*$/;
const CLOSE = /^# \/\/\/\s*$/;
// Comment lines that can belong to a block body (PEP 723: `#` alone or `# ` then text).
const isComment = (line: string) => line.startsWith('#');

/** The `script` block whose body holds `position`, or undefined when the cursor is not inside one. */
export function findHeaderAtCursor(lines: LineSource, position: Position): HeaderAtCursor | undefined {
  const cursorLine = position.line;
  if (cursorLine < 0 || cursorLine >= lines.lineCount) return undefined;
  const current = lines.lineAt(cursorLine);
  if (!isComment(current) || OPEN.test(current) || CLOSE.test(current)) return undefined;
  const prefix = current.startsWith('# ') ? 2 : 1;
  if (position.character < prefix) return undefined;

  let openLine = -1;
  for (let i = cursorLine - 1; i >= 0; i--) {
    const line = lines.lineAt(i);
    if (OPEN.test(line)) {
      openLine = i;
      break;
    }
    // A closing line above means the cursor sits after a finished block; a non-comment line ends any block.
    if (CLOSE.test(line) || !isComment(line)) return undefined;
  }
  if (openLine < 0) return undefined;

  let closeLine: number | undefined;
  let lastBody = cursorLine;
  for (let i = cursorLine + 1; i < lines.lineCount; i++) {
    const line = lines.lineAt(i);
    if (CLOSE.test(line)) {
      closeLine = i;
      break;
    }
    if (!isComment(line) || OPEN.test(line)) break;
    lastBody = i;
  }

  const body: HeaderLine[] = [];
  for (let i = openLine + 1; i <= lastBody; i++) {
    const line = lines.lineAt(i);
    const prefixLength = line.startsWith('# ') ? 2 : 1;
    body.push({ scriptLine: i, prefixLength, toml: line.slice(prefixLength) });
  }
  return {
    openLine,
    closeLine,
    body,
    cursorIndex: cursorLine - openLine - 1,
    cursorColumn: position.character - prefix,
  };
}
