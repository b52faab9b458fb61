// Traffic changes as the stages express them: baseline and candidate weights plus the mirror share. Every change
// goes through setTraffic, which PUTs both maps and reads them back.
import type { TrafficMap, TrafficState } from '../domain/endpoint';
import type { RunContext } from './context';
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

/** Baseline keeps the rest; the candidate gets `candidateWeight` percent live, or `mirrorPercent` mirrored. */
export function split(ctx: RunContext, candidateWeight: number, mirrorPercent = 0): TrafficState {
  const { baseline, candidate } = ctx.run.status;
  const traffic: TrafficMap = { [baseline]: 100 - candidateWeight };
  if (candidateWeight > 0) traffic[candidate] = candidateWeight;
  return { traffic, mirrorTraffic: mirrorPercent > 0 ? { [candidate]: mirrorPercent } : {} };
}
