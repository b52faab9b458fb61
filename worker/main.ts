// The worker process: configuration from the environment, Azure clients, every activity set, the pre-built
// workflow bundle (or a bundle made at start), and a graceful shutdown on SIGINT/SIGTERM that lets in-flight
// activities finish within the grace time.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import type { Duration } from '@temporalio/common';
import { createAzureClients } from '../activities';
import { assertAttributesRegistered } from '../domain/search-attributes';
import { connectionOptions, describeTemporal } from '../domain/temporal-settings';
import { loadConfig } from './config';
import { createWorker } from './create-worker';
import { startTracing } from '../telemetry/tracing';
import { workerActivities } from './activities';
import { AuditLog } from '../store/audit-log';
import { recordConfigLoaded } from '../store/config-audit';
import { createPinoLogger, temporalLogger } from './logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createPinoLogger(config.logLevel);
  Runtime.install({
    logger: temporalLogger(log),
    shutdownSignals: [],
    ...(config.prometheusAddress
      ? { telemetryOptions: { metrics: prometheusExporter(config.prometheusAddress) } }
      : {}),
  });
  const azure = createAzureClients(config.azure);
  const { namespace, taskQueue } = config.temporal;
  const nativeConnection = await NativeConnection.connect(connectionOptions(config.temporal));
  const connection = await Connection.connect(connectionOptions(config.temporal));
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  assertAttributesRegistered(namespace, customAttributes);
  const tracing = startTracing(config.tracing);
  const client = new Client({ connection, namespace, interceptors: tracing.clientInterceptors });
  const audit = new AuditLog(config.storeDir);
  const { apiKey, tls, ...temporalRest } = config.temporal;
  const { staticToken, caCert, ...azureRest } = config.azure;
  await recordConfigLoaded(audit, 'worker', {
    ...config,
    temporal: { ...temporalRest, apiKey: Boolean(apiKey), tls: Boolean(tls) },
    azure: { ...azureRest, staticToken: Boolean(staticToken), caCert: Boolean(caCert) },
  });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace,
    taskQueue,
    activities: workerActivities({
      azure,
      client,
      taskQueue,
      metrics: config.metrics,
      audit,
      storeDir: config.storeDir,
      notify: {
        storeDir: config.storeDir,
        allowlist: config.notifications.allowlist,
        links: { ...config.notifications, namespace },
      },
    }),
    workflowBundle: config.workflowBundlePath ? { codePath: config.workflowBundlePath } : undefined,
    shutdownGraceTime: config.shutdownGraceTime as Duration,
    tracing,
    extra: config.tuning,
  });
  // Azure Monitor's budget: how many metrics:getBatch calls the gates made, and how many Azure throttled.
  const metricsCallLog = setInterval(() => log.info(azure.metricsCalls(), 'metrics calls'), 60_000);
  metricsCallLog.unref();
  const stop = (signal: NodeJS.Signals) => {
    log.info({ signal }, 'shutting down');
    worker.shutdown();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log.info(
    {
      ...describeTemporal(config.temporal),
      bundle: config.workflowBundlePath ?? 'built at start',
      metrics: config.metrics,
      tuning: config.tuning,
      metricsBatchWindowMs: config.azure.metricsBatchWindowMs,
    },
    'worker started',
  );
  try {
    await worker.run();
  } finally {
    await Promise.allSettled([nativeConnection.close(), connection.close(), azure.close(), tracing.shutdown()]);
    log.info('worker stopped');
  }
}

/** Prometheus conventions: counters end in `_total`, durations in seconds with the unit in the name. */
function prometheusExporter(bindAddress: string) {
  return { prometheus: { bindAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true } };
}

main().catch((error) => {
  process.stderr.write(`worker failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
