// Deployment windows in the workflow on the real dev server with the Azure fake: a canary step waits at a short deny
// window, visibly and notified, and goes on when it closes; a held rollout never moves traffic early.
import { windowRuleSchema, type WindowRule } from '../../../domain/window-rules';
import { FakeAzure } from '../../support/fake-azure';
import { startHarness, testPlan, testTarget, waitForStatus, type Harness } from '../../support/rollout-harness';
import type { Stage } from '../../../domain/plan';
import { recordHistory } from '../../support/histories';

let azure: FakeAzure;
let harness: Harness;
let rules: WindowRule[];

beforeEach(async () => {
  azure = new FakeAzure();
  rules = [];
  harness = await startHarness(azure.activities({ windowRules: async () => rules }), testTarget());
});
afterEach(() => harness.close());

/** Whole seconds: one-off rules take local times to the second. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 19);

function denyUntil(endMs: number): WindowRule {
  return windowRuleSchema.parse({
    id: 'deploy-freeze',
    effect: 'deny',
    when: { kind: 'once', start: local(Date.now() - 60_000), end: local(endMs) },
    timeZone: 'UTC',
    scope: { endpoints: 'heart' },
    reason: 'quarter-end freeze',
    createdBy: 'admin',
    createdAt: new Date().toISOString(),
  });
}

it('holds a canary step at a deny window and proceeds when the window closes', async () => {
  const closesAt = Math.ceil((Date.now() + 6_000) / 1000) * 1000;
  rules.push(denyUntil(closesAt));
  const plan = testPlan({
    stages: [
      { kind: 'deploy' },
      { kind: 'canary', weight: 20, bake: '2s' },
      { kind: 'promote', watch: '1s' },
    ] as Stage[],
  });
  const handle = await harness.start(plan);
  const held = await waitForStatus(handle, (s) => s.window !== undefined);
  expect(held.window).toMatchObject({
    ruleId: 'deploy-freeze',
    effect: 'deny',
    reason: 'quarter-end freeze',
    opensAt: new Date(closesAt).toISOString(),
    stage: 'canary',
    stageIndex: 1,
  });
  expect(azure.state().traffic).toEqual({ blue: 100 });

  const status = await handle.result();
  expect(status.state).toBe('Succeeded');
  const opened = status.events.find((e) => e.type === 'window-open');
  const firstShift = status.events.find((e) => e.type === 'traffic.set');
  expect(opened).toMatchObject({ actor: 'system', details: { ruleId: 'deploy-freeze', overridden: false } });
  expect(Date.parse(firstShift!.at)).toBeGreaterThanOrEqual(closesAt);
  expect(status.events.filter((e) => e.type === 'window-hold')).toHaveLength(1);
  await recordHistory(handle, 'window-hold');
});

it('asks again when the window opens: a freeze extended meanwhile keeps holding', async () => {
  const firstEnd = Math.ceil((Date.now() + 4_000) / 1000) * 1000;
  rules.push(denyUntil(firstEnd));
  const plan = testPlan({ stages: [{ kind: 'deploy' }, { kind: 'promote', watch: '0s' }] as Stage[] });
  const handle = await harness.start(plan);
  await waitForStatus(handle, (s) => s.window !== undefined);
  const extendedEnd = firstEnd + 4_000;
  rules[0] = denyUntil(extendedEnd);
  const status = await handle.result();
  expect(status.state).toBe('Succeeded');
  const holds = status.events.filter((e) => e.type === 'window-hold').map((e) => e.details?.opensAt);
  expect(holds).toEqual([new Date(firstEnd).toISOString(), new Date(extendedEnd).toISOString()]);
  const promoted = status.events.find((e) => e.type === 'traffic.set');
  expect(Date.parse(promoted!.at)).toBeGreaterThanOrEqual(extendedEnd);
});
