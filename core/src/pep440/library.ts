// The one place that loads @renovatebot/pep440. It ships only as an ES module; Node 20.19+ and esbuild both let
// CommonJS code load it (TypeScript's `module: node20` knows this and emits a plain require()).
import * as pep440 from '@renovatebot/pep440';

export { pep440 };
