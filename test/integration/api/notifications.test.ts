// Notification channels on the real stack (dev server, emulator, worker with the real activities, the API) with a
// local HTTPS receiver: admins manage channels, subscriptions and the allowlist; each trigger (a window hold and a
// failed gate included) reaches each subscribed channel once, in its format (Slack and Teams payloads checked against
// their published shapes), signed; every delivery's first attempt "loses its completion" and is retried, without a
// second send; a receiver that never answers does not slow the rollout; plans naming unknown channels or unallowed
// addresses are refused, nothing sent; channels survive a restart (a new API process on the same store).
import { ApplicationFailure } from '@temporalio/activity';
import { TRIGGERS, type Trigger } from '../../../domain/notifications';
import { verifySignature } from '../../../channels/signing';
import type { DeliverInput } from '../../../activities/types';
import { idPath, useApiStack, waitFor } from '../../support/api-stack';
import { adaptiveCardSchema, slackMessageSchema, teamsWorkflowMessageSchema } from '../../support/chat-payloads';
import { beforeAllStarted } from '../../support/hooks';
import { startHttpsReceiver, type Received } from '../../support/https-receiver';
import { killProcess, startApiProcess } from '../../support/processes';

const receiver = beforeAllStarted(startHttpsReceiver, (r) => r.close());
const SECRET = 'ops-hook-secret-0123456789';
/** Delivery attempts per event (rollout, run, sequence): a first attempt that delivered throws afterwards. */
const attempts = new Map<string, number>();

const stack = useApiStack({
  notify: {
    get ca() {
      return receiver.ca;
    },
    timeoutMs: 2_000,
    links: {
      dashboardUrl: 'https://rollouts.example',
      temporalUiUrl: 'https://temporal.example',
      namespace: 'default',
    },
  },
  wrapActivities: (activities) => {
    const deliver = activities.deliverNotification as (input: DeliverInput) => Promise<unknown>;
    return {
      ...activities,
      deliverNotification: async (input: DeliverInput) => {
        const key = `${input.event.rolloutId}/${input.event.runId}#${input.event.sequence}`;
        const report = await deliver(input);
        attempts.set(key, (attempts.get(key) ?? 0) + 1);
        const sent = (report as { sent: string[] }).sent.length > 0;
        if (sent && attempts.get(key) === 1)
          throw ApplicationFailure.retryable('completion lost after sending', 'Unavailable');
        return report;
      },
    };
  },
});

const plan = (notifications: object, stages?: object[]) => ({
  endpoint: 'heart-ep',
  // Enough instances for all the live traffic once promoted (one would answer 429s: a failed gate).
  candidate: { model: 'azureml:heart-classifier:2', instance_count: 4 },
  analysis: { judge: 'threshold', interval: '1s', minRequests: 5 },
  stages: stages ?? [
    { kind: 'deploy' },
    { kind: 'approval', name: 'go-live', timeout: '5m' },
    { kind: 'promote', watch: '1s' },
    { kind: 'cleanup' },
  ],
  notifications,
});

const byPath = (path: string) => receiver.received.filter((r) => r.path === path);
const triggersAt = (path: string, rolloutRun: string) =>
  byPath(path)
    .filter((r) => String(r.headers['x-rollout-delivery']) && deliveryRun(r) === rolloutRun)
    .map((r) => r.headers['x-rollout-trigger'] as Trigger);
/** Slack and Teams bodies carry no run id: the generic webhook's messages name the run, the others are matched by time. */
const deliveryRun = (r: Received) => (r.path === '/hook' ? String(r.json.runId) : 'any');

async function startRollout(body: object) {
  const started = await stack.call('POST', '/rollouts', { role: 'releaseManager', body });
  expect(started.status).toBe(201);
  return started.body as { id: string; runId: string };
}

const state = async (id: string) => (await stack.call('GET', idPath(id), { role: 'viewer' })).body;

/** Waits for the rollout's state; a timeout says where it was. */
async function until(id: string, wanted: string, timeoutMs = 60_000) {
  let last: any;
  const describe = () =>
    `${wanted}; last: ${JSON.stringify({ state: last?.state, paused: last?.paused, events: last?.events?.map((e: any) => `${e.type}: ${e.reason ?? ''}`) })}`;
  return waitFor(
    describe,
    async () => {
      last = await state(id);
      return last.state === wanted ? last : undefined;
    },
    timeoutMs,
  );
}

describe('channels, subscriptions and the allowlist', () => {
  it('refuses a loopback channel until an admin allows it; URLs and secrets never come back', async () => {
    const hook = { id: 'ops-hook', kind: 'webhook', url: `${receiver.url}/hook`, secret: SECRET };
    const refused = await stack.call('POST', '/channels', { role: 'admin', body: hook });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ path: 'url', message: expect.stringMatching(/loopback/) }),
    ]);
    expect((await stack.call('POST', '/channels', { role: 'viewer', body: hook })).status).toBe(403);
    const allow = { id: 'local', entry: 'localhost', reason: 'the test receiver' };
    expect((await stack.call('POST', '/notifications/allowlist', { role: 'admin', body: allow })).status).toBe(201);

    const created = await stack.call('POST', '/channels', { role: 'admin', body: hook });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'ops-hook', kind: 'webhook', signed: true, host: expect.any(String) });
    for (const kind of ['slack', 'teams']) {
      const body = { id: `${kind}-ops`, kind, url: `${receiver.url}/${kind}` };
      expect((await stack.call('POST', '/channels', { role: 'admin', body })).status).toBe(201);
    }
    const unsigned = { id: 'bare-hook', kind: 'webhook', url: `${receiver.url}/bare` };
    expect((await stack.call('POST', '/channels', { role: 'admin', body: unsigned })).status).toBe(400);

    const asViewer = await stack.call('GET', '/channels', { role: 'viewer' });
    expect(asViewer.body.items).toEqual(
      expect.arrayContaining([
        { id: 'ops-hook', kind: 'webhook' },
        { id: 'slack-ops', kind: 'slack' },
      ]),
    );
    const asAdmin = await stack.call('GET', '/channels/ops-hook', { role: 'admin' });
    for (const text of [asViewer.text, asAdmin.text]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('/hook');
    }
    for (const kind of ['slack', 'teams']) {
      const sub = { id: `${kind}-all`, channel: `${kind}-ops`, triggers: TRIGGERS, endpoints: 'heart-*' };
      expect((await stack.call('POST', '/subscriptions', { role: 'admin', body: sub })).status).toBe(201);
    }
    const orphan = { id: 'orphan', channel: 'nope', triggers: ['failed'] };
    expect((await stack.call('POST', '/subscriptions', { role: 'admin', body: orphan })).status).toBe(400);
  });

  it('refuses a plan naming an unknown channel or subscription, a webhookUrl, or an address no longer allowed', async () => {
    const temp = {
      id: 'temp-hook',
      kind: 'webhook',
      url: `${receiver.url.replace('localhost', '127.0.0.1')}/temp`,
      secret: SECRET,
    };
    const v4 = { id: 'loopback-v4', entry: '127.0.0.1/32', reason: 'for a moment' };
    expect((await stack.call('POST', '/notifications/allowlist', { role: 'admin', body: v4 })).status).toBe(201);
    expect((await stack.call('POST', '/channels', { role: 'admin', body: temp })).status).toBe(201);
    expect((await stack.call('DELETE', '/notifications/allowlist/loopback-v4', { role: 'admin' })).status).toBe(204);
    const before = receiver.received.length;
    const cases: [object, string][] = [
      [{ channels: ['nope'] }, 'notifications.channels[0]'],
      [{ subscriptions: ['nope'] }, 'notifications.subscriptions[0]'],
      [{ channels: ['temp-hook'] }, 'notifications.channels[0]'],
      [{ webhookUrl: 'https://10.0.0.5:8443/' }, 'notifications'],
    ];
    for (const [notifications, path] of cases) {
      const refused = await stack.call('POST', '/rollouts', { role: 'releaseManager', body: plan(notifications) });
      expect({ notifications, status: refused.status }).toEqual({ notifications, status: 400 });
      expect(refused.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
      expect(refused.text).not.toContain('127.0.0.1');
    }
    expect((await stack.call('GET', '/rollouts?endpoint=heart-ep', { role: 'viewer' })).body.items).toEqual([]);
    expect(receiver.received.length).toBe(before);
  });
});

describe('delivery on a real rollout', () => {
  it('sends each trigger once per subscribed channel, in its format, signed, despite retried activities', async () => {
    const { id, runId } = await startRollout(plan({ channels: ['ops-hook'] }));
    await until(id, 'AwaitingApproval');
    const control = (action: string, role: 'sre' | 'releaseManager2', body: object = {}) =>
      stack.call('POST', `${idPath(id)}/${action}`, { role, body: { reason: 'checking dashboards', ...body } });
    expect((await control('pause', 'sre')).status).toBe(200);
    expect((await control('resume', 'sre')).status).toBe(200);
    expect((await control('approve', 'releaseManager2', { gate: 'go-live' })).status).toBe(200);
    await until(id, 'Succeeded', 120_000);
    const wanted = ['approval.awaiting', 'paused', 'succeeded'].sort();
    await waitFor('every message', () => (triggersAt('/hook', runId).length >= 3 ? true : undefined), 30_000);
    await waitFor(
      'the chat messages',
      () => (byPath('/teams').length >= 3 && byPath('/slack').length >= 3) || undefined,
    );
    await new Promise((r) => setTimeout(r, 2_000)); // a second send would land by now (the retries are 1 s apart)
    expect(triggersAt('/hook', runId).sort()).toEqual(wanted);
    expect(
      byPath('/slack')
        .map((r) => r.headers['x-rollout-trigger'])
        .sort(),
    ).toEqual(wanted);
    expect(
      byPath('/teams')
        .map((r) => r.headers['x-rollout-trigger'])
        .sort(),
    ).toEqual(wanted);
    expect([...attempts.values()].every((n) => n === 2)).toBe(true);

    const now = Math.floor(Date.now() / 1000);
    for (const message of byPath('/hook')) {
      const headers = {
        timestamp: String(message.headers['x-rollout-timestamp']),
        signature: String(message.headers['x-rollout-signature']),
      };
      expect(verifySignature(SECRET, headers, message.body, now)).toBe(true);
      expect(verifySignature('another-secret-0123456', headers, message.body, now)).toBe(false);
      expect(message.json).toMatchObject({
        endpoint: 'heart-ep',
        rolloutId: id,
        weight: expect.any(Number),
        evidence: expect.any(String),
        links: {
          dashboard: `https://rollouts.example/ui/rollouts/${encodeURIComponent(id)}`,
          temporal: expect.stringContaining(`https://temporal.example/namespaces/default/workflows/`),
        },
      });
    }
    expect(byPath('/hook').find((m) => m.json.trigger === 'paused')?.json).toMatchObject({
      cause: 'operator',
      evidence: 'checking dashboards',
    });
    for (const message of byPath('/slack')) expect(slackMessageSchema.safeParse(message.json).error).toBeUndefined();
    for (const message of byPath('/teams')) {
      expect(teamsWorkflowMessageSchema.safeParse(message.json).error).toBeUndefined();
      expect(adaptiveCardSchema.parse(message.json.attachments[0].content).actions).toHaveLength(2);
    }
    expect(new Set(receiver.received.map((r) => r.headers['x-rollout-delivery'])).size).toBe(receiver.received.length);
  }, 180_000);

  it('sends rolling back and rolled back when an SRE rolls back', async () => {
    const { id, runId } = await startRollout(
      plan({ channels: ['ops-hook'] }, [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '60s' }]),
    );
    await until(id, 'Canary', 60_000);
    const rollback = await stack.call('POST', `${idPath(id)}/rollback`, {
      role: 'sre',
      body: { reason: 'error budget' },
    });
    expect(rollback.status).toBe(200);
    await until(id, 'RolledBack', 60_000);
    await waitFor('both messages', () => (triggersAt('/hook', runId).length >= 2 ? true : undefined), 30_000);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(triggersAt('/hook', runId).sort()).toEqual(['rolled.back', 'rolling.back']);
    expect(
      byPath('/hook').find((m) => m.json.runId === runId && m.json.trigger === 'rolling.back')?.json,
    ).toMatchObject({
      evidence: 'error budget',
      weight: 20,
    });
  }, 120_000);

  it('sends window blocking while a freeze holds the canary step, then gate failed when the bad version fails', async () => {
    const local = (ms: number) => new Date(ms).toISOString().slice(0, 19);
    const now = Date.now();
    const freeze = await stack.call('POST', '/windows', {
      role: 'admin',
      body: {
        id: 'notify-freeze',
        effect: 'deny',
        when: { kind: 'once', start: local(now - 60_000), end: local(now + 20_000) },
        timeZone: 'UTC',
        scope: { endpoints: 'heart-*' },
        reason: 'a short freeze',
      },
    });
    expect(freeze.status).toBe(201);
    try {
      const bad = plan({ channels: ['ops-hook'] }, [{ kind: 'deploy' }, { kind: 'canary', weight: 20, bake: '60s' }]);
      const { id, runId } = await startRollout({
        ...bad,
        candidate: { model: 'azureml:heart-classifier:3', instance_count: 4 },
      });
      const done = await until(id, 'RolledBack', 90_000);
      const events = (done.events as { type: string; reason?: string }[]).map((e) => `${e.type}:${e.reason ?? ''}`);
      // A gate's rollback is one message, gate.failed (the event raises one trigger; rolling.back is an SRE's or alert's).
      const wanted = ['gate.failed', 'rolled.back', 'window.blocking'];
      await waitFor(
        () => `three messages; got ${triggersAt('/hook', runId).join(', ')}; events ${JSON.stringify(events)}`,
        () => (triggersAt('/hook', runId).length >= 3 ? true : undefined),
        30_000,
      );
      await new Promise((r) => setTimeout(r, 2_000));
      expect(triggersAt('/hook', runId).sort()).toEqual(wanted);
      const held = byPath('/hook').find((m) => m.json.runId === runId && m.json.trigger === 'window.blocking');
      expect(held?.json).toMatchObject({ endpoint: 'heart-ep' });
    } finally {
      await stack.call('DELETE', '/windows/notify-freeze', { role: 'admin' });
    }
  }, 150_000);

  it('does not slow the rollout when the receiver never answers', async () => {
    receiver.reply.status = 'hang';
    try {
      const stages = [
        { kind: 'deploy' },
        { kind: 'approval', name: 'go', timeout: '5m' },
        { kind: 'promote', watch: '1s' },
        { kind: 'cleanup' },
      ];
      const { id } = await startRollout(plan({ channels: ['ops-hook'] }, stages));
      await until(id, 'AwaitingApproval', 60_000);
      const approve = { reason: 'ship', gate: 'go' };
      expect(
        (await stack.call('POST', `${idPath(id)}/approve`, { role: 'releaseManager2', body: approve })).status,
      ).toBe(200);
      const done = await until(id, 'Succeeded', 60_000);
      // In workflow time: from the gate opening (its delivery starts) to the promote's traffic change. Awaited, the
      // delivery alone (3 tries of 2 s, backoff between) would hold the gate at least 6.6 s.
      const at = (type: string) => Date.parse(done.events.find((e: { type: string }) => e.type === type).at);
      expect(at('traffic.set') - at('approval.awaiting')).toBeLessThan(4_000);
      const failed = await waitFor(
        'the failure recorded',
        async () => {
          const events = (await state(id)).events as { type: string; reason?: string }[];
          return events.find((e) => e.type === 'notify.failed');
        },
        30_000,
      );
      expect(failed.reason).toMatch(/ops-hook: the receiver did not answer in time/);
      expect(failed.reason).not.toMatch(/localhost|127\.0\.0\.1/);
    } finally {
      receiver.reply.status = 204;
    }
  }, 120_000);
});

describe('a restart', () => {
  it('keeps channels: a new API process on the same store lists them', async () => {
    const token = 'restart-admin-token-0123456789';
    const { sha256Hex } = await import('../../../api/auth');
    const api = await startApiProcess({
      API_TOKENS: JSON.stringify([{ name: 'ada', role: 'admin', sha256: sha256Hex(token) }]),
      TASK_QUEUE: stack.taskQueue,
      ROLLOUT_STORE_DIR: stack.storeDir,
    });
    try {
      const res = await fetch(`${api.url}/channels`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await res.json()) as { items: { id: string }[] };
      expect(body.items.map((c) => c.id).sort()).toEqual(['ops-hook', 'slack-ops', 'teams-ops', 'temp-hook']);
      const subs = await fetch(`${api.url}/subscriptions`, { headers: { authorization: `Bearer ${token}` } });
      expect(((await subs.json()) as { items: unknown[] }).items).toHaveLength(2);
    } finally {
      await killProcess(api.child, 'SIGTERM');
    }
  }, 60_000);
});
