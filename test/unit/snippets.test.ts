// Every snippet, inserted with its default choices, must give a header that uv accepts: no error from the checker,
// and the dependencies the snippet promises.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeScript } from '#core/pep723/index';

const repoRoot = path.resolve(__dirname, '../../..');
const snippets = JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets/python.json'), 'utf8')) as Record<
  string,
  { prefix: string[]; body: string[]; description: string }
>;

/** Expands VS Code snippet syntax the way an accepted insertion would: defaults, first choices, mirrors. */
function expand(body: string[]): string {
  const values = new Map<string, string>();
  let text = body.join('\n');
  text = text.replace(/\$\{(\d+)\|([^,|}]*)[^}]*\|\}/g, (_, n: string, first: string) => (values.set(n, first), first));
  // Defaults may nest once (`${1:>=3.11}` has none, but keep it general for `${2:${1}}`-like forms).
  for (let i = 0; i < 2; i++) {
    text = text.replace(/\$\{(\d+):([^{}]*)\}/g, (_, n: string, value: string) => (values.set(n, value), value));
  }
  text = text.replace(/\$\{(\d+)\}/g, (_, n: string) => values.get(n) ?? '');
  return text.replace(/\$\d+/g, '').replace(/\\\$/g, '$');
}

test('the snippets file has the documented prefixes', () => {
  const prefixes = Object.values(snippets).flatMap((s) => s.prefix);
  for (const expected of [
    'pep723',
    'pep723-torch-gpu',
    'pep723-torch-cpu',
    'pep723-jax-gpu',
    'pep723-train',
    'pep723-eval',
    'pep723-plot',
  ]) {
    assert.ok(prefixes.includes(expected), expected);
  }
});

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to a header uv accepts`, () => {
    const script = expand(snippet.body);
    assert.ok(!/\$\{|\$\d/.test(script), `no unexpanded placeholder left:\n${script}`);
    const analysis = analyzeScript(script, { fileName: 'train.py' });
    const errors = analysis.diagnostics.filter((d) => d.severity === 'error' || d.severity === 'warning');
    assert.deepEqual(
      errors.map((d) => `${d.code}: ${d.message}`),
      [],
      script,
    );
    assert.ok(analysis.metadata, 'the header was read');
    assert.ok((analysis.metadata.dependencies?.length ?? 0) > 0, 'it declares dependencies');
  });
}

test('the torch GPU snippet routes torch to a PyTorch CUDA index', () => {
  const script = expand(snippets['PEP 723 header: PyTorch on CUDA (uv)'].body);
  assert.match(script, /url = "https:\/\/download\.pytorch\.org\/whl\/cu\d+"/);
  assert.match(script, /torch = \{ index = "pytorch-cu\d+" \}/);
});
