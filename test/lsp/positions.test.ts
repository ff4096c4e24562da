// Positions over the real protocol: lines are counted as LSP counts them (`\r\n`, `\n` and a lone `\r`), whatever
// edits led to the text; ranges and messages never split a character outside the Basic Multilingual Plane; and a
// burst of changes costs one analysis and one publish, so that the next request is answered at once.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ContentChange, Diagnostic, LspClient, PULL_CLIENT, PUSH_CLIENT } from './lspHarness';

const describe = (ds: Diagnostic[]) =>
  ds.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code}`);

test('a lone CR before the header (an old Mac line end) puts the findings on the lines the editor shows', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const sameAsWithLf = async (name: string, text: string, expected: string[]) => {
    const uri = `file:///tmp/${name}.py`;
    await client.open(uri, text);
    const withCr = describe(await client.waitForDiagnostics(uri, 1));
    const lfUri = `file:///tmp/${name}-lf.py`;
    await client.open(lfUri, text.replace(/\r/g, '\n'));
    assert.deepEqual(withCr, describe(await client.waitForDiagnostics(lfUri, 1)), name);
    assert.deepEqual(
      withCr.map((d) => d.replace(/^(\d+):.* /, '$1 ')),
      expected,
      name,
    );
  };
  // Line 0 ends with a lone CR: the editor shows `# /// script` on line 1, and uv reads the header too.
  await sameAsWithLf('lone-cr-shebang', '#!/usr/bin/env python3\r# /// script\n# dependencies = ["numpy>>=1"]\n# ///\n', [
    '2 pep508/invalid-requirement',
  ]);
  // A docstring pasted with a lone CR above the header.
  await sameAsWithLf(
    'lone-cr-docstring',
    '"""Doc\rmore"""\n# /// script\n# dependencies = ["numpy>>=1"]\n# ///\nimport sys\nprint(sys.argv)\n',
    ['3 pep508/invalid-requirement', '6 conventions/sys-argv'],
  );
});

test('edits that join or split a CR and an LF leave the same findings as a fresh analysis of the text', async (t) => {
  const { client } = await LspClient.initialized(PULL_CLIENT);
  t.after(() => client.dispose());
  const text = '# /// script\n# dependencies = []\n# ///\nx = 1\nimport sys\rprint(sys.argv)\n';
  const uri = 'file:///tmp/cr-edits.py';
  await client.open(uri, text);
  const edits: ContentChange[][] = [
    // `\r` typed before the `\n` that ends `x = 1`: CRLF, one line break where there was one.
    [{ range: { start: { line: 3, character: 5 }, end: { line: 3, character: 5 } }, text: '\r' }],
    // `\n` typed right after the lone CR that ends `import sys`: CRLF again, no new line.
    [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: '\n' }],
    // A lone CR typed in the middle of `print(sys.argv)`: a new line.
    [{ range: { start: { line: 5, character: 3 }, end: { line: 5, character: 3 } }, text: '\r' }],
  ];
  let current = text;
  for (const [i, change] of edits.entries()) {
    await client.change(uri, i + 2, change);
    const doc = TextDocument.create(uri, 'python', i + 1, current);
    current = TextDocument.applyEdits(
      doc,
      change.map((c) =>
        'range' in c
          ? { range: c.range, newText: c.text }
          : { range: { start: doc.positionAt(0), end: doc.positionAt(current.length) }, newText: c.text },
      ),
    );
    const incremental = (await client.pull(uri)).items ?? [];
    const freshUri = `file:///tmp/cr-edits-fresh-${i}.py`;
    await client.open(freshUri, current);
    const fresh = (await client.pull(freshUri)).items ?? [];
    assert.deepEqual(describe(incremental), describe(fresh), `after edit ${i + 1}: ${JSON.stringify(current)}`);
  }
});

test('a dependency that is one emoji gets a range around the whole character and a message that quotes it whole', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = 'file:///tmp/emoji.py';
  await client.open(uri, '# /// script\n# dependencies = ["😀", "a😀b>=1", "numpy; 😀"]\n# ///\n');
  const diagnostics = await client.waitForDiagnostics(uri, 1);
  assert.ok(diagnostics.length >= 3, describe(diagnostics).join('\n'));
  const line = '# dependencies = ["😀", "a😀b>=1", "numpy; 😀"]';
  for (const d of diagnostics) {
    for (const at of [d.range.start.character, d.range.end.character]) {
      const code = line.charCodeAt(at);
      assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `${d.message}: position ${at} splits a surrogate pair`);
    }
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(d.message), `lone surrogate in: ${d.message}`);
  }
  assert.ok(
    diagnostics.some((d) => d.message.includes('😀')),
    'the emoji is quoted whole',
  );
});

test('5,000 changes sent at once cost one publish, and the next hover answers at once', async (t) => {
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = 'file:///tmp/burst.py';
  const text = '# /// script\n# dependencies = ["numpy"]\n# ///\n' + 'x = 1\n'.repeat(2000);
  await client.open(uri, text);
  await client.waitForDiagnostics(uri, 1);
  const before = client.publishedFor(uri).length;
  // All 5,000 notifications in one write, as a client that queued them while the server was busy would send them.
  const frames: Buffer[] = [];
  for (let version = 2; version <= 5001; version++) {
    const body = JSON.stringify({
      jsonrpc: '2.0',
      method: 'textDocument/didChange',
      params: {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: 'y' }],
      },
    });
    frames.push(Buffer.from(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`));
  }
  await new Promise<void>((resolve, reject) => client.process.stdin.write(Buffer.concat(frames), (err) => (err ? reject(err) : resolve())));
  const started = Date.now();
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: 1, character: 4 },
  });
  const hoverMs = Date.now() - started;
  assert.match(hover?.contents.value ?? '', /dependencies/);
  await client.waitForDiagnostics(uri, 5001, before);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const after = client.publishedFor(uri).slice(before);
  assert.deepEqual(
    after.map((p) => p.version),
    [5001],
    `one publish for the burst, with its last version (got ${after.length}; the hover took ${hoverMs} ms)`,
  );
});
