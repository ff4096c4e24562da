// Run path completion and hover over the real protocol, in an experiment a hostile repository could carry: named
// pipes and device links in run folders, run names made to break out of the string they are completed into or to
// render as Markdown, and absurdly nested metric lines. The server must answer, keep checking other documents, and
// never put code into the user's file.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, PUSH_CLIENT, TextEdit, applyEdits } from './lspHarness';
import { pythonValues } from './pythonStrings';
import { tempDir, writeFile } from '../unit/runs-fixture';

interface CompletionItem {
  label: string;
  detail?: string;
  documentation?: { kind: string; value: string };
  textEdit?: TextEdit;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (options: object) => { render(text: string): string };
/** A CommonMark renderer with raw HTML and bare-URL links on: the most a client could make of our Markdown. */
const markdown = new MarkdownIt({ html: true, linkify: true });

const DAY_AGO = new Date(Date.now() - 24 * 3600 * 1000);
const LOG = '2025-01-01 10:00:00 | INFO | metric {"loss": 0.5}\n';

function mkfifo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  assert.equal(spawnSync('mkfifo', [file]).status, 0);
}

async function openIn(client: LspClient, dir: string, text: string, file = 'eval.py') {
  fs.writeFileSync(path.join(dir, 'train.py'), '');
  const uri = pathToFileURL(path.join(dir, file)).href;
  fs.writeFileSync(path.join(dir, file), text);
  await client.open(uri, text);
  return uri;
}

function completeAt(client: LspClient, uri: string, line: number, character: number) {
  return client.request<{ items: CompletionItem[] } | null>('textDocument/completion', {
    textDocument: { uri },
    position: { line, character },
    context: { triggerKind: 2, triggerCharacter: '/' },
  });
}

test('named pipes as logs and records in run folders: completion answers, and other documents still get diagnostics', async (t) => {
  const dir = tempDir();
  for (let i = 0; i < 6; i++) {
    const run = path.join(dir, 'runs', `2025-01-0${i + 1}T10-00-00-pipe${i}`);
    mkfifo(path.join(run, 'logs', 'train.log'));
    mkfifo(path.join(run, '.experiment-scripts.json'));
  }
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = await openIn(client, dir, 'x = "runs/"\n');
  const list = await completeAt(client, uri, 0, 10);
  assert.equal(list?.items.length, 6);
  assert.match((list?.items ?? [])[0].documentation?.value ?? '', /named pipe/);
  const other = 'file:///tmp/hostile-other.py';
  await client.open(other, '# /// script\n# dependencies = ["numpy>>=1"]\n# ///\n');
  assert.equal((await client.waitForDiagnostics(other, 1))[0]?.code, 'pep508/invalid-requirement');
});

test('run records linked to /dev/zero cost the server nothing: it answers and stays alive', async (t) => {
  const dir = tempDir();
  for (let i = 0; i < 16; i++) {
    const run = path.join(dir, 'runs', `2025-01-${String(i + 1).padStart(2, '0')}T10-00-00-zero${i}`);
    writeFile(path.join(run, 'logs', 'train.log'), LOG, DAY_AGO);
    fs.symlinkSync('/dev/zero', path.join(run, '.experiment-scripts.json'));
  }
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = await openIn(client, dir, 'x = "runs/"\n');
  const list = await completeAt(client, uri, 0, 10);
  assert.equal(list?.items.length, 16);
  assert.ok(
    (list?.items ?? []).every((i) => /^finished/.test(i.detail ?? '')),
    JSON.stringify((list?.items ?? []).map((i) => i.detail)),
  );
  assert.equal(client.exitCode, undefined, 'the server is still running');
});

const HOSTILE_NAMES = [
  '2025-01-01T00-00-00-x"+__import__("os").system("id")+"',
  "2025-01-01T00-00-01-it's",
  '2025-01-01T00-00-03-{__import__("os")}',
  '2025-01-01T00-00-04-new\nline',
  '2025-01-01T00-00-05-café',
  '2025-01-01T00-00-06-esc\u001b[2J',
  '2025-01-01T00-00-07-\'\'\'"""',
  '2025-01-01T00-00-08-plain',
];

const STRING_KINDS = [
  'a = "runs/"',
  "b = 'runs/'",
  'c = r"runs/"',
  'd = f"runs/"',
  'e = b"runs/"',
  'g = """runs/"""',
  "h = rb'runs/'",
  "i = Rf'runs/'",
];

test('a completed run path is the same Python string as the run folder name, whatever the name holds', async (t) => {
  const dir = tempDir();
  for (const name of HOSTILE_NAMES) writeFile(path.join(dir, 'runs', name, 'logs', 'train.log'), LOG, DAY_AGO);
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const text = STRING_KINDS.join('\n') + '\n';
  const uri = await openIn(client, dir, text);
  const sources: string[] = [];
  const expected: { line: string; name: string; bytes: boolean }[] = [];
  for (const [line, code] of STRING_KINDS.entries()) {
    const list = await completeAt(client, uri, line, code.indexOf('runs/') + 5);
    assert.equal(list?.items.length, HOSTILE_NAMES.length, code);
    for (const item of list?.items ?? []) {
      const name = HOSTILE_NAMES.find((n) => item.label === 'runs/' + n.replace(/\n/g, '\\n').split('\u001b').join('\\x1b'));
      assert.ok(name !== undefined, `label ${JSON.stringify(item.label)} shows the name with control characters escaped`);
      const completed = applyEdits(text, [item.textEdit!]).split('\n')[line];
      if (completed === code) {
        // Left as typed: the name cannot be written inside this kind of string, and the item says why.
        assert.match(item.detail ?? '', /cannot be written inside this/, `${code} ${JSON.stringify(name)}`);
        assert.match(code, /^[chi] = /, `only raw strings may refuse a name: ${code} ${JSON.stringify(name)}`);
        continue;
      }
      sources.push(completed);
      expected.push({ line: code, name, bytes: /^[eh] = /.test(code) });
    }
  }
  const values = pythonValues(sources);
  values.forEach((value, i) => {
    const want = expected[i];
    const what = `${want.line} completed with ${JSON.stringify(want.name)}: ${sources[i]}`;
    if (want.bytes) assert.deepEqual(value, { bytes: Buffer.from('runs/' + want.name).toString('hex') }, what);
    else assert.deepEqual(value, { str: 'runs/' + want.name }, what);
  });
  assert.ok(
    sources.some((s) => s.startsWith('c = r"')),
    'a raw string takes the names it can hold',
  );
});

test('run names and log lines are never rendered as Markdown in completion documentation or hover', async (t) => {
  const dir = tempDir();
  // No `/` in it: a folder name cannot hold one.
  const evilName = '2025-01-01T00-00-00-![img](http:evil.example)<b>bold<b>*em*\n\n# head';
  const evilLine = '2025-01-01 10:00:01 | ERROR | <img src=x onerror=alert(1)> [click](http://evil.example) `code` # h\n';
  writeFile(path.join(dir, 'runs', evilName, 'logs', 'train.log'), LOG + evilLine, DAY_AGO);
  writeFile(path.join(dir, 'runs', '2025-01-02T00-00-00-safe', 'logs', 'train.log'), LOG + evilLine, DAY_AGO);
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = await openIn(client, dir, 'x = "runs/"\ny = "runs/2025-01-02T00-00-00-safe"\n');
  const list = await completeAt(client, uri, 0, 10);
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: { line: 1, character: 12 },
  });
  const texts = [...(list?.items ?? []).map((i) => i.documentation?.value ?? ''), hover?.contents.value ?? ''];
  for (const text of texts) {
    const html = markdown.render(text);
    assert.doesNotMatch(html, /<(a|img|b|em|h\d)[ >]/, `${text}\n---\n${html}`);
    assert.ok(!html.includes('<code>code</code>'), `a log line is not rendered: ${html}`);
    assert.match(html, /http:\/\/evil\.example/, 'the text itself is shown');
  }
});

test('a 5,000-level metric line leaves run path completion working for the whole experiment', async (t) => {
  const dir = tempDir();
  const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
  writeFile(
    path.join(dir, 'runs', '2025-01-01T00-00-00-deep', 'logs', 'train.log'),
    LOG + `2025-01-01 10:00:01 | INFO | metric ${deep}\n`,
    DAY_AGO,
  );
  writeFile(path.join(dir, 'runs', '2025-01-02T00-00-00-fine', 'logs', 'train.log'), LOG, DAY_AGO);
  const { client } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const uri = await openIn(client, dir, 'x = "runs/"\n');
  const list = await completeAt(client, uri, 0, 10);
  assert.deepEqual(list?.items.map((i) => i.label).sort(), ['runs/2025-01-01T00-00-00-deep', 'runs/2025-01-02T00-00-00-fine']);
  const deepDoc = (list?.items ?? []).find((i) => i.label.endsWith('deep'))!.documentation!.value;
  assert.match(deepDoc, /\| loss \| 0\\?\.5 \|/);
  assert.match(deepDoc, /nests more than \d+ levels deep/);
});
