// Reads a script as uv does: UTF-8 bytes. Binary and non-UTF-8 files are refused with a message, not a crash.
import { promises as fs } from 'node:fs';
import { describeFsError } from '#core/fsErrors';

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export async function readScript(file: string): Promise<ReadResult> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (e) {
    return { ok: false, message: describeFsError(e, { missing: 'no such file or folder' }) };
  }
  return decodeScript(bytes);
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
