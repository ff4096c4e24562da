// `check --fix`: the repairs that cannot change what a script means beyond what its author evidently meant —
// closing an unclosed header, removing a byte-order mark, renaming a distribution that is wrong on PyPI, adding
// the distribution of an import nothing declares (when the tables know it) — applied one at a time, each checked
// again, and undone when it would leave an error the script did not have.
import type { CoreDiagnostic, Position, QuickFix, TextEdit } from '#core/diagnostic';
import type { ScriptCheck } from './checkScript';

/** Codes whose preferred fix `--fix` applies. */
export const SAFE_FIX_CODES: ReadonlySet<string> = new Set([
  'pep723/unclosed-block',
  'pep723/closing-whitespace',
  'pep723/bom',
  'deps/wrong-name',
  'deps/undeclared-import',
]);

export interface AppliedFix {
  code: string;
  title: string;
  /** 0-based line of the diagnostic it repaired, in the text it was applied to. */
  line: number;
}

export interface FixResult {
  text: string;
  applied: AppliedFix[];
  /** The check of the fixed text. */
  check: ScriptCheck;
}

/** At most this many fixes are applied to one file (each one costs a check). */
const MAX_FIXES = 50;

export function applySafeFixes(text: string, check: (text: string) => ScriptCheck): FixResult {
  let current = check(text);
  const applied: AppliedFix[] = [];
  const refused = new Set<string>();
  for (let n = 0; n < MAX_FIXES; n++) {
    const next = nextFix(current.diagnostics, refused);
    if (!next) break;
    const fixed = applyEdits(text, next.fix.edits);
    const after = check(fixed);
    const errorsBefore = current.diagnostics.filter((d) => d.severity === 'error').length;
    const errorsAfter = after.diagnostics.filter((d) => d.severity === 'error').length;
    const closesBlock = next.diagnostic.code === 'pep723/unclosed-block' || next.diagnostic.code === 'pep723/closing-whitespace';
    // A fix must not leave more errors behind (closing a block may reveal TOML errors inside it: that is progress).
    if (fixed === text || (errorsAfter > errorsBefore && !closesBlock)) {
      refused.add(keyOf(next.diagnostic));
      continue;
    }
    applied.push({ code: next.diagnostic.code, title: next.fix.title, line: next.diagnostic.range.start.line });
    text = fixed;
    current = after;
  }
  return { text, applied, check: current };
}

/** The first diagnostic (by position) with a safe, preferred fix; for undeclared imports, "add all" when offered. */
function nextFix(
  diagnostics: readonly CoreDiagnostic[],
  refused: ReadonlySet<string>,
): { diagnostic: CoreDiagnostic; fix: QuickFix } | undefined {
  for (const d of diagnostics) {
    if (!SAFE_FIX_CODES.has(d.code) || refused.has(keyOf(d)) || !d.fixes) continue;
    // Undeclared imports inside `try … except ImportError` or under a version test are the author's choice.
    if (d.code === 'deps/undeclared-import' && d.severity === 'hint') continue;
    const preferred = d.fixes.find((f) => f.isPreferred);
    if (!preferred) continue;
    const all = d.code === 'deps/undeclared-import' ? d.fixes.find((f) => f !== preferred && f.title.startsWith('Add all')) : undefined;
    return { diagnostic: d, fix: all ?? preferred };
  }
  return undefined;
}

function keyOf(d: CoreDiagnostic): string {
  return `${d.code}@${d.range.start.line}:${d.range.start.character}:${d.message}`;
}

/** Applies non-overlapping edits given in the text's coordinates (0-based lines split at `\n`, UTF-16 columns). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  const offset = (p: Position) => Math.min(text.length, (starts[p.line] ?? text.length) + p.character);
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
