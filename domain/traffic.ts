// Traffic maps as Azure compares them (a zero weight is an absent one; key order does not matter), and the one rule
// for moving traffic beside other deployments: the candidate's weight is a percent of all live traffic taken from the
// baseline's share only; every other deployment keeps its share at plan check, through every step and the rollback.
import type { TrafficMap, TrafficState } from './endpoint';

export function sameTraffic(a: TrafficMap, b: TrafficMap): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => (a[key] ?? 0) === (b[key] ?? 0));
}

export function sameTrafficState(a: TrafficState, b: TrafficState): boolean {
  return sameTraffic(a.traffic, b.traffic) && sameTraffic(a.mirrorTraffic, b.mirrorTraffic);
}

/** What a rollout may move: the baseline's share at the start; `others` (every other live deployment) stay as they are. */
export interface TrafficFrame {
  baseline: string;
  candidate: string;
  /** The baseline's percent of live traffic when the plan was checked (100 on an endpoint with one live deployment). */
  baselineShare: number;
  /** Every other deployment with live traffic at the start, and its percent: never changed by the rollout. */
  others: TrafficMap;
}

/** The frame from the endpoint's traffic when the plan was checked. */
export function trafficFrame(start: TrafficMap, baseline: string, candidate: string): TrafficFrame {
  const others = Object.fromEntries(
    Object.entries(start).filter(([name, pct]) => name !== baseline && name !== candidate && pct > 0),
  );
  return { baseline, candidate, baselineShare: start[baseline] ?? 0, others };
}

/**
 * The candidate at `candidateWeight` percent of all live traffic (at most the baseline's share), the baseline
 * keeping the rest of its share, every other deployment its own; `mirrorPercent` of all traffic copied to the
 * candidate. Weight 0 is the traffic the rollout started from; the baseline's share is the promotion.
 */
export function stepTraffic(frame: TrafficFrame, candidateWeight: number, mirrorPercent = 0): TrafficState {
  const weight = Math.min(candidateWeight, frame.baselineShare);
  // A first release's frame has no baseline (''): only the candidate is in the map.
  const traffic: TrafficMap = frame.baseline ? { [frame.baseline]: frame.baselineShare - weight } : {};
  if (weight > 0) traffic[frame.candidate] = weight;
  return {
    traffic: { ...traffic, ...frame.others },
    mirrorTraffic: mirrorPercent > 0 ? { [frame.candidate]: mirrorPercent } : {},
  };
}

/** Promotion: the candidate takes the whole of the baseline's share. */
export function promotedTraffic(frame: TrafficFrame): TrafficState {
  return stepTraffic(frame, frame.baselineShare);
}

/** After promotion, the baseline leaves the map (before its deletion); the candidate keeps the baseline's old share. */
export function retiredTraffic(frame: TrafficFrame): TrafficState {
  return { traffic: { [frame.candidate]: frame.baselineShare, ...frame.others }, mirrorTraffic: {} };
}

/**
 * The candidate's share of the requests the judge compares (candidate plus baseline) at a canary weight: the
 * router weight the judge expects. With no other live deployment it is weight / 100.
 */
export function judgedShare(frame: TrafficFrame, candidateWeight: number): number {
  return frame.baselineShare > 0 ? Math.min(candidateWeight / frame.baselineShare, 1) : 0;
}

/** Why a canary weight does not fit the baseline's share (it must leave the baseline at least 1%), or undefined. */
export function canaryFitProblem(candidateWeight: number, baselineShare: number): string | undefined {
  if (candidateWeight < baselineShare) return undefined;
  return (
    `a canary step takes its weight (percent of all live traffic) from the baseline's share only, which is ` +
    `${baselineShare}%: the weight must be below ${baselineShare}`
  );
}
