// Distribution names people write from the import name or from memory that are wrong on PyPI: a placeholder that
// refuses to install, a deprecated package, or an unrelated project. Keyed by normalized name.

export interface WrongName {
  /** The distribution to depend on instead. */
  replacement: string;
  /** Why, in a few words. */
  reason: string;
}

export const WRONG_DISTRIBUTION_NAMES: ReadonlyMap<string, WrongName> = new Map([
  [
    'pytorch',
    {
      replacement: 'torch',
      reason: 'the `pytorch` package on PyPI is a placeholder that fails to install; PyTorch is published as `torch`',
    },
  ],
  [
    'sklearn',
    {
      replacement: 'scikit-learn',
      reason:
        '`sklearn` is a deprecated placeholder that fails to install; scikit-learn is published as `scikit-learn` (imported as `sklearn`)',
    },
  ],
  [
    'cv2',
    {
      replacement: 'opencv-python',
      reason: '`cv2` is the import name; OpenCV is published as `opencv-python` (or `opencv-python-headless` on servers)',
    },
  ],
  ['pil', { replacement: 'pillow', reason: '`PIL` is the import name; the maintained library is published as `pillow`' }],
  ['yaml', { replacement: 'pyyaml', reason: '`yaml` is the import name; PyYAML is published as `pyyaml`' }],
  [
    'tensorflow-gpu',
    { replacement: 'tensorflow', reason: '`tensorflow-gpu` is deprecated and no longer installs; `tensorflow` includes GPU support' },
  ],
  ['skimage', { replacement: 'scikit-image', reason: '`skimage` is the import name; it is published as `scikit-image`' }],
  ['dateutil', { replacement: 'python-dateutil', reason: '`dateutil` is the import name; it is published as `python-dateutil`' }],
  [
    'dotenv',
    { replacement: 'python-dotenv', reason: '`dotenv` on PyPI is an unrelated project; `import dotenv` comes from `python-dotenv`' },
  ],
  ['attr', { replacement: 'attrs', reason: '`attr` on PyPI is an unrelated project; `import attr` comes from `attrs`' }],
]);
