import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from './runs-fixture';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    walkthroughs: { id: string; steps: { id: string; description: string; media: { markdown?: string }; completionEvents: string[] }[] }[];
  };
}

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

test('the walkthrough goes from a new experiment to comparing runs, each step with a button and a completion event of its own command', () => {
  const commands = new Set(manifest.contributes.commands.map((c) => c.command));
  const [walkthrough] = manifest.contributes.walkthroughs;
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    ['newExperiment', 'train', 'evaluate', 'plot', 'compare'],
  );
  for (const step of walkthrough.steps) {
    const buttons = [...step.description.matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1]);
    assert.equal(buttons.length, 1, `${step.id}: one button`);
    assert.ok(commands.has(buttons[0]), `${step.id}: ${buttons[0]} is a contributed command`);
    assert.ok(step.completionEvents.includes(`onCommand:${buttons[0]}`), `${step.id}: completed by its own button's command`);
    assert.ok(step.media.markdown && fs.existsSync(path.join(REPO_ROOT, step.media.markdown)), `${step.id}: its page exists`);
  }
});
