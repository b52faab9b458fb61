// The activities the rollout workflow calls: names, inputs and outputs. Implemented by createActivities(deps)
// in activities/index.ts; the workflow imports this file as types only.
import type { EndpointRef, TrafficMap, TrafficState } from '../domain/endpoint';
import type { Candidate, RolloutPlan, Tolerance } from '../domain/plan';
import type { IntervalSample, DeploymentCounts } from '../domain/verdict';
import type { ErrorDetail } from '../domain/errors';
import type { ComputeType } from '../domain/azure-rules';
import type { DeploymentResource } from '../domain/previous-deployment';
import type { CapacityStep } from '../domain/capacity';
import type { EndpointSpec } from '../domain/first-release';
import type { NotificationEvent, PlanNotifications } from '../domain/notifications';
import type { WindowCheck } from '../domain/window-calendar';

export interface DeploymentInfo {
  name: string;
  model: string;
  instanceType: string;
  instanceCount: number;
  /** requestSettings.maxConcurrentRequestsPerInstance (Azure's default is 1). */
  maxConcurrentRequestsPerInstance?: number;
  provisioningState: string;
  /** scaleSettings TargetUtilization: Azure sets the instance count between these. */
  autoscale?: { minInstances?: number; maxInstances?: number; targetUtilizationPercentage?: number };
}

export interface EndpointSnapshot extends TrafficState {
  name: string;
  computeType: ComputeType;
  provisioningState: string;
  deployments: DeploymentInfo[];
}

export interface PlanCheckInput {
  target: EndpointRef;
  plan: RolloutPlan;
}

export interface PlanCheck {
  problems: ErrorDetail[];
  /** Not a reason to refuse, but worth a look before starting (e.g. a candidate smaller than the baseline). */
  warnings?: ErrorDetail[];
  baseline: string;
  candidateName: string;
  /** Fully resolved model id, `azureml:NAME:VERSION` (or the registry reference as written). */
  model: string;
  /** The candidate's environment as it will be deployed (`@latest` resolved now; again when the deploy runs). */
  environment?: string;
  endpoint: EndpointSnapshot;
  /** The candidate's name is an existing (idle) deployment, which the plan allowed with `replace: true`. */
  candidateExists?: boolean;
  /** Capacity of baseline and candidate at every stage, and the candidate sizes the rollout sets. */
  capacity?: CapacityStep[];
  /** No live deployment to compare with: the rollout creates what it needs (the endpoint too, when missing). */
  firstRelease?: { createEndpoint: boolean };
}

export interface CreateDeploymentInput {
  target: EndpointRef;
  name: string;
  candidate: Candidate;
  /** Fully resolved model id. */
  model: string;
}

export interface SetTrafficInput {
  target: EndpointRef;
  traffic: TrafficMap;
  mirrorTraffic: TrafficMap;
}

export interface CompareDeploymentsInput {
  target: EndpointRef;
  baseline: string;
  candidate: string;
  requests: number;
  /** The bodies to send, in turn (the plan's `requestBodies`, or its one `request`). */
  requestBodies?: unknown[];
  /** @deprecated kept for histories started before `requestBodies`: one body. */
  request?: unknown;
  /** When two answers agree; left out: the plan's defaults. */
  tolerance?: Tolerance;
}

export interface CompareDeploymentsResult {
  baseline: DeploymentCounts;
  candidate: DeploymentCounts;
  /** Share of the compared answer items (one per input row) on which the candidate agrees with the baseline. */
  agreement: number;
  /** Answer items compared (both deployments answered, in JSON). */
  compared: number;
  /** Requests both answered whose answers could not be compared, and why. */
  incomparable?: number;
  incomparableReason?: string;
}

export interface QueryMetricsInput {
  target: EndpointRef;
  baseline: string;
  candidate: string;
  /** The gate's cursor: the read starts at the first grain boundary at or after it. */
  start: string;
  /** The gate's clock: the read ends at the last grain that ended at least the ingestion lag before it. */
  end: string;
  /** Share of requests routed to the candidate during the window (live weight or mirror share), 0..1. */
  candidateShare: number;
  /** The plan's metricsLag: raises the worker's ingestion lag for this rollout. */
  lagMs?: number;
  /** The end of the bake, at its final gate: `pending` says whether grains before it are still unread. */
  dueBy?: string;
}

/**
 * What a gate read: the grains, oldest first (the cursor moves to the end of the last), and whether complete grains
 * before `end` are still waiting for the ingestion lag or for data (the final gate of a bake waits for them).
 * Histories recorded before this shape hold a bare IntervalSample[]: readOf in workflows/analysis-gate.ts takes both.
 */
export interface MetricsRead {
  samples: IntervalSample[];
  pending: boolean;
}

/** The legacy plan webhook (`notifications.webhookUrl`), still called by runs that started before channels. */
export interface NotifyInput {
  webhookUrl: string;
  event: Record<string, unknown>;
}

export interface DeliverInput {
  event: NotificationEvent;
  /** What the plan named; subscriptions with a matching endpoint pattern apply without it. */
  notifications?: PlanNotifications;
}

/** Per channel id: sent now, sent before (a retry), failed (a reason naming no address), or deleted since. */
export interface DeliveryReport {
  sent: string[];
  duplicates: string[];
  failed: { channel: string; reason: string }[];
  missing: string[];
}

export interface CheckWindowInput {
  target: EndpointRef;
  /** The workflow's time (ISO): the instant the rules are checked at. */
  at: string;
}

export interface Activities {
  checkPlan(input: PlanCheckInput): Promise<PlanCheck>;
  getEndpoint(input: { target: EndpointRef }): Promise<EndpointSnapshot>;
  createDeployment(input: CreateDeploymentInput): Promise<DeploymentInfo>;
  scaleDeployment(input: { target: EndpointRef; name: string; instanceCount: number }): Promise<DeploymentInfo>;
  /** A first release: the endpoint from the plan's CLI v2 spec; one already there counts as created. */
  createEndpoint(input: { target: EndpointRef; spec: EndpointSpec }): Promise<void>;
  /** A first release's rollback; a missing endpoint counts as deleted. */
  deleteEndpoint(input: { target: EndpointRef }): Promise<void>;
  /**
   * Idempotent: a missing deployment counts as deleted. Refuses a deployment with live traffic. Returns the deployment
   * as Azure held it before the delete (histories from before this hold no result).
   */
  deleteDeployment(input: { target: EndpointRef; name: string }): Promise<DeploymentResource | undefined>;
  /** Sets both maps in one endpoint PUT and reads them back; throws TrafficVerificationFailed on mismatch. */
  setTraffic(input: SetTrafficInput): Promise<TrafficState>;
  getTraffic(input: { target: EndpointRef }): Promise<TrafficState>;
  compareDeployments(input: CompareDeploymentsInput): Promise<CompareDeploymentsResult>;
  /** Per-minute samples from Azure Monitor; throws MetricsUnavailable when the provider fails. */
  queryMetrics(input: QueryMetricsInput): Promise<MetricsRead>;
  notify(input: NotifyInput): Promise<void>;
  /** Never throws for a receiver's failure: a notification never fails a rollout. */
  deliverNotification(input: DeliverInput): Promise<DeliveryReport>;
  /** Whether deployment windows let the rollout increase the candidate's exposure now, or what holds it. */
  checkWindow(input: CheckWindowInput): Promise<WindowCheck>;
}
