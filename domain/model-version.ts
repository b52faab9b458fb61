// Which registered model version a reference names, in the forms Azure writes it (`azureml:NAME:VERSION`, a registry
// URI, the ARM id a deployment's GET echoes), so "already live" compares versions, not spellings.

export interface ModelVersion {
  name: string;
  version: string;
  /** Set for `azureml://registries/REG/models/...`; a workspace model otherwise. */
  registry?: string;
}

const SHORT = /^azureml:([^:@/]+):([^:@/]+)$/;
const REGISTRY = /^azureml:\/\/registries\/([^/]+)\/models\/([^/]+)\/versions\/([^/]+)$/i;
const ARM_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.MachineLearningServices\/workspaces\/[^/]+\/models\/([^/]+)\/versions\/([^/]+)$/i;

export function modelVersionOf(ref: string): ModelVersion | undefined {
  const short = SHORT.exec(ref) ?? ARM_ID.exec(ref);
  if (short) return { name: short[1], version: short[2] };
  const registry = REGISTRY.exec(ref);
  return registry ? { name: registry[2], version: registry[3], registry: registry[1] } : undefined;
}

/** Both name the same version of the same model (a reference that names no version is never the same). */
export function sameModelVersion(a: string, b: string): boolean {
  const [x, y] = [modelVersionOf(a), modelVersionOf(b)];
  return (
    x !== undefined && y !== undefined && x.name === y.name && x.version === y.version && x.registry === y.registry
  );
}
