// POST /rollouts (check the plan live, then start), GET /rollouts (list, filter) and GET /rollouts/{id} (status).
import { Router, type Request, type Response } from 'express';
import { rolloutId } from '../../domain/endpoint';
import type { RolloutStatus } from '../../domain/status';
import { principalOf, requireAction } from '../auth';
import { parsePlanBody } from '../body';
import { getRolloutQuerySchema, listRolloutsQuerySchema } from '../contract';
import { parseWith, type RouteContext } from '../context';
import { ApiError } from '../errors';
import { listingQuery, type ListFilter } from '../rollout-listing';
import { activeRolloutError, type RolloutExecution } from '../rollouts-gateway';
import { endpointOfId, parsePlan, resolveRolloutId, rolloutLinks, targetOf } from '../targets';
import { redactEvents, seesEverything } from '../redact';

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
  const filter = { state: query.state, ...endpointFilter(ctx, query.endpoint) };
  const executions = await ctx.gateway.list(listingQuery(filter), query.limit);
  const items = executions.filter((e) => !query.endpoint || endpointOfId(e.id) === query.endpoint).map(summarize);
  res.json({ items, count: items.length });
}

/** An endpoint of the default workspace is one workflow id; without a default workspace, any workspace's endpoint of that name. */
function endpointFilter(ctx: RouteContext, endpoint: string | undefined): ListFilter {
  const { subscriptionId, resourceGroup, workspace } = ctx.config.defaults;
  if (!endpoint) return {};
  if (!subscriptionId || !resourceGroup || !workspace) return { endpoint };
  return { workflowId: rolloutId({ subscriptionId, resourceGroup, workspace, endpoint }) };
}

/** A list row from the run's search attributes and memo alone (no query to the workflow). */
function summarize({ listing, ...execution }: RolloutExecution) {
  return {
    ...execution,
    endpoint: endpointOfId(execution.id),
    state: listing?.state ?? 'Unknown',
    paused: listing?.paused,
    model: listing?.model,
    stage: listing?.stage,
    traffic: listing?.traffic,
    updatedAt: listing?.updatedAt,
    links: rolloutLinks(execution.id, execution.runId),
  };
}

async function getRollout(ctx: RouteContext, req: Request, res: Response) {
  const id = resolveRolloutId(String(req.params.id), ctx.config.defaults);
  const { runId } = parseWith(getRolloutQuerySchema, req.query, 'query');
  const execution = await ctx.gateway.describe(id, runId);
  const status: RolloutStatus = await ctx.gateway.statusOf(execution);
  if (!seesEverything(principalOf(res).roles)) status.events = redactEvents(status.events);
  res.json({
    id,
    runId: execution.runId,
    temporalStatus: execution.temporalStatus,
    ...status,
    links: rolloutLinks(id, runId),
  });
}
