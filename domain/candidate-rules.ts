// What Azure refuses in a CLI v2 deployment given the endpoint it joins: fields of the other compute type, an
// endpoint_name naming another endpoint, a non-MLflow model without scoring script or environment, registry assets
// on Kubernetes, requests above limits, scale settings and probes Kubernetes rejects. Each names the field.
// Sources: reference-yaml-deployment-managed-online (managed: `default` scale type only), azure-ai-ml's
// exit_if_registry_assets("K8SDeployment") (no registry assets on Kubernetes), Kubernetes' API validation (liveness
// successThreshold must be 1; a request may not exceed its limit; extended resources such as GPUs: request = limit).
import { parseAssetRef, type AssetKind } from './asset-refs';
import type { ComputeType } from './azure-rules';
import type { Candidate } from './candidate';
import type { ErrorDetail } from './errors';
import { parseQuantity } from './quantity';

export interface CandidateFacts {
  /** The plan's endpoint. */
  endpoint: string;
  computeType: ComputeType;
  /** The model version's registered type ('mlflow_model', 'custom_model', ...); unknown for registry models. */
  modelType?: string;
}

const problem = (path: string, rule: string, message: string): ErrorDetail => ({
  path: `candidate.${path}`,
  rule,
  message,
});

export const isMlflowModel = (modelType: string) => modelType.replace(/[^a-z]/gi, '').toLowerCase() === 'mlflowmodel';

function assetProblems(c: Candidate, modelType: string | undefined): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (modelType !== undefined && !isMlflowModel(modelType)) {
    const what = `model '${c.model}' is a ${modelType}, not an MLflow model: Azure needs`;
    if (!c.code_configuration)
      out.push(problem('code_configuration', 'model.scoringScript', `${what} a scoring script (code_configuration)`));
    if (!c.environment) out.push(problem('environment', 'model.environment', `${what} an environment to run it in`));
  } else if (c.code_configuration && !c.environment) {
    out.push(problem('environment', 'code.environment', 'a scoring script runs in an environment: give environment'));
  }
  return out;
}

const REGISTRY_FIELDS: [AssetKind, (c: Candidate) => string | undefined, string][] = [
  ['models', (c) => c.model, 'model'],
  ['environments', (c) => c.environment, 'environment'],
  ['codes', (c) => c.code_configuration?.code, 'code_configuration.code'],
];

function kubernetesProblems(c: Candidate): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (c.egress_public_network_access !== undefined) {
    const message = 'egress_public_network_access is a managed online deployment field';
    out.push(problem('egress_public_network_access', 'compute.managedOnly', message));
  }
  for (const [kind, read, path] of REGISTRY_FIELDS) {
    const ref = read(c);
    if (ref && parseAssetRef(kind, ref)?.registry) {
      const message = `Azure ML does not take registry references for Kubernetes deployments: register ${path} in the workspace`;
      out.push(problem(path, 'kubernetes.registryAsset', message));
    }
  }
  return [...out, ...resourceProblems(c)];
}

function managedProblems(c: Candidate): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (c.resources) {
    const message =
      'resources (container requests and limits) is a Kubernetes deployment field: size managed ones by instance_type';
    out.push(problem('resources', 'compute.kubernetesOnly', message));
  }
  if (c.scale_settings?.type === 'target_utilization') {
    const message = 'managed online deployments take only the default scale type: autoscale them with Azure Monitor';
    out.push(problem('scale_settings.type', 'scale.managedDefaultOnly', message));
  }
  return out;
}

/** Kubernetes refuses a request above its limit, and GPU requests that differ from the limit. */
function resourceProblems(c: Candidate): ErrorDetail[] {
  const requests = c.resources?.requests ?? {};
  const limits = c.resources?.limits ?? {};
  const out: ErrorDetail[] = [];
  for (const key of ['cpu', 'memory', 'gpu', 'nvidia.com/gpu'] as const) {
    const [request, limit] = [requests[key], limits[key]];
    if (request === undefined || limit === undefined) continue;
    const [r, l] = [parseQuantity(request), parseQuantity(limit)];
    if (r > l) {
      out.push(
        problem(`resources.requests.${key}`, 'resources.requestAboveLimit', `${request} is above the limit ${limit}`),
      );
    } else if (key !== 'cpu' && key !== 'memory' && r !== l) {
      out.push(problem(`resources.requests.${key}`, 'resources.gpuEqualsLimit', 'GPU requests must equal the limit'));
    }
  }
  return out;
}

function scaleAndProbeProblems(c: Candidate): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const scale = c.scale_settings;
  if (scale?.type === 'target_utilization' && (scale.min_instances ?? 1) > (scale.max_instances ?? 1)) {
    const message = `min_instances ${scale.min_instances ?? 1} is above max_instances ${scale.max_instances ?? 1} (Azure's default for either is 1)`;
    out.push(problem('scale_settings.min_instances', 'scale.minAboveMax', message));
  }
  const success = c.liveness_probe?.success_threshold;
  if (success !== undefined && success !== 1) {
    const message = 'must be 1: a liveness probe restarts the container on failure, one success is enough';
    out.push(problem('liveness_probe.success_threshold', 'probe.livenessSuccess', message));
  }
  return out;
}

/** Every rule on the deployment YAML that depends on the endpoint it joins and the model it runs. */
export function candidateYamlProblems(c: Candidate, facts: CandidateFacts): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (c.endpoint_name !== undefined && c.endpoint_name !== facts.endpoint) {
    const message = `names endpoint '${c.endpoint_name}' but the plan rolls out to '${facts.endpoint}'`;
    out.push(problem('endpoint_name', 'candidate.endpointName', message));
  }
  const wanted = facts.computeType === 'Kubernetes' ? 'kubernetes' : 'managed';
  if (c.type !== undefined && c.type !== wanted) {
    const message = `is '${c.type}' but endpoint '${facts.endpoint}' is a ${wanted} online endpoint`;
    out.push(problem('type', 'candidate.computeType', message));
  }
  out.push(...(facts.computeType === 'Kubernetes' ? kubernetesProblems(c) : managedProblems(c)));
  return [...out, ...assetProblems(c, facts.modelType), ...scaleAndProbeProblems(c)];
}
