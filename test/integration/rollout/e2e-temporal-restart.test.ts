// The Temporal server itself crashes mid-canary (SIGKILL) and comes back on the same database file: two rollouts in
// flight resume from their histories; the good one ends Succeeded and the one whose candidate goes bad while the
// server is down ends RolledBack, and the endpoints never hold a traffic state outside their plans.
import { e2ePlan, liveOnly, startE2E, type E2E } from '../../support/rollout-e2e';
import { settle, waitForStatus } from '../../support/rollout-harness';
import { startRestartableDevServer, type RestartableDevServer } from '../../support/restartable-dev-server';
import type { Stage } from '../../../domain/plan';

let server: RestartableDevServer;
let good: E2E;
let bad: E2E;

beforeAll(async () => {
  server = await startRestartableDevServer();
  good = await startE2E({ rps: 40, temporalAddress: server.address });
  bad = await startE2E({ rps: 40, temporalAddress: server.address });
});
afterAll(async () => {
  await good?.close();
  await bad?.close();
  await server?.close();
});

const stages = [
  { kind: 'deploy' },
  { kind: 'canary', weight: 20, bake: '10s' },
  { kind: 'promote', watch: '2s' },
  { kind: 'cleanup', delay: '0s' },
] as Stage[];
const state = (traffic: Record<string, number>) => JSON.stringify({ traffic, mirrorTraffic: {} });
const planned = [state({ blue: 100 }), state({ blue: 80, green: 20 }), state({ green: 100 })];
const canary = { traffic: { blue: 80, green: 20 }, mirrorTraffic: {} };

function sample(rig: E2E, seen: Set<string>): NodeJS.Timeout {
  return setInterval(() => seen.add(JSON.stringify(liveOnly(rig.live()))), 50);
}

it('resumes both rollouts after the dev server is killed mid-canary and restarted on the same database', async () => {
  const seen = { good: new Set<string>(), bad: new Set<string>() };
  const samplers = [sample(good, seen.good), sample(bad, seen.bad)];
  try {
    const goodRun = await good.harness.start(e2ePlan(2, { stages }));
    const badStages = [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '60s' }, ...stages.slice(2)] as Stage[];
    const badRun = await bad.harness.start(e2ePlan(2, { stages: badStages }));
    const inCanary = (s: { state: string; gates: unknown[] }) => s.state === 'Canary' && s.gates.length >= 1;
    await Promise.all([waitForStatus(goodRun, inCanary, 60_000), waitForStatus(badRun, inCanary, 60_000)]);

    await server.kill();
    // While the server is down the candidate goes bad; no workflow can act, so the traffic stays as it was.
    bad.emulator.faults.setDeploymentBehaviour('heart-ep', 'green', {
      errorRate: 0.3,
      latencyMs: { median: 40, p99: 600 },
    });
    await new Promise((r) => setTimeout(r, 2_000));
    expect([liveOnly(good.live()), liveOnly(bad.live())]).toEqual([canary, canary]);
    await server.restart();

    const [goodEnd, badEnd] = await Promise.all([settle(goodRun), settle(badRun)]);
    expect({ state: goodEnd.state, outcome: goodEnd.outcome?.reason }).toEqual({
      state: 'Succeeded',
      outcome: 'every stage passed',
    });
    expect(liveOnly(good.live())).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
    expect(good.deployments()).toEqual(['green']);
    expect(badEnd.state).toBe('RolledBack');
    expect(badEnd.outcome?.reason).toMatch(/gate failed in canary/);
    expect(badEnd.events.map((e) => e.type)).toContain('rollback.verified');
    expect(liveOnly(bad.live())).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
    expect(bad.deployments()).toEqual(['blue']);
    expect([...seen.good, ...seen.bad].filter((s) => !planned.includes(s))).toEqual([]);
  } finally {
    samplers.forEach(clearInterval);
  }
}, 120_000);
