// pixi headers: the checker on a typical `[tool.pixi]` header (budget: well under 10 ms, like a uv header), and the
// conda version-spec parser alone, per spec. docs/dependencies.md compares the latter with the rattler bindings.
import { analyzeScript } from '#core/pep723/analyze';
import { checkPixiVersionSpec } from '#core/conda/versionSpec';
import { heading, printTiming } from './stats';

const HEADER = [
  '# /// script',
  '# requires-python = ">=3.11"',
  '# dependencies = ["typer", "loguru"]',
  '#',
  '# [tool.pixi.workspace]',
  '# channels = ["conda-forge"]',
  '# platforms = [{ platform = "linux-64", cuda = "12.0" }, "osx-arm64"]',
  '#',
  '# [tool.pixi.dependencies]',
  '# pytorch-gpu = ">=2.5,<3"',
  '# cuda-version = "12.8.*"',
  '# jaxlib = { version = "*", build = "*cuda*" }',
  '#',
  '# [tool.pixi.target.osx-arm64.dependencies]',
  '# pytorch-cpu = "*"',
  '# ///',
  '',
].join('\n');

const SPECS = ['>=1.2,<2.0', '12.8.*', '*', '>=2.1|1.9.*', '2.5', '(>=1,<2)|>3', '!=1.2.*', '>=2.0 cuda*'];

function time(fn: () => void, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    out.push(performance.now() - t);
  }
  return out;
}

export async function run(): Promise<void> {
  heading('pixi headers');
  const script = HEADER + 'value = compute(value, step)\n'.repeat(20_000);
  time(() => analyzeScript(script, { fileName: 'train.py' }), 50);
  printTiming(
    'a [tool.pixi] header at the top of a 20,000-line train script',
    time(() => analyzeScript(script, { fileName: 'train.py' }), 300),
    {
      ms: 10,
    },
  );
  // 100 specs per sample: one spec alone takes microseconds, below the timer's useful resolution.
  const batch = () => {
    for (let i = 0; i < 100; i++) checkPixiVersionSpec(SPECS[i % SPECS.length]);
  };
  time(batch, 200);
  printTiming(`100 conda version specs (${SPECS.length} typical ones: valid, ambiguous, invalid)`, time(batch, 500));
  await Promise.resolve();
}
