// ARM JSON of asset containers and versions (models, codes, environments), in a workspace or a registry, in the
// shapes of azure-rest-api-specs' machinelearningservices examples (ModelVersion/get.json, CodeVersion/get.json,
// EnvironmentVersion/get.json, and their Registry/ counterparts).
import type { AssetContainerRecord, AssetVersionRecord, ModelVersionRecord } from '../types';
import type { ModelContainerRecord } from '../workspace/state';
import { systemData } from './render';

const TYPES = {
  models: 'models',
  codes: 'codes',
  environments: 'environments',
} as const;

export type AssetRoute = keyof typeof TYPES;

/** `scope` is the workspace's or the registry's ARM path; `type` follows it (workspaces/… or registries/…). */
function resourceType(scope: string, kind: AssetRoute): string {
  const parent = /\/registries\//i.test(scope) ? 'registries' : 'workspaces';
  return `Microsoft.MachineLearningServices/${parent}/${TYPES[kind]}`;
}

function latest(versions: string[]): { latestVersion: string | null; nextVersion: string } {
  const numeric = versions.map(Number).filter((v) => Number.isInteger(v));
  const top = numeric.length ? Math.max(...numeric) : 0;
  return {
    latestVersion: versions.length ? String(top || versions[versions.length - 1]) : null,
    nextVersion: String(top + 1),
  };
}

export function renderContainer(
  scope: string,
  kind: AssetRoute,
  c: ModelContainerRecord | AssetContainerRecord,
): Record<string, unknown> {
  return {
    id: `${scope}/${kind}/${c.name}`,
    name: c.name,
    type: resourceType(scope, kind),
    systemData: systemData(c.createdAt, c.createdAt),
    properties: {
      description: c.description ?? null,
      tags: c.tags,
      properties: {},
      isArchived: false,
      ...latest(Object.keys(c.versions)),
    },
  };
}

export function renderModelVersion(scope: string, version: ModelVersionRecord): Record<string, unknown> {
  const mlflow = (version.modelType ?? 'mlflow_model') === 'mlflow_model';
  return {
    id: `${scope}/models/${version.name}/versions/${version.version}`,
    name: String(version.version),
    type: `${resourceType(scope, 'models')}/versions`,
    systemData: systemData(version.createdAt, version.createdAt),
    properties: {
      description: version.description ?? null,
      modelType: version.modelType ?? 'mlflow_model',
      modelUri: `azureml://registries/emulator/models/${version.name}/versions/${version.version}`,
      tags: {},
      properties: {},
      isAnonymous: false,
      isArchived: version.isArchived ?? false,
      ...(mlflow ? { flavors: { python_function: { data: { loader_module: 'mlflow.sklearn' } } } } : {}),
    },
  };
}

export function renderAssetVersion(scope: string, kind: AssetRoute, v: AssetVersionRecord): Record<string, unknown> {
  return {
    id: `${scope}/${kind}/${v.name}/versions/${v.version}`,
    name: v.version,
    type: `${resourceType(scope, kind)}/versions`,
    systemData: systemData(v.createdAt, v.createdAt),
    properties: {
      description: null,
      tags: {},
      properties: {},
      isAnonymous: false,
      isArchived: false,
      ...(kind === 'environments' ? { environmentType: 'UserCreated', osType: 'Linux' } : {}),
      ...v.properties,
    },
  };
}
