// Writes the experiment-script snippets (train, eval, plot) into snippets/python.json from the same skeletons as the
// "New Experiment…" templates. Run by `npm run build` after tsc; reads the compiled core from out/. Other snippets
// in the file are kept as they are; the file is only rewritten when something changed.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { experimentSnippets } = require(path.join(root, 'out/core/src/templates/snippetBodies.js'));

const file = path.join(root, 'snippets/python.json');
const before = readFileSync(file, 'utf8');
const snippets = JSON.parse(before);
Object.assign(snippets, experimentSnippets());
const after = JSON.stringify(snippets, null, 2) + '\n';
if (after !== before) {
  writeFileSync(file, after);
  console.log('generate-snippets: updated snippets/python.json');
}
