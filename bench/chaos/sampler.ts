// Reads every endpoint's traffic every `everyMs` for the whole run and checks each state against the plan of the
// rollout running there: the baseline at 100%, baseline and candidate at one of the plan's canary weights, or the
// candidate at 100%; never a mirror (the chaos plan has no mirror stage), never a third deployment.
import type { TrafficState } from '../../domain/endpoint';

export interface OutOfPlan {
  endpoint: string;
  rolloutId?: string;
  at: string;
  state: TrafficState;
}

interface Lane {
  rolloutId?: string;
  baseline: string;
  weights: number[];
  candidates: Set<string>;
  /** Distinct states seen during the current rollout (JSON). */
  seen: Set<string>;
}

export interface TrafficSampler {
  /** A new rollout on `endpoint`: its baseline (at 100% now) and the plan's canary weights. */
  begin(endpoint: string, rolloutId: string, baseline: string, weights: number[]): void;
  /** The states seen on `endpoint` since `begin`, as JSON of the positive weights. */
  seen(endpoint: string): TrafficState[];
  samples: number;
  outOfPlan: OutOfPlan[];
  stop(): void;
}

export function startTrafficSampler(
  endpoints: string[],
  live: (endpoint: string) => TrafficState,
  everyMs = 100,
): TrafficSampler {
  const lanes = new Map<string, Lane>();
  const outOfPlan: OutOfPlan[] = [];
  const sampler: TrafficSampler = {
    samples: 0,
    outOfPlan,
    begin(endpoint, rolloutId, baseline, weights) {
      lanes.set(endpoint, { rolloutId, baseline, weights, candidates: new Set(), seen: new Set() });
    },
    seen: (endpoint) => [...(lanes.get(endpoint)?.seen ?? [])].map((s) => JSON.parse(s) as TrafficState),
    stop: () => clearInterval(timer),
  };
  const timer = setInterval(() => {
    for (const endpoint of endpoints) {
      const lane = lanes.get(endpoint);
      if (!lane) continue;
      const state = live(endpoint);
      sampler.samples += 1;
      const key = JSON.stringify(state);
      if (!lane.seen.has(key) && !inPlan(lane, state)) {
        outOfPlan.push({ endpoint, rolloutId: lane.rolloutId, at: new Date().toISOString(), state });
      }
      lane.seen.add(key);
    }
  }, everyMs);
  return sampler;
}

function inPlan(lane: Lane, { traffic, mirrorTraffic }: TrafficState): boolean {
  if (Object.keys(mirrorTraffic).length > 0) return false;
  const others = Object.keys(traffic).filter((name) => name !== lane.baseline);
  if (others.length > 1) return false;
  const candidate = others[0];
  if (candidate !== undefined) {
    lane.candidates.add(candidate);
    if (lane.candidates.size > 1) return false;
  }
  const base = traffic[lane.baseline] ?? 0;
  const cand = candidate === undefined ? 0 : traffic[candidate];
  if (base === 100 && cand === 0) return true;
  if (cand === 100 && base === 0) return true;
  return lane.weights.some((w) => cand === w && base === 100 - w);
}
