// Property: whatever an experiment's runs/ holds — names from the whole Unicode range, control characters, bytes
// that are not UTF-8; links inside, out, in a loop or to nothing; named pipes; endless, huge, deeply nested or binary
// logs and records — the run index, `experiment-scripts runs` and `experiment-scripts metrics` end promptly without
// throwing, the JSON output parses, nothing outside the experiment is read, and the text meant for a terminal (the
// text output and every message on stderr) holds no control character but the newlines that end its lines.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { indexExperiment } from '#core/runs/experimentIndex';
import { fuzz } from './fuzz';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
// eslint-disable-next-line no-control-regex -- the characters a terminal acts on, which output must not hold
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** Characters a name may hold: every kind of trouble, and ordinary text. */
const nameChar = fc.oneof(
  fc.constantFrom('a', 'z', '0', '-', '_', '.', ' ', '"', "'", '\\', '`', '$', '{', '}', '[', ']', '(', ')', '*', '#', '<', '>', '|', '!'),
  fc.integer({ min: 1, max: 0x1f }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('\u007f', '\u009b', '\u202e', '\u2028', '\ufffd', 'é', '😀', '中', '\u0301'),
  fc
    .integer({ min: 0x20, max: 0x10ffff })
    .filter((c) => c < 0xd800 || c > 0xdfff)
    .map((c) => String.fromCodePoint(c)),
);
const descriptive = fc.string({ unit: nameChar, minLength: 1, maxLength: 20 }).filter((s) => !s.includes('/') && !s.includes('\0'));
const date = fc.oneof(
  fc.constant('2025-01-02T03-04-05'),
  fc.constant('2025-02-30T00-00-00'),
  fc.constant('2099-12-31T23-59-59'),
  fc
    .date({ min: new Date(2000, 0, 1), max: new Date(2030, 0, 1), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 19).replace(/:/g, '-')),
);
const entryName = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(date, descriptive).map(([d, n]) => `${d}-${n}`) },
  { weight: 1, arbitrary: descriptive },
);

const metricLine = fc.oneof(
  fc.constant('2025-01-01 10:00:00 | INFO | metric {"loss": 0.5, "acc": NaN}'),
  fc.constant('2025-01-01 10:00:00 | ERROR | boom \u001b[2J'),
  fc.constant('Traceback (most recent call last):'),
  fc.nat({ max: 3000 }).map((n) => '2025-01-01 10:00:00 | INFO | metric ' + '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.nat({ max: 3000 }).map((n) => 'metric ' + '['.repeat(n)),
  fc.string({ unit: nameChar, maxLength: 40 }).map((s) => `2025-01-01 10:00:00 | INFO | metric {"${s.replace(/["\\]/g, '')}": 1}`),
  fc.string({ unit: nameChar, maxLength: 60 }),
);
const fileContent = fc.oneof(
  fc.constant<FileSpec>({ kind: 'none' }),
  fc.array(metricLine, { maxLength: 6 }).map((ls): FileSpec => ({ kind: 'text', text: ls.join('\n') + '\n' })),
  fc.constantFrom<FileSpec>(
    { kind: 'fifo' },
    { kind: 'link', to: '/dev/zero' },
    { kind: 'link', to: '/etc/hostname' },
    { kind: 'link', to: 'missing' },
    { kind: 'folder' },
    { kind: 'huge' },
    { kind: 'long-line' },
    { kind: 'binary' },
  ),
);
type FileSpec =
  { kind: 'none' | 'fifo' | 'folder' | 'huge' | 'long-line' | 'binary' } | { kind: 'text'; text: string } | { kind: 'link'; to: string };

const entry = fc.record({
  name: entryName,
  notUtf8: fc.boolean(),
  kind: fc.constantFrom('folder', 'folder', 'folder', 'file', 'fifo', 'link-inside', 'link-outside', 'link-loop', 'link-dangling'),
  log: fileContent,
  record: fc.oneof(fileContent, fc.constant<FileSpec>({ kind: 'text', text: '{"train": {"exitCode": 0, "startedAt": "x", "argv": []}}' })),
  logsDir: fc.constantFrom('folder', 'folder', 'link-outside', 'file'),
});
type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;

function mkfifo(p: fs.PathLike): void {
  spawnSync('mkfifo', [p.toString()]);
}

function writeSpec(file: Buffer, spec: FileSpec, outside: string): void {
  switch (spec.kind) {
    case 'none':
      return;
    case 'text':
      return fs.writeFileSync(file, spec.text);
    case 'fifo':
      return mkfifo(file);
    case 'link':
      return fs.symlinkSync(spec.to === 'missing' ? path.join(outside, 'missing') : spec.to, file);
    case 'folder':
      return fs.mkdirSync(file);
    case 'huge': {
      fs.writeFileSync(file, '');
      return fs.truncateSync(file, 2 ** 31);
    }
    case 'long-line':
      return fs.writeFileSync(file, 'x'.repeat(1100 * 1024) + '\n');
    case 'binary':
      return fs.writeFileSync(file, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
  }
}

/** A name as bytes: over 255 bytes is cut (a file system limit); `notUtf8` appends a byte that is not UTF-8. */
function nameBytes(e: Entry): Buffer {
  let bytes = Buffer.from(e.name);
  if (bytes.length > 200)
    bytes = Buffer.from(
      Buffer.from(e.name)
        .subarray(0, 200)
        .toString('utf8')
        .replace(/\ufffd+$/, ''),
    );
  return e.notUtf8 ? Buffer.concat([bytes, Buffer.from([0xff])]) : bytes;
}

function build(entries: Entry[]): { dir: string; cleanup: () => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-runs-'));
  const dir = path.join(root, 'exp');
  const outside = path.join(root, 'outside');
  fs.mkdirSync(path.join(outside, 'run', 'logs'), { recursive: true });
  fs.writeFileSync(path.join(outside, 'run', 'logs', 'train.log'), '2025-01-01 10:00:00 | INFO | metric {"secret": 1}\n');
  const runs = Buffer.from(path.join(dir, 'runs') + '/');
  fs.mkdirSync(runs, { recursive: true });
  const seen = new Set<string>();
  for (const e of entries) {
    const name = nameBytes(e);
    if (name.length === 0 || seen.has(name.toString('hex')) || name[0] === 0x2e) continue;
    seen.add(name.toString('hex'));
    const full = Buffer.concat([runs, name]);
    try {
      switch (e.kind) {
        case 'file':
          fs.writeFileSync(full, 'x');
          continue;
        case 'fifo':
          mkfifo(full);
          continue;
        case 'link-inside':
          fs.mkdirSync(path.join(dir, 'stored', String(seen.size), 'logs'), { recursive: true });
          fs.symlinkSync(path.join(dir, 'stored', String(seen.size)), full);
          continue;
        case 'link-outside':
          fs.symlinkSync(path.join(outside, 'run'), full);
          continue;
        case 'link-loop':
          fs.symlinkSync(full, full);
          continue;
        case 'link-dangling':
          fs.symlinkSync(path.join(outside, 'nothing'), full);
          continue;
      }
      fs.mkdirSync(full);
      const logs = Buffer.concat([full, Buffer.from('/logs')]);
      if (e.logsDir === 'link-outside') fs.symlinkSync(path.join(outside, 'run', 'logs'), logs);
      else if (e.logsDir === 'file') fs.writeFileSync(logs, 'x');
      else {
        fs.mkdirSync(logs);
        writeSpec(Buffer.concat([logs, Buffer.from('/train.log')]), e.log, outside);
      }
      writeSpec(Buffer.concat([full, Buffer.from('/.experiment-scripts.json')]), e.record, outside);
    } catch (err) {
      // A name the file system refuses (too long once encoded, say) is simply not part of this case.
      if (!['ENAMETOOLONG', 'EILSEQ', 'EINVAL', 'EEXIST'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
  }
  return { dir, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not end within ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

test('random run folders never hang or break the index, `runs` and `metrics`; their output is always parseable and escaped', async () => {
  await fuzz(
    'run folders',
    fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 8 }), fc.constantFrom('json', 'csv'), async (entries, metricsFormat) => {
      const { dir, cleanup } = build(entries);
      try {
        const index = await withTimeout(indexExperiment(dir, { details: true }), 10_000, 'indexExperiment');
        assert.ok(Array.isArray(index.runs) && Array.isArray(index.notRuns));
        for (const format of ['json', 'text']) {
          const res = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'runs', '--format', format, dir], {
            encoding: 'utf8',
            timeout: 20_000,
          });
          assert.equal(res.signal, null, `runs --format ${format} must end by itself: ${res.stderr}`);
          assert.ok(res.status === 0 || res.status === 2, `exit status ${res.status}: ${res.stderr}`);
          assert.doesNotMatch(res.stderr, CONTROL, 'stderr holds a control character');
          if (format === 'json') {
            const parsed = JSON.parse(res.stdout) as { runs: { latestMetrics?: Record<string, unknown> }[] };
            assert.ok(!parsed.runs.some((r) => r.latestMetrics && 'secret' in r.latestMetrics), 'a log outside the experiment was read');
          } else {
            assert.doesNotMatch(res.stdout, CONTROL, 'text output holds a control character');
          }
        }
        // `metrics` on the run folders whose names a command line can carry (argv is text: no bytes that are not UTF-8).
        const runsDir = path.join(dir, 'runs');
        const runDirs = fs
          .readdirSync(runsDir)
          .filter((n) => !n.includes('\ufffd'))
          .slice(0, 6)
          .map((n) => path.join(runsDir, n));
        if (runDirs.length > 0) {
          // One format per case, so that a case costs one more process, not two.
          const format = metricsFormat;
          const res = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'metrics', '--format', format, ...runDirs], {
            encoding: 'utf8',
            timeout: 20_000,
            maxBuffer: 64 * 1024 * 1024,
          });
          assert.equal(res.signal, null, `metrics --format ${format} must end by itself: ${res.stderr}`);
          assert.ok(res.status === 0 || res.status === 2, `exit status ${res.status}: ${res.stderr}`);
          assert.doesNotMatch(res.stderr, CONTROL, 'stderr holds a control character');
          assert.doesNotMatch(res.stderr, /^experiment-scripts: /m, `metrics threw: ${res.stderr}`);
          if (format === 'json') {
            const rows = JSON.parse(res.stdout) as Record<string, unknown>[];
            assert.ok(Array.isArray(rows));
            assert.ok(!rows.some((r) => 'secret' in r), 'a log outside the experiment was read');
          } else {
            assert.ok(!/(^|,)secret(,|$)/m.test(res.stdout.split('\n')[0] ?? ''), 'a log outside the experiment was read');
          }
        }
      } finally {
        cleanup();
      }
    }),
    { numRuns: 60, timeLimitMs: 30_000 },
  );
});
