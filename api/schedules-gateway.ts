// The Temporal Schedules behind scheduled canaries: create (overlaps skipped), describe as plain JSON, list the
// canary schedules, delete; errors mapped to API errors. Part of the API's gateway (rollouts-gateway.ts).
import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import type { EndpointRef } from '../domain/endpoint';
import { SCHEDULED_CANARY_WORKFLOW } from '../domain/workflow-types';
import type { RolloutPlan } from '../domain/plan';
import type { scheduledCanaryWorkflow } from '../workflows/scheduled-canary';
import { ApiError } from './errors';
import { fromTemporal } from './temporal-errors';

export interface NewSchedule {
  scheduleId: string;
  target: EndpointRef;
  plan: RolloutPlan;
  /** Exactly one of cron and every. */
  cron?: string;
  every?: string;
  paused?: boolean;
  note: string;
}

export interface ScheduleInfo {
  id: string;
  cron?: string;
  every?: string;
  paused: boolean;
  note?: string;
  /** The scheduled workflow's input: `{ scheduleId, target, plan }`. */
  template: unknown;
  recentActions: { scheduledAt: string; takenAt: string; workflowId: string }[];
  nextActionTimes: string[];
}

export function createSchedulesGateway(client: Client, options: { taskQueue: string }) {
  return {
    /** InvalidState when a schedule of that id exists. */
    async createSchedule(s: NewSchedule): Promise<void> {
      const input: Parameters<typeof scheduledCanaryWorkflow>[0] = {
        scheduleId: s.scheduleId,
        target: s.target,
        plan: s.plan,
      };
      try {
        await client.schedule.create({
          scheduleId: s.scheduleId,
          spec: s.cron ? { cronExpressions: [s.cron] } : { intervals: [{ every: s.every as Duration }] },
          action: {
            type: 'startWorkflow',
            workflowType: SCHEDULED_CANARY_WORKFLOW,
            workflowId: `scheduled-canary:${s.scheduleId}`,
            taskQueue: options.taskQueue,
            args: [input],
          },
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' },
          // The server turns cron into calendars; keep the spec as written, to show it back.
          memo: { spec: s.cron ? { cron: s.cron } : { every: s.every } },
          state: { paused: s.paused, note: s.note },
        });
      } catch (error) {
        if (error instanceof ScheduleAlreadyRunning) {
          throw new ApiError('InvalidState', `schedule ${s.scheduleId} already exists`);
        }
        throw fromTemporal(error, `schedule ${s.scheduleId}`);
      }
    },

    async describeSchedule(id: string): Promise<ScheduleInfo> {
      let description: ScheduleDescription;
      try {
        description = await client.schedule.getHandle(id).describe();
      } catch (error) {
        throw scheduleError(error, id);
      }
      const action = description.action as { workflowType?: string; args?: unknown[] };
      const written = (description.memo?.spec ?? {}) as { cron?: string; every?: string };
      return {
        id,
        cron: written.cron,
        every: written.every,
        paused: description.state.paused,
        note: description.state.note,
        template: action.args?.[0],
        recentActions: description.info.recentActions.map((a) => ({
          scheduledAt: a.scheduledAt.toISOString(),
          takenAt: a.takenAt.toISOString(),
          workflowId: a.action.workflow.workflowId,
        })),
        nextActionTimes: description.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
      };
    },

    /** Ids of the schedules that start scheduled canaries. */
    async listScheduleIds(): Promise<string[]> {
      const ids: string[] = [];
      try {
        for await (const summary of client.schedule.list({ pageSize: 100 })) {
          const action = summary.action;
          if (action?.type === 'startWorkflow' && action.workflowType === SCHEDULED_CANARY_WORKFLOW)
            ids.push(summary.scheduleId);
        }
      } catch (error) {
        throw fromTemporal(error, 'list schedules');
      }
      return ids;
    },

    /** NotFound when there is no such schedule. */
    async deleteSchedule(id: string): Promise<void> {
      try {
        await client.schedule.getHandle(id).delete();
      } catch (error) {
        throw scheduleError(error, id);
      }
    },
  };
}

function scheduleError(error: unknown, id: string): ApiError {
  if (error instanceof ScheduleNotFoundError) return new ApiError('NotFound', `schedule ${id} not found`);
  return fromTemporal(error, `schedule ${id}`);
}
