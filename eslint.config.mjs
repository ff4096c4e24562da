// ESLint: typescript-eslint's type-aware rules over the product, the tests and the benchmarks; formatting is Prettier's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const editorLibraries = {
  patterns: [
    {
      group: ['vscode', 'vscode-*'],
      message: 'The core and the CLI run without an editor: no vscode or LSP libraries here.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      '.cache/',
      '.e2e/',
      'test/fixtures/',
      'test/e2e/workspace/',
      'examples/',
      'build/notInCore.ts',
      // AssemblyScript, compiled and checked by asc (esbuild.mjs), not by tsc.
      'core/wasm/',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  { files: ['core/src/**/*.ts', 'cli/src/**/*.ts'], rules: { 'no-restricted-imports': ['error', editorLibraries] } },
  {
    // node:test's test() returns a promise the runner itself awaits.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] },
      ],
    },
  },
);
