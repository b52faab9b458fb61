// Scheduled canaries: a schedule fires on a short interval, its run resolves `@latest` and starts a rollout; a later
// firing while that rollout runs records that and does nothing; list and delete.
import { randomUUID } from 'node:crypto';
import { idPath, useApiStack, waitFor, type ApiStack } from '../../support/api-stack';

const stack = useApiStack({ rps: 0 });

const template = {
  endpoint: 'heart-ep',
  candidate: { model: 'azureml:heart-classifier@latest' },
  stages: [{ kind: 'deploy' }, { kind: 'approval', name: 'nightly', timeout: '10m' }, { kind: 'promote', watch: '0s' }],
};

async function scheduledRuns(stackRef: ApiStack, scheduleId: string) {
  const results: { started: boolean; rolloutId: string; reason?: string }[] = [];
  for await (const info of stackRef.client.workflow.list({
    query: `WorkflowType = 'scheduledCanaryWorkflow' AND ExecutionStatus = 'Completed'`,
  })) {
    if (info.workflowId.startsWith(`scheduled-canary:${scheduleId}`))
      results.push(await stackRef.client.workflow.getHandle(info.workflowId, info.runId).result());
  }
  return results;
}

describe('scheduled canaries', () => {
  it('fires, resolves @latest, starts one rollout and skips while it runs; then lists and deletes', async () => {
    const scheduleId = `canary-${randomUUID().slice(0, 8)}`;
    const created = await stack.call('POST', '/schedules', {
      role: 'admin',
      body: { id: scheduleId, every: '2s', plan: template },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: scheduleId, paused: false, every: '2s' });
    expect(created.body.template.plan.candidate.model).toBe('azureml:heart-classifier@latest');

    const duplicate = await stack.call('POST', '/schedules', {
      role: 'admin',
      body: { id: scheduleId, every: '2s', plan: template },
    });
    expect(duplicate.status).toBe(409);

    const rollout = await waitFor(
      'the scheduled rollout',
      async () => {
        const r = await stack.call('GET', '/rollouts/heart-ep', { role: 'viewer' });
        return r.status === 200 && r.body.state === 'AwaitingApproval' ? r.body : undefined;
      },
      60_000,
      500,
    );
    expect(rollout.model).toBe('azureml:heart-classifier:3');
    expect(rollout.events[0]).toMatchObject({ type: 'rollout.started', actor: `schedule:${scheduleId}` });

    const runs = await waitFor(
      'a skipped firing',
      async () => {
        const all = await scheduledRuns(stack, scheduleId);
        return all.some((r) => !r.started) ? all : undefined;
      },
      30_000,
      1_000,
    );
    expect(runs.filter((r) => r.started)).toHaveLength(1);
    expect(runs.find((r) => !r.started)).toMatchObject({
      rolloutId: rollout.rolloutId,
      reason: expect.stringMatching(/already active/),
    });
    const still = await stack.call('GET', idPath(rollout.rolloutId), { role: 'viewer' });
    expect(still.body).toMatchObject({ runId: rollout.runId, state: 'AwaitingApproval' });

    const listed = await waitFor(
      'the schedule in the list',
      async () => {
        const l = await stack.call('GET', '/schedules', { role: 'viewer' });
        return l.body.items.find((s: { id: string }) => s.id === scheduleId);
      },
      15_000,
      500,
    );
    expect(listed.recentActions.length).toBeGreaterThanOrEqual(2);

    expect((await stack.call('DELETE', `/schedules/${scheduleId}`, { role: 'admin' })).status).toBe(204);
    expect((await stack.call('DELETE', `/schedules/${scheduleId}`, { role: 'admin' })).status).toBe(404);
    const rejected = await stack.call('POST', '/rollouts/heart-ep/reject', {
      role: 'releaseManager',
      body: { reason: 'test over' },
    });
    expect(rejected.status).toBe(200);
    // The rollback deletes green; until then a plan naming green would be refused (candidate.exists).
    await waitFor(
      'the rollback',
      async () => {
        const r = await stack.call('GET', idPath(rollout.rolloutId), { role: 'viewer' });
        return r.body.state === 'RolledBack' ? r.body : undefined;
      },
      30_000,
      500,
    );
  });

  it('keeps a cron schedule, paused, with its cron expression', async () => {
    const id = `cron-${randomUUID().slice(0, 8)}`;
    const created = await stack.call('POST', '/schedules', {
      role: 'admin',
      body: { id, cron: '0 6 * * 1-5', paused: true, plan: template },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id, paused: true, cron: '0 6 * * 1-5', recentActions: [] });
    expect(created.body.nextActionTimes.length).toBeGreaterThan(0);
    expect((await stack.call('DELETE', `/schedules/${id}`, { role: 'admin' })).status).toBe(204);
  });

  it('refuses a schedule with neither or both of cron and every, or a plan that does not fit', async () => {
    const neither = await stack.call('POST', '/schedules', { role: 'admin', body: { plan: template } });
    expect(neither.status).toBe(400);
    expect(neither.body.error.message).toMatch(/exactly one of 'cron' and 'every'/);
    const both = await stack.call('POST', '/schedules', {
      role: 'admin',
      body: { plan: template, cron: '0 6 * * *', every: '1h' },
    });
    expect(both.status).toBe(400);
    const unknownModel = await stack.call('POST', '/schedules', {
      role: 'admin',
      body: { every: '1h', plan: { ...template, candidate: { model: 'azureml:no-such-model@latest' } } },
    });
    expect(unknownModel.status).toBe(400);
    expect(unknownModel.body.error.details[0].path).toMatch(/^plan\.candidate\.model/);
  });
});
