// References to registered Azure ML assets as CLI v2 deployment YAML writes them: `azureml:NAME:VERSION`,
// `azureml:NAME@latest` (resolved against the workspace) and `azureml://registries/REG/<kind>/NAME/versions/V`.
// This service uploads nothing, so a local path or an inline asset definition is not a reference.

export type AssetKind = 'models' | 'environments' | 'codes';

export interface AssetRef {
  /** Set for `azureml://registries/...` references, which are passed to Azure as they are. */
  registry?: string;
  name: string;
  /** Absent for `@latest`. */
  version?: string;
}

const NAME = '[A-Za-z0-9][A-Za-z0-9._-]{0,254}';
const REGISTRY = '[A-Za-z0-9][A-Za-z0-9_-]{2,32}';
/** Model versions are integers; environment and code versions any string without '/', '@' or spaces. */
const VERSION: Record<AssetKind, string> = { models: '\\d+', environments: '[^\\s/@]+', codes: '[^\\s/@]+' };

/** `azureml:NAME:VERSION`, or `azureml:NAME@latest` (resolved when the rollout starts). */
export const MODEL_REF = new RegExp(`^azureml:(${NAME})(?::(${VERSION.models})|@latest)$`);

const workspaceRef = (kind: AssetKind) => new RegExp(`^azureml:(${NAME})(?::(${VERSION[kind]})|@latest)$`);
const registryRef = (kind: AssetKind) =>
  new RegExp(`^azureml://registries/(${REGISTRY})/${kind}/(${NAME})/versions/(${VERSION[kind]})$`);

const SINGULAR: Record<AssetKind, string> = { models: 'model', environments: 'environment', codes: 'code' };

/** What a field holding a reference of this kind accepts, for error messages. */
export function assetRefForms(kind: AssetKind, latest = true): string {
  const forms = [`'azureml:NAME:VERSION'`, ...(latest ? [`'azureml:NAME@latest'`] : [])];
  return `a registered ${SINGULAR[kind]}: ${forms.join(', ')} or 'azureml://registries/REG/${kind}/NAME/versions/VERSION'`;
}

export function parseAssetRef(kind: AssetKind, ref: string): AssetRef | undefined {
  const registry = registryRef(kind).exec(ref);
  if (registry) return { registry: registry[1], name: registry[2], version: registry[3] };
  const workspace = workspaceRef(kind).exec(ref);
  if (!workspace) return undefined;
  return workspace[2] === undefined ? { name: workspace[1] } : { name: workspace[1], version: workspace[2] };
}

export function isAssetRef(kind: AssetKind, ref: string, latest = true): boolean {
  const parsed = parseAssetRef(kind, ref);
  return parsed !== undefined && (latest || parsed.version !== undefined);
}

/** The reference written back: `azureml:NAME:VERSION`, `azureml:NAME@latest` or the registry URI. */
export function formatAssetRef(kind: AssetKind, ref: AssetRef): string {
  if (ref.registry) return `azureml://registries/${ref.registry}/${kind}/${ref.name}/versions/${ref.version}`;
  return ref.version === undefined ? `azureml:${ref.name}@latest` : `azureml:${ref.name}:${ref.version}`;
}

/** The newest of registered version names: numeric order when numeric, else the last in string order. */
export function newestVersion(versions: string[]): string | undefined {
  return [...versions]
    .sort((a, b) => {
      const [na, nb] = [Number(a), Number(b)];
      return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : a.localeCompare(b);
    })
    .at(-1);
}
