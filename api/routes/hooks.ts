// POST /hooks/azure-monitor: a fired alert on an endpoint with an active rollout rolls it back, the alert being the
// reason; anything else is acknowledged and ignored. Authenticated by a shared secret in the X-Webhook-Secret header,
// or by an Entra ID token (Azure Monitor's secure webhook: the action group's service principal holds the `sre` app
// role). Never by a query string: URLs end up in proxies' and Azure's logs.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { parseBody } from '../body';
import { commonAlertSchema } from '../contract';
import { parseWith, type RouteContext } from '../context';
import { ApiError, toApiError } from '../errors';
import type { JwtVerifier } from '../auth';
import { mayAct } from '../roles';
import { ROLLOUT_WORKFLOW } from '../../domain/workflow-types';
import { alertReason, alertedRolloutIds } from '../alert';
import { auditLocals } from '../audit-trail';

export function hooksRouter(ctx: RouteContext, verifyJwt?: JwtVerifier): Router {
  const router = Router();
  router.post(
    '/hooks/azure-monitor',
    (req, _res, next) => void authenticateAlert(ctx, req, verifyJwt).then(next, next),
    parseBody(ctx.config.bodyLimit),
    (req, res) => onAlert(ctx, req, res),
  );
  return router;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

async function authenticateAlert(
  ctx: RouteContext,
  req: Request,
  verifyJwt: JwtVerifier | undefined,
): Promise<ApiError | undefined> {
  const expected = ctx.config.alertSecret;
  const bearer = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1];
  if (bearer && verifyJwt) {
    const principal = await verifyJwt(bearer).catch(() => undefined);
    if (!principal) return new ApiError('Unauthenticated', 'invalid or expired Entra ID token');
    if (!mayAct(principal.roles, 'rollback')) {
      return new ApiError('Forbidden', `${principal.name} may not roll back: give the action group the sre app role`);
    }
    return undefined;
  }
  if (!expected && !verifyJwt) {
    return new ApiError(
      'Unauthenticated',
      'the alert webhook is disabled: set ALERT_WEBHOOK_SECRET, or Entra ID for a secure webhook',
    );
  }
  if (typeof req.query.secret === 'string') {
    return new ApiError('Unauthenticated', 'the webhook secret is not accepted in the URL: send X-Webhook-Secret');
  }
  const given = req.get('x-webhook-secret');
  if (!expected || !given || !timingSafeEqual(digest(given), digest(expected))) {
    return new ApiError('Unauthenticated', 'missing or wrong webhook secret (X-Webhook-Secret header)');
  }
  return undefined;
}

async function onAlert(ctx: RouteContext, req: Request, res: Response) {
  const alert = parseWith(commonAlertSchema, req.body, 'alert payload');
  const e = alert.data.essentials;
  if (e.monitorCondition !== 'Fired') return res.json({ action: 'ignored', reason: `alert is ${e.monitorCondition}` });
  const wanted = new Set(alertedRolloutIds(alert));
  if (!wanted.size) return res.json({ action: 'ignored', reason: 'the alert targets no online endpoint' });
  const running = await ctx.gateway.list(`WorkflowType = '${ROLLOUT_WORKFLOW}' AND ExecutionStatus = 'Running'`, 1000);
  const targets = running.filter((r) => wanted.has(r.id.toLowerCase()));
  if (!targets.length) return res.json({ action: 'ignored', reason: 'no active rollout on the alerted endpoint' });
  const actor = `alert:${e.alertRule}`;
  auditLocals(res).auditActor = actor;
  const results = await Promise.all(
    targets.map(async (target) => {
      try {
        const status = await ctx.gateway.control(target.id, 'rollback', {
          actor,
          reason: alertReason(alert),
          comment: e.alertId,
        });
        ctx.metrics.rollbacksRequested.inc({ cause: 'alert' });
        await recordAlertRollback(ctx, req, { actor, target: target.id, outcome: 'ok', reason: alertReason(alert) });
        return { rolloutId: target.id, result: 'rollback requested', state: status.state };
      } catch (error) {
        const reason = toApiError(error).message;
        await recordAlertRollback(ctx, req, { actor, target: target.id, outcome: 'refused', reason });
        return { rolloutId: target.id, result: 'ignored', reason };
      }
    }),
  );
  ctx.log.warn({ alertRule: e.alertRule, results }, 'alert handled');
  const rolledBack = results.some((r) => r.result === 'rollback requested');
  res.json({ action: rolledBack ? 'rollback' : 'ignored', results });
}

/** The automatic action itself, one entry per alerted rollout (the request has its own entry). */
async function recordAlertRollback(
  ctx: RouteContext,
  req: Request,
  entry: { actor: string; target: string; outcome: string; reason: string },
) {
  const requestId = req.res?.get('x-request-id');
  await ctx.audit
    .append({ ...entry, action: 'alert-rollback', requestId, source: 'api' })
    .catch((err: unknown) => ctx.log.error({ err }, 'audit append failed'));
}
