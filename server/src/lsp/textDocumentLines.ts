// Line access over an LSP text document without copying the whole text: completion reads only the lines around
// the cursor, so its cost follows the header, not the file.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LineSource } from '#core/completion/headerAtCursor';

export function documentLines(doc: TextDocument): LineSource {
  return {
    lineCount: doc.lineCount,
    lineAt(line: number): string {
      const text = doc.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
      return text.replace(/\r?\n$|\r$/, '');
    },
  };
}

/** The line terminator the document uses (from its first line), so that insertions match it. */
export function documentEol(doc: TextDocument): string {
  if (doc.lineCount < 2) return '\n';
  const first = doc.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } });
  return first.endsWith('\r\n') ? '\r\n' : '\n';
}
