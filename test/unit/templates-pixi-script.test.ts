// "pixi script (no manifest)" in New Experiment… and the pixi GPU snippets: headers that pixi runs in their own
// environment, GPU-enabled where the framework has CUDA builds, which the checker accepts and the runner rule
// sends to `pixi run --script`.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headerDeclaresPixi } from '#core/launch/scriptHeader';
import { analyzeScript } from '#core/pep723/index';
import { allFrameworkChoices, newExperimentFiles } from '#core/templates/index';

const SCRIPTS = ['train.py', 'eval.py', 'plot_curves.py'];
const repoRoot = path.resolve(__dirname, '../../..');

test('pixi script experiments: no pixi.toml, every script a pixi script, GPU builds on a CUDA platform', () => {
  for (const framework of allFrameworkChoices()) {
    const files = newExperimentFiles({ name: 'exp', framework, runner: 'pixi-script' });
    const label = JSON.stringify(framework);
    assert.deepEqual(files.map((f) => f.path).sort(), ['README.md', ...SCRIPTS].sort(), label);
    for (const name of SCRIPTS) {
      const text = files.find((f) => f.path === name)!.content;
      assert.ok(headerDeclaresPixi(text), `${label} ${name} runs with pixi run --script`);
      const diagnostics = analyzeScript(text, { fileName: name }).diagnostics;
      // Only the explicit CPU choice gets the GPU hint (it says, rightly, that the script runs on the CPU).
      const expected = framework.id === 'pytorch-cpu' && name !== 'plot_curves.py' ? ['conventions/pixi-without-gpu'] : [];
      assert.deepEqual(
        diagnostics.map((d) => d.code),
        expected,
        `${label} ${name}:\n${text}`,
      );
    }
    const train = files.find((f) => f.path === 'train.py')!.content;
    if (framework.id === 'pytorch-cuda') {
      assert.match(train, /# pytorch-gpu = "\*"/);
      assert.match(train, new RegExp(`# cuda-version = "${framework.cudaVersion.replace('.', '\\.')}\\.\\*"`));
      const major = framework.cudaVersion.split('.')[0];
      assert.ok(train.includes(`# platforms = [{ platform = "linux-64", cuda = "${major}.0" }]`), train);
    }
    if (framework.id === 'jax-cuda12') assert.match(train, /# jaxlib = \{ version = "\*", build = "\*cuda\*" \}/);
    if (framework.id === 'tensorflow') assert.match(train, /# tensorflow = \{ version = "\*", build = "\*cuda\*" \}/);
    const readme = files.find((f) => f.path === 'README.md')!.content;
    assert.ok(readme.indexOf('## Run with pixi (no manifest)') < readme.indexOf('## Run with uv'), 'the chosen runner first');
    for (const name of SCRIPTS) assert.ok(readme.includes(`pixi run --script ${name}`), `${label} README: ${name}`);
  }
});

test('the pixi GPU snippets expand to pixi headers the checker accepts for a train script', () => {
  const snippets = JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets/python.json'), 'utf8')) as Record<
    string,
    { prefix: string[]; body: string[] }
  >;
  for (const prefix of ['pep723-pixi-torch-gpu', 'pep723-pixi-jax-gpu']) {
    const snippet = Object.values(snippets).find((s) => s.prefix.includes(prefix));
    assert.ok(snippet, prefix);
    const text = snippet.body
      .join('\n')
      .replace(/\$\{\d+:([^}]*)\}/g, '$1')
      .replace(/\$\d+/g, '');
    assert.ok(headerDeclaresPixi(text), prefix);
    assert.deepEqual(analyzeScript(text, { fileName: 'train.py' }).diagnostics, [], `${prefix}:\n${text}`);
    assert.match(text, /platforms = \[\{ platform = "linux-64", cuda = "12\.0" \}\]/);
  }
});
