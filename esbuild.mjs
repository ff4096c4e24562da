// Bundles the shipped programs into dist/: the VS Code client, the language server, the CLI, the metrics view's
// worker thread (dist/metricsWorker.js), and the metrics panel's webview page (dist/webview/metrics.js and .css,
// for the browser).
// The `source` condition makes the `#core/*` imports (package.json "imports") resolve to the TypeScript sources.
// `node esbuild.mjs --dev`: a development build, unminified with source maps, for the debugger (.vscode/launch.json).
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';

const dev = process.argv.includes('--dev');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  conditions: ['source'],
  minify: !dev,
  sourcemap: dev ? 'linked' : false,
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['cli/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
  // The metrics view's worker thread, started by the extension and the CLI from beside their bundles.
  esbuild.build({ ...common, entryPoints: ['core/src/metrics/metricsWorker.ts'], outfile: 'dist/metricsWorker.js' }),
  esbuild.build({
    entryPoints: ['webview/src/metrics/main.ts'],
    outfile: 'dist/webview/metrics.js',
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome114'],
    conditions: ['source'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  }),
]);

// The Python parser (tree-sitter's runtime and its Python grammar, both WebAssembly) is loaded by the server and
// the CLI from beside their bundles.
const require = createRequire(import.meta.url);
await mkdir('dist', { recursive: true });
for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
  await copyFile(require.resolve(wasm), `dist/${wasm.split('/').pop()}`);
}
