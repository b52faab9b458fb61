// What the data plane (scoring/, metrics/, traffic/) needs from the workspace the control plane owns.
import type { EndpointRecord, ModelVersionRecord, ServedRequest } from './types';

export interface MetricsFaults {
  /** Metric queries answer 503 while true. */
  outage: boolean;
  /** Requests younger than this are not yet visible to metric queries (Azure Monitor's ingestion delay). */
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
  now(): number;
  random(): number;
  /**
   * For endpoints with authMode AMLToken / AADToken: whether this bearer token (from the endpoint's `token` action)
   * is valid for the endpoint. Absent: only key auth works, token endpoints answer 401.
   */
  verifyToken?(endpoint: string, token: string): boolean;
}
