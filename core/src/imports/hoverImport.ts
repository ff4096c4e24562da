// Hover on an imported module's name: which declared dependency provides it, or that it is the standard library
// or a module beside the script, or that nothing provides it and what to add.
import type { Position, Range } from '#core/diagnostic';
import type { ScriptCheck } from '#core/check/checkScript';
import { markdownCode } from '#core/text/markdown';
import { declaredDistributions } from './declaredDistributions';
import { distributionFor } from './providers';
import { isStdlibSomewhere, stdlibHistory } from './pythonVersions';

export interface ImportHover {
  markdown: string;
  range: Range;
}

export function hoverImport(check: ScriptCheck, position: Position, localModules?: ReadonlySet<string>): ImportHover | undefined {
  const imp = check.code?.imports.find((i) => contains(i.range, position));
  if (!imp) return undefined;
  const top = imp.module.split('.')[0];
  const name = markdownCode(imp.module);
  const range = imp.range;
  const note = imp.typeOnly
    ? '\n\nImported only for type checking (`if TYPE_CHECKING:`), never at run time.'
    : imp.optional
      ? '\n\nImported inside `try … except ImportError`: the script runs without it.'
      : '';
  if (localModules?.has(top)) return { range, markdown: `${name}: a module beside the script, found there first when it runs.${note}` };
  const modules = imp.kind === 'from' ? [imp.module, ...imp.names.map((n) => `${imp.module}.${n}`)] : [imp.module];
  const provider = declaredDistributions(check.analysis).find((d) => modules.some((m) => d.provides(m)));
  if (provider) {
    return {
      range,
      markdown:
        `${name} comes from ${markdownCode(provider.shown)}` +
        `${provider.pixiTable ? `, a ${provider.pixiTable.registry} package of ${markdownCode(`[${provider.pixiTable.path}]`)}` : ''}` +
        ` (line ${provider.range.start.line + 1} of the header).${note}`,
    };
  }
  if (isStdlibSomewhere(top)) {
    const history = stdlibHistory(top);
    return { range, markdown: `${name}: Python's standard library${history ? ` (${history})` : ''}; nothing to install.${note}` };
  }
  const guess = distributionFor(imp.module);
  const what =
    guess.source === 'guess' ? `the distribution that provides it (perhaps \`${guess.distribution}\`)` : `\`${guess.distribution}\``;
  const where = check.analysis.metadata ? '`dependencies`' : 'a `# /// script` header';
  return { range, markdown: `⚠ No declared dependency provides ${name}. Add ${what} to ${where}.${note}` };
}

function contains(range: Range, p: Position): boolean {
  const afterStart = p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character);
  const beforeEnd = p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character);
  return afterStart && beforeEnd;
}
