// POST /rollouts, GET /rollouts(/{id}), the controls and their 409/404/400 cases, over HTTP on the real stack
// (dev server, emulator with live traffic, worker with the real activities).
import { idPath, useApiStack, waitFor } from '../../support/api-stack';

const stack = useApiStack();

const plan = (model: string, extra: object = {}) => ({
  endpoint: 'heart-ep',
  candidate: { model },
  analysis: { judge: 'threshold', interval: '1s', minRequests: 5 },
  stages: [
    { kind: 'deploy' },
    { kind: 'approval', name: 'go-live', timeout: '5m' },
    { kind: 'canary', weight: 20, bake: '30s' },
    { kind: 'promote', watch: '1s' },
    { kind: 'cleanup' },
  ],
  ...extra,
});

const status = async (id: string) => (await stack.call('GET', idPath(id), { role: 'viewer' })).body;
/** The run of the first rollout of the endpoint, stale once it has ended. */
let firstRun: string | undefined;

describe('rollouts over HTTP on the real stack', () => {
  it('refuses a plan that breaks live-endpoint rules with every problem, changing nothing', async () => {
    const before = await stack.emulator.arm.onlineEndpoints.get(
      stack.emulator.resourceGroup,
      stack.emulator.workspace,
      'heart-ep',
    );
    const bad = await stack.call('POST', '/rollouts', {
      role: 'releaseManager',
      body: plan('azureml:heart-classifier:99', { candidate: { name: 'blue', model: 'azureml:heart-classifier:99' } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('InvalidPlan');
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['candidate.model', 'candidate.name']),
    );
    const after = await stack.emulator.arm.onlineEndpoints.get(
      stack.emulator.resourceGroup,
      stack.emulator.workspace,
      'heart-ep',
    );
    expect(after.properties.traffic).toEqual(before.properties.traffic);
    const list = await stack.call('GET', '/rollouts?endpoint=heart-ep&state=Deploying', { role: 'viewer' });
    expect(list.body.items).toEqual([]);
  });

  it('starts, refuses a second start naming the active one, steers and rolls back with the actor recorded', async () => {
    const started = await stack.call('POST', '/rollouts', {
      role: 'releaseManager',
      body: plan('azureml:heart-classifier:2'),
    });
    expect(started.status).toBe(201);
    const id: string = started.body.id;
    expect(id).toBe(
      `rollout:${stack.emulator.info.subscriptionId}/${stack.emulator.info.resourceGroup}/${stack.emulator.workspace}/heart-ep`,
    );
    expect(started.body).toMatchObject({ baseline: 'blue', candidate: 'green', model: 'azureml:heart-classifier:2' });
    expect(started.body.links.self).toBe(idPath(id));

    const second = await stack.call('POST', '/rollouts', {
      role: 'releaseManager',
      body: plan('azureml:heart-classifier:2'),
    });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'RolloutActive', rolloutId: id });
    expect(second.body.error.message).toContain(id);

    const waiting = await waitFor('the approval gate', async () => {
      const s = await status(id);
      return s.state === 'AwaitingApproval' ? s : undefined;
    });
    expect(waiting.awaiting.gate).toBe('go-live');
    expect(waiting.traffic.blue).toBe(100);
    expect(waiting.traffic.green ?? 0).toBe(0);

    const resumeNotPaused = await stack.call('POST', `${idPath(id)}/resume`, { role: 'sre', body: {} });
    expect(resumeNotPaused.status).toBe(409);
    expect(resumeNotPaused.body.error.code).toBe('InvalidState');

    const selfApproved = await stack.call('POST', `${idPath(id)}/approve`, {
      role: 'releaseManager',
      body: { gate: 'go-live' },
    });
    expect(selfApproved.status).toBe(409);
    expect(selfApproved.body.error.message).toMatch(/two-person rule/);
    const wrongRun = await stack.call('POST', `${idPath(id)}/approve`, {
      role: 'releaseManager2',
      body: { runId: 'not-this-run' },
    });
    expect(wrongRun.status).toBe(409);
    expect(wrongRun.body.error).toMatchObject({ code: 'InvalidState', runId: waiting.runId });
    firstRun = started.body.runId;
    const approved = await stack.call('POST', `${idPath(id)}/approve`, {
      role: 'releaseManager2',
      body: { gate: 'go-live', comment: 'looks fine', runId: started.body.runId },
    });
    expect(approved.status).toBe(200);
    const approveAgain = await stack.call('POST', `${idPath(id)}/approve`, { role: 'releaseManager2', body: {} });
    expect(approveAgain.status).toBe(409);

    const pause = {
      role: 'sre' as const,
      body: { reason: 'checking dashboards' },
      headers: { 'Idempotency-Key': 'pause-1' },
    };
    const paused = await stack.call('POST', `${idPath(id)}/pause`, pause);
    expect(paused.status).toBe(200);
    expect(paused.body.paused).toBe(true);
    const retried = await stack.call('POST', `${idPath(id)}/pause`, pause); // a client retry lands once
    expect(retried.status).toBe(200);
    expect(retried.body.events.filter((e: { type: string }) => e.type === 'paused')).toHaveLength(1);
    const resumed = await stack.call('POST', '/rollouts/heart-ep/resume', { role: 'releaseManager', body: {} });
    expect(resumed.status).toBe(200);
    expect(resumed.body.paused).toBe(false);

    const rolledBack = await stack.call('POST', `${idPath(id)}/rollback`, {
      role: 'sre',
      body: { reason: 'customer complaints' },
    });
    expect(rolledBack.status).toBe(200);
    const final = await waitFor('the rollback', async () => {
      const s = await status(id);
      return s.state === 'RolledBack' ? s : undefined;
    });
    expect(final.traffic).toEqual({ blue: 100 });
    const actors = final.events.map((e: { type: string; actor: string }) => `${e.type}:${e.actor}`);
    expect(actors).toEqual(
      expect.arrayContaining([
        'rollout.started:releaseManager-user',
        'approval.approved:releaseManager2-user',
        'paused:sre-user',
        'resumed:releaseManager-user',
        'rollback.requested:sre-user',
      ]),
    );
    const reasons = final.events
      .filter((e: { type: string }) => e.type === 'rollback.requested')
      .map((e: { reason: string }) => e.reason);
    expect(reasons).toEqual(['customer complaints']);
    const endpoint = await stack.emulator.arm.onlineEndpoints.get(
      stack.emulator.resourceGroup,
      stack.emulator.workspace,
      'heart-ep',
    );
    expect(endpoint.properties.traffic).toEqual({ blue: 100 });

    const afterEnd = await stack.call('POST', `${idPath(id)}/pause`, { role: 'sre', body: {} });
    expect(afterEnd.status).toBe(409);

    const listed = await stack.call('GET', '/rollouts?endpoint=heart-ep&state=RolledBack', { role: 'viewer' });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: { id: string }) => r.id)).toContain(id);
    const none = await stack.call('GET', '/rollouts?state=Succeeded&endpoint=heart-ep', { role: 'viewer' });
    expect(none.body.items).toEqual([]);
  });

  it('keeps controls from crossing: stale run, self-approval, approval under a pause, promote while paused', async () => {
    const started = await stack.call('POST', '/rollouts', { role: 'admin', body: plan('azureml:heart-classifier:2') });
    expect(started.status).toBe(201);
    const id: string = started.body.id;
    await waitFor('the approval gate', async () => {
      const s = await status(id);
      return s.state === 'AwaitingApproval' ? s : undefined;
    });
    // The run id of the previous rollout of this endpoint: its approve must not land on this one.
    expect(firstRun).toBeDefined();
    const stale = await stack.call('POST', `${idPath(id)}/approve`, {
      role: 'releaseManager2',
      body: { runId: firstRun },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details[0]).toMatchObject({ path: 'runId', rule: 'currentRun' });
    const self = await stack.call('POST', `${idPath(id)}/approve`, { role: 'admin', body: {} });
    expect(self.status).toBe(409);
    const notAdmin = await stack.call('POST', `${idPath(id)}/approve`, {
      role: 'releaseManager2',
      body: { overrideTwoPersonRule: true },
    });
    expect(notAdmin.status).toBe(403);

    expect(
      (await stack.call('POST', `${idPath(id)}/pause`, { role: 'sre', body: { reason: 'incident next door' } })).status,
    ).toBe(200);
    const approved = await stack.call('POST', `${idPath(id)}/approve`, {
      role: 'admin',
      body: { overrideTwoPersonRule: true, runId: started.body.runId, comment: 'release owner is out' },
    });
    expect(approved.status).toBe(200);
    expect(approved.body.paused).toBe(true);
    expect(approved.body.events.at(-1)).toMatchObject({
      type: 'approval.approved',
      actor: 'admin-user',
      details: { twoPersonOverride: true, gate: 'go-live' },
    });
    await new Promise((r) => setTimeout(r, 2_000));
    const held = await status(id);
    expect({ paused: held.paused, green: held.traffic.green ?? 0 }).toEqual({ paused: true, green: 0 });

    expect((await stack.call('POST', `${idPath(id)}/resume`, { role: 'sre', body: {} })).status).toBe(200);
    await waitFor('the canary step', async () => {
      const s = await status(id);
      return s.state === 'Canary' && s.traffic.green === 20 ? s : undefined;
    });
    expect(
      (await stack.call('POST', `${idPath(id)}/pause`, { role: 'sre', body: { reason: 'look closer' } })).status,
    ).toBe(200);
    const promote = await stack.call('POST', `${idPath(id)}/promote`, {
      role: 'releaseManager2',
      body: { reason: 'ship' },
    });
    expect(promote.status).toBe(409);
    expect(promote.body.error.message).toMatch(/paused/);
    expect(
      (await stack.call('POST', `${idPath(id)}/rollback`, { role: 'sre', body: { reason: 'done testing' } })).status,
    ).toBe(200);
    const final = await waitFor('the rollback', async () => {
      const s = await status(id);
      return s.state === 'RolledBack' ? s : undefined;
    });
    expect(final.events.map((e: { type: string }) => e.type)).not.toContain('promote.requested');
  });

  it("promotes past the remaining canary steps on a release manager's word, with the reason recorded", async () => {
    const body = {
      // Capacity for all 40 requests/s once promoted: Azure answers 429 past 2 x concurrency x instances in flight.
      endpoint: 'heart-ep',
      candidate: {
        model: 'azureml:heart-classifier:2',
        instance_count: 2,
        request_settings: { max_concurrent_requests_per_instance: 8 },
      },
      analysis: { judge: 'threshold', interval: '1s', minRequests: 5 },
      stages: [
        { kind: 'deploy' },
        { kind: 'canary', weight: 10, bake: '10m' },
        { kind: 'canary', weight: 50, bake: '10m' },
        { kind: 'promote', watch: '2s' },
      ],
    };
    const started = await stack.call('POST', '/rollouts', { role: 'admin', body });
    expect(started.status).toBe(201);
    const tooEarly = await stack.call('POST', `${idPath(started.body.id)}/promote`, {
      role: 'releaseManager',
      body: { reason: 'too early' },
    });
    const canary = await waitFor('the first canary step', async () => {
      const s = await status(started.body.id);
      // The state turns Canary just before the traffic change is applied and read back.
      return s.state === 'Canary' && s.traffic.green === 10 ? s : undefined;
    });
    expect(canary.traffic).toMatchObject({ blue: 90, green: 10 });
    if (tooEarly.status !== 200) expect(tooEarly.status).toBe(409); // before the canary, the state may forbid it
    const noReason = await stack.call('POST', `${idPath(started.body.id)}/promote`, {
      role: 'releaseManager',
      body: {},
    });
    expect(noReason.status).toBe(400);
    const promoted = await stack.call('POST', `${idPath(started.body.id)}/promote`, {
      role: 'releaseManager',
      body: { reason: 'metrics are clean, ship it' },
    });
    expect(promoted.status).toBe(200);
    const final = await waitFor(
      'the promotion',
      async () => {
        const s = await status(started.body.id);
        return ['Succeeded', 'RolledBack', 'Failed'].includes(s.state) ? s : undefined;
      },
      60_000,
    );
    expect({ state: final.state, outcome: final.outcome }).toMatchObject({
      state: 'Succeeded',
      outcome: { result: 'Succeeded' },
    });
    expect(final.traffic.green).toBe(100);
    expect(final.events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'promote.requested',
          actor: 'releaseManager-user',
          reason: 'metrics are clean, ship it',
        }),
      ]),
    );
  });

  it('answers 404 for an unknown rollout on reads and controls', async () => {
    const unknown = idPath('rollout:00000000-0000-0000-0000-000000000000/rg/ws/nowhere');
    expect((await stack.call('GET', unknown, { role: 'viewer' })).status).toBe(404);
    expect((await stack.call('POST', `${unknown}/approve`, { role: 'admin', body: {} })).status).toBe(404);
    expect(
      (await stack.call('POST', '/rollouts/no-such-ep/rollback', { role: 'sre', body: { reason: 'x' } })).status,
    ).toBe(404);
    expect((await stack.call('GET', `${unknown}/events`, { role: 'viewer' })).status).toBe(404);
  });
});
