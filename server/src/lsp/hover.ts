// Hover wiring: the core decides what a header position means; this only finds the document's analysis.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from '../core/diagnostic';
import type { ServerAnalysis } from './analysis';

export function hoverAt(_doc: TextDocument, _position: Position, _analysis: () => ServerAnalysis): { markdown: string; range?: Range } | undefined {
  return undefined;
}
