// The worker PROCESS (`tsx worker/main.ts`) is killed with SIGKILL mid-canary and started again: the rollout
// continues from where its history says and ends correctly, and the endpoint never holds a traffic state outside
// the plan.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { emulatorAzureEnv } from '../../support/emulator';
import { e2ePlan, liveOnly, startE2E, type E2E } from '../../support/rollout-e2e';
import { waitForStatus, settle } from '../../support/rollout-harness';
import { requireEnv } from '../../support/test-worker';
import type { Stage } from '../../../domain/plan';
import { dashboardMetrics } from '../../support/grafana';

const ROOT = resolve(__dirname, '..', '..', '..');
let rig: E2E;
let worker: ChildProcess | undefined;
let metricsAddress: string;

beforeAll(async () => {
  rig = await startE2E({ worker: false });
  metricsAddress = `127.0.0.1:${await freePort()}`;
});
afterAll(async () => {
  if (worker) await kill(worker, 'SIGTERM');
  await rig.close();
});

function startWorker(): ChildProcess {
  const child = spawn(resolve(ROOT, 'node_modules', '.bin', 'tsx'), ['worker/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
      TASK_QUEUE: rig.harness.taskQueue,
      WORKFLOW_BUNDLE_PATH: requireEnv('WORKFLOW_BUNDLE_PATH'),
      ...emulatorAzureEnv(rig.emulator),
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_TIME: '2s',
      // The emulator's test clock (TEST_METRICS_CLOCK): 0.5 s grain, 2 s lag.
      METRICS_GRAIN: '500ms',
      METRICS_LAG: '2s',
      WORKER_METRICS_ADDRESS: metricsAddress,
    },
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return child;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** Signals the whole process group (tsx runs node as a child). */
async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, signal);
  await exited;
}

it('survives a SIGKILL of the worker process mid-canary and ends correctly', async () => {
  const planned = [{ blue: 100 }, { blue: 80, green: 20 }, { blue: 50, green: 50 }, { green: 100 }].map((traffic) =>
    JSON.stringify({ traffic, mirrorTraffic: {} }),
  );
  const seen = new Set<string>();
  const sampler = setInterval(() => seen.add(JSON.stringify(liveOnly(rig.live()))), 50);
  try {
    worker = startWorker();
    const stages = [
      { kind: 'deploy' },
      { kind: 'canary', weight: 20, bake: '8s' },
      { kind: 'canary', weight: 50, bake: '3s' },
      { kind: 'promote', watch: '2s' },
      { kind: 'cleanup', delay: '0s' },
    ] as Stage[];
    const handle = await rig.harness.start(e2ePlan(2, { stages }));
    await waitForStatus(handle, (s) => s.state === 'Canary' && s.gates.length >= 1, 60_000);
    await kill(worker, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 2_000));
    expect(liveOnly(rig.live())).toEqual({ traffic: { blue: 80, green: 20 }, mirrorTraffic: {} });
    worker = startWorker();
    const status = await settle(handle);
    expect({ state: status.state, outcome: status.outcome?.reason }).toEqual({
      state: 'Succeeded',
      outcome: 'every stage passed',
    });
    expect(liveOnly(rig.live())).toEqual({ traffic: { green: 100 }, mirrorTraffic: {} });
    expect(rig.deployments()).toEqual(['green']);
    expect([...seen].filter((state) => !planned.includes(state))).toEqual([]);
  } finally {
    clearInterval(sampler);
  }
}, 180_000);

it("serves the Temporal SDK's Prometheus metrics that the Grafana dashboard queries", async () => {
  const scraped = await (await fetch(`http://${metricsAddress}/metrics`)).text();
  const exported = new Set(scraped.split('\n').flatMap((line) => /^([a-zA-Z_:][a-zA-Z0-9_:]*)/.exec(line)?.[1] ?? []));
  expect(dashboardMetrics('worker').filter((name) => !exported.has(name))).toEqual([]);
});
