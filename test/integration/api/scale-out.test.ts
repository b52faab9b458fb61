// Scale out: two worker processes and two API processes on one dev server. Rollouts spread across the workers; a
// SIGKILLed worker's rollouts are finished by the other; either API instance serves every route for every rollout,
// SSE, the dashboard's session and idempotent controls included (no in-process state one instance lacks). With an
// OTLP endpoint set, both processes export their spans.
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { sha256Hex } from '../../../api/auth';
import { TEST_METRICS_CLOCK, startTestEmulator, type TestEmulator } from '../../support/emulator';
import { heartRequest } from '../../support/heart-request';
import { requireEnv } from '../../support/test-worker';
import { killProcess, startApiProcess, startWorkerProcess } from '../../support/processes';
import { waitFor } from '../../support/wait';

const ENDPOINTS = ['heart-ep', 'heart-a', 'heart-b'];
const TOKENS = { releaseManager: `rm-${randomUUID()}`, sre: `sre-${randomUUID()}`, viewer: `viewer-${randomUUID()}` };
const taskQueue = `scale-out-${randomUUID()}`;

let emulator: TestEmulator;
let connection: Connection;
let client: Client;
const workers: ChildProcess[] = [];
const apis: { child: ChildProcess; url: string }[] = [];
let traffic: NodeJS.Timeout | undefined;
let collector: { server: Server; url: string; spans: Span[] };

interface Span {
  service: string;
  traceId: string;
  name: string;
}

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
  collector = await startCollector();
  workers.push(startWorker(), startWorker());
  const sessionKey = randomBytes(32).toString('hex');
  for (let i = 0; i < 2; i++) apis.push(await startApi(sessionKey));
}, 120_000);

afterAll(async () => {
  clearInterval(traffic);
  await Promise.all([...workers, ...apis.map((a) => a.child)].map((child) => killProcess(child, 'SIGTERM')));
  await connection?.close();
  collector?.server.close();
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

const startWorker = () => startWorkerProcess(emulator, taskQueue, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url });

function startApi(sessionKey: string) {
  const roles = { releaseManager: 'release-manager', sre: 'sre', viewer: 'viewer' } as const;
  const tokens = Object.entries(TOKENS).map(([key, token]) => ({
    name: `${key}-user`,
    role: roles[key as keyof typeof roles],
    sha256: sha256Hex(token),
  }));
  return startApiProcess({
    TASK_QUEUE: taskQueue,
    AZURE_SUBSCRIPTION_ID: emulator.info.subscriptionId,
    AZURE_RESOURCE_GROUP: emulator.info.resourceGroup,
    AZURE_WORKSPACE: emulator.workspace,
    API_TOKENS: JSON.stringify(tokens),
    UI_SESSION_KEY: sessionKey,
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
  });
}

/** An OTLP/HTTP collector that keeps each span's service, trace and name (JSON encoding, as the exporter sends). */
async function startCollector(): Promise<typeof collector> {
  const spans: Span[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const payload = JSON.parse(body) as {
        resourceSpans: {
          resource: { attributes: { key: string; value: { stringValue?: string } }[] };
          scopeSpans: { spans: { traceId: string; name: string }[] }[];
        }[];
      };
      for (const { resource, scopeSpans } of payload.resourceSpans) {
        const service = resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        for (const span of scopeSpans.flatMap((s) => s.spans))
          spans.push({ service, traceId: span.traceId, name: span.name });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans };
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

  await killProcess(workers[0], 'SIGKILL');
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

it("traces the API's Temporal calls and the worker's activities", async () => {
  const names = await waitFor(
    () => `the API's start and the worker's activity spans (${collector.spans.length} spans so far)`,
    async () => {
      const of = (service: string) => collector.spans.filter((s) => s.service === service).map((s) => s.name);
      const api = of('rollout-api');
      const worker = of('rollout-worker');
      const done = api.includes('StartWorkflow:rolloutWorkflow') && worker.includes('RunActivity:createDeployment');
      return done ? { api, worker } : undefined;
    },
    30_000,
    500,
  );
  expect(names.api).toEqual(expect.arrayContaining(['StartWorkflow:rolloutWorkflow']));
  expect(names.worker).toEqual(expect.arrayContaining(['RunActivity:createDeployment', 'RunActivity:setTraffic']));
});
