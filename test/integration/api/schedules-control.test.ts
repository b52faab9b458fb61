// Scheduled canaries on the real stack (dev server, emulator over HTTPS, worker with the real activities): a firing
// whose `@latest` is the version already live is a skip, visible on the schedule and sent to the plan's channel, and
// no rollout starts; a schedule is paused, resumed and updated through the API.
import { randomUUID } from 'node:crypto';
import { useApiStack, waitFor } from '../../support/api-stack';
import { addDeployment } from '../../support/data-plane-setup';
import { beforeAllStarted } from '../../support/hooks';
import { startHttpsReceiver } from '../../support/https-receiver';
import { sleep } from '../../support/wait';

const receiver = beforeAllStarted(startHttpsReceiver, (r) => r.close());
const stack = useApiStack({
  rps: 0,
  notify: {
    get ca() {
      return receiver.ca;
    },
  },
});
const received = () => receiver.received.map((r) => r.json as Record<string, unknown>);

beforeAll(async () => {
  const allow = { id: 'local', entry: 'localhost', reason: 'the test receiver' };
  expect((await stack.call('POST', '/notifications/allowlist', { role: 'admin', body: allow })).status).toBe(201);
  const channel = {
    id: 'events',
    kind: 'webhook',
    url: `${receiver.url}/events`,
    secret: 'schedule-secret-0123456789',
  };
  expect((await stack.call('POST', '/channels', { role: 'admin', body: channel })).status).toBe(201);
});

const template = () => ({
  endpoint: 'heart-ep',
  candidate: { model: 'azureml:heart-classifier@latest' },
  stages: [{ kind: 'deploy' }, { kind: 'approval', name: 'nightly', timeout: '10m' }, { kind: 'promote', watch: '0s' }],
  notifications: { channels: ['events'] },
});

const schedule = async (id: string) => (await stack.call('GET', `/schedules/${id}`, { role: 'viewer' })).body;

it('skips a firing whose @latest is already live, and shows why on the schedule and its channel', async () => {
  // The newest registered version (3) is what blue serves already.
  await addDeployment(stack.emulator, 'heart-ep', { name: 'blue', version: 3, capacity: 2 });
  const id = `latest-${randomUUID().slice(0, 8)}`;
  const created = await stack.call('POST', '/schedules', {
    role: 'admin',
    body: { id, every: '2s', plan: template() },
  });
  expect(created.status).toBe(201);

  const skipped = await waitFor(
    'a skipped firing on the schedule',
    async () => {
      const s = await schedule(id);
      return s.recentActions?.find((a: { outcome?: unknown }) => a.outcome) ? s : undefined;
    },
    30_000,
    500,
  );
  const outcome = skipped.recentActions.find((a: { outcome?: unknown }) => a.outcome).outcome;
  expect(outcome).toEqual({
    started: false,
    skipped: 'alreadyLive',
    rolloutId: expect.stringMatching(/heart-ep$/),
    model: 'azureml:heart-classifier:3',
    reason: 'azureml:heart-classifier:3 (from azureml:heart-classifier@latest) is already live on blue',
  });
  const event = await waitFor('the skip on the channel', async () =>
    received().find((e) => e.trigger === 'schedule.skipped'),
  );
  expect(event).toMatchObject({
    endpoint: 'heart-ep',
    model: 'azureml:heart-classifier:3',
    evidence: expect.stringContaining(`schedule ${id}: azureml:heart-classifier:3`),
  });
  expect((await stack.call('GET', '/rollouts/heart-ep', { role: 'viewer' })).status).toBe(404);
  expect((await stack.call('DELETE', `/schedules/${id}`, { role: 'admin' })).status).toBe(204);
});

it('pauses a schedule (no firing while paused), resumes it, and updates its interval and plan', async () => {
  const id = `steer-${randomUUID().slice(0, 8)}`;
  await stack.call('POST', '/schedules', { role: 'admin', body: { id, every: '1s', plan: template() } });
  const paused = await stack.call('POST', `/schedules/${id}/pause`, { role: 'admin', body: { reason: 'freeze' } });
  expect(paused.status).toBe(200);
  expect(paused.body).toMatchObject({ id, paused: true, note: 'paused by admin-user: freeze' });
  const firings = paused.body.recentActions.length;
  await sleep(3_000);
  expect((await schedule(id)).recentActions).toHaveLength(firings);

  const resumed = await stack.call('POST', `/schedules/${id}/resume`, { role: 'admin', body: {} });
  expect(resumed.body).toMatchObject({ paused: false, note: 'resumed by admin-user' });
  await waitFor('a firing after resume', async () => (await schedule(id)).recentActions.length > firings, 15_000, 500);

  const pinned = { ...template(), candidate: { model: 'azureml:heart-classifier:2' } };
  const updated = await stack.call('PATCH', `/schedules/${id}`, {
    role: 'admin',
    body: { every: '6h', plan: pinned, note: 'weekly pin' },
  });
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({ every: '6h', paused: false, note: 'weekly pin' });
  expect(updated.body.template.plan.candidate.model).toBe('azureml:heart-classifier:2');
  // Temporal's scheduler applies an update in its own workflow: the next action times follow a moment later.
  const sixHoursOut = async () => {
    const { nextActionTimes } = await schedule(id);
    return Date.parse(nextActionTimes[0]) - Date.now() > 60_000 || undefined;
  };
  await waitFor('the next firing six hours out', sixHoursOut, 15_000, 500);

  const refused = await stack.call('PATCH', `/schedules/${id}`, {
    role: 'admin',
    body: { plan: { ...pinned, candidate: { model: 'azureml:heart-classifier:99' } } },
  });
  expect(refused.status).toBe(400);
  expect(refused.body.error.details[0]).toMatchObject({ path: 'plan.candidate.model', rule: 'model.exists' });
  expect((await schedule(id)).template.plan.candidate.model).toBe('azureml:heart-classifier:2');
  expect((await stack.call('DELETE', `/schedules/${id}`, { role: 'admin' })).status).toBe(204);
});
