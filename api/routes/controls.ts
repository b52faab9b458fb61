// POST /rollouts/{id}/approve|reject|pause|resume|rollback|promote: each a workflow Update carrying its actor.
import { Router, type Request, type Response } from 'express';
import { principalOf, requireAction } from '../auth';
import { parseBody } from '../body';
import { CONTROL_ACTIONS, controlBodySchema, reasonedControlBodySchema, type ControlAction } from '../contract';
import { parseWith, type RouteContext } from '../context';
import { resolveRolloutId, rolloutLinks } from '../targets';

const NEEDS_REASON: readonly ControlAction[] = ['rollback', 'promote'];

export function controlsRouter(ctx: RouteContext): Router {
  const router = Router();
  for (const action of CONTROL_ACTIONS) {
    router.post(`/rollouts/:id/${action}`, requireAction(action), parseBody(ctx.config.bodyLimit), (req, res) =>
      control(ctx, action, req, res),
    );
  }
  return router;
}

async function control(ctx: RouteContext, action: ControlAction, req: Request, res: Response) {
  const schema = NEEDS_REASON.includes(action) ? reasonedControlBodySchema : controlBodySchema;
  const body = parseWith(schema, req.body, `${action} request`);
  const id = resolveRolloutId(String(req.params.id), ctx.config.defaults);
  const principal = principalOf(res);
  try {
    const idempotencyKey = req.get('idempotency-key')?.slice(0, 200) || undefined;
    const status = await ctx.gateway.control(id, action, { ...body, actor: principal.name, roles: principal.roles }, idempotencyKey && `${action}:${idempotencyKey}`);
    ctx.metrics.controls.inc({ action, outcome: 'accepted' });
    if (action === 'rollback') ctx.metrics.rollbacksRequested.inc({ cause: 'manual' });
    ctx.log.info({ rolloutId: id, action, actor: principal.name, reason: body.reason }, 'control accepted');
    res.json({ id, action, ...status, links: rolloutLinks(id) });
  } catch (error) {
    ctx.metrics.controls.inc({ action, outcome: 'refused' });
    throw error;
  }
}
