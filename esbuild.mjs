// Bundles the three shipped programs into dist/: the VS Code client, the language server and the CLI.
// The `source` condition makes the `#core/*` imports (package.json "imports") resolve to the TypeScript sources.
// `node esbuild.mjs --dev`: a development build, unminified with source maps, for the debugger (.vscode/launch.json).
import * as esbuild from 'esbuild';

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
]);
