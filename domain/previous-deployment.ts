// The deployment a succeeded rollout replaced, as Azure had it just before the cleanup deleted it: the ARM resource's
// sku and properties (whatever Azure held, so nothing is lost as the plan schema grows), and the plan candidate read
// back from them for a revert, with the properties a candidate cannot state listed rather than dropped silently.
import type { PlanInput } from './plan';

type CandidateInput = PlanInput['candidate'];

export interface DeploymentResource {
  name: string;
  sku?: Record<string, unknown>;
  properties: Record<string, unknown>;
}

export interface PreviousDeployment extends DeploymentResource {
  /** The fields of a plan candidate that `properties` and `sku` express. */
  candidate: CandidateInput;
  /** ARM properties the candidate cannot state (a revert does not restore them). */
  notRestored: string[];
  deletedAt: string;
}

/** Properties Azure sets itself or that follow from the endpoint; never part of what a plan states. */
const AZURE_OWNED = ['provisioningState', 'endpointComputeType', 'scaleSettings', 'description', 'properties'];
const MAPPED = ['model', 'instanceType', 'environmentVariables', 'requestSettings'];
const ARM_MODEL = /\/models\/([^/]+)\/versions\/(\d+)$/i;

/** `azureml:NAME:VERSION` from either form ARM shows (the short reference, or the asset's resource id). */
export function modelReference(model: unknown): string | undefined {
  if (typeof model !== 'string') return undefined;
  if (/^azureml:[^:@]+:\d+$/.test(model)) return model;
  const arm = ARM_MODEL.exec(model);
  return arm ? `azureml:${arm[1]}:${arm[2]}` : undefined;
}

/** `PT5S`, `PT1M30S`, `PT0.5S` → milliseconds; undefined when it is not such a duration. */
function isoMs(value: unknown): number | undefined {
  const m = typeof value === 'string' ? /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(value) : null;
  if (!m) return undefined;
  return Math.round(((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000);
}

const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object';

export function previousDeployment(resource: DeploymentResource, deletedAt: string): PreviousDeployment | undefined {
  const p = resource.properties;
  const model = modelReference(p.model);
  if (!model) return undefined;
  const rs = isObject(p.requestSettings) ? p.requestSettings : {};
  const timeout = isoMs(rs.requestTimeout);
  const concurrency =
    typeof rs.maxConcurrentRequestsPerInstance === 'number' ? rs.maxConcurrentRequestsPerInstance : undefined;
  const env = isObject(p.environmentVariables) ? (p.environmentVariables as Record<string, string>) : undefined;
  const capacity = typeof resource.sku?.capacity === 'number' ? resource.sku.capacity : undefined;
  const candidate: CandidateInput = {
    name: resource.name,
    model,
    ...(typeof p.instanceType === 'string' ? { instance_type: p.instanceType } : {}),
    ...(capacity ? { instance_count: capacity } : {}),
    ...(env && Object.keys(env).length ? { environment_variables: env } : {}),
    ...(timeout || concurrency
      ? {
          request_settings: {
            ...(timeout ? { request_timeout_ms: timeout } : {}),
            ...(concurrency ? { max_concurrent_requests_per_instance: concurrency } : {}),
          },
        }
      : {}),
  };
  const notRestored = Object.keys(p)
    .filter((key) => p[key] !== null && p[key] !== undefined)
    .filter((key) => !MAPPED.includes(key) && !AZURE_OWNED.includes(key));
  return { ...resource, candidate, notRestored, deletedAt };
}
