// The audit log on the real stack, as deployed: an API process and a worker process sharing a store directory. Every
// documented state-changing route is called (accepted or refused), with 401s, 403s and a 409; the automatic actions
// (a scheduled start, an alert rollback) come from the worker and the webhook. After the whole stack is restarted on
// the same store, GET /audit shows all of it, the chain verifies, and an edited line is found.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex } from '../../../api/auth';
import { openApiDocument } from '../../../api/openapi';
import { TEST_METRICS_CLOCK, startTestEmulator, type TestEmulator } from '../../support/emulator';
import { killProcess, startApiProcess, startWorkerProcess } from '../../support/processes';
import { waitFor } from '../../support/wait';

const TOKENS = {
  viewer: `viewer-${randomUUID()}`,
  rm: `rm-${randomUUID()}`,
  sre: `sre-${randomUUID()}`,
  admin: `admin-${randomUUID()}`,
};
const ROLES = { viewer: 'viewer', rm: 'release-manager', sre: 'sre', admin: 'admin' } as const;
const ALERT_SECRET = `alert-secret-${randomUUID()}`;
const taskQueue = `audit-${randomUUID()}`;
const scheduleId = `audit-${randomUUID().slice(0, 8)}`;

let emulator: TestEmulator;
let storeDir: string;
let worker: ChildProcess | undefined;
let api: { child: ChildProcess; url: string } | undefined;

async function startStack() {
  worker = startWorkerProcess(emulator, taskQueue, { ROLLOUT_STORE_DIR: storeDir });
  api = await startApiProcess({
    TASK_QUEUE: taskQueue,
    AZURE_SUBSCRIPTION_ID: emulator.info.subscriptionId,
    AZURE_RESOURCE_GROUP: emulator.info.resourceGroup,
    AZURE_WORKSPACE: emulator.workspace,
    API_TOKENS: JSON.stringify(
      Object.entries(TOKENS).map(([key, token]) => ({
        name: `${key}-user`,
        role: ROLES[key as keyof typeof ROLES],
        sha256: sha256Hex(token),
      })),
    ),
    ALERT_WEBHOOK_SECRET: ALERT_SECRET,
    ROLLOUT_STORE_DIR: storeDir,
  });
}

async function stopStack() {
  await Promise.all([worker, api?.child].filter(Boolean).map((child) => killProcess(child!, 'SIGTERM')));
}

async function call(method: string, path: string, role?: keyof typeof TOKENS, body?: unknown, headers = {}) {
  const response = await fetch(`${api!.url}${path}`, {
    method,
    headers: {
      ...(role ? { authorization: `Bearer ${TOKENS[role]}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as any) : undefined };
}

const plan = {
  endpoint: 'heart-ep',
  candidate: { model: 'azureml:heart-classifier:2' },
  stages: [{ kind: 'deploy' }, { kind: 'approval', timeout: '10m' }, { kind: 'promote', watch: '0s' }],
};

function alert(target: string) {
  const essentials = {
    alertId: 'audit-alert',
    alertRule: 'HighErrorRate',
    monitorCondition: 'Fired',
    alertTargetIDs: [target],
  };
  return { schemaId: 'azureMonitorCommonAlertSchema', data: { essentials } };
}

/** Every documented route that is not a GET, as the audit log names it: `POST /rollouts/{id}/approve`. */
function stateChangingRoutes(): string[] {
  return Object.entries(openApiDocument().paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item as object)
      .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** `/rollouts/{id}/approve` → a concrete path. */
const concrete = (template: string, id: string) =>
  template.replace('{id}', template.startsWith('/schedules') ? scheduleId : encodeURIComponent(id));

beforeAll(async () => {
  emulator = await startTestEmulator({
    workspace: `ws-${randomUUID().slice(0, 8)}`,
    metrics: TEST_METRICS_CLOCK.emulator,
  });
  storeDir = await mkdtemp(join(tmpdir(), 'audit-store-'));
  await startStack();
}, 120_000);

afterAll(async () => {
  await stopStack();
  await emulator?.stop();
});

it('records every state-changing and refused call and the automatic actions; all still there after a restart', async () => {
  expect((await call('GET', '/rollouts')).status).toBe(401);
  // Created (checked live) before the rollout, paused: resumed once the rollout runs, its firings are skipped.
  const schedule = {
    id: scheduleId,
    every: '2s',
    paused: true,
    plan: { ...plan, candidate: { model: 'azureml:heart-classifier@latest' } },
  };
  expect((await call('POST', '/schedules', 'admin', schedule)).status).toBe(201);
  const started = await call('POST', '/rollouts', 'rm', plan);
  expect(started.status).toBe(201);
  const id: string = started.body.id;
  expect((await call('POST', '/rollouts', 'rm', plan)).status).toBe(409);
  await waitFor('the approval wait', async () =>
    (await call('GET', `/rollouts/${encodeURIComponent(id)}`, 'viewer')).body.state === 'AwaitingApproval'
      ? true
      : undefined,
  );
  expect((await call('POST', `/rollouts/${encodeURIComponent(id)}/pause`, 'sre', { reason: 'look' })).status).toBe(200);
  expect((await call('POST', `/rollouts/${encodeURIComponent(id)}/resume`, 'sre', {})).status).toBe(200);
  expect((await call('POST', '/plans/validate', 'viewer', plan)).status).toBe(200);
  expect((await call('POST', `/schedules/${scheduleId}/resume`, 'admin', { reason: 'fire' })).status).toBe(200);
  // The schedule fires while the rollout runs: the worker records the skipped start.
  await waitFor(
    'a scheduled start in the audit log',
    async () =>
      (await call('GET', `/audit?action=scheduled-start&actor=schedule:${scheduleId}`, 'admin')).body.items[0],
    30_000,
  );
  expect((await call('DELETE', `/schedules/${scheduleId}`, 'admin')).status).toBe(204);
  // Every state-changing route refused to a viewer (or, for the webhook, to a caller without the secret).
  const routes = stateChangingRoutes();
  for (const route of routes) {
    const [method, template] = route.split(' ');
    const refused = await call(
      method,
      concrete(template, id),
      template.startsWith('/hooks') ? undefined : 'viewer',
      {},
    );
    expect([route, refused.status]).toEqual([route, template.startsWith('/hooks') ? 401 : expect.any(Number)]);
  }
  const target =
    `/subscriptions/${emulator.info.subscriptionId}/resourcegroups/${emulator.info.resourceGroup}/providers/microsoft.machinelearningservices/workspaces/${emulator.workspace}/onlineendpoints/heart-ep`.toLowerCase();
  const alerted = await call('POST', '/hooks/azure-monitor', undefined, alert(target), {
    'x-webhook-secret': ALERT_SECRET,
  });
  expect(alerted.body.action).toBe('rollback');
  expect((await call('GET', '/audit', 'viewer')).status).toBe(403);

  await stopStack();
  await startStack();
  // The new worker records its start once connected; the API is ready before it.
  await waitFor('the restarted worker', async () =>
    (await call('GET', '/audit?action=config-loaded&target=worker', 'admin')).body.items.length === 2
      ? true
      : undefined,
  );

  const { body } = await call('GET', '/audit?limit=500', 'admin');
  const entries: { action: string; outcome: number | string; actor: string; reason?: string; source: string }[] =
    body.items;
  const actions = new Set(entries.map((e) => e.action));
  expect(routes.filter((route) => !actions.has(route))).toEqual([]);
  const outcomes = new Set(entries.map((e) => e.outcome));
  for (const status of [200, 201, 204, 401, 403, 409]) expect(outcomes).toContain(status);
  expect(entries.find((e) => e.action === 'GET /audit' && e.outcome === 403)).toMatchObject({ actor: 'viewer-user' });
  expect(entries.find((e) => e.action === 'POST /rollouts' && e.outcome === 409)).toMatchObject({
    actor: 'rm-user',
    reason: expect.stringContaining('RolloutActive'),
  });
  expect(entries.find((e) => e.action === 'alert-rollback')).toMatchObject({
    actor: 'alert:HighErrorRate',
    outcome: 'ok',
  });
  expect(entries.find((e) => e.action === 'scheduled-start')).toMatchObject({ source: 'worker', outcome: 'skipped' });
  const loaded = entries.filter((e) => e.action === 'config-loaded');
  expect(loaded.map((e) => `${e.source} ${e.reason}`)).toEqual(
    expect.arrayContaining([
      'api unchanged since the last start',
      'api first start on record',
      'worker unchanged since the last start',
      'worker first start on record',
    ]),
  );

  expect((await call('GET', '/audit/verify', 'sre')).body).toMatchObject({ ok: true });
  const file = join(storeDir, 'audit.jsonl');
  const lines = (await readFile(file, 'utf8')).split('\n');
  const edited = lines.findIndex((line) => line.includes('"outcome":409'));
  lines[edited] = lines[edited].replace('"outcome":409', '"outcome":200');
  await writeFile(file, lines.join('\n'));
  expect((await call('GET', '/audit/verify', 'admin')).body).toMatchObject({
    ok: false,
    file: 'audit.jsonl',
    line: edited + 1,
    problem: expect.stringContaining('edited'),
  });
}, 240_000);
