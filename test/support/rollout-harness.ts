// Runs rollout workflows on the shared dev server: a worker with the given activities on a unique task queue, a
// client, and helpers to wait for a status and to build short test plans.
import { randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { planSchema, type PlanInput, type RolloutPlan } from '../../domain/plan';
import { rolloutId, type EndpointRef } from '../../domain/endpoint';
import type { RolloutStatus } from '../../domain/status';
import { ROLLOUT_WORKFLOW } from '../../domain/workflow-types';
import { resumeUpdate, statusQuery, type RolloutInput } from '../../workflows/messages';
import type { rolloutWorkflow } from '../../workflows/rollout';
import { requireEnv, startTestWorker } from './test-worker';
import type { CreateWorkerOptions } from '../../worker/create-worker';
import { sleep, waitFor } from './wait';

export type RolloutHandle = WorkflowHandle<typeof rolloutWorkflow>;

export interface Harness {
  client: Client;
  taskQueue: string;
  start(
    plan: RolloutPlan,
    options?: Partial<RolloutInput>,
  ): Promise<WorkflowHandleWithFirstExecutionRunId<typeof rolloutWorkflow>>;
  close(): Promise<void>;
}

/**
 * Without activities, no worker is started (a test runs its own worker process). `address`: a dev server of the
 * test's own instead of the shared one.
 */
export async function startHarness(
  activities: object | undefined,
  target: EndpointRef,
  options: { address?: string; workerExtra?: CreateWorkerOptions['extra'] } = {},
): Promise<Harness & { worker?: Worker }> {
  const taskQueue = `rollouts-${randomUUID()}`;
  const address = options.address ?? requireEnv('TEMPORAL_ADDRESS');
  const worker = activities
    ? await startTestWorker({ activities, taskQueue, address, extra: options.workerExtra })
    : undefined;
  const connection = await Connection.connect({ address });
  const client = new Client({ connection });
  return {
    client,
    taskQueue,
    worker: worker?.worker,
    start: (plan, options = {}) =>
      client.workflow.start<typeof rolloutWorkflow>(ROLLOUT_WORKFLOW, {
        taskQueue,
        workflowId: rolloutId(target),
        workflowIdConflictPolicy: 'FAIL',
        args: [{ rolloutId: rolloutId(target), target, plan, startedBy: 'test', ...options }],
      }),
    close: async () => {
      await worker?.close();
      await connection.close();
    },
  };
}

/** A unique endpoint identity per test, so workflow ids never collide across tests. */
export function testTarget(endpoint = 'heart'): EndpointRef {
  return {
    subscriptionId: '00000000-0000-0000-0000-000000000000',
    resourceGroup: 'rg',
    workspace: `ws-${randomUUID().slice(0, 8)}`,
    endpoint,
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
  let last: RolloutStatus | undefined;
  const probe = async () => {
    last = await handle.query(statusQuery).catch(() => last); // not started yet
    return last && predicate(last) ? last : undefined;
  };
  return waitFor(() => `a matching status; last: ${JSON.stringify(last && summary(last))}`, probe, timeoutMs, 200);
}

export function summary(status: RolloutStatus) {
  return {
    state: status.state,
    paused: status.paused,
    stage: status.stage,
    stageIndex: status.stageIndex,
    traffic: status.traffic,
    mirror: status.mirrorTraffic,
    outcome: status.outcome?.reason,
    lastGate: status.gates.at(-1)?.verdict,
    events: status.events.map((e) => e.type),
  };
}

/**
 * The rollout's result, or a clear failure as soon as it pauses (an inconclusive gate or a metrics outage the test
 * did not expect), instead of a jest timeout.
 *
 * A pause for too few requests is resumed (a human's "bake one more interval"), at most `thinEvidenceResumes` times:
 * test bakes are seconds long, and a loaded machine sends less live traffic than asked. Any other pause fails.
 */
export async function settle(
  handle: RolloutHandle,
  { thinEvidenceResumes = 3 }: { thinEvidenceResumes?: number } = {},
): Promise<RolloutStatus> {
  let done = false;
  let pausedError: Error | undefined;
  let resumes = 0;
  const result = handle.result().finally(() => {
    done = true;
  });
  const watch = (async (): Promise<void> => {
    while (!done) {
      await sleep(500);
      if (done) return;
      const status = await handle.query(statusQuery).catch(() => undefined);
      if (done || !status?.paused) continue;
      if (pausedForThinEvidence(status) && resumes < thinEvidenceResumes) {
        resumes++;
        const reason = `test harness: too few requests on a loaded machine (resume ${resumes})`;
        await handle.executeUpdate(resumeUpdate, { args: [{ actor: 'test-harness', reason }] }).catch(() => undefined);
        continue;
      }
      pausedError = new Error(`rollout paused unexpectedly: ${JSON.stringify(summary(status))}`);
      return;
    }
  })();
  await Promise.race([result.catch(() => undefined), watch]);
  // Never leave a status query in flight: once the worker stops, the client would retry it after the connection closed.
  done = true;
  await watch;
  if (pausedError) throw pausedError;
  return result;
}

function pausedForThinEvidence(status: RolloutStatus): boolean {
  const verdict = status.gates.at(-1)?.verdict;
  return verdict?.kind === 'inconclusive' && verdict.rule === 'minRequests';
}
