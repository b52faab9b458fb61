// POST /rollouts (check the plan live, then start), GET /rollouts (list, filter) and GET /rollouts/{id} (status).
import { Router, type Request, type Response } from 'express';
import { rolloutId } from '../../domain/endpoint';
import type { RolloutStatus } from '../../domain/status';
import { principalOf, requireAction } from '../auth';
import { parsePlanBody } from '../body';
import { getRolloutQuerySchema, listRolloutsQuerySchema } from '../contract';
import { parseWith, type RouteContext } from '../context';
import { ApiError } from '../errors';
import { ROLLOUT_WORKFLOW, activeRolloutError, type RolloutExecution } from '../rollouts-gateway';
import { endpointOfId, parsePlan, resolveRolloutId, rolloutLinks, targetOf } from '../targets';

export function rolloutsRouter(ctx: RouteContext): Router {
  const router = Router();
  router.post('/rollouts', requireAction('start'), parsePlanBody(ctx.config.bodyLimit), (req, res) =>
    startRollout(ctx, req, res),
  );
  router.get('/rollouts', requireAction('read'), (req, res) => listRollouts(ctx, req, res));
  router.get('/rollouts/:id', requireAction('read'), (req, res) => getRollout(ctx, req, res));
  return router;
}

async function startRollout(ctx: RouteContext, req: Request, res: Response) {
  const plan = parsePlan(req.body);
  const target = targetOf(plan, ctx.config.defaults);
  const id = rolloutId(target);
  if (await ctx.gateway.active(id)) throw activeRolloutError(target, id);
  const check = await ctx.gateway.checkPlan(target, plan);
  if (check.problems.length) {
    throw new ApiError(
      'InvalidPlan',
      `the plan does not fit endpoint ${target.endpoint}: ${check.problems.length} problem${check.problems.length > 1 ? 's' : ''}`,
      check.problems,
    );
  }
  const actor = principalOf(res).name;
  const run = await ctx.gateway.start({
    rolloutId: id,
    target,
    plan,
    startedBy: actor,
    reason: 'started through the API',
    ...(ctx.config.requireDistinctApprover ? { requireDistinctApprover: true } : {}),
  });
  ctx.metrics.rolloutsStarted.inc({ source: 'api' });
  ctx.log.info({ rolloutId: id, runId: run.runId, actor, model: check.model }, 'rollout started');
  const links = rolloutLinks(id);
  res.status(201).location(links.self).json({
    id,
    runId: run.runId,
    endpoint: target.endpoint,
    baseline: check.baseline,
    candidate: check.candidateName,
    model: check.model,
    startedBy: actor,
    links,
  });
}

async function listRollouts(ctx: RouteContext, req: Request, res: Response) {
  const query = parseWith(listRolloutsQuerySchema, req.query, 'query');
  const executions = await ctx.gateway.list(listQuery(ctx, query.endpoint), query.state ? 1000 : query.limit);
  const matching = executions.filter((e) => !query.endpoint || endpointOfId(e.id) === query.endpoint);
  const summaries = await Promise.all(matching.map((e) => summarize(ctx, e)));
  const items = summaries.filter((s) => !query.state || s.state === query.state).slice(0, query.limit);
  res.json({ items, count: items.length });
}

/** An endpoint of the default workspace is one workflow id; without a default workspace, any workspace's endpoint of that name. */
function listQuery(ctx: RouteContext, endpoint: string | undefined): string {
  const base = `WorkflowType = '${ROLLOUT_WORKFLOW}'`;
  const { subscriptionId, resourceGroup, workspace } = ctx.config.defaults;
  if (!endpoint || !subscriptionId || !resourceGroup || !workspace) return base;
  return `${base} AND WorkflowId = '${rolloutId({ subscriptionId, resourceGroup, workspace, endpoint }).replace(/'/g, "\\'")}'`;
}

async function summarize(ctx: RouteContext, execution: RolloutExecution) {
  // A short bound: one rollout without a worker must not hold up the whole list.
  const status = await ctx.gateway.statusOf(execution, 3_000).catch(() => undefined);
  return {
    ...execution,
    endpoint: endpointOfId(execution.id),
    state: status?.state ?? 'Unknown',
    paused: status?.paused,
    model: status?.model,
    traffic: status?.traffic,
    links: rolloutLinks(execution.id, execution.runId),
  };
}

async function getRollout(ctx: RouteContext, req: Request, res: Response) {
  const id = resolveRolloutId(String(req.params.id), ctx.config.defaults);
  const { runId } = parseWith(getRolloutQuerySchema, req.query, 'query');
  const execution = await ctx.gateway.describe(id, runId);
  const status: RolloutStatus = await ctx.gateway.statusOf(execution);
  res.json({
    id,
    runId: execution.runId,
    temporalStatus: execution.temporalStatus,
    ...status,
    links: rolloutLinks(id, runId),
  });
}
