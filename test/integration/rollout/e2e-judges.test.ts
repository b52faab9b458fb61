// Issue 4's last goal, end to end: on the same live traffic, the workflow with the sequential judge rolls back
// version 3 after fewer green requests than with the threshold judge. Green requests are counted from the
// emulator's request log, from the canary's start to the rollback. Both run the same plan and analysis policy
// (the plan defaults: a 100-request minimum-sample guard, the default SLO limits). Both emulators have the same seed,
// and a seeded emulator gives each deployment its own random stream, so the k-th green request meets the same fate
// (latency, error) in both runs: the comparison is paired, request for request.
import { e2ePlan, ENDPOINT, startE2E, type E2E } from '../../support/rollout-e2e';
import type { RolloutStatus } from '../../../domain/status';

const rigs: E2E[] = [];
afterAll(async () => {
  await Promise.all(rigs.map((rig) => rig.close()));
});

async function exposure(judge: 'sequential' | 'threshold'): Promise<{ status: RolloutStatus; green: number }> {
  const rig = await startE2E({ seed: 11, rps: 60 });
  rigs.push(rig);
  const plan = e2ePlan(3, {
    analysis: { judge, interval: '1s' },
    stages: [{ kind: 'deploy' }, { kind: 'canary', weight: 10, bake: '120s' }, { kind: 'promote', watch: '1s' }],
  });
  const status = await (await rig.harness.start(plan)).result();
  const at = (type: string) => Date.parse(status.events.find((e) => e.type === type)!.at);
  const served = rig.emulator.context.requests(ENDPOINT, at('plan.checked'), at('rollback.started'));
  return { status, green: served.filter((r) => r.deployment === 'green' && !r.mirrored).length };
}

it('rolls version 3 back after fewer green requests with the sequential judge than with the threshold judge', async () => {
  const [sequential, threshold] = await Promise.all([exposure('sequential'), exposure('threshold')]);
  for (const run of [sequential, threshold]) {
    expect(run.status.outcome).toMatchObject({
      result: 'RolledBack',
      reason: expect.stringMatching(/gate failed in canary/),
    });
  }
  process.stdout.write(
    `green requests before rollback: sequential ${sequential.green} (${sequential.status.gates.at(-1)?.verdict.rule}), threshold ${threshold.green}\n`,
  );
  expect(sequential.green).toBeGreaterThan(0);
  expect(sequential.green).toBeLessThan(threshold.green);
}, 180_000);
