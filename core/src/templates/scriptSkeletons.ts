// The shape every experiment script shares — PEP 723 header, Typer command, run folder handling, loguru set-up —
// with slots for what differs. The "New Experiment…" templates fill the slots with framework code; the snippets in
// snippets/python.json are generated from the same skeletons with placeholders in the slots (see snippetBodies.ts),
// so the two cannot drift apart.
import type { CondaDependency, UvIndexSpec } from './frameworks';

/** The `[tool.pixi]` part of a header that `pixi run --script` reads: conda packages, channels, a CUDA platform. */
export interface PixiHeaderSpec {
  channels: string[];
  /** The driver CUDA version declared on linux-64 (`"12.0"`); absent for CPU environments (pixi then solves for the machine it runs on). */
  cuda?: string;
  dependencies: CondaDependency[];
}

export interface HeaderParts {
  requiresPython: string;
  dependencies: string[];
  uvIndex?: UvIndexSpec;
  pixi?: PixiHeaderSpec;
}

export interface TrainParts {
  header: HeaderParts;
  /** Third-party imports besides typer and loguru, e.g. `import numpy as np`. */
  imports: string[];
  /** Typer options after the run name, one parameter per line, e.g. `epochs: int = typer.Option(3, help="…"),`. */
  options: string[];
  /** The training itself, at the function body's indentation (written without it). */
  body: string[];
}

export interface EvalParts {
  header: HeaderParts;
  imports: string[];
  /** Files the evaluation reads, relative to the run folder; checked before anything is written. */
  requiredFiles: string[];
  body: string[];
}

export interface PlotParts {
  header: HeaderParts;
  /** Default of the `--metric` option. */
  defaultMetric: string;
  /** Lines after the figure is saved. */
  tail: string[];
}

/** The `# /// script` block: dependencies one per line, four spaces in, trailing comma (as `uv add --script` writes). */
export function pep723Header(parts: HeaderParts): string[] {
  const lines = ['# /// script', `# requires-python = "${parts.requiresPython}"`, '# dependencies = ['];
  for (const dep of parts.dependencies) lines.push(`#     "${dep}",`);
  lines.push('# ]');
  const index = parts.uvIndex;
  if (index) {
    lines.push(
      '#',
      '# [[tool.uv.index]]',
      `# name = "${index.name}"`,
      `# url = "${index.url}"`,
      '# explicit = true',
      '#',
      '# [tool.uv.sources]',
      ...index.packages.map((p) => `# ${p} = { index = "${index.name}" }`),
    );
  }
  const pixi = parts.pixi;
  if (pixi) {
    lines.push('#', '# [tool.pixi.workspace]', `# channels = [${pixi.channels.map((c) => `"${c}"`).join(', ')}]`);
    if (pixi.cuda) lines.push(`# platforms = [{ platform = "linux-64", cuda = "${pixi.cuda}" }]`);
    if (pixi.dependencies.length > 0) {
      lines.push('#', '# [tool.pixi.dependencies]');
      for (const dep of pixi.dependencies) {
        if (dep.comment) lines.push(`# # ${dep.comment}`);
        lines.push(
          dep.build ? `# ${dep.name} = { version = "${dep.version}", build = "${dep.build}" }` : `# ${dep.name} = "${dep.version}"`,
        );
      }
    }
  }
  lines.push('# ///');
  return lines;
}

/** Third-party imports in isort's order: `import x` lines sorted, then `from x import y` lines sorted. */
function thirdParty(lines: string[]): string[] {
  const key = (l: string) => l.replace(/^(import|from)\s+/, '').toLowerCase();
  const plain = lines.filter((l) => l.startsWith('import ')).sort((a, b) => key(a).localeCompare(key(b)));
  const from = lines.filter((l) => l.startsWith('from ')).sort((a, b) => key(a).localeCompare(key(b)));
  return [...new Set([...plain, ...from])];
}

const indent = (lines: string[], by = '    ') => lines.map((l) => (l === '' ? '' : by + l));

const FOOTER = ['', '', 'if __name__ == "__main__":', '    app()', ''];

const LOG_FORMAT = '"{time:YYYY-MM-DD HH:mm:ss} | {level} | {message}"';

/** Every script is one Typer command named `main`; its parameters follow these lines. */
const COMMAND_OPENING = ['app = typer.Typer(add_completion=False)', '', '', '@app.command()', 'def main('];

/** The argument of the scripts that work on an existing run (eval, plot). */
const RUN_PATH_ARGUMENT = '    run_path: str = typer.Argument(..., help="Existing run folder, e.g. runs/2025-02-02T15-00-00-full."),';

/** loguru to `<run>/logs/<file>` in the format the Run Explorer reads, and short lines on the console. */
function logToRunAndConsole(file: string): string[] {
  return [
    '    logger.remove()',
    `    logger.add(run_dir / "logs" / "${file}", format=${LOG_FORMAT})`,
    '    logger.add(sys.stderr, format="{time:HH:mm:ss} | {message}")',
  ];
}

export function trainScript(parts: TrainParts): string {
  return [
    ...pep723Header(parts.header),
    '"""Train a model. Takes a short run name and creates runs/<timestamp>-<name>/ for everything the run writes."""',
    'import json',
    'import re',
    'import sys',
    'from datetime import datetime',
    'from pathlib import Path',
    '',
    ...thirdParty([...parts.imports, 'import typer', 'from loguru import logger']),
    '',
    ...COMMAND_OPENING,
    '    name: str = typer.Argument(..., help="Short descriptive run name, e.g. de-risk or full."),',
    ...indent(parts.options),
    ') -> None:',
    '    if not re.fullmatch("[A-Za-z0-9][A-Za-z0-9._-]*", name) or ".." in name:',
    "        typer.echo(f\"Error: {name!r} is not a plain run name; use letters, digits, '.', '_' and '-'.\", err=True)",
    '        raise typer.Exit(2)',
    '    stamp = datetime.now().strftime("%Y-%m-%dT%H-%M-%S")',
    '    run_dir = Path("runs") / f"{stamp}-{name}"',
    '    if run_dir.exists():',
    '        typer.echo(f"Error: {run_dir} already exists.", err=True)',
    '        raise typer.Exit(1)',
    '    for sub in ("logs", "plots", "checkpoints", "data"):',
    '        (run_dir / sub).mkdir(parents=True)',
    ...logToRunAndConsole('train.log'),
    '    logger.info("run folder {}", run_dir)',
    ...indent(parts.body),
    ...FOOTER,
  ].join('\n');
}

export function evalScript(parts: EvalParts): string {
  const check =
    parts.requiredFiles.length === 0
      ? []
      : [
          `    for needed in (${parts.requiredFiles.map((f) => `"${f}"`).join(', ')}${parts.requiredFiles.length === 1 ? ',' : ''}):`,
          '        if not (run_dir / needed).is_file():',
          '            typer.echo(f"Error: {run_dir / needed} not found; did training finish?", err=True)',
          '            raise typer.Exit(1)',
        ];
  return [
    ...pep723Header(parts.header),
    '"""Evaluate an existing run. Writes to <run>/logs/eval.log; never creates a run."""',
    'import json',
    'import sys',
    'from pathlib import Path',
    '',
    ...thirdParty([...parts.imports, 'import typer', 'from loguru import logger']),
    '',
    ...COMMAND_OPENING,
    RUN_PATH_ARGUMENT,
    ') -> None:',
    '    run_dir = Path(run_path)',
    '    if not run_dir.is_dir():',
    '        typer.echo(f"Error: {run_dir} is not a run folder.", err=True)',
    '        raise typer.Exit(1)',
    ...check,
    '    (run_dir / "logs").mkdir(exist_ok=True)',
    ...logToRunAndConsole('eval.log'),
    ...indent(parts.body),
    ...FOOTER,
  ].join('\n');
}

export function plotScript(parts: PlotParts): string {
  return [
    ...pep723Header(parts.header),
    '"""Plot a metric of an existing run against epoch, from <run>/logs/train.log into <run>/plots/."""',
    'import json',
    'from pathlib import Path',
    '',
    'import matplotlib',
    'import typer',
    '',
    'matplotlib.use("Agg")  # write image files only: no display needed, e.g. over SSH',
    'import matplotlib.pyplot as plt  # noqa: E402',
    '',
    ...COMMAND_OPENING,
    RUN_PATH_ARGUMENT,
    `    metric: str = typer.Option("${parts.defaultMetric}", help="Metric to plot against epoch."),`,
    ') -> None:',
    '    run_dir = Path(run_path)',
    '    log_path = run_dir / "logs" / "train.log"',
    '    if not log_path.is_file():',
    '        typer.echo(f"Error: {log_path} not found; train this run first.", err=True)',
    '        raise typer.Exit(1)',
    '    points = []',
    '    for line in log_path.read_text().splitlines():',
    '        at = line.find("metric {")',
    '        if at < 0:',
    '            continue',
    '        try:',
    '            row = json.loads(line[at + len("metric ") :])',
    '        except json.JSONDecodeError:',
    '            continue',
    '        if "epoch" in row and metric in row:',
    '            points.append((row["epoch"], row[metric]))',
    '    if not points:',
    '        typer.echo(f"Error: no metric line with epoch and {metric} in {log_path}.", err=True)',
    '        raise typer.Exit(1)',
    '    (run_dir / "plots").mkdir(exist_ok=True)',
    '    out = run_dir / "plots" / f"{metric}_curve.png"',
    '    plt.figure()',
    '    plt.plot([p[0] for p in points], [p[1] for p in points], label=metric)',
    '    plt.xlabel("epoch")',
    '    plt.ylabel(metric)',
    '    plt.legend()',
    '    plt.savefig(out, dpi=150)',
    '    plt.close()',
    '    typer.echo(f"Wrote {out}")',
    ...indent(parts.tail),
    ...FOOTER,
  ].join('\n');
}
