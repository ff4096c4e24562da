// Does a script's PEP 723 header ask for CUDA builds? Then running it on a machine without a GPU downloads
// gigabytes for nothing, or fails: the user is asked first. A light scan of the header lines, on purpose: it must
// give an answer even for a header that does not parse.

export interface CudaRequest {
  /** 1-based line in the script. */
  line: number;
  /** What asks for CUDA, as written, e.g. `jax[cuda12]`. */
  what: string;
}

const CUDA_PATTERNS: RegExp[] = [
  /download\.pytorch\.org\/whl\/(?:nightly\/)?cu\d+/i, // PyTorch CUDA wheel index
  /\bjax(?:lib)?\s*\[[^\]]*\bcuda[^\]]*\]/i, // jax[cuda12], jax[cuda12_pip]
  /\bcupy-cuda[\w.-]*/i, // cupy-cuda12x
  /\bnvidia-[a-z0-9-]+-cu\d+\b/i, // nvidia-cudnn-cu12, nvidia-cublas-cu12
  /\btensorflow\s*\[[^\]]*\band-cuda\b[^\]]*\]/i, // tensorflow[and-cuda]
  /\b(?:torch|torchvision|torchaudio)\s*[=<>~!]=?\s*[\w.]+\+cu\d+/i, // torch==2.3.0+cu121
  /\b(?:jax-cuda\d+-(?:plugin|pjrt)|cuda-python|pycuda)\b/i,
  // pixi scripts: conda-forge CUDA builds and a CUDA platform or system requirement in [tool.pixi].
  /^\s*(?:pytorch-gpu|tensorflow-gpu|cupy|cudnn|nccl)\s*=/i,
  /\bbuild\s*=\s*["'][^"']*cuda[^"']*["']/i,
  /\bcuda\s*=\s*(?:["']\d|\{)/i,
];

const OPEN = /^# \/\/\/ script\s*$/;
const CLOSE = /^# \/\/\/\s*$/;

/** Every place in the script's `# /// script` block that asks for CUDA-specific packages or indexes. */
export function findCudaRequests(source: string): CudaRequest[] {
  const lines = source.split(/\r?\n/);
  const start = lines.findIndex((l) => OPEN.test(l.replace(/^\uFEFF/, '')));
  if (start < 0) return [];
  const found: CudaRequest[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    if (CLOSE.test(line)) break;
    if (!line.startsWith('#')) break;
    const content = line.replace(/^# ?/, '');
    // Skip TOML comments: `# # Use jax[cuda12] when available` is advice, not a request.
    if (content.trimStart().startsWith('#')) continue;
    for (const re of CUDA_PATTERNS) {
      const m = re.exec(content);
      if (m) {
        found.push({ line: i + 1, what: m[0] });
        break;
      }
    }
  }
  return found;
}
