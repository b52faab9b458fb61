// Look-ups and preconditions shared by the ARM handlers: 404 for missing resources, 409 while an operation runs.
import type { DeploymentRecord, EndpointRecord } from '../types';
import type { ArmContext } from './context';
import { conflict, notFound } from './errors';
import type { OperationError } from './operations';

export function requireEndpoint(ctx: ArmContext, name: string): EndpointRecord {
  const ep = ctx.ws.endpoint(name);
  if (!ep) throw notFound(`Online endpoint '${name}'`);
  return ep;
}

export function requireDeployment(ep: EndpointRecord, name: string): DeploymentRecord {
  const dep = Object.hasOwn(ep.deployments, name) ? ep.deployments[name] : undefined;
  if (!dep) throw notFound(`Online deployment '${name}' of endpoint '${ep.name}'`);
  return dep;
}

/** One operation at a time per endpoint: Azure answers 409 while another one is in progress. */
export function ensureIdle(ctx: ArmContext, endpoint: string): void {
  const op = ctx.ops.inFlight(endpoint);
  if (!op) return;
  const target = op.deployment ? `deployment '${op.deployment}' of endpoint '${endpoint}'` : `endpoint '${endpoint}'`;
  throw conflict(`An operation (${op.id}) is already in progress on ${target}; retry when it has finished.`);
}

export const nowIso = () => new Date().toISOString();

/** The request's full path (fault filters match against it), whatever router it reached. */
export const fullPath = (req: { originalUrl: string }) => req.originalUrl.split('?')[0];

/** The injected failure the operation this request starts must end with, if a fault matches it. */
export function injectedFailure(
  ctx: ArmContext,
  req: { method: string; originalUrl: string },
): OperationError | undefined {
  const fault = ctx.faults.operationFailure(req.method, fullPath(req));
  return fault && { code: fault.code, message: fault.message ?? `The operation failed with ${fault.code}.` };
}
