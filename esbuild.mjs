// Bundles the shipped programs into dist/: the VS Code client, the language server, the CLI, and the metrics panel's
// webview page (dist/webview/metrics.js and .css, for the browser).
// The `source` condition makes the `#core/*` imports (package.json "imports") resolve to the TypeScript sources.
import * as esbuild from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  conditions: ['source'],
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['cli/src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
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
