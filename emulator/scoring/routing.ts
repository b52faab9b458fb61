// Which deployment serves a request: weighted random over live traffic, and whether a copy is mirrored.
import type { EndpointRecord } from '../types';

export type Route =
  | { kind: 'deployment'; deployment: string; mirror?: string }
  | { kind: 'unknown-deployment'; deployment: string }
  | { kind: 'no-deployment' };

/** Weighted choice: `u` in [0, 1) walks the cumulative weights in the map's order. */
export function pickWeighted(weights: Array<[string, number]>, u: number): string | undefined {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  if (total <= 0) return undefined;
  let threshold = u * total;
  for (const [name, weight] of weights) {
    if (threshold < weight) return name;
    threshold -= weight;
  }
  return weights[weights.length - 1][0];
}

const serving = (ep: EndpointRecord, name: string): boolean => ep.deployments[name]?.provisioningState === 'Succeeded';

/**
 * A header-targeted request goes to that deployment and is never mirrored. Otherwise live traffic is split by
 * weight among deployments that can serve, and with probability mirrorTraffic[m] / 100 a copy goes to m.
 */
export function route(ep: EndpointRecord, header: string | undefined, random: () => number): Route {
  if (header !== undefined) {
    return serving(ep, header)
      ? { kind: 'deployment', deployment: header }
      : { kind: 'unknown-deployment', deployment: header };
  }
  const live = Object.entries(ep.traffic).filter(([name, w]) => w > 0 && serving(ep, name));
  const deployment = pickWeighted(live, random());
  if (deployment === undefined) return { kind: 'no-deployment' };
  return { kind: 'deployment', deployment, mirror: pickMirror(ep, deployment, random) };
}

function pickMirror(ep: EndpointRecord, live: string, random: () => number): string | undefined {
  for (const [name, percent] of Object.entries(ep.mirrorTraffic)) {
    if (percent <= 0 || name === live || !serving(ep, name)) continue;
    if (random() < percent / 100) return name;
  }
  return undefined;
}
