// Hover wiring: the core decides what a header position means; this only finds the document's analysis.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from '#core/diagnostic';
import { HeaderHover, hoverInHeader } from '#core/hover/hoverHeader';
import type { ServerAnalysis } from './analysis';

export function hoverAt(doc: TextDocument, position: Position, analysis: () => ServerAnalysis): HeaderHover | undefined {
  // Cheap exit for the usual case, hovering Python code: only comment lines can be in a header.
  const line = doc.getText({ start: { line: position.line, character: 0 }, end: { line: position.line, character: 1 } });
  if (line !== '#') return undefined;
  return hoverInHeader(analysis().script, position);
}
