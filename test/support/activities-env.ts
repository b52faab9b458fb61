// One emulator per test file, with the production client module pointed at it (fast LRO polling, no SDK retries
// unless asked) and the activities built over it.
import { MockActivityEnvironment } from '@temporalio/testing';
import { TEST_METRICS_CLOCK, emulatorAzureSettings, startTestEmulator, type TestEmulator } from './emulator';
import { beforeAllStarted } from './hooks';
import { createAzureClients, type AzureClients, type AzureSettings } from '../../activities/azure/clients';
import { armScope, type ArmScope } from '../../activities/azure/endpoints';
import { azurePorts, createActivities } from '../../activities/index';
import type { Activities } from '../../activities/types';
import type { EndpointRef } from '../../domain/endpoint';

export interface ActivitiesEnv {
  emulator: TestEmulator;
  azure: AzureClients;
  activities: Activities;
  target: EndpointRef;
  scope: ArmScope;
  settings: AzureSettings;
  stop(): Promise<void>;
}

export async function startActivitiesEnv(
  opts: { provisioningMs?: number; endpoint?: string; settings?: Partial<AzureSettings> } = {},
): Promise<ActivitiesEnv> {
  const emulator = await startTestEmulator({
    provisioningMs: opts.provisioningMs ?? 150,
    randomSeed: 11,
    metrics: TEST_METRICS_CLOCK.emulator,
  });
  const { info } = emulator;
  const settings = emulatorAzureSettings(emulator, { lroPollIntervalMs: 25, sdkMaxRetries: 0, ...opts.settings });
  const azure = createAzureClients(settings);
  const target = {
    subscriptionId: info.subscriptionId,
    resourceGroup: info.resourceGroup,
    workspace: info.workspace,
    endpoint: opts.endpoint ?? 'heart-ep',
  };
  return {
    emulator,
    azure,
    activities: createActivities({ ports: azurePorts(azure), metrics: TEST_METRICS_CLOCK.service }),
    target,
    scope: armScope(azure, target),
    settings,
    async stop() {
      await azure.close();
      await emulator.stop();
    },
  };
}

/** The activities env for the file's tests: started in `beforeAll`, stopped in `afterAll`. */
export const useActivitiesEnv = (opts: Parameters<typeof startActivitiesEnv>[0] = {}): ActivitiesEnv =>
  beforeAllStarted(
    () => startActivitiesEnv(opts),
    (env) => env.stop(),
  );

/** Runs an activity function inside a mock activity context and collects its heartbeats. */
export async function runInActivity<T>(
  fn: () => Promise<T>,
  env = new MockActivityEnvironment(),
): Promise<{ result: T; heartbeats: unknown[] }> {
  const heartbeats: unknown[] = [];
  env.on('heartbeat', (d: unknown) => heartbeats.push(d));
  const result = (await env.run(fn)) as T;
  return { result, heartbeats };
}

export const candidate = (model: string, instanceCount = 1) => ({
  model,
  instance_type: 'Standard_DS3_v2',
  instance_count: instanceCount,
});
