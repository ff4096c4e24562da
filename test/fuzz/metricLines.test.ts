// Property: the metric-line reader's byte-level paths (a flat object read in place, and a line with the previous
// line's shape of which only the numbers are read, in JavaScript and by the WebAssembly kernel) give exactly the rows
// that parseMetricJson, the Run Explorer's JSON reader, gives for the same lines: the same numbers bit for bit (NaN
// and -0 included), the same times, the same texts, the same lines counted invalid, whatever the chunk boundaries.
// Lines repeat a shape with new numbers, as a training loop writes them, so that the shape path is taken and then
// left where the next line differs.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LineKernel } from '#core/metrics/lineKernel';
import { MetricLineParser } from '#core/metrics/metricLineParser';
import { MetricTable } from '#core/metrics/metricTable';
import { parseMetricJson } from '#core/runs/metricsTail';
import { fuzz } from './fuzz';

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** Number texts: valid JSON numbers of every length and form, Python's NaN and Infinity, and near misses. */
const numberText = fc.oneof(
  {
    weight: 12,
    arbitrary: fc
      .record({
        sign: fc.constantFrom('', '', '-'),
        int: fc.oneof(
          fc.constant('0'),
          fc.tuple(fc.constantFrom(...'123456789'), digits(0, 22)).map(([a, b]) => a + b),
        ),
        frac: fc.option(digits(1, 24), { nil: undefined }),
        exp: fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(1, 3)), { nil: undefined }),
      })
      .map(({ sign, int, frac, exp }) => sign + int + (frac === undefined ? '' : '.' + frac) + (exp ? exp.join('') : '')),
  },
  // 16 to 21 significant digits (where exact reading is hard), with the point anywhere and an exponent now and then.
  {
    weight: 4,
    arbitrary: fc
      .record({
        sign: fc.constantFrom('', '-'),
        lead: fc.constantFrom(...'123456789'),
        rest: digits(15, 20),
        point: fc.nat({ max: 21 }),
        exp: fc.option(fc.integer({ min: -30, max: 30 }), { nil: undefined }),
      })
      .map(({ sign, lead, rest, point, exp }) => {
        const all = lead + rest;
        const at = point % all.length;
        const mantissa = at === 0 ? all : `${all.slice(0, at)}.${all.slice(at)}`;
        return sign + mantissa + (exp === undefined ? '' : `e${exp}`);
      }),
  },
  { weight: 3, arbitrary: fc.double().map((x) => (Number.isFinite(x) ? String(x) : 'NaN')) },
  { weight: 3, arbitrary: fc.float().map((x) => (Number.isFinite(x) ? String(x) : 'Infinity')) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('NaN', 'Infinity', '-Infinity', '-0', '0.0', '1e-05', '1E+3', '5e-324', '1.7976931348623157e308'),
  },
  { weight: 1, arbitrary: fc.constantFrom('01', '-', '1.', '.5', '1e', '1e+', '+1', '-NaN', 'nan', 'Inf', '0x10', '1.2.3', '--1', '00') },
);

const space = fc.constantFrom('', ' ', ' ', '  ', '\t');
const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('step', 'epoch', 'loss', 'loss1', 'loss2', 'lost', 'acc', 'lr', 'é', 'x y', 'k\\"q', 'a\\nb') },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', 'é', '😀', ' ', '\\\\'), minLength: 0, maxLength: 3 }) },
);

/** A value's form: a number (new digits each time the shape repeats) or a fixed other value. */
const valueForm = fc.oneof(
  { weight: 8, arbitrary: fc.constant<ValueForm>({ kind: 'number' }) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '"train"',
        '"val"',
        '""',
        '"é"',
        '"a\\"b"',
        '"\\u00e9"',
        'true',
        'false',
        'null',
        'tru',
        '[1, 2]',
        '{"x": 1, "y": {"z": 2}}',
        '{}',
      )
      .map((text): ValueForm => ({ kind: 'fixed', text })),
  },
);
type ValueForm = { kind: 'number' } | { kind: 'fixed'; text: string };

/** A line's shape: its prefix, its keys and value forms, and the spaces between them. */
const shape = fc.record({
  prefix: fc.constantFrom('loguru', 'loguru', 'loguru', 'fraction', 'iso', 'bare', 'debug'),
  entries: fc.array(fc.record({ key, form: valueForm, before: space, after: space }), { maxLength: 7 }),
  inner: space,
  trailing: fc.constantFrom('', '', ' ', '}', ','),
  crlf: fc.boolean(),
  nul: fc.constantFrom(false, false, false, false, true),
});
type Shape = typeof shape extends fc.Arbitrary<infer T> ? T : never;

/**
 * A burst of lines of one shape, each with its own numbers and time; now and then another line in between. The shape
 * is often the previous burst's with one key changed, so that a line differs from the last one in a single byte.
 */
const burst = fc.record({
  shape,
  tweak: fc.option(fc.record({ at: fc.nat(), key }), { nil: undefined }),
  lines: fc.array(
    fc.record({
      numbers: fc.array(numberText, { minLength: 7, maxLength: 7 }),
      // Mostly within two minutes; now and then hours or days later (a new hour, day, month).
      second: fc.oneof({ weight: 4, arbitrary: fc.nat({ max: 119 }) }, { weight: 1, arbitrary: fc.nat({ max: 40 * 86_400 }) }),
      ms: fc.nat({ max: 999 }),
    }),
    {
      minLength: 1,
      maxLength: 6,
    },
  ),
  other: fc.constantFrom(undefined, undefined, 'saved checkpoint', 'metrics {"a": 1}', 'metric', 'metric{"a": 1}', '{"a": 1}'),
});

interface Expected {
  line: number;
  time: number;
  values: Map<string, number | string>;
}

const BASE = new Date(2025, 1, 2, 14, 30, 0).getTime();

function timeText(prefix: Shape['prefix'], second: number, ms: number): { text: string; time: number } {
  const d = new Date(BASE + second * 1000 + (prefix === 'fraction' ? ms : 0));
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const sep = prefix === 'iso' ? 'T' : ' ';
  let text = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}${sep}${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  if (prefix === 'fraction') text += `.${pad(d.getMilliseconds(), 3)}`;
  return { text, time: d.getTime() };
}

/** The rows parseMetricJson gives: numbers and texts by dotted key, nested objects followed to four levels. */
function flatten(obj: Record<string, unknown>, prefix: string, depth: number, out: Map<string, number | string>): void {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (typeof v === 'number') out.set(prefix + k, v);
    else if (typeof v === 'string' || typeof v === 'boolean') out.set(prefix + k, String(v));
    else if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth < 4)
      flatten(v as Record<string, unknown>, `${prefix}${k}.`, depth + 1, out);
  }
}

function buildLog(bursts: (typeof burst extends fc.Arbitrary<infer T> ? T : never)[]): {
  text: string;
  expected: Expected[];
  invalid: number;
} {
  const parts: string[] = [];
  const expected: Expected[] = [];
  let invalid = 0;
  let lineNo = 0;
  let last: Shape | undefined;
  for (const b of bursts) {
    let s = b.shape;
    if (b.tweak && last && last.entries.length > 0) {
      const entries = [...last.entries];
      const at = b.tweak.at % entries.length;
      entries[at] = { ...entries[at], key: b.tweak.key };
      s = { ...last, entries };
    }
    last = s;
    for (const l of b.lines) {
      let n = 0;
      const body = s.entries
        .map((e) => `${e.before}"${e.key}"${s.inner}:${e.after}${e.form.kind === 'number' ? l.numbers[n++ % 7] : e.form.text}`)
        .join(',');
      const json = `{${body}${s.trailing}}`;
      const { text: stamp, time } = timeText(s.prefix, l.second, l.ms);
      const message = `metric ${json}`;
      const head = s.prefix === 'bare' ? '' : `${stamp} | ${s.prefix === 'debug' ? 'DEBUG' : 'INFO'} | `;
      parts.push(`${s.nul ? '\0\0' : ''}${head}${message}${s.crlf ? '\r\n' : '\n'}`);
      lineNo++;
      const parsed = parseMetricJson(json, { maxDepth: Infinity });
      if (!parsed) invalid++;
      else {
        const values = new Map<string, number | string>();
        flatten(parsed, '', 1, values);
        expected.push({ line: lineNo, time: s.prefix === 'bare' ? NaN : time, values });
      }
    }
    if (b.other !== undefined) {
      parts.push(`2025-02-02 14:31:00 | INFO | ${b.other}\n`);
      lineNo++;
    }
  }
  return { text: parts.join(''), expected, invalid };
}

function actualRows(table: MetricTable): Expected[] {
  const out: Expected[] = [];
  for (let r = 0; r < table.rowCount; r++) out.push({ line: table.line.at(r), time: table.time.at(r), values: new Map() });
  for (const col of table.numeric.values())
    for (let i = 0; i < col.rows.length; i++) out[col.rows.at(i)].values.set(col.name, col.values.at(i));
  for (const col of table.labels.values())
    for (let i = 0; i < col.rows.length; i++) out[col.rows.at(i)].values.set(col.name, col.values[i]);
  return out;
}

test('metric lines read from bytes equal parseMetricJson of the same lines, numbers bit for bit, in any chunks', async () => {
  const kernel = LineKernel.shared();
  assert.ok(kernel, 'the WebAssembly kernel loads (npm run build compiles it)');
  const kernelLinesBefore = kernel.linesRead;
  // Small chunks split lines anywhere; a whole log in one chunk lets the kernel read runs of lines.
  const chunkSize = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.constant(Infinity));
  await fuzz(
    'metric lines',
    fc.property(fc.array(burst, { minLength: 1, maxLength: 12 }), chunkSize, fc.boolean(), (bursts, chunk, withKernel) => {
      const { text, expected, invalid } = buildLog(bursts);
      const bytes = Buffer.from(text);
      const table = new MetricTable();
      const parser = new MetricLineParser(table, undefined, 1, withKernel ? kernel : null);
      const step = Math.min(chunk, bytes.length || 1);
      for (let i = 0; i < bytes.length; i += step) parser.push(Buffer.from(bytes.subarray(i, i + step)));
      parser.finish();
      assert.equal(table.invalidLines, invalid, 'lines counted invalid');
      const actual = actualRows(table);
      assert.equal(actual.length, expected.length, 'rows');
      expected.forEach((want, r) => {
        const got = actual[r];
        assert.equal(got.line, want.line, `row ${r}: line`);
        assert.ok(Object.is(got.time, want.time), `line ${want.line}: time ${got.time} ≠ ${want.time}`);
        assert.deepEqual([...got.values.keys()].sort(), [...want.values.keys()].sort(), `line ${want.line}: keys`);
        for (const [k, v] of want.values)
          assert.ok(Object.is(got.values.get(k), v), `line ${want.line}: ${k} = ${String(got.values.get(k))} ≠ ${String(v)}`);
      });
    }),
    { numRuns: 400, timeLimitMs: 20_000 },
  );
  assert.ok(kernel.linesRead > kernelLinesBefore, 'the kernel read some of the lines');
});
