// The ARM control plane: workspace-scoped routes (endpoints, deployments, models) behind a scope check, and
// the operation polling routes. Body parsing and error rendering are Azure's.
import express, { Router, type RequestHandler } from 'express';
import type { ArmContext } from './context';
import { deploymentsRouter } from './deployments';
import { endpointsRouter } from './endpoints';
import { ArmError, armErrorHandler } from './errors';
import { operationsRouter } from './lro-http';
import { modelsRouter } from './models';

export interface ArmRouterOptions {
  /** Larger request bodies answer 413 (ARM's limit is 4 MiB). */
  maxBodyBytes: number;
}

const WORKSPACE = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.MachineLearningServices/workspaces/:ws';

export function armRouter(ctx: ArmContext, options: ArmRouterOptions): Router {
  const router = Router();
  router.use(express.json({ limit: options.maxBodyBytes }));
  router.use(operationsRouter(ctx.lro, ctx.ops));
  const scoped = Router({ mergeParams: true });
  scoped.use(endpointsRouter(ctx), deploymentsRouter(ctx), modelsRouter(ctx));
  router.use(WORKSPACE, checkScope(ctx), scoped);
  router.use((req, _res, next) =>
    next(new ArmError(404, 'NotFound', `No ARM route matches ${req.method} ${req.path}.`)),
  );
  router.use(armErrorHandler);
  return router;
}

// ARM paths are case-insensitive; the emulator serves one workspace.
function checkScope(ctx: ArmContext): RequestHandler {
  return (req, _res, next) => {
    const { subscriptionId, resourceGroup, workspace } = ctx.ws.identity;
    const same = (a: unknown, b: string) => String(a).toLowerCase() === b.toLowerCase();
    if (!same(req.params.sub, subscriptionId)) {
      return next(
        new ArmError(404, 'SubscriptionNotFound', `The subscription '${req.params.sub}' could not be found.`),
      );
    }
    if (!same(req.params.rg, resourceGroup)) {
      return next(new ArmError(404, 'ResourceGroupNotFound', `Resource group '${req.params.rg}' could not be found.`));
    }
    if (!same(req.params.ws, workspace)) {
      return next(new ArmError(404, 'ResourceNotFound', `Workspace '${req.params.ws}' was not found.`));
    }
    next();
  };
}
