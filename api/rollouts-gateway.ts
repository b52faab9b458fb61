// Every Temporal call the API makes (rollouts, plan checks, schedules, readiness), each bounded by a deadline and
// with its errors mapped to API errors. createApp takes it as a dependency; api/main.ts builds it from a client.
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import type { EndpointRef } from '../domain/endpoint';
import type { RolloutPlan } from '../domain/plan';
import type { RolloutStatus } from '../domain/status';
import { PLAN_CHECK_WORKFLOW, ROLLOUT_WORKFLOW } from '../domain/workflow-types';
import {
  CONTROL_UPDATES,
  LISTING_KEYS,
  statusQuery,
  type ControlInput,
  type RolloutInput,
} from '../workflows/messages';
import type { planCheckWorkflow } from '../workflows/plan-check';
import type { ApiConfig } from './config';
import type { ControlAction } from './contract';
import { ApiError } from './errors';
import { listedRollout, quote, type ListedRollout } from './rollout-listing';
import { createSchedulesGateway } from './schedules-gateway';
import { fromTemporal } from './temporal-errors';

export type PlanCheck = Awaited<ReturnType<typeof planCheckWorkflow>>;

export interface RolloutExecution {
  id: string;
  runId: string;
  temporalStatus: string;
  startedAt?: string;
  closedAt?: string;
  /** The first run of its continue-as-new chain (the `runId` POST /rollouts answered); from describe only. */
  firstRunId?: string;
  /** What the run's search attributes and memo say of it; absent in runs from before them. */
  listing?: ListedRollout;
}

export interface GatewayOptions {
  taskQueue: string;
  /** Bound on updates and queries, which wait for a worker. */
  timeoutMs: number;
  /** Bound on a plan check, which runs an activity against Azure. */
  planCheckTimeoutMs?: number;
  /** How long a start waits for the new rollout to show in visibility (eventually consistent) before answering. */
  visibleWithinMs?: number;
}

function execution(info: Omit<WorkflowExecutionInfo, 'raw'>): RolloutExecution {
  const listing = listedRollout(info);
  return {
    id: info.workflowId,
    runId: info.runId,
    temporalStatus: info.status.name,
    startedAt: info.startTime?.toISOString(),
    closedAt: info.closeTime?.toISOString(),
    ...(listing ? { listing } : {}),
  };
}

/** What a started rollout lists as until its first upsert. */
function initialAttributes(input: RolloutInput) {
  const k = LISTING_KEYS;
  return [
    { key: k.state, value: 'Pending' },
    { key: k.endpoint, value: input.target.endpoint },
    { key: k.model, value: input.plan.candidate.model },
    { key: k.paused, value: false },
    { key: k.updatedAt, value: new Date() },
  ];
}

export function createGateway(client: Client, options: GatewayOptions) {
  const within = <T>(ms: number, fn: () => Promise<T>) => client.withDeadline(Date.now() + ms, fn);

  async function describe(id: string, runId?: string): Promise<RolloutExecution> {
    try {
      const described = await within(options.timeoutMs, () => client.workflow.getHandle(id, runId).describe());
      const firstRunId = described.raw.workflowExecutionInfo?.firstRunId || undefined;
      return { ...execution(described), firstRunId };
    } catch (error) {
      throw fromTemporal(error, `rollout ${id}`);
    }
  }

  /** Waits (bounded) until the run shows in visibility, so a list right after the start shows it. */
  async function visible(id: string, runId: string): Promise<void> {
    const query = `WorkflowId = ${quote(id)} AND RunId = ${quote(runId)}`;
    const deadline = Date.now() + (options.visibleWithinMs ?? 3_000);
    while (Date.now() < deadline) {
      const found = await within(options.timeoutMs, () => client.workflow.count(query)).catch(() => undefined);
      if (found && found.count > 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return {
    describe,

    /** Resolves when the Temporal server answers within `timeoutMs`. */
    async ready(timeoutMs: number): Promise<void> {
      await within(timeoutMs, () => client.connection.workflowService.getSystemInfo({}));
    },

    ...createSchedulesGateway(client, options),

    async checkPlan(target: EndpointRef, plan: RolloutPlan): Promise<PlanCheck> {
      const ms = options.planCheckTimeoutMs ?? 60_000;
      try {
        return await within(ms, () =>
          client.workflow.execute<typeof planCheckWorkflow>(PLAN_CHECK_WORKFLOW, {
            taskQueue: options.taskQueue,
            workflowId: `plan-check:${randomUUID()}`,
            workflowExecutionTimeout: ms,
            args: [{ target, plan }],
          }),
        );
      } catch (error) {
        const mapped = fromTemporal(error, 'plan check');
        // Azure said the workspace or endpoint does not exist, or refused the lookup: a problem of the plan.
        if (mapped.code === 'NotFound' || mapped.code === 'AzureRejected') {
          throw new ApiError('InvalidPlan', `the plan does not fit Azure: ${mapped.message}`, [
            { path: 'endpoint', rule: 'exists', message: mapped.message },
          ]);
        }
        throw mapped;
      }
    },

    async start(input: RolloutInput): Promise<RolloutExecution> {
      try {
        const handle = await within(options.timeoutMs, () =>
          client.workflow.start(ROLLOUT_WORKFLOW, {
            taskQueue: options.taskQueue,
            workflowId: input.rolloutId,
            workflowIdConflictPolicy: 'FAIL',
            typedSearchAttributes: initialAttributes(input),
            args: [input],
          }),
        );
        await visible(handle.workflowId, handle.firstExecutionRunId);
        return {
          id: handle.workflowId,
          runId: handle.firstExecutionRunId,
          temporalStatus: 'RUNNING',
          startedAt: new Date().toISOString(),
        };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError)
          throw activeRolloutError(input.target, input.rolloutId);
        throw fromTemporal(error, 'start rollout');
      }
    },

    async status(id: string, runId?: string, timeoutMs = options.timeoutMs): Promise<RolloutStatus> {
      try {
        return await within(timeoutMs, () => client.workflow.getHandle(id, runId).query(statusQuery));
      } catch (error) {
        throw fromTemporal(error, `rollout ${id}`);
      }
    },

    /** A completed rollout's final status comes from its history (no worker needed); a running one is queried. */
    /** The plan a run was started with, read from its first history event (the dashboard's stage timeline). */
    async planOf(id: string, runId?: string): Promise<RolloutPlan | undefined> {
      const history = await within(options.timeoutMs, () => client.workflow.getHandle(id, runId).fetchHistory());
      const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      if (!payload) return undefined;
      return client.options.loadedDataConverter.payloadConverter.fromPayload<{ plan?: RolloutPlan }>(payload)?.plan;
    },

    async statusOf(execution: RolloutExecution, timeoutMs = options.timeoutMs): Promise<RolloutStatus> {
      if (execution.temporalStatus !== 'COMPLETED') return this.status(execution.id, execution.runId, timeoutMs);
      try {
        return await within(
          timeoutMs,
          () => client.workflow.getHandle(execution.id, execution.runId).result() as Promise<RolloutStatus>,
        );
      } catch (error) {
        throw fromTemporal(error, `rollout ${execution.id}`);
      }
    },

    /**
     * Sends the control to the rollout's current run, by its run id, so it cannot land on a later rollout of the
     * same endpoint. `seenRunId` (the run the caller saw) must be that run or the first of its continue-as-new
     * chain, else 409. `updateId` (the request's Idempotency-Key) makes a retried request land once.
     */
    async control(
      id: string,
      action: ControlAction,
      input: ControlInput,
      updateId?: string,
      seenRunId?: string,
    ): Promise<RolloutStatus> {
      const current = await describe(id); // 404 when the rollout never existed
      const cannot = `cannot ${action} rollout ${id}`;
      if (current.temporalStatus !== 'RUNNING') {
        throw new ApiError('InvalidState', `${cannot}: it has ended (${current.temporalStatus.toLowerCase()})`);
      }
      if (seenRunId !== undefined && seenRunId !== current.runId && seenRunId !== current.firstRunId) {
        const detail = { path: 'runId', rule: 'currentRun', message: `the current run is ${current.runId}` };
        throw new ApiError(
          'InvalidState',
          `${cannot}: run ${seenRunId} is not its current run ${current.runId}`,
          [detail],
          { runId: current.runId },
        );
      }
      const handle = client.workflow.getHandle(id, current.runId);
      const update = { args: [input] as [ControlInput], updateId };
      try {
        return await within(options.timeoutMs, () => handle.executeUpdate(CONTROL_UPDATES[action], update));
      } catch (error) {
        const mapped = fromTemporal(error, `rollout ${id}`);
        if (mapped.code !== 'NotFound') throw mapped;
        // The run ended between the describe and the update (a later run is not addressed: it is another rollout).
        throw new ApiError('InvalidState', `${cannot}: its run ${current.runId} has ended`);
      }
    },

    /** Rollouts matching a visibility query; one count, whatever their number. */
    async count(query: string): Promise<number> {
      try {
        return (await within(options.timeoutMs, () => client.workflow.count(query))).count;
      } catch (error) {
        throw fromTemporal(error, 'count rollouts');
      }
    },

    async list(query: string, limit: number): Promise<RolloutExecution[]> {
      const found: RolloutExecution[] = [];
      try {
        await within(options.timeoutMs, async () => {
          for await (const info of client.workflow.list({ query, pageSize: Math.min(limit, 100) })) {
            found.push(execution(info));
            if (found.length >= limit) break;
          }
        });
      } catch (error) {
        throw fromTemporal(error, 'list rollouts');
      }
      return found;
    },

    /** The running rollout of this endpoint, if any. */
    async active(id: string): Promise<RolloutExecution | undefined> {
      const found = await describe(id).catch((error: ApiError) => {
        if (error.code === 'NotFound') return undefined;
        throw error;
      });
      return found?.temporalStatus === 'RUNNING' ? found : undefined;
    },
  };
}

export type Gateway = ReturnType<typeof createGateway>;

/** The gateway of an API configured by `config`. */
export function gatewayFromConfig(client: Client, config: ApiConfig): Gateway {
  return createGateway(client, { taskQueue: config.temporal.taskQueue, timeoutMs: config.updateTimeoutMs });
}

export function activeRolloutError(target: EndpointRef, id: string): ApiError {
  return new ApiError(
    'RolloutActive',
    `endpoint ${target.endpoint} already has an active rollout: ${id}`,
    [{ path: 'endpoint', rule: 'oneActiveRollout', message: `active rollout ${id}` }],
    { rolloutId: id },
  );
}

export { ROLLOUT_WORKFLOW };
