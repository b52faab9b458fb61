// ARM JSON of the workspace's records: the stored request body plus the fields the server fills in
// (id, type, systemData, scoringUri, keys: null, provisioningState, ...), in the shapes of the REST API's examples:
// https://learn.microsoft.com/rest/api/azureml/online-endpoints and …/online-deployments.
import type { DeploymentRecord, EndpointRecord } from '../types';
import { workspacePath, type ArmContext } from './context';

const ENDPOINT_TYPE = 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints';

export function systemData(createdAt: string, updatedAt: string) {
  return {
    createdAt,
    createdBy: 'emulator',
    createdByType: 'User',
    lastModifiedAt: updatedAt,
    lastModifiedBy: 'emulator',
    lastModifiedByType: 'User',
  };
}

function withIdentity(identity: unknown, seed: string): unknown {
  if (!identity || typeof identity !== 'object') return undefined;
  const value = identity as { type?: string };
  if (value.type === 'None') return value;
  const tail = seed.padEnd(12, '0').slice(0, 12);
  return { principalId: `00000000-0000-4000-8000-${tail}`, tenantId: '00000000-0000-4000-8000-000000000001', ...value };
}

export function endpointId(ctx: ArmContext, name: string): string {
  return `${workspacePath(ctx)}/onlineEndpoints/${name}`;
}

export function renderEndpoint(ctx: ArmContext, ep: EndpointRecord): Record<string, unknown> {
  const props = (ep.body.properties ?? {}) as Record<string, unknown>;
  const base = ctx.lro.baseUrl();
  return {
    id: endpointId(ctx, ep.name),
    name: ep.name,
    type: ENDPOINT_TYPE,
    location: ep.body.location ?? ctx.ws.identity.location,
    kind: ep.body.kind ?? 'Managed',
    tags: ep.body.tags ?? {},
    identity: withIdentity(ep.body.identity, hex(ep.name)),
    systemData: systemData(ep.createdAt, ep.updatedAt),
    properties: {
      ...props,
      authMode: ep.authMode,
      description: props.description ?? null,
      keys: null,
      scoringUri: `${base}/inference/${ep.name}/score`,
      swaggerUri: `${base}/inference/${ep.name}/swagger.json`,
      publicNetworkAccess: props.publicNetworkAccess ?? 'Enabled',
      traffic: { ...ep.traffic },
      mirrorTraffic: { ...ep.mirrorTraffic },
      provisioningState: ep.provisioningState,
    },
  };
}

export function renderDeployment(ctx: ArmContext, ep: EndpointRecord, dep: DeploymentRecord): Record<string, unknown> {
  const props = (dep.body.properties ?? {}) as Record<string, unknown>;
  const sku = (dep.body.sku ?? {}) as Record<string, unknown>;
  return {
    id: `${endpointId(ctx, ep.name)}/deployments/${dep.name}`,
    name: dep.name,
    type: `${ENDPOINT_TYPE}/deployments`,
    location: dep.body.location ?? ctx.ws.identity.location,
    kind: dep.body.kind ?? ep.computeType,
    tags: dep.body.tags ?? {},
    ...(dep.body.identity ? { identity: withIdentity(dep.body.identity, hex(dep.name)) } : {}),
    sku: { name: 'Default', tier: 'Standard', ...sku, capacity: dep.instanceCount },
    systemData: systemData(dep.createdAt, dep.updatedAt),
    properties: {
      ...props,
      model: dep.model,
      instanceType: dep.instanceType,
      provisioningState: dep.provisioningState,
    },
  };
}

function hex(text: string): string {
  return Buffer.from(text).toString('hex');
}
