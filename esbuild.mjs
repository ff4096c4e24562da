// Bundles the shipped programs into dist/: the VS Code client, the language server, the CLI, the metrics view's
// worker thread (dist/metricsWorker.js), the metric-line reader's WebAssembly kernel (dist/metricLineKernel.wasm,
// also beside the compiled core in out/ for the tests and benchmarks), and the metrics panel's webview page
// (dist/webview/metrics.js and .css, for the browser).
// The `source` condition makes the `#core/*` imports (package.json "imports") resolve to the TypeScript sources.
// `node esbuild.mjs --dev`: a development build, unminified with source maps, for the debugger (.vscode/launch.json).
import * as esbuild from 'esbuild';
import asc from 'assemblyscript/asc';
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

// The metric-line reader's kernel, compiled from AssemblyScript (core/wasm) and loaded from beside the code that reads
// logs: dist/ for the bundles, out/core/src/metrics for the compiled core.
const kernel = 'core/wasm/metricLineKernel.ts';
const { error, stderr } = await asc.main([kernel, '-O3', '--runtime', 'stub', '--noAssert', '--outFile', 'dist/metricLineKernel.wasm']);
if (error) throw new Error(`${kernel}: ${error.message}\n${stderr.toString()}`);
await mkdir('out/core/src/metrics', { recursive: true });
await copyFile('dist/metricLineKernel.wasm', 'out/core/src/metrics/metricLineKernel.wasm');
