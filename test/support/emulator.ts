// Test helper: a started emulator (port 0, short provisioning, no live traffic) plus ready-made official SDK
// clients and a scoring call over HTTPS. Stable API for every engineer's integration tests.
import { request } from 'node:https';
import {
  AzureMachineLearningWorkspaces,
  type AzureMachineLearningWorkspacesOptionalParams,
} from '@azure/arm-machinelearning';
import type { TokenCredential } from '@azure/core-auth';
import type { AzureSettings } from '../../activities/azure/clients';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator';
import { beforeAllStarted } from './hooks';

export interface TestEmulator extends RunningEmulator {
  /** ARM client on the emulator (SDK retries left at their defaults). */
  arm: AzureMachineLearningWorkspaces;
  /** A fake TokenCredential (the emulator only checks that a Bearer header is present). */
  credential: TokenCredential;
  resourceGroup: string;
  workspace: string;
  /** LRO options that poll quickly: pass to every begin*AndWait call. */
  lro: { updateIntervalInMs: number };
  /** Another ARM client, e.g. `armClient({ retryOptions: { maxRetries: 0 } })` for fault tests. */
  armClient(options?: AzureMachineLearningWorkspacesOptionalParams): AzureMachineLearningWorkspaces;
  /** POST to an endpoint's scoring URI with its primary key; `deployment` sets `azureml-model-deployment`. */
  score(endpoint: string, body: unknown, options?: { deployment?: string; key?: string }): Promise<ScoreResponse>;
}

export interface ScoreResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** The emulator only checks that a Bearer header is present. */
const EMULATOR_TOKEN = 'emulator-token';

export const fakeCredential: TokenCredential = {
  async getToken() {
    return { token: EMULATOR_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  },
};

/**
 * The accelerated metrics clock the rollout tests run on, announced by the emulator like any clock: a 0.5 s grain
 * with delay and jitter in proportion (0.5 s + up to 1 s), and the service's grain and lag to match (lag 2 s, as
 * Azure's 4 min lag is to its 1 min grain). emulator/README.md explains the clocks.
 */
export const TEST_METRICS_CLOCK = { emulator: { grainSeconds: 0.5 }, service: { grainMs: 500, lagMs: 2000 } } as const;

/**
 * Azure's own clock, as the emulator runs it by default (60 s grain, 60 s delay + up to 120 s jitter), with the
 * service's lag at exactly delay + jitter (3 min; the worker's default is 4): every grain a gate reads is fully
 * ingested, so a rollout's counts are deterministic, and the test waits one minute less than the default lag needs.
 */
export const AZURE_TEST_METRICS_CLOCK = { emulator: {}, service: { grainMs: 60_000, lagMs: 180_000 } } as const;

/** A metrics clock for a test rig: what the emulator serves and what the worker reads it with. */
export interface TestMetricsClock {
  emulator: EmulatorOptions['metrics'];
  service: { grainMs: number; lagMs: number };
}

export async function startTestEmulator(overrides: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ provisioningMs: 25, traffic: false, randomSeed: 7, ...overrides });
  const { armEndpoint, subscriptionId, resourceGroup, workspace } = emulator.info;
  const armClient = (options: AzureMachineLearningWorkspacesOptionalParams = {}) =>
    new AzureMachineLearningWorkspaces(fakeCredential, subscriptionId, {
      endpoint: armEndpoint,
      tlsOptions: { ca: emulator.caCert },
      ...options,
    });
  return {
    ...emulator,
    arm: armClient(),
    credential: fakeCredential,
    resourceGroup,
    workspace,
    lro: { updateIntervalInMs: 10 },
    armClient,
    score: (endpoint, body, options = {}) => score(emulator, endpoint, body, options),
  };
}

/** Settings for the production Azure clients (`createAzureClients`) on this emulator; the one place they are made. */
export function emulatorAzureSettings(
  emulator: RunningEmulator,
  overrides: Partial<AzureSettings> = {},
): AzureSettings {
  const { info } = emulator;
  return {
    subscriptionId: info.subscriptionId,
    resourceGroup: info.resourceGroup,
    workspace: info.workspace,
    location: info.location,
    armEndpoint: info.armEndpoint,
    metricsEndpoint: info.metricsEndpoint,
    caCert: emulator.caCert,
    staticToken: EMULATOR_TOKEN,
    ...overrides,
  };
}

/** The same settings as a worker process reads them from its environment (worker/config.ts). */
export function emulatorAzureEnv(emulator: RunningEmulator): Record<string, string> {
  const settings = emulatorAzureSettings(emulator);
  return {
    AZURE_SUBSCRIPTION_ID: settings.subscriptionId,
    AZURE_RESOURCE_GROUP: settings.resourceGroup,
    AZURE_WORKSPACE: settings.workspace,
    AZURE_LOCATION: settings.location ?? '',
    AZURE_ARM_ENDPOINT: settings.armEndpoint ?? '',
    AZURE_METRICS_ENDPOINT: settings.metricsEndpoint ?? '',
    AZURE_CA_CERT_PATH: emulator.info.caCertPath,
    AZURE_STATIC_TOKEN: EMULATOR_TOKEN,
  };
}

/** A test emulator for the file's tests: started in `beforeAll`, stopped in `afterAll`. */
export const useTestEmulator = (overrides: EmulatorOptions = {}): TestEmulator =>
  beforeAllStarted(
    () => startTestEmulator(overrides),
    (emulator) => emulator.stop(),
  );

async function score(
  emulator: RunningEmulator,
  endpoint: string,
  body: unknown,
  options: { deployment?: string; key?: string },
): Promise<ScoreResponse> {
  const ep = emulator.context.getEndpoint(endpoint);
  const key = options.key ?? ep?.keys.primaryKey ?? '';
  const url = new URL(`${emulator.info.armEndpoint}/inference/${endpoint}/score`);
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
  if (options.deployment) headers['azureml-model-deployment'] = options.deployment;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers, ca: emulator.caCert }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}
