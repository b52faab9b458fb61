// Reads the ways a deployment names an asset: `azureml:NAME:VERSION`, a workspace ARM id
// `…/workspaces/WS/<kind>/NAME/versions/V`, or a registry id `azureml://registries/REG/<kind>/NAME/versions/V`
// (also as an ARM id `…/registries/REG/<kind>/…`).

export type AssetKind = 'models' | 'codes' | 'environments';

export interface AssetRef {
  /** Absent: the workspace's own assets. */
  registry?: string;
  name: string;
  version: string;
}

export function parseAssetRef(kind: AssetKind, ref: string): AssetRef | undefined {
  const registry = new RegExp(
    `^(?:azureml:)?(?:azureml:/)?/.*?registries/([^/]+)/${kind}/([^/]+)/versions/([^/]+)$`,
    'i',
  );
  const inRegistry = registry.exec(ref);
  if (inRegistry) return { registry: inRegistry[1], name: inRegistry[2], version: inRegistry[3] };
  const arm = new RegExp(`^(?:azureml:)?/subscriptions/.+/workspaces/[^/]+/${kind}/([^/]+)/versions/([^/]+)$`, 'i');
  const inWorkspace = arm.exec(ref);
  if (inWorkspace) return { name: inWorkspace[1], version: inWorkspace[2] };
  const short = /^(?:azureml:)?([^:/@]+):([^:/@]+)$/.exec(ref);
  return short ? { name: short[1], version: short[2] } : undefined;
}
