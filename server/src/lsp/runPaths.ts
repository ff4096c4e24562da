// Run path completion and hover wiring: a cheap look at the cursor's line decides whether the core is asked at all,
// so that the usual completion and hover requests in Python code cost no reading of the file or the disk.
import { CompletionItem, CompletionItemKind, CompletionList, Hover, MarkupKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from '#core/diagnostic';
import { RunIndexReader, RunPathCandidate, completeRunPath, hoverRunPath, mayCompleteRunPath, mayHoverRunPath } from '#core/runPaths/index';
import { documentLines } from './textDocumentLines';
import { filePathOf } from './diskBom';

/** Undefined when the cursor is not on a `runs/…` word (answer at once); else the completion list, once read. */
export function runPathCompletion(
  doc: TextDocument,
  position: Position,
  reader: RunIndexReader,
): Promise<CompletionList | null> | undefined {
  const at = runPathContext(doc, position, mayCompleteRunPath);
  if (!at) return undefined;
  return completeRunPath(at.lines, position, at.filePath, reader).then((found) =>
    found ? { isIncomplete: found.isIncomplete, items: found.items.map(toCompletionItem) } : null,
  );
}

/** Undefined when no run path is under the position (answer at once); else the hover, once read. */
export function runPathHover(doc: TextDocument, position: Position, reader: RunIndexReader): Promise<Hover | null> | undefined {
  const at = runPathContext(doc, position, mayHoverRunPath);
  if (!at) return undefined;
  return hoverRunPath(at.lines, position, at.filePath, reader).then((found) =>
    found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: found.range } : null,
  );
}

/** The document's lines and file path, when it is a file on disk and `may` sees a run path at the position. */
function runPathContext(doc: TextDocument, position: Position, may: (line: string, character: number) => boolean) {
  const filePath = filePathOf(doc.uri);
  if (!filePath) return undefined;
  const lines = documentLines(doc);
  if (position.line >= lines.lineCount || !may(lines.lineAt(position.line), position.character)) return undefined;
  return { lines, filePath };
}

function toCompletionItem(c: RunPathCandidate): CompletionItem {
  return {
    label: c.label,
    kind: CompletionItemKind.Folder,
    detail: c.detail,
    documentation: { kind: MarkupKind.Markdown, value: c.documentation },
    sortText: c.sortText,
    filterText: c.filterText,
    textEdit: { range: c.range, newText: c.newText },
  };
}
