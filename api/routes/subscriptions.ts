// Subscriptions: a channel, the triggers it wants, and optionally the endpoints (by name pattern) it applies to
// without a plan naming it. Admins create, replace and delete them; anyone may read them (they hold no secret).
import { Router } from 'express';
import type { SubscriptionRecord } from '../../channels/records';
import { principalOf, requireAction } from '../auth';
import { parseBody } from '../body';
import { subscriptionBodySchema, subscriptionCreateSchema } from '../contract-notifications';
import { parseWith, type RouteContext } from '../context';
import { ApiError } from '../errors';
import { idOf } from './channels';

export function subscriptionsRouter(ctx: RouteContext): Router {
  const router = Router();
  const body = parseBody(ctx.config.bodyLimit);
  const { channels, subscriptions } = ctx.notifications;
  const needChannel = async (id: string) => {
    if (!(await channels.get(id))) {
      const message = `no channel '${id}'`;
      throw new ApiError('InvalidRequest', `invalid subscription: channel: ${message}`, [{ path: 'channel', message }]);
    }
  };
  router.get('/subscriptions', requireAction('read'), async (_req, res) => {
    res.json({ items: [...(await subscriptions.all()).values()] });
  });
  router.get('/subscriptions/:id', requireAction('read'), async (req, res) => {
    const id = idOf(req, 'subscription');
    const found = await subscriptions.get(id);
    if (!found) throw new ApiError('NotFound', `subscription ${id} not found`);
    res.json(found);
  });
  router.post('/subscriptions', requireAction('configure'), body, async (req, res) => {
    const input = parseWith(subscriptionCreateSchema, req.body, 'subscription');
    await needChannel(input.channel);
    const now = new Date().toISOString();
    const record: SubscriptionRecord = { ...input, createdAt: now, updatedAt: now, createdBy: principalOf(res).name };
    await subscriptions.update((records) => {
      if (records.has(input.id)) throw new ApiError('InvalidState', `subscription ${input.id} already exists`);
      records.set(input.id, record);
    });
    ctx.log.info(
      { subscription: input.id, channel: input.channel, actor: principalOf(res).name },
      'subscription created',
    );
    res.status(201).location(`/subscriptions/${input.id}`).json(record);
  });
  router.put('/subscriptions/:id', requireAction('configure'), body, async (req, res) => {
    const id = idOf(req, 'subscription');
    const input = parseWith(subscriptionBodySchema, req.body, 'subscription');
    await needChannel(input.channel);
    const updated = await subscriptions.update((records) => {
      const current = records.get(id);
      if (!current) throw new ApiError('NotFound', `subscription ${id} not found`);
      const next = {
        ...input,
        id,
        createdAt: current.createdAt,
        createdBy: current.createdBy,
        updatedAt: new Date().toISOString(),
      };
      records.set(id, next);
      return next;
    });
    ctx.log.info({ subscription: id, actor: principalOf(res).name }, 'subscription replaced');
    res.json(updated);
  });
  router.delete('/subscriptions/:id', requireAction('configure'), async (req, res) => {
    const id = idOf(req, 'subscription');
    await subscriptions.update((records) => {
      if (!records.delete(id)) throw new ApiError('NotFound', `subscription ${id} not found`);
    });
    ctx.log.info({ subscription: id, actor: principalOf(res).name }, 'subscription deleted');
    res.status(204).end();
  });
  return router;
}
