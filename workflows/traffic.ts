// Traffic changes as the stages express them, within the frame recorded at plan check (domain/traffic.ts: the
// candidate takes from the baseline's share only). Every change goes through setTraffic, which PUTs both maps and
// reads them back.
import type { TrafficState } from '../domain/endpoint';
import { stepTraffic, trafficFrame, type TrafficFrame } from '../domain/traffic';
import type { RunContext } from './context';
import type { RunState } from './state';
import { addEvent, setTrafficState } from './state';

export async function applyTraffic(ctx: RunContext, wanted: TrafficState, actor = 'system'): Promise<void> {
  const readBack = await ctx.acts.traffic.setTraffic({ target: ctx.target, ...wanted });
  setTrafficState(ctx.run, readBack);
  addEvent(ctx.run, {
    type: 'traffic.set',
    actor,
    details: { traffic: readBack.traffic, mirrorTraffic: readBack.mirrorTraffic },
  });
}

/** The rollout's traffic frame. Runs checked before it was recorded knew only a baseline at 100%. */
export function frameOf(run: RunState): TrafficFrame {
  const { baseline, candidate } = run.status;
  // A first release has no baseline: the candidate's share is all of it, taken from no one.
  if (!baseline) return { baseline: '', candidate, baselineShare: 100, others: {} };
  return trafficFrame(run.startTraffic ?? { [baseline]: 100 }, baseline, candidate);
}

/** The candidate at `candidateWeight` percent live (taken from the baseline), or `mirrorPercent` mirrored. */
export function split(ctx: RunContext, candidateWeight: number, mirrorPercent = 0): TrafficState {
  return stepTraffic(frameOf(ctx.run), candidateWeight, mirrorPercent);
}
