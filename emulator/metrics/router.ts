// Azure Monitor metrics for the emulated endpoints: the batch API (MetricsClient) and the ARM metrics GET.
import express from 'express';
import type { DataPlaneContext } from '../data-plane-context';

export function createMetricsRouter(ctx: DataPlaneContext): express.Router {
  const router = express.Router();
  router.use((_req, _res, next) => {
    void ctx;
    next();
  });
  return router;
}
