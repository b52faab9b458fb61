// From request to Temporal identities: a plan's endpoint (with the configured defaults) and a rollout id in a URL.
import { planSchema, type RolloutPlan } from '../domain/plan';
import { rolloutId, type EndpointRef } from '../domain/endpoint';
import type { ApiConfig } from './config';
import { ROLLOUT_REF } from './contract';
import { ApiError, zodDetails } from './errors';

export type Defaults = ApiConfig['defaults'];

/** Parses and defaults a plan body; every problem is listed with its field path. */
export function parsePlan(body: unknown, prefix: (string | number)[] = []): RolloutPlan {
  const parsed = planSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const details = zodDetails(parsed.error, prefix);
  const listed = details
    .slice(0, 5)
    .map((d) => `${d.path}: ${d.message}`)
    .join('; ');
  const more = details.length > 5 ? `; and ${details.length - 5} more` : '';
  throw new ApiError(
    'InvalidPlan',
    `invalid plan: ${details.length} problem${details.length > 1 ? 's' : ''}: ${listed}${more}`,
    details,
  );
}

export function targetOf(plan: RolloutPlan, defaults: Defaults, prefix = ''): EndpointRef {
  const ref = {
    subscriptionId: plan.subscriptionId ?? defaults.subscriptionId,
    resourceGroup: plan.resourceGroup ?? defaults.resourceGroup,
    workspace: plan.workspace ?? defaults.workspace,
    endpoint: plan.endpoint,
  };
  const missing = (['subscriptionId', 'resourceGroup', 'workspace'] as const).filter((key) => !ref[key]);
  if (missing.length) {
    throw new ApiError(
      'InvalidPlan',
      'the plan does not say which workspace, and the service has no default',
      missing.map((key) => ({
        path: `${prefix}${key}`,
        rule: 'required',
        message: 'required: the service has no default workspace configured',
      })),
    );
  }
  return ref as EndpointRef;
}

/** A rollout id in a URL: the full `rollout:sub/rg/ws/endpoint` (URL-encoded), or just an endpoint name of the default workspace. */
export function resolveRolloutId(param: string, defaults: Defaults): string {
  const known = ROLLOUT_REF.test(param); // the documented pattern: a rollout id or an endpoint name
  if (known && param.startsWith('rollout:')) return param;
  if (known && defaults.subscriptionId && defaults.resourceGroup && defaults.workspace) {
    return rolloutId({
      subscriptionId: defaults.subscriptionId,
      resourceGroup: defaults.resourceGroup,
      workspace: defaults.workspace,
      endpoint: param,
    });
  }
  throw new ApiError(
    'NotFound',
    `rollout ${param} not found: use the id POST /rollouts returned, or an endpoint name of the default workspace`,
  );
}

export function rolloutLinks(id: string, runId?: string): Record<string, string> {
  const self = `/rollouts/${encodeURIComponent(id)}`;
  return {
    self: runId ? `${self}?runId=${encodeURIComponent(runId)}` : self,
    events: `${self}/events`,
    approve: `${self}/approve`,
    reject: `${self}/reject`,
    pause: `${self}/pause`,
    resume: `${self}/resume`,
    rollback: `${self}/rollback`,
    promote: `${self}/promote`,
  };
}

export function endpointOfId(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}
