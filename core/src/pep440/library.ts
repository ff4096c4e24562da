// The one place that loads @renovatebot/pep440. It ships only as an ES module; Node 20.19+ and esbuild both let
// CommonJS code require() it, so it is required here with its ES-module types.
type Pep440Module = typeof import('@renovatebot/pep440', { with: { 'resolution-mode': 'import' } });
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const pep440: Pep440Module = require('@renovatebot/pep440');
