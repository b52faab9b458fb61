// Model registry lookups: does `azureml:NAME:VERSION` exist, and which version is `azureml:NAME@latest`.
import type { ErrorDetail } from '../../domain/errors';
import { newestVersion, parseModelRef } from '../../domain/plan-rules';
import type { ActivityHooks } from '../context';
import type { AzureClients } from './clients';
import { isNotFound } from './deployments';
import type { ArmScope } from './endpoints';

export interface ModelResolution {
  /** `azureml:NAME:VERSION`, or the reference as written when it could not be resolved. */
  model: string;
  problems: ErrorDetail[];
}

const PATH = 'candidate.model';

async function versionsOf(clients: AzureClients, s: ArmScope, name: string, hooks: ActivityHooks): Promise<string[]> {
  const versions: string[] = [];
  try {
    for await (const v of clients.arm.modelVersions.list(s.resourceGroup, s.workspace, name, { abortSignal: hooks.signal })) {
      if (v.name) versions.push(v.name);
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return versions;
}

async function versionExists(clients: AzureClients, s: ArmScope, name: string, version: string, hooks: ActivityHooks): Promise<boolean> {
  try {
    await clients.arm.modelVersions.get(s.resourceGroup, s.workspace, name, version, { abortSignal: hooks.signal });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

export async function resolveModel(clients: AzureClients, s: ArmScope, ref: string, hooks: ActivityHooks): Promise<ModelResolution> {
  const parsed = parseModelRef(ref);
  if (!parsed) return { model: ref, problems: [] }; // the format rule already reports it
  if (parsed.version !== undefined) {
    if (await versionExists(clients, s, parsed.name, parsed.version, hooks)) return { model: ref, problems: [] };
    const message = `model '${parsed.name}' has no registered version ${parsed.version}`;
    return { model: ref, problems: [{ path: PATH, rule: 'model.exists', message }] };
  }
  const newest = newestVersion(await versionsOf(clients, s, parsed.name, hooks));
  if (newest === undefined) {
    return { model: ref, problems: [{ path: PATH, rule: 'model.exists', message: `model '${parsed.name}' has no registered versions` }] };
  }
  return { model: `azureml:${parsed.name}:${newest}`, problems: [] };
}
