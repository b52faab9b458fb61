// `npm start`: the whole service on one machine — a Temporal dev server (SQLite under data/), the Azure ML emulator
// with live traffic, the worker and the API — then ONE line `rollout-service ready {json}`. Ctrl-C stops it all.
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import pino from 'pino';
import { createApp } from '../api/app';
import { gatewayFromConfig } from '../api/rollouts-gateway';
import { parseConfig as parseApiConfig } from '../api/config';
import { startChild, type Child } from './children';
import { loadConfig, type LauncherConfig } from './config';
import { startTemporalDevServer, type DevServer } from './temporal-dev-server';
import { loadDemoCredentials, tokenEntries } from './tokens';

interface EmulatorInfo {
  armEndpoint: string;
  caCertPath: string;
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location: string;
  metricsEndpoint: string;
  metrics: { clock: string; grain: string; ingestionDelayMs: number; ingestionJitterMs: number; mirrored: string };
}

const stoppers: (() => Promise<void>)[] = [];

async function startTemporal(config: LauncherConfig): Promise<{ address: string; uiUrl?: string }> {
  if (config.temporalAddress) return { address: config.temporalAddress };
  const server: DevServer = await startTemporalDevServer({
    port: config.devServer.port,
    uiPort: config.devServer.uiPort || undefined,
    namespace: config.namespace,
    dbFile: join(config.dataDir, 'temporal.sqlite'),
    readyTimeoutMs: 120_000,
    env: config.env,
  });
  stoppers.push(() => server.stop());
  return { address: server.address, uiUrl: server.uiUrl };
}

/** The dev server keeps closed workflows 24 h; keep the rollouts' history longer. */
async function extendRetention(connection: Connection, namespace: string, days: number) {
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(`${days}d`) },
  });
}

async function startEmulator(config: LauncherConfig): Promise<EmulatorInfo | undefined> {
  if (!config.embeddedAzure) return undefined;
  const emulator = startChild(
    'emulator',
    'emulator/main.ts',
    [
      '--port',
      String(config.emulator.port),
      '--state-file',
      join(config.dataDir, 'emulator.json'),
      '--data-dir',
      join(config.dataDir, 'emulator'),
      '--rps',
      String(config.emulator.rps),
      '--traffic-endpoint',
      config.emulator.trafficEndpoint,
      '--provisioning-ms',
      String(config.emulator.provisioningMs),
      '--metrics-grain-seconds',
      String(config.emulator.metricsGrainSeconds),
      '--metrics-throttle',
      config.emulator.metricsThrottle,
      ...(config.emulator.coreQuota !== undefined ? ['--core-quota', String(config.emulator.coreQuota)] : []),
    ],
    config.env,
    join(config.dataDir, 'logs', 'emulator.log'),
  );
  watch(emulator);
  const line = await emulator.waitForLine(/^emulator ready /, 60_000);
  return JSON.parse(line.slice('emulator ready '.length)) as EmulatorInfo;
}

function workerEnv(config: LauncherConfig, address: string, emulator?: EmulatorInfo): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...config.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_NAMESPACE: config.namespace,
    TASK_QUEUE: config.taskQueue,
    SHUTDOWN_GRACE_TIME: '5s',
    WORKFLOW_BUNDLE_PATH: config.workflowBundlePath ?? '',
    ROLLOUT_STORE_DIR: join(config.dataDir, 'store'),
  };
  if (!emulator) return env;
  return {
    ...env,
    AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
    AZURE_RESOURCE_GROUP: emulator.resourceGroup,
    AZURE_WORKSPACE: emulator.workspace,
    AZURE_ARM_ENDPOINT: emulator.armEndpoint,
    AZURE_METRICS_ENDPOINT: emulator.metricsEndpoint,
    AZURE_CA_CERT_PATH: emulator.caCertPath,
    AZURE_STATIC_TOKEN: 'emulator-token',
    // The emulator's region: a first release creates its endpoint there (the metrics endpoint is given, not derived).
    AZURE_LOCATION: emulator.location,
    ...metricsEnv(emulator),
  };
}

/**
 * The worker reads the grain the emulator announced, and a lag that covers its announced ingestion delay and
 * jitter plus one grain (on Azure's clock: 1 min + 2 min + 1 min = the worker's default 4 min).
 */
function metricsEnv(emulator: EmulatorInfo): NodeJS.ProcessEnv {
  const m = emulator.metrics;
  const grainMs = Number(/^PT(\d+)S$/.exec(m.grain)?.[1] ?? 60) * 1000;
  const lagS = Math.ceil((m.ingestionDelayMs + m.ingestionJitterMs + grainMs) / 1000);
  return { METRICS_GRAIN: `${grainMs / 1000}s`, METRICS_LAG: `${lagS}s` };
}

let stopping = false;
function watch(child: Child) {
  stoppers.push(() => child.stop());
  child.process.once('exit', (code, signal) => {
    // Ctrl-C reaches the children too; give our own SIGINT handler a moment to mark the stop as wanted.
    setTimeout(() => {
      if (stopping) return;
      process.stderr.write(`rollout-service: ${child.name} exited unexpectedly (code ${code}, signal ${signal})\n`);
      void shutdown(1);
    }, 500);
  });
}

async function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.once('error', reject);
  });
}

async function main() {
  const config = loadConfig();
  mkdirSync(join(config.dataDir, 'logs'), { recursive: true });
  const credentials = loadDemoCredentials(config.dataDir);
  const temporal = await startTemporal(config);
  const connection = await Connection.connect({ address: temporal.address });
  stoppers.push(() => connection.close());
  if (!config.temporalAddress) await extendRetention(connection, config.namespace, config.devServer.retentionDays);
  const emulator = await startEmulator(config);
  const worker = startChild(
    'worker',
    'worker/main.ts',
    [],
    workerEnv(config, temporal.address, emulator),
    join(config.dataDir, 'logs', 'worker.log'),
  );
  watch(worker);
  await worker.waitForLine(/worker started/, 180_000);

  // Throws rather than exits: the children started so far must be stopped.
  const apiConfig = parseApiConfig({
    ...config.env,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: config.namespace,
    TASK_QUEUE: config.taskQueue,
    ROLLOUT_STORE_DIR: join(config.dataDir, 'store'),
    API_TOKENS: config.apiTokens ?? JSON.stringify(tokenEntries(credentials)),
    ALERT_WEBHOOK_SECRET: config.alertSecret ?? credentials.alertSecret,
    ...(temporal.uiUrl && !config.env.TEMPORAL_UI_URL ? { TEMPORAL_UI_URL: temporal.uiUrl } : {}),
    ...(emulator
      ? {
          AZURE_SUBSCRIPTION_ID: emulator.subscriptionId,
          AZURE_RESOURCE_GROUP: emulator.resourceGroup,
          AZURE_WORKSPACE: emulator.workspace,
        }
      : {}),
  });
  const logger = pino(
    { level: apiConfig.logLevel },
    pino.destination({ dest: join(config.dataDir, 'logs', 'api.log'), sync: false }),
  );
  const client = new Client({ connection, namespace: config.namespace });
  const gateway = gatewayFromConfig(client, apiConfig);
  const server = createApp({ gateway, config: apiConfig, logger }).listen(config.api.port, config.api.host);
  stoppers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const port = await listen(server);
  const apiUrl = `http://${config.api.host}:${port}`;
  process.stdout.write(
    `rollout-service ready ${JSON.stringify({
      apiUrl,
      docsUrl: `${apiUrl}/docs`,
      temporalAddress: temporal.address,
      temporalUiUrl: temporal.uiUrl,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      tokens: credentials.tokens,
      alertWebhookUrl: `${apiUrl}/hooks/azure-monitor`,
      alertWebhookSecret: apiConfig.alertSecret ?? null,
      dataDir: config.dataDir,
      logs: join(config.dataDir, 'logs'),
      emulator: emulator ?? null,
    })}\n`,
  );
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  // Reverse order: API first, then worker, emulator, connection, Temporal last.
  for (const stop of stoppers.reverse())
    await stop().catch((error) => process.stderr.write(`rollout-service: stop failed: ${String(error)}\n`));
  process.stderr.write('rollout-service stopped\n');
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0)); // npm and tsx may relay a second one
process.on('SIGTERM', () => void shutdown(0));
main().catch((error) => {
  process.stderr.write(`rollout-service failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  void shutdown(1);
});
