// The core must stay editor-agnostic: the CLI and any LSP client rely on it running without VS Code.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');
const coreDir = path.join(repoRoot, 'server/src/core');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('no core file imports vscode or the language-server libraries', () => {
  const files = tsFiles(coreDir);
  assert.ok(files.length > 0, 'the core has source files');
  const forbidden = /(?:from\s+|require\(\s*|import\(\s*)['"](vscode|vscode-languageserver[^'"]*|vscode-languageclient[^'"]*|vscode-jsonrpc[^'"]*)['"]/;
  const offenders = files
    .filter((file) => forbidden.test(fs.readFileSync(file, 'utf8')))
    .map((file) => path.relative(repoRoot, file));
  assert.deepEqual(offenders, []);
});
