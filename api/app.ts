// The express app: public probes, docs and the alert hook first, then bearer auth in front of every rollout route,
// one error handler last. No listen here (api/main.ts and the tests do that).
import express from 'express';
import type { Client } from '@temporalio/client';
import pino, { type Logger } from 'pino';
import { authenticate, createTokenStore, type JwtVerifier } from './auth';
import type { ApiConfig } from './config';
import type { RouteContext } from './context';
import { createEntraVerifier } from './entra';
import { ApiError, errorHandler } from './errors';
import { createMetrics, httpMetrics } from './metrics';
import { createGateway } from './rollouts-gateway';
import { controlsRouter } from './routes/controls';
import { docsRouter } from './routes/docs';
import { eventsRouter } from './routes/events';
import { healthRouter } from './routes/health';
import { hooksRouter } from './routes/hooks';
import { plansRouter } from './routes/plans';
import { rolloutsRouter } from './routes/rollouts';
import { schedulesRouter } from './routes/schedules';

export interface AppDeps {
  client: Client;
  config: ApiConfig;
  logger?: Logger;
  /** Defaults to Entra ID verification when the config has it. */
  verifyJwt?: JwtVerifier;
  /** How long the scraped rollout gauges are reused; defaults to the config's. */
  metricsCacheMs?: number;
}

export function createApp(deps: AppDeps): express.Express {
  const { client, config } = deps;
  const log = deps.logger ?? pino({ level: config.logLevel, redact: ['req.headers.authorization', 'token', 'secret'] });
  const gateway = createGateway(client, { taskQueue: config.temporal.taskQueue, timeoutMs: config.updateTimeoutMs });
  const metrics = createMetrics(async () => {
    const executions = await gateway.list(`WorkflowType = 'rolloutWorkflow'`, 200);
    const statuses = await Promise.all(executions.map((e) => gateway.statusOf(e, 3_000).catch(() => undefined)));
    return statuses.filter((s) => s !== undefined);
  }, deps.metricsCacheMs ?? config.metricsCacheMs);
  const ctx: RouteContext = { client, gateway, config, metrics, log };
  const verifyJwt = deps.verifyJwt ?? (config.entra ? createEntraVerifier(config.entra) : undefined);

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(httpMetrics(metrics));
  app.use(healthRouter(ctx), docsRouter(), hooksRouter(ctx));
  app.use(authenticate({ lookupToken: createTokenStore(config.tokens), verifyJwt }));
  app.use(rolloutsRouter(ctx), eventsRouter(ctx), controlsRouter(ctx), plansRouter(ctx), schedulesRouter(ctx));
  app.use((req, _res, next) => next(new ApiError('NotFound', `no route ${req.method} ${req.path}`)));
  app.use(errorHandler(log));
  return app;
}
