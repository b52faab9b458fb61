// One rollout at a time per endpoint, through the Temporal client: a good (model 2) or bad (model 3) candidate, some
// with a deployment operation planned to end Failed; waits through crashes for the end, then judges the end state,
// the events and, for a rollback, what Azure serves.
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { planSchema, type RolloutPlan } from '../../domain/plan';
import { rolloutId as idOf, type EndpointRef, type TrafficState } from '../../domain/endpoint';
import type { RolloutOutcome, RolloutStatus } from '../../domain/status';
import { ROLLOUT_WORKFLOW } from '../../domain/workflow-types';
import { statusQuery } from '../../workflows/messages';
import type { Fleet } from './fleet';
import { INSTANCES } from './fleet';
import type { TrafficSampler } from './sampler';

export const CANARY_WEIGHTS = [20, 50];

export type Kind = 'good' | 'bad' | 'failed-deploy';

export interface RolloutRecord {
  n: number;
  endpoint: string;
  kind: Kind;
  expected: RolloutOutcome;
  actual: string;
  reason?: string;
  durationMs: number;
  /** Why the end state is wrong, when it is. */
  wrong?: string;
  /** For a RolledBack end: Azure serves the baseline alone at 100%, no mirror, and the status says verified. */
  rollbackVerified?: boolean;
  lostEvents: string[];
}

/** Good and bad candidates on the accelerated clock: about a minute from start to end. */
export function chaosPlan(endpoint: string, kind: Kind): RolloutPlan {
  return planSchema.parse({
    endpoint,
    candidate: { model: `azureml:heart-classifier:${kind === 'bad' ? 3 : 2}`, instance_count: INSTANCES },
    // 30 requests at least: on a loaded machine one slow scoring call in 15 reads as a 6.7% error rate.
    analysis: { judge: 'threshold', interval: '1s', minRequests: 30, maxProviderErrors: 10 },
    stages: [
      { kind: 'deploy' },
      { kind: 'canary', weight: CANARY_WEIGHTS[0], bake: '15s' },
      { kind: 'canary', weight: CANARY_WEIGHTS[1], bake: '8s' },
      { kind: 'promote', watch: '4s' },
      { kind: 'cleanup', delay: '0s' },
    ],
  });
}

const expectedEnd = (kind: Kind): RolloutOutcome => (kind === 'good' ? 'Succeeded' : 'RolledBack');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a call through server restarts and worker crashes until `deadline`. */
async function persist<T>(call: () => Promise<T>, deadline: number): Promise<T> {
  for (;;) {
    try {
      return await call();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(1000);
    }
  }
}

export interface RolloutContext {
  client: Client;
  taskQueue: string;
  fleet: Fleet;
  sampler: TrafficSampler;
  target: (endpoint: string) => EndpointRef;
  timeoutMs: number;
}

export async function runRollout(ctx: RolloutContext, n: number, endpoint: string, kind: Kind): Promise<RolloutRecord> {
  const { client, fleet, sampler } = ctx;
  const started = Date.now();
  const deadline = started + ctx.timeoutMs;
  const target = ctx.target(endpoint);
  const id = idOf(target);
  const before = fleet.live(endpoint);
  const baseline = Object.keys(before.traffic)[0];
  sampler.begin(endpoint, `${id}#${n}`, baseline, CANARY_WEIGHTS);
  if (kind === 'failed-deploy') {
    const path = `onlineEndpoints/${endpoint}/deployments/[^/]+$`;
    fleet.emulator.faults.failNextOperation({ method: 'PUT', path, code: 'OutOfQuota', message: 'chaos: no quota' });
  }
  const plan = chaosPlan(endpoint, kind);
  const args = [{ rolloutId: id, target, plan, startedBy: 'chaos' }];
  const options = { taskQueue: ctx.taskQueue, workflowId: id, workflowIdConflictPolicy: 'USE_EXISTING' as const, args };
  await persist(
    () =>
      client.workflow.start(ROLLOUT_WORKFLOW, options).catch((e: unknown) => {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      }),
    deadline,
  );
  const handle = client.workflow.getHandle(id);
  const record: RolloutRecord = {
    n,
    endpoint,
    kind,
    expected: expectedEnd(kind),
    actual: 'Running',
    durationMs: 0,
    lostEvents: [],
  };
  let status: RolloutStatus | undefined;
  while (Date.now() < deadline) {
    const closed = await handle.describe().then(
      (d) => d.status.name !== 'RUNNING',
      () => false,
    );
    if (closed) {
      try {
        status = (await persist(() => handle.result(), deadline + 60_000)) as RolloutStatus;
      } catch (error) {
        record.actual = 'WorkflowFailed';
        record.wrong = `the workflow itself failed: ${String(error)}`;
        record.durationMs = Date.now() - started;
        return record;
      }
      break;
    }
    await sleep(1000);
  }
  record.durationMs = Date.now() - started;
  if (!status) {
    const last = await handle.query(statusQuery).catch(() => undefined);
    record.actual = last ? `${last.state}${last.paused ? ' (paused)' : ''}` : 'unknown';
    record.wrong = `still running after ${ctx.timeoutMs / 1000} s: ${JSON.stringify(last?.events.at(-1))}`;
    return record;
  }
  record.actual = status.state;
  record.reason = status.outcome?.reason;
  judge(record, status, fleet.live(endpoint), fleet.deployments(endpoint), sampler.seen(endpoint));
  return record;
}

function judge(
  record: RolloutRecord,
  status: RolloutStatus,
  azure: TrafficState,
  deployments: string[],
  seen: TrafficState[],
): void {
  const { baseline, candidate } = status;
  const types = status.events.map((e) => e.type);
  if (record.actual !== record.expected) record.wrong = `expected ${record.expected}, ended ${record.actual}`;
  else if (record.kind === 'failed-deploy' && !/AzureOperationFailed/.test(record.reason ?? ''))
    record.wrong = `rolled back for another reason: ${record.reason}`;
  const serves = (name: string) =>
    JSON.stringify(azure) === JSON.stringify({ traffic: { [name]: 100 }, mirrorTraffic: {} }) &&
    JSON.stringify(deployments) === JSON.stringify([name]);
  if (record.actual === 'Succeeded' && !serves(candidate) && !record.wrong)
    record.wrong = `Succeeded but Azure serves ${JSON.stringify(azure)} from ${deployments.join(', ')}`;
  if (record.actual === 'RolledBack') record.rollbackVerified = serves(baseline) && types.includes('rollback.verified');

  const required: Record<string, string[]> = {
    Succeeded: ['rollout.started', 'deployment.created', 'traffic.set', 'baseline.deleted'],
    RolledBack: ['rollout.started', 'rollback.started', 'rollback.verified'],
  };
  const missing = (required[record.actual] ?? []).filter((type) => !types.includes(type));
  // Every traffic state Azure served during the rollout, other than the baseline alone, is in a recorded event.
  const recorded = new Set(
    status.events
      .filter((e) => e.type === 'traffic.set' || e.type === 'rollback.verified')
      .map((e) => JSON.stringify(positive((e.details?.traffic ?? {}) as Record<string, number>))),
  );
  const unrecorded = seen
    .filter((s) => !(s.traffic[baseline] === 100))
    .filter((s) => !recorded.has(JSON.stringify(s.traffic)))
    .map((s) => `traffic ${JSON.stringify(s.traffic)} without an event`);
  record.lostEvents = [...missing.map((type) => `no ${type}`), ...unrecorded];
}

function positive(map: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v > 0));
}
