// The rollout workflow on the real dev server with the in-memory Azure fake: a good release, a bad release, a
// refused plan, and the one-rollout-per-endpoint rule.
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { FakeAzure } from '../../support/fake-azure';
import { startHarness, summary, testPlan, testTarget } from '../../support/rollout-harness';
import { recordHistory } from '../../support/histories';
import type { Stage } from '../../../domain/plan';
import { heartRequest } from '../../support/heart-request';

const stages = [
  { kind: 'deploy' },
  { kind: 'validate', requests: 20, request: heartRequest(3) },
  { kind: 'mirror', percent: 20, duration: '2s' },
  { kind: 'canary', weight: 20, bake: '2s' },
  { kind: 'canary', weight: 50, bake: '2s' },
  { kind: 'promote', watch: '2s' },
  { kind: 'cleanup', delay: '1s' },
] as Stage[];

describe('rollout workflow with a fake endpoint', () => {
  it('takes a good release through every stage to Succeeded and deletes the baseline', async () => {
    const azure = new FakeAzure();
    const target = testTarget();
    const harness = await startHarness(azure.activities(), target);
    try {
      const handle = await harness.start(testPlan({ stages }));
      const status = await handle.result();
      expect(summary(status)).toMatchObject({ state: 'Succeeded', traffic: { green: 100 }, mirror: {} });
      expect(azure.state()).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
      expect(Object.keys(azure.deployments)).toEqual(['green']);
      expect(azure.trafficLog).toEqual([
        { traffic: { blue: 100 }, mirrorTraffic: {} },
        { traffic: { blue: 100 }, mirrorTraffic: { green: 20 } },
        { traffic: { blue: 100 }, mirrorTraffic: {} },
        { traffic: { blue: 80, green: 20 }, mirrorTraffic: {} },
        { traffic: { blue: 50, green: 50 }, mirrorTraffic: {} },
        { traffic: { blue: 0, green: 100 }, mirrorTraffic: {} },
        { traffic: { green: 100 }, mirrorTraffic: {} },
      ]);
      const finals = status.gates.filter((g) => g.verdict.kind === 'pass').map((g) => g.stage);
      expect(finals).toEqual(['validate', 'mirror', 'canary', 'canary', 'promote']);
      expect(status.outcome).toMatchObject({ result: 'Succeeded' });
      // What a revert rebuilds: blue as the fake held it before the cleanup deleted it.
      expect(status.previousDeployment).toMatchObject({
        name: 'blue',
        candidate: { name: 'blue', model: 'azureml:heart:1' },
        notRestored: [],
      });
      await recordHistory(handle, 'good-release');
    } finally {
      await harness.close();
    }
  });

  it('rolls back a bad release at the first gate that sees it, with the failing evidence', async () => {
    const azure = new FakeAzure();
    const target = testTarget();
    const harness = await startHarness(azure.activities(), target);
    try {
      const plan = testPlan({
        candidate: { model: 'azureml:heart:3' },
        stages: [
          { kind: 'deploy' },
          { kind: 'validate', requests: 20, maxErrorRate: 0.5, request: heartRequest(3) },
          { kind: 'canary', weight: 20, bake: '5s' },
          { kind: 'promote', watch: '1s' },
        ],
      });
      const status = await (await harness.start(plan)).result();
      expect(summary(status)).toMatchObject({ state: 'RolledBack', traffic: { blue: 100 }, mirror: {} });
      expect(azure.state()).toEqual({ traffic: { blue: 100 }, mirrorTraffic: {} });
      expect(Object.keys(azure.deployments)).toEqual(['blue']);
      const failing = status.gates.at(-1)!;
      expect(failing).toMatchObject({ stage: 'canary', verdict: { kind: 'fail', rule: 'slo.errorRate' } });
      expect(status.events.map((e) => e.type)).toEqual(
        expect.arrayContaining(['rollback.started', 'rollback.verified']),
      );
      expect(status.outcome?.reason).toMatch(/gate failed in canary/);
    } finally {
      await harness.close();
    }
  });

  it('refuses a plan with an unknown model version without touching traffic', async () => {
    const azure = new FakeAzure();
    const target = testTarget();
    const harness = await startHarness(azure.activities(), target);
    try {
      const plan = testPlan({ candidate: { model: 'azureml:heart:9' }, stages });
      const status = await (await harness.start(plan)).result();
      expect(status.state).toBe('Refused');
      expect(status.outcome?.reason).toMatch(/InvalidPlan: candidate.model/);
      expect(azure.trafficLog).toHaveLength(1);
      expect(azure.count('endpoints.putTraffic')).toBe(0);
    } finally {
      await harness.close();
    }
  });

  it('refuses a second rollout on the same endpoint and names the active one', async () => {
    const azure = new FakeAzure();
    const target = testTarget();
    const harness = await startHarness(azure.activities(), target);
    try {
      const plan = testPlan({ stages: [{ kind: 'deploy' }, { kind: 'approval', timeout: '1m' }] });
      const first = await harness.start(plan);
      const second = harness.start(plan);
      await expect(second).rejects.toBeInstanceOf(WorkflowExecutionAlreadyStartedError);
      await expect(second).rejects.toMatchObject({ workflowId: first.workflowId });
      await first.cancel();
      expect((await first.result()).state).toBe('RolledBack');
      await recordHistory(first, 'cancelled');
    } finally {
      await harness.close();
    }
  });
});
