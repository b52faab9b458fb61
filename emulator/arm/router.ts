// The ARM control plane: workspace-scoped routes (endpoints, deployments, models, codes, environments) and
// registry-scoped ones (models, environments) behind a scope check, and the operation polling routes. Body parsing
// and error rendering are Azure's.
import express, { Router, type Request, type RequestHandler } from 'express';
import { assetsRouter } from './assets';
import { registryPath, workspacePath, type ArmContext } from './context';
import { deploymentsRouter } from './deployments';
import { endpointsRouter } from './endpoints';
import { ArmError, armErrorHandler } from './errors';
import { operationsRouter } from './lro-http';
import { modelsRouter } from './models';
import { computesRouter, locationsRouter } from './computes';

export interface ArmRouterOptions {
  /** Larger request bodies answer 413 (ARM's limit is 4 MiB). */
  maxBodyBytes: number;
}

const PROVIDER = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.MachineLearningServices';
const LOCATION = '/subscriptions/:sub/providers/Microsoft.MachineLearningServices/locations/:location';

export function armRouter(ctx: ArmContext, options: ArmRouterOptions): Router {
  const router = Router();
  router.use(express.json({ limit: options.maxBodyBytes }));
  router.use(operationsRouter(ctx.lro, ctx.ops));
  const inWorkspace = { path: () => workspacePath(ctx) };
  const scoped = Router({ mergeParams: true });
  scoped.use(
    endpointsRouter(ctx),
    deploymentsRouter(ctx),
    modelsRouter(ctx, { ...inWorkspace, models: () => ctx.ws.state.models }),
    assetsRouter(ctx, 'codes', { ...inWorkspace, store: () => ctx.ws.state.codes }),
    assetsRouter(ctx, 'environments', { ...inWorkspace, store: () => ctx.ws.state.environments }),
    computesRouter(ctx),
  );
  router.use(`${PROVIDER}/workspaces/:ws`, checkScope(ctx), scoped);
  const registry = (req: Request) => ctx.ws.registry(String(req.params.registry));
  const inRegistry = { path: (req: Request) => registryPath(ctx, registry(req)!.name) };
  const registryScoped = Router({ mergeParams: true });
  registryScoped.use(
    modelsRouter(ctx, { ...inRegistry, models: (req) => registry(req)!.models }),
    assetsRouter(ctx, 'environments', { ...inRegistry, store: (req) => registry(req)?.environments }),
  );
  router.use(`${PROVIDER}/registries/:registry`, checkScope(ctx), checkRegistry(ctx), registryScoped);
  router.use(LOCATION, checkSubscription(ctx), locationsRouter(ctx));
  router.use((req, _res, next) =>
    next(new ArmError(404, 'NotFound', `No ARM route matches ${req.method} ${req.path}.`)),
  );
  router.use(armErrorHandler);
  return router;
}

function checkSubscription(ctx: ArmContext): RequestHandler {
  return (req, _res, next) => {
    if (String(req.params.sub).toLowerCase() === ctx.ws.identity.subscriptionId.toLowerCase()) return next();
    next(new ArmError(404, 'SubscriptionNotFound', `The subscription '${req.params.sub}' could not be found.`));
  };
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
    if (req.params.ws !== undefined && !same(req.params.ws, workspace)) {
      return next(new ArmError(404, 'ResourceNotFound', `Workspace '${req.params.ws}' was not found.`));
    }
    next();
  };
}

function checkRegistry(ctx: ArmContext): RequestHandler {
  return (req, _res, next) => {
    if (ctx.ws.registry(String(req.params.registry))) return next();
    next(new ArmError(404, 'ResourceNotFound', `Registry '${req.params.registry}' was not found.`));
  };
}
