// The Temporal Schedules behind scheduled canaries: create (overlaps skipped), describe as plain JSON with what each
// recent firing did, list the canary schedules, pause, resume, update, delete; errors mapped to API errors. Part of
// the API's gateway (rollouts-gateway.ts).
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
import { firingOutcome, type RecentAction } from './schedule-outcomes';

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

/** A change to a schedule: any of a new spec (one of cron and every), a new plan template, a new note. */
export interface ScheduleChange {
  cron?: string;
  every?: string;
  target?: EndpointRef;
  plan?: RolloutPlan;
  note?: string;
}

export interface ScheduleInfo {
  id: string;
  cron?: string;
  every?: string;
  paused: boolean;
  note?: string;
  /** The scheduled workflow's input: `{ scheduleId, target, plan }`. */
  template: unknown;
  recentActions: RecentAction[];
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
          spec: temporalSpec(s),
          action: {
            type: 'startWorkflow',
            workflowType: SCHEDULED_CANARY_WORKFLOW,
            workflowId: `scheduled-canary:${s.scheduleId}`,
            taskQueue: options.taskQueue,
            args: [input],
            // The schedule's own memo cannot be updated; the action's can, so an updated spec is kept here.
            memo: { spec: writtenSpec(s) },
          },
          policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' },
          // The server turns cron into calendars; keep the spec as written, to show it back.
          memo: { spec: writtenSpec(s) },
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
      const action = description.action as { workflowType?: string; args?: unknown[]; memo?: Record<string, unknown> };
      const written = (action.memo?.spec ?? description.memo?.spec ?? {}) as { cron?: string; every?: string };
      return {
        id,
        cron: written.cron,
        every: written.every,
        paused: description.state.paused,
        note: description.state.note,
        template: action.args?.[0],
        recentActions: await Promise.all(
          description.info.recentActions.map(async (a) => ({
            scheduledAt: a.scheduledAt.toISOString(),
            takenAt: a.takenAt.toISOString(),
            workflowId: a.action.workflow.workflowId,
            ...(await firingOutcome(client, a.action.workflow)),
          })),
        ),
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

    /** Pause (true) or resume (false) the schedule, with the note Temporal keeps; NotFound when there is none. */
    async pauseSchedule(id: string, paused: boolean, note: string): Promise<void> {
      try {
        const handle = client.schedule.getHandle(id);
        await (paused ? handle.pause(note) : handle.unpause(note));
      } catch (error) {
        throw scheduleError(error, id);
      }
    },

    /** A new spec, plan template or note; the rest stays. NotFound when there is no such schedule. */
    async updateSchedule(id: string, change: ScheduleChange): Promise<void> {
      try {
        await client.schedule.getHandle(id).update((previous) => {
          const action = previous.action as typeof previous.action & { memo?: Record<string, unknown> };
          const [template] = (action.args ?? []) as Parameters<typeof scheduledCanaryWorkflow>;
          const respecified = change.cron !== undefined || change.every !== undefined;
          const spec = respecified ? writtenSpec(change) : (action.memo?.spec ?? previous.memo?.spec);
          const input = change.plan
            ? { ...template, target: change.target ?? template.target, plan: change.plan }
            : template;
          return {
            ...previous,
            spec: respecified ? temporalSpec(change) : previous.spec,
            action: { ...action, args: [input], memo: { ...action.memo, spec } },
            state: { paused: previous.state.paused, note: change.note ?? previous.state.note },
          };
        });
      } catch (error) {
        throw scheduleError(error, id);
      }
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

function temporalSpec(s: { cron?: string; every?: string }) {
  return s.cron ? { cronExpressions: [s.cron] } : { intervals: [{ every: s.every as Duration }] };
}

/** The spec as written (the server turns cron into calendars): kept to show it back. */
function writtenSpec(s: { cron?: string; every?: string }) {
  return s.cron ? { cron: s.cron } : { every: s.every };
}

function scheduleError(error: unknown, id: string): ApiError {
  if (error instanceof ScheduleNotFoundError) return new ApiError('NotFound', `schedule ${id} not found`);
  return fromTemporal(error, `schedule ${id}`);
}
