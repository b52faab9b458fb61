// POST /rollouts/{id}/revert: a new rollout back to the deployment a succeeded run replaced (recorded by its cleanup
// as Azure held it), through a short, safe plan: deploy, validate, one canary step, promote, cleanup. Refused with
// 409 and the reason when the run did not succeed, recorded nothing to go back to, or its model can no longer be used.
import { Router, type Request, type Response } from 'express';
import { rolloutId } from '../../domain/endpoint';
import type { ErrorDetail } from '../../domain/errors';
import { planSchema, type RolloutPlan } from '../../domain/plan';
import { MODEL_ARCHIVED } from '../../domain/plan-rules';
import type { PreviousDeployment } from '../../domain/previous-deployment';
import type { RolloutStatus } from '../../domain/status';
import { principalOf, requireAction } from '../auth';
import { parseBody } from '../body';
import { revertBodySchema } from '../contract';
import { parseWith, type RouteContext } from '../context';
import { ApiError } from '../errors';
import { activeRolloutError } from '../rollouts-gateway';
import { resolveRolloutId, rolloutLinks } from '../targets';

type RevertBody = ReturnType<typeof revertBodySchema.parse>;

export function revertRouter(ctx: RouteContext): Router {
  const router = Router();
  router.post('/rollouts/:id/revert', requireAction('start'), parseBody(ctx.config.bodyLimit), (req, res) =>
    revert(ctx, req, res),
  );
  return router;
}

const refuse = (message: string, details: ErrorDetail[] = []) =>
  new ApiError('InvalidState', `cannot revert: ${message}`, details);

/** The deployment to go back to, or the reason there is none. */
function previousOf(status: RolloutStatus, runId: string): PreviousDeployment {
  if (status.state !== 'Succeeded') {
    const ended = status.outcome ? `ended ${status.state}` : `is still ${status.state}`;
    throw refuse(`run ${runId} ${ended}: only a succeeded rollout can be reverted`);
  }
  if (!status.previousDeployment) {
    throw refuse(
      `run ${runId} recorded no previous deployment (its plan kept the baseline, or had no cleanup): ` +
        'start a rollout naming the kept deployment instead',
    );
  }
  return status.previousDeployment;
}

/** deploy, validate, one canary step, promote, cleanup: the old deployment under the same gates as any release. */
export function revertPlan(status: RolloutStatus, previous: PreviousDeployment, body: RevertBody): RolloutPlan {
  const { subscriptionId, resourceGroup, workspace, endpoint } = status.target;
  return planSchema.parse({
    endpoint,
    subscriptionId,
    resourceGroup,
    workspace,
    candidate: previous.candidate,
    ...(body.analysis ? { analysis: body.analysis } : {}),
    stages: [
      { kind: 'deploy' },
      { kind: 'validate', ...(body.requestBodies ? { requestBodies: body.requestBodies } : {}) },
      { kind: 'canary', weight: body.canaryWeight, bake: body.bake },
      { kind: 'promote', watch: body.watch },
      { kind: 'cleanup' },
    ],
  });
}

async function revert(ctx: RouteContext, req: Request, res: Response) {
  const body = parseWith(revertBodySchema, req.body, 'revert request');
  const id = resolveRolloutId(String(req.params.id), ctx.config.defaults);
  const execution = await ctx.gateway.describe(id, body.runId);
  const status = await ctx.gateway.statusOf(execution);
  const previous = previousOf(status, execution.runId);
  const plan = revertPlan(status, previous, body);
  const target = status.target;
  if (await ctx.gateway.active(id)) throw activeRolloutError(target, id);
  const check = await ctx.gateway.checkPlan(target, plan);
  const archived = (check.warnings ?? []).filter((w) => w.rule === MODEL_ARCHIVED);
  if (archived.length) {
    throw refuse(`${previous.candidate.model} is archived: restore the model version first`, archived);
  }
  const inputs = check.problems.filter((p) => p.rule === 'validate.inputs');
  if (inputs.length) {
    const message = "send requestBodies: the validate stage needs scoring requests in the model's input format";
    throw new ApiError('InvalidRequest', message, inputs);
  }
  if (check.problems.length) {
    const listed = check.problems.map((p) => p.message).join('; ');
    throw refuse(`the previous deployment can no longer be rebuilt: ${listed}`, check.problems);
  }
  const actor = principalOf(res).name;
  const run = await ctx.gateway.start({
    rolloutId: rolloutId(target),
    target,
    plan,
    startedBy: actor,
    reason: `revert of run ${execution.runId}: ${body.reason}`,
    ...(ctx.config.requireDistinctApprover ? { requireDistinctApprover: true } : {}),
  });
  ctx.metrics.rolloutsStarted.inc({ source: 'revert' });
  ctx.log.info({ rolloutId: id, runId: run.runId, actor, revertOf: execution.runId }, 'revert started');
  const links = rolloutLinks(id);
  res
    .status(201)
    .location(links.self)
    .json({
      id,
      runId: run.runId,
      revertOf: { runId: execution.runId, deployment: previous.name, model: previous.candidate.model },
      notRestored: previous.notRestored,
      links,
    });
}
