// The real stack for API acceptance tests: the emulator (own workspace, live traffic), a worker with the real
// activities and the schedule starter on the shared dev server, and the API listening on a real port.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotifyOptions } from '../../activities/notify-options';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { createAzureClients } from '../../activities';
import { createApp } from '../../api/app';
import { gatewayFromConfig, type Gateway } from '../../api/rollouts-gateway';
import { sha256Hex, type JwtVerifier } from '../../api/auth';
import { loadConfig } from '../../api/config';
import { workerActivities } from '../../worker/activities';
import { AuditLog } from '../../store/audit-log';
import { TEST_METRICS_CLOCK, emulatorAzureSettings, startTestEmulator, type TestEmulator } from './emulator';
import { beforeAllStarted } from './hooks';
import { requireEnv, startTestWorker } from './test-worker';

export { waitFor } from './wait';

export const ROLE_TOKENS = {
  viewer: `viewer-${randomUUID()}`,
  releaseManager: `rm-${randomUUID()}`,
  /** A second release manager: the two-person rule keeps the starter from approving. */
  releaseManager2: `rm2-${randomUUID()}`,
  sre: `sre-${randomUUID()}`,
  admin: `admin-${randomUUID()}`,
} as const;
export type TokenRole = keyof typeof ROLE_TOKENS;
export const ALERT_SECRET = `alert-secret-${randomUUID()}`;

export interface ApiStack {
  url: string;
  emulator: TestEmulator;
  client: Client;
  taskQueue: string;
  /** The store directory the API and the worker share (audit log, admin records). */
  storeDir: string;
  /**
   * Calls the API made, by gateway method (`list`, `count`, `status`, ...) and by Temporal client call
   * (`temporal.query`, `temporal.describe`, through a client interceptor); tests may reset it.
   */
  calls: Record<string, number>;
  /** fetch against the API with the role's token (or none). */
  call(method: string, path: string, options?: CallOptions): Promise<{ status: number; body: any; text: string }>;
  stop(): Promise<void>;
}

export interface CallOptions {
  role?: TokenRole;
  token?: string;
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface StackOptions {
  rps?: number;
  verifyJwt?: JwtVerifier;
  /** More API settings, e.g. TEMPORAL_UI_URL; a function gets the API's URL (for settings that name it). */
  env?: Record<string, string> | ((apiUrl: string) => Record<string, string>);
  /** The worker's notification settings beside the stack's store (a receiver's CA, a short timeout). */
  notify?: Omit<NotifyOptions, 'storeDir'>;
  /** Wraps the worker's activities (a test makes one misbehave). */
  wrapActivities?: (activities: Record<string, unknown>) => object;
}

function tokenEntries() {
  const roles = {
    viewer: 'viewer',
    releaseManager: 'release-manager',
    releaseManager2: 'release-manager',
    sre: 'sre',
    admin: 'admin',
  } as const;
  return Object.entries(ROLE_TOKENS).map(([key, token]) => ({
    name: `${key}-user`,
    role: roles[key as TokenRole],
    sha256: sha256Hex(token),
  }));
}

export async function startApiStack(options: StackOptions = {}): Promise<ApiStack> {
  const address = requireEnv('TEMPORAL_ADDRESS');
  const workspace = `ws-${randomUUID().slice(0, 8)}`;
  const emulator = await startTestEmulator({
    workspace,
    traffic: { rps: options.rps ?? 40 },
    metrics: TEST_METRICS_CLOCK.emulator,
  });
  const taskQueue = `api-${randomUUID()}`;
  const storeDir = mkdtempSync(join(tmpdir(), 'rollout-store-'));
  const azure = createAzureClients(emulatorAzureSettings(emulator, { lroPollIntervalMs: 50 }));
  const connection = await Connection.connect({ address });
  const calls: Record<string, number> = {};
  const counted = (name: string) => (calls[name] = (calls[name] ?? 0) + 1);
  const client = new Client({
    connection,
    interceptors: {
      workflow: [
        {
          query: (input, next) => (counted('temporal.query'), next(input)),
          describe: (input, next) => (counted('temporal.describe'), next(input)),
        },
      ],
    },
  });
  const audit = new AuditLog(storeDir);
  const activities = workerActivities({
    azure,
    client,
    taskQueue,
    metrics: TEST_METRICS_CLOCK.service,
    audit,
    storeDir,
    notify: { ...options.notify, storeDir },
  }) as Record<string, unknown>;
  const worker = await startTestWorker({
    taskQueue,
    activities: options.wrapActivities ? options.wrapActivities(activities) : activities,
  });
  // Listening before the app exists, so that settings can name the API's own URL (a redirect URI).
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const config = loadConfig({
    API_TOKENS: JSON.stringify(tokenEntries()),
    TASK_QUEUE: taskQueue,
    TEMPORAL_ADDRESS: address,
    AZURE_SUBSCRIPTION_ID: emulator.info.subscriptionId,
    AZURE_RESOURCE_GROUP: emulator.info.resourceGroup,
    AZURE_WORKSPACE: workspace,
    ALERT_WEBHOOK_SECRET: ALERT_SECRET,
    API_BODY_LIMIT: '64kb',
    UPDATE_TIMEOUT_MS: '15000',
    ROLLOUT_STORE_DIR: storeDir,
    ...(typeof options.env === 'function' ? options.env(url) : options.env),
  });
  const gateway = countingCalls(gatewayFromConfig(client, config), counted);
  const logger = pino({ level: 'silent' });
  server.on('request', createApp({ gateway, config, logger, verifyJwt: options.verifyJwt, metricsCacheMs: 0 }));
  return {
    url,
    emulator,
    client,
    taskQueue,
    storeDir,
    calls,
    call: (method, path, opts = {}) => call(url, method, path, opts),
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await worker.close();
      await connection.close();
      await azure.close();
      await emulator.stop();
      rmSync(storeDir, { recursive: true, force: true });
    },
  };
}

/** The gateway with each method call counted by its name. */
function countingCalls(gateway: Gateway, counted: (name: string) => void): Gateway {
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        counted(String(property));
        return (value as (...a: unknown[]) => unknown).apply(receiver, args);
      };
    },
  });
}

/** The API stack for the file's tests: started in `beforeAll`, stopped in `afterAll`. */
export const useApiStack = (options: StackOptions = {}): ApiStack =>
  beforeAllStarted(
    () => startApiStack(options),
    (stack) => stack.stop(),
  );

async function call(url: string, method: string, path: string, opts: CallOptions) {
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token ?? (opts.role ? ROLE_TOKENS[opts.role] : undefined);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] = opts.contentType ?? 'application/json';
  }
  const response = await fetch(`${url}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed as any, text };
}

/** `rollout:sub/rg/ws/endpoint` → the path segment the API expects. */
export const idPath = (id: string) => `/rollouts/${encodeURIComponent(id)}`;
