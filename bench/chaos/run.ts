// One chaos run: a dev server and a worker process that crash at random moments, a fleet of endpoints with live
// traffic and Azure faults, `rollouts` rollouts spread over `concurrency` endpoints (one at a time on each), a traffic
// sampler throughout; returns the figures the report prints.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { emulatorAzureEnv } from '../../test/support/emulator';
import { statusQuery } from '../../workflows/messages';
import { rolloutId, type EndpointRef } from '../../domain/endpoint';
import { createRng } from '../judge/rng';
import { startDisruptor, type Disruption } from './disruptions';
import { startFaultInjector, type FaultKind } from './faults';
import { startFleet } from './fleet';
import { startRestartableDevServer, startWorkerProcess, workflowBundle } from './processes';
import { runRollout, type Kind, type RolloutRecord } from './rollouts';
import { startTrafficSampler, type OutOfPlan } from './sampler';

export interface ChaosOptions {
  rollouts: number;
  concurrency: number;
  seed: number;
  /** Probability per second of one injected Azure fault. */
  faultRate: number;
  /** Share of bad candidates, and of rollouts whose deployment operation ends Failed. */
  badShare: number;
  failedDeployShare: number;
  workerKillEveryMs: number;
  serverRestartEveryMs: number;
  rps: number;
  rolloutTimeoutMs: number;
  /** Asked before each rollout starts; false ends the run once the rollouts in flight have ended. */
  mayStart?: () => boolean;
  log?: (line: string) => void;
}

export interface ChaosResult {
  options: Omit<ChaosOptions, 'log' | 'mayStart'>;
  wallMs: number;
  rollouts: RolloutRecord[];
  outOfPlan: OutOfPlan[];
  samples: number;
  disruptions: Disruption[];
  faults: Record<FaultKind, number>;
  workerUnexpectedExits: number;
  workerLog: string;
}

export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  const rng = (stream: string) => createRng('chaos', options.seed, stream);
  const server = await startRestartableDevServer();
  const fleet = await startFleet({ endpoints: options.concurrency, rps: options.rps, seed: options.seed });
  const taskQueue = `chaos-${randomUUID().slice(0, 8)}`;
  const workerLog = join(mkdtempSync(join(tmpdir(), 'chaos-')), 'worker.log');
  const worker = startWorkerProcess(
    {
      TEMPORAL_ADDRESS: server.address,
      TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: await workflowBundle(),
      ...emulatorAzureEnv(fleet.emulator),
      AZURE_LRO_POLL_INTERVAL_MS: '100',
      LOG_LEVEL: 'error',
      SHUTDOWN_GRACE_TIME: '1s',
      // The emulator's accelerated clock, as the e2e tests run it (TEST_METRICS_CLOCK).
      METRICS_GRAIN: '500ms',
      METRICS_LAG: '2s',
    },
    workerLog,
  );
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const { info } = fleet.emulator;
  const target = (endpoint: string): EndpointRef => ({
    subscriptionId: info.subscriptionId,
    resourceGroup: info.resourceGroup,
    workspace: info.workspace,
    endpoint,
  });
  const sampler = startTrafficSampler(fleet.endpoints, fleet.live);
  const faults = startFaultInjector(fleet.emulator.faults, fleet.endpoints, {
    rate: options.faultRate,
    rng: rng('faults'),
  });
  const running = new Set<string>();
  const probe = async () => {
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline) {
      const endpoint = [...running][0];
      if (!endpoint) return false;
      const ok = await client.workflow
        .getHandle(rolloutId(target(endpoint)))
        .query(statusQuery)
        .then(
          () => true,
          () => false,
        );
      if (ok) return true;
      await new Promise((r) => setTimeout(r, 250));
    }
    return false;
  };
  const disruptor = startDisruptor({ ...options, rng: rng('disruptions'), worker, server, probe });

  const kinds = rng('kinds');
  const plan: Kind[] = Array.from({ length: options.rollouts }, () => {
    const u = kinds.uniform();
    return u < options.failedDeployShare
      ? 'failed-deploy'
      : u < options.failedDeployShare + options.badShare
        ? 'bad'
        : 'good';
  });
  const records: RolloutRecord[] = [];
  let next = 0;
  const ctx = { client, taskQueue, fleet, sampler, target, timeoutMs: options.rolloutTimeoutMs };
  await Promise.all(
    fleet.endpoints.map(async (endpoint) => {
      while (next < plan.length && (options.mayStart?.() ?? true)) {
        const n = next++;
        running.add(endpoint);
        const record = await runRollout(ctx, n, endpoint, plan[n]);
        running.delete(endpoint);
        records.push(record);
        log(
          `#${n} ${endpoint} ${record.kind}: ${record.actual} in ${(record.durationMs / 1000).toFixed(0)} s` +
            (record.wrong ? ` WRONG (${record.wrong}; ${record.reason})` : ''),
        );
      }
    }),
  );

  await disruptor.stop();
  await faults.stop();
  sampler.stop();
  await worker.stop();
  await connection.close();
  await fleet.close();
  await server.close();
  const { log: _log, mayStart: _mayStart, ...rest } = options;
  return {
    options: rest,
    wallMs: Date.now() - started,
    rollouts: records.sort((a, b) => a.n - b.n),
    outOfPlan: sampler.outOfPlan,
    samples: sampler.samples,
    disruptions: disruptor.disruptions,
    faults: faults.counts,
    workerUnexpectedExits: worker.unexpectedExits,
    workerLog,
  };
}
