// Conversions from the core's editor-agnostic shapes to LSP types. The core already uses LSP coordinates
// (0-based lines, UTF-16 columns), so only severities and kinds change.
import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  Diagnostic,
  DiagnosticSeverity,
  DiagnosticTag,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
} from 'vscode-languageserver/node';
import type { CoreDiagnostic, QuickFix, Severity } from '#core/diagnostic';
import type { CandidateKind, CompletionCandidate } from '#core/completion/completeHeader';

export const DIAGNOSTIC_SOURCE = 'experiment-scripts';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: CoreDiagnostic): Diagnostic {
  const diagnostic: Diagnostic = {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
  };
  if (d.unnecessary) diagnostic.tags = [DiagnosticTag.Unnecessary];
  return diagnostic;
}

/** True when an LSP diagnostic sent back by a client is the one made from `core`. */
export function sameDiagnostic(lsp: Diagnostic, core: CoreDiagnostic): boolean {
  return (
    lsp.code === core.code &&
    lsp.message === core.message &&
    lsp.range.start.line === core.range.start.line &&
    lsp.range.start.character === core.range.start.character &&
    lsp.range.end.line === core.range.end.line &&
    lsp.range.end.character === core.range.end.character
  );
}

export function toCodeAction(uri: string, fix: QuickFix, diagnostic: Diagnostic): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.isPreferred ?? false,
    edit: { changes: { [uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
  };
}

const ITEM_KIND: Record<CandidateKind, CompletionItemKind> = {
  key: CompletionItemKind.Property,
  table: CompletionItemKind.Struct,
  value: CompletionItemKind.Value,
  package: CompletionItemKind.Module,
  extra: CompletionItemKind.EnumMember,
};

export function toCompletionItem(c: CompletionCandidate, snippetSupport: boolean): CompletionItem {
  const newText = c.snippet && !snippetSupport ? stripSnippet(c.newText) : c.newText;
  return {
    label: c.label,
    kind: ITEM_KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
    sortText: c.sortText,
    filterText: c.filterText,
    insertTextFormat: c.snippet && snippetSupport ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // The inserted lines carry their own `# ` prefixes; the editor must not re-indent them.
    insertTextMode: newText.includes('\n') ? InsertTextMode.asIs : undefined,
    textEdit: { range: c.range, newText },
    additionalTextEdits: c.additionalEdits,
  };
}

/** Plain text of a snippet for clients without snippet support: defaults and first choices kept. */
export function stripSnippet(snippet: string): string {
  return snippet
    .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\d+/g, '')
    .replace(/\\([$}\\,|])/g, '$1');
}
