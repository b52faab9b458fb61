// Scheduled canaries as Temporal Schedules: each firing starts the thin scheduledCanaryWorkflow (overlaps skipped),
// whose activity starts the rollout under the endpoint's id, or records a skip (one is active, or the version is
// already live). Create, read, list, pause, resume, update (plan re-checked), delete.
import { Router, type Request, type Response } from 'express';
import { requireAction, principalOf } from '../auth';
import { parseBody, parsePlanBody } from '../body';
import { SCHEDULE_ID, scheduleBodySchema, scheduleControlSchema, scheduleUpdateSchema } from '../contract';
import { parseWith, type RouteContext } from '../context';
import { ApiError } from '../errors';
import { parsePlan, targetOf } from '../targets';
import type { EndpointRef } from '../../domain/endpoint';
import type { RolloutPlan } from '../../domain/plan';
import { redactValue, seesEverything } from '../redact';

export function schedulesRouter(ctx: RouteContext): Router {
  const router = Router();
  router.post('/schedules', requireAction('schedule'), parsePlanBody(ctx.config.bodyLimit), (req, res) =>
    create(ctx, req, res),
  );
  router.get('/schedules', requireAction('read'), (_req, res) => list(ctx, res));
  router.get('/schedules/:id', requireAction('read'), async (req, res) => {
    res.json(await view(ctx, scheduleIdOf(req), seesEverything(principalOf(res).roles)));
  });
  router.patch('/schedules/:id', requireAction('schedule'), parseBody(ctx.config.bodyLimit), (req, res) =>
    update(ctx, req, res),
  );
  for (const action of ['pause', 'resume'] as const) {
    router.post(`/schedules/:id/${action}`, requireAction('schedule'), parseBody(ctx.config.bodyLimit), (req, res) =>
      pauseOrResume(ctx, action, req, res),
    );
  }
  router.delete('/schedules/:id', requireAction('schedule'), (req, res) => remove(ctx, req, res));
  return router;
}

async function create(ctx: RouteContext, req: Request, res: Response) {
  const plan = parsePlan((req.body as { plan?: unknown })?.plan ?? null, ['plan']);
  const body = parseWith(scheduleBodySchema, req.body, 'schedule');
  const target = targetOf(plan, ctx.config.defaults, 'plan.');
  await checkTemplate(ctx, target, plan);
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

async function checkTemplate(ctx: RouteContext, target: EndpointRef, plan: RolloutPlan): Promise<void> {
  const check = await ctx.gateway.checkPlan(target, plan);
  if (check.problems.length) {
    throw new ApiError(
      'InvalidPlan',
      `the plan template does not fit endpoint ${target.endpoint}`,
      check.problems.map((p) => ({ ...p, path: p.path ? `plan.${p.path}` : 'plan' })),
    );
  }
}

function scheduleIdOf(req: Request): string {
  const id = String(req.params.id);
  if (!SCHEDULE_ID.test(id)) throw new ApiError('NotFound', `schedule ${id} not found`);
  return id;
}

async function update(ctx: RouteContext, req: Request, res: Response) {
  const id = scheduleIdOf(req);
  const rawPlan = (req.body as { plan?: unknown })?.plan;
  const plan = rawPlan === undefined ? undefined : parsePlan(rawPlan, ['plan']);
  const body = parseWith(scheduleUpdateSchema, req.body, 'schedule change');
  await ctx.gateway.describeSchedule(id); // 404 before the plan check
  const target = plan && targetOf(plan, ctx.config.defaults, 'plan.');
  if (plan && target) await checkTemplate(ctx, target, plan);
  await ctx.gateway.updateSchedule(id, { cron: body.cron, every: body.every, plan, target, note: body.note });
  ctx.log.info({ scheduleId: id, actor: principalOf(res).name, fields: Object.keys(body) }, 'schedule updated');
  res.json(await view(ctx, id));
}

async function pauseOrResume(ctx: RouteContext, action: 'pause' | 'resume', req: Request, res: Response) {
  const id = scheduleIdOf(req);
  const { reason } = parseWith(scheduleControlSchema, req.body, `${action} request`);
  const actor = principalOf(res).name;
  const note = `${action === 'pause' ? 'paused' : 'resumed'} by ${actor}${reason ? `: ${reason}` : ''}`;
  await ctx.gateway.pauseSchedule(id, action === 'pause', note);
  ctx.log.info({ scheduleId: id, actor, reason }, `schedule ${action === 'pause' ? 'paused' : 'resumed'}`);
  res.json(await view(ctx, id));
}

/** The schedule; its plan template without secrets or internal addresses unless the caller is an admin. */
async function view(ctx: RouteContext, id: string, whole = true) {
  const schedule = await ctx.gateway.describeSchedule(id);
  const template = whole ? schedule.template : redactValue(schedule.template);
  return { ...schedule, template, links: { self: `/schedules/${id}` } };
}

async function list(ctx: RouteContext, res: Response) {
  const ids = await ctx.gateway.listScheduleIds();
  const whole = seesEverything(principalOf(res).roles);
  const items = await Promise.all(ids.map((id) => view(ctx, id, whole).catch(() => undefined)));
  res.json({ items: items.filter(Boolean) });
}

async function remove(ctx: RouteContext, req: Request, res: Response) {
  const id = scheduleIdOf(req);
  await ctx.gateway.deleteSchedule(id);
  ctx.log.info({ scheduleId: id, actor: principalOf(res).name }, 'schedule deleted');
  res.status(204).end();
}
