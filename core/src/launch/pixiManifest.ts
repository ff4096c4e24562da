// Finds the pixi environment an experiment belongs to: a `pixi.toml`, or a `pyproject.toml` with a `[tool.pixi]`
// table, in the experiment folder or a folder above it. The launcher asks it which runner `auto` means, and the
// checks which hints apply. A manifest is read as a regular file of at most 1 MiB, never through a symbolic link.
import * as path from 'node:path';
import { readRegularFile } from '#core/fs/regularFile';
import { parseToml } from '#core/toml/parser';
import { resolveToml } from '#core/toml/tree';

export interface FileReader {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readText(file: string): string | undefined;
}

const MAX_MANIFEST_BYTES = 1024 * 1024;

/** Reads under core/src/fs's rules: a regular file only, never blocking, its first MiB, never through a link. */
export const nodeFileReader: FileReader = {
  readText: (file) => {
    const read = readRegularFile(file, { maxBytes: MAX_MANIFEST_BYTES, links: 'refuse', overCap: 'readStart' });
    return read.ok ? read.bytes.toString('utf8') : undefined;
  },
};

/**
 * The manifest file pixi would use for scripts in `experimentDir`, searching upwards and stopping after `stopAt`
 * (the workspace folder) or at the filesystem root. Undefined when there is none.
 */
export function findPixiManifest(
  experimentDir: string,
  stopAt: string | undefined,
  files: FileReader = nodeFileReader,
): string | undefined {
  let dir = path.resolve(experimentDir);
  const stop = stopAt === undefined ? undefined : path.resolve(stopAt);
  // Never search above the workspace folder when the experiment is inside it.
  const bounded = stop !== undefined && isInside(dir, stop);
  for (;;) {
    const pixiToml = path.join(dir, 'pixi.toml');
    if (files.readText(pixiToml) !== undefined) return pixiToml;
    const pyproject = path.join(dir, 'pyproject.toml');
    const text = files.readText(pyproject);
    if (text !== undefined && hasPixiTable(text)) return pyproject;
    const parent = path.dirname(dir);
    if (parent === dir || (bounded && dir === stop)) return undefined;
    dir = parent;
  }
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Whether a pyproject.toml declares anything under `tool.pixi` (a `[tool.pixi…]` table, a dotted key, an inline
 * table). Read with the same TOML parser as the script header. A file that does not parse (half-written while the
 * user types) falls back to looking for a `[tool.pixi…]` header line, which is what such a file almost always has.
 */
export function hasPixiTable(text: string): boolean {
  const parsed = parseToml(text);
  if (!parsed.ok) return /^[ \t]*\[\[?[ \t]*tool[ \t]*\.[ \t]*("pixi"|'pixi'|pixi)[ \t]*[.\]]/m.test(text);
  const tool = resolveToml(parsed.ast).entries.get('tool')?.value;
  return tool?.kind === 'table' && tool.entries.has('pixi');
}
