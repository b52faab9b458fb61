// Workspace lookups the plan check needs beyond models' versions: environment and code asset versions, and a model
// version's registered type (absent on 404).
import type { ActivityHooks } from '../context';
import { isNotFound } from '../failures';
import type { AssetsPort, VersionedAssetKind } from '../ports';
import type { AzureClients } from './clients';
import { armScope, type ArmScope } from './endpoints';

async function absentOn404<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function versionsOf(
  clients: AzureClients,
  s: ArmScope,
  kind: VersionedAssetKind,
  name: string,
  hooks: ActivityHooks,
): Promise<string[]> {
  const options = { abortSignal: hooks.signal };
  const pages =
    kind === 'environments'
      ? clients.arm.environmentVersions.list(s.resourceGroup, s.workspace, name, options)
      : clients.arm.codeVersions.list(s.resourceGroup, s.workspace, name, options);
  const versions: string[] = [];
  await absentOn404(async () => {
    for await (const v of pages) if (v.name) versions.push(v.name);
  });
  return versions;
}

export function assetsPort(clients: AzureClients): AssetsPort {
  return {
    versions: (target, kind, name, hooks) => versionsOf(clients, armScope(clients, target), kind, name, hooks),
    async hasVersion(target, kind, name, version, hooks) {
      const s = armScope(clients, target);
      const options = { abortSignal: hooks.signal };
      const found = await absentOn404(() =>
        kind === 'environments'
          ? clients.arm.environmentVersions.get(s.resourceGroup, s.workspace, name, version, options)
          : clients.arm.codeVersions.get(s.resourceGroup, s.workspace, name, version, options),
      );
      return found !== undefined;
    },
    async modelType(target, name, version, hooks) {
      const s = armScope(clients, target);
      const found = await absentOn404(() =>
        clients.arm.modelVersions.get(s.resourceGroup, s.workspace, name, version, { abortSignal: hooks.signal }),
      );
      return found?.properties.modelType ?? undefined;
    },
  };
}
