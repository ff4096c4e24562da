// Tokenizes scripts with VS Code's TextMate engine and the real Python grammar, with our injection grammar on top,
// and checks what a user sees highlighted: the header as TOML, the rest of the script untouched.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const repoRoot = path.resolve(__dirname, '../../..');
const injectionPath = path.join(repoRoot, 'syntaxes/pep723.injection.tmLanguage.json');
const pythonGrammarPath = require.resolve('tm-grammars/grammars/python.json');

async function loadPythonGrammar(): Promise<textmate.IGrammar> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: (scopeName) => {
      const file = scopeName === 'source.python' ? pythonGrammarPath : scopeName === 'pep723.injection' ? injectionPath : undefined;
      return Promise.resolve(file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null);
    },
    // As package.json declares: the injection applies to source.python.
    getInjections: (scopeName) => (scopeName === 'source.python' ? ['pep723.injection'] : undefined),
  });
  const grammar = await registry.loadGrammar('source.python');
  assert.ok(grammar, 'python grammar loads');
  return grammar;
}

const grammarReady = loadPythonGrammar();

/** Scopes of each token, as `text => scope scope …` per line. */
async function tokenize(source: string): Promise<{ text: string; scopes: string[] }[][]> {
  const grammar = await grammarReady;
  let state = textmate.INITIAL;
  return source.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

function scopesOf(lines: { text: string; scopes: string[] }[][], lineNo: number, text: string): string[] {
  const token = lines[lineNo].find((t) => t.text.includes(text));
  assert.ok(token, `token containing ${JSON.stringify(text)} on line ${lineNo}: ${JSON.stringify(lines[lineNo].map((t) => t.text))}`);
  return token.scopes;
}

const script = [
  '# /// script',
  '# requires-python = ">=3.11"',
  '# dependencies = [',
  '#     "torch>=2.1",  # the framework',
  '# ]',
  '# [[tool.uv.index]]',
  '# url = "https://download.pytorch.org/whl/cu128"',
  '# explicit = true',
  '# ///',
  'import torch',
  '# an ordinary comment',
].join('\n');

test('header keys, strings, tables and booleans are highlighted as TOML', async () => {
  const lines = await tokenize(script);
  assert.ok(scopesOf(lines, 0, 'script').includes('entity.name.tag.pep723'));
  assert.ok(scopesOf(lines, 1, 'requires-python').includes('support.type.property-name.toml'));
  assert.ok(scopesOf(lines, 1, '">=3.11"').includes('string.quoted.double.basic.toml'));
  assert.ok(scopesOf(lines, 3, '"torch>=2.1"').includes('string.quoted.double.basic.toml'));
  assert.ok(scopesOf(lines, 3, 'the framework').includes('comment.line.number-sign.toml'));
  assert.ok(scopesOf(lines, 5, 'tool.uv.index').includes('entity.name.section.toml'));
  assert.ok(scopesOf(lines, 7, 'true').includes('constant.language.boolean.toml'));
  assert.ok(scopesOf(lines, 8, '///').includes('keyword.control.directive.pep723'));
  for (const line of lines.slice(0, 9)) {
    for (const token of line) assert.ok(token.scopes.includes('meta.embedded.block.pep723'), `inside the block: ${token.text}`);
  }
});

test('code and comments after the header keep their Python scopes', async () => {
  const lines = await tokenize(script);
  assert.ok(scopesOf(lines, 9, 'import').some((s) => s.startsWith('keyword.control.import')));
  assert.ok(lines[9].every((t) => !t.scopes.includes('meta.embedded.block.pep723')));
  assert.ok(scopesOf(lines, 10, 'an ordinary comment').includes('comment.line.number-sign.python'));
  assert.ok(lines[10].every((t) => !t.scopes.includes('meta.embedded.block.pep723')));
});

test('a tag that is not a block opening is not highlighted as a header', async () => {
  const lines = await tokenize(['x = 1  # /// script', '    # /// script', '# requires-python = ">=3.11"'].join('\n'));
  for (const line of lines) for (const token of line) assert.ok(!token.scopes.includes('meta.embedded.block.pep723'), token.text);
});

test('strings inside Python code are not mistaken for a header', async () => {
  const lines = await tokenize(['s = """', '# /// script', '# ///', '"""'].join('\n'));
  assert.ok(lines[1].every((t) => !t.scopes.includes('meta.embedded.block.pep723')));
});
