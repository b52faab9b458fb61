// Deployment activities: create (idempotent: reuse a Succeeded deployment of the same model, wait out one in
// progress, replace a Failed one), scale, and delete (a missing deployment counts as deleted).
import type { EndpointRef } from '../domain/endpoint';
import { resolveAsset } from './candidate-check';
import type { DeploymentResource } from '../domain/previous-deployment';
import { activityHooks, type ActivityHooks } from './context';
import { deploymentInfoOf } from './endpoint';
import { callAzure, failure, isNotFound } from './failures';
import type { AzurePorts } from './ports';
import type { CreateDeploymentInput, DeploymentInfo } from './types';

async function settledInfo(
  ports: AzurePorts,
  target: EndpointRef,
  name: string,
  hooks: ActivityHooks,
): Promise<DeploymentInfo> {
  const settled = await ports.deployments.settled(target, name, hooks);
  if (!settled) throw failure('NotFound', `deployment '${name}' disappeared after its operation finished`);
  const info = deploymentInfoOf(settled);
  if (info.provisioningState !== 'Succeeded') {
    throw failure('AzureOperationFailed', `deployment '${name}' ended ${info.provisioningState}`, {
      details: [{ azureCode: info.provisioningState, message: `provisioningState ${info.provisioningState}` }],
    });
  }
  return info;
}

/** The candidate's environment, `@latest` resolved now (the plan check resolved it too, but time has passed). */
async function environmentOf(
  ports: AzurePorts,
  input: CreateDeploymentInput,
  hooks: ActivityHooks,
): Promise<string | undefined> {
  const ref = input.candidate.environment;
  if (ref === undefined) return undefined;
  const resolved = await resolveAsset(ports.assets, input.target, 'environments', ref, 'candidate.environment', hooks);
  if (resolved.problems.length === 0) return resolved.ref;
  throw failure('InvalidPlan', resolved.problems[0].message, { details: resolved.problems });
}

async function createDeployment(ports: AzurePorts, input: CreateDeploymentInput): Promise<DeploymentInfo> {
  const hooks = activityHooks();
  const existing = await ports.deployments.settled(input.target, input.name, hooks);
  const same =
    existing?.provisioningState === 'Succeeded' &&
    existing.model === input.model &&
    existing.instanceCount === input.candidate.instance_count;
  if (existing && same) return deploymentInfoOf(existing);
  const endpoint = await ports.endpoints.get(input.target, hooks);
  const { location, computeType } = endpoint;
  const environment = await environmentOf(ports, input, hooks);
  const spec = { candidate: input.candidate, model: input.model, environment, location, computeType };
  await ports.deployments.create(input.target, input.name, spec, hooks);
  return settledInfo(ports, input.target, input.name, hooks);
}

async function scaleDeployment(
  ports: AzurePorts,
  target: EndpointRef,
  name: string,
  instanceCount: number,
): Promise<DeploymentInfo> {
  const hooks = activityHooks();
  const existing = await ports.deployments.settled(target, name, hooks);
  if (!existing) throw failure('NotFound', `deployment '${name}' does not exist`);
  if (existing.provisioningState === 'Succeeded' && existing.instanceCount === instanceCount) {
    return deploymentInfoOf(existing);
  }
  await ports.deployments.scale(target, name, instanceCount, hooks);
  return settledInfo(ports, target, name, hooks);
}

/** Deletes the deployment and returns it as Azure held it just before (undefined when it was already gone). */
async function deleteDeployment(
  ports: AzurePorts,
  target: EndpointRef,
  name: string,
): Promise<DeploymentResource | undefined> {
  const hooks = activityHooks();
  const { traffic, mirrorTraffic } = await ports.endpoints.get(target, hooks);
  if ((traffic[name] ?? 0) > 0 || (mirrorTraffic[name] ?? 0) > 0) {
    throw failure('AzureRejected', `deployment '${name}' still receives live or mirrored traffic: move it away first`, {
      details: [{ traffic, mirrorTraffic }],
    });
  }
  const existing = await ports.deployments.settled(target, name, hooks);
  if (!existing) return undefined;
  const resource = await ports.deployments.resource(target, name, hooks);
  try {
    await ports.deployments.delete(target, name, hooks);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return resource;
}

export function deploymentActivities(ports: AzurePorts) {
  return {
    createDeployment: (input: CreateDeploymentInput): Promise<DeploymentInfo> =>
      callAzure(`create deployment '${input.name}'`, () => createDeployment(ports, input)),
    scaleDeployment: (input: { target: EndpointRef; name: string; instanceCount: number }): Promise<DeploymentInfo> =>
      callAzure(`scale deployment '${input.name}'`, () =>
        scaleDeployment(ports, input.target, input.name, input.instanceCount),
      ),
    deleteDeployment: (input: { target: EndpointRef; name: string }): Promise<DeploymentResource | undefined> =>
      callAzure(`delete deployment '${input.name}'`, () => deleteDeployment(ports, input.target, input.name)),
  };
}
