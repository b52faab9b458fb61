// The emulator's express app: admin API, scoring, then the authenticated /subscriptions surface (metrics
// first, then the ARM control plane behind the injected-fault gate).
import express, { type Express, type Router } from 'express';
import { collapseSlashes, armFaults, requireApiVersion, requireBearer, slowResponses } from './middleware';
import type { FaultState } from '../control/fault-state';

export interface AppParts {
  admin: Router;
  arm: Router;
  faults: FaultState;
  scoring?: Router;
  metrics?: Router;
}

export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(collapseSlashes);
  app.use('/_emulator', parts.admin);
  if (parts.scoring) app.use(parts.scoring);
  app.use('/subscriptions', requireBearer, requireApiVersion, slowResponses(parts.faults));
  if (parts.metrics) app.use(parts.metrics);
  app.use('/subscriptions', armFaults(parts.faults));
  app.use(parts.arm);
  return app;
}
