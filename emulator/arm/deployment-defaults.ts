// The server-filled defaults of a deployment body (the OnlineDeployment schema of the REST API:
// https://learn.microsoft.com/rest/api/azureml/online-deployments/create-or-update), stored with it so that GET shows
// them and the data plane can read the request settings (timeout, concurrency) from one place.
const PROBE = { failureThreshold: 30, successThreshold: 1, timeout: 'PT2S', period: 'PT10S', initialDelay: 'PT10S' };

type Body = { properties: Record<string, unknown>; sku?: unknown } & Record<string, unknown>;

export function withDefaults(body: Body, computeType: string): Body & { properties: Record<string, unknown> } {
  const p = body.properties;
  const requestSettings = {
    maxConcurrentRequestsPerInstance: 1,
    requestTimeout: 'PT5S',
    maxQueueWait: 'PT0.5S',
    ...stripNulls(p.requestSettings),
  };
  const properties: Record<string, unknown> = {
    ...stripNulls(p),
    instanceType: p.instanceType ?? (computeType === 'Kubernetes' ? 'defaultinstancetype' : 'Standard_F4s_v2'),
    scaleSettings: p.scaleSettings ?? { scaleType: 'Default' },
    requestSettings,
    livenessProbe: { ...PROBE, ...stripNulls(p.livenessProbe) },
    readinessProbe: { ...PROBE, ...stripNulls(p.readinessProbe) },
    appInsightsEnabled: p.appInsightsEnabled ?? false,
    egressPublicNetworkAccess: p.egressPublicNetworkAccess ?? 'Enabled',
  };
  delete properties.provisioningState;
  const sku = { name: 'Default', ...stripNulls(body.sku), capacity: (stripNulls(body.sku).capacity as number) ?? 1 };
  return { ...body, properties, sku };
}

function stripNulls(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object') return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined));
}
