// End-to-end rollout rig: the emulator over HTTPS with live traffic, the real activities through the official
// Azure SDK clients, and a worker on the shared dev server. Also the emulator-side view of the endpoint.
import { randomUUID } from 'node:crypto';
import { azurePorts, createActivities, createAzureClients, type AzureClients } from '../../activities';
import type { NotifyOptions } from '../../activities/notify-options';
import type { EndpointRef, TrafficState } from '../../domain/endpoint';
import {
  TEST_METRICS_CLOCK,
  emulatorAzureSettings,
  startTestEmulator,
  type TestEmulator,
  type TestMetricsClock,
} from './emulator';
import { beforeEachStarted } from './hooks';
import { startHarness, testPlan, type Harness } from './rollout-harness';
import type { PlanInput, RolloutPlan } from '../../domain/plan';
import type { CreateWorkerOptions } from '../../worker/create-worker';

export const ENDPOINT = 'heart-ep';
export const MODEL = (version: number) => `azureml:heart-classifier:${version}`;
export const INSTANCES = 4;

export interface E2E {
  emulator: TestEmulator;
  azure: AzureClients;
  target: EndpointRef;
  harness: Harness;
  /** What the emulator's endpoint serves right now. */
  live(): TrafficState;
  deployments(): string[];
  close(): Promise<void>;
}

export interface E2EOptions {
  rps?: number;
  seed?: number;
  worker?: boolean;
  /** A dev server of the test's own instead of the shared one. */
  temporalAddress?: string;
  /** The emulator's metrics clock and the worker's grain and lag; default the accelerated TEST_METRICS_CLOCK. */
  metrics?: TestMetricsClock;
  /** Passed to the test worker's createWorker. */
  workerExtra?: CreateWorkerOptions['extra'];
  /** The endpoint to roll out on (default heart-ep; heart-k8s is the Kubernetes one; any other name is new). */
  endpoint?: string;
  /** Notification channels (a store of the test's own), the allowlist, a receiver's CA. */
  notify?: NotifyOptions;
}

export async function startE2E(options: E2EOptions = {}): Promise<E2E> {
  const clock = options.metrics ?? TEST_METRICS_CLOCK;
  // A workspace of its own: the rollout id (the workflow id) derives from it, and test files run in parallel.
  const workspace = `ws-${randomUUID().slice(0, 8)}`;
  const emulator = await startTestEmulator({
    randomSeed: options.seed ?? 7,
    provisioningMs: 200,
    workspace,
    metrics: clock.emulator,
  });
  // Fail fast inside the SDK: the activities' retry policies (and the gate's error count) do the retrying.
  const azure = createAzureClients(emulatorAzureSettings(emulator, { lroPollIntervalMs: 50, sdkMaxRetries: 1 }));
  const { info } = emulator;
  const name = options.endpoint ?? ENDPOINT;
  const target = {
    subscriptionId: info.subscriptionId,
    resourceGroup: info.resourceGroup,
    workspace: info.workspace,
    endpoint: name,
  };
  const activities = createActivities({ ports: azurePorts(azure), metrics: clock.service, notify: options.notify });
  // The seeded blue has one instance: Azure's concurrency limit (429) would make it fail under test traffic.
  // An endpoint a test's first release creates does not exist yet: no blue to size, no traffic until it does.
  const exists = emulator.context.getEndpoint(name) !== undefined;
  if (exists) await activities.scaleDeployment({ target, name: 'blue', instanceCount: INSTANCES });
  if (exists && options.rps !== 0) await emulator.faults.traffic.start({ rps: options.rps ?? 60, endpoint: name });
  const harness = await startHarness(options.worker === false ? undefined : activities, target, {
    address: options.temporalAddress,
    workerExtra: options.workerExtra,
  });
  const endpoint = () => emulator.context.getEndpoint(name)!;
  return {
    emulator,
    azure,
    target,
    harness,
    live: () => ({ traffic: { ...endpoint().traffic }, mirrorTraffic: { ...endpoint().mirrorTraffic } }),
    deployments: () => Object.keys(endpoint().deployments).sort(),
    close: async () => {
      await harness.close();
      await emulator.faults.traffic.stop();
      await azure.close();
      await emulator.stop();
    },
  };
}

/** A fresh rig for each test: started in `beforeEach`, closed in `afterEach`. */
export const useE2E = (options: E2EOptions = {}): E2E =>
  beforeEachStarted(
    () => startE2E(options),
    (rig) => rig.close(),
  );

/** A short plan against the emulator's seeded endpoint. */
export function e2ePlan(version: number, input: Partial<PlanInput> & Pick<PlanInput, 'stages'>): RolloutPlan {
  // A low minimum sample: test bakes are seconds long, and a loaded machine sends less traffic than asked.
  const analysis = { judge: 'threshold' as const, interval: '1s', minRequests: 10, maxProviderErrors: 2 };
  return testPlan({
    endpoint: ENDPOINT,
    candidate: { model: MODEL(version), instance_count: INSTANCES },
    analysis,
    ...input,
  });
}

/** Drops zero weights, so `{ blue: 0, green: 100 }` and `{ green: 100 }` compare equal. */
export function liveOnly(state: TrafficState): TrafficState {
  const strip = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).filter(([, v]) => v > 0));
  return { traffic: strip(state.traffic), mirrorTraffic: strip(state.mirrorTraffic) };
}
