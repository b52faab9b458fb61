// The bench's phases over the REST API: start the rollouts, carry each through its approval into its first canary
// step, sample the controls, the list and /metrics, and roll some back until Azure shows the baseline alone.
import type { Client } from '@temporalio/client';
import { rolloutPath, type Api } from './api';
import { atBaseline, type Arm } from './endpoints';
import { pool, sleep, timed } from './stats';

/** A long canary bake behind an approval gate: every rollout holds in its first canary step while measured. */
export const benchPlan = (endpoint: string) => ({
  endpoint,
  candidate: { model: 'azureml:heart-classifier:2' },
  analysis: { judge: 'threshold', interval: '60s', minRequests: 5 },
  stages: [
    { kind: 'deploy' },
    { kind: 'approval', name: 'go', timeout: '4h' },
    { kind: 'canary', weight: 10, bake: '4h' },
    { kind: 'promote', watch: '10m' },
    { kind: 'cleanup' },
  ],
});

export async function startRollouts(api: Api, endpoints: string[], concurrency: number) {
  const started = await pool(endpoints, concurrency, async (endpoint) => {
    const answer = await api('POST', '/rollouts', 'releaseManager', benchPlan(endpoint));
    if (answer.status !== 201) throw new Error(`start ${endpoint}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { id: answer.body.id as string, ms: answer.ms };
  });
  return { ids: started.map((s) => s.id), startMs: started.map((s) => s.ms) };
}

/**
 * Polls every rollout not yet in its first canary step (state Canary with candidate traffic), approving each as soon
 * as it waits at its gate. Resolves with the approve round trips and when each rollout reached the canary.
 */
export async function throughApproval(api: Api, ids: string[], timeoutMs: number) {
  const approveMs: number[] = [];
  const reachedAt = new Map<string, number>();
  const approved = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (reachedAt.size < ids.length) {
    if (Date.now() > deadline) throw new Error(`${ids.length - reachedAt.size} rollouts not in canary in time`);
    const waiting = ids.filter((id) => !reachedAt.has(id));
    await pool(waiting, 8, async (id) => {
      const { body } = await api('GET', rolloutPath(id), 'viewer');
      if (body?.state === 'AwaitingApproval' && !approved.has(id)) {
        const answer = await api('POST', `${rolloutPath(id)}/approve`, 'releaseManager2', { gate: 'go' });
        if (answer.status !== 200) throw new Error(`approve ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
        approved.add(id);
        approveMs.push(answer.ms);
      } else if (body?.state === 'Canary' && (body.traffic?.green ?? 0) > 0) {
        reachedAt.set(id, Date.now());
      } else if (['RolledBack', 'Failed', 'Refused'].includes(body?.state)) {
        throw new Error(`${id} ended ${body.state}: ${body.outcome?.reason}`);
      }
    });
    if (reachedAt.size < ids.length) await sleep(500);
  }
  return { approveMs, lastReachedAt: Math.max(...reachedAt.values()) };
}

/** Pause then resume each sampled rollout, one at a time: each a round trip through a workflow update. */
export async function pauseResume(api: Api, ids: string[]) {
  const pauseMs: number[] = [];
  const resumeMs: number[] = [];
  for (const id of ids) {
    const paused = await api('POST', `${rolloutPath(id)}/pause`, 'sre', { reason: 'bench' });
    const resumed = await api('POST', `${rolloutPath(id)}/resume`, 'sre', { reason: 'bench' });
    if (paused.status !== 200 || resumed.status !== 200)
      throw new Error(`pause/resume ${id}: ${paused.status}/${resumed.status}`);
    pauseMs.push(paused.ms);
    resumeMs.push(resumed.ms);
  }
  return { pauseMs, resumeMs };
}

/** GET /rollouts?limit=100 and /metrics, one after the other, `rounds` times. */
export async function readLatency(api: Api, rounds: number) {
  const listMs: number[] = [];
  const metricsMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const list = await api('GET', '/rollouts?limit=100', 'viewer');
    if (list.status !== 200) throw new Error(`GET /rollouts: ${list.status}`);
    listMs.push(list.ms);
    const metrics = await api('GET', '/metrics', undefined);
    if (metrics.status !== 200) throw new Error(`GET /metrics: ${metrics.status}`);
    metricsMs.push(metrics.ms);
  }
  return { listMs, metricsMs };
}

/** History events and bytes of each sampled rollout, as Temporal reports them. */
export async function historySizes(client: Client, ids: string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const info = (await client.workflow.getHandle(id).describe()).raw.workflowExecutionInfo;
      return { events: Number(info?.historyLength ?? 0), bytes: Number(info?.historySizeBytes ?? 0) };
    }),
  );
}

/** An SRE rolls back each sampled rollout; timed until Azure shows the baseline alone at 100%. */
export async function rollbacks(api: Api, arm: Arm, ids: string[], concurrency: number) {
  return pool(ids, concurrency, async (id) => {
    const endpoint = id.split('/').pop()!;
    const { ms } = await timed(async () => {
      const answer = await api('POST', `${rolloutPath(id)}/rollback`, 'sre', { reason: 'bench rollback' });
      if (answer.status !== 200) throw new Error(`rollback ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
      for (;;) {
        if (atBaseline(await arm.traffic(endpoint))) return;
        await sleep(25);
      }
    });
    return ms;
  });
}

const UPSERT_SEARCH_ATTRIBUTES = 40;
const PROPERTIES_MODIFIED = 46; // the memo's upsert

/** How many of a rollout's history events are listing upserts (search attributes or memo), over its whole life. */
export async function listingUpserts(client: Client, ids: string[]) {
  const counts = await Promise.all(
    ids.map(async (id) => {
      const { events } = await client.workflow.getHandle(id).fetchHistory();
      const types = (events ?? []).map((e) => Number(e.eventType));
      return types.filter((t) => t === UPSERT_SEARCH_ATTRIBUTES || t === PROPERTIES_MODIFIED).length;
    }),
  );
  return counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length);
}
