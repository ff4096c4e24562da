// The metrics view opening by itself when a window starts (experimentScripts.metrics.openOnStartup, which the demo
// turns on): on the newest runs of the experiment that ran last, and not over a panel that is already there.
import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { compareRunsNewestFirst, indexExperiment } from '#core/runs/experimentIndex';
import { activateExtension, waitFor } from './helpers';

interface MetricsApiLike {
  panels(): { experimentDir: string; runIds: string[] }[];
  openOnStartup(): Promise<void>;
}
interface RunExplorerLike {
  getChildren(): Promise<{ kind: string; dir?: string }[]>;
  treeView: vscode.TreeView<unknown>;
}

suite('metrics view at start', () => {
  test('with the setting on, the view opens on the newest runs of the experiment that ran last, and only once', async () => {
    const api = await activateExtension();
    const metrics = api.metrics as MetricsApiLike;
    const runExplorer = api.runExplorer as RunExplorerLike;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => metrics.panels().length === 0, { timeout: 10000, message: 'the metrics panels to close' });

    await metrics.openOnStartup();
    const panels = metrics.panels();
    assert.strictEqual(panels.length, 1, JSON.stringify(panels));
    // The Runs view is shown beside it, where other runs are chosen.
    await waitFor(() => runExplorer.treeView.visible, { timeout: 10000, message: 'the Runs view to be shown' });

    // What the user would pick by hand: the experiment whose newest run is the newest of the workspace, its newest runs.
    const experiments = (await runExplorer.getChildren()).filter((n) => n.kind === 'experiment' && n.dir).map((n) => n.dir as string);
    const runs = (await Promise.all(experiments.map((d) => indexExperiment(d)))).flatMap((i) => i.runs).sort(compareRunsNewestFirst);
    assert.ok(runs.length > 0, 'the fixture workspace has runs');
    assert.strictEqual(panels[0].experimentDir, runs[0].experimentDir);
    const newestThere = runs.filter((r) => r.experimentDir === runs[0].experimentDir).slice(0, 5);
    assert.deepStrictEqual(
      panels[0].runIds,
      newestThere.map((r) => r.dirName),
    );

    // A panel already there (as one restored from the last session would be) is left as it is.
    await metrics.openOnStartup();
    assert.deepStrictEqual(
      metrics.panels().map((p) => p.runIds),
      [panels[0].runIds],
    );
  });

  // After the suite's screenshot (which shows the panel), so that the next suites start without it.
  suiteTeardown(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));
});
