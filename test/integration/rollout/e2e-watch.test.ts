// The watch that compares, end to end: version 2 made to degrade only once it takes all traffic (the emulator's
// atWeight behaviour, set through its admin API) passes its canary and is rolled back during the post-promotion
// watch, judged against blue's own error rate in the canary; unchanged, it goes on to Succeeded.
import { request } from 'node:https';
import { e2ePlan, liveOnly, useE2E } from '../../support/rollout-e2e';
import { settle } from '../../support/rollout-harness';
import type { Stage } from '../../../domain/plan';

const rig = useE2E({ rps: 60 });

/** blue's history is its 50% half of the canary; the watch is long enough for the test to decide. */
const stages = [
  { kind: 'deploy' },
  { kind: 'canary', weight: 50, bake: '12s' },
  { kind: 'promote', watch: '20s' },
] as Stage[];
/** The absolute limit is far above the degraded rate: only the comparison with blue's history can catch it. */
const analysis = { judge: 'sequential' as const, interval: '1s', minRequests: 50, slo: { maxErrorRate: 0.2 } };

/** Blue's requests a gate read (absent on a gate that judged without a new read). */
const baselineRead = (evidence: Record<string, unknown>): number =>
  (evidence.read as { baselineRequests?: number } | undefined)?.baselineRequests ?? 0;

function putAdmin(path: string, body: unknown): Promise<number> {
  const url = new URL(`${rig.emulator.info.adminUrl}${path}`);
  const headers = { 'content-type': 'application/json' };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'PUT', headers, ca: rig.emulator.caCert }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

it('rolls back during the watch a release that degrades only at 100%, back on blue, with watch.errors', async () => {
  const status = await putAdmin('/models/heart-classifier/versions/2/behaviour', {
    atWeight: { minWeight: 100, errorRate: 0.06 },
  });
  expect(status).toBe(200);
  const result = await settle(await rig.harness.start(e2ePlan(2, { stages, analysis })));
  expect(result.outcome).toMatchObject({
    result: 'RolledBack',
    reason: expect.stringMatching(/gate failed in promote/),
  });
  const canary = result.gates.filter((g) => g.stage === 'canary');
  expect(canary.at(-1)?.verdict.kind).toBe('pass');
  expect(canary.map((g) => g.verdict.kind)).not.toContain('fail');
  const failing = result.gates.at(-1)!;
  expect(failing).toMatchObject({ stage: 'promote', verdict: { kind: 'fail', rule: 'watch.errors' } });
  const watch = failing.verdict.evidence.watch as { history: { requests: number }; errors: { fires: boolean } };
  // The history is blue's side of every gate read before promotion, each grain once.
  const readBefore = result.gates
    .filter((g) => g.stage !== 'promote')
    .reduce((sum, g) => sum + baselineRead(g.verdict.evidence), 0);
  expect(watch.history.requests).toBe(readBefore);
  expect(watch.history.requests).toBeGreaterThan(100);
  expect(watch.errors.fires).toBe(true);
  // The baseline still existed: traffic is back on it, verified in Azure, and the candidate is gone.
  expect(result.events.map((e) => e.type)).toEqual(expect.arrayContaining(['rollback.started', 'rollback.verified']));
  expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
  expect(rig.deployments()).toEqual(['blue']);
}, 180_000);

it('lets the same release through the watch when it does not degrade', async () => {
  const result = await settle(await rig.harness.start(e2ePlan(2, { stages, analysis })));
  expect(result.outcome).toMatchObject({ result: 'Succeeded' });
  const watchGates = result.gates.filter((g) => g.stage === 'promote');
  expect(watchGates.at(-1)?.verdict.kind).toBe('pass');
  expect(watchGates.map((g) => g.verdict.kind)).not.toContain('fail');
  expect(watchGates.at(-1)?.verdict.evidence.watch).toMatchObject({ history: { requests: expect.any(Number) } });
  expect(liveOnly(rig.live())).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
}, 180_000);
