// The API process: config from the environment, a gateway over a Temporal client, the express app listening;
// stops on SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { assertAttributesRegistered } from '../domain/search-attributes';
import { AuditLog } from '../store/audit-log';
import { recordConfigLoaded } from '../store/config-audit';
import { createApp } from './app';
import { publicSettings, tokenRoster } from './config-audit';
import { gatewayFromConfig } from './rollouts-gateway';
import { loadConfig } from './config';
import { startTracing } from '../telemetry/tracing';
import { connectionOptions, describeTemporal } from '../domain/temporal-settings';

async function main() {
  const config = loadConfig();
  const log = pino({ level: config.logLevel, redact: ['req.headers.authorization', 'token', 'secret'] });
  const connection = await Connection.connect(connectionOptions(config.temporal));
  const { namespace } = config.temporal;
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  assertAttributesRegistered(namespace, customAttributes);
  const tracing = startTracing(config.tracing);
  const client = new Client({ connection, namespace, interceptors: tracing.clientInterceptors });
  const audit = new AuditLog(config.storeDir);
  await recordConfigLoaded(audit, 'api', publicSettings(config), { tokens: tokenRoster(config) });
  const app = createApp({ gateway: gatewayFromConfig(client, config), config, logger: log, audit });
  const server = app.listen(config.port, config.host, () => {
    const address = server.address() as { port: number };
    const url = `http://${config.host}:${address.port}`;
    log.info(
      { url, temporal: describeTemporal(config.temporal), tokens: config.tokens.length, entra: Boolean(config.entra) },
      'api listening',
    );
    console.log(`api ready ${JSON.stringify({ url })}`);
  });
  const stop = () => {
    log.info('api stopping');
    server.close(
      () => void Promise.allSettled([connection.close(), tracing.shutdown()]).finally(() => process.exit(0)),
    );
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 5_000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error('api failed to start:', error);
  process.exit(1);
});
