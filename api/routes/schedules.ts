// Scheduled canaries as Temporal Schedules: each firing starts the thin scheduledCanaryWorkflow (overlaps skipped),
// whose activity starts the rollout under the endpoint's id or records that one is already active.
import { Router, type Request, type Response } from 'express';
import { requireAction, principalOf } from '../auth';
import { parsePlanBody } from '../body';
import { SCHEDULE_ID, scheduleBodySchema } from '../contract';
import { parseWith, type RouteContext } from '../context';
import { ApiError } from '../errors';
import { parsePlan, targetOf } from '../targets';

export function schedulesRouter(ctx: RouteContext): Router {
  const router = Router();
  router.post('/schedules', requireAction('schedule'), parsePlanBody(ctx.config.bodyLimit), (req, res) =>
    create(ctx, req, res),
  );
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
    throw new ApiError(
      'InvalidPlan',
      `the plan template does not fit endpoint ${target.endpoint}`,
      check.problems.map((p) => ({ ...p, path: p.path ? `plan.${p.path}` : 'plan' })),
    );
  }
  const scheduleId = body.id ?? `canary-${target.endpoint}`;
  await ctx.gateway.createSchedule({
    scheduleId,
    target,
    plan,
    cron: body.cron,
    every: body.every,
    paused: body.paused,
    note: body.note ?? `created by ${principalOf(res).name}`,
  });
  ctx.log.info({ scheduleId, actor: principalOf(res).name, endpoint: target.endpoint }, 'schedule created');
  res
    .status(201)
    .location(`/schedules/${scheduleId}`)
    .json(await view(ctx, scheduleId));
}

async function view(ctx: RouteContext, id: string) {
  return { ...(await ctx.gateway.describeSchedule(id)), links: { self: `/schedules/${id}` } };
}

async function list(ctx: RouteContext, res: Response) {
  const ids = await ctx.gateway.listScheduleIds();
  const items = await Promise.all(ids.map((id) => view(ctx, id).catch(() => undefined)));
  res.json({ items: items.filter(Boolean) });
}

async function remove(ctx: RouteContext, req: Request, res: Response) {
  const id = String(req.params.id);
  if (!SCHEDULE_ID.test(id)) throw new ApiError('NotFound', `schedule ${id} not found`);
  await ctx.gateway.deleteSchedule(id);
  ctx.log.info({ scheduleId: id, actor: principalOf(res).name }, 'schedule deleted');
  res.status(204).end();
}
