// Finds the pixi environment an experiment belongs to: a `pixi.toml`, or a `pyproject.toml` with a `[tool.pixi]`
// table, in the experiment folder or a folder above it.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileReader {
  /** The file's text, or undefined when it does not exist or cannot be read. */
  readText(file: string): string | undefined;
}

export const nodeFileReader: FileReader = {
  readText(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/**
 * The manifest file pixi would use for scripts in `experimentDir`, searching upwards and stopping after `stopAt`
 * (the workspace folder) or at the filesystem root. Undefined when there is none.
 */
export function findPixiManifest(experimentDir: string, stopAt: string | undefined, files: FileReader = nodeFileReader): string | undefined {
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
 * Whether a pyproject.toml declares anything under `tool.pixi`: a `[tool.pixi…]` / `[[tool.pixi…]]` header, a
 * dotted key `tool.pixi… =` before the first header, or `pixi… =` inside `[tool]`. A line scan, aware of
 * multi-line strings and comments, is enough for this yes/no question and never fails on a half-written file.
 */
export function hasPixiTable(text: string): boolean {
  let inMultiline: '"""' | "'''" | undefined;
  let currentTable: string[] | undefined = []; // [] = top level; undefined = a header we could not read
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine;
    if (inMultiline) {
      const end = line.indexOf(inMultiline);
      if (end < 0) continue;
      line = line.slice(end + 3);
      inMultiline = undefined;
    }
    const opened = openedMultiline(line);
    if (opened) {
      inMultiline = opened.delimiter;
      line = line.slice(0, opened.at);
    }
    const trimmed = stripComment(line).trim();
    if (trimmed === '') continue;
    const header = /^\[\[?(.*?)\]\]?$/.exec(trimmed);
    if (header) {
      currentTable = splitDottedKey(header[1]);
      if (currentTable && currentTable[0] === 'tool' && currentTable[1] === 'pixi') return true;
      continue;
    }
    const eq = /^([^=]+)=/.exec(trimmed);
    if (!eq || !currentTable) continue;
    const key = splitDottedKey(eq[1]);
    if (!key) continue;
    const full = [...currentTable, ...key];
    if (full[0] === 'tool' && full[1] === 'pixi') return true;
    // `tool = { pixi = … }` as an inline table at top level.
    if (full.length === 1 && full[0] === 'tool' && /^\{\s*("pixi"|'pixi'|pixi)\s*[.=]/.test(trimmed.slice(eq[0].length).trim())) return true;
  }
  return false;
}

/** `tool . "pixi".x` → ['tool', 'pixi', 'x']; undefined when it is not a plain dotted key. */
function splitDottedKey(key: string): string[] | undefined {
  const parts: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*(\.|$)/y;
  let pos = 0;
  while (pos < key.length) {
    re.lastIndex = pos;
    const m = re.exec(key);
    if (!m) return undefined;
    parts.push(m[1] ?? m[2] ?? m[3]);
    pos = re.lastIndex;
    if (m[4] === '') break;
  }
  return parts.length > 0 ? parts : undefined;
}

/** Where a `"""` or `'''` string opens on this line without closing on it. */
function openedMultiline(line: string): { delimiter: '"""' | "'''"; at: number } | undefined {
  const code = line;
  for (const delimiter of ['"""', "'''"] as const) {
    const at = code.indexOf(delimiter);
    if (at < 0) continue;
    if (code.indexOf(delimiter, at + 3) >= 0) continue;
    if (code.slice(0, at).includes('#')) continue;
    return { delimiter, at };
  }
  return undefined;
}

/** Removes a `# comment` that is not inside a one-line string. */
function stripComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}
