// Model registry lookups: the registered (active) versions of a model, and one version: absent on 404, or archived.
import type { ActivityHooks } from '../context';
import { isNotFound } from '../failures';
import type { ModelsPort } from '../ports';
import type { AzureClients } from './clients';
import { armScope, type ArmScope } from './endpoints';

async function versionsOf(clients: AzureClients, s: ArmScope, name: string, hooks: ActivityHooks): Promise<string[]> {
  const versions: string[] = [];
  try {
    for await (const v of clients.arm.modelVersions.list(s.resourceGroup, s.workspace, name, {
      abortSignal: hooks.signal,
    })) {
      if (v.name) versions.push(v.name);
    }
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return versions;
}

async function versionExists(
  clients: AzureClients,
  s: ArmScope,
  name: string,
  version: string,
  hooks: ActivityHooks,
): Promise<{ archived: boolean } | undefined> {
  try {
    const found = await clients.arm.modelVersions.get(s.resourceGroup, s.workspace, name, version, {
      abortSignal: hooks.signal,
    });
    return { archived: found.properties.isArchived === true };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export function modelsPort(clients: AzureClients): ModelsPort {
  return {
    versions: (target, model, hooks) => versionsOf(clients, armScope(clients, target), model, hooks),
    findVersion: (target, model, version, hooks) =>
      versionExists(clients, armScope(clients, target), model, version, hooks),
  };
}
