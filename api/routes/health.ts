// GET /healthz (the process is up), /readyz (Temporal answers) and /metrics (Prometheus). No auth: probes and scrapers.
import { Router } from 'express';
import type { RouteContext } from '../context';

export function healthRouter(ctx: RouteContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await ctx.gateway.ready(3_000);
      res.json({ status: 'ready', temporal: ctx.config.temporal.address });
    } catch (error) {
      res.status(503).json({
        status: 'unavailable',
        temporal: ctx.config.temporal.address,
        message: String((error as Error).message),
      });
    }
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  return router;
}
