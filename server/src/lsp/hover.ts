// Hover wiring: the core decides what a header position means; this only finds the document's analysis.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from '#core/diagnostic';
import { HeaderHover, hoverInHeader } from '#core/hover/hoverHeader';
import type { ServerAnalysis } from './analysis';
import { hoverImport } from '#core/imports/hoverImport';

export function hoverAt(
  doc: TextDocument,
  position: Position,
  analysis: () => ServerAnalysis,
  localModules?: ReadonlySet<string>,
): HeaderHover | undefined {
  // Cheap exits for the usual case, hovering Python code: only comment lines can be in a header, and an imported
  // module's name is on a line that says `import` (or continues a `from … import (` whose module is above).
  const first = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line, character: 1 } });
  if (first === '#') return hoverInHeader(analysis().script, position);
  const line = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line + 1, character: 0 } });
  if (!line.includes('import')) return undefined;
  return hoverImport(analysis().check, position, localModules);
}
