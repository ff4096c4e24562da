// The PEP 723 checker on its own: a typical header at the top of a 20,000-line script (budget: well under 10 ms),
// the same header at the bottom, and the hostile inputs the checker must survive in under a second each.
import { analyzeScript } from '#core/pep723/analyze';
import { heading, printRatio, printTiming } from './stats';

const HEADER = [
  '# /// script',
  '# requires-python = ">=3.11"',
  '# dependencies = [',
  '#     "torch>=2.1",',
  '#     "typer",',
  '#     "loguru",',
  '#     "numpy<2; python_version<\'3.12\'",',
  '# ]',
  '# [[tool.uv.index]]',
  '# name = "pytorch"',
  '# url = "https://download.pytorch.org/whl/cu121"',
  '# explicit = true',
  '# [tool.uv.sources]',
  '# torch = { index = "pytorch" }',
  '# ///',
  '',
].join('\n');

const code = (lines: number) => 'value = compute(value, step)  # a line of training code\n'.repeat(lines);
const wrap = (payload: string[]) => ['# /// script', ...payload.map((l) => '# ' + l), '# ///', ''].join('\n');

function time(fn: () => void, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export function run(): void {
  heading('PEP 723 checker (analyzeScript, in process)');
  const top = HEADER + code(20_000);
  const bottom = code(20_000) + HEADER;
  time(() => analyzeScript(top), 50); // warm up
  const small = printTiming(
    'header at the top of a 20,000-line script',
    time(() => analyzeScript(top), 300),
    { ms: 10 },
  );
  printTiming(
    'header at the bottom of a 20,000-line script',
    time(() => analyzeScript(bottom), 300),
    { ms: 10 },
  );
  printTiming(
    'the header alone',
    time(() => analyzeScript(HEADER), 300),
  );
  // The file is searched (natively) for `# ///` and `sys.argv`; everything else is proportional to the header.
  let sink = 0;
  const scan = printTiming(
    'reference: one text.indexOf over the 20,000-line script',
    time(() => void (sink += top.indexOf('# ////')), 300),
  );
  printRatio('20,000-line script / one native scan (median)', small.median / scan.median, 5);
  // Keeps the scans observable (the sum is a whole number, so this never prints).
  if (sink === 0.5) console.log(sink);

  heading('PEP 723 checker, hostile inputs (target < 1000 ms each)');
  const hostile: [string, string][] = [
    ['50 MB script with a header', HEADER + code(Math.floor(50e6 / 56))],
    ['50 MB of `x = "# ///"` lines, no header', 'x = "# ///"\n'.repeat(Math.floor(50e6 / 12))],
    ['a 1 MB dependency string', wrap(['dependencies = ["' + 'a'.repeat(1 << 20) + '"]'])],
    ['10,000 nested arrays', wrap(['dependencies = ' + '['.repeat(10_000) + ']'.repeat(10_000)])],
    ['10,000 nested inline tables', wrap(['x = ' + '{a = '.repeat(10_000) + '1' + '}'.repeat(10_000)])],
    [
      'a header of 10,000 dependency lines',
      wrap(['dependencies = [', ...Array.from({ length: 10_000 }, (_, i) => `  "pkg${i}>=1.${i}",`), ']']),
    ],
    ['a header of 10,000 keys', wrap(Array.from({ length: 10_000 }, (_, i) => `key${i} = "v${i}"`))],
    ['1 MB of binary noise', Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 2654435761) & 255)).toString('latin1')],
  ];
  for (const [label, text] of hostile)
    printTiming(
      label,
      time(() => analyzeScript(text), 5),
      { ms: 1000, on: 'median' },
    );
}

if (require.main === module) void run();
