// The DataPlaneContext the scoring, metrics and traffic modules use: a narrow view of the workspace, the
// request log, the metrics faults and the emulator's clock and seeded random source.
import type { DataPlaneContext } from '../data-plane-context';
import type { FaultState } from '../control/fault-state';
import { endpointTokens } from '../arm/tokens';
import type { RequestLog } from './request-log';
import type { Workspace } from './state';

export function createDataPlaneContext(ws: Workspace, log: RequestLog, faults: FaultState, random: () => number): DataPlaneContext {
  const { subscriptionId, resourceGroup, workspace, location } = ws.identity;
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
    now: () => Date.now(),
    random,
    verifyToken: (endpoint, token) => {
      const ep = ws.endpoint(endpoint);
      return ep ? endpointTokens(ep).isValid(token) : false;
    },
  };
}
