// ARM handlers of online endpoints: PUT (create or full replace), GET, list, PATCH (tags, identity), DELETE
// (cascades), listKeys, regenerateKeys and token. Writes are operations that finish after the provisioning time.
import { Router, type Request, type Response } from 'express';
import type { EndpointRecord } from '../types';
import type { ArmContext } from './context';
import { badArgument } from './errors';
import { ensureIdle, injectedFailure, nowIso, requireEndpoint } from './guards';
import { sendAccepted } from './lro-http';
import { paginate } from './paging';
import { renderEndpoint } from './render';
import { checkName, checkTraffic } from './rules';
import { endpointPatchSchema, endpointPutSchema, onlyFields, parseBody, regenerateKeysSchema } from './schemas';
import { endpointTokens } from './tokens';

export function endpointsRouter(ctx: ArmContext): Router {
  const router = Router({ mergeParams: true });
  const name = (req: Request) => String(req.params.endpoint);

  router.get('/onlineEndpoints', (req, res) => {
    const all = Object.values(ctx.ws.state.endpoints).map((ep) => renderEndpoint(ctx, ep));
    res.json(paginate(req, ctx, all));
  });
  router.get('/onlineEndpoints/:endpoint', (req, res) => {
    res.json(renderEndpoint(ctx, requireEndpoint(ctx, name(req))));
  });
  router.put('/onlineEndpoints/:endpoint', (req, res) => putEndpoint(ctx, req, res, name(req)));
  router.patch('/onlineEndpoints/:endpoint', (req, res) => patchEndpoint(ctx, req, res, name(req)));
  router.delete('/onlineEndpoints/:endpoint', (req, res) => deleteEndpoint(ctx, req, res, name(req)));
  router.post('/onlineEndpoints/:endpoint/listKeys', (req, res) => {
    const ep = requireEndpoint(ctx, name(req));
    res.json({ ...ep.keys });
  });
  router.post('/onlineEndpoints/:endpoint/regenerateKeys', (req, res) => regenerateKeys(ctx, req, res, name(req)));
  router.post('/onlineEndpoints/:endpoint/token', (req, res) => {
    const ep = requireEndpoint(ctx, name(req));
    if (ep.authMode !== 'AMLToken') {
      throw badArgument(`Endpoint '${ep.name}' uses authMode ${ep.authMode}; tokens are issued only for AMLToken.`);
    }
    res.json(endpointTokens(ep).issue());
    ctx.ws.changed();
  });
  return router;
}

function putEndpoint(ctx: ArmContext, req: Request, res: Response, name: string): void {
  checkName('endpoint', name);
  const body = parseBody(endpointPutSchema, req.body);
  const existing = ctx.ws.endpoint(name);
  if (existing) ensureIdle(ctx, name);
  const computeType = body.properties.compute ? 'Kubernetes' : 'Managed';
  if (existing && existing.computeType !== computeType) {
    throw badArgument(`properties.compute: an endpoint's compute type cannot change (it is ${existing.computeType}).`);
  }
  const traffic = { ...(body.properties.traffic ?? {}) };
  // Azure clears mirroring on a PUT that omits it: "If you use an older version of CLI/SDK to update an endpoint,
  // you'll lose the mirror traffic setting" (how-to-safely-rollout-online-endpoints); SDK 2.1.1 drops the field.
  const mirrorTraffic = { ...(body.properties.mirrorTraffic ?? {}) };
  checkTraffic({ traffic, mirrorTraffic, deployments: existing?.deployments ?? {}, computeType });
  const stored = storedBody(body, existing);
  const ep = existing ?? createRecord(ctx, name, computeType, body.properties.authMode, stored);
  const failure = injectedFailure(ctx, req);
  const previous = existing?.provisioningState ?? 'Failed';
  if (existing) ep.provisioningState = 'Updating';
  const op = ctx.ops.start({
    prefix: existing ? 'oeidp' : 'oe',
    endpoint: name,
    failure,
    apply: () => {
      Object.assign(ep, { traffic, mirrorTraffic, body: stored, authMode: body.properties.authMode });
      ep.provisioningState = 'Succeeded';
      ep.updatedAt = nowIso();
    },
    rollback: () => {
      ep.provisioningState = previous;
    },
  });
  ctx.ws.changed();
  sendAccepted(ctx.lro, req, res, op, 'put', renderEndpoint(ctx, ep));
}

// The stored body keeps what the caller sent; the server-owned properties map only grows (Azure's rule).
function storedBody(body: Record<string, unknown>, existing?: EndpointRecord): Record<string, unknown> {
  const props = { ...(body.properties as Record<string, unknown>) };
  delete props.traffic;
  delete props.mirrorTraffic;
  delete props.keys;
  delete props.provisioningState;
  const previous = ((existing?.body.properties as Record<string, unknown>)?.properties ?? {}) as Record<string, string>;
  props.properties = { ...((props.properties as Record<string, string>) ?? {}), ...previous };
  return { ...body, identity: body.identity ?? { type: 'SystemAssigned' }, properties: props };
}

function createRecord(
  ctx: ArmContext,
  name: string,
  computeType: EndpointRecord['computeType'],
  authMode: EndpointRecord['authMode'],
  body: Record<string, unknown>,
): EndpointRecord {
  const now = nowIso();
  const ep: EndpointRecord = {
    name,
    computeType,
    authMode,
    traffic: {},
    mirrorTraffic: {},
    keys: { primaryKey: ctx.newKey(), secondaryKey: ctx.newKey() },
    provisioningState: 'Creating',
    body,
    deployments: {},
    createdAt: now,
    updatedAt: now,
  };
  ctx.ws.state.endpoints[name] = ep;
  return ep;
}

function patchEndpoint(ctx: ArmContext, req: Request, res: Response, name: string): void {
  const ep = requireEndpoint(ctx, name);
  onlyFields(req.body, ['tags', 'identity'], 'change traffic and other properties with a full PUT of the endpoint.');
  const patch = parseBody(endpointPatchSchema, req.body);
  ensureIdle(ctx, name);
  const previous = ep.provisioningState;
  ep.provisioningState = 'Updating';
  const op = ctx.ops.start({
    prefix: 'oeidp',
    endpoint: name,
    failure: injectedFailure(ctx, req),
    apply: () => {
      if (patch.tags != null) ep.body = { ...ep.body, tags: patch.tags };
      if (patch.identity != null) ep.body = { ...ep.body, identity: patch.identity };
      ep.provisioningState = 'Succeeded';
      ep.updatedAt = nowIso();
    },
    rollback: () => (ep.provisioningState = previous),
    result: () => renderEndpoint(ctx, ep),
  });
  ctx.ws.changed();
  sendAccepted(ctx.lro, req, res, op, 'patch');
}

function deleteEndpoint(ctx: ArmContext, req: Request, res: Response, name: string): void {
  const ep = ctx.ws.endpoint(name);
  if (!ep) {
    res.status(204).end();
    return;
  }
  ensureIdle(ctx, name);
  const before = {
    state: ep.provisioningState,
    deployments: Object.values(ep.deployments).map((d) => [d, d.provisioningState] as const),
  };
  ep.provisioningState = 'Deleting';
  for (const dep of Object.values(ep.deployments)) dep.provisioningState = 'Deleting';
  const op = ctx.ops.start({
    prefix: 'oedel',
    endpoint: name,
    failure: injectedFailure(ctx, req),
    apply: () => {
      delete ctx.ws.state.endpoints[name];
      ctx.log.forget(name);
    },
    rollback: () => {
      ep.provisioningState = before.state;
      for (const [dep, state] of before.deployments) dep.provisioningState = state;
    },
  });
  ctx.ws.changed();
  sendAccepted(ctx.lro, req, res, op, 'delete');
}

function regenerateKeys(ctx: ArmContext, req: Request, res: Response, name: string): void {
  const ep = requireEndpoint(ctx, name);
  const body = parseBody(regenerateKeysSchema, req.body);
  ensureIdle(ctx, name);
  const op = ctx.ops.start({
    prefix: 'oekeys',
    endpoint: name,
    failure: injectedFailure(ctx, req),
    apply: () => {
      const value = body.keyValue ?? ctx.newKey();
      if (body.keyType === 'Primary') ep.keys.primaryKey = value;
      else ep.keys.secondaryKey = value;
    },
    rollback: () => undefined,
  });
  sendAccepted(ctx.lro, req, res, op, 'post');
}
