// ARM adapters for deployments: read (absent on 404), wait out a transitional state, and the deployments port:
// create (the body from the plan's CLI v2 candidate, deployment-body.ts), scale and delete polled to completion.
import type { OnlineDeployment } from '@azure/arm-machinelearning';
import { activityHooks, throwIfCancelled, type ActivityHooks } from '../context';
import { isNotFound } from '../failures';
import type { DeploymentsPort } from '../ports';
import type { AzureClients } from './clients';
import { deploymentBody } from './deployment-body';
import { withDeploymentProperties } from './deployment-properties-policy';
import { armScope, listDeployments, type ArmScope } from './endpoints';
import { lroStartOptions, pollToCompletion } from './lro';
import { toDeploymentRecord } from './mappers';

const TRANSITIONAL = new Set(['Creating', 'Updating', 'Scaling', 'Deleting']);

/** A deployment's GET, or a wait on it, within one activity: undefined when Azure has no such deployment. */
type DeploymentLookup = (
  clients: AzureClients,
  s: ArmScope,
  name: string,
  hooks?: ActivityHooks,
) => Promise<OnlineDeployment | undefined>;

export const findDeployment: DeploymentLookup = async (clients, s, name, hooks = activityHooks()) => {
  try {
    return await clients.arm.onlineDeployments.get(s.resourceGroup, s.workspace, s.endpoint, name, {
      abortSignal: hooks.signal,
    });
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
};

/** GETs the deployment until it leaves Creating/Updating/Scaling/Deleting (or disappears), heartbeating meanwhile. */
export const waitSettled: DeploymentLookup = async (clients, s, name, hooks = activityHooks()) => {
  for (let polls = 0; ; polls += 1) {
    const found = await findDeployment(clients, s, name, hooks);
    const state = found?.properties.provisioningState ?? '';
    if (!found || !TRANSITIONAL.has(state)) return found;
    hooks.heartbeat({ op: 'waitSettled', name, state, polls });
    throwIfCancelled(hooks);
    await hooks.sleep(clients.settings.lroPollIntervalMs);
  }
};

export function deploymentsPort(clients: AzureClients): DeploymentsPort {
  const interval = clients.settings.lroPollIntervalMs;
  return {
    async list(target, hooks) {
      return (await listDeployments(clients, armScope(clients, target), hooks)).map(toDeploymentRecord);
    },
    async settled(target, name, hooks) {
      const found = await waitSettled(clients, armScope(clients, target), name, hooks);
      return found && toDeploymentRecord(found);
    },
    async resource(target, name, hooks) {
      const found = await findDeployment(clients, armScope(clients, target), name, hooks);
      if (!found) return undefined;
      const { properties, sku } = JSON.parse(JSON.stringify(found)) as Record<string, Record<string, unknown>>;
      return { name, properties, ...(sku ? { sku } : {}) };
    },
    async create(target, name, spec, hooks) {
      const s = armScope(clients, target);
      const { body, extraProperties } = deploymentBody({ ...spec, scope: target });
      const poller = await clients.arm.onlineDeployments.beginCreateOrUpdate(
        s.resourceGroup,
        s.workspace,
        s.endpoint,
        name,
        body,
        { ...lroStartOptions(interval, hooks), ...withDeploymentProperties(extraProperties) },
      );
      await pollToCompletion(poller, { intervalMs: interval, progress: { op: 'createDeployment', name }, hooks });
    },
    async scale(target, name, instanceCount, hooks) {
      const s = armScope(clients, target);
      const update = { sku: { capacity: instanceCount } };
      const poller = await clients.arm.onlineDeployments.beginUpdate(
        s.resourceGroup,
        s.workspace,
        s.endpoint,
        name,
        update,
        lroStartOptions(interval, hooks),
      );
      const progress = { op: 'scaleDeployment', name, instanceCount };
      await pollToCompletion(poller, { intervalMs: interval, progress, hooks });
    },
    async delete(target, name, hooks) {
      const s = armScope(clients, target);
      const poller = await clients.arm.onlineDeployments.beginDelete(
        s.resourceGroup,
        s.workspace,
        s.endpoint,
        name,
        lroStartOptions(interval, hooks),
      );
      await pollToCompletion(poller, { intervalMs: interval, progress: { op: 'deleteDeployment', name }, hooks });
    },
  };
}
