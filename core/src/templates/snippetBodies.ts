// The experiment-script snippets of snippets/python.json, built from the same skeletons as the "New Experiment…"
// templates, with tab stops in the slots. scripts/generate-snippets.mjs writes them into the snippets file at
// build time; a unit test checks the file matches.
import type { CondaDependency } from './frameworks';
import { evalScript, pep723Header, plotScript, trainScript } from './scriptSkeletons';

export interface SnippetEntry {
  prefix: string[];
  description: string;
  body: string[];
}

// Tab stops are first written as markers made of control characters, which no Python text contains, so that the
// literal text can be escaped for the snippet syntax without touching them.
const OPEN = '\u0001';
const DEFAULT = '\u0003';
const CLOSE = '\u0002';
const tabStop = (n: number, defaultText?: string) => `${OPEN}${n}${defaultText === undefined ? '' : DEFAULT + defaultText}${CLOSE}`;
const TAB_STOP = new RegExp(`${OPEN}(\\d+)(?:${DEFAULT}([^${CLOSE}]*))?${CLOSE}`, 'g');

/** Escapes `\` and `$` (the snippet syntax's special characters in plain text), then turns markers into tab stops. */
export function toSnippetBody(text: string): string[] {
  const escaped = text.replace(/[\\$]/g, (c) => '\\' + c);
  const body = escaped.replace(TAB_STOP, (_, n: string, def: string | undefined) =>
    def === undefined ? `$${n}` : `\${${n}:${def.replace(/\}/g, '\\}')}}`,
  );
  return body.split('\n');
}

const REQUIRES_PYTHON = tabStop(1, '>=3.11');

/** The experiment-script snippets and the pixi GPU headers, keyed by their name in snippets/python.json. */
export function experimentSnippets(): Record<string, SnippetEntry> {
  return {
    'PEP 723 header: PyTorch on CUDA (pixi)': pixiGpuHeader(
      'pep723-pixi-torch-gpu',
      'PEP 723 header for `pixi run --script`: the CUDA build of PyTorch from conda-forge, with CUDA declared on linux-64. No pixi.toml needed.',
      [{ name: 'pytorch-gpu', version: '*' }],
      '12.8',
    ),
    'PEP 723 header: JAX on CUDA (pixi)': pixiGpuHeader(
      'pep723-pixi-jax-gpu',
      "PEP 723 header for `pixi run --script`: JAX with conda-forge's CUDA build of jaxlib, with CUDA declared on linux-64. No pixi.toml needed.",
      [
        { name: 'jax', version: '*' },
        { name: 'jaxlib', version: '*', build: '*cuda*' },
      ],
      '12',
    ),
    'Experiment train script': {
      prefix: ['pep723-train', 'experiment-train'],
      description: 'A train.py that takes a descriptive run name, creates runs/<timestamp>-<name>/ and logs metrics to its logs/train.log.',
      body: toSnippetBody(
        trainScript({
          header: { requiresPython: REQUIRES_PYTHON, dependencies: ['typer', 'loguru', tabStop(2, 'numpy')] },
          imports: [],
          options: [`epochs: int = typer.Option(${tabStop(3, '3')}, help="Passes over the training data."),`],
          body: [
            'for epoch in range(epochs):',
            '    loss = 1.0 / (epoch + 1)  # replace with a real training step',
            '    logger.info("metric {}", json.dumps({"epoch": epoch, "loss": loss}))',
            tabStop(0),
          ],
        }),
      ),
    },
    'Experiment eval script': {
      prefix: ['pep723-eval', 'experiment-eval'],
      description: 'An eval.py that takes an existing run path and logs metrics to its logs/eval.log.',
      body: toSnippetBody(
        evalScript({
          header: { requiresPython: REQUIRES_PYTHON, dependencies: ['typer', 'loguru', tabStop(2, 'numpy')] },
          imports: [],
          requiredFiles: [],
          body: [
            'accuracy = 0.0  # replace with a real evaluation',
            'logger.info("metric {}", json.dumps({"split": "val", "accuracy": accuracy}))',
            tabStop(0),
          ],
        }),
      ),
    },
    'Experiment plot script': {
      prefix: ['pep723-plot', 'experiment-plot'],
      description: 'A plot_curves.py that reads metric lines from <run>/logs/train.log and saves a curve to <run>/plots/.',
      body: toSnippetBody(
        plotScript({
          header: { requiresPython: REQUIRES_PYTHON, dependencies: ['typer', 'matplotlib'] },
          defaultMetric: tabStop(2, 'loss'),
          tail: [tabStop(0)],
        }),
      ),
    },
  };
}

/** A pixi script header for a framework's CUDA build: the framework's conda packages, then `cuda-version`. */
function pixiGpuHeader(prefix: string, description: string, packages: CondaDependency[], cudaVersion: string): SnippetEntry {
  const header = pep723Header({
    requiresPython: REQUIRES_PYTHON,
    dependencies: ['typer', 'loguru'],
    pixi: {
      channels: ['conda-forge'],
      cuda: tabStop(2, '12.0'),
      dependencies: [...packages, { name: 'cuda-version', version: `${tabStop(3, cudaVersion)}.*` }],
    },
  });
  return { prefix: [prefix], description, body: toSnippetBody([...header, tabStop(0)].join('\n')) };
}
