// The text of a PyTorch wheel index table (`[[tool.uv.index]]` with the index, `explicit = true`, and `torch` —
// plus `torchvision`/`torchaudio` when listed — pinned to it in `[tool.uv.sources]`), for completion and quick
// fixes alike. When the header already has `[tool.uv.sources]`, the pins go under it as an additional edit.
import type { TextEdit } from '#core/diagnostic';
import { normalizePackageName } from '#core/data/packages';
import type { PytorchIndex } from '#core/data/pytorchIndexes';
import type { HeaderLine } from './headerAtCursor';
import type { HeaderFacts } from './headerFacts';

/** Lines joined with `eol + '# '`: the first line carries no prefix (it goes where `# ` already is). */
export function pytorchIndexTable(
  index: PytorchIndex,
  name: string,
  body: readonly HeaderLine[],
  facts: HeaderFacts,
  eol: string,
): { text: string; additionalEdits?: TextEdit[] } {
  const lines = ['[[tool.uv.index]]', `name = "${name}"`, `url = "${index.url}"`, 'explicit = true'];
  const listed = new Set(facts.dependencies.map(normalizePackageName));
  const pinnedPackages = ['torch', 'torchvision', 'torchaudio'].filter((p) => p === 'torch' || listed.has(p));
  const sources = facts.sections.find((s) => s.path === 'tool.uv.sources');
  const entries = pinnedPackages
    .filter((p) => !sources || ![...sources.keys].some((k) => normalizePackageName(k) === p))
    .map((p) => `${p} = { index = "${name}" }`);
  if (!sources) {
    lines.push('', '[tool.uv.sources]', ...entries);
    return { text: lines.join(`${eol}# `).replace(/# (\r?\n)/g, '#$1') };
  }
  const text = lines.join(`${eol}# `);
  if (entries.length === 0) return { text };
  const after = body[sources.headerIndex].scriptLine + 1;
  const insertAt = { line: after, character: 0 };
  return {
    text,
    additionalEdits: [{ range: { start: insertAt, end: insertAt }, newText: entries.map((e) => `# ${e}${eol}`).join('') }],
  };
}
