// Deployment windows and change freezes: admins create and delete rules, everyone may read them. The rules live in
// the store the worker's window check reads, so a change applies to waiting rollouts at their next check.
import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { WINDOW_ID, windowRuleInputSchema, type WindowRule } from '../../domain/window-rules';
import { windowRulesFile } from '../../store/window-rules';
import { principalOf, requireAction } from '../auth';
import { parseBody } from '../body';
import { parseWith, type RouteContext } from '../context';
import { ApiError } from '../errors';

export function windowsRouter(ctx: RouteContext): Router {
  const rules = windowRulesFile(ctx.config.storeDir);
  const router = Router();
  router.get('/windows', requireAction('read'), async (_req, res) => {
    const all = [...(await rules.all()).values()].sort((a, b) => a.id.localeCompare(b.id));
    res.json({ items: all.map(view) });
  });
  router.get('/windows/:id', requireAction('read'), async (req, res) => {
    res.json(view(found(await rules.get(knownId(req)), req)));
  });
  router.post('/windows', requireAction('window'), parseBody(ctx.config.bodyLimit), (req, res) =>
    create(ctx, req, res),
  );
  router.delete('/windows/:id', requireAction('window'), async (req, res) => {
    const id = knownId(req);
    const removed = await rules.update((records) => records.delete(id));
    if (!removed) throw new ApiError('NotFound', `window ${id} not found`);
    ctx.log.info({ windowId: id, actor: principalOf(res).name }, 'window deleted');
    res.status(204).end();
  });
  return router;

  async function create(ctx: RouteContext, req: Request, res: Response) {
    const input = parseWith(windowRuleInputSchema, req.body, 'window rule');
    const id = input.id ?? `${input.effect}-${randomUUID().slice(0, 8)}`;
    const rule: WindowRule = { ...input, id, createdBy: principalOf(res).name, createdAt: new Date().toISOString() };
    await rules.update((records) => {
      if (records.has(id)) throw new ApiError('InvalidState', `window ${id} already exists`);
      records.set(id, rule);
    });
    ctx.log.info({ windowId: id, actor: rule.createdBy, effect: rule.effect, reason: rule.reason }, 'window created');
    res.status(201).location(`/windows/${id}`).json(view(rule));
  }
}

function knownId(req: Request): string {
  const id = String(req.params.id);
  if (!WINDOW_ID.test(id)) throw new ApiError('NotFound', `window ${id} not found`);
  return id;
}

function found(rule: WindowRule | undefined, req: Request): WindowRule {
  if (!rule) throw new ApiError('NotFound', `window ${String(req.params.id)} not found`);
  return rule;
}

function view(rule: WindowRule) {
  return { ...rule, links: { self: `/windows/${rule.id}` } };
}
