// Property: a run path completed into any kind of Python string literal — quote, triple quote, raw, bytes, f-string,
// any case of prefix — is read back by Python itself (Debian's /usr/bin/python3, `ast.parse`) as exactly
// `runs/<the run's folder name>`, whatever the name holds; or, where no escape exists (a raw string), the line is
// left as typed and the item says why. No name can end the string or add code.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { completeRunPath } from '#core/runPaths/completeRunPath';
import type { RunIndexReader } from '#core/runPaths/runIndexReader';
import { linesOfText } from '#core/completion/headerAtCursor';
import { parseRunDirName } from '#core/runs/runName';
import type { RunInfo } from '#core/runs/types';
import { pythonValues } from '../lsp/pythonStrings';
import { fuzz } from './fuzz';

const nameChar = fc.oneof(
  fc.constantFrom('"', "'", '\\', '{', '}', '\n', '\r', '\t', ' ', '+', '(', ')', '#', '%', '$', 'x', '_', '-'),
  fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u007f', '\u0085', '\u009b', '\u202e', '\u2028', '\ufeff', 'é', '😀', '中'),
  fc
    .integer({ min: 0x20, max: 0x10ffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCodePoint(c)),
);
const dirName = fc
  .string({ unit: nameChar, minLength: 1, maxLength: 16 })
  .map((n) => `2025-01-01T00-00-00-${n}`)
  .filter((d) => parseRunDirName(d) !== undefined);
const kind = fc.record({
  quote: fc.constantFrom('"', "'", '"""', "'''"),
  prefix: fc.constantFrom('', 'r', 'R', 'b', 'B', 'f', 'F', 'u', 'U', 'rb', 'Rb', 'bR', 'BR', 'fr', 'Rf', 'rF', 't', 'tr'),
});

function readerOf(dirName: string): RunIndexReader {
  const parsed = parseRunDirName(dirName)!;
  const run: RunInfo = {
    experimentDir: '/exp',
    dirName,
    path: `/exp/runs/${dirName}`,
    relativePath: `runs/${dirName}`,
    name: parsed.name,
    startedAt: parsed.startedAt,
    status: 'finished',
    problems: [],
  };
  return {
    experimentFolderOf: () => Promise.resolve('/exp'),
    listRuns: () => Promise.resolve({ dir: '/exp', runs: [run], notRuns: [], problems: [] }),
    readRun: () => Promise.resolve(run),
  };
}

test('random run names completed into random Python strings read back as the same string, or are left out with a reason', async () => {
  // t-strings (Python 3.14) cannot be parsed by Debian's Python 3.11: only their escaping is checked, against f-strings'.
  await fuzz(
    'run path completion',
    fc.asyncProperty(fc.array(fc.tuple(dirName, kind), { minLength: 1, maxLength: 25 }), async (cases) => {
      const sources: string[] = [];
      const wanted: { value: { str: string } | { bytes: string }; source: string }[] = [];
      for (const [name, { quote, prefix }] of cases) {
        const line = `x = ${prefix}${quote}runs/${quote}`;
        const cursor = { line: 0, character: `x = ${prefix}${quote}runs/`.length };
        const found = await completeRunPath(linesOfText(line), cursor, '/exp/eval.py', readerOf(name));
        assert.ok(found && found.items.length === 1, `one item for ${JSON.stringify(line)}`);
        const item = found.items[0];
        const completed = line.slice(0, item.range.start.character) + item.newText + line.slice(item.range.end.character);
        if (completed === line) {
          assert.ok(/r/i.test(prefix), `only a raw string may leave out ${JSON.stringify(name)} (${prefix}${quote})`);
          assert.match(item.detail, /cannot be written inside this r/);
          continue;
        }
        const python = prefix.toLowerCase().includes('t') ? completed.replace(/(x = )([rR]?)[tT]([rR]?)/, '$1$2f$3') : completed;
        sources.push(python);
        const path = `runs/${name}`;
        wanted.push({ value: /b/i.test(prefix) ? { bytes: Buffer.from(path).toString('hex') } : { str: path }, source: completed });
      }
      if (sources.length === 0) return;
      pythonValues(sources).forEach((value, i) => assert.deepEqual(value, wanted[i].value, wanted[i].source));
    }),
    { numRuns: 40, timeLimitMs: 20_000 },
  );
});
