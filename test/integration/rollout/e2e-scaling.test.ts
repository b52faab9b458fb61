// Scaling as part of the plan, end to end on the emulator through the official SDK: the baseline scaled up before
// any shift, the candidate sized with its weight and brought to the baseline's capacity before promotion. Every
// size is read back from Azure while the rollout runs, and the order of size and traffic changes is checked.
import { e2ePlan, liveOnly, useE2E } from '../../support/rollout-e2e';
import { settle, summary } from '../../support/rollout-harness';
import type { Stage } from '../../../domain/plan';

const rig = useE2E({ rps: 30 });

interface Seen {
  blue?: number;
  green?: number;
  traffic: string;
}

/** Polls Azure (the SDK, as a user would) for both deployments' sku.capacity and the live traffic. */
function watchCapacity(): { seen: () => Seen[]; stop: () => Promise<void> } {
  const seen: Seen[] = [];
  let stopped = false;
  const { resourceGroup: rg, workspace: ws } = rig.target;
  const capacity = async (name: string) =>
    rig.azure.arm.onlineDeployments
      .get(rg, ws, 'heart-ep', name)
      .then((d) => (d.properties.provisioningState === 'Succeeded' ? d.sku?.capacity : undefined))
      .catch(() => undefined);
  const loop = (async () => {
    while (!stopped) {
      const [blue, green] = await Promise.all([capacity('blue'), capacity('green')]);
      const traffic = JSON.stringify(liveOnly(rig.live()).traffic);
      const last = seen.at(-1);
      if (!last || last.blue !== blue || last.green !== green || last.traffic !== traffic) {
        seen.push({ blue, green, traffic });
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    seen: () => seen,
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

const firstIndex = (seen: Seen[], match: (s: Seen) => boolean) => seen.findIndex(match);

it('scales blue up before green exists, sizes green with its weight, and to blue capacity before promotion', async () => {
  // Blue runs 4 instances x 8 concurrent requests (the rig's); scaled to 5 it carries 40.
  const stages = [
    { kind: 'scale', deployment: 'baseline', instance_count: 5 },
    { kind: 'deploy' },
    { kind: 'canary', weight: 20, bake: '2s' },
    { kind: 'canary', weight: 50, bake: '2s' },
    { kind: 'promote', watch: '3s' },
  ] as Stage[];
  const plan = e2ePlan(2, {
    stages,
    candidate: {
      model: 'azureml:heart-classifier:2',
      instance_count: 1,
      request_settings: { max_concurrent_requests_per_instance: 8 },
    },
    scaling: { candidate: 'weighted', minInstances: 1 },
  });
  const watch = watchCapacity();
  const status = await settle(await rig.harness.start(plan));
  await watch.stop();
  expect(summary(status)).toMatchObject({ state: 'Succeeded', traffic: { green: 100 } });

  // What the workflow read back from Azure after each scale operation.
  const scaled = status.events.filter((e) => e.type === 'deployment.scaled').map((e) => e.details);
  expect(scaled).toEqual([
    { deployment: 'blue', role: 'baseline', stageIndex: 0, instanceCount: 5 },
    { deployment: 'green', role: 'candidate', stageIndex: 3, instanceCount: 3 }, // 50% of 40 at 8 each
    { deployment: 'green', role: 'candidate', stageIndex: 4, instanceCount: 5 }, // 100% of 40
  ]);
  const checked = status.events.find((e) => e.type === 'plan.checked');
  expect(checked?.details).toMatchObject({ candidateSizes: { 3: 3, 4: 5 } });

  // What Azure served while the rollout ran, in order.
  const seen = watch.seen();
  const blue5 = firstIndex(seen, (s) => s.blue === 5);
  const greenExists = firstIndex(seen, (s) => s.green !== undefined);
  const green3 = firstIndex(seen, (s) => s.green === 3);
  const half = firstIndex(seen, (s) => s.traffic === JSON.stringify({ blue: 50, green: 50 }));
  const green5 = firstIndex(seen, (s) => s.green === 5);
  const full = firstIndex(seen, (s) => s.traffic === JSON.stringify({ green: 100 }));
  expect({ blue5, greenExists, green3, half, green5, full }).toEqual({
    blue5: expect.any(Number),
    greenExists: expect.any(Number),
    green3: expect.any(Number),
    half: expect.any(Number),
    green5: expect.any(Number),
    full: expect.any(Number),
  });
  expect(blue5).toBeGreaterThanOrEqual(0);
  expect(blue5).toBeLessThan(greenExists);
  expect(seen[greenExists].green).toBe(1);
  expect(green3).toBeLessThan(half);
  expect(green5).toBeLessThan(full);
  expect(seen.slice(0, green3).every((s) => s.traffic !== JSON.stringify({ blue: 50, green: 50 }))).toBe(true);

  const { resourceGroup: rg, workspace: ws } = rig.target;
  const green = await rig.azure.arm.onlineDeployments.get(rg, ws, 'heart-ep', 'green');
  expect(green.sku?.capacity).toBe(5);
});

it('refuses, before anything changes, a fixed-size green that cannot carry the traffic it would be promoted to', async () => {
  const stages = [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '2s' }, { kind: 'promote' }] as Stage[];
  const plan = e2ePlan(2, {
    stages,
    candidate: { model: 'azureml:heart-classifier:2', instance_count: 1 },
    scaling: { candidate: 'fixed' },
  });
  const status = await settle(await rig.harness.start(plan));
  expect(status.state).toBe('Refused');
  expect(status.outcome?.reason).toMatch(/stages\[2\]\.kind: the candidate carries 1 concurrent requests .* needs 32/);
  expect(rig.deployments()).toEqual(['blue']);
});
