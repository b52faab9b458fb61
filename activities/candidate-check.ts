// The candidate deployment's references checked in the workspace before anything changes: the environment and code
// versions it names exist (`@latest` resolved), the model's registered type (a non-MLflow model needs a scoring
// script and an environment). Registry references pass unchecked: SDK 2.1.1 has no registry operations, and Azure
// fails such a deployment if one is missing. A Kubernetes compute's instance types are capacity-check's.
import { newestVersion, parseAssetRef } from '../domain/asset-refs';
import type { Candidate } from '../domain/candidate';
import { candidateYamlProblems, type CandidateFacts } from '../domain/candidate-rules';
import type { EndpointRef } from '../domain/endpoint';
import type { ErrorDetail } from '../domain/errors';
import type { ActivityHooks } from './context';
import type { AssetsPort, EndpointRecord, VersionedAssetKind } from './ports';

export interface CandidateCheck {
  problems: ErrorDetail[];
  /** The environment with `@latest` resolved (as written when it could not be). */
  environment?: string;
}

const LABEL: Record<VersionedAssetKind, string> = { environments: 'environment', codes: 'code asset' };

/** `azureml:NAME:VERSION` with `@latest` resolved, or the problem with the reference at `path`. */
export async function resolveAsset(
  assets: AssetsPort,
  target: EndpointRef,
  kind: VersionedAssetKind,
  ref: string,
  path: string,
  hooks: ActivityHooks,
): Promise<{ ref: string; problems: ErrorDetail[] }> {
  const parsed = parseAssetRef(kind, ref);
  if (!parsed || parsed.registry) return { ref, problems: [] };
  const rule = `${kind === 'codes' ? 'code' : 'environment'}.exists`;
  if (parsed.version !== undefined) {
    if (await assets.hasVersion(target, kind, parsed.name, parsed.version, hooks)) return { ref, problems: [] };
    const message = `${LABEL[kind]} '${parsed.name}' has no registered version ${parsed.version}`;
    return { ref, problems: [{ path, rule, message }] };
  }
  const newest = newestVersion(await assets.versions(target, kind, parsed.name, hooks));
  if (newest === undefined) {
    return { ref, problems: [{ path, rule, message: `${LABEL[kind]} '${parsed.name}' has no registered versions` }] };
  }
  return { ref: `azureml:${parsed.name}:${newest}`, problems: [] };
}

/** The model version's registered type, for workspace models only (registry models are not read). */
async function modelTypeOf(
  assets: AssetsPort,
  target: EndpointRef,
  model: string,
  hooks: ActivityHooks,
): Promise<string | undefined> {
  const parsed = parseAssetRef('models', model);
  if (!parsed || parsed.registry || parsed.version === undefined) return undefined;
  return assets.modelType(target, parsed.name, parsed.version, hooks);
}

/** `model` is the candidate's model with `@latest` already resolved. */
export async function checkCandidate(
  assets: AssetsPort,
  target: EndpointRef,
  candidate: Candidate,
  model: string,
  endpoint: EndpointRecord,
  hooks: ActivityHooks,
): Promise<CandidateCheck> {
  const environment = candidate.environment
    ? await resolveAsset(assets, target, 'environments', candidate.environment, 'candidate.environment', hooks)
    : undefined;
  const code = candidate.code_configuration
    ? await resolveAsset(
        assets,
        target,
        'codes',
        candidate.code_configuration.code,
        'candidate.code_configuration.code',
        hooks,
      )
    : undefined;
  const facts: CandidateFacts = {
    endpoint: target.endpoint,
    computeType: endpoint.computeType,
    modelType: await modelTypeOf(assets, target, model, hooks),
  };
  return {
    problems: [...candidateYamlProblems(candidate, facts), ...(environment?.problems ?? []), ...(code?.problems ?? [])],
    ...(environment ? { environment: environment.ref } : {}),
  };
}
