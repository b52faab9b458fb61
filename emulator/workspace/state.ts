// The emulated workspace's durable state (endpoints, deployments, models, keys) and its persistence hook:
// every change is reported through `changed()`, which saves the state file when one is configured.
import type { AssetContainerRecord, AssetVersionRecord, EndpointRecord, ModelVersionRecord } from '../types';
import { parseAssetRef, type AssetKind } from './asset-refs';
import { saveState } from './persistence';

export interface ModelContainerRecord {
  name: string;
  createdAt: string;
  description?: string;
  tags: Record<string, string>;
  versions: Record<string, ModelVersionRecord>;
}

/** An Azure ML registry: models and environments shared across workspaces. */
export interface RegistryRecord {
  name: string;
  models: Record<string, ModelContainerRecord>;
  environments: Record<string, AssetContainerRecord>;
}

/** An attached compute (the seed's Kubernetes cluster): its ARM body as GET answers it. */
export interface ComputeRecord {
  name: string;
  body: Record<string, unknown>;
}

export interface WorkspaceState {
  endpoints: Record<string, EndpointRecord>;
  models: Record<string, ModelContainerRecord>;
  codes: Record<string, AssetContainerRecord>;
  environments: Record<string, AssetContainerRecord>;
  registries: Record<string, RegistryRecord>;
  /** Absent in state files saved before computes were kept. */
  computes?: Record<string, ComputeRecord>;
}

export interface WorkspaceIdentity {
  subscriptionId: string;
  resourceGroup: string;
  workspace: string;
  location: string;
}

export class Workspace {
  constructor(
    readonly identity: WorkspaceIdentity,
    readonly state: WorkspaceState,
    private readonly stateFile?: string,
  ) {}

  endpoint(name: string): EndpointRecord | undefined {
    return Object.hasOwn(this.state.endpoints, name) ? this.state.endpoints[name] : undefined;
  }

  compute(name: string): ComputeRecord | undefined {
    const computes = this.state.computes ?? {};
    const key = Object.keys(computes).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : computes[key];
  }

  model(name: string): ModelContainerRecord | undefined {
    return Object.hasOwn(this.state.models, name) ? this.state.models[name] : undefined;
  }

  modelVersion(name: string, version: string): ModelVersionRecord | undefined {
    const container = this.model(name);
    return container && Object.hasOwn(container.versions, version) ? container.versions[version] : undefined;
  }

  registry(name: string): RegistryRecord | undefined {
    return own(this.state.registries, name);
  }

  /** `azureml:NAME:VERSION`, `NAME:VERSION`, a workspace ARM id or a registry id (`azureml://registries/…`). */
  resolveModel(ref: string): ModelVersionRecord | undefined {
    const parsed = parseAssetRef('models', ref);
    if (!parsed) return undefined;
    const models = parsed.registry === undefined ? this.state.models : this.registry(parsed.registry)?.models;
    return own(own(models ?? {}, parsed.name)?.versions ?? {}, parsed.version);
  }

  /** A code or environment version named as a deployment names it (see `resolveModel`). */
  resolveAsset(kind: Exclude<AssetKind, 'models'>, ref: string): AssetVersionRecord | undefined {
    const parsed = parseAssetRef(kind, ref);
    if (!parsed) return undefined;
    const containers =
      parsed.registry === undefined
        ? this.state[kind]
        : kind === 'environments'
          ? this.registry(parsed.registry)?.environments
          : undefined;
    return own(own(containers ?? {}, parsed.name)?.versions ?? {}, parsed.version);
  }

  changed(): void {
    if (this.stateFile) saveState(this.stateFile, this.state);
  }
}

export function emptyState(): WorkspaceState {
  return { endpoints: {}, models: {}, codes: {}, environments: {}, registries: {} };
}

function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}
