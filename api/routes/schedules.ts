// Scheduled canaries as Temporal Schedules: each firing starts the thin scheduledCanaryWorkflow (overlaps skipped),
// whose activity starts the rollout under the endpoint's id or records that one is already active.
import { Router, type Request, type Response } from 'express';
import { ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type ScheduleDescription } from '@temporalio/client';
import type { Duration } from '@temporalio/common';
import { requireAction, principalOf } from '../auth';
import { parseBody } from '../body';
import { SCHEDULE_ID, scheduleBodySchema } from '../contract';
import { parseWith, type RouteContext } from '../context';
import { ApiError } from '../errors';
import { fromTemporal } from '../temporal-errors';
import { parsePlan, targetOf } from '../targets';
import { SCHEDULED_CANARY_WORKFLOW } from '../../domain/workflow-types';
import type { scheduledCanaryWorkflow } from '../../workflows/scheduled-canary';

export function schedulesRouter(ctx: RouteContext): Router {
  const router = Router();
  router.post('/schedules', requireAction('schedule'), parseBody(ctx.config.bodyLimit, { allowYaml: true }), (req, res) => create(ctx, req, res));
  router.get('/schedules', requireAction('read'), (_req, res) => list(ctx, res));
  router.delete('/schedules/:id', requireAction('schedule'), (req, res) => remove(ctx, req, res));
  return router;
}

async function create(ctx: RouteContext, req: Request, res: Response) {
  const plan = parsePlan((req.body as { plan?: unknown })?.plan ?? null, ['plan']);
  const body = parseWith(scheduleBodySchema, req.body, 'schedule');
  const target = targetOf(plan, ctx.config.defaults, 'plan.');
  const check = await ctx.gateway.checkPlan(target, plan);
  if (check.problems.length) {
    throw new ApiError('InvalidPlan', `the plan template does not fit endpoint ${target.endpoint}`,
      check.problems.map((p) => ({ ...p, path: p.path ? `plan.${p.path}` : 'plan' })));
  }
  const scheduleId = body.id ?? `canary-${target.endpoint}`;
  try {
    await ctx.client.schedule.create({
      scheduleId,
      spec: body.cron ? { cronExpressions: [body.cron] } : { intervals: [{ every: body.every as Duration }] },
      action: {
        type: 'startWorkflow',
        workflowType: SCHEDULED_CANARY_WORKFLOW,
        workflowId: `scheduled-canary:${scheduleId}`,
        taskQueue: ctx.config.temporal.taskQueue,
        args: [{ scheduleId, target, plan } satisfies Parameters<typeof scheduledCanaryWorkflow>[0]],
      },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1m' },
      // The server turns cron into calendars; keep the spec as written, to show it back.
      memo: { spec: body.cron ? { cron: body.cron } : { every: body.every } },
      state: { paused: body.paused, note: body.note ?? `created by ${principalOf(res).name}` },
    });
  } catch (error) {
    if (error instanceof ScheduleAlreadyRunning) throw new ApiError('InvalidState', `schedule ${scheduleId} already exists`);
    throw fromTemporal(error, `schedule ${scheduleId}`);
  }
  ctx.log.info({ scheduleId, actor: principalOf(res).name, endpoint: target.endpoint }, 'schedule created');
  res.status(201).location(`/schedules/${scheduleId}`).json(await view(ctx, scheduleId));
}

async function view(ctx: RouteContext, id: string) {
  let description: ScheduleDescription;
  try {
    description = await ctx.client.schedule.getHandle(id).describe();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) throw new ApiError('NotFound', `schedule ${id} not found`);
    throw fromTemporal(error, `schedule ${id}`);
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
      scheduledAt: a.scheduledAt.toISOString(), takenAt: a.takenAt.toISOString(), workflowId: a.action.workflow.workflowId,
    })),
    nextActionTimes: description.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
    links: { self: `/schedules/${id}` },
  };
}

async function list(ctx: RouteContext, res: Response) {
  const ids: string[] = [];
  try {
    for await (const summary of ctx.client.schedule.list({ pageSize: 100 })) {
      if (summary.action?.type === 'startWorkflow' && summary.action.workflowType === SCHEDULED_CANARY_WORKFLOW) ids.push(summary.scheduleId);
    }
  } catch (error) {
    throw fromTemporal(error, 'list schedules');
  }
  const items = await Promise.all(ids.map((id) => view(ctx, id).catch(() => undefined)));
  res.json({ items: items.filter(Boolean) });
}

async function remove(ctx: RouteContext, req: Request, res: Response) {
  const id = String(req.params.id);
  if (!SCHEDULE_ID.test(id)) throw new ApiError('NotFound', `schedule ${id} not found`);
  try {
    await ctx.client.schedule.getHandle(id).delete();
  } catch (error) {
    if (error instanceof ScheduleNotFoundError) throw new ApiError('NotFound', `schedule ${id} not found`);
    const mapped = fromTemporal(error, `schedule ${id}`);
    throw mapped;
  }
  ctx.log.info({ scheduleId: id, actor: principalOf(res).name }, 'schedule deleted');
  res.status(204).end();
}
