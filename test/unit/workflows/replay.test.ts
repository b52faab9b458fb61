// Replays every saved history (test/replay/histories/*.json, `npm run record-histories`) against the current
// workflow code: a change to command order without `patched()` fails here with a DeterminismViolationError.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { HISTORIES_DIR } from '../../support/histories';

const files = readdirSync(HISTORIES_DIR).filter((name) => name.endsWith('.json')).sort();
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../../workflows'), logger: new DefaultLogger('ERROR'),
  });
}, 120_000);

describe('saved rollout histories', () => {
  it('cover the good release, rollback, approval and continue-as-new paths', () => {
    expect(files).toEqual(expect.arrayContaining([
      'good-release.json', 'bad-release-rollback.json', 'approval-approved.json', 'continue-as-new-first-run.json',
    ]));
  });

  it('replay without a determinism error', async () => {
    const histories = files.map((name) => ({
      workflowId: name.replace(/\.json$/, ''),
      history: JSON.parse(readFileSync(join(HISTORIES_DIR, name), 'utf8')),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
