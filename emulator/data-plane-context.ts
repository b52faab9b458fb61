// What the data plane (scoring/, metrics/, traffic/) needs from the workspace the control plane owns.
import type { MetricsClock } from './metrics/ingestion';
import type { EndpointRecord, ModelVersionRecord, ServedRequest } from './types';

export interface MetricsFaults {
  /** Metric queries answer 503 while true. */
  outage: boolean;
  /** Added to the metrics clock's ingestion delay: grains take this much longer to become visible. */
  delayMs: number;
}

export interface DataPlaneContext {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location: string;
  getEndpoint(name: string): EndpointRecord | undefined;
  /** `azureml:NAME:VERSION` (or an ARM model id) → the registered version, if any. */
  resolveModel(modelRef: string): ModelVersionRecord | undefined;
  record(request: ServedRequest): void;
  /** Served requests of one endpoint with `from <= at < to`, in arrival order. */
  requests(endpoint: string, from: number, to: number): ServedRequest[];
  metricsFaults(): MetricsFaults;
  /** The metrics grain and ingestion delay (absent: Azure's, one-minute grain with delay and jitter). */
  metricsClock?(): MetricsClock;
  now(): number;
  random(): number;
  /**
   * A random stream of one deployment's own, for its model's latency and error draws: with a seeded emulator, the
   * k-th request a deployment serves meets the same fate in every run (common random numbers, so two runs that
   * differ only in what the rollout decides can be compared request for request). Absent: `random`.
   */
  deploymentRandom?(endpoint: string, deployment: string): number;
  /**
   * For endpoints with authMode AMLToken / AADToken: whether this bearer token (from the endpoint's `token` action)
   * is valid for the endpoint. Absent: only key auth works, token endpoints answer 401.
   */
  verifyToken?(endpoint: string, token: string): boolean;
}
