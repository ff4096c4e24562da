// Loads tree-sitter's Python grammar, compiled to WebAssembly, so that the imports and the few code patterns the
// checks look at are read by a real Python parser. Loading is asynchronous and costs tens of milliseconds (the two
// WebAssembly modules are compiled), so it happens once per process; parsing afterwards is synchronous.
//
// Both `.wasm` files sit beside the bundle in `dist/` (esbuild.mjs copies them there); when running from `out/`
// (tests, benchmarks) they are found in node_modules.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Tree } from 'web-tree-sitter';

// The package's CommonJS build, required explicitly: an `import` would make the bundler take its ES-module build,
// which finds its files through `import.meta.url`, and that does not survive bundling into CommonJS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Language, Parser } = require('web-tree-sitter') as typeof import('web-tree-sitter');

/** The tree-sitter runtime (web-tree-sitter) and the Python grammar. */
export const RUNTIME_WASM = 'web-tree-sitter.wasm';
export const PYTHON_GRAMMAR_WASM = 'tree-sitter-python.wasm';

export interface PythonParser {
  /** Parses a piece of Python source; the caller must `delete()` the tree. Undefined when parsing was cancelled. */
  parse(text: string): Tree | undefined;
}

/** Where the two `.wasm` files are; the defaults look beside the running bundle, then in node_modules. */
export interface PythonParserFiles {
  runtimeWasm?: string;
  grammarWasm?: string;
}

let loading: Promise<PythonParser> | undefined;

/** The process's Python parser, loaded on first use. Rejects when a `.wasm` file cannot be found or read. */
export function loadPythonParser(files: PythonParserFiles = {}): Promise<PythonParser> {
  loading ??= load(files).catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

async function load(files: PythonParserFiles): Promise<PythonParser> {
  const runtime = readFileSync(files.runtimeWasm ?? locate(RUNTIME_WASM, 'web-tree-sitter/web-tree-sitter.wasm'));
  const grammar = readFileSync(files.grammarWasm ?? locate(PYTHON_GRAMMAR_WASM, 'tree-sitter-python/tree-sitter-python.wasm'));
  // Handing over the bytes keeps the runtime from looking for its file next to a script it was bundled away from.
  await Parser.init({ wasmBinary: runtime });
  const language = await Language.load(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return { parse: (text) => parser.parse(text) ?? undefined };
}

function locate(fileName: string, packagePath: string): string {
  const beside = path.join(__dirname, fileName);
  return existsSync(beside) ? beside : require.resolve(packagePath);
}
