// The emulated workspace's durable state (endpoints, deployments, models, keys) and its persistence hook:
// every change is reported through `changed()`, which saves the state file when one is configured.
import type { EndpointRecord, ModelVersionRecord } from '../types';
import { saveState } from './persistence';

export interface ModelContainerRecord {
  name: string;
  createdAt: string;
  description?: string;
  tags: Record<string, string>;
  versions: Record<string, ModelVersionRecord>;
}

export interface WorkspaceState {
  endpoints: Record<string, EndpointRecord>;
  models: Record<string, ModelContainerRecord>;
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

  model(name: string): ModelContainerRecord | undefined {
    return Object.hasOwn(this.state.models, name) ? this.state.models[name] : undefined;
  }

  modelVersion(name: string, version: string): ModelVersionRecord | undefined {
    const container = this.model(name);
    return container && Object.hasOwn(container.versions, version) ? container.versions[version] : undefined;
  }

  /** `azureml:NAME:VERSION`, `NAME:VERSION` or an ARM id ending in `/models/NAME/versions/VERSION`. */
  resolveModel(ref: string): ModelVersionRecord | undefined {
    const arm = /\/models\/([^/]+)\/versions\/([^/]+)$/i.exec(ref);
    if (arm) return this.modelVersion(arm[1], arm[2]);
    const short = /^(?:azureml:)?([^:/]+):([^:/]+)$/.exec(ref);
    return short ? this.modelVersion(short[1], short[2]) : undefined;
  }

  changed(): void {
    if (this.stateFile) saveState(this.stateFile, this.state);
  }
}

export function emptyState(): WorkspaceState {
  return { endpoints: {}, models: {} };
}
