// startEmulator(): a local Azure ML workspace over HTTPS — ARM control plane, scoring, Azure Monitor metrics,
// fault injection and live traffic. Tests, benchmarks and the embedded launcher import it; production code never.
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ArmContext } from './arm/context';
import { armRouter } from './arm/router';
import { CoreQuota } from './arm/quota';
import { adminRouter } from './control/admin-router';
import { createController, type EmulatorFaults, type Timing } from './control/controller';
import { FaultState } from './control/fault-state';
import { createTrafficControl } from './control/traffic';
import type { DataPlaneContext } from './data-plane-context';
import { createMetricsRouter } from './metrics/router';
import { metricsThrottle } from './metrics/throttle';
import { seededRandom } from './model/random';
import { metricsClockInfo, resolveOptions, type EmulatorInfo, type EmulatorOptions } from './options';
import { createScoringRouter } from './scoring/router';
import { modelVersionFor, newEndpointKey, seedWorkspace } from './seed';
import { createApp } from './server/app';
import { createCertificate } from './server/tls';
import { Operations } from './arm/operations';
import { createDataPlaneContext } from './workspace/data-plane';
import { loadState } from './workspace/persistence';
import { RequestLog } from './workspace/request-log';
import { Workspace, emptyState } from './workspace/state';

/** Azure Load Balancer's default TCP idle timeout. */
const IDLE_CONNECTION_TIMEOUT_MS = 4 * 60_000;

export type { EmulatorOptions, EmulatorInfo } from './options';
export type { EmulatorFaults } from './control/controller';

export interface RunningEmulator {
  /** The ready JSON (also printed by the CLI after `emulator ready `). */
  info: EmulatorInfo;
  /** PEM of the certificate to trust (`tlsOptions: { ca }`). */
  caCert: string;
  /** In-process control: faults, timing, behaviour overrides, traffic generator. */
  faults: EmulatorFaults;
  /** The data plane's view of the workspace (read endpoints, served requests). */
  context: DataPlaneContext;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const opts = resolveOptions(options);
  const random = opts.randomSeed === undefined ? Math.random : seededRandom(opts.randomSeed);
  const identity = {
    subscriptionId: opts.subscriptionId,
    resourceGroup: opts.resourceGroup,
    workspace: opts.workspace,
    location: opts.location,
  };
  const loaded = opts.stateFile ? loadState(opts.stateFile) : undefined;
  const ws = new Workspace(identity, loaded ?? emptyState(), opts.stateFile);
  if (!loaded && opts.seed) seedWorkspace(ws);
  else ws.changed();

  const certificate = await createCertificate(opts.dataDir, opts.host);
  let baseUrl = '';
  const timing: Timing = { provisioningMs: opts.provisioningMs, retryAfterSeconds: opts.retryAfterSeconds };
  const faultState = new FaultState(random);
  const log = new RequestLog();
  const ops = new Operations(
    () => timing.provisioningMs,
    () => ws.changed(),
  );
  const ctx: ArmContext = {
    ws,
    ops,
    faults: faultState,
    log,
    lro: {
      baseUrl: () => baseUrl,
      subscriptionId: opts.subscriptionId,
      location: opts.location,
      retryAfterSeconds: () => timing.retryAfterSeconds,
    },
    quota: new CoreQuota({ ...opts.coreQuota }),
    newKey: newEndpointKey,
    newModelVersion: modelVersionFor,
  };
  const context = createDataPlaneContext(ws, log, faultState, random, opts.randomSeed, opts.metricsClock);
  const traffic = createTrafficControl(ws, () => baseUrl, certificate.cert, random);
  const faults = createController(ws, faultState, timing, traffic);
  const info = (): EmulatorInfo => ({
    ...describe(ws, baseUrl, certificate.caCertPath),
    metrics: metricsClockInfo(opts.metricsClock),
  });
  const app = createApp({
    admin: adminRouter(faults, { adminToken: opts.adminToken, info, state: () => ws.state }),
    arm: armRouter(ctx, { maxBodyBytes: opts.maxBodyBytes }),
    faults: faultState,
    scoring: createScoringRouter(context),
    metrics: createMetricsRouter(context, opts.metricsThrottle && metricsThrottle(opts.metricsThrottle)),
  });

  const server = createServer({ key: certificate.key, cert: certificate.cert }, app);
  // Azure's front ends keep an idle connection for minutes (README: connections); Node's 5 s default made a client
  // that reused its connection after ~5 s idle race the server's close ("socket hang up").
  server.keepAliveTimeout = IDLE_CONNECTION_TIMEOUT_MS;
  const port = await listen(server, opts.port, opts.host);
  const urlHost = ['0.0.0.0', '::'].includes(opts.host) ? '127.0.0.1' : opts.host;
  baseUrl = `https://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}`;
  if (opts.traffic && opts.traffic.rps > 0)
    await traffic.start({ rps: opts.traffic.rps, endpoint: opts.traffic.endpoint });

  return {
    info: info(),
    caCert: certificate.cert,
    faults,
    context,
    async stop() {
      await traffic.stop();
      ops.stop();
      await close(server);
    },
  };
}

function describe(ws: Workspace, baseUrl: string, caCertPath: string): Omit<EmulatorInfo, 'metrics'> {
  const { subscriptionId, resourceGroup, workspace, location } = ws.identity;
  return {
    armEndpoint: baseUrl,
    caCertPath,
    subscriptionId,
    resourceGroup,
    workspace,
    location,
    endpoints: Object.values(ws.state.endpoints).map((ep) => ({
      name: ep.name,
      scoringUri: `${baseUrl}/inference/${ep.name}/score`,
      key: ep.keys.primaryKey,
    })),
    adminUrl: `${baseUrl}/_emulator`,
    metricsEndpoint: baseUrl,
  };
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
