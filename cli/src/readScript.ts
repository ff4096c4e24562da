// Reads a script as uv does: UTF-8 bytes. Only a regular file of at most 100 MiB is read (a named pipe would block,
// /dev/zero never ends); binary and non-UTF-8 files are refused with a message, not a crash.
import type { FsPath } from '#core/fs/fsPath';
import { readRegularFile } from '#core/fs/regularFile';

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

/** Far above any real script (the largest PEP 723 scripts are tens of kilobytes), well below a memory problem. */
export const MAX_SCRIPT_BYTES = 100 * 1024 * 1024;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function readScript(file: FsPath): ReadResult {
  const read = readRegularFile(file, { maxBytes: MAX_SCRIPT_BYTES, links: 'follow' });
  if (read.ok) return decodeScript(read.bytes);
  if (read.kind === 'missing') return { ok: false, message: 'no such file or folder' };
  return { ok: false, message: read.kind === 'skipped' ? `${read.what}; not checked` : read.what };
}

/** Decodes script bytes, keeping a byte-order mark (the checker reports it). */
export function decodeScript(bytes: Uint8Array): ReadResult {
  if (bytes.subarray(0, 8192).includes(0)) {
    return { ok: false, message: 'not a text file (it contains NUL bytes); skipped' };
  }
  try {
    return { ok: true, text: decoder.decode(bytes) };
  } catch {
    return { ok: false, message: 'not valid UTF-8, and uv reads scripts as UTF-8; re-save it as UTF-8' };
  }
}
