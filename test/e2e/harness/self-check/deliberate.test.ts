// Deliberately failing: see index.ts beside this file.
import * as assert from 'node:assert';
import * as vscode from 'vscode';

suite('harness self-check', () => {
  test('the extension host runs this suite', () => {
    assert.ok(vscode.version, 'vscode.version is set inside a real extension host');
  });

  test('a deliberately failing test', () => {
    assert.strictEqual(1 + 1, 3, 'this failure is expected: the harness checks that it is reported');
  });
});
