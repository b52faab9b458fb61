// The scoring data plane: POST /inference/:endpoint/score, routed by traffic weights, mirrored, recorded.
import express from 'express';
import type { DataPlaneContext } from '../data-plane-context';

export function createScoringRouter(ctx: DataPlaneContext): express.Router {
  const router = express.Router();
  router.post('/inference/:endpoint/score', (_req, res) => {
    res.status(501).json({ error: { code: 'NotImplemented', message: `scoring for ${ctx.workspace} is coming` } });
  });
  return router;
}
