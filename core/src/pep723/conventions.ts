// A few checks from the experiment-script conventions that the header makes cheap to check. They are hints:
// uv runs these scripts fine.
import type { CoreDiagnostic } from '#core/diagnostic';
import { normalizeName } from '#core/pep508/requirement';
import { scriptRole } from '#core/conventions/scriptRole';
import type { MetadataBlock } from './blocks';
import type { ScriptMetadata } from './metadata';
import type { LineIndex } from '#core/text/lineIndex';
import { pixiGpuHints } from './pixiConventions';

export interface ConventionOptions {
  fileName?: string;
}

/** train/eval scripts are the ones that should run on a GPU. */
function gpuRole(fileName: string | undefined): 'train' | 'eval' | undefined {
  const role = scriptRole(fileName);
  return role === 'train' || role === 'eval' ? role : undefined;
}

export function conventionDiagnostics(
  text: string,
  block: MetadataBlock,
  metadata: ScriptMetadata,
  options: ConventionOptions,
): CoreDiagnostic[] {
  const out: CoreDiagnostic[] = [];
  const argv = findSysArgv(text, block.end, block.map.index);
  if (argv) {
    out.push({
      range: argv,
      severity: 'information',
      code: 'conventions/sys-argv',
      message:
        'Experiment scripts take their arguments through Typer (`typer.Argument` / `typer.Option`), not `sys.argv`: you get `--help`, types and clear errors.',
    });
  }
  const role = gpuRole(options.fileName);
  if (!role) return out;
  if (metadata.pixi) out.push(...pixiGpuHints(metadata.pixi, role));
  const names = new Map(metadata.dependencies.filter((d) => d.requirement).map((d) => [normalizeName(d.requirement!.name.text), d]));
  const torch = names.get('torch');
  if (torch) {
    const cpu = metadata.indexes.find((i) => i.url && /download\.pytorch\.org\/whl\/cpu\b/.test(i.url));
    if (cpu) {
      out.push({
        range: cpu.urlRange ?? cpu.range,
        severity: 'information',
        code: 'conventions/torch-cpu-index',
        message: `This ${role} script installs the CPU-only PyTorch build. On a GPU machine use a CUDA index such as \`https://download.pytorch.org/whl/cu121\` (matching the driver).`,
      });
    }
  }
  const jax = names.get('jax');
  if (jax && jax.requirement && !jax.requirement.extras.some((e) => /^cuda|^tpu/i.test(e.text)) && !jax.requirement.url) {
    out.push({
      range: jax.contentRange,
      severity: 'information',
      code: 'conventions/jax-without-gpu',
      message: `Plain \`jax\` runs on the CPU only. For a GPU ${role} script depend on \`jax[cuda12]\`.`,
    });
  }
  return out;
}

/** The first `sys.argv` in code after the header (not in a `#` comment on its line). */
function findSysArgv(text: string, from: number, lines: LineIndex): import('#core/diagnostic').Range | undefined {
  // Search for `.argv` (a rare first character makes the native search fast), then check for `sys` before it.
  let dot = text.indexOf('.argv', from);
  while (dot >= 0) {
    const at = dot - 3;
    if (
      at >= from &&
      text.startsWith('sys', at) &&
      !isWordChar(text.charCodeAt(at - 1)) &&
      text.charCodeAt(at - 1) !== 46 &&
      !isWordChar(text.charCodeAt(dot + 5))
    ) {
      // Python, like editors, also ends a line at a lone `\r`: the comment test looks at the line as they see it.
      const start = lines.positionAt(at);
      if (!text.slice(at - start.character, at).includes('#')) {
        return { start, end: lines.positionAt(at + 8) };
      }
    }
    dot = text.indexOf('.argv', dot + 5);
  }
  return undefined;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
