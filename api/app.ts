// The express app: public probes, docs and the alert hook first, then bearer auth in front of every rollout route,
// one error handler last. No listen here (api/main.ts and the tests do that).
import express from 'express';
import pino, { type Logger } from 'pino';
import { AuditLog } from '../store/audit-log';
import { auditTrail } from './audit-trail';
import { authenticate, createTokenStore, type JwtVerifier } from './auth';
import type { ApiConfig } from './config';
import type { RouteContext } from './context';
import { createEntraVerifier } from './entra';
import { methodNotAllowed } from './allowed-methods';
import { ApiError, errorHandler } from './errors';
import { createMetrics, httpMetrics } from './metrics';
import { createOidcClient } from './oidc';
import { countRollouts } from './rollout-listing';
import { perCallerLimit, streamSlots } from './limits';
import { openApiDocument } from './openapi';
import type { Gateway } from './rollouts-gateway';
import { auditRouter } from './routes/audit';
import { revertRouter } from './routes/revert';
import { controlsRouter } from './routes/controls';
import { docsRouter } from './routes/docs';
import { eventsRouter } from './routes/events';
import { healthRouter } from './routes/health';
import { hooksRouter } from './routes/hooks';
import { plansRouter } from './routes/plans';
import { rolloutsRouter } from './routes/rollouts';
import { schedulesRouter } from './routes/schedules';
import { channelsRouter } from './routes/channels';
import { subscriptionsRouter } from './routes/subscriptions';
import { notificationStore } from '../channels/records';
import type { Resolve } from '../channels/outbound';
import { windowsRouter } from './routes/windows';
import { uiRouter } from './ui/router';
import { createSessionCodec } from './ui/session';

export interface AppDeps {
  /** Every Temporal call: gatewayFromConfig(client, config), or an in-memory gateway in tests. */
  gateway: Gateway;
  config: ApiConfig;
  logger?: Logger;
  /** Defaults to Entra ID verification when the config has it. */
  verifyJwt?: JwtVerifier;
  /** How long the scraped rollout gauges are reused; defaults to the config's. */
  metricsCacheMs?: number;
  /** The service-wide audit log; defaults to the one in the config's store directory. */
  audit?: AuditLog;
  /** Host name resolution for the channels' outbound check; the system resolver when left out. */
  resolve?: Resolve;
}

export function createApp(deps: AppDeps): express.Express {
  const { gateway, config } = deps;
  const log = deps.logger ?? pino({ level: config.logLevel, redact: ['req.headers.authorization', 'token', 'secret'] });
  const metrics = createMetrics(
    () => countRollouts((query) => gateway.count(query)),
    deps.metricsCacheMs ?? config.metricsCacheMs,
  );
  const { limits } = config;
  const streams = streamSlots(limits.streamsPerCaller, limits.streamsTotal);
  const audit = deps.audit ?? new AuditLog(config.storeDir);
  const notifications = notificationStore(config.storeDir);
  const ctx: RouteContext = { gateway, config, metrics, log, streams, audit, notifications, resolve: deps.resolve };
  const documented = openApiDocument().paths ?? {};
  const verifyJwt = deps.verifyJwt ?? (config.entra ? createEntraVerifier(config.entra) : undefined);

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(httpMetrics(metrics));
  app.use(auditTrail(audit, documented, log));
  app.use(methodNotAllowed(documented));
  const lookupToken = createTokenStore(config.tokens);
  const session = createSessionCodec(config.ui.sessionKey);
  const oidc = config.ui.entra && createOidcClient(config.ui.entra);
  app.use(healthRouter(ctx), docsRouter(), hooksRouter(ctx, verifyJwt), uiRouter({ ctx, session, lookupToken, oidc }));
  app.use(authenticate({ lookupToken, verifyJwt, session }));
  const writes = perCallerLimit('write', limits.writesPerMinute);
  app.post('/plans/validate', perCallerLimit('dry run', limits.dryRunsPerMinute));
  app.post(['/rollouts', '/rollouts/:id/:action', '/schedules', '/schedules/:id/:action', '/windows'], writes);
  app.patch('/schedules/:id', writes);
  app.delete(['/schedules/:id', '/windows/:id'], writes);
  const settings = ['/channels', '/channels/:id', '/subscriptions', '/subscriptions/:id', '/notifications/allowlist'];
  app.post(settings, writes);
  app.patch(settings, writes);
  app.put(settings, writes);
  app.delete([...settings, '/notifications/allowlist/:id'], writes);
  app.use(rolloutsRouter(ctx), eventsRouter(ctx), controlsRouter(ctx), plansRouter(ctx), schedulesRouter(ctx));
  app.use(revertRouter(ctx), auditRouter(ctx, audit));
  app.use(channelsRouter(ctx), subscriptionsRouter(ctx), windowsRouter(ctx));
  app.use((req, _res, next) => next(new ApiError('NotFound', `no route ${req.method} ${req.path}`)));
  app.use(errorHandler(log));
  return app;
}
