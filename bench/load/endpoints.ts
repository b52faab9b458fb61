// The bench's endpoints in the emulator, through the official SDK as a user would make them: each with deployment
// `blue` serving model version 1 at 100%; and the read-back of an endpoint's traffic (the rollback's end).
import { readFileSync } from 'node:fs';
import { AzureMachineLearningWorkspaces, type OnlineDeployment } from '@azure/arm-machinelearning';
import type { Ready } from './stack';
import { pool } from './stats';

export type Arm = ReturnType<typeof armOf>;

export function armOf(ready: Ready) {
  const { armEndpoint, caCertPath, subscriptionId, resourceGroup, workspace } = ready.emulator;
  const credential = {
    getToken: async () => ({ token: 'emulator-token', expiresOnTimestamp: Date.now() + 3_600_000 }),
  };
  const client = new AzureMachineLearningWorkspaces(credential, subscriptionId, {
    endpoint: armEndpoint,
    tlsOptions: { ca: readFileSync(caCertPath, 'utf8') },
  });
  const lro = { updateIntervalInMs: 100 };
  const location = 'eastus';
  const deployment: OnlineDeployment = {
    location,
    properties: {
      endpointComputeType: 'Managed',
      model: 'azureml:heart-classifier:1',
    } as OnlineDeployment['properties'],
    sku: { name: 'Default', capacity: 1 },
  };
  return {
    async create(name: string): Promise<void> {
      const endpoint = (traffic?: Record<string, number>) => ({
        location,
        properties: { authMode: 'Key' as const, ...(traffic ? { traffic } : {}) },
      });
      await client.onlineEndpoints.beginCreateOrUpdateAndWait(resourceGroup, workspace, name, endpoint(), lro);
      await client.onlineDeployments.beginCreateOrUpdateAndWait(
        resourceGroup,
        workspace,
        name,
        'blue',
        deployment,
        lro,
      );
      await client.onlineEndpoints.beginCreateOrUpdateAndWait(
        resourceGroup,
        workspace,
        name,
        endpoint({ blue: 100 }),
        lro,
      );
    },
    async traffic(name: string): Promise<{ traffic: Record<string, number>; mirror: Record<string, number> }> {
      const ep = await client.onlineEndpoints.get(resourceGroup, workspace, name);
      const props = ep.properties as { traffic?: Record<string, number>; mirrorTraffic?: Record<string, number> };
      return { traffic: props.traffic ?? {}, mirror: props.mirrorTraffic ?? {} };
    },
  };
}

export async function createEndpoints(arm: Arm, names: string[], concurrency = 25): Promise<void> {
  await pool(names, concurrency, (name) => arm.create(name));
}

/** Azure shows the baseline alone at 100%, with no mirror: the rollback is done. */
export const atBaseline = (state: { traffic: Record<string, number>; mirror: Record<string, number> }) =>
  state.traffic.blue === 100 &&
  Object.entries(state.traffic).every(([name, weight]) => name === 'blue' || weight === 0) &&
  Object.values(state.mirror).every((weight) => weight === 0);
