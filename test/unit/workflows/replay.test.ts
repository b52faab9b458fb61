// Replays every saved history (test/replay/histories/*.json, `npm run record-histories`) against the current
// workflow code: a change to command order without `patched()` fails here with a DeterminismViolationError.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle } from '@temporalio/worker';
import { HISTORIES_DIR } from '../../support/histories';
import { workflowBundleOptions } from '../../../worker/build-bundle';

const files = readdirSync(HISTORIES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort();
let workflowBundle: WorkflowBundle;

beforeAll(async () => {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  // The bundle as the worker runs it, tracing interceptors included: histories recorded without them still replay.
  workflowBundle = await bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('ERROR') });
}, 120_000);

describe('saved rollout histories', () => {
  it('cover the good release, rollback, approval and continue-as-new paths, before and after each patch', () => {
    const paths = ['good-release', 'bad-release-rollback', 'approval-approved', 'continue-as-new-first-run'];
    // v1-*: recorded before patch 'rollback-records-traffic-before'; the others by the current code.
    expect(files).toEqual(expect.arrayContaining([...paths, ...paths.map((p) => `v1-${p}`)].map((p) => `${p}.json`)));
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
