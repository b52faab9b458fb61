// The exactly-once check of the rollout e2e tests: each gate's read (its grains and counts, from the evidence) held
// against the emulator's request log. Used at the accelerated grain and on Azure's own clock alike.
import type { RolloutStatus } from '../../domain/status';
import type { TestEmulator } from './emulator';

interface Read {
  grains: number;
  start: string;
  end: string;
  baselineRequests: number;
  candidateRequests: number;
}

export interface CountedOnceOptions {
  endpoint: string;
  grainMs: number;
  /** Every gated stage of the rollout: its index and its planned bake (or mirror duration, or watch) in ms. */
  plannedMs: Record<number, number>;
}

/**
 * Every served baseline and candidate request counted exactly once across all gates: the grains read are aligned,
 * disjoint and in order, contiguous within a stage; each gate's counts equal the log's for its grains; and each
 * gated stage read every whole grain from its traffic change to the end of its bake (none skipped). Returns the
 * totals the gates counted.
 */
export function expectEachRequestCountedOnce(
  status: RolloutStatus,
  emulator: TestEmulator,
  { endpoint, grainMs, plannedMs }: CountedOnceOptions,
): { baseline: number; candidate: number } {
  const reads = status.gates
    .map((g) => ({
      stageIndex: g.stageIndex,
      at: g.at,
      read: g.verdict.evidence.read as Read | { grains: 0 } | undefined,
    }))
    .filter((g): g is { stageIndex: number; at: string; read: Read } => (g.read?.grains ?? 0) > 0);
  const stages = Object.keys(plannedMs).map(Number);
  expect(new Set(reads.map((r) => r.stageIndex))).toEqual(new Set(stages));

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
    const log = emulator.context.requests(endpoint, start, end);
    const served = {
      baseline: log.filter((r) => r.deployment === status.baseline && !r.mirrored).length,
      candidate: log.filter((r) => r.deployment === status.candidate).length,
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

  for (const stageIndex of stages) {
    const mine = reads.filter((r) => r.stageIndex === stageIndex);
    // The bake starts in the workflow activation that records its traffic change, so that event's time is its cursor.
    const changedAt = Date.parse(
      status.events.filter((e) => e.type === 'traffic.set' && e.at < mine[0].at).at(-1)?.at ?? '',
    );
    expect(Date.parse(mine[0].read.start)).toBe(Math.ceil(changedAt / grainMs) * grainMs);
    // The final gate waits for every complete grain before the bake's end (the read says pending until then).
    const lastEnd = Date.parse(mine[mine.length - 1].read.end);
    expect(lastEnd).toBeGreaterThanOrEqual(Math.floor((changedAt + plannedMs[stageIndex]) / grainMs) * grainMs);
  }
  return total;
}
