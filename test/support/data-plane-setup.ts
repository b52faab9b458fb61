// Helpers for the data-plane tests: an endpoint with deployments made through the ARM client, a keep-alive
// scoring client over HTTPS with the emulator's CA, and a wait until the endpoint is quiet.
import type { OnlineDeployment, OnlineEndpoint } from '@azure/arm-machinelearning';
import { Agent, request } from 'undici';
import type { TestEmulator } from './emulator';
import { mirrorTrafficInjector, withMirror } from './mirror-injector';
import { waitFor } from './wait';

export interface DeploymentSpec {
  name: string;
  version: number;
  maxConcurrent?: number;
  requestTimeout?: string;
  capacity?: number;
}

export async function createEndpoint(emu: TestEmulator, name: string, deployments: DeploymentSpec[]): Promise<void> {
  const { arm, resourceGroup: rg, workspace: ws, lro } = emu;
  await arm.onlineEndpoints.beginCreateOrUpdateAndWait(
    rg,
    ws,
    name,
    { location: 'eastus', properties: { authMode: 'Key' } },
    lro,
  );
  for (const d of deployments) await addDeployment(emu, name, d);
}

/** One more deployment on an existing endpoint, through the official SDK (no traffic until setTraffic gives it some). */
export async function addDeployment(emu: TestEmulator, endpoint: string, d: DeploymentSpec): Promise<void> {
  const { arm, resourceGroup: rg, workspace: ws, lro } = emu;
  const body: OnlineDeployment = {
    location: 'eastus',
    sku: { name: 'Default', capacity: d.capacity ?? 1 },
    properties: {
      endpointComputeType: 'Managed',
      model: `azureml:heart-classifier:${d.version}`,
      instanceType: 'Standard_DS3_v2',
      requestSettings: {
        maxConcurrentRequestsPerInstance: d.maxConcurrent ?? 8,
        requestTimeout: d.requestTimeout ?? 'PT5S',
      },
    } as OnlineDeployment['properties'],
  };
  await arm.onlineDeployments.beginCreateOrUpdateAndWait(rg, ws, endpoint, d.name, body, lro);
}

/** Full endpoint PUT of traffic and mirrorTraffic (the injector restores the mirror map SDK 2.1.1 drops). */
export async function setTraffic(
  emu: TestEmulator,
  name: string,
  traffic: Record<string, number>,
  mirror: Record<string, number> = {},
): Promise<void> {
  const { arm, resourceGroup: rg, workspace: ws, lro } = emu;
  if (!arm.pipeline.getOrderedPolicies().some((p) => p.name === mirrorTrafficInjector().name)) {
    arm.pipeline.addPolicy(mirrorTrafficInjector());
  }
  const current = await arm.onlineEndpoints.get(rg, ws, name);
  const body: OnlineEndpoint = { location: current.location, properties: { ...current.properties, traffic } };
  await arm.onlineEndpoints.beginCreateOrUpdateAndWait(rg, ws, name, body, withMirror(mirror, lro));
}

export interface ScoreResult {
  status: number;
  deployment: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export function scoringClient(emu: TestEmulator) {
  const agent = new Agent({ connect: { ca: emu.caCert }, connections: 16 });
  const score = async (
    endpoint: string,
    body: unknown,
    options: { deployment?: string; key?: string | null; raw?: string } = {},
  ): Promise<ScoreResult> => {
    const key = options.key === undefined ? emu.context.getEndpoint(endpoint)?.keys.primaryKey : options.key;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (key !== null && key !== undefined) headers.authorization = `Bearer ${key}`;
    if (options.deployment) headers['azureml-model-deployment'] = options.deployment;
    const res = await request(`${emu.info.armEndpoint}/inference/${endpoint}/score`, {
      method: 'POST',
      dispatcher: agent,
      headers,
      body: options.raw ?? JSON.stringify(body),
    });
    const text = await res.body.text();
    const dep = res.headers['azureml-model-deployment'];
    return {
      status: res.statusCode,
      deployment: typeof dep === 'string' ? dep : undefined,
      headers: res.headers,
      body: text ? JSON.parse(text) : undefined,
    };
  };
  /** Sends every body with at most `concurrency` in flight; results in input order. */
  const scoreAll = async (
    endpoint: string,
    bodies: unknown[],
    concurrency: number,
    deployment?: string,
  ): Promise<ScoreResult[]> => {
    const results: ScoreResult[] = new Array(bodies.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < bodies.length) {
        const i = next++;
        results[i] = await score(endpoint, bodies[i], { deployment });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return results;
  };
  return { score, scoreAll, close: () => agent.close() };
}

/** Two-sided 99.9% normal-approximation interval of a binomial count. */
export function binomialInterval(n: number, p: number): [number, number] {
  const half = 3.2905 * Math.sqrt(n * p * (1 - p));
  return [n * p - half, n * p + half];
}

/** Waits until no new request is recorded on the endpoint for 150 ms. */
export async function waitForQuiet(emu: TestEmulator, endpoint: string): Promise<void> {
  let last = -1;
  await waitFor(
    `no new request on ${endpoint}`,
    () => {
      const n = emu.context.requests(endpoint, 0, Number.MAX_SAFE_INTEGER).length;
      const quiet = n === last;
      last = n;
      return quiet || undefined;
    },
    30_000,
    150,
  );
}
