// A deployment's requestSettings as Azure applies them to scoring: timeout (408) and concurrency (429).
import type { DeploymentRecord } from '../types';
import { parseIsoDuration } from '../metrics/iso-duration';

export interface RequestSettings {
  requestTimeoutMs: number;
  maxConcurrentRequestsPerInstance: number;
}

/** Azure's defaults for managed online deployments: request_timeout_ms 5000, max_concurrent_requests_per_instance 1. */
export const DEFAULT_REQUEST_SETTINGS: RequestSettings = {
  requestTimeoutMs: 5000,
  maxConcurrentRequestsPerInstance: 1,
};

export function requestSettings(deployment: DeploymentRecord): RequestSettings {
  const props = deployment.body.properties as Record<string, unknown> | undefined;
  const raw = (props?.requestSettings ?? {}) as Record<string, unknown>;
  const timeout = typeof raw.requestTimeout === 'string' ? parseIsoDuration(raw.requestTimeout) : undefined;
  const max = raw.maxConcurrentRequestsPerInstance;
  return {
    requestTimeoutMs: timeout ?? DEFAULT_REQUEST_SETTINGS.requestTimeoutMs,
    maxConcurrentRequestsPerInstance:
      typeof max === 'number' && max >= 1 ? Math.floor(max) : DEFAULT_REQUEST_SETTINGS.maxConcurrentRequestsPerInstance,
  };
}

/** Azure answers 429 once more than this many requests are in flight on the deployment. */
export function inFlightLimit(deployment: DeploymentRecord): number {
  return 2 * requestSettings(deployment).maxConcurrentRequestsPerInstance * Math.max(deployment.instanceCount, 1);
}
