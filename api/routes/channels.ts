// Notification channels (admins create, change and delete them; anyone may list them, without URL or secret) and
// the outbound allowlist (admins only). A channel's URL is checked against the allowlist when it is saved.
import { Router, type Request, type Response } from 'express';
import { outboundProblems } from '../../channels/outbound';
import { allowlistEntries, type ChannelRecord } from '../../channels/records';
import { principalOf, requireAction } from '../auth';
import { parseBody } from '../body';
import { allowlistCreateSchema, channelCreateSchema, channelPatchSchema, RECORD_ID } from '../contract-notifications';
import { parseWith, type RouteContext } from '../context';
import { ApiError } from '../errors';
import { mayAct } from '../roles';

export function channelsRouter(ctx: RouteContext): Router {
  const router = Router();
  const body = parseBody(ctx.config.bodyLimit);
  const { channels, subscriptions, allowlist } = ctx.notifications;
  router.get('/channels', requireAction('read'), async (_req, res) => {
    const all = [...(await channels.all()).values()];
    res.json({ items: all.map((c) => viewOf(c, res)) });
  });
  router.get('/channels/:id', requireAction('read'), async (req, res) => {
    res.json(viewOf(await existing(ctx, idOf(req, 'channel')), res));
  });
  router.post('/channels', requireAction('configure'), body, async (req, res) => {
    const input = parseWith(channelCreateSchema, req.body, 'channel');
    if ((input.kind === 'webhook') !== (input.secret !== undefined)) {
      const message =
        input.kind === 'webhook' ? 'a generic webhook needs a secret' : `a ${input.kind} channel takes none`;
      throw new ApiError('InvalidRequest', `invalid channel: secret: ${message}`, [{ path: 'secret', message }]);
    }
    await checkAddress(ctx, input.url);
    const now = new Date().toISOString();
    const record: ChannelRecord = { ...input, createdAt: now, updatedAt: now, createdBy: principalOf(res).name };
    await channels.update((records) => {
      if (records.has(input.id)) throw new ApiError('InvalidState', `channel ${input.id} already exists`);
      records.set(input.id, record);
    });
    ctx.log.info({ channel: input.id, kind: input.kind, actor: principalOf(res).name }, 'channel created');
    res.status(201).location(`/channels/${input.id}`).json(viewOf(record, res));
  });
  router.patch('/channels/:id', requireAction('configure'), body, async (req, res) => {
    const id = idOf(req, 'channel');
    const patch = parseWith(channelPatchSchema, req.body, 'channel change');
    if (patch.url) await checkAddress(ctx, patch.url);
    const updated = await channels.update((records) => {
      const current = records.get(id);
      if (!current) throw new ApiError('NotFound', `channel ${id} not found`);
      if (patch.secret && current.kind !== 'webhook') {
        throw new ApiError('InvalidRequest', `invalid channel change: a ${current.kind} channel takes no secret`, [
          { path: 'secret', message: `a ${current.kind} channel takes no secret` },
        ]);
      }
      const next = { ...current, ...patch, updatedAt: new Date().toISOString() };
      records.set(id, next);
      return next;
    });
    ctx.log.info({ channel: id, fields: Object.keys(patch), actor: principalOf(res).name }, 'channel changed');
    res.json(viewOf(updated, res));
  });
  router.delete('/channels/:id', requireAction('configure'), async (req, res) => {
    const id = idOf(req, 'channel');
    const users = [...(await subscriptions.all()).values()].filter((s) => s.channel === id).map((s) => s.id);
    if (users.length > 0)
      throw new ApiError('InvalidState', `channel ${id} is used by subscriptions ${users.join(', ')}`);
    await channels.update((records) => {
      if (!records.delete(id)) throw new ApiError('NotFound', `channel ${id} not found`);
    });
    ctx.log.info({ channel: id, actor: principalOf(res).name }, 'channel deleted');
    res.status(204).end();
  });

  router.get('/notifications/allowlist', requireAction('configure'), async (_req, res) => {
    res.json({ configured: ctx.config.notifyAllowlist, items: [...(await allowlist.all()).values()] });
  });
  router.post('/notifications/allowlist', requireAction('configure'), body, async (req, res) => {
    const input = parseWith(allowlistCreateSchema, req.body, 'allowlist entry');
    const now = new Date().toISOString();
    const record = { ...input, createdAt: now, updatedAt: now, createdBy: principalOf(res).name };
    await allowlist.update((records) => {
      if (records.has(input.id)) throw new ApiError('InvalidState', `allowlist entry ${input.id} already exists`);
      records.set(input.id, record);
    });
    ctx.log.info({ entry: input.entry, reason: input.reason, actor: principalOf(res).name }, 'allowlist entry added');
    res.status(201).location(`/notifications/allowlist/${input.id}`).json(record);
  });
  router.delete('/notifications/allowlist/:id', requireAction('configure'), async (req, res) => {
    const id = idOf(req, 'allowlist entry');
    await allowlist.update((records) => {
      if (!records.delete(id)) throw new ApiError('NotFound', `allowlist entry ${id} not found`);
    });
    ctx.log.info({ id, actor: principalOf(res).name }, 'allowlist entry removed');
    res.status(204).end();
  });
  return router;
}

export function idOf(req: Request, what: string): string {
  const id = String(req.params.id);
  if (!RECORD_ID.test(id)) throw new ApiError('NotFound', `${what} ${id} not found`);
  return id;
}

async function existing(ctx: RouteContext, id: string): Promise<ChannelRecord> {
  const channel = await ctx.notifications.channels.get(id);
  if (!channel) throw new ApiError('NotFound', `channel ${id} not found`);
  return channel;
}

/** Never the URL (Slack's and Teams' are credentials) or the secret; admins see the host and whether it signs. */
function viewOf(channel: ChannelRecord, res: Response) {
  const { id, kind, description, createdAt, updatedAt, createdBy } = channel;
  const base = { id, kind, ...(description !== undefined ? { description } : {}) };
  if (!mayAct(principalOf(res).roles, 'configure')) return base;
  return {
    ...base,
    host: new URL(channel.url).host,
    signed: channel.secret !== undefined,
    createdAt,
    updatedAt,
    createdBy,
  };
}

async function checkAddress(ctx: RouteContext, url: string): Promise<void> {
  const allowlist = await allowlistEntries(ctx.notifications, ctx.config.notifyAllowlist);
  const problems = await outboundProblems(url, allowlist, ctx.resolve);
  if (problems.length > 0) {
    throw new ApiError(
      'InvalidRequest',
      `invalid channel: url: ${problems[0]}`,
      problems.map((message) => ({ path: 'url', rule: 'outbound.allowlist', message })),
    );
  }
}
