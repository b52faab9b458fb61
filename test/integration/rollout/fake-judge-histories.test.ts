// One saved mid-canary history per shipped judge version (`npm run record-histories` writes those missing and keeps
// the others; test/unit/workflows/replay.test.ts replays them and requires one per version): a rollout pinned to the
// version, recorded after a few canary gates, then rolled back by an SRE to end it.
import { judgeVersions } from '../../../analysis';
import { FakeAzure } from '../../support/fake-azure';
import { recordHistoryOnce } from '../../support/histories';
import { startHarness, testPlan, testTarget, waitForStatus } from '../../support/rollout-harness';
import { rollbackUpdate } from '../../../workflows/messages';
import type { Stage } from '../../../domain/plan';

const stages = [
  { kind: 'deploy' },
  { kind: 'canary', weight: 20, bake: '60s' },
  { kind: 'promote', watch: '1s' },
] as Stage[];

describe('a rollout pinned to a judge version', () => {
  it.each(judgeVersions())('is judged by $kind@$version mid-canary, its history saved', async ({ kind, version }) => {
    const azure = new FakeAzure();
    const harness = await startHarness(azure.activities(), testTarget());
    try {
      const analysis = { judge: kind, interval: '1s', minRequests: 20, maxProviderErrors: 2 };
      const handle = await harness.start(testPlan({ analysis, stages }), { judgeVersion: version });
      const canaryGates = (s: { gates: { stage: string }[] }) => s.gates.filter((g) => g.stage === 'canary').length;
      const mid = await waitForStatus(handle, (s) => s.state === 'Canary' && canaryGates(s) >= 4, 30_000);
      expect(mid.events[0]).toMatchObject({ type: 'rollout.started', details: { judge: { kind, version } } });
      expect(mid.gates.filter((g) => g.stage === 'canary').map((g) => g.verdict.kind)).not.toContain('fail');
      await recordHistoryOnce(handle, `judge-${kind}-v${version}`);
      await handle.executeUpdate(rollbackUpdate, { args: [{ actor: 'sam', reason: 'history recorded' }] });
      expect((await handle.result()).state).toBe('RolledBack');
      expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
    } finally {
      await harness.close();
    }
  });
});
