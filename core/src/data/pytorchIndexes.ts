// The wheel indexes PyTorch publishes at download.pytorch.org, and how to read one of their URLs.

export interface PytorchIndex {
  /** Last path segment of the URL: `cu128`, `cpu`. */
  tag: string;
  /** `12.8`, or undefined for the CPU index. */
  cudaVersion?: string;
  url: string;
}

const BASE = 'https://download.pytorch.org/whl/';

/** CUDA builds PyTorch has published wheel indexes for, oldest first. */
export const PYTORCH_CUDA_TAGS = ['cu118', 'cu121', 'cu124', 'cu126', 'cu128', 'cu129', 'cu130'] as const;

export const PYTORCH_INDEXES: readonly PytorchIndex[] = [
  ...PYTORCH_CUDA_TAGS.map((tag) => ({ tag, cudaVersion: cudaVersionOfTag(tag), url: BASE + tag })),
  { tag: 'cpu', url: BASE + 'cpu' },
];

function cudaVersionOfTag(tag: string): string {
  const digits = tag.slice(2);
  return `${digits.slice(0, -1)}.${digits.slice(-1)}`;
}

export type IndexUrlMeaning =
  | { kind: 'pytorch-cuda'; cudaVersion: string; nightly: boolean }
  | { kind: 'pytorch-cpu'; nightly: boolean }
  | { kind: 'pytorch-rocm'; rocmVersion: string; nightly: boolean }
  | { kind: 'pytorch-other'; tag: string; nightly: boolean }
  | { kind: 'pypi' }
  | { kind: 'other' };

/** What an index URL serves, as far as the URL alone tells. */
export function describeIndexUrl(url: string): IndexUrlMeaning {
  const trimmed = url.trim().replace(/\/+$/, '');
  const pytorch = /^https?:\/\/download\.pytorch\.org\/whl\/(nightly\/)?([A-Za-z0-9.]+)$/.exec(trimmed);
  if (pytorch) {
    const nightly = pytorch[1] !== undefined;
    const tag = pytorch[2];
    const cuda = /^cu(\d{2,3})$/.exec(tag);
    if (cuda) return { kind: 'pytorch-cuda', cudaVersion: cudaVersionOfTag(tag), nightly };
    if (tag === 'cpu') return { kind: 'pytorch-cpu', nightly };
    const rocm = /^rocm(\d+(?:\.\d+)*)$/.exec(tag);
    if (rocm) return { kind: 'pytorch-rocm', rocmVersion: rocm[1], nightly };
    return { kind: 'pytorch-other', tag, nightly };
  }
  if (/^https?:\/\/(pypi\.org|pypi\.python\.org)\/simple$/.test(trimmed)) return { kind: 'pypi' };
  return { kind: 'other' };
}
