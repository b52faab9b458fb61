// ARM handlers of online deployments: PUT, GET, list, PATCH (sku capacity, tags), DELETE, getLogs and skus.
// A missing model, code or environment version, or a capacity over quota, is accepted and then fails
// asynchronously, as Azure does; a custom model without a scoring script or environment is refused at once.
import { Router, type Request, type Response } from 'express';
import type { DeploymentRecord, EndpointRecord } from '../types';
import type { ArmContext } from './context';
import { badArgument } from './errors';
import { ensureIdle, injectedFailure, nowIso, requireDeployment, requireEndpoint } from './guards';
import { sendAccepted } from './lro-http';
import type { OperationError } from './operations';
import { paginate } from './paging';
import { renderDeployment } from './render';
import { MAX_DEPLOYMENTS_PER_ENDPOINT, MAX_INSTANCES_PER_DEPLOYMENT, checkName } from './rules';
import { deploymentPatchSchema, deploymentPutSchema, onlyFields, parseBody } from './schemas';
import { deploymentLogs, deploymentSkus } from './deployment-extras';
import { withDefaults } from './deployment-defaults';
import { checkDeploymentAssets, missingAsset, type DeploymentAssets } from './deployment-assets';
import { checkInstanceType } from './instance-types';

export function deploymentsRouter(ctx: ArmContext): Router {
  const router = Router({ mergeParams: true });
  const base = '/onlineEndpoints/:endpoint/deployments';
  const ep = (req: Request) => requireEndpoint(ctx, String(req.params.endpoint));
  const dep = (req: Request) => requireDeployment(ep(req), String(req.params.deployment));

  router.get(base, (req, res) => {
    const endpoint = ep(req);
    const all = Object.values(endpoint.deployments).map((d) => renderDeployment(ctx, endpoint, d));
    res.json(paginate(req, ctx, all));
  });
  router.get(`${base}/:deployment`, (req, res) => res.json(renderDeployment(ctx, ep(req), dep(req))));
  router.put(`${base}/:deployment`, (req, res) => putDeployment(ctx, req, res, ep(req), String(req.params.deployment)));
  router.patch(`${base}/:deployment`, (req, res) => patchDeployment(ctx, req, res, ep(req), dep(req)));
  router.delete(`${base}/:deployment`, (req, res) =>
    deleteDeployment(ctx, req, res, ep(req), String(req.params.deployment)),
  );
  router.post(`${base}/:deployment/getLogs`, (req, res) => res.json(deploymentLogs(ctx, ep(req), dep(req), req.body)));
  router.get(`${base}/:deployment/skus`, (req, res) => {
    dep(req);
    res.json(paginate(req, ctx, deploymentSkus()));
  });
  return router;
}

function asyncFailure(
  ctx: ArmContext,
  req: Request,
  assets: DeploymentAssets,
  ep: EndpointRecord,
  dep: { name: string; instanceType: string; capacity: number },
): OperationError | undefined {
  const { capacity } = dep;
  const injected = injectedFailure(ctx, req);
  if (injected) return injected;
  const missing = missingAsset(ctx.ws, assets);
  if (missing) return missing;
  if (capacity > MAX_INSTANCES_PER_DEPLOYMENT) {
    return {
      code: 'OutOfQuota',
      message: `Not enough quota: ${capacity} instances requested, at most ${MAX_INSTANCES_PER_DEPLOYMENT} per deployment.`,
    };
  }
  return ctx.quota.check(ctx.ws, ep, dep.name, dep.instanceType, capacity);
}

function putDeployment(ctx: ArmContext, req: Request, res: Response, ep: EndpointRecord, name: string): void {
  checkName('deployment', name);
  const body = parseBody(deploymentPutSchema, req.body);
  const computeType = body.properties.endpointComputeType;
  if (computeType !== ep.computeType) {
    throw badArgument(
      `properties.endpointComputeType: must be ${ep.computeType} to match endpoint '${ep.name}', got ${computeType}.`,
    );
  }
  checkDeploymentAssets(ctx.ws, body.properties);
  const existing = Object.hasOwn(ep.deployments, name) ? ep.deployments[name] : undefined;
  if (!existing && Object.keys(ep.deployments).length >= MAX_DEPLOYMENTS_PER_ENDPOINT) {
    throw badArgument(
      `Endpoint '${ep.name}' already has ${MAX_DEPLOYMENTS_PER_ENDPOINT} deployments, the most allowed.`,
    );
  }
  ensureIdle(ctx, ep.name);
  const stored = withDefaults(body, computeType);
  checkInstanceType(ctx, ep, String(stored.properties.instanceType));
  const capacity = body.sku?.capacity ?? 1;
  const next = {
    model: body.properties.model,
    instanceType: String(stored.properties.instanceType),
    instanceCount: capacity,
    body: stored,
  };
  const dep = existing ?? createRecord(ep, name, next);
  const previous = existing?.provisioningState ?? 'Failed';
  if (existing) dep.provisioningState = 'Updating';
  const op = ctx.ops.start({
    prefix: existing ? 'odidp' : 'od',
    endpoint: ep.name,
    deployment: name,
    failure: asyncFailure(ctx, req, body.properties, ep, { name, ...next, capacity }),
    apply: () => {
      Object.assign(dep, next, { provisioningState: 'Succeeded', updatedAt: nowIso() });
    },
    rollback: () => (dep.provisioningState = previous),
  });
  ctx.ws.changed();
  sendAccepted(ctx.lro, req, res, op, 'put', renderDeployment(ctx, ep, dep));
}

function createRecord(
  ep: EndpointRecord,
  name: string,
  fields: Pick<DeploymentRecord, 'model' | 'instanceType' | 'instanceCount' | 'body'>,
): DeploymentRecord {
  const now = nowIso();
  const dep: DeploymentRecord = { name, ...fields, provisioningState: 'Creating', createdAt: now, updatedAt: now };
  ep.deployments[name] = dep;
  return dep;
}

function patchDeployment(
  ctx: ArmContext,
  req: Request,
  res: Response,
  ep: EndpointRecord,
  dep: DeploymentRecord,
): void {
  onlyFields(req.body, ['tags', 'sku'], 'change other deployment settings with a full PUT of the deployment.');
  const patch = parseBody(deploymentPatchSchema, req.body);
  ensureIdle(ctx, ep.name);
  const capacity = patch.sku?.capacity ?? dep.instanceCount;
  const failure: OperationError | undefined =
    injectedFailure(ctx, req) ??
    (capacity > MAX_INSTANCES_PER_DEPLOYMENT
      ? {
          code: 'OutOfQuota',
          message: `Not enough quota: ${capacity} instances requested, at most ${MAX_INSTANCES_PER_DEPLOYMENT}.`,
        }
      : ctx.quota.check(ctx.ws, ep, dep.name, dep.instanceType, capacity));
  const previous = dep.provisioningState;
  dep.provisioningState = capacity !== dep.instanceCount ? 'Scaling' : 'Updating';
  const op = ctx.ops.start({
    prefix: 'odidp',
    endpoint: ep.name,
    deployment: dep.name,
    failure,
    apply: () => {
      const sku = { ...((dep.body.sku as object) ?? {}), ...(patch.sku ?? {}), capacity };
      dep.body = { ...dep.body, sku, ...(patch.tags != null ? { tags: patch.tags } : {}) };
      Object.assign(dep, { instanceCount: capacity, provisioningState: 'Succeeded', updatedAt: nowIso() });
    },
    rollback: () => (dep.provisioningState = previous),
    result: () => renderDeployment(ctx, ep, dep),
  });
  ctx.ws.changed();
  sendAccepted(ctx.lro, req, res, op, 'patch');
}

function deleteDeployment(ctx: ArmContext, req: Request, res: Response, ep: EndpointRecord, name: string): void {
  const dep = Object.hasOwn(ep.deployments, name) ? ep.deployments[name] : undefined;
  if (!dep) {
    res.status(204).end();
    return;
  }
  if ((ep.traffic[name] ?? 0) > 0) {
    throw badArgument(
      `Deployment '${name}' has ${ep.traffic[name]}% of live traffic; set its traffic to 0 before deleting it.`,
    );
  }
  if ((ep.mirrorTraffic[name] ?? 0) > 0) {
    throw badArgument(
      `Deployment '${name}' receives ${ep.mirrorTraffic[name]}% mirrored traffic; set its mirror traffic to 0 before deleting it.`,
    );
  }
  ensureIdle(ctx, ep.name);
  const before = dep.provisioningState;
  dep.provisioningState = 'Deleting';
  const op = ctx.ops.start({
    prefix: 'oddel',
    endpoint: ep.name,
    deployment: name,
    failure: injectedFailure(ctx, req),
    apply: () => {
      delete ep.deployments[name];
      delete ep.traffic[name];
      delete ep.mirrorTraffic[name];
    },
    rollback: () => (dep.provisioningState = before),
  });
  ctx.ws.changed();
  sendAccepted(ctx.lro, req, res, op, 'delete');
}
