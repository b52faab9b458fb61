// GET /rollouts and /metrics from the search attributes the workflow upserts: a rollout lists right after its start
// and follows its state, and neither route queries a workflow, however many there are (calls counted).
import { randomUUID } from 'node:crypto';
import { ROLLOUT_WORKFLOW } from '../../../domain/workflow-types';
import { LISTING_KEYS } from '../../../workflows/messages';
import { idPath, useApiStack, waitFor } from '../../support/api-stack';

const stack = useApiStack();

const plan = {
  endpoint: 'heart-ep',
  candidate: { model: 'azureml:heart-classifier:2' },
  analysis: { judge: 'threshold', interval: '1s', minRequests: 5 },
  stages: [
    { kind: 'deploy' },
    { kind: 'approval', name: 'go-live', timeout: '5m' },
    { kind: 'canary', weight: 20, bake: '30s' },
    { kind: 'promote', watch: '1s' },
    { kind: 'cleanup' },
  ],
};

type Row = { id: string; state: string; stage?: string; paused?: boolean; traffic?: Record<string, number> };
const list = async (query: string): Promise<Row[]> => {
  const response = await stack.call('GET', `/rollouts?${query}`, { role: 'viewer' });
  expect(response.status).toBe(200);
  return response.body.items;
};

/** Rollout workflows on a task queue no worker polls: listed by the attributes given at start, never able to answer a query. */
async function startIdle(count: number, marker: string, from: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `rollout:${marker}/rg/ws/idle-${from + i}`);
  for (const id of ids) {
    await stack.client.workflow.start(ROLLOUT_WORKFLOW, {
      taskQueue: `nobody-${marker}`,
      workflowId: id,
      args: [],
      typedSearchAttributes: [
        { key: LISTING_KEYS.state, value: 'Pending' },
        { key: LISTING_KEYS.endpoint, value: marker },
        { key: LISTING_KEYS.model, value: 'azureml:idle:1' },
        { key: LISTING_KEYS.paused, value: false },
      ],
    });
  }
  return ids;
}

describe('listing from search attributes', () => {
  it('lists a rollout right after its start and follows its state, stage, pause and traffic', async () => {
    const started = await stack.call('POST', '/rollouts', { role: 'releaseManager', body: plan });
    expect(started.status).toBe(201);
    const id: string = started.body.id;
    // The start waited for visibility: no retry needed.
    expect((await list('endpoint=heart-ep')).map((r) => r.id)).toContain(id);

    const waiting = await waitFor('the approval gate in the list', async () => {
      const rows = await list('endpoint=heart-ep&state=AwaitingApproval');
      return rows.find((r) => r.id === id);
    });
    expect(waiting).toMatchObject({ stage: 'approval', paused: false, traffic: { blue: 100 } });

    await stack.call('POST', `${idPath(id)}/pause`, { role: 'sre', body: { reason: 'listing' } });
    await waitFor('the pause in the list', async () => (await list('endpoint=heart-ep')).find((r) => r.paused));

    const rolledBack = await stack.call('POST', `${idPath(id)}/rollback`, { role: 'sre', body: { reason: 'done' } });
    expect(rolledBack.status).toBe(200);
    await waitFor('the rolled-back rollout in the list', async () =>
      (await list('endpoint=heart-ep&state=RolledBack')).find((r) => r.id === id),
    );
    const metrics = await waitFor('the manual rollback in the gauges', async () => {
      const text = await fetch(`${stack.url}/metrics`).then((r) => r.text());
      return /rollout_rollbacks\{cause="manual"\} [1-9]/.test(text) ? text : undefined;
    });
    expect(metrics).toMatch(/rollouts\{state="RolledBack"\} [1-9]/);
  });

  it('serves GET /rollouts and /metrics without a query per workflow, the same calls for 3 or 9 rollouts', async () => {
    const marker = `m${randomUUID().slice(0, 8)}`;
    const ids: string[] = [];
    try {
      const callsFor = async (count: number) => {
        ids.push(...(await startIdle(count, marker, ids.length)));
        for (const key of Object.keys(stack.calls)) delete stack.calls[key];
        const rows = await list('limit=200&state=Pending');
        const metrics = await fetch(`${stack.url}/metrics`).then((r) => r.text());
        expect(metrics).toMatch(/rollouts\{state="Pending"\} [1-9]/);
        return { calls: { ...stack.calls }, rows: rows.filter((r) => ids.includes(r.id)) };
      };
      const three = await callsFor(3);
      const nine = await callsFor(6);
      expect(three.rows.length).toBeGreaterThan(0); // visibility catches up; the calls are what this test is about
      expect(nine.calls).toEqual(three.calls);
      for (const perWorkflow of ['temporal.query', 'temporal.describe', 'status', 'statusOf', 'describe', 'planOf']) {
        expect(nine.calls[perWorkflow]).toBeUndefined();
      }
      expect(nine.calls).toEqual({ list: 1, count: 14 + 4 + 3 });
    } finally {
      await Promise.all(ids.map((id) => stack.client.workflow.getHandle(id).terminate('listing test done')));
    }
  });
});
