// Paths as the file system has them. A name that is not valid UTF-8 cannot round-trip through a JavaScript string
// (its bad bytes decode to U+FFFD), so such names are kept as bytes and paths through them are Buffers; every other
// path stays a plain string. Node's fs functions take either.
import * as path from 'node:path';

export type FsPath = string | Buffer;

/** `dir` joined with one entry name (no separator in it); a Buffer when either part is one. */
export function childPath(dir: FsPath, name: FsPath): FsPath {
  // A plain concatenation: `dir` is already a normalized path, and this runs several times per run read.
  if (typeof dir === 'string' && typeof name === 'string') return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
  return Buffer.concat([toBytes(dir), Buffer.from(path.sep), toBytes(name)]);
}

/** The path as bytes (UTF-8 for strings). */
export function toBytes(p: FsPath): Buffer {
  return typeof p === 'string' ? Buffer.from(p) : p;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a name: exact when it is UTF-8; else with U+FFFD for each byte that is not (`exact: false`). */
export function decodeName(bytes: Uint8Array): { text: string; exact: boolean } {
  try {
    return { text: strictUtf8.decode(bytes), exact: true };
  } catch {
    return { text: Buffer.from(bytes).toString('utf8'), exact: false };
  }
}

/** A path as text, for messages: lossy for bytes that are not UTF-8. */
export function displayPath(p: FsPath): string {
  return typeof p === 'string' ? p : decodeName(p).text;
}
