// The plan's CLI v2 deployment → the ARM PUT body, field by field as azure-ai-ml's ManagedOnlineDeployment and
// KubernetesOnlineDeployment `_to_rest_object` do: workspace references become ARM ids, registry references pass
// as they are, milliseconds and seconds become ISO 8601 durations. `dataCollector` is newer than SDK 2.1.1's
// api-version, so it travels beside the body (deployment-properties-policy.ts puts it in).
import type {
  ContainerResourceSettings,
  KubernetesOnlineDeployment,
  ManagedOnlineDeployment,
  OnlineDeployment,
  OnlineRequestSettings,
  OnlineScaleSettingsUnion,
  ProbeSettings,
} from '@azure/arm-machinelearning';
import { parseAssetRef, type AssetKind } from '../../domain/asset-refs';
import type { ComputeType } from '../../domain/azure-rules';
import {
  instanceTypeOf,
  type Candidate,
  type DataCollectorYaml,
  type ProbeYaml,
  type ResourceSettingsYaml,
} from '../../domain/candidate';

export interface WorkspaceScope {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
}

/** What the body is built from: the YAML, its `@latest` references resolved, and the endpoint it joins. */
export interface DeploymentBodyInput {
  candidate: Candidate;
  /** `azureml:NAME:VERSION` or a registry reference. */
  model: string;
  /** The candidate's environment with `@latest` resolved; absent when it names none. */
  environment?: string;
  location: string;
  computeType: ComputeType;
  scope: WorkspaceScope;
}

export interface DeploymentBody {
  body: OnlineDeployment;
  /** Properties SDK 2.1.1 cannot serialize, merged into `properties` on the wire. */
  extraProperties: Record<string, unknown>;
}

/** `azureml:NAME:VERSION` → the workspace asset's ARM id; a registry URI (or anything else) is returned unchanged. */
export function assetId(kind: AssetKind | 'data', ref: string, s: WorkspaceScope): string {
  const parsed = kind === 'data' ? /^azureml:([^:]+):(.+)$/.exec(ref) : undefined;
  const asset = kind === 'data' ? parsed && { name: parsed[1], version: parsed[2] } : parseAssetRef(kind, ref);
  if (!asset || ('registry' in asset && asset.registry) || asset.version === undefined) return ref;
  const workspace = `/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.MachineLearningServices/workspaces/${s.workspace}`;
  return `${workspace}/${kind}/${asset.name}/versions/${asset.version}`;
}

/** `azureml:NAME:VERSION` for a workspace model's ARM id, so records compare with the plan's references. */
export function modelRefOf(id: string): string {
  const match = /\/workspaces\/[^/]+\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(id);
  return match ? `azureml:${match[1]}:${match[2]}` : id;
}

const seconds = (s: number) => `PT${s}S`;
const millis = (ms: number) => `PT${ms / 1000}S`;

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function probeOf(p: ProbeYaml | undefined): ProbeSettings | undefined {
  if (!p) return undefined;
  return defined({
    period: p.period === undefined ? undefined : seconds(p.period),
    initialDelay: p.initial_delay === undefined ? undefined : seconds(p.initial_delay),
    timeout: p.timeout === undefined ? undefined : seconds(p.timeout),
    successThreshold: p.success_threshold,
    failureThreshold: p.failure_threshold,
  });
}

function requestSettingsOf(rs: Candidate['request_settings']): OnlineRequestSettings | undefined {
  if (!rs) return undefined;
  return defined({
    requestTimeout: rs.request_timeout_ms === undefined ? undefined : millis(rs.request_timeout_ms),
    maxConcurrentRequestsPerInstance: rs.max_concurrent_requests_per_instance,
    maxQueueWait: rs.max_queue_wait_ms === undefined ? undefined : millis(rs.max_queue_wait_ms),
  });
}

function scaleSettingsOf(s: Candidate['scale_settings']): OnlineScaleSettingsUnion {
  if (!s || s.type === 'default') return { scaleType: 'Default' };
  return defined({
    scaleType: 'TargetUtilization' as const,
    minInstances: s.min_instances,
    maxInstances: s.max_instances,
    targetUtilizationPercentage: s.target_utilization_percentage,
    pollingInterval: s.polling_interval === undefined ? undefined : seconds(s.polling_interval),
  });
}

function resourceSettingsOf(r: ResourceSettingsYaml | undefined): ContainerResourceSettings | undefined {
  if (!r) return undefined;
  return defined({ cpu: r.cpu, memory: r.memory, gpu: r.gpu ?? r['nvidia.com/gpu'] });
}

const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/** The REST DataCollector: `sampling_rate` copied into each collection, `enabled` as dataCollectionMode. */
export function dataCollectorOf(dc: DataCollectorYaml, s: WorkspaceScope): Record<string, unknown> {
  const collections = Object.fromEntries(
    Object.entries(dc.collections).map(([name, c]) => [
      name,
      defined({
        dataCollectionMode: String(c.enabled).toLowerCase() === 'true' ? 'Enabled' : 'Disabled',
        dataId: c.data === undefined ? undefined : assetId('data', c.data, s),
        clientId: c.client_id,
        samplingRate: dc.sampling_rate,
      }),
    ]),
  );
  return defined({
    collections,
    rollingRate: dc.rolling_rate === undefined ? undefined : capitalized(dc.rolling_rate),
    requestLogging: dc.request_logging && { captureHeaders: dc.request_logging.capture_headers },
  });
}

export function deploymentBody(input: DeploymentBodyInput): DeploymentBody {
  const { candidate: c, scope, computeType } = input;
  const common = defined({
    description: c.description,
    properties: c.properties,
    model: assetId('models', input.model, scope),
    modelMountPath: c.model_mount_path,
    codeConfiguration: c.code_configuration && {
      codeId: assetId('codes', c.code_configuration.code, scope),
      scoringScript: c.code_configuration.scoring_script,
    },
    environmentId: input.environment === undefined ? undefined : assetId('environments', input.environment, scope),
    environmentVariables: c.environment_variables,
    appInsightsEnabled: c.app_insights_enabled,
    scaleSettings: scaleSettingsOf(c.scale_settings),
    requestSettings: requestSettingsOf(c.request_settings),
    livenessProbe: probeOf(c.liveness_probe),
    readinessProbe: probeOf(c.readiness_probe),
  });
  const properties: ManagedOnlineDeployment | KubernetesOnlineDeployment =
    computeType === 'Kubernetes'
      ? defined({
          ...common,
          endpointComputeType: 'Kubernetes' as const,
          instanceType: c.instance_type,
          containerResourceRequirements: c.resources && {
            ...defined({
              containerResourceRequests: resourceSettingsOf(c.resources.requests),
              containerResourceLimits: resourceSettingsOf(c.resources.limits),
            }),
          },
        })
      : defined({
          ...common,
          endpointComputeType: 'Managed' as const,
          instanceType: instanceTypeOf(c, 'Managed'),
          egressPublicNetworkAccess: c.egress_public_network_access && capitalized(c.egress_public_network_access),
        });
  const body: OnlineDeployment = defined({
    location: input.location,
    tags: c.tags,
    sku: { name: 'Default', capacity: c.instance_count },
    properties,
  });
  return { body, extraProperties: c.data_collector ? { dataCollector: dataCollectorOf(c.data_collector, scope) } : {} };
}
