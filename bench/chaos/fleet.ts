// The fleet under test: one emulator (accelerated metrics clock) holding N endpoints, each with a `blue` deployment
// of the baseline model at 100% and live traffic of its own, plus what each endpoint serves right now.
import { startTrafficGenerator, type TrafficGenerator } from '../../emulator/traffic/generator';
import { TEST_METRICS_CLOCK, startTestEmulator, type TestEmulator } from '../../test/support/emulator';
import type { TrafficState } from '../../domain/endpoint';

export const INSTANCES = 4;
const BASELINE_MODEL = 'azureml:heart-classifier:1';

export interface Fleet {
  emulator: TestEmulator;
  endpoints: string[];
  /** The endpoint's live traffic and mirror, zero weights dropped. */
  live(endpoint: string): TrafficState;
  deployments(endpoint: string): string[];
  close(): Promise<void>;
}

export async function startFleet(options: { endpoints: number; rps: number; seed: number }): Promise<Fleet> {
  const emulator = await startTestEmulator({
    randomSeed: options.seed,
    provisioningMs: 300,
    metrics: TEST_METRICS_CLOCK.emulator,
    // The fleet's subscription has quota for all its endpoints and their candidates (Azure's default may not).
    coreQuota: { '*': 100_000 },
  });
  const endpoints = Array.from({ length: options.endpoints }, (_, i) => `chaos-${i}`);
  await Promise.all(endpoints.map((name) => createEndpoint(emulator, name)));
  const generators: TrafficGenerator[] = endpoints.map((name) =>
    startTrafficGenerator({
      scoringUri: `${emulator.info.armEndpoint}/inference/${name}/score`,
      key: emulator.context.getEndpoint(name)!.keys.primaryKey,
      ca: emulator.caCert,
      rps: options.rps,
    }),
  );
  const record = (name: string) => emulator.context.getEndpoint(name)!;
  return {
    emulator,
    endpoints,
    live: (name) => ({ traffic: positive(record(name).traffic), mirrorTraffic: positive(record(name).mirrorTraffic) }),
    deployments: (name) => Object.keys(record(name).deployments).sort(),
    close: async () => {
      await Promise.all(generators.map((g) => g.stop()));
      await emulator.stop();
    },
  };
}

function positive(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v > 0));
}

/** Through the official SDK, as an operator would set up an endpoint. */
async function createEndpoint(emulator: TestEmulator, name: string): Promise<void> {
  const { arm, resourceGroup: rg, workspace: ws, lro } = emulator;
  const location = emulator.info.location;
  await arm.onlineEndpoints.beginCreateOrUpdateAndWait(
    rg,
    ws,
    name,
    { location, properties: { authMode: 'Key' } },
    lro,
  );
  const deployment = {
    location,
    sku: { name: 'Default', capacity: INSTANCES },
    properties: {
      endpointComputeType: 'Managed',
      model: BASELINE_MODEL,
      instanceType: 'Standard_DS3_v2',
      requestSettings: { maxConcurrentRequestsPerInstance: 8 },
    },
  };
  await arm.onlineDeployments.beginCreateOrUpdateAndWait(rg, ws, name, 'blue', deployment as never, lro);
  const body = { location, properties: { authMode: 'Key' as const, traffic: { blue: 100 } } };
  await arm.onlineEndpoints.beginCreateOrUpdateAndWait(rg, ws, name, body, lro);
}
