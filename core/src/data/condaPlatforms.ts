// Conda platform names (subdirs), as pixi reads them in `platforms` and target selectors. The list is rattler's
// `Platform::from_str` in rattler_conda_types 0.50.0, the version pixi 0.77.0 uses; `PLATFORM_DESCRIPTIONS` says in
// our words what the common ones are, for completion and hover.

export const CONDA_PLATFORMS: readonly string[] = [
  'noarch',
  'linux-32',
  'linux-64',
  'linux-aarch64',
  'linux-armv6l',
  'linux-armv7l',
  'linux-loongarch64',
  'linux-ppc64le',
  'linux-ppc64',
  'linux-ppc',
  'linux-s390x',
  'linux-riscv32',
  'linux-riscv64',
  'freebsd-32',
  'freebsd-64',
  'freebsd-arm64',
  'osx-64',
  'osx-arm64',
  'ios-arm64',
  'iossimulator-arm64',
  'iossimulator-64',
  'android-aarch64',
  'android-armv7a',
  'android-64',
  'android-32',
  'win-32',
  'win-64',
  'win-arm64',
  'emscripten-wasm32',
  'emscripten-wasm64',
  'wasi-wasm32',
  'zos-z',
];

const PLATFORM_SET = new Set(CONDA_PLATFORMS);

export function isCondaPlatform(name: string): boolean {
  return PLATFORM_SET.has(name);
}

/** The platforms experiment scripts run on, most common first, with what each one is. */
export const PLATFORM_DESCRIPTIONS: readonly { name: string; summary: string }[] = [
  { name: 'linux-64', summary: 'Linux on x86-64: GPU servers and most workstations' },
  { name: 'linux-aarch64', summary: 'Linux on 64-bit ARM, e.g. NVIDIA Grace Hopper nodes' },
  { name: 'osx-arm64', summary: 'macOS on Apple silicon (no CUDA)' },
  { name: 'osx-64', summary: 'macOS on Intel (no CUDA)' },
  { name: 'win-64', summary: 'Windows on x86-64' },
];

/** Target selectors that name a family of platforms rather than one (`[tool.pixi.target.unix]`). */
export const PLATFORM_FAMILIES: Readonly<Record<string, string>> = {
  linux: 'every Linux platform',
  unix: 'every Linux and macOS platform',
  win: 'every Windows platform',
  osx: 'every macOS platform',
  macos: 'every macOS platform',
};

/** Whether a platform (subdir) belongs to a family selector. */
export function inPlatformFamily(family: string, platform: string): boolean {
  switch (family) {
    case 'linux':
      return platform.startsWith('linux-');
    case 'win':
      return platform.startsWith('win-');
    case 'osx':
    case 'macos':
      return platform.startsWith('osx-');
    case 'unix':
      return /^(linux|osx|ios|iossimulator|android|emscripten|freebsd)-/.test(platform);
    default:
      return false;
  }
}
