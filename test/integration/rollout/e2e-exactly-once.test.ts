// Every request the rollout's gates judge is counted exactly once: live emulator traffic through mirror, two canary
// steps and the watch on the accelerated test clock (0.5 s grain, 2 s lag), and each gate's evidence checked
// against the emulator's request log: the grains read are disjoint, contiguous within each stage, and each gate's
// baseline and candidate counts equal the log's for its grains. Azure's own clock runs the same code path with a
// 60 s grain (emulator and activity tests cover it); a rollout at that grain takes tens of minutes.
import { e2ePlan, startE2E, type E2E } from '../../support/rollout-e2e';
import { settle } from '../../support/rollout-harness';
import { TEST_METRICS_CLOCK } from '../../support/emulator';
import type { Stage } from '../../../domain/plan';

let rig: E2E;
beforeAll(async () => {
  rig = await startE2E({ rps: 40 });
});
afterAll(() => rig?.close());

interface Read {
  grains: number;
  start: string;
  end: string;
  baselineRequests: number;
  candidateRequests: number;
}

it('counts every served baseline and candidate request once across all gates, none twice, none skipped', async () => {
  const stages = [
    { kind: 'deploy' },
    { kind: 'mirror', percent: 20, duration: '3s' },
    { kind: 'canary', weight: 20, bake: '3s' },
    { kind: 'canary', weight: 50, bake: '3s' },
    { kind: 'promote', watch: '2s' },
  ] as Stage[];
  const analysis = { judge: 'threshold' as const, interval: '1s', minRequests: 10, maxProviderErrors: 2 };
  const status = await settle(await rig.harness.start(e2ePlan(2, { stages, analysis })));
  expect(status.state).toBe('Succeeded');

  const reads = status.gates
    .map((g) => ({ stageIndex: g.stageIndex, read: g.verdict.evidence.read as Read | { grains: 0 } | undefined }))
    .filter((g): g is { stageIndex: number; read: Read } => (g.read?.grains ?? 0) > 0);
  expect(new Set(reads.map((r) => r.stageIndex))).toEqual(new Set([1, 2, 3, 4]));

  const { grainMs } = TEST_METRICS_CLOCK.service;
  let total = { baseline: 0, candidate: 0 };
  for (const [k, { stageIndex, read }] of reads.entries()) {
    const [start, end] = [Date.parse(read.start), Date.parse(read.end)];
    expect(start % grainMs).toBe(0);
    expect((end - start) / grainMs).toBe(read.grains);
    if (k > 0) {
      const prev = reads[k - 1];
      // Disjoint and in order across the rollout; contiguous within a stage (the cursor moves over grains read only).
      expect(start).toBeGreaterThanOrEqual(Date.parse(prev.read.end));
      if (prev.stageIndex === stageIndex) expect(start).toBe(Date.parse(prev.read.end));
    }
    const log = rig.emulator.context.requests('heart-ep', start, end);
    const served = {
      baseline: log.filter((r) => r.deployment === 'blue' && !r.mirrored).length,
      candidate: log.filter((r) => r.deployment === 'green').length,
    };
    expect({
      stageIndex,
      start: read.start,
      baseline: read.baselineRequests,
      candidate: read.candidateRequests,
    }).toEqual({ stageIndex, start: read.start, ...served });
    total = { baseline: total.baseline + served.baseline, candidate: total.candidate + served.candidate };
  }
  expect(total.candidate).toBeGreaterThan(0);
  expect(total.baseline).toBeGreaterThan(0);

  // Each gated stage read every whole grain of its traffic state: from its first grain boundary to its last.
  for (const stageIndex of [1, 2, 3, 4]) {
    const mine = reads.filter((r) => r.stageIndex === stageIndex);
    const covered = Date.parse(mine[mine.length - 1].read.end) - Date.parse(mine[0].read.start);
    const planned = { 1: 3000, 2: 3000, 3: 3000, 4: 2000 }[stageIndex]!;
    expect(covered).toBeGreaterThanOrEqual(planned - 2 * grainMs);
  }
}, 180_000);
