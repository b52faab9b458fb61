// The chaos bench's small setting (CI): six rollouts, good and bad, through worker SIGKILLs, dev server restarts on
// the same database file and transient Azure faults; every count the bench reports must be zero.
import { runChaos } from '../../../bench/chaos/run';
import { summarize } from '../../../bench/chaos/report';

it('ends every rollout correctly through crashes and faults, with traffic only in the plan', async () => {
  const result = await runChaos({
    rollouts: 6,
    concurrency: 6,
    seed: 5,
    faultRate: 0.5,
    badShare: 0.35,
    failedDeployShare: 0.15,
    workerKillEveryMs: 40_000,
    serverRestartEveryMs: 60_000,
    rps: 25,
    // A worker killed mid-activity leaves it to its start-to-close timeout (2 min for a traffic change); on a loaded
    // machine two such waits in one rollout fit.
    rolloutTimeoutMs: 400_000,
  });
  const summary = summarize(result);
  const wrong = result.rollouts.filter((r) => r.wrong).map((r) => `#${r.n} ${r.kind}: ${r.wrong} (${r.reason})`);
  expect({ wrong, outOfPlan: result.outOfPlan, lostEvents: result.rollouts.flatMap((r) => r.lostEvents) }).toEqual({
    wrong: [],
    outOfPlan: [],
    lostEvents: [],
  });
  expect(summary).toMatchObject({ rollouts: 6, wrongEndStates: 0, outOfPlanTrafficStates: 0, unverifiedRollbacks: 0 });
  expect(new Set(result.rollouts.map((r) => r.kind))).toEqual(new Set(['good', 'bad', 'failed-deploy']));
  expect(result.disruptions.length).toBeGreaterThan(0);
  expect(result.samples).toBeGreaterThan(1000);
}, 480_000);
