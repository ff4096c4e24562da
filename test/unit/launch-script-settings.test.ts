import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SCRIPT_SETTINGS, scriptFileFor } from '#core/launch/scriptSettings';

const PACKAGE_JSON = path.join(__dirname, '..', '..', '..', 'package.json');

test('a set script name is used as written, without surrounding spaces', () => {
  assert.equal(scriptFileFor('train', 'cuda_train.py'), 'cuda_train.py');
  assert.equal(scriptFileFor('eval', '  scripts/evaluate.py '), 'scripts/evaluate.py');
});

test('a blank or unset script setting means the default script, not the experiment folder itself', () => {
  for (const value of ['', '   ', undefined, null, 42]) {
    assert.equal(scriptFileFor('train', value), 'train.py');
    assert.equal(scriptFileFor('eval', value), 'eval.py');
    assert.equal(scriptFileFor('plot', value), 'plot_curves.py');
  }
});

test('the defaults are those the settings contribute in package.json', () => {
  const manifest = JSON.parse(fs.readFileSync(PACKAGE_JSON, 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
  };
  const properties = manifest.contributes.configuration.properties;
  for (const { key, fallback } of Object.values(SCRIPT_SETTINGS)) {
    assert.equal(properties[`experimentScripts.${key}`]?.default, fallback, key);
  }
});
