// POST /rollouts/{id}/approve|reject|pause|resume|rollback|promote|abandon-rollback: each a workflow Update carrying
// its actor, sent to the rollout's current run (or refused with 409 when the caller saw another run).
import { Router, type Request, type Response } from 'express';
import { RolloutError } from '../../domain/errors';
import { principalOf, requireAction } from '../auth';
import { parseBody } from '../body';
import {
  CONTROL_ACTIONS,
  controlBodySchema,
  controlPath,
  reasonedControlBodySchema,
  type ControlAction,
} from '../contract';
import { parseWith, type RouteContext } from '../context';
import { resolveRolloutId, rolloutLinks } from '../targets';

const NEEDS_REASON: readonly ControlAction[] = ['rollback', 'promote', 'abandonRollback', 'overrideWindow'];

export function controlsRouter(ctx: RouteContext): Router {
  const router = Router();
  for (const action of CONTROL_ACTIONS) {
    const path = `/rollouts/:id/${controlPath(action)}`;
    router.post(path, requireAction(action), parseBody(ctx.config.bodyLimit), (req, res) =>
      control(ctx, action, req, res),
    );
  }
  return router;
}

async function control(ctx: RouteContext, action: ControlAction, req: Request, res: Response) {
  const schema = NEEDS_REASON.includes(action) ? reasonedControlBodySchema : controlBodySchema;
  const { runId, ...body } = parseWith(schema, req.body, `${action} request`);
  const id = resolveRolloutId(String(req.params.id), ctx.config.defaults);
  const principal = principalOf(res);
  if (body.overrideTwoPersonRule && !principal.roles.includes('admin')) {
    throw new RolloutError('Forbidden', 'overrideTwoPersonRule: only an admin may override the two-person rule');
  }
  try {
    const idempotencyKey = req.get('idempotency-key')?.slice(0, 200) || undefined;
    const input = { ...body, actor: principal.name, roles: principal.roles, actorName: principal.displayName };
    const updateId = idempotencyKey && `${action}:${idempotencyKey}`;
    const status = await ctx.gateway.control(id, action, input, updateId, runId);
    ctx.metrics.controls.inc({ action, outcome: 'accepted' });
    if (action === 'rollback') ctx.metrics.rollbacksRequested.inc({ cause: 'manual' });
    ctx.log.info({ rolloutId: id, action, actor: principal.name, reason: body.reason }, 'control accepted');
    res.json({ id, action, ...status, links: rolloutLinks(id) });
  } catch (error) {
    ctx.metrics.controls.inc({ action, outcome: 'refused' });
    throw error;
  }
}
