// What is at a path, asked the way every part of the product asks it: following symbolic links (a linked run or
// script counts as what it points to), and "no" for anything that cannot be read rather than an exception.
import { promises as fs } from 'node:fs';

export async function isFile(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
}

export async function isDirectory(p: string): Promise<boolean> {
  return fs.stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

export async function exists(p: string): Promise<boolean> {
  return fs.stat(p).then(
    () => true,
    () => false,
  );
}
