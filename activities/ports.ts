// The outside world as the activities need it: narrow interfaces we own, implemented over the Azure SDKs in
// activities/azure/ and in memory by test/support/fake-azure.ts. A port fails with Azure's own errors (an error
// carrying `statusCode` and `code`, or a failed long-running operation); the activities map them (failures.ts).
import type { DeploymentResource } from '../domain/previous-deployment';
import type { EndpointRef, TrafficState } from '../domain/endpoint';
import type { Candidate } from '../domain/plan';
import type { EndpointSpec } from '../domain/first-release';
import type { ActivityHooks } from './context';
import type { DeploymentInfo } from './types';

import type { ComputeType } from '../domain/azure-rules';

export type { ComputeType };

/** An online endpoint with both traffic maps as Azure reports them. */
export interface EndpointRecord extends TrafficState {
  name: string;
  location: string;
  /** What the endpoint itself says (a compute target or kind Kubernetes); its deployments may say so too. */
  computeType: ComputeType;
  /** A Kubernetes endpoint's attached compute, by name. */
  compute?: string;
  provisioningState: string;
}

export interface DeploymentRecord extends DeploymentInfo {
  /** The deployment's `endpointComputeType`, when Azure reports one. */
  computeType?: ComputeType;
}

/** What a new deployment is built from: the plan's Azure ML CLI v2 candidate and the endpoint it joins. */
export interface DeploymentSpec {
  candidate: Candidate;
  /** Fully resolved model id. */
  model: string;
  /** The candidate's environment with `@latest` resolved; absent when it names none. */
  environment?: string;
  location: string;
  computeType: ComputeType;
}

export interface EndpointsPort {
  /** Azure's 404 when the endpoint does not exist. */
  get(target: EndpointRef, hooks: ActivityHooks): Promise<EndpointRecord>;
  /** One endpoint PUT carrying both maps, polled to completion (heartbeating); Azure clears a mirror left out. */
  putTraffic(target: EndpointRef, state: TrafficState, hooks: ActivityHooks): Promise<void>;
  /** A first release: a new endpoint from its CLI v2 spec, polled to completion. Left out by fakes that never create. */
  create?(target: EndpointRef, spec: EndpointSpec, hooks: ActivityHooks): Promise<void>;
  /** Polled to completion; Azure cascades to the endpoint's deployments. */
  delete?(target: EndpointRef, hooks: ActivityHooks): Promise<void>;
}

export interface DeploymentsPort {
  list(target: EndpointRef, hooks: ActivityHooks): Promise<DeploymentRecord[]>;
  /** The deployment once no operation runs on it (polled, heartbeating); undefined when it does not exist. */
  settled(target: EndpointRef, name: string, hooks: ActivityHooks): Promise<DeploymentRecord | undefined>;
  /** The ARM resource's sku and properties as Azure holds them (for a later revert); undefined when absent. */
  resource(target: EndpointRef, name: string, hooks: ActivityHooks): Promise<DeploymentResource | undefined>;
  /** Each of these starts one long-running operation and polls it to completion, heartbeating after each poll. */
  create(target: EndpointRef, name: string, spec: DeploymentSpec, hooks: ActivityHooks): Promise<void>;
  scale(target: EndpointRef, name: string, instanceCount: number, hooks: ActivityHooks): Promise<void>;
  /** Azure's 404 when the deployment does not exist. */
  delete(target: EndpointRef, name: string, hooks: ActivityHooks): Promise<void>;
}

export interface ModelsPort {
  /** The registered versions of a model; none when the model is unknown. */
  versions(target: EndpointRef, model: string, hooks: ActivityHooks): Promise<string[]>;
  /** One registered version: absent when Azure has none, `archived` from its `isArchived`. */
  findVersion(
    target: EndpointRef,
    model: string,
    version: string,
    hooks: ActivityHooks,
  ): Promise<{ archived: boolean } | undefined>;
}

export type VersionedAssetKind = 'environments' | 'codes';

/** Workspace assets a deployment references (the attached compute's instance types are CapacityPort's). */
export interface AssetsPort {
  /** The registered versions of an environment or code asset; none when it is unknown. */
  versions(target: EndpointRef, kind: VersionedAssetKind, name: string, hooks: ActivityHooks): Promise<string[]>;
  hasVersion(
    target: EndpointRef,
    kind: VersionedAssetKind,
    name: string,
    version: string,
    hooks: ActivityHooks,
  ): Promise<boolean>;
  /** A model version's registered type ('mlflow_model', 'custom_model', ...); undefined when unknown. */
  modelType(target: EndpointRef, model: string, version: string, hooks: ActivityHooks): Promise<string | undefined>;
}

/** One metric of an Azure Monitor answer, in the shape of the REST API (and of the SDK's `Metric`). */
export interface MonitorMetric {
  /** Ends with `/metrics/<REST name>`. */
  id: string;
  /** The display name, which may differ from the REST name. */
  name: string;
  /** 'Success' or why this metric could not be read. */
  errorCode?: string;
  errorMessage?: string;
  timeseries: Array<{
    metadatavalues?: Array<{ name?: string; value?: string }>;
    data?: Array<{ timeStamp: Date; total?: number; average?: number }>;
  }>;
}

export interface MetricsQueryOptions {
  startTime: Date;
  endTime: Date;
  /** 'FULL' (one point for the window) or an ISO 8601 grain such as 'PT1M'. */
  interval: string;
  aggregation: 'Total' | 'Average';
  /** Splits by dimension, e.g. `deployment eq '*' and statusCode eq '*'`. */
  filter: string;
  /** Most split series returned. */
  top: number;
}

export interface MetricsPort {
  /** The endpoint's metrics over a window. */
  query(target: EndpointRef, names: string[], options: MetricsQueryOptions): Promise<MonitorMetric[]>;
}

export interface ScoreOutcome {
  /** Any non-2xx or network failure counts: the inputs are ours, so a refusal is the deployment's fault. */
  ok: boolean;
  /** 0 when no answer came. */
  status: number;
  latencyMs: number;
  /** A 2xx answer's JSON body; absent when the answer was not JSON (then it cannot be compared). */
  output?: unknown;
}

export interface Scorer {
  /** One request straight to `deployment` (header `azureml-model-deployment`); throws only when `signal` aborts. */
  score(deployment: string, body: unknown, signal?: AbortSignal): Promise<ScoreOutcome>;
}

export interface ScoringPort {
  /** Validation inputs in flight at once (each goes to both deployments). Default 1. */
  concurrency?: number;
  /** The endpoint's scoring URI and a credential for it, resolved once. */
  open(target: EndpointRef, hooks: ActivityHooks): Promise<Scorer>;
}

/** What bounds a deployment's size: VM sizes and the vCPU quota left, and a Kubernetes compute's instance types. */
export interface CapacityPort {
  /** vCPUs and quota family of each managed VM size offered in the location. */
  vmSizes(location: string, hooks: ActivityHooks): Promise<Array<{ name: string; family: string; vCPUs: number }>>;
  /** vCPUs left (limit minus usage) per VM family in the location. */
  availableCores(location: string, hooks: ActivityHooks): Promise<Record<string, number>>;
  /** The instance types an attached Kubernetes compute defines; undefined when the compute does not exist. */
  kubernetesInstanceTypes(target: EndpointRef, compute: string, hooks: ActivityHooks): Promise<string[] | undefined>;
}

export interface AzurePorts {
  endpoints: EndpointsPort;
  deployments: DeploymentsPort;
  models: ModelsPort;
  assets: AssetsPort;
  metrics: MetricsPort;
  scoring: ScoringPort;
  /** Left out (e.g. by a fake): the plan check skips quota and instance-type checks. */
  capacity?: CapacityPort;
}
