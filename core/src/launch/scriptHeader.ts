// What the launcher reads from the script it is about to run: its text, read under core/src/fs's rules (a regular
// file, at most a few megabytes, never blocking on a named pipe), and whether its PEP 723 header has `[tool.pixi]`,
// which makes it a pixi script that `pixi run --script` runs in its own environment.
import { findMetadataBlocks } from '#core/pep723/blocks';
import { readRegularFile } from '#core/fs/regularFile';
import { parseToml } from '#core/toml/parser';
import { resolveToml } from '#core/toml/tree';

/** Scripts are small; a header is at the top. Anything larger is read only this far. */
export const MAX_SCRIPT_BYTES = 4 * 1024 * 1024;

/** The script's text (its first MAX_SCRIPT_BYTES), or undefined when it is not a readable regular file. */
export function readScriptText(file: string, maxBytes = MAX_SCRIPT_BYTES): string | undefined {
  // The script the user launches: a link to it is followed, as the runner would follow it.
  const read = readRegularFile(file, { maxBytes, links: 'follow', overCap: 'readStart' });
  return read.ok ? read.bytes.toString('utf8') : undefined;
}

/**
 * Whether the script's `script` block (the first, as uv and pixi read it) declares `[tool.pixi]`. A header whose TOML
 * does not parse counts when it has a `[tool.pixi…]` table line: the user is writing a pixi header, and pixi, not uv,
 * should report what is wrong with it.
 */
export function headerDeclaresPixi(text: string): boolean {
  const block = findMetadataBlocks(text).blocks.find((b) => b.type === 'script');
  if (!block) return false;
  const parsed = parseToml(block.payload);
  if (!parsed.ok) return /^[ \t]*\[\[?[ \t]*tool[ \t]*\.[ \t]*("pixi"|'pixi'|pixi)[ \t]*[.\]]/m.test(block.payload);
  const tool = resolveToml(parsed.ast).entries.get('tool')?.value;
  return tool?.kind === 'table' && tool.entries.has('pixi');
}
