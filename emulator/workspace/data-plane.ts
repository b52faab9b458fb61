// The DataPlaneContext the scoring, metrics and traffic modules use: a narrow view of the workspace, the
// request log, the metrics faults and the emulator's clock and seeded random source.
import type { DataPlaneContext } from '../data-plane-context';
import type { FaultState } from '../control/fault-state';
import { endpointTokens } from '../arm/tokens';
import type { RequestLog } from './request-log';
import type { Workspace } from './state';
import { seededRandom, type Rng } from '../model/random';
import { AZURE_METRICS_CLOCK, type MetricsClock } from '../metrics/ingestion';

export function createDataPlaneContext(
  ws: Workspace,
  log: RequestLog,
  faults: FaultState,
  random: () => number,
  randomSeed?: number,
  metricsClock: MetricsClock = AZURE_METRICS_CLOCK,
): DataPlaneContext {
  const { subscriptionId, resourceGroup, workspace, location } = ws.identity;
  const streams = new Map<string, Rng>();
  const streamOf = (key: string): Rng => {
    let stream = streams.get(key);
    if (!stream) streams.set(key, (stream = seededRandom(hashSeed(randomSeed ?? 0, key))));
    return stream;
  };
  return {
    subscriptionId,
    resourceGroup,
    workspace,
    location,
    getEndpoint: (name) => ws.endpoint(name),
    resolveModel: (ref) => ws.resolveModel(ref),
    record: (request) => log.record(request),
    requests: (endpoint, from, to) => log.between(endpoint, from, to),
    metricsFaults: () => ({ ...faults.metrics }),
    metricsClock: () => metricsClock,
    now: () => Date.now(),
    random,
    deploymentRandom:
      randomSeed === undefined ? undefined : (endpoint, deployment) => streamOf(`${endpoint}/${deployment}`)(),
    verifyToken: (endpoint, token) => {
      const ep = ws.endpoint(endpoint);
      return ep ? endpointTokens(ep).isValid(token) : false;
    },
  };
}

/** FNV-1a over the key, mixed with the emulator's seed. */
function hashSeed(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
