// Runs rollout workflows on the shared dev server: a worker with the given activities on a unique task queue, a
// client, and helpers to wait for a status and to build short test plans.
import { randomUUID } from 'node:crypto';
import { Client, Connection, type WorkflowHandle, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { createWorker } from '../../worker/create-worker';
import { planSchema, type PlanInput, type RolloutPlan } from '../../domain/plan';
import { rolloutId, type EndpointRef } from '../../domain/endpoint';
import type { RolloutStatus } from '../../domain/status';
import { ROLLOUT_WORKFLOW } from '../../domain/workflow-types';
import { statusQuery, type RolloutInput } from '../../workflows/messages';
import type { rolloutWorkflow } from '../../workflows/rollout';

export type RolloutHandle = WorkflowHandle<typeof rolloutWorkflow>;

export interface Harness {
  client: Client;
  taskQueue: string;
  start(plan: RolloutPlan, options?: Partial<RolloutInput>): Promise<WorkflowHandleWithFirstExecutionRunId<typeof rolloutWorkflow>>;
  close(): Promise<void>;
}

export function requireEnv(name: 'TEMPORAL_ADDRESS' | 'WORKFLOW_BUNDLE_PATH'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run through the jest integration project`);
  return value;
}

let runtimeInstalled = false;

/** Worker and workflow logs at ERROR only (expected activity failures would flood the output), once per test process. */
export function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('ERROR') });
}

/** Without activities, no worker is started (a test runs its own worker process). */
export async function startHarness(activities: object | undefined, target: EndpointRef): Promise<Harness & { worker?: Worker }> {
  quietRuntime();
  const address = requireEnv('TEMPORAL_ADDRESS');
  const taskQueue = `rollouts-${randomUUID()}`;
  const nativeConnection = activities ? await NativeConnection.connect({ address }) : undefined;
  const worker = nativeConnection && await createWorker({
    connection: nativeConnection, taskQueue, activities: activities!,
    workflowBundle: { codePath: requireEnv('WORKFLOW_BUNDLE_PATH') }, shutdownGraceTime: '1s',
  });
  const running = worker?.run();
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  return {
    client, taskQueue, worker,
    start: (plan, options = {}) => client.workflow.start<typeof rolloutWorkflow>(ROLLOUT_WORKFLOW, {
      taskQueue, workflowId: rolloutId(target), workflowIdConflictPolicy: 'FAIL',
      args: [{ rolloutId: rolloutId(target), target, plan, startedBy: 'test', ...options }],
    }),
    close: async () => {
      worker?.shutdown();
      await running;
      await nativeConnection?.close();
      await connection.close();
    },
  };
}

/** A unique endpoint identity per test, so workflow ids never collide across tests. */
export function testTarget(endpoint = 'heart'): EndpointRef {
  return {
    subscriptionId: '00000000-0000-0000-0000-000000000000', resourceGroup: 'rg',
    workspace: `ws-${randomUUID().slice(0, 8)}`, endpoint,
  };
}

export function testPlan(input: Partial<PlanInput> & Pick<PlanInput, 'stages'>): RolloutPlan {
  return planSchema.parse({
    endpoint: 'heart',
    candidate: { model: 'azureml:heart:2' },
    analysis: { judge: 'threshold', interval: '1s', minRequests: 20, maxProviderErrors: 2 },
    ...input,
  });
}

export async function waitForStatus(
  handle: RolloutHandle,
  predicate: (status: RolloutStatus) => boolean,
  timeoutMs = 30_000,
): Promise<RolloutStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: RolloutStatus | undefined;
  while (Date.now() < deadline) {
    try {
      last = await handle.query(statusQuery);
      if (predicate(last)) return last;
    } catch {
      // not started yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`status never matched within ${timeoutMs} ms; last: ${JSON.stringify(last && summary(last))}`);
}

export function summary(status: RolloutStatus) {
  return { state: status.state, paused: status.paused, stage: status.stage, stageIndex: status.stageIndex,
    traffic: status.traffic, mirror: status.mirrorTraffic, outcome: status.outcome?.reason,
    lastGate: status.gates.at(-1)?.verdict, events: status.events.map((e) => e.type) };
}

/**
 * The rollout's result, or a clear failure as soon as it pauses (an inconclusive gate or a metrics outage the test
 * did not expect), instead of a jest timeout.
 */
export async function settle(handle: RolloutHandle): Promise<RolloutStatus> {
  let done = false;
  let pausedError: Error | undefined;
  const result = handle.result().finally(() => {
    done = true;
  });
  const watch = (async (): Promise<void> => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 500));
      if (done) return;
      const status = await handle.query(statusQuery).catch(() => undefined);
      if (!done && status?.paused) {
        pausedError = new Error(`rollout paused unexpectedly: ${JSON.stringify(summary(status))}`);
        return;
      }
    }
  })();
  await Promise.race([result.catch(() => undefined), watch]);
  // Never leave a status query in flight: once the worker stops, the client would retry it after the connection closed.
  done = true;
  await watch;
  if (pausedError) throw pausedError;
  return result;
}
