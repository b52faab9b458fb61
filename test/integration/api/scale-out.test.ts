// Scale out: two worker processes and two API processes on one dev server. Rollouts spread across the workers; a
// SIGKILLed worker's rollouts are finished by the other; either API instance serves every route for every rollout,
// SSE, the dashboard's session and idempotent controls included (no in-process state one instance lacks).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { sha256Hex } from '../../../api/auth';
import { TEST_METRICS_CLOCK, emulatorAzureEnv, startTestEmulator, type TestEmulator } from '../../support/emulator';
import { heartRequest } from '../../support/heart-request';
import { requireEnv } from '../../support/test-worker';
import { waitFor } from '../../support/wait';

const ROOT = resolve(__dirname, '..', '..', '..');
const ENDPOINTS = ['heart-ep', 'heart-a', 'heart-b'];
const TOKENS = { releaseManager: `rm-${randomUUID()}`, sre: `sre-${randomUUID()}`, viewer: `viewer-${randomUUID()}` };
const taskQueue = `scale-out-${randomUUID()}`;

let emulator: TestEmulator;
let connection: Connection;
let client: Client;
const workers: ChildProcess[] = [];
const apis: { child: ChildProcess; url: string }[] = [];
let traffic: NodeJS.Timeout | undefined;

beforeAll(async () => {
  emulator = await startTestEmulator({
    workspace: `ws-${randomUUID().slice(0, 8)}`,
    provisioningMs: 200,
    metrics: TEST_METRICS_CLOCK.emulator,
  });
  for (const name of ENDPOINTS.slice(1)) await createEndpointWithBlue(name);
  for (const name of ENDPOINTS) await scaleBlue(name);
  traffic = setInterval(
    () => ENDPOINTS.forEach((name) => void emulator.score(name, heartRequest()).catch(() => {})),
    40,
  );
  connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  client = new Client({ connection });
  workers.push(startWorker(), startWorker());
  const sessionKey = randomBytes(32).toString('hex');
  for (let i = 0; i < 2; i++) apis.push(await startApi(sessionKey));
}, 120_000);

afterAll(async () => {
  clearInterval(traffic);
  await Promise.all([...workers, ...apis.map((a) => a.child)].map((child) => kill(child, 'SIGTERM')));
  await connection?.close();
  await emulator?.stop();
});

async function createEndpointWithBlue(name: string) {
  const { resourceGroup, workspace } = emulator;
  const location = emulator.info.location;
  await emulator.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
    resourceGroup,
    workspace,
    name,
    {
      location,
      identity: { type: 'SystemAssigned' },
      properties: { authMode: 'Key' },
    },
    emulator.lro,
  );
  await emulator.arm.onlineDeployments.beginCreateOrUpdateAndWait(
    resourceGroup,
    workspace,
    name,
    'blue',
    {
      location,
      sku: { name: 'Default', capacity: 4 },
      properties: {
        endpointComputeType: 'Managed',
        model: 'azureml:heart-classifier:1',
        instanceType: 'Standard_DS3_v2',
      },
    },
    emulator.lro,
  );
  const endpoint = await emulator.arm.onlineEndpoints.get(resourceGroup, workspace, name);
  await emulator.arm.onlineEndpoints.beginCreateOrUpdateAndWait(
    resourceGroup,
    workspace,
    name,
    {
      ...endpoint,
      properties: { ...endpoint.properties, traffic: { blue: 100 } },
    },
    emulator.lro,
  );
}

/** Four instances, so the test's traffic never meets Azure's per-instance concurrency limit (429). */
async function scaleBlue(name: string) {
  const { resourceGroup, workspace } = emulator;
  const blue = await emulator.arm.onlineDeployments.get(resourceGroup, workspace, name, 'blue');
  await emulator.arm.onlineDeployments.beginCreateOrUpdateAndWait(
    resourceGroup,
    workspace,
    name,
    'blue',
    {
      ...blue,
      sku: { ...blue.sku!, capacity: 4 },
    },
    emulator.lro,
  );
}

function startWorker(): ChildProcess {
  const child = spawn(resolve(ROOT, 'node_modules', '.bin', 'tsx'), ['worker/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
      TASK_QUEUE: taskQueue,
      WORKFLOW_BUNDLE_PATH: requireEnv('WORKFLOW_BUNDLE_PATH'),
      ...emulatorAzureEnv(emulator),
      LOG_LEVEL: 'warn',
      SHUTDOWN_GRACE_TIME: '2s',
      METRICS_GRAIN: `${TEST_METRICS_CLOCK.service.grainMs}ms`,
      METRICS_LAG: `${TEST_METRICS_CLOCK.service.lagMs}ms`,
    },
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return child;
}

async function startApi(sessionKey: string): Promise<{ child: ChildProcess; url: string }> {
  const roles = { releaseManager: 'release-manager', sre: 'sre', viewer: 'viewer' } as const;
  const tokens = Object.entries(TOKENS).map(([key, token]) => ({
    name: `${key}-user`,
    role: roles[key as keyof typeof roles],
    sha256: sha256Hex(token),
  }));
  const child = spawn(resolve(ROOT, 'node_modules', '.bin', 'tsx'), ['api/main.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      API_HOST: '127.0.0.1',
      API_PORT: '0',
      TEMPORAL_ADDRESS: requireEnv('TEMPORAL_ADDRESS'),
      TASK_QUEUE: taskQueue,
      AZURE_SUBSCRIPTION_ID: emulator.info.subscriptionId,
      AZURE_RESOURCE_GROUP: emulator.info.resourceGroup,
      AZURE_WORKSPACE: emulator.workspace,
      API_TOKENS: JSON.stringify(tokens),
      UI_SESSION_KEY: sessionKey,
      LOG_LEVEL: 'warn',
    },
  });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.startsWith('api ready '));
      if (line) resolveUrl((JSON.parse(line.slice('api ready '.length)) as { url: string }).url);
    });
    child.once('exit', (code) => reject(new Error(`api exited (${code}) before ready`)));
  });
  return { child, url };
}

/** Signals the whole process group (tsx runs node as a child). */
async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  process.kill(-child.pid!, signal);
  await exited;
}

async function call(
  api: number,
  method: string,
  path: string,
  role: keyof typeof TOKENS,
  body?: unknown,
  headers = {},
) {
  const response = await fetch(`${apis[api].url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${TOKENS[role]}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const plan = (endpoint: string) => ({
  endpoint,
  candidate: { model: 'azureml:heart-classifier:2', instance_count: 4 },
  analysis: { judge: 'threshold', interval: '1s', minRequests: 10, maxProviderErrors: 2 },
  stages: [
    { kind: 'deploy' },
    { kind: 'canary', weight: 20, bake: '12s' },
    { kind: 'canary', weight: 50, bake: '3s' },
    { kind: 'promote', watch: '2s' },
    { kind: 'cleanup', delay: '0s' },
  ],
});

/** The identities (pid@host) of the workers that ran each rollout's activities, from its history. */
async function activityWorkers(id: string): Promise<Set<string>> {
  const history = await client.workflow.getHandle(id).fetchHistory();
  const started = (history.events ?? []).flatMap((e) => e.activityTaskStartedEventAttributes?.identity ?? []);
  return new Set(started);
}

it('spreads rollouts over two workers, survives losing one, and serves every route from either API', async () => {
  const ids: string[] = [];
  for (const [i, endpoint] of ENDPOINTS.entries()) {
    const started = await call(i % 2, 'POST', '/rollouts', 'releaseManager', plan(endpoint));
    expect(started.status).toBe(201);
    ids.push(started.body.id);
  }
  const path = (id: string) => `/rollouts/${encodeURIComponent(id)}`;
  for (const id of ids) {
    await waitFor(
      () => `${id} in its first canary step`,
      async () => {
        const status = (await call(1, 'GET', path(id), 'viewer')).body;
        return status.state === 'Canary' && status.gates?.length >= 1 ? status : undefined;
      },
      90_000,
      250,
    );
  }

  // SSE from the instance that did not start the rollout.
  const stream = await fetch(`${apis[1].url}${path(ids[0])}/events`, {
    headers: { authorization: `Bearer ${TOKENS.viewer}`, accept: 'text/event-stream' },
  });
  expect(stream.status).toBe(200);
  const reader = stream.body!.getReader();
  const first = new TextDecoder().decode((await reader.read()).value);
  expect(first).toMatch(/^(event|data|id|:)/m);
  await reader.cancel();

  // The same Idempotency-Key through both instances: one pause, two identical answers.
  const pause = { reason: 'scale-out test: hold while checking' };
  const key = { 'Idempotency-Key': `pause-${randomUUID()}` };
  const viaA = await call(0, 'POST', `${path(ids[1])}/pause`, 'sre', pause, key);
  const viaB = await call(1, 'POST', `${path(ids[1])}/pause`, 'sre', pause, key);
  expect([viaA.status, viaB.status]).toEqual([200, 200]);
  const paused = (await call(0, 'GET', path(ids[1]), 'viewer')).body;
  expect(paused.events.filter((e: { type: string }) => e.type === 'paused')).toHaveLength(1);
  expect((await call(1, 'POST', `${path(ids[1])}/resume`, 'sre', { reason: 'checked' })).status).toBe(200);

  // The dashboard's session cookie from one instance works on the other.
  const signIn = await fetch(`${apis[0].url}/ui/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: TOKENS.viewer }),
    redirect: 'manual',
  });
  const cookie = signIn.headers.get('set-cookie')?.split(';')[0];
  expect(cookie).toBeDefined();
  const page = await fetch(`${apis[1].url}/ui/rollouts/${encodeURIComponent(ids[0])}`, {
    headers: { cookie: cookie! },
  });
  expect(page.status).toBe(200);

  await kill(workers[0], 'SIGKILL');
  for (const id of ids) {
    const done = await waitFor(
      () => `${id} finished`,
      async () => {
        const status = (await call(0, 'GET', path(id), 'viewer')).body;
        return ['Succeeded', 'RolledBack', 'Failed'].includes(status.state) ? status : undefined;
      },
      150_000,
      500,
    );
    expect({ id, state: done.state, reason: done.outcome?.reason }).toEqual({
      id,
      state: 'Succeeded',
      reason: 'every stage passed',
    });
  }
  for (const name of ENDPOINTS) {
    expect(emulator.context.getEndpoint(name)!.traffic).toEqual({ green: 100 });
  }
  const identities = new Set<string>();
  for (const id of ids) for (const identity of await activityWorkers(id)) identities.add(identity);
  expect(identities.size).toBe(2);
}, 300_000);
