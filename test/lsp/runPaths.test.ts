// Run paths over the real protocol, against a real experiment folder (a copy of test/fixtures/experiments/classifier):
// completion of `runs/` inside strings, hover on run paths, and a new run showing up once the client reports it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, PUSH_CLIENT, TextEdit, applyEdits, positionOf } from './lspHarness';
import { copyExperimentFixture } from '../unit/runs-fixture';

interface CompletionItem {
  label: string;
  kind?: number;
  detail?: string;
  sortText?: string;
  documentation?: { kind: string; value: string };
  textEdit?: TextEdit;
}
interface Hover {
  contents: { kind: string; value: string };
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
}

const EVAL = `# /// script
# requires-python = ">=3.11"
# dependencies = ["typer"]
# ///
"""Evaluate a run.

Example: uv run eval.py runs/
"""
import typer


def main(run_path: str = typer.Argument("runs/2025-02-02T14-30-00-de-risk")) -> None:
    other = "runs/2025-02-02T14-30-01-de-risk"
    print(run_path, other)  # runs/
`;

async function session(t: { after(fn: () => void): void }) {
  const { client, result } = await LspClient.initialized(PUSH_CLIENT);
  t.after(() => client.dispose());
  const dir = copyExperimentFixture('classifier');
  const uri = pathToFileURL(path.join(dir, 'eval.py')).href;
  fs.writeFileSync(path.join(dir, 'eval.py'), EVAL);
  await client.open(uri, EVAL);
  await client.waitForDiagnostics(uri, 1);
  const complete = (needle: string, offset: number) =>
    client.request<{ items: CompletionItem[] } | null>('textDocument/completion', {
      textDocument: { uri },
      position: positionOf(EVAL, needle, offset),
      context: { triggerKind: 2, triggerCharacter: '/' },
    });
  const hover = (needle: string, offset: number) =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(EVAL, needle, offset) });
  return { client, result, dir, uri, complete, hover };
}

const RUNS_NEWEST_FIRST = [
  'runs/2025-02-04T08-00-00-killed',
  'runs/2025-02-03T10-00-00-no-logs',
  'runs/2025-02-03T09-00-00-bad-metrics',
  'runs/2025-02-02T15-00-00-full',
  'runs/2025-02-02T14-30-00-de-risk',
];

test("typing runs/ in a docstring offers the experiment's runs, newest first, with status, age and metrics", async (t) => {
  const { result, complete } = await session(t);
  assert.ok(result.capabilities.completionProvider?.triggerCharacters?.includes('/'), '`/` triggers completion');
  const list = await complete('eval.py runs/', 'eval.py runs/'.length);
  assert.ok(list);
  const sorted = [...list.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? ''));
  assert.deepEqual(
    sorted.map((i) => i.label),
    RUNS_NEWEST_FIRST,
    'runs only (not the entries that are not runs), newest first',
  );
  const deRisk = list.items.find((i) => i.label.endsWith('de-risk'));
  assert.match(deRisk?.detail ?? '', /^finished · /);
  assert.equal(deRisk?.documentation?.kind, 'markdown');
  assert.match(deRisk?.documentation?.value ?? '', /\| accuracy \| 0\\\.8712 \|/);
  assert.match(list.items.find((i) => i.label.endsWith('-full'))?.detail ?? '', /^failed · /);

  const edit = deRisk?.textEdit;
  assert.ok(edit);
  const applied = applyEdits(EVAL, [edit]);
  assert.ok(
    applied.includes('Example: uv run eval.py runs/2025-02-02T14-30-00-de-risk\n'),
    'the typed runs/ is replaced by the whole path',
  );
});

test('no run completion in code comments, and header completion is unchanged in the same file', async (t) => {
  const { client, uri, complete } = await session(t);
  assert.equal(await complete('# runs/', '# runs/'.length), null);
  // The same header completion as in a file that belongs to no experiment.
  const elsewhere = 'untitled:Untitled-3';
  await client.open(elsewhere, EVAL);
  const inHeader = async (u: string) =>
    (
      await client.request<{ items: CompletionItem[] } | null>('textDocument/completion', {
        textDocument: { uri: u },
        position: positionOf(EVAL, '# dependencies', 2),
      })
    )?.items.map((i) => i.label);
  const labels = await inHeader(uri);
  assert.ok(labels && labels.length > 0, 'header completion answers');
  assert.deepEqual(labels, await inHeader(elsewhere));
  assert.ok(!labels.some((l) => l.startsWith('runs/')));
});

test('hover on a run path shows the run; on a path to no run, a warning that names the same-named run', async (t) => {
  const { dir, hover } = await session(t);
  const found = await hover('runs/2025-02-02T14-30-00-de-risk")', 10);
  assert.equal(found?.contents.kind, 'markdown');
  const text = found?.contents.value ?? '';
  assert.match(text, /\*\*Run de\\-risk\*\* — finished/);
  assert.match(text, /Started 2025-02-02 14:30:00/);
  assert.match(text, /\| loss \| 0\\\.5123 \|/);
  assert.equal(found?.range?.start.character, positionOf(EVAL, 'runs/2025-02-02T14-30-00-de-risk")').character);

  const missing = await hover('runs/2025-02-02T14-30-01-de-risk', 10);
  assert.match(missing?.contents.value ?? '', /No such run/);
  assert.ok(missing?.contents.value.includes(dir));
  assert.ok(missing?.contents.value.includes('runs/2025-02-02T14-30-00-de-risk'), 'suggests the run with the same name');

  assert.equal(await hover('print(run_path', 2), null, 'nothing on code');
});

test('a run created on disk is offered once the client reports it, and runs are not offered to unsaved files', async (t) => {
  const { client, dir, complete } = await session(t);
  const before = await complete('eval.py runs/', 'eval.py runs/'.length);
  assert.equal(before?.items.length, RUNS_NEWEST_FIRST.length);
  const created = path.join(dir, 'runs', '2025-03-01T09-00-00-longer');
  fs.mkdirSync(path.join(created, 'logs'), { recursive: true });
  await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(created).href, type: 1 }] });
  const after = await complete('eval.py runs/', 'eval.py runs/'.length);
  const newest = after?.items.find((i) => i.sortText === [...(after?.items ?? [])].map((x) => x.sortText ?? '').sort()[0]);
  assert.equal(newest?.label, 'runs/2025-03-01T09-00-00-longer');

  const untitled = 'untitled:Untitled-2';
  await client.open(untitled, EVAL);
  const none = await client.request('textDocument/completion', {
    textDocument: { uri: untitled },
    position: positionOf(EVAL, 'eval.py runs/', 'eval.py runs/'.length),
  });
  assert.equal(none, null);
});
