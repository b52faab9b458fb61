// The Azure Monitor metrics the emulator computes, per resource scope (endpoint or deployment), as Azure lists them
// (learn.microsoft.com, "Supported metrics for Microsoft.MachineLearningServices/workspaces/onlineEndpoints" and
// ".../onlineEndpoints/deployments"): time grain PT1M, and no Errors metric (errors are RequestsPerMinute by status).
import type { ServedRequest } from '../types';

export type Aggregation = 'average' | 'total' | 'count' | 'minimum' | 'maximum';
export const AGGREGATIONS: readonly Aggregation[] = ['average', 'total', 'count', 'minimum', 'maximum'];

export type MetricScope = 'endpoint' | 'deployment';

/** How a metric's samples come from the served requests (see README-data-plane.md). */
export type SampleKind =
  | { kind: 'requests-per-minute' }
  | { kind: 'per-request-latency' }
  | { kind: 'latency-percentile'; percentile: number }
  | { kind: 'capacity' };

export interface MetricDefinition {
  name: string;
  localizedName: string;
  description: string;
  unit: 'Count' | 'MilliSeconds';
  /** Lower-cased dimension names. */
  dimensions: string[];
  sample: SampleKind;
}

export const NAMESPACES: Record<MetricScope, string> = {
  endpoint: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints',
  deployment: 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments',
};

const percentiles = (dimensions: string[]): MetricDefinition[] =>
  [50, 90, 95, 99].map((p) => ({
    name: `RequestLatency_P${p}`,
    localizedName: `Request Latency P${p}`,
    description: `The average P${p} request latency aggregated by all request latency values collected over the selected time period`,
    unit: 'MilliSeconds',
    dimensions,
    sample: { kind: 'latency-percentile', percentile: p },
  }));

const requestsPerMinute = (dimensions: string[]): MetricDefinition => ({
  name: 'RequestsPerMinute',
  localizedName: 'Requests Per Minute',
  description: 'The number of requests sent to online endpoint within a minute',
  unit: 'Count',
  dimensions,
  sample: { kind: 'requests-per-minute' },
});

export const CATALOG: Record<MetricScope, MetricDefinition[]> = {
  endpoint: [
    requestsPerMinute(['deployment', 'statuscode', 'statuscodeclass']),
    {
      name: 'RequestLatency',
      localizedName: 'Request Latency',
      description: 'The complete interval of time taken for a request to be responded',
      unit: 'MilliSeconds',
      dimensions: ['deployment'],
      sample: { kind: 'per-request-latency' },
    },
    ...percentiles(['deployment']),
  ],
  deployment: [
    requestsPerMinute(['envoy_response_code']),
    ...percentiles([]),
    {
      name: 'DeploymentCapacity',
      localizedName: 'Deployment Capacity',
      description: 'The number of instances in the deployment',
      unit: 'Count',
      dimensions: [],
      sample: { kind: 'capacity' },
    },
  ],
};

export function findMetric(scope: MetricScope, name: string): MetricDefinition | undefined {
  return CATALOG[scope].find((m) => m.name.toLowerCase() === name.toLowerCase());
}

/** The value of a lower-cased dimension for one served request. */
export function dimensionValue(dimension: string, r: ServedRequest): string {
  switch (dimension) {
    case 'deployment':
      return r.deployment;
    case 'statuscode':
    case 'envoy_response_code':
      return String(r.status);
    case 'statuscodeclass':
      return `${Math.floor(r.status / 100)}xx`;
    default:
      return '';
  }
}
