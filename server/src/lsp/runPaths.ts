// Run path completion and hover wiring: a cheap look at the cursor's line decides whether the core is asked at all,
// so that the usual completion and hover requests in Python code cost no reading of the file or the disk.
import { CompletionItem, CompletionItemKind, CompletionList, Hover, MarkupKind } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from '../core/diagnostic';
import { RunIndexReader, RunPathCandidate, completeRunPath, hoverRunPath, mayCompleteRunPath, mayHoverRunPath } from '../core/runPaths';
import { documentLines } from './textDocumentLines';
import { filePathOf } from './diskBom';

/** Undefined when the cursor is not on a `runs/…` word (answer at once); else the completion list, once read. */
export function runPathCompletion(doc: TextDocument, position: Position, reader: RunIndexReader): Promise<CompletionList | null> | undefined {
  const filePath = filePathOf(doc.uri);
  if (!filePath) return undefined;
  const lines = documentLines(doc);
  if (position.line >= lines.lineCount || !mayCompleteRunPath(lines.lineAt(position.line), position.character)) return undefined;
  return completeRunPath(lines, position, filePath, reader).then((found) =>
    found ? { isIncomplete: found.isIncomplete, items: found.items.map(toCompletionItem) } : null,
  );
}

/** Undefined when no run path is under the position (answer at once); else the hover, once read. */
export function runPathHover(doc: TextDocument, position: Position, reader: RunIndexReader): Promise<Hover | null> | undefined {
  const filePath = filePathOf(doc.uri);
  if (!filePath) return undefined;
  const lines = documentLines(doc);
  if (position.line >= lines.lineCount || !mayHoverRunPath(lines.lineAt(position.line), position.character)) return undefined;
  return hoverRunPath(lines, position, filePath, reader).then((found) =>
    found ? { contents: { kind: MarkupKind.Markdown, value: found.markdown }, range: found.range } : null,
  );
}

function toCompletionItem(c: RunPathCandidate): CompletionItem {
  return {
    label: c.label,
    kind: CompletionItemKind.Folder,
    detail: c.detail,
    documentation: { kind: MarkupKind.Markdown, value: c.documentation },
    sortText: c.sortText,
    filterText: c.label,
    textEdit: { range: c.range, newText: c.newText },
  };
}
