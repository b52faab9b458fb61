// Resolves a metrics resource id (an online endpoint or one of its deployments) against the emulated workspace.
import type { DataPlaneContext } from '../data-plane-context';
import type { DeploymentRecord } from '../types';
import type { MetricScope } from './catalog';
import { MetricsError } from './errors';

export interface MetricsResource {
  id: string;
  scope: MetricScope;
  endpoint: string;
  deployment?: DeploymentRecord;
}

const RESOURCE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.MachineLearningServices\/workspaces\/([^/]+)\/onlineEndpoints\/([^/]+)(?:\/deployments\/([^/]+))?\/?$/i;

export function resolveResource(ctx: DataPlaneContext, rawId: string): MetricsResource {
  const id = ('/' + rawId).replace(/\/{2,}/g, '/').replace(/\/$/, '');
  const m = RESOURCE.exec(id);
  const notFound = (what: string): MetricsError =>
    new MetricsError(404, 'ResourceNotFound', `The resource '${rawId}' was not found: ${what}.`);
  if (!m) throw notFound('metrics are served for online endpoints and their deployments only');
  const [, sub, rg, ws, endpointName, deploymentName] = m;
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  if (!same(sub, ctx.subscriptionId) || !same(rg, ctx.resourceGroup) || !same(ws, ctx.workspace)) {
    throw notFound('no such workspace');
  }
  const endpoint = ctx.getEndpoint(endpointName);
  if (!endpoint) throw notFound(`no online endpoint '${endpointName}'`);
  if (deploymentName === undefined) return { id, scope: 'endpoint', endpoint: endpoint.name };
  const deployment = endpoint.deployments[deploymentName];
  if (!deployment) throw notFound(`no deployment '${deploymentName}' on endpoint '${endpointName}'`);
  return { id, scope: 'deployment', endpoint: endpoint.name, deployment };
}
