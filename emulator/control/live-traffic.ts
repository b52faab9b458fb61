// Live traffic that follows the workspace: one generator per endpoint that has live traffic (its weights sum above 0),
// started when a rollout gives an endpoint its first traffic (a first release) and stopped when it loses it.
import type { TrafficGenerator, TrafficStats } from '../traffic/generator';
import type { Workspace } from '../workspace/state';

/** The `endpoint` value of a traffic start that means "every endpoint with live traffic, at the rate each". */
export const EVERY_LIVE_ENDPOINT = '*';

/** How often the set of live endpoints is read again. */
const RECONCILE_MS = 500;

export interface LiveTraffic {
  setRate(rps: number): void;
  /** By endpoint, for the generators running now. */
  stats(): Record<string, TrafficStats>;
  stop(): Promise<void>;
}

export function followLiveEndpoints(
  ws: Workspace,
  rps: number,
  start: (endpoint: string, rps: number) => TrafficGenerator,
): LiveTraffic {
  const generators = new Map<string, TrafficGenerator>();
  const stopping = new Set<Promise<void>>();
  let rate = rps;
  const reconcile = (): void => {
    const live = new Set(liveEndpoints(ws));
    for (const [name, generator] of generators) {
      if (live.has(name)) continue;
      generators.delete(name);
      const stopped: Promise<void> = generator.stop().finally(() => stopping.delete(stopped));
      stopping.add(stopped);
    }
    for (const name of live) if (!generators.has(name)) generators.set(name, start(name, rate));
  };
  reconcile();
  const timer = setInterval(reconcile, RECONCILE_MS);
  timer.unref();
  return {
    setRate(next) {
      rate = next;
      for (const generator of generators.values()) generator.setRate(next);
    },
    stats: () => Object.fromEntries([...generators].map(([name, generator]) => [name, generator.stats()])),
    async stop() {
      clearInterval(timer);
      const running = [...generators.values()];
      generators.clear();
      await Promise.all([...stopping, ...running.map((generator) => generator.stop())]);
    },
  };
}

/**
 * Endpoints a caller could score through the traffic split with the endpoint key: some live weight (a mirror only
 * copies live requests, so it adds none) and key authentication (the generator holds no token).
 */
export function liveEndpoints(ws: Workspace): string[] {
  return Object.values(ws.state.endpoints)
    .filter((ep) => ep.authMode === 'Key' && ep.provisioningState !== 'Deleting')
    .filter((ep) => Object.values(ep.traffic).some((weight) => weight > 0))
    .map((ep) => ep.name);
}
