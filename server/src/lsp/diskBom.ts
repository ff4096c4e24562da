// Whether each open `file:` document's bytes on disk start with a UTF-8 byte-order mark. VS Code (and Neovim) strip
// the BOM from the text they send, so the text alone cannot tell; the first 3 bytes are read when a document opens,
// is saved, or changes on disk — never per keystroke: diagnostics only look the flag up.
import { closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openRegularFile, readAt } from '#core/fs/regularFile';
import { startsWithUtf8Bom } from '#core/pep723/index';

export type FirstBytesReader = (filePath: string) => Promise<Uint8Array | undefined>;

export class DiskBomFlags {
  private readonly flags = new Map<string, boolean>();
  private readonly reads = new Map<string, { seq: number; done: Promise<boolean> }>();
  private seq = 0;

  constructor(private readonly readFirstBytes: FirstBytesReader = readFirstThreeBytes) {}

  /** The flag as last read: false for documents not read yet, not on disk, or not `file:` URIs. */
  has(uri: string): boolean {
    return this.flags.get(uri) === true;
  }

  /** (Re)reads the file's first bytes; resolves to true when the flag changed. Never rejects. */
  check(uri: string): Promise<boolean> {
    const filePath = filePathOf(uri);
    if (!filePath) return Promise.resolve(false);
    const seq = ++this.seq;
    const done = this.readFirstBytes(filePath)
      .catch(() => undefined)
      .then((bytes) => {
        // A later check of the same document supersedes this one (its answer is fresher).
        if (this.reads.get(uri)?.seq !== seq) return false;
        this.reads.delete(uri);
        const before = this.has(uri);
        const now = bytes !== undefined && startsWithUtf8Bom(bytes);
        this.flags.set(uri, now);
        return before !== now;
      });
    this.reads.set(uri, { seq, done });
    return done;
  }

  /** Undefined when no read of `uri` is in progress, else a promise that resolves once none is. */
  pending(uri: string): Promise<void> | undefined {
    return this.reads.has(uri) ? this.settled(uri) : undefined;
  }

  /** Resolves once no read of `uri` is in progress (at once when none is). */
  async settled(uri: string): Promise<void> {
    for (let read = this.reads.get(uri); read; read = this.reads.get(uri)) await read.done;
  }

  forget(uri: string): void {
    this.flags.delete(uri);
    this.reads.delete(uri);
  }
}

/** The local path of a `file:` URI, or undefined for other schemes and malformed URIs. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * Up to the first 3 bytes of a file; undefined when it cannot be read (gone, a folder, no permission) or is not a
 * regular file (a client may name a named pipe, whose open would wait for a writer forever).
 */
function readFirstThreeBytes(filePath: string): Promise<Uint8Array | undefined> {
  const opened = openRegularFile(filePath, 'follow');
  if (!opened.ok) return Promise.resolve(undefined);
  try {
    return Promise.resolve(readAt(opened.fd, 0, 3));
  } catch {
    return Promise.resolve(undefined);
  } finally {
    closeSync(opened.fd);
  }
}
