// Deployment activities: create (idempotent: reuse a Succeeded deployment of the same model, wait out one in
// progress, replace a Failed one), scale, and delete (a missing deployment counts as deleted).
import type { EndpointRef } from '../domain/endpoint';
import type { AzureClients } from './azure/clients';
import { deploymentBody, isNotFound, waitSettled } from './azure/deployments';
import { armScope, getOnlineEndpoint, trafficOf, type ArmScope } from './azure/endpoints';
import { lroStartOptions, pollToCompletion } from './azure/lro';
import { computeTypeOf, toDeploymentInfo } from './azure/mappers';
import { activityHooks } from './context';
import { callAzure, failure } from './failures';
import type { CreateDeploymentInput, DeploymentInfo } from './types';

async function settledInfo(clients: AzureClients, scope: ArmScope, name: string): Promise<DeploymentInfo> {
  const settled = await waitSettled(clients, scope, name);
  if (!settled) throw failure('NotFound', `deployment '${name}' disappeared after its operation finished`);
  const info = toDeploymentInfo(settled);
  if (info.provisioningState !== 'Succeeded') {
    throw failure('AzureOperationFailed', `deployment '${name}' ended ${info.provisioningState}`, {
      details: [{ azureCode: info.provisioningState, message: `provisioningState ${info.provisioningState}` }],
    });
  }
  return info;
}

async function createDeployment(clients: AzureClients, input: CreateDeploymentInput): Promise<DeploymentInfo> {
  const scope = armScope(clients, input.target);
  const hooks = activityHooks();
  const existing = await waitSettled(clients, scope, input.name, hooks);
  const same =
    existing?.properties.provisioningState === 'Succeeded' &&
    existing.properties.model === input.model &&
    (existing.sku?.capacity ?? 1) === input.candidate.instance_count;
  if (existing && same) return toDeploymentInfo(existing);
  const endpoint = await getOnlineEndpoint(clients, scope, hooks);
  const body = deploymentBody(input.candidate, input.model, endpoint.location, computeTypeOf(endpoint, []));
  const interval = clients.settings.lroPollIntervalMs;
  const poller = await clients.arm.onlineDeployments.beginCreateOrUpdate(
    scope.resourceGroup, scope.workspace, scope.endpoint, input.name, body, lroStartOptions(interval, hooks),
  );
  await pollToCompletion(poller, { intervalMs: interval, progress: { op: 'createDeployment', name: input.name }, hooks });
  return settledInfo(clients, scope, input.name);
}

async function scaleDeployment(clients: AzureClients, target: EndpointRef, name: string, instanceCount: number): Promise<DeploymentInfo> {
  const scope = armScope(clients, target);
  const hooks = activityHooks();
  const existing = await waitSettled(clients, scope, name, hooks);
  if (!existing) throw failure('NotFound', `deployment '${name}' does not exist`);
  if (existing.properties.provisioningState === 'Succeeded' && existing.sku?.capacity === instanceCount) {
    return toDeploymentInfo(existing);
  }
  const interval = clients.settings.lroPollIntervalMs;
  const poller = await clients.arm.onlineDeployments.beginUpdate(
    scope.resourceGroup, scope.workspace, scope.endpoint, name, { sku: { capacity: instanceCount } }, lroStartOptions(interval, hooks),
  );
  await pollToCompletion(poller, { intervalMs: interval, progress: { op: 'scaleDeployment', name, instanceCount }, hooks });
  return settledInfo(clients, scope, name);
}

async function deleteDeployment(clients: AzureClients, target: EndpointRef, name: string): Promise<void> {
  const scope = armScope(clients, target);
  const hooks = activityHooks();
  const { traffic, mirrorTraffic } = trafficOf(await getOnlineEndpoint(clients, scope, hooks));
  if ((traffic[name] ?? 0) > 0 || (mirrorTraffic[name] ?? 0) > 0) {
    throw failure('AzureRejected', `deployment '${name}' still receives live or mirrored traffic: move it away first`, {
      details: [{ traffic, mirrorTraffic }],
    });
  }
  const existing = await waitSettled(clients, scope, name, hooks);
  if (!existing) return;
  const interval = clients.settings.lroPollIntervalMs;
  try {
    const poller = await clients.arm.onlineDeployments.beginDelete(
      scope.resourceGroup, scope.workspace, scope.endpoint, name, lroStartOptions(interval, hooks),
    );
    await pollToCompletion(poller, { intervalMs: interval, progress: { op: 'deleteDeployment', name }, hooks });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}

export function deploymentActivities(clients: AzureClients) {
  return {
    createDeployment: (input: CreateDeploymentInput): Promise<DeploymentInfo> =>
      callAzure(`create deployment '${input.name}'`, () => createDeployment(clients, input)),
    scaleDeployment: (input: { target: EndpointRef; name: string; instanceCount: number }): Promise<DeploymentInfo> =>
      callAzure(`scale deployment '${input.name}'`, () => scaleDeployment(clients, input.target, input.name, input.instanceCount)),
    deleteDeployment: (input: { target: EndpointRef; name: string }): Promise<void> =>
      callAzure(`delete deployment '${input.name}'`, () => deleteDeployment(clients, input.target, input.name)),
  };
}
